/** Minimal XML writing helpers for the ISO 20022 writers: text escaping and leaf elements. */

const xmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Control characters other than tab/LF/CR, lone surrogates and U+FFFE/U+FFFF: XML 1.0 forbids
 * most of them, and a bank parser would reject the whole file for one such character in a name.
 */
const notXmlText = /[^\P{Cc}\t\n\r]|\p{Cs}|[\uFFFE\uFFFF]/gu;

/** Characters that escapeXml changes or replaces (most values have none: returned as they are). */
const needsXmlEscape = /[&<>"']|[^\P{Cc}\t\n\r]|\p{Cs}|[\uFFFE\uFFFF]/u;

/** Escapes the five XML specials; characters XML cannot carry become a space. */
export function escapeXml(value: string): string {
  if (!needsXmlEscape.test(value)) return value;
  return value
    .replace(notXmlText, ' ')
    .replace(/[&<>"']/g, (ch) => xmlEscapes[ch]!);
}

/** `<Name>escaped text</Name>` */
export function leaf(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

/** `leaf` when the value is present, nothing otherwise: for 0..1 elements. */
export function optionalLeaf(name: string, text: string | null | undefined): string {
  return text === undefined || text === null ? '' : leaf(name, text);
}

export const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
