import { amountVndMax, type AmountVnd } from '../../core/money.js';
import { toBankAscii } from '../../core/text.js';
import { invalidInput } from './errors.js';

/**
 * Field checks shared by every writer. Each returns the value so calls read as
 * `const id = requireIdentifier(input.endToEndId, 'endToEndId')`.
 */

/**
 * ISO Max35Text restricted to `[A-Za-z0-9-]` (§1.5): the same key must survive banks that strip
 * punctuation, G2P Connect `reference_id` and CSV adapters.
 */
const identifierPattern = /^[A-Za-z0-9-]{1,35}$/;

export function requireIdentifier(value: string, field: string): string {
  if (!identifierPattern.test(value)) {
    throw invalidInput(`${field} must be 1–35 characters of A–Z, a–z, 0–9 or '-'`, { field, value });
  }
  return value;
}

export function requirePattern(value: string, pattern: RegExp, field: string, rule: string): string {
  if (!pattern.test(value)) throw invalidInput(`${field} ${rule}`, { field, value });
  return value;
}

/** A code from a fixed list; types say so already, this guards values read from a database or JSON. */
export function requireOneOf<T extends string>(value: T, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value)) throw invalidInput(`${field} must be one of ${allowed.join(', ')}`, { field, value });
  return value;
}

/** NAPAS bank BIN: exactly six digits (§4.5). */
export function requireBin(value: string, field = 'bin'): string {
  return requirePattern(value, /^\d{6}$/, field, 'must be a 6-digit NAPAS BIN');
}

/** A payment amount: positive whole đồng, within the project-wide limit. */
export function requirePositiveAmount(value: AmountVnd, field = 'amountVnd'): AmountVnd {
  if (typeof value !== 'bigint' || value <= 0n || value > amountVndMax) {
    throw invalidInput(`${field} must be a positive bigint of at most ${amountVndMax} đồng`, { field, value: String(value) });
  }
  return value;
}

/** Length in code points, which is what XSD `maxLength` and most bank limits count. */
export function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length++;
  return length;
}

export function requireMaxLength(value: string, maxLength: number, field: string): string {
  if (codePointLength(value) > maxLength) {
    throw invalidInput(`${field} is longer than ${maxLength} characters`, { field, value });
  }
  return value;
}

/** A required text that must still have content after cleaning (e.g. after transliteration). */
export function requireNonEmpty(value: string, field: string): string {
  if (value.length === 0) throw invalidInput(`${field} is empty`, { field });
  return value;
}

/** `2025-07-02`, and a real calendar date. */
export function requireIsoDate(value: string, field: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw invalidInput(`${field} must be a date YYYY-MM-DD`, { field, value });
  }
  return value;
}

/**
 * ISO 8601 date-time with an explicit offset (`+07:00` or `Z`). A bare local time is ambiguous for
 * a bank in another system, so it is refused.
 */
export function requireOffsetDateTime(value: string, field: string): string {
  const pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
  if (!pattern.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalidInput(`${field} must be an ISO date-time with an offset, e.g. 2025-07-01T08:30:00+07:00`, { field, value });
  }
  return value;
}

/**
 * `bank-ascii`: upper-case ASCII without diacritics, the prevailing Vietnamese bank convention
 * (§1.6). `utf8`: Vietnamese kept (NFC), for a counterparty that accepts it.
 */
export type CharacterSet = 'bank-ascii' | 'utf8';

/** Unicode kept (NFC); control characters and runs of spaces become one space; cut at `maxLength` code points. */
export function cleanUnicodeText(value: string, maxLength: number): string {
  const single = value.normalize('NFC').replace(/[\p{Cc}\s]+/gu, ' ').trim();
  return Array.from(single).slice(0, maxLength).join('').trim();
}

/** A name or free text as the counterparty will receive it; never empty (a blank name is rejected as BE21/BE22). */
export function bankText(value: string, field: string, characterSet: CharacterSet, maxLength: number): string {
  const text = characterSet === 'bank-ascii' ? toBankAscii(value, maxLength) : cleanUnicodeText(value, maxLength);
  return requireNonEmpty(text, field);
}
