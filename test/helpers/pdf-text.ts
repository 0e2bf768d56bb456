import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF written by pdfkit, for tests that must know what a printed list says: streams
 * inflated, each Type0 font's ToUnicode map read (pdfkit's bfrange arrays, and bfchar for other
 * writers), and the glyph codes of every `Tj` / `TJ` decoded with the font selected by `Tf`.
 * Each text operation becomes one line of the result, so a table cell is one line.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, { dictionary: string; stream: Buffer | null }>();
  const header = /(\d+) 0 obj\b/g;
  for (let match = header.exec(raw); match; match = header.exec(raw)) {
    const from = match.index + match[0].length;
    const endobj = raw.indexOf('endobj', from);
    const streamAt = raw.indexOf('stream', from);
    if (streamAt < 0 || (endobj >= 0 && endobj < streamAt)) {
      objects.set(Number(match[1]), { dictionary: raw.slice(from, endobj), stream: null });
      header.lastIndex = endobj;
      continue;
    }
    const dictionary = raw.slice(from, streamAt);
    const length = /\/Length (\d+)(?! \d+ R)/.exec(dictionary);
    if (!length) throw new Error(`object ${match[1]}: stream without a direct /Length`);
    const start = raw.indexOf('\n', streamAt) + 1;
    let data = pdf.subarray(start, start + Number(length[1]));
    if (/\/FlateDecode/.test(dictionary)) data = inflateSync(data);
    objects.set(Number(match[1]), { dictionary, stream: data });
    header.lastIndex = start + Number(length[1]);
  }

  // Font resource name (/F1) → object → its ToUnicode map.
  const cmaps = new Map<number, Map<number, string>>();
  for (const [id, object] of objects) {
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(object.dictionary);
    if (!toUnicode) continue;
    const cmap = objects.get(Number(toUnicode[1]))?.stream;
    if (cmap) cmaps.set(id, parseCmap(cmap.toString('latin1')));
  }
  const fontsByName = new Map<string, Map<number, string>>();
  for (const object of objects.values()) {
    const fonts = /\/Font\s*<<([\s\S]*?)>>/.exec(object.dictionary);
    if (!fonts) continue;
    for (const entry of fonts[1]!.matchAll(/\/([A-Za-z0-9_]+)\s+(\d+) 0 R/g)) {
      const cmap = cmaps.get(Number(entry[2]));
      if (cmap) fontsByName.set(entry[1]!, cmap);
    }
  }

  const lines: string[] = [];
  for (const object of objects.values()) {
    if (!object.stream || object.dictionary.includes('/ToUnicode') || /\/Subtype\s*\/(Image|Type1C|CIDFontType0C|OpenType)/.test(object.dictionary)) continue;
    const content = object.stream.toString('latin1');
    if (!/\b(Tj|TJ)\b/.test(content)) continue;
    let font: Map<number, string> | undefined;
    const operations = /\/([A-Za-z0-9_]+)\s+[\d.]+\s+Tf|(<[0-9a-fA-F\s]*>)\s*Tj|\[((?:[^\]])*)\]\s*TJ/g;
    for (let op = operations.exec(content); op; op = operations.exec(content)) {
      if (op[1]) {
        font = fontsByName.get(op[1]);
        continue;
      }
      const hexes = op[2] ? [op[2]] : [...op[3]!.matchAll(/<[0-9a-fA-F\s]*>/g)].map((item) => item[0]);
      lines.push(hexes.map((hex) => decode(hex, font)).join(''));
    }
  }
  return lines.join('\n');
}

function decode(hex: string, font: Map<number, string> | undefined): string {
  const digits = hex.replace(/[<>\s]/g, '');
  let text = '';
  for (let i = 0; i + 4 <= digits.length; i += 4) {
    const code = parseInt(digits.slice(i, i + 4), 16);
    text += font?.get(code) ?? '\uFFFD';
  }
  return text;
}

function unicodeOf(hex: string): string {
  const digits = hex.replace(/[<>\s]/g, '');
  const units: number[] = [];
  for (let i = 0; i + 4 <= digits.length; i += 4) units.push(parseInt(digits.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}

function parseCmap(text: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const range of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g)) {
      const start = parseInt(range[1]!, 16);
      const end = parseInt(range[2]!, 16);
      if (range[3]!.startsWith('[')) {
        const targets = [...range[3]!.matchAll(/<[0-9a-fA-F\s]*>/g)].map((item) => unicodeOf(item[0]));
        targets.forEach((target, index) => map.set(start + index, target));
      } else {
        const first = parseInt(range[3]!.replace(/[<>\s]/g, ''), 16);
        for (let code = start; code <= end; code++) map.set(code, String.fromCharCode(first + code - start));
      }
    }
  }
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const entry of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F\s]+>)/g)) map.set(parseInt(entry[1]!, 16), unicodeOf(entry[2]!));
  }
  return map;
}
