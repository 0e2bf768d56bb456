import { describe, expect, it } from 'vitest';
import { compareVnd, formatVnd, isVnd, parseVnd, parseVndInput, sumVnd, vnd, type Vnd } from './money';

const nbsp = '\u00a0';

describe('money (integer đồng, never a float)', () => {
  it('accepts what the server sends: a safe integer or a decimal string', () => {
    expect(parseVnd(1234567)).toBe(1234567n);
    expect(parseVnd('1234567')).toBe(1234567n);
    expect(parseVnd('-250000')).toBe(-250000n);
    expect(parseVnd('9007199254740993')).toBe(9007199254740993n);
    expect(isVnd(12)).toBe(true);
    expect(isVnd('12')).toBe(true);
  });

  it.each([1.5, Number.NaN, 2 ** 53, Infinity])('refuses the number %s', (value) => {
    expect(() => parseVnd(value)).toThrow(/integer đồng/);
    expect(isVnd(value)).toBe(false);
  });

  it.each(['1.5', '1e6', '', ' ', '12,000', '0x10', '١٢'])('refuses the string %j', (value) => {
    expect(() => parseVnd(value)).toThrow(/integer đồng/);
  });

  it('adds up in BigInt: exact where floating point is not', () => {
    const lines = ['9007199254740993', 1, '-2'] as Vnd[];
    expect(sumVnd(lines)).toBe(9007199254740992n);
    // Read as a number, the same amount has already lost its last đồng:
    expect(Number('9007199254740993')).toBe(9007199254740992);
    expect(sumVnd([vnd('9007199254740993'), 1n])).toBe(9007199254740994n);
    expect(compareVnd('100' as Vnd, 100 as Vnd)).toBe(0);
    expect(compareVnd('99' as Vnd, 100n)).toBe(-1);
  });

  it('formats with the vi-VN grouping from the BigInt', () => {
    expect(formatVnd(1234567 as Vnd)).toBe(`1.234.567${nbsp}₫`);
    expect(formatVnd('9007199254740993' as Vnd)).toBe(`9.007.199.254.740.993${nbsp}₫`);
    expect(formatVnd(-34567n)).toBe(`-34.567${nbsp}₫`);
    expect(formatVnd(0n)).toBe(`0${nbsp}₫`);
  });

  it('reads what an officer types: whole đồng with optional grouping dots, nothing else', () => {
    expect(parseVndInput('1.234.567')).toEqual({ ok: true, value: 1234567n });
    expect(parseVndInput(' 1 234 567 ₫ ')).toEqual({ ok: true, value: 1234567n });
    expect(parseVndInput('')).toEqual({ ok: false, problem: 'empty' });
    expect(parseVndInput(undefined)).toEqual({ ok: false, problem: 'empty' });
    expect(parseVndInput('1234567,5')).toEqual({ ok: false, problem: 'notInteger' });
    expect(parseVndInput('12a')).toEqual({ ok: false, problem: 'notInteger' });
    expect(parseVndInput('-5000')).toEqual({ ok: false, problem: 'negative' });
    expect(parseVndInput('1000000000000000')).toEqual({ ok: true, value: 1_000_000_000_000_000n });
    expect(parseVndInput('1000000000000001')).toEqual({ ok: false, problem: 'tooLarge' });
  });
});
