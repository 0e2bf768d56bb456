import type { LocalizedText } from '../../../core/errors.js';

/**
 * Small helpers shared by the validation messages. A message repeats the value the person typed,
 * so they can find it in their file; values are cut so that a huge cell cannot bloat a report of
 * a million rows.
 */
const shownLengthMax = 60;

/** Control characters (NUL…) as they would break a report or a log: a replacement character instead. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Cs}/gu;

export function shown(value: string): string {
  const cut = value.length <= shownLengthMax ? value : `${value.slice(0, shownLengthMax)}…`;
  return cut.replace(controlCharacters, '\uFFFD');
}

/** "Số định danh" → "số định danh", for a label in the middle of a sentence. */
export function lowerFirst(value: string): string {
  return value.charAt(0).toLowerCase() + value.slice(1);
}

/** `2025-03` → `03/2025`, the way a Vietnamese user writes a month. */
export function formatMonthVi(month: string): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

const digitsPattern = /^\d+$/;
const scientificPattern = /^\d(?:[.,]\d+)?E\+?\d+$/i;

/**
 * A hint appended to a format message when `value` looks like a code of `digits` digits that Excel
 * turned into a number: leading zeros dropped, or scientific notation.
 */
export function leadingZeroHint(value: string, digits: number): LocalizedText {
  const mangled = (digitsPattern.test(value) && value.length < digits) || scientificPattern.test(value);
  if (!mangled) return { vi: '', en: '' };
  return {
    vi: ' (có thể Excel đã bỏ số 0 ở đầu: hãy định dạng cột là Văn bản)',
    en: ' (Excel may have dropped leading zeros: format the column as Text)',
  };
}
