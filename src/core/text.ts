/**
 * Vietnamese text helpers. Names are stored in NFC exactly as given; comparisons and search use a
 * folded form: no diacritics, đ→d, lower case, single spaces.
 */
export function normalizeName(value: string): string {
  return value.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** "  Nguyễn Thị  Đào " → "nguyen thi dao". NFD strips tones and vowel marks; đ/Đ do not decompose. */
export function foldVietnamese(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Vietnamese Unicode → bank-safe ASCII (uppercase, no diacritics, restricted set); PAYMENT-FORMATS §1.6. */
export function toBankAscii(value: string, maxLength = 140): string {
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
