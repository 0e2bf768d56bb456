import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  bankFa,
  buildG2pAck,
  g2pKeyId,
  parseG2pAck,
  parseSyncTxnStatus,
  signG2pBody,
  verifyG2pBody,
  buildDisburseRequest,
  buildTxnStatusRequest,
  financialAddressPattern,
  formatG2pAmount,
  isoReasonPrefix,
  mobileFa,
  parseFinancialAddress,
  parseG2pAmount,
  parseOnDisburse,
  parseOnTxnStatus,
} from './g2p-connect.js';
import { vnd } from '../../core/money.js';

const envelope = {
  messageId: '01J1Z8Q6M9K3T2B7XW4R5N6P8D',
  messageTs: '2025-07-01T08:30:00+07:00',
  senderId: 'sa.example.gov.vn',
  senderUri: 'https://sa.example.gov.vn/g2p/callback/on-disburse',
  receiverId: 'g2p.sponsorbank.example.vn',
  transactionId: 'SA-2025-07-HN-000001',
};

// The on-disburse example of PAYMENT-FORMATS §3.2.
const onDisburse = {
  header: {
    message_id: '01J1ZB0A4F2GQ8',
    message_ts: '2025-07-02T10:15:00+07:00',
    action: 'on-disburse',
    status: 'succ',
    total_count: 2,
    completed_count: 2,
    sender_id: 'g2p.sponsorbank.example.vn',
    receiver_id: 'sa.example.gov.vn',
  },
  message: {
    transaction_id: 'SA-2025-07-HN-000001',
    disbursements_status: [
      { reference_id: 'SA25070100000001', timestamp: '2025-07-02T09:01:12+07:00', status: 'succ', amount: '500000.00' },
      {
        reference_id: 'SA25070100000002',
        timestamp: '2025-07-02T09:01:13+07:00',
        status: 'rjct',
        status_reason_code: 'rjct.payee_fa.invalid',
        status_reason_message: 'AC01: wallet not found',
      },
    ],
  },
};

describe('financial addresses', () => {
  it('builds the Vietnamese profile', () => {
    expect(bankFa('0011012345678', '970403')).toBe('account:0011012345678@970403.napas');
    expect(mobileFa('0912 345 678', 'ewallet-x')).toBe('mobile:0912345678@ewallet-x');
    expect(mobileFa('+84912345678', 'EWALLET-X')).toBe('mobile:0912345678@ewallet-x');
    expect(() => bankFa('0011-0123', '970403')).toThrow(/accountNumber/);
    expect(() => bankFa('0011', '9704')).toThrow(/6-digit/);
    expect(() => mobileFa('12345', 'w')).toThrow(/mobile number/);
    expect(() => mobileFa('0912345678', 'bad code')).toThrow(/walletCode/);
  });

  it('accepts the spec examples and rejects malformed addresses', () => {
    for (const fa of ['token:12345@national-id', 'account:12345@abcd0000001.ifsc.pymt-rail', 'voucher:12345@food.coupon-network', 'ACCOUNT:1@X']) {
      expect(financialAddressPattern.test(fa), fa).toBe(true);
    }
    for (const fa of ['joeuser@national-bank', 'account:@bank', 'account:1@', 'account:1 2@bank', '1a:2@b', `account:${'1'.repeat(65)}@b`]) {
      expect(financialAddressPattern.test(fa), fa).toBe(false);
    }
    expect(parseFinancialAddress('Account:0011@970403.NAPAS')).toEqual({ type: 'account', id: '0011', provider: '970403.napas' });
    expect(() => parseFinancialAddress('nope')).toThrow(/type:id@provider/);
  });
});

describe('amounts', () => {
  it('writes VND with the mandatory decimal point and reads it back', () => {
    expect(formatG2pAmount(vnd(500_000n))).toBe('500000.00');
    expect(parseG2pAmount('500000.00')).toBe(500_000n);
    expect(parseG2pAmount('500000.0')).toBe(500_000n);
    expect(() => parseG2pAmount('500000')).toThrow(/does not match/);
    expect(() => parseG2pAmount('500000.50')).toThrow(/fraction/);
    expect(() => formatG2pAmount(vnd(0n))).toThrow(/positive/);
    expect(() => formatG2pAmount(vnd(10_000_000_000_000n))).toThrow(/13 integer digits/);
  });
});

