import dayjs from 'dayjs';
import { groupDigits } from './money';

/**
 * Vietnamese display formats, used whatever the interface language: officers and auditors compare
 * screens with printed lists, which always use the vi-VN conventions. Money is in money.ts.
 */

/** 1234567 → "1.234.567" (counts, not money). */
export function formatInteger(value: number | bigint): string {
  return groupDigits(typeof value === 'bigint' ? value : BigInt(Math.trunc(value)));
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

/** 40.26 → "40,3%" (a percentage, decimal comma). */
export function formatPct(percent: number, fractionDigits = 1): string {
  return `${percent.toFixed(fractionDigits).replace('.', ',')}%`;
}

/** 0.4026 → "40,3%" (a ratio, decimal comma). */
export function formatPercent(ratio: number, fractionDigits = 1): string {
  return formatPct(ratio * 100, fractionDigits);
}

/** A coefficient the API sends times ten (15 → "1,5"), read without a float. */
export function formatCoefficientX10(value: number): string {
  const whole = Math.trunc(value / 10);
  return `${value < 0 && whole === 0 ? '-' : ''}${whole},${Math.abs(value % 10)}`;
}
