import { describe, expect, it } from 'vitest';
import { AssertionError } from './assert.js';
import { AppError } from './errors.js';
import {
  addVnd,
  averageVnd,
  amountVndMax,
  applyCoefficientX10,
  formatVnd,
  multiplyVnd,
  negateVnd,
  parseVnd,
  readVnd,
  subtractVnd,
  sumVnd,
  vnd,
  vndFromDb,
  vndInWords,
  vndToNumber,
  vndToString,
  zeroVnd,
  type AmountVnd,
} from './money.js';

/** A value no constructor would make, to see the checks refuse it from an untyped caller. */
// eslint-disable-next-line money/no-bare-conversion -- fixture: forging an invalid amount is the point
const forged = (value: unknown) => value as AmountVnd;

describe('vnd: a value of the code', () => {
  it('accepts whole đồng within ±10^15', () => {
    expect(vnd(1_250_000n)).toBe(1_250_000n);
    expect(vnd(0n)).toBe(0n);
    expect(vnd(-500_000n)).toBe(-500_000n);
    expect(vnd(amountVndMax)).toBe(10n ** 15n);
    expect(vnd(-amountVndMax)).toBe(-(10n ** 15n));
  });

  it('refuses what is out of range or not a bigint', () => {
    expect(() => vnd(amountVndMax + 1n)).toThrow(AssertionError);
    expect(() => vnd(-amountVndMax - 1n)).toThrow(/out of range/);
    expect(() => vnd(1.5 as unknown as bigint)).toThrow(/not a bigint/);
    expect(() => vnd(Number.NaN as unknown as bigint)).toThrow(AssertionError);
    expect(() => vnd('12' as unknown as bigint)).toThrow(AssertionError);
  });
});

describe('vndFromDb: int8 and numeric as the drivers return them', () => {
  it('parses decimal text, and null stays null', () => {
    expect(vndFromDb('1250000')).toBe(1_250_000n);
    expect(vndFromDb('-750000')).toBe(-750_000n);
    expect(vndFromDb('0')).toBe(0n);
    expect(vndFromDb('1000000000000000')).toBe(amountVndMax);
    expect(vndFromDb(null)).toBeNull();
  });

  it('round-trips with the text the database gives and takes', () => {
    for (const text of ['0', '1', '500000', '-1250000', '987654321012345', '1000000000000000']) {
      expect(vndToString(vndFromDb(text))).toBe(text);
    }
    for (const amount of [vnd(0n), vnd(1_250_000n), vnd(-3n), vnd(amountVndMax)]) expect(vndFromDb(vndToString(amount))).toBe(amount);
  });

  it('refuses anything else as a bug (a wrong cast in the SQL)', () => {
    for (const text of ['1.5', '1250000.00', '1e6', '', ' 12', '12 ', '+12', '0x10', 'abc', '1.250.000', '12345678901234567', '1000000000000001']) {
      expect(() => vndFromDb(text), text).toThrow(AssertionError);
    }
    expect(() => vndFromDb(1250000 as unknown as string)).toThrow(AssertionError);
  });
});

