import { assert } from './assert.js';

/**
 * Money is integer đồng (VND has no minor unit; ISO 4217 exponent 0). Stored as SQL `bigint`,
 * handled as JS `bigint`, and sent over JSON as an integer `number` only after checking it is safe.
 * Never a float.
 */
export type AmountVnd = bigint;

/** Largest amount we accept anywhere: 10^15 đồng, far above a national monthly total (~5·10^12). */
export const amountVndMax = 1_000_000_000_000_000n;

export function amountVnd(value: bigint | number | string): AmountVnd {
  let result: bigint;
  if (typeof value === 'bigint') result = value;
  else if (typeof value === 'number') {
    assert(Number.isSafeInteger(value), `amount is not a safe integer: ${value}`);
    result = BigInt(value);
  } else {
    assert(/^-?\d+$/.test(value), `amount is not an integer string: ${value}`);
    result = BigInt(value);
  }
  assert(result <= amountVndMax && result >= -amountVndMax, `amount out of range: ${result}`);
  return result;
}

/** For JSON output: amounts are well inside Number.MAX_SAFE_INTEGER (asserted). */
export function amountVndToNumber(value: AmountVnd): number {
  assert(value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER), 'amount exceeds safe integer');
  return Number(value);
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
  let rest = value;
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
