import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseVnd, sumVnd } from '../src/core/money.js';
import { exchange, type ProviderAnswer } from '../src/adapters/providers/provider-http.js';
import { bankReportPath, controlSumHeader, idempotencyKeyHeader, itemCountHeader, providerPaths, vietnamTimestamp, type BankReportList } from '../src/adapters/providers/provider-protocol.js';
import { buildG2pAck, buildTxnStatusRequest, camtReturnOf, collectText, parseOnDisburse, parseSyncTxnStatus, readCamt, readCsvResult, readPain002, verifyWebhook, writePain001, type CamtEntry, type Pain002Record } from '../src/modules/formats/index.js';
import { startProviderSimulator, type ProviderSimulator, type ProviderSimulatorOptions } from '../src/simulators/providers/index.js';
import { g2pConformance } from './helpers/g2p-openapi.js';
import { expectXsdValid } from './helpers/xsd.js';

const secret = 'test-provider-secret';
const simulators: ProviderSimulator[] = [];
/** Every message of the wallet's conversations, held to the published G2P Connect API. */
const g2p = g2pConformance();

async function start(options: Omit<ProviderSimulatorOptions, 'port' | 'secret' | 'seed'> & { seed?: number }): Promise<ProviderSimulator> {
  const simulator = await startProviderSimulator({ port: 0, secret, seed: 7, ...(options.kind === 'wallet' ? { validate: g2p.check } : {}), ...options });
  simulators.push(simulator);
  return simulator;
}

afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.close()));
  expect(g2p.violations.splice(0)).toEqual([]);
});

function call(simulator: ProviderSimulator, method: 'GET' | 'POST', path: string, init: { body?: string; headers?: Record<string, string>; contentType?: string; timeoutMs?: number; key?: string } = {}): Promise<ProviderAnswer> {
  return exchange({
    method,
    baseUrl: simulator.url,
    path,
    body: init.body,
    contentType: init.contentType,
    headers: init.headers,
    secret: init.key ?? secret,
    timeoutMs: init.timeoutMs ?? 5_000,
    fetch,
    nowSeconds: Math.floor(Date.now() / 1000),
  });
}

function okBody<T>(answer: ProviderAnswer): T {
  if (answer.kind !== 'ok') throw new Error(`expected 2xx, got ${JSON.stringify(answer)}`);
  return JSON.parse(answer.body) as T;
}

const e2e = (n: number) => `SA0000001${String(n).padStart(9, '0')}`;

async function pain001(messageId: string, amounts: number[]): Promise<string> {
  const amountsVnd = amounts.map((amount) => parseVnd(amount));
  return collectText(
    writePain001(
      {
        messageId,
        createdAt: '2024-07-05T10:00:00+07:00',
        initiatingPartyName: 'UBND XA',
        debtor: { name: 'UBND XA', accountNumber: '0000000000001', agentBin: '970405' },
        requestedExecutionDate: '2024-07-05',
        categoryPurpose: 'SSBE',
        batches: [{ paymentInfoId: messageId, count: amounts.length, controlSumVnd: sumVnd(amountsVnd) }],
      },
      amountsVnd.map((amountVnd, index) => ({ endToEndId: e2e(index + 1), amountVnd, creditorName: 'Nguyễn Văn An', creditorAccount: `51002010000${10 + index}`, creditorAgentBin: '970405', remittance: 'TRO CAP' })),
    ),
  );
}

async function statusesOf(xml: string): Promise<Pain002Record[]> {
  const records: Pain002Record[] = [];
  for await (const event of readPain002([xml])) if (event.kind === 'record') records.push(event.record);
  return records;
}

async function bankReports(simulator: ProviderSimulator, messageId: string): Promise<BankReportList['reports']> {
  return okBody<BankReportList>(await call(simulator, 'GET', `${providerPaths.bankReports}?originalMessageId=${messageId}`)).reports;
}

async function reportText(simulator: ProviderSimulator, report: BankReportList['reports'][number]): Promise<string> {
  const answer = await call(simulator, 'GET', bankReportPath(report));
  if (answer.kind !== 'ok') throw new Error(JSON.stringify(answer));
  return answer.body;
}