describe('buildDisburseRequest', () => {
  it('builds the §3.2 example', () => {
    const request = buildDisburseRequest({
      ...envelope,
      disbursements: [
        {
          referenceId: 'SA25070100000001',
          payerFa: 'account:1234567890@bidv.example',
          payeeFa: bankFa('0011012345678', '970403'),
          amountVnd: vnd(500_000n),
          payeeName: 'Nguyễn Thị Đào',
          note: 'TRO CAP XA HOI T07 2025',
        },
        { referenceId: 'SA25070100000002', payerFa: 'account:1234567890@bidv.example', payeeFa: mobileFa('0912345678', 'ewallet-x'), amountVnd: vnd(750_000n) },
      ],
    });
    expect(request).toEqual({
      header: {
        version: '1.0.0',
        message_id: '01J1Z8Q6M9K3T2B7XW4R5N6P8D',
        message_ts: '2025-07-01T08:30:00+07:00',
        action: 'disburse',
        sender_id: 'sa.example.gov.vn',
        sender_uri: 'https://sa.example.gov.vn/g2p/callback/on-disburse',
        receiver_id: 'g2p.sponsorbank.example.vn',
        total_count: 2,
        is_msg_encrypted: false,
      },
      message: {
        transaction_id: 'SA-2025-07-HN-000001',
        disbursements: [
          {
            reference_id: 'SA25070100000001',
            payer_fa: 'account:1234567890@bidv.example',
            payee_fa: 'account:0011012345678@970403.napas',
            amount: '500000.00',
            currency_code: 'VND',
            payee_name: 'Nguyễn Thị Đào',
            note: 'TRO CAP XA HOI T07 2025',
          },
          { reference_id: 'SA25070100000002', payer_fa: 'account:1234567890@bidv.example', payee_fa: 'mobile:0912345678@ewallet-x', amount: '750000.00', currency_code: 'VND' },
        ],
      },
    });
    // Amounts are strings, so the body serialises without BigInt trouble.
    expect(JSON.parse(JSON.stringify(request))).toEqual(request);
  });

  it('refuses invalid requests', () => {
    const item = { referenceId: 'E1', payerFa: 'account:1@b', payeeFa: 'account:2@c', amountVnd: vnd(1n) };
    expect(() => buildDisburseRequest({ ...envelope, disbursements: [] })).toThrow(/at least one/);
    expect(() => buildDisburseRequest({ ...envelope, disbursements: [item, item] })).toThrow(/duplicate reference_id E1/);
    expect(() => buildDisburseRequest({ ...envelope, disbursements: [{ ...item, payeeFa: 'nope' }] })).toThrow(/disbursements\[0\]\.payeeFa/);
    expect(() => buildDisburseRequest({ ...envelope, disbursements: [{ ...item, note: 'x'.repeat(100) }] })).toThrow(/note is longer than 99/);
    expect(() => buildDisburseRequest({ ...envelope, messageTs: '2025-07-01 08:30', disbursements: [item] })).toThrow(/messageTs/);
    expect(() => buildDisburseRequest({ ...envelope, senderUri: 'not a url', disbursements: [item] })).toThrow(/senderUri/);
  });
});

describe('buildTxnStatusRequest', () => {
  it('asks by reference id list', () => {
    const request = buildTxnStatusRequest({ ...envelope, referenceId: 'Q-1', query: { attributeType: 'reference_id_list', value: ['SA25070100000001'] } });
    expect(request.header).toMatchObject({ action: 'txn/status', total_count: 1 });
    expect(request.message).toEqual({
      transaction_id: 'SA-2025-07-HN-000001',
      txnstatus_request: { reference_id: 'Q-1', txn_type: 'disburse', attribute_type: 'reference_id_list', attribute_value: ['SA25070100000001'] },
    });
    const byTransaction = buildTxnStatusRequest({ ...envelope, referenceId: 'Q-2', action: 'disburse-status', query: { attributeType: 'transaction_id', value: 'SA-2025-07-HN-000001' } });
    expect(byTransaction.header.action).toBe('disburse-status');
    expect(byTransaction.message.txnstatus_request.attribute_value).toBe('SA-2025-07-HN-000001');
    expect(() => buildTxnStatusRequest({ ...envelope, referenceId: 'Q', query: { attributeType: 'reference_id_list', value: [] } })).toThrow(/empty/);
  });
});

