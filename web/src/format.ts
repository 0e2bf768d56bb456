import dayjs from 'dayjs';

/**
 * Vietnamese display formats, used whatever the interface language: officers and auditors compare
 * screens with printed lists, which always use the vi-VN conventions.
 */

/** A no-break space keeps "₫" on the same line as the digits. */
const nbsp = '\u00a0';

/**
 * 1234567 → "1.234.567 ₫". Amounts are integer đồng (VND has no minor unit); strings and bigints
 * are accepted so that amounts beyond 2^53 never pass through a float.
 */
export function formatMoney(amount: number | bigint | string): string {
  let value: bigint;
  if (typeof amount === 'bigint') value = amount;
  else if (typeof amount === 'number') {
    if (!Number.isSafeInteger(amount)) throw new Error(`formatMoney: not an integer amount: ${amount}`);
    value = BigInt(amount);
  } else {
    if (!/^-?\d+$/.test(amount.trim())) throw new Error(`formatMoney: not an integer amount: ${amount}`);
    value = BigInt(amount.trim());
  }
  return `${formatInteger(value)}${nbsp}₫`;
}

/** 1234567 → "1.234.567" (counts, not money). */
export function formatInteger(value: number | bigint): string {
  const big = typeof value === 'bigint' ? value : BigInt(Math.trunc(value));
  const negative = big < 0n;
  const digits = (negative ? -big : big).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return negative ? `-${digits}` : digits;
}

type DateInput = string | Date | dayjs.Dayjs | null | undefined;

/** "2025-07-01" or a timestamp → "01/07/2025"; empty for a missing value. */
export function formatDate(value: DateInput): string {
  if (value === null || value === undefined || value === '') return '';
  const date = dayjs(value);
  return date.isValid() ? date.format('DD/MM/YYYY') : String(value);
}

/** A timestamp → "01/07/2025 08:30:15" in the browser's time zone (Vietnam: UTC+7). */
export function formatDateTime(value: DateInput): string {
  if (value === null || value === undefined || value === '') return '';
  const date = dayjs(value);
  return date.isValid() ? date.format('DD/MM/YYYY HH:mm:ss') : String(value);
}

/** "2025-07" (the API's month form) or a date → "07/2025". */
export function formatMonth(value: string | Date | dayjs.Dayjs): string {
  if (typeof value === 'string') {
    const match = /^(\d{4})-(\d{2})$/.exec(value);
    if (match) return `${match[2]}/${match[1]}`;
  }
  const date = dayjs(value);
  return date.isValid() ? date.format('MM/YYYY') : String(value);
}

/** 0.4026 → "40,26%" (decimal comma). */
export function formatPercent(ratio: number, fractionDigits = 1): string {
  return `${(ratio * 100).toFixed(fractionDigits).replace('.', ',')}%`;
}