describe('bank host-to-host simulator', () => {
  it('accepts a pain.001 once, acknowledges a second upload as a duplicate and refuses a changed file or a bad signature', async () => {
    const bank = await start({ kind: 'bank' });
    const xml = await pain001('C0000001-970405-BANK-1', [500_000, 750_000]);
    const upload = (body: string, key?: string) => call(bank, 'POST', providerPaths.bankUpload, { body, contentType: 'application/xml', key });
    expect(okBody(await upload(xml))).toEqual({ messageId: 'C0000001-970405-BANK-1', status: 'ACCEPTED', duplicate: false });
    expect(okBody(await upload(xml))).toMatchObject({ duplicate: true });
    expect(await upload(xml.replace('TRO CAP', 'TRO CAP X'))).toMatchObject({ kind: 'refused', status: 422, code: 'DU01' });
    expect(await upload(xml, 'another-secret-123')).toMatchObject({ kind: 'refused', status: 401 });
    expect(await upload((await pain001('C0000002-970405-BANK-1', [1_000])).replace('<CtrlSum>1000</CtrlSum>', '<CtrlSum>999</CtrlSum>'))).toMatchObject({ status: 422, code: 'AM10' });
    expect(bank.stats()).toMatchObject({ processed: { 'C0000001-970405-BANK-1': 1 }, duplicates: 1, mismatches: 1, unauthorized: 1 });
  });

  it('reports per transaction in pain.002 (PART with partial acceptance), then returns after success as CSV on the next poll', async () => {
    const bank = await start({ kind: 'bank', outcomes: { [e2e(1)]: 'SUCCESS', [e2e(2)]: 'AC04', [e2e(3)]: 'RETURN' }, config: { partialAcceptance: true, returnsFormat: 'csv' } });
    const messageId = 'C0000003-970405-BANK-1';
    await call(bank, 'POST', providerPaths.bankUpload, { body: await pain001(messageId, [100, 200, 300]), contentType: 'application/xml' });
    const first = await bankReports(bank, messageId);
    expect(first.map((report) => report.type)).toEqual(['pain002', 'pain002']);
    const acceptance = await statusesOf(await reportText(bank, first[0]!));
    expect(acceptance.filter((record) => record.level === 'transaction').map((record) => [record.originalEndToEndId, record.status, record.reasonCode])).toEqual([
      [e2e(1), 'ACSP', null],
      [e2e(2), 'RJCT', 'AC04'],
      [e2e(3), 'ACSP', null],
    ]);
    expect(acceptance.find((record) => record.level === 'group')?.status).toBe('PART');
    const settled = await statusesOf(await reportText(bank, first[1]!));
    expect(settled.filter((record) => record.level === 'transaction').map((record) => [record.originalEndToEndId, record.status])).toEqual([
      [e2e(1), 'ACSC'],
      [e2e(3), 'ACSC'],
    ]);
    const second = await bankReports(bank, messageId);
    const returns = second.find((report) => report.type === 'returns')!;
    const csv = await reportText(bank, returns);
    expect(csv.split('\r\n')[0]).toBe('MaThamChieu,TrangThai,MaLyDo,LyDo');
    const rows = [];
    for await (const row of readCsvResult([csv])) rows.push([row.endToEndId, row.status, row.reasonCode]);
    expect(rows).toEqual([[e2e(3), 'RETURNED', 'AC04']]);
    expect(await bankReports(bank, messageId)).toHaveLength(3);
    expect(bank.stats().payouts).toEqual({ [e2e(1)]: 1, [e2e(3)]: 1 });
  });

  it('sends returns after success as booked credits on the paying account in a camt.054 (default) or camt.052 the XSD accepts', async () => {
    for (const [format, kind] of [['camt054', 'camt.054'], ['camt052', 'camt.052']] as const) {
      const bank = await start({ kind: 'bank', outcomes: { [e2e(1)]: 'RETURN', [e2e(2)]: 'SUCCESS', [e2e(3)]: 'RETURN' }, config: format === 'camt054' ? {} : { returnsFormat: format, returnReason: 'MD07' } });
      const messageId = `C0000005-970405-BANK-${format}`;
      const xml = await pain001(messageId, [100, 200, 300]);
      await expectXsdValid(xml);
      await call(bank, 'POST', providerPaths.bankUpload, { body: xml, contentType: 'application/xml' });
      const [status] = await bankReports(bank, messageId);
      await expectXsdValid(await reportText(bank, status!));
      const returns = (await bankReports(bank, messageId)).find((report) => report.type === format)!;
      const content = await reportText(bank, returns);
      await expectXsdValid(content);
      // Only at its own path.
      expect(await call(bank, 'GET', providerPaths.bankReturns(returns.id))).toMatchObject({ kind: 'refused', status: 404 });
      const entries: CamtEntry[] = [];
      let header;
      for await (const event of readCamt([content])) {
        if (event.kind === 'header') header = event.header;
        else entries.push(event.entry);
      }
      expect(header).toMatchObject({ kind, messageId: returns.id });
      expect(entries.map((entry) => entry.accountId)).toEqual(['0000000000001', '0000000000001']);
      const reason = format === 'camt054' ? 'AC04' : 'MD07';
      expect(entries.map(camtReturnOf)).toEqual([
        expect.objectContaining({ kind: 'return', endToEndId: e2e(1), reasonCode: reason, amount: '100' }),
        expect.objectContaining({ kind: 'return', endToEndId: e2e(3), reasonCode: reason, amount: '300' }),
      ]);
    }
  });

  it('lets the first request for a batch hang past the client timeout, having processed it', async () => {
    const bank = await start({ kind: 'bank', config: { hangFirstRequestMs: 1_500 } });
    const xml = await pain001('C0000004-970405-BANK-1', [100]);
    expect(await call(bank, 'POST', providerPaths.bankUpload, { body: xml, contentType: 'application/xml', timeoutMs: 200 })).toMatchObject({ kind: 'no-answer' });
    expect(okBody(await call(bank, 'POST', providerPaths.bankUpload, { body: xml, contentType: 'application/xml' }))).toMatchObject({ duplicate: true });
    expect(bank.stats().processed).toEqual({ 'C0000004-970405-BANK-1': 1 });
  });
});