describe('parseOnDisburse', () => {
  it('parses the §3.2 callback and extracts the ISO reason prefix', () => {
    const result = parseOnDisburse(onDisburse);
    expect(result.header).toMatchObject({ messageId: '01J1ZB0A4F2GQ8', status: 'succ', totalCount: 2, completedCount: 2, senderId: 'g2p.sponsorbank.example.vn' });
    expect(result.transactionId).toBe('SA-2025-07-HN-000001');
    expect(result.statuses).toEqual([
      {
        referenceId: 'SA25070100000001',
        timestamp: '2025-07-02T09:01:12+07:00',
        status: 'succ',
        reportedStatus: 'PAID',
        statusReasonCode: null,
        statusReasonMessage: null,
        isoReasonCode: null,
        amountVnd: vnd(500_000n),
      },
      {
        referenceId: 'SA25070100000002',
        timestamp: '2025-07-02T09:01:13+07:00',
        status: 'rjct',
        reportedStatus: 'REJECTED',
        statusReasonCode: 'rjct.payee_fa.invalid',
        statusReasonMessage: 'AC01: wallet not found',
        isoReasonCode: 'AC01',
        amountVnd: null,
      },
    ]);
  });

  it('accepts a header-level rejection without a message', () => {
    const result = parseOnDisburse({ header: { ...onDisburse.header, status: 'rjct', status_reason_code: 'rjct.message_id.duplicate' } });
    expect(result).toMatchObject({ transactionId: null, statuses: [], header: { statusReasonCode: 'rjct.message_id.duplicate' } });
  });

  it('says what is wrong with a malformed body', () => {
    const withItem = (item: Record<string, unknown>) => ({ ...onDisburse, message: { transaction_id: 'T', disbursements_status: [item] } });
    const item = onDisburse.message.disbursements_status[0]!;
    expect(() => parseOnDisburse(null)).toThrow(/body must be an object/);
    expect(() => parseOnDisburse({ header: { ...onDisburse.header, action: 'disburse' }, message: onDisburse.message })).toThrow(/header.action disburse/);
    expect(() => parseOnDisburse({ header: { ...onDisburse.header, is_msg_encrypted: true }, message: {} })).toThrow(/encrypted/);
    expect(() => parseOnDisburse({ header: onDisburse.header })).toThrow(/a succ header needs a message/);
    expect(() => parseOnDisburse({ header: onDisburse.header, message: 'x' })).toThrow(/message must be an object/);
    expect(() => parseOnDisburse({ ...onDisburse, message: { transaction_id: 'T' } })).toThrow(/disbursements_status must be an array/);
    expect(() => parseOnDisburse(withItem({ ...item, status: 'done' }))).toThrow(/disbursements_status\[0\]\.status done/);
    expect(() => parseOnDisburse(withItem({ ...item, reference_id: 7 }))).toThrow(/reference_id must be a non-empty string/);
    expect(() => parseOnDisburse(withItem({ ...item, amount: '5e5' }))).toThrow(/does not match/);
    expect(() => parseOnDisburse(withItem({ ...item, status_reason_message: 'x'.repeat(1000) }))).toThrow(/at most 999/);
    expect(() => parseOnDisburse({ ...onDisburse, header: { ...onDisburse.header, total_count: -1 } })).toThrow(/total_count/);
  });
});

describe('parseOnTxnStatus', () => {
  it('reads the DisburseResponse inside txnstatus_response', () => {
    const body = {
      header: { ...onDisburse.header, action: 'on-disburse' },
      message: { transaction_id: 'Q', correlation_id: 'c-1', txnstatus_response: { txn_type: 'on-disburse', txn_status: onDisburse.message } },
    };
    expect(parseOnTxnStatus(body).statuses.map((s) => s.reportedStatus)).toEqual(['PAID', 'REJECTED']);
  });
});

describe('header-only callbacks and the synchronous status answer', () => {
  it('reads a pdng callback without a message as nothing to apply', () => {
    const result = parseOnDisburse({ header: { ...onDisburse.header, status: 'pdng', completed_count: 0 } });
    expect(result).toMatchObject({ transactionId: null, statuses: [], header: { status: 'pdng' } });
    expect(parseOnTxnStatus({ header: { ...onDisburse.header, status: 'pdng' } })).toMatchObject({ transactionId: null, statuses: [] });
  });

  it('reads txnstatus_response from /disburse/sync/txn/status and refuses another txn_type', () => {
    const message = { transaction_id: 'Q', correlation_id: 'c-1', txnstatus_response: { txn_type: 'on-disburse', txn_status: onDisburse.message } };
    const result = parseSyncTxnStatus({ header: { ...onDisburse.header, action: 'on-search' }, message });
    expect(result.transactionId).toBe('SA-2025-07-HN-000001');
    expect(result.statuses.map((s) => s.status)).toEqual(['succ', 'rjct']);
    expect(parseSyncTxnStatus({ header: { ...onDisburse.header, action: 'notify', status: 'rjct' } })).toMatchObject({ transactionId: null });
    expect(() => parseSyncTxnStatus({ header: { ...onDisburse.header, action: 'on-search' }, message: { ...message, txnstatus_response: { txn_type: 'on-search', txn_status: {} } } })).toThrow(/txn_type on-search/);
    expect(() => parseSyncTxnStatus({ header: { ...onDisburse.header, action: 'disburse' }, message })).toThrow(/header.action disburse/);
  });
});

