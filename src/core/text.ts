/**
 * Vietnamese text helpers. Names are stored in NFC exactly as given; comparisons and search use a
 * folded form: no diacritics, đ→d, lower case, single spaces.
 */

/**
 * Names repeat a great deal (a few family, middle and given names make most of them), and an
 * import normalises and folds each several times: pure functions, remembered for the last
 * `memoEntriesMax` distinct inputs (the cache is emptied when full, so memory stays bounded).
 */
const memoEntriesMax = 50_000;
const normalizedNames = new Map<string, string>();
const foldedNames = new Map<string, string>();

function memoized(cache: Map<string, string>, value: string, compute: (value: string) => string): string {
  const known = cache.get(value);
  if (known !== undefined) return known;
  const result = compute(value);
  if (cache.size >= memoEntriesMax) cache.clear();
  cache.set(value, result);
  return result;
}

export function normalizeName(value: string): string {
  return memoized(normalizedNames, value, (text) => text.normalize('NFC').replace(/\s+/g, ' ').trim());
}

/** "  Nguyễn Thị  Đào " → "nguyen thi dao". NFD strips tones and vowel marks; đ/Đ do not decompose. */
export function foldVietnamese(value: string): string {
  return memoized(foldedNames, value, fold);
}

function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text that is already bank-safe ASCII: allowed characters, single inner spaces, no edge spaces. */
const bankAsciiAlready = /^(?:[A-Z0-9/\-?:().,'+]+(?: [A-Z0-9/\-?:().,'+]+)*)?$/;

/** Vietnamese Unicode → bank-safe ASCII (uppercase, no diacritics, restricted set); PAYMENT-FORMATS §1.6. */
export function toBankAscii(value: string, maxLength = bankTextLengthMax): string {
  // A payment file converts every name and remittance line: most remittances are ASCII already,
  // and names repeat (memoised like the folded names).
  if (value.length <= maxLength && bankAsciiAlready.test(value)) return value;
  return maxLength === bankTextLengthMax ? memoized(bankNames, value, (text) => bankAscii(text, maxLength)) : bankAscii(value, maxLength);
}

const bankTextLengthMax = 140;
const bankNames = new Map<string, string>();

function bankAscii(value: string, maxLength: number): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toUpperCase()
    .replace(/[^A-Z0-9 /\-?:().,'+]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxLength)
    .trim();
}

/** Keeps the last `visible` characters: "001234567890" → "••••••••7890". */
export function maskTail(value: string, visible = 4): string {
  if (value.length <= visible) return value;
  return '•'.repeat(value.length - visible) + value.slice(-visible);
}

/**
 * Characters no text field may hold: C0 controls but tab, line feed and carriage return, DEL, the C1
 * controls, and UTF-16 halves without their pair. PostgreSQL refuses NUL in text (an error
 * naming no field) and the others only corrupt names, files and logs further on.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const forbiddenInText = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Cs}/u;

/** The first forbidden character of a text as `U+XXXX`, or undefined when the text is clean. */
export function forbiddenCharacterOf(value: string): string | undefined {
  const found = forbiddenInText.exec(value);
  if (!found) return undefined;
  return `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}