describe('G2P Connect wallet simulator', () => {
  let receiver: FastifyInstance;
  let receiverUrl: string;
  const received: { raw: string; valid: boolean }[] = [];

  beforeAll(async () => {
    receiver = Fastify();
    receiver.removeContentTypeParser('application/json');
    receiver.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    receiver.post('/callback', async (request) => {
      const raw = String(request.body);
      received.push({ raw, valid: verifyWebhook(secret, raw, String(request.headers['x-asxh-signature'])).valid });
      return buildG2pAck('ACK', vietnamTimestamp(new Date()), 'receiver');
    });
    receiverUrl = `${await receiver.listen({ port: 0, host: '127.0.0.1' })}/callback`;
  });
  afterAll(async () => receiver.close());

  const disburse = (transactionId: string, references: string[], amount = '500000.00') =>
    JSON.stringify({
      header: { version: '1.0.0', message_id: transactionId, message_ts: '2024-07-05T10:00:00+07:00', action: 'disburse', sender_id: 'asxh-pay', total_count: references.length, is_msg_encrypted: false },
      message: { transaction_id: transactionId, disbursements: references.map((reference) => ({ reference_id: reference, payer_fa: 'account:0000000000001@970405.napas', payee_fa: 'mobile:0961234514@971005', amount, currency_code: 'VND' })) },
    });

  it('requires an Idempotency-Key, replays the stored answer, refuses a changed body (422) and a concurrent duplicate (409)', async () => {
    const wallet = await start({ kind: 'wallet', config: { processingMs: 400 } });
    const body = disburse('C0000005-971005-WALLET-1', [e2e(1), e2e(2)]);
    const post = (payload: string, key?: string) => call(wallet, 'POST', providerPaths.walletDisburse, { body: payload, headers: key ? { [idempotencyKeyHeader]: key } : {} });
    expect(await post(body)).toMatchObject({ kind: 'refused', status: 400 });
    const [first, concurrent] = await Promise.all([post(body, 'K1'), new Promise((resolve) => setTimeout(resolve, 100)).then(() => post(body, 'K1'))]);
    expect(first).toMatchObject({ kind: 'ok' });
    expect(concurrent).toMatchObject({ kind: 'busy', status: 409 });
    const replay = await post(body, 'K1');
    expect(replay).toMatchObject({ kind: 'ok' });
    expect(replay.kind === 'ok' && first.kind === 'ok' && replay.body).toBe(first.kind === 'ok' && first.body);
    expect(await post(disburse('C0000005-971005-WALLET-1', [e2e(1), e2e(2)], '1.00'), 'K1')).toMatchObject({ kind: 'refused', status: 422 });
    expect(await post(body, 'K2')).toMatchObject({ kind: 'refused', status: 422, code: 'rjct.reference_id.duplicate' });
    expect(wallet.stats()).toMatchObject({ processed: { K1: 1 }, replays: 1, conflicts: 1, mismatches: 2 });
  });

  it('posts signed on-disburse callbacks (a pending one first, a duplicate, a late stale one) and answers txn/status', async () => {
    received.length = 0;
    const wallet = await start({
      kind: 'wallet',
      outcomes: { [e2e(1)]: 'SUCCESS', [e2e(2)]: 'MD07' },
      config: { callbackUrl: receiverUrl, partialAcceptance: true, duplicateRate: 1, lateCallbackRate: 1, lateCallbackMs: 50, callbackDelayMs: 0 },
    });
    const transactionId = 'C0000006-971005-WALLET-1';
    await call(wallet, 'POST', providerPaths.walletDisburse, { body: disburse(transactionId, [e2e(1), e2e(2)]), headers: { [idempotencyKeyHeader]: transactionId } });
    await wallet.idle();
    expect(received.every((callback) => callback.valid)).toBe(true);
    const parsed = received.map((callback) => parseOnDisburse(JSON.parse(callback.raw)));
    expect(parsed.map((callback) => [callback.header.messageId, callback.statuses.map((status) => status.status).join('+')])).toEqual([
      [`${transactionId}-CB1`, 'pdng+rjct'],
      [`${transactionId}-CB1`, 'pdng+rjct'],
      [`${transactionId}-CB2`, 'succ+rjct'],
      [`${transactionId}-CB2`, 'succ+rjct'],
      [`${transactionId}-CB3`, 'pdng+rjct'],
      [`${transactionId}-CB3`, 'pdng+rjct'],
    ]);
    expect(parsed[2]!.statuses[1]).toMatchObject({ isoReasonCode: 'MD07', statusReasonCode: 'rjct.payee_fa.invalid', amountVnd: 500_000n });
    // The synchronous status query (the asynchronous one: test/disbursement-g2p-connect.test.ts).
    const query = (id: string) =>
      JSON.stringify(buildTxnStatusRequest({ messageId: `Q-${id}`, messageTs: '2024-07-05T11:00:00+07:00', senderId: 'asxh-pay', transactionId: id, referenceId: 'q1', query: { attributeType: 'transaction_id', value: id }, action: 'search' }));
    const status = okBody<unknown>(await call(wallet, 'POST', providerPaths.walletSyncStatus, { body: query(transactionId) }));
    expect(parseSyncTxnStatus(status).statuses.map((line) => line.status)).toEqual(['succ', 'rjct']);
    expect(parseSyncTxnStatus(okBody<unknown>(await call(wallet, 'POST', providerPaths.walletSyncStatus, { body: query('NOPE') })))).toMatchObject({ transactionId: null, header: { status: 'rjct' } });
    expect(wallet.stats().callbacks).toMatchObject({ delivered: 6, duplicates: 3, late: 1, failed: 0 });
  });
});

