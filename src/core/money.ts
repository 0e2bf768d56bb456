import { AssertionError, assert } from './assert.js';
import { errors, type AppError } from './errors.js';

/**
 * Money is integer đồng (VND has no minor unit; ISO 4217 exponent 0). Stored as SQL `bigint`,
 * handled as `AmountVnd`, sent over JSON as an integer `number` (checked to be exact) or, where a
 * field has always been text, as a decimal string. Never a float.
 *
 * `AmountVnd` is a branded `bigint`: a plain `bigint` (or a number, or text) is not one. The only
 * ways in are the constructors below, each checking integrality and the bound:
 *   vnd(123n)             a value of the code: literals, results of bigint arithmetic
 *   vndFromDb('123')      int8 / numeric as both drivers return it (decimal text, db/client.ts)
 *   readVnd(input)        outside input (a form, a file, the CLI): text with optional thousands
 *                         separators or a number; null when it is not whole đồng
 *   parseVnd(input)       the same, refusing with the coded error AMOUNT_INVALID
 * and the arithmetic helpers, which return `AmountVnd` again. The ways out are `vndToNumber` (a
 * JSON number, asserted exact) and `vndToString` (decimal text). The lint rule
 * `money/no-bare-conversion` (eslint.config.js) keeps `BigInt(…)`, `Number(…)` and the like of
 * money out of every other file.
 */
declare const unit: unique symbol;
export type AmountVnd = bigint & { readonly [unit]: 'VND' };

/** Largest amount we accept anywhere: 10^15 đồng, far above a national monthly total (~5·10^12). */
export const amountVndMax = 1_000_000_000_000_000n;

/** A value of the code (a literal, a bigint computed here): asserted whole and within ±amountVndMax. */
export function vnd(value: bigint): AmountVnd {
  // Messages built only on failure: these checks run once per amount of a million-line file.
  if (typeof value !== 'bigint') throw new AssertionError(`amount is not a bigint: ${String(value)}`);
  if (value > amountVndMax || value < -amountVndMax) throw new AssertionError(`amount out of range: ${value}`);
  return value as AmountVnd;
}

export const zeroVnd: AmountVnd = vnd(0n);

/** 16 digits hold amountVndMax; more is out of range whatever the digits. */
const dbInteger = /^-?\d{1,16}$/;

/**
 * An int8 or numeric column as the drivers return it: decimal text (db/client.ts), parsed once
 * where the row is read. Anything else is a bug (a wrong cast in the SQL), hence an assertion.
 */
export function vndFromDb(text: string): AmountVnd;
export function vndFromDb(text: string | null): AmountVnd | null;
export function vndFromDb(text: string | null): AmountVnd | null {
  if (text === null) return null;
  if (typeof text !== 'string' || !dbInteger.test(text)) throw new AssertionError(`amount from the database is not an integer text: ${String(text)}`);
  return vnd(BigInt(text));
}

/** Digits, or digits grouped by thousands with one separator throughout ("1.250.000", "1,250,000", "1 250 000"). */
const plainDigits = /^\d{1,16}$/;
const groupedDigits = /^\d{1,3}(?:([.,_\s])\d{3})(?:\1\d{3})*$/;

/**
 * An amount given from outside (a form, a command option, a provider's file): a non-negative
 * whole number of đồng, as a number (a safe integer) or as text with optional thousands
 * separators. A dot or comma separates thousands, never decimals: "1.250" is 1,250 đồng, "1.5" is
 * refused. Null when it is not one, or above amountVndMax.
 */
export function readVnd(input: string | number): AmountVnd | null {
  let value: bigint;
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input < 0) return null;
    value = BigInt(input);
  } else if (typeof input === 'string') {
    const text = input.trim();
    const digits = plainDigits.test(text) ? text : groupedDigits.test(text) ? text.replace(/[.,_\s]/g, '') : null;
    if (digits === null || digits.length > 16) return null;
    value = BigInt(digits);
  } else {
    return null;
  }
  return value <= amountVndMax ? vnd(value) : null;
}

/** `readVnd`, refusing anything else with AMOUNT_INVALID (400) for `field`. */
export function parseVnd(input: string | number, field = 'amountVnd'): AmountVnd {
  const value = readVnd(input);
  if (value === null) throw amountInvalid(field);
  return value;
}

export function amountInvalid(field: string): AppError {
  return errors.amountInvalid({ field });
}

// ---------------------------------------------------------------------------------------------
// Arithmetic: every result checked again
// ---------------------------------------------------------------------------------------------

export function addVnd(a: AmountVnd, b: AmountVnd): AmountVnd {
  return vnd(a + b);
}

export function subtractVnd(a: AmountVnd, b: AmountVnd): AmountVnd {
  return vnd(a - b);
}

