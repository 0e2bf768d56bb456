// The `max` metadata: with the default (`min`) metadata getType() returns undefined, so a mobile
// number cannot be told from a landline.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Vietnamese mobile numbers (DOMAIN.md §5.2): `0xxxxxxxxx`, `+84xxxxxxxxx` or `84xxxxxxxxx`, with
 * optional spaces, dots, dashes or brackets. libphonenumber holds the current numbering plan, so a
 * landline (02x) or an unassigned prefix is rejected without a hand-written list.
 */

/** Cheap rejection before the parser: letters, extensions, absurd lengths. */
const phoneCharsPattern = /^\+?[\d\s().-]{9,20}$/;
const nationalPattern = /^0\d{9}$/;

/**
 * The verdict for national-form numbers by their first 4 significant digits (0 = not yet known,
 * 1 = mobile, 2 = not). The plan assigns mobile ranges by 2–3-digit prefixes, so 4 digits decide;
 * parsing costs about 6 µs, which a million-row import pays once per prefix instead of per row.
 * phone.spec.ts checks the memo against the parser for every prefix.
 */
const prefixVerdicts = new Uint8Array(10_000);
const mobileVerdict = 1;
const notMobileVerdict = 2;

/** The national form `0xxxxxxxxx`, or null when `value` is not a Vietnamese mobile number. */
export function normalizeVietnameseMobile(value: string): string | null {
  const trimmed = value.trim();
  if (!nationalPattern.test(trimmed)) return parseVietnameseMobile(trimmed);
  const prefix = Number(trimmed.slice(1, 5));
  if (prefixVerdicts[prefix] === 0) prefixVerdicts[prefix] = parseVietnameseMobile(trimmed) === null ? notMobileVerdict : mobileVerdict;
  return prefixVerdicts[prefix] === mobileVerdict ? trimmed : null;
}

export function isVietnameseMobile(value: string): boolean {
  return normalizeVietnameseMobile(value) !== null;
}

/** The full parse, without the prefix memo. */
export function parseVietnameseMobile(value: string): string | null {
  if (!phoneCharsPattern.test(value)) return null;
  const phone = parsePhoneNumberFromString(value, 'VN');
  if (phone === undefined || phone.country !== 'VN' || !phone.isValid() || phone.getType() !== 'MOBILE') return null;
  return `0${phone.nationalNumber}`;
}