describe('VNPost simulator', () => {
  const list = (items: [string, number][]) => ({
    body: `MaThamChieu,SoTien,HoTen\r\n${items.map(([id, amount]) => `${id},${amount},Võ Thị Em`).join('\r\n')}\r\n`,
    headers: { [idempotencyKeyHeader]: 'C0000007-VNPOST-CASH-1', [itemCountHeader]: String(items.length), [controlSumHeader]: String(items.reduce((sum, [, amount]) => sum + amount, 0)) },
    contentType: 'text/csv',
  });

  it('takes a cash list once and confirms it in two halves with the VNPost result words', async () => {
    const items: [string, number][] = Array.from({ length: 12 }, (_, index) => [e2e(index + 1), 500_000]);
    const postal = await start({ kind: 'postal', outcomes: { [e2e(1)]: 'REPRESENTATIVE', [e2e(2)]: 'UNCLAIMED', [e2e(3)]: 'REFUSED', [e2e(4)]: 'MD07' }, config: { partialAcceptance: true } });
    expect(okBody(await call(postal, 'POST', providerPaths.postalLists, list(items)))).toMatchObject({ duplicate: false });
    expect(okBody(await call(postal, 'POST', providerPaths.postalLists, list(items)))).toMatchObject({ duplicate: true });
    const bad = list(items);
    bad.headers[controlSumHeader] = '1';
    expect(await call(postal, 'POST', providerPaths.postalLists, { ...bad, headers: { ...bad.headers, [idempotencyKeyHeader]: 'OTHER-LIST' } })).toMatchObject({ status: 422, code: 'AM10' });
    const fetchRows = async () => {
      const answer = await call(postal, 'GET', providerPaths.postalConfirmations('C0000007-VNPOST-CASH-1'));
      if (answer.kind !== 'ok') throw new Error(JSON.stringify(answer));
      const rows: string[][] = [];
      for await (const row of readCsvResult([answer.body])) rows.push([row.endToEndId, row.status]);
      return rows;
    };
    const firstHalf = await fetchRows();
    expect(firstHalf.length).toBeGreaterThan(0);
    expect(firstHalf.length).toBeLessThan(12);
    const all = await fetchRows();
    expect(all).toHaveLength(12);
    expect(Object.fromEntries(all.slice(0, 5))).toEqual({ [e2e(1)]: 'DA_CHI_NGUOI_NHAN_THAY', [e2e(2)]: 'KHONG_GAP', [e2e(3)]: 'TU_CHOI', [e2e(4)]: 'DA_CHET', [e2e(5)]: 'DA_CHI_BAN_THAN' });
    expect(await call(postal, 'GET', providerPaths.postalConfirmations('UNKNOWN'))).toMatchObject({ status: 404 });
    expect(postal.stats().processed).toEqual({ 'C0000007-VNPOST-CASH-1': 1 });
  });
});