describe('acknowledgements', () => {
  it('builds and reads ACK, NACK and ERR; anything else is no Ack', () => {
    const ack = buildG2pAck('ACK', '2025-07-01T08:30:00+07:00', 'c-1');
    expect(ack).toEqual({ message: { ack_status: 'ACK', timestamp: '2025-07-01T08:30:00+07:00', correlation_id: 'c-1' } });
    expect(parseG2pAck(ack)).toMatchObject({ ackStatus: 'ACK', correlationId: 'c-1', errorCode: null });
    const nack = buildG2pAck('NACK', '2025-07-01T08:30:00+07:00', 'c-2', { code: 'err.request.forbidden', message: 'no' });
    expect(parseG2pAck(nack)).toMatchObject({ ackStatus: 'NACK', errorCode: 'err.request.forbidden', errorMessage: 'no' });
    for (const notAck of [null, {}, { message: {} }, { message: { ack_status: 'OK' } }, { status: 'ACK' }, 'ACK']) expect(parseG2pAck(notAck)).toBeNull();
    expect(() => buildG2pAck('ACK', 'yesterday', 'c')).toThrow(/timestamp/);
  });
});

describe('the ed25519 body signature', () => {
  const keys = generateKeyPairSync('ed25519');
  const privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const now = 1_751_333_400;
  const signed = signG2pBody(onDisburse, { privateKeyPem, senderId: 'g2p.sponsorbank.example.vn', createdSeconds: now, validitySeconds: 600 });
  const verifyAt = (body: unknown, publicKey = publicKeyPem, nowSeconds = now + 10) => verifyG2pBody(body, { publicKeyPem: publicKey, nowSeconds, toleranceSeconds: 300 });

  it('signs in the spec form, and verifies whatever the key order of the JSON received', () => {
    expect(Object.keys(signed)).toEqual(['signature', 'header', 'message']);
    expect(signed.signature).toMatch(
      new RegExp(`^Signature: namespace="g2p", kidId="g2p\\.sponsorbank\\.example\\.vn\\|${g2pKeyId(publicKeyPem)}\\|ed25519", algorithm="ed25519", created="${now}", expires="${now + 600}", headers="\\(created\\) \\(expires\\) digest", signature="[A-Za-z0-9+/=]{88}"$`),
    );
    expect(verifyAt(JSON.parse(JSON.stringify(signed)))).toEqual({ valid: true, keyId: g2pKeyId(publicKeyPem), senderId: 'g2p.sponsorbank.example.vn' });
    const reordered = { message: signed.message, signature: signed.signature, header: Object.fromEntries(Object.entries(signed.header).reverse()) };
    expect(verifyAt(reordered).valid).toBe(true);
    const headerOnly = signG2pBody({ header: onDisburse.header }, { privateKeyPem, senderId: 'p', createdSeconds: now, validitySeconds: 600 });
    expect(verifyAt(headerOnly).valid).toBe(true);
  });

  it('refuses a changed body, another key, an expired or future signature, a missing or malformed one', () => {
    const changed = { ...signed, message: { ...signed.message, transaction_id: 'OTHER' } };
    expect(verifyAt(changed)).toEqual({ valid: false, reason: 'mismatch' });
    expect(verifyAt(signed, other)).toEqual({ valid: false, reason: 'wrong-key' });
    expect(verifyAt(signed, publicKeyPem, now + 600 + 301)).toEqual({ valid: false, reason: 'expired' });
    expect(verifyAt(signed, publicKeyPem, now - 301)).toEqual({ valid: false, reason: 'expired' });
    expect(verifyAt(onDisburse)).toEqual({ valid: false, reason: 'missing' });
    expect(verifyAt({ ...signed, signature: signed.signature.replace('ed25519"', 'rsa"') })).toEqual({ valid: false, reason: 'malformed' });
    expect(verifyAt({ ...signed, signature: 42 })).toEqual({ valid: false, reason: 'malformed' });
    expect(() => signG2pBody(onDisburse, { privateKeyPem: 'nope', senderId: 's', createdSeconds: now, validitySeconds: 1 })).toThrow(/not a PEM key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => signG2pBody(onDisburse, { privateKeyPem: rsa, senderId: 's', createdSeconds: now, validitySeconds: 1 })).toThrow(/not an ed25519 key/);
  });
});

describe('isoReasonPrefix', () => {
  it('finds a leading ISO code only', () => {
    expect(isoReasonPrefix('MD07: người hưởng đã mất')).toBe('MD07');
    expect(isoReasonPrefix(' AC04 - account closed')).toBe('AC04');
    expect(isoReasonPrefix('wallet not found (AC01)')).toBeNull();
    expect(isoReasonPrefix('ac04: closed')).toBeNull();
    expect(isoReasonPrefix(null)).toBeNull();
  });
});
