/**
 * "Đắk Hà" → "dak ha": search that ignores diacritics, the way officers type on phones without a
 * Vietnamese keyboard. Mirrors foldVietnamese in src/core/text.ts (đ/Đ do not decompose in NFD).
 */
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

/** Whether `text` contains `query`, both folded. */
export function matchesFolded(text: string, query: string): boolean {
  return foldVietnamese(text).includes(foldVietnamese(query));
}