export function negateVnd(a: AmountVnd): AmountVnd {
  return vnd(-a);
}

/** The sum of amounts (0 for none); only the result is bounded. */
export function sumVnd(values: Iterable<AmountVnd>): AmountVnd {
  let total = 0n;
  for (const value of values) total += value;
  return vnd(total);
}

/** amount × a whole factor (a count of people, children, months, a multiple of the base level). */
export function multiplyVnd(a: AmountVnd, factor: number | bigint): AmountVnd {
  if (typeof factor !== 'bigint' && !Number.isSafeInteger(factor)) throw new AssertionError(`factor is not an integer: ${factor}`);
  return vnd(a * BigInt(factor));
}

/** A non-negative amount shared among `count` (an average per payment), rounded half up to the đồng: a figure to show, never to pay. */
export function averageVnd(total: AmountVnd, count: number): AmountVnd {
  if (!Number.isSafeInteger(count) || count <= 0) throw new AssertionError(`count is not a positive integer: ${count}`);
  if (total < 0n) throw new AssertionError(`average of a negative amount: ${total}`);
  const divisor = BigInt(count);
  return vnd((total * 2n + divisor) / (divisor * 2n));
}

/**
 * base × coefficient / 10, the coefficient given × 10 (2.5 is 25) as the rule tables hold it; the
 * result must be a whole đồng (Decree 20/2021 Art. 6(1) states no rounding rule).
 */
export function applyCoefficientX10(base: AmountVnd, coefficientX10: number): AmountVnd {
  if (!Number.isSafeInteger(coefficientX10)) throw new AssertionError(`coefficient × 10 is not an integer: ${coefficientX10}`);
  const tenths = base * BigInt(coefficientX10);
  if (tenths % 10n !== 0n) throw new AssertionError(`${base} × ${coefficientX10}/10 is not a whole đồng`);
  return vnd(tenths / 10n);
}

// ---------------------------------------------------------------------------------------------
// Out: JSON numbers, decimal text, words
// ---------------------------------------------------------------------------------------------

const safeMax = BigInt(Number.MAX_SAFE_INTEGER);

/** For JSON and spreadsheet cells: an exact number (amounts are far inside 2^53, asserted). */
export function vndToNumber(value: AmountVnd): number {
  if (value > safeMax || value < -safeMax) throw new AssertionError(`amount exceeds a safe integer: ${value}`);
  return Number(value);
}

/** Decimal text without grouping ("1250000"), for the fields and files that carry text. */
export function vndToString(value: AmountVnd): string {
  return value.toString();
}

/** 1234567n → "1.234.567 ₫" (vi-VN grouping with dots). */
export function formatVnd(value: AmountVnd): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped} ₫`;
}

const digitWords = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
const groupUnits = ['', 'nghìn', 'triệu', 'tỷ', 'nghìn tỷ', 'triệu tỷ'];

/** Reads a group of three digits the way Vietnamese official documents do. */
function readTriple(n: number, full: boolean): string {
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  const words: string[] = [];
  if (full || hundreds > 0) words.push(digitWords[hundreds]!, 'trăm');
  if (tens > 1) {
    words.push(digitWords[tens]!, 'mươi');
    if (ones === 1) words.push('mốt');
    else if (ones === 4) words.push('tư');
    else if (ones === 5) words.push('lăm');
    else if (ones > 0) words.push(digitWords[ones]!);
  } else if (tens === 1) {
    words.push('mười');
    if (ones === 5) words.push('lăm');
    else if (ones > 0) words.push(digitWords[ones]!);
  } else if (ones > 0) {
    if (full || hundreds > 0) words.push('linh');
    words.push(digitWords[ones]!);
  }
  return words.join(' ');
}

/**
 * Amount in words for official lists ("Bằng chữ: …"), e.g. 1250000n → "Một triệu hai trăm năm mươi
 * nghìn đồng chẵn".
 */
export function vndInWords(value: AmountVnd): string {
  assert(value >= 0n, 'amount in words needs a non-negative amount');
  if (value === 0n) return 'Không đồng';
  const groups: number[] = [];
  let rest: bigint = value;
  while (rest > 0n) {
    groups.push(Number(rest % 1000n));
    rest /= 1000n;
  }
  assert(groups.length <= groupUnits.length, 'amount too large to read');
  const parts: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const group = groups[i]!;
    if (group === 0) continue;
    const isLeading = i === groups.length - 1;
    parts.push(readTriple(group, !isLeading) + (groupUnits[i] ? ' ' + groupUnits[i] : ''));
  }
  const text = parts.join(' ').replace(/\s+/g, ' ').trim();
  const suffix = value % 1000n === 0n ? ' đồng chẵn' : ' đồng';
  return text.charAt(0).toUpperCase() + text.slice(1) + suffix;
}
