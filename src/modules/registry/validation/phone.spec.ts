import { describe, expect, it } from 'vitest';
import { isVietnameseMobile, normalizeVietnameseMobile, parseVietnameseMobile } from './phone.js';

describe('normalizeVietnameseMobile', () => {
  it('accepts national and international forms and returns 0xxxxxxxxx', () => {
    expect(normalizeVietnameseMobile('0912345678')).toBe('0912345678');
    expect(normalizeVietnameseMobile('+84912345678')).toBe('0912345678');
    expect(normalizeVietnameseMobile('84912345678')).toBe('0912345678');
    expect(normalizeVietnameseMobile(' +84 912 345 678 ')).toBe('0912345678');
    expect(normalizeVietnameseMobile('0912.345.678')).toBe('0912345678');
  });

  it('accepts a number of every carrier prefix of DOMAIN.md §5.2', () => {
    // Some prefixes are assigned only in part (089 6–9, 052 2/3/8, 099 0/1/3–9), hence the 4th digit.
    const numbers = ['0321234567', '0391234567', '0861234567', '0961234567', '0811234567', '0881234567', '0911234567', '0701234567', '0761234567',
      '0896123456', '0901234567', '0522123456', '0561234567', '0581234567', '0591234567', '0991234567', '0871234567'];
    for (const number of numbers) expect(isVietnameseMobile(number), number).toBe(true);
  });

  it('rejects landlines, wrong lengths, foreign numbers and text', () => {
    for (const value of ['0241234567', '02412345678', '091234567', '09123456789', '+14155552671', '0912345678 ext 1', 'abc', '']) {
      expect(normalizeVietnameseMobile(value), value).toBeNull();
    }
  });

  it('gives the same verdict as the full parser for every 4-digit prefix (the memo is sound)', () => {
    for (let prefix = 0; prefix < 10_000; prefix++) {
      for (const suffix of ['00000', '98765']) {
        const value = `0${String(prefix).padStart(4, '0')}${suffix}`;
        expect(normalizeVietnameseMobile(value), value).toBe(parseVietnameseMobile(value));
      }
    }
  });
});