describe('outcomes and the admin endpoints', () => {
  it('chooses outcomes deterministically from the seed and honours rates, forced outcomes and validation', async () => {
    const a = await start({ kind: 'bank', seed: 1 });
    const b = await start({ kind: 'bank', seed: 1 });
    const ids = Array.from({ length: 400 }, (_, index) => e2e(index));
    expect(ids.map((id) => a.outcomeOf(id))).toEqual(ids.map((id) => b.outcomeOf(id)));
    const failures = ids.filter((id) => a.outcomeOf(id) !== 'SUCCESS').length;
    expect(failures).toBeGreaterThan(20);
    expect(failures).toBeLessThan(100);
    const admin = (path: string, body: unknown) => fetch(`${a.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await admin('/admin/config', { rates: { AC04: 1 } })).status).toBe(200);
    expect(ids.every((id) => a.outcomeOf(id) === 'AC04')).toBe(true);
    expect((await admin('/admin/outcomes', { outcomes: { [ids[0]!]: 'MD07' } })).status).toBe(200);
    expect(a.outcomeOf(ids[0]!)).toBe('MD07');
    expect((await admin('/admin/config', { rates: { UNCLAIMED: 0.5 } })).status).toBe(400);
    expect((await admin('/admin/config', { rates: { AC01: 0.7, AC04: 0.7 } })).status).toBe(400);
    expect((await admin('/admin/outcomes', { outcomes: { x: 'PAID' } })).status).toBe(400);
    expect((await fetch(`${a.url}/admin/stats`)).status).toBe(200);
  });
});
