import { describe, expect, it } from 'vitest';
import {
  bankText,
  cleanUnicodeText,
  codePointLength,
  requireIdentifier,
  requireIsoDate,
  requireMaxLength,
  requireOffsetDateTime,
  requirePositiveAmount,
} from './fields.js';
import { vnd, type AmountVnd } from '../../core/money.js';

describe('field checks', () => {
  it('accepts identifiers of [A-Za-z0-9-] up to 35 characters', () => {
    expect(requireIdentifier('SA-2025-07-HN-000001', 'id')).toBe('SA-2025-07-HN-000001');
    expect(() => requireIdentifier('', 'id')).toThrow(/id must be 1–35/);
    expect(() => requireIdentifier('SA 1', 'id')).toThrow(/id/);
    expect(() => requireIdentifier('A'.repeat(36), 'id')).toThrow(/id/);
  });

  it('checks calendar dates and offset date-times', () => {
    expect(requireIsoDate('2024-02-29', 'd')).toBe('2024-02-29');
    expect(() => requireIsoDate('2025-02-29', 'd')).toThrow(/YYYY-MM-DD/);
    expect(() => requireIsoDate('2025-7-2', 'd')).toThrow(/YYYY-MM-DD/);
    expect(requireOffsetDateTime('2025-07-01T08:30:00.123+07:00', 't')).toBe('2025-07-01T08:30:00.123+07:00');
    expect(requireOffsetDateTime('2025-07-01T01:30:00Z', 't')).toBe('2025-07-01T01:30:00Z');
    expect(() => requireOffsetDateTime('2025-07-01T08:30:00', 't')).toThrow(/offset/);
    expect(() => requireOffsetDateTime('2025-13-01T08:30:00+07:00', 't')).toThrow(/offset/);
  });

  it('checks amounts are positive bigints within the project limit', () => {
    expect(requirePositiveAmount(vnd(1n))).toBe(1n);
    expect(() => requirePositiveAmount(vnd(0n))).toThrow(/positive/);
    // Fixtures no constructor of core/money.ts would make: the format still refuses them from an untyped caller.
    // eslint-disable-next-line money/no-bare-conversion -- fixture: an amount above the bound
    expect(() => requirePositiveAmount((10n ** 16n) as unknown as AmountVnd)).toThrow(/at most/);
    // eslint-disable-next-line money/no-bare-conversion -- fixture: a number where an amount belongs
    expect(() => requirePositiveAmount(5 as unknown as AmountVnd)).toThrow(/bigint/);
  });

  it('counts and limits length in code points', () => {
    expect(codePointLength('Đào😀')).toBe(4);
    expect(requireMaxLength('😀😀', 2, 'x')).toBe('😀😀');
    expect(() => requireMaxLength('abc', 2, 'x')).toThrow(/x is longer than 2/);
  });

  it('cleans text for either character set', () => {
    expect(cleanUnicodeText('  Nguyễn\u0007 Thị\n\nĐào ', 140)).toBe('Nguyễn Thị Đào');
    expect(cleanUnicodeText('Đào😀x', 4)).toBe('Đào😀');
    expect(bankText('Lê Thị Hằng (mẹ đơn thân) ; x@y', 'n', 'bank-ascii', 140)).toBe('LE THI HANG (ME DON THAN) X Y');
    expect(() => bankText(' ;; ', 'name', 'bank-ascii', 140)).toThrow(/name is empty/);
  });
});