describe('readVnd and parseVnd: amounts from outside', () => {
  it('accepts whole đồng as digits, grouped by thousands, or a safe integer', () => {
    const accepted: [string | number, bigint][] = [
      ['1250000', 1_250_000n],
      ['1.250.000', 1_250_000n],
      ['1,250,000', 1_250_000n],
      ['1 250 000', 1_250_000n],
      ['1\u00a0250\u00a0000', 1_250_000n],
      ['1_250_000', 1_250_000n],
      [' 1.250.000 ', 1_250_000n],
      // a separator is never a decimal point: "1.250" is one thousand two hundred and fifty đồng
      ['1.250', 1_250n],
      ['0', 0n],
      ['000500', 500n],
      ['1000000000000000', amountVndMax],
      [1_250_000, 1_250_000n],
      [0, 0n],
    ];
    for (const [input, expected] of accepted) {
      expect(readVnd(input), String(input)).toBe(expected);
      expect(parseVnd(input), String(input)).toBe(expected);
    }
  });

  it('refuses fractions, floats, NaN, signs, other text and what is out of range', () => {
    const refused: (string | number)[] = [
      '1.5', '1,5', '1250000.00', '1250000,5', '12.50.000', '1.25.000', '1.250,000', '1,250.000', '1 250.000', '1250 000',
      '-5', '+5', '1e6', '0x10', '', ' ', 'abc', 'một triệu', '10000000000000001', '1.000.000.000.000.001', '99999999999999999999',
      1.5, 1250000.5, Number.NaN, Number.POSITIVE_INFINITY, -1, 2 ** 53, 1e16,
    ];
    for (const input of refused) {
      expect(readVnd(input), String(input)).toBeNull();
      expect(() => parseVnd(input), String(input)).toThrow(AppError);
    }
    expect(readVnd(null as unknown as string)).toBeNull();
    expect(readVnd(12n as unknown as number)).toBeNull();
  });

  it('refuses with the coded error AMOUNT_INVALID, in Vietnamese and English, naming the field', () => {
    let caught: unknown;
    try {
      parseVnd('1.5', 'amount');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({ code: 'AMOUNT_INVALID', status: 400, details: { field: 'amount' }, text: { vi: 'Số tiền phải là số nguyên đồng', en: 'The amount must be whole đồng' } });
    expect(() => parseVnd(Number.NaN)).toThrow(expect.objectContaining({ details: { field: 'amountVnd' } }));
  });
});

describe('arithmetic', () => {
  const a = vnd(1_250_000n);
  const b = vnd(750_000n);

  it('adds, subtracts, negates and sums, every result an amount again', () => {
    expect(addVnd(a, b)).toBe(2_000_000n);
    expect(subtractVnd(b, a)).toBe(-500_000n);
    expect(negateVnd(a)).toBe(-1_250_000n);
    expect(sumVnd([a, b, negateVnd(b)])).toBe(1_250_000n);
    expect(sumVnd([])).toBe(zeroVnd);
    expect(sumVnd(new Map([['x', a]]).values())).toBe(a);
  });

  it('averages over a count, rounded half up to the đồng, and refuses a count that is not positive', () => {
    expect(averageVnd(vnd(10n), 4)).toBe(3n); // 2.5 → 3
    expect(averageVnd(vnd(10n), 3)).toBe(3n); // 3.33 → 3
    expect(averageVnd(vnd(11n), 3)).toBe(4n); // 3.67 → 4
    expect(averageVnd(zeroVnd, 7)).toBe(0n);
    expect(() => averageVnd(a, 0)).toThrow();
    expect(() => averageVnd(negateVnd(a), 2)).toThrow();
  });

  it('multiplies by a whole factor and applies a coefficient × 10 to the đồng', () => {
    expect(multiplyVnd(vnd(500_000n), 20)).toBe(10_000_000n);
    expect(multiplyVnd(vnd(500_000n), 3n)).toBe(1_500_000n);
    expect(applyCoefficientX10(vnd(500_000n), 25)).toBe(1_250_000n);
    expect(applyCoefficientX10(vnd(360_000n), 15)).toBe(540_000n);
    expect(() => multiplyVnd(vnd(500_000n), 1.5)).toThrow(/not an integer/);
    expect(() => applyCoefficientX10(vnd(500_000n), 2.5)).toThrow(/not an integer/);
    expect(() => applyCoefficientX10(vnd(333_333n), 15)).toThrow(/not a whole đồng/);
  });

  it('refuses a result beyond the bound', () => {
    expect(() => addVnd(vnd(amountVndMax), vnd(1n))).toThrow(/out of range/);
    expect(() => subtractVnd(vnd(-amountVndMax), vnd(1n))).toThrow(/out of range/);
    expect(() => multiplyVnd(vnd(amountVndMax), 2)).toThrow(/out of range/);
    expect(() => sumVnd([vnd(amountVndMax), vnd(amountVndMax)])).toThrow(/out of range/);
  });
});

describe('out: JSON numbers, decimal text and words', () => {
  it('gives exact numbers and decimal text', () => {
    expect(vndToNumber(vnd(1_250_000n))).toBe(1_250_000);
    expect(vndToNumber(vnd(-amountVndMax))).toBe(-1e15);
    expect(vndToString(vnd(1_250_000n))).toBe('1250000');
    expect(vndToString(vnd(-5n))).toBe('-5');
    expect(() => vndToNumber(forged(2n ** 60n))).toThrow(/safe integer/);
  });

  it('formats and reads amounts as the official lists do', () => {
    expect(formatVnd(vnd(1_234_567n))).toBe('1.234.567 ₫');
    expect(formatVnd(vnd(-500_000n))).toBe('-500.000 ₫');
    expect(vndInWords(vnd(1_250_000n))).toBe('Một triệu hai trăm năm mươi nghìn đồng chẵn');
    expect(vndInWords(zeroVnd)).toBe('Không đồng');
  });
});
