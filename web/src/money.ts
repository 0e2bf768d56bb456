/**
 * Money in the web app: integer đồng (VND has no minor unit). The API sends an amount as a JSON
 * number while it is a safe integer, or as a decimal string ("1234567"; the server moves every
 * amount to strings); both are accepted. The web never reads an amount with floating point: it is
 * parsed to a BigInt, added up as BigInts and formatted from a BigInt by Intl.NumberFormat('vi-VN').
 * `Vnd` is the type of an amount as it arrives: it cannot be added, subtracted or compared with
 * `<` by mistake (the compiler refuses arithmetic on it); parseVnd, sumVnd and compareVnd do it.
 */

declare const vndBrand: unique symbol;

/** An amount of integer đồng as the API sends it: a safe integer or a decimal string. */
export type Vnd = (number | string) & { readonly [vndBrand]: 'đồng' };

/** The largest amount anywhere (the server's amountVndMax): 10^15 đồng. */
export const vndMax = 1_000_000_000_000_000n;

export class MoneyError extends Error {
  override name = 'MoneyError';
}

const integerText = /^-?\d+$/;

/** Whether a value is an amount the API may send: a safe integer, or a decimal integer string. */
export function isVnd(value: unknown): value is Vnd {
  if (typeof value === 'number') return Number.isSafeInteger(value);
  return typeof value === 'string' && integerText.test(value);
}

/** The amount as a BigInt; anything but an integer (a fraction, NaN, "1e6", "") is refused. */
export function parseVnd(value: Vnd | bigint | number | string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new MoneyError(`not an amount of integer đồng: ${value}`);
    return BigInt(value);
  }
  const text = value.trim();
  if (!integerText.test(text)) throw new MoneyError(`not an amount of integer đồng: ${JSON.stringify(value)}`);
  return BigInt(text);
}

/** An amount to hold or send: the decimal string of the integer (what the API accepts everywhere). */
export function vnd(value: Vnd | bigint | number | string): Vnd {
  return parseVnd(value).toString() as Vnd;
}

/** The sum of amounts, in BigInt (never a float, whatever the count). */
export function sumVnd(values: Iterable<Vnd | bigint>): bigint {
  let total = 0n;
  for (const value of values) total += parseVnd(value);
  return total;
}

/** Negative, zero or positive as a is less than, equal to or greater than b. */
export function compareVnd(a: Vnd | bigint, b: Vnd | bigint): -1 | 0 | 1 {
  const left = parseVnd(a);
  const right = parseVnd(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

const viNumber = new Intl.NumberFormat('vi-VN', { useGrouping: true });

/** 1234567n → "1.234.567" (vi-VN grouping with dots, from the BigInt itself). */
export function groupDigits(value: bigint): string {
  return viNumber.format(value);
}

/** A no-break space keeps "₫" on the same line as the digits. */
const nbsp = '\u00a0';

/** 1234567 or "1234567" → "1.234.567 ₫". */
export function formatVnd(value: Vnd | bigint): string {
  return `${groupDigits(parseVnd(value))}${nbsp}₫`;
}

export type VndInputProblem = 'empty' | 'notInteger' | 'negative' | 'tooLarge';

/**
 * What an officer typed in an amount field: whole đồng only, the vi-VN grouping dots and spaces
 * allowed ("1.234.567"), nothing after a decimal comma, no sign, at most vndMax.
 */
export function parseVndInput(text: string | null | undefined): { ok: true; value: bigint } | { ok: false; problem: VndInputProblem } {
  const compact = (text ?? '').replace(/[.\s\u00a0₫]/g, '');
  if (compact === '') return { ok: false, problem: 'empty' };
  if (/^-\d+$/.test(compact)) return { ok: false, problem: 'negative' };
  if (!/^\d+$/.test(compact)) return { ok: false, problem: 'notInteger' };
  const value = BigInt(compact);
  if (value > vndMax) return { ok: false, problem: 'tooLarge' };
  return { ok: true, value };
}
