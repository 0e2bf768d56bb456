import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { standardsDir } from '../../../../test/helpers/xsd.js';
import { describeReason, isForwardTransition, isoStatusCodes, mapIsoTxStatus, reasonCodes, recommendedAction } from './status.js';

describe('mapIsoTxStatus', () => {
  it('maps every §8 code', () => {
    const expected = {
      RCVD: 'ACCEPTED', ACTC: 'ACCEPTED', ACCP: 'ACCEPTED', ACSP: 'ACCEPTED', ACWC: 'ACCEPTED', PDNG: 'ACCEPTED',
      ACSC: 'PAID', ACCC: 'PAID', CPUC: 'PAID', ACWP: 'ON_HOLD', BLCK: 'ON_HOLD', RJCT: 'REJECTED', CANC: 'CANCELLED', PART: 'PENDING',
    } as const;
    for (const [code, status] of Object.entries(expected)) expect(mapIsoTxStatus(code)).toBe(status);
  });

  it('maps every code of the published ExternalPaymentTransactionStatus1Code list, and nothing else but PART', () => {
    const published = JSON.parse(readFileSync(join(standardsDir, 'ExternalPaymentTransactionStatus1Code.json'), 'utf8')) as { codes: Record<string, string> };
    const codes = Object.keys(published.codes);
    expect(codes.length).toBeGreaterThanOrEqual(25);
    for (const code of codes) expect(() => mapIsoTxStatus(code), code).not.toThrow();
    expect([...isoStatusCodes.keys()].sort()).toEqual([...codes, 'PART'].sort());
    // Settled means the money left: only the codes that say so.
    expect([...isoStatusCodes].filter(([, row]) => row.stage === 'settled').map(([code]) => code).sort()).toEqual(['ACCC', 'ACSC', 'CPUC']);
    expect(mapIsoTxStatus('ACFC')).toBe('ACCEPTED');
    expect(mapIsoTxStatus('ACWP')).toBe('ON_HOLD');
    expect(mapIsoTxStatus('RVNM')).toBe('ON_HOLD');
    expect(mapIsoTxStatus('PDNG')).toBe('ACCEPTED');
    // A held status without a reason becomes the reason itself: each says what to do.
    for (const [code, row] of isoStatusCodes) if (row.stage === 'held') expect(describeReason(code), code).toBeDefined();
  });

  it('refuses unknown codes instead of guessing', () => {
    expect(() => mapIsoTxStatus('XXXX')).toThrow(/unknown ISO 20022 payment status code XXXX/);
    expect(() => mapIsoTxStatus('toString')).toThrow(/unknown/);
  });
});

describe('reason codes', () => {
  it('has Vietnamese and English descriptions for the §2.3 codes', () => {
    for (const code of ['AC01', 'AC03', 'AC04', 'AC06', 'AC07', 'AG01', 'AG03', 'AM04', 'AM05', 'BE01', 'BE06', 'MD07', 'MS03', 'NARR', 'NOCM', 'RR04', 'DUPL']) {
      const info = describeReason(code);
      expect(info, code).toBeDefined();
      expect(info!.vi.length).toBeGreaterThan(3);
      expect(info!.en.length).toBeGreaterThan(3);
    }
    expect(describeReason(' md07 ')?.isoName).toBe('EndCustomerDeceased');
    expect(reasonCodes.size).toBeGreaterThanOrEqual(40);
  });

  it('recommends the §2.3 actions', () => {
    expect(recommendedAction('AC01')).toBe('REQUEST_NEW_ACCOUNT_OR_CASH');
    expect(recommendedAction('AC04')).toBe('REQUEST_NEW_ACCOUNT_OR_CASH');
    expect(recommendedAction('BE06')).toBe('REQUEST_NEW_ACCOUNT_OR_CASH');
    expect(recommendedAction('MD07')).toBe('PROPOSE_TERMINATION');
    for (const code of ['AC06', 'BE01', 'RR04', 'NOCM']) expect(recommendedAction(code)).toBe('HOLD_FOR_REVIEW');
    expect(recommendedAction('AM04')).toBe('RETRY_AFTER_FUNDING');
    for (const code of ['AM05', 'DUPL', 'DU01', 'DU04', 'DU09']) expect(recommendedAction(code)).toBe('QUERY_STATUS');
    expect(recommendedAction('AM10')).toBe('FIX_FILE_AND_RESEND');
    expect(recommendedAction('NARR')).toBe('MANUAL_REVIEW');
    expect(recommendedAction('ZZ99')).toBe('MANUAL_REVIEW');
  });
});

describe('isForwardTransition', () => {
  it('only moves forward', () => {
    expect(isForwardTransition('SUBMITTED', 'ACCEPTED')).toBe(true);
    expect(isForwardTransition('ACCEPTED', 'PAID')).toBe(true);
    expect(isForwardTransition('PAID', 'ACCEPTED')).toBe(false); // a late ACSP never overwrites PAID
    expect(isForwardTransition('PAID', 'RETURNED')).toBe(true);
    expect(isForwardTransition('REJECTED', 'PAID')).toBe(false); // REJECTED is final
    expect(isForwardTransition('UNKNOWN', 'REJECTED')).toBe(true);
    expect(isForwardTransition('ACCEPTED', 'ACCEPTED')).toBe(false);
  });
});
