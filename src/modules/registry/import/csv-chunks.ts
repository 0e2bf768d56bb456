import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { assert } from '../../../core/assert.js';
import { domainError } from '../../../core/errors.js';

/**
 * A CSV file cut into pieces of whole records, so that several threads can parse and validate it
 * at once (stage-chunks.ts). Only record ends are looked for: a line break outside quotes. Inside
 * a well-formed file a quote opens or closes a quoted field or is one of a doubled pair, so
 * counting quotes tells whether a line break is inside a field; a file where this is not so is
 * one csv-parse refuses anyway, in whichever piece holds the fault.
 *
 * Each piece knows the row number of its first record: rows keep the numbers Excel shows, as when
 * the file is read in one stream.
 */
export interface CsvChunk {
  bytes: Uint8Array;
  /** Row number of the chunk's first record (the header is row 1). */
  firstRow: number;
  /** Records in the chunk. */
  records: number;
}

export type RecordDelimiter = '\n' | '\r\n';

/** Options of every piece's parse: those of the streaming reader (reader.ts), with its record delimiter fixed. */
export function chunkParseOptions(recordDelimiter: RecordDelimiter) {
  return { bom: true, relax_column_count: true, skip_empty_lines: false, trim: false, record_delimiter: recordDelimiter } as const;
}

const quote = 0x22;
const lineFeed = 0x0a;
const carriageReturn = 0x0d;

/** Bytes read to find the end of the header row; a longer header is not a template header. */
const headerBytesMax = 64 * 1024;

/**
 * A record longer than this is not a template row (a quote left open swallowing the rest of the
 * file, or not a CSV file at all): refused rather than held whole in memory.
 */
export const recordBytesMax = 8 * 1024 * 1024;

/**
 * How the file's records end, from its first line break (`null` when the first `headerBytesMax`
 * bytes hold none: a one-line file, or one with old Mac line ends, read as one stream instead).
 */
export async function recordDelimiterOf(path: string): Promise<RecordDelimiter | null> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(headerBytesMax);
    const { bytesRead } = await file.read(buffer, 0, headerBytesMax, 0);
    const end = buffer.subarray(0, bytesRead).indexOf(lineFeed);
    if (end < 0) return null;
    return end > 0 && buffer[end - 1] === carriageReturn ? '\r\n' : '\n';
  } finally {
    await file.close();
  }
}

/**
 * A chunk's records, parsed as the stream reader (reader.ts) would parse them: csv-parse with the
 * same options. Most records of a template file hold no quote at all (Excel quotes only a field
 * with a comma, a quote or a line break); such a record is its fields between commas, so it is
 * split natively and only the records with a quote go through csv-parse, which is the slower part
 * of reading a large file. A record with
 * a quote runs to the line break where the quotes seen since its start are even (the argument of
 * the chunk splitter below); csv-parse then judges it whole, faults included.
 *
 * Each record is decoded on its own: V8 keeps a long substring as a view of the string it came
 * from, and a field held for longer (a name remembered by core/text.ts) would otherwise keep the
 * whole decoded chunk alive.
 */
export function parseChunk(chunk: Pick<CsvChunk, 'bytes'>, recordDelimiter: RecordDelimiter): string[][] {
  const bytes = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength);
  const delimiter = Buffer.from(recordDelimiter);
  const records: string[][] = [];
  // csv-parse's `bom` option: a byte order mark opening the input is not data
  let start = bytes.subarray(0, 3).equals(utf8ByteOrderMark) ? 3 : 0;
  // The next quote not yet counted: one pass over the chunk finds them all.
  let nextQuote = bytes.indexOf(quote, start);
  const quotesBefore = (end: number): number => {
    let count = 0;
    for (; nextQuote >= 0 && nextQuote < end; nextQuote = bytes.indexOf(quote, nextQuote + 1)) count += 1;
    return count;
  };
  while (start < bytes.length) {
    let end = endOfLine(bytes, delimiter, start);
    let quotes = quotesBefore(end);
    if (quotes === 0) {
      records.push(bytes.toString('utf8', start, end).split(','));
      start = end + delimiter.length;
      continue;
    }
    // Extend to the record's real end: quotes open and close in pairs (a doubled quote is a pair).
    while (quotes % 2 === 1 && end < bytes.length) {
      const lineEnd = endOfLine(bytes, delimiter, end + delimiter.length);
      quotes += quotesBefore(lineEnd);
      end = lineEnd;
    }
    try {
      for (const record of parse(bytes.toString('utf8', start, end), chunkParseOptions(recordDelimiter)) as string[][]) records.push(record);
    } catch (error) {
      // the parser counts records from the start of what it was given: here, this record
      (error as { records?: number }).records = records.length + Number((error as { records?: number }).records ?? 0);
      throw error;
    }
    start = end + delimiter.length;
  }
  return records;
}

const utf8ByteOrderMark = Buffer.from([0xef, 0xbb, 0xbf]);

function endOfLine(bytes: Buffer, delimiter: Buffer, from: number): number {
  const end = bytes.indexOf(delimiter, from);
  return end < 0 ? bytes.length : end;
}

/**
 * Scans for record ends outside quotes, from `from` to the end of `buffer`, with native searches
 * (a region without quotes is searched for line breaks only).
 */
class RecordScanner {
  /** Offset after the last record end found. */
  lastEnd = 0;
  /** Records ended before `lastEnd`. */
  records = 0;
  private scanned = 0;
  private inQuotes = false;

  constructor(private readonly crlf: boolean) {}

  scan(buffer: Buffer, stopAfterFirst = false): void {
    let position = this.scanned;
    while (position < buffer.length) {
      const nextQuote = buffer.indexOf(quote, position);
      const regionEnd = nextQuote < 0 ? buffer.length : nextQuote;
      if (!this.inQuotes) {
        let lineEnd = buffer.indexOf(lineFeed, position);
        while (lineEnd >= 0 && lineEnd < regionEnd) {
          if (!this.crlf || (lineEnd > 0 && buffer[lineEnd - 1] === carriageReturn)) {
            this.records += 1;
            this.lastEnd = lineEnd + 1;
            if (stopAfterFirst) {
              this.scanned = lineEnd + 1;
              return;
            }
          }
          lineEnd = buffer.indexOf(lineFeed, lineEnd + 1);
        }
      }
      if (nextQuote < 0) break;
      this.inQuotes = !this.inQuotes;
      position = nextQuote + 1;
    }
    this.scanned = buffer.length;
  }

  /** The buffer now starts `offset` bytes later (the records before it were sent). */
  shift(offset: number): void {
    this.scanned -= offset;
    this.lastEnd -= offset;
    this.records = 0;
  }
}

/**
 * The header record as a chunk of its own, then chunks of whole records of about `chunkBytes`
 * each (a single record longer than that makes a longer chunk). The last chunk holds what follows
 * the last line break, if anything: a last record without a line break, or an unclosed quote that
 * its parse then reports.
 */
export async function* csvChunks(path: string, recordDelimiter: RecordDelimiter, chunkBytes: number): AsyncGenerator<CsvChunk> {
  assert(chunkBytes > 0, 'chunks need a size');
  const scanner = new RecordScanner(recordDelimiter === '\r\n');
  let buffer: Buffer = Buffer.alloc(0);
  let nextRow = 1;
  let headerSent = false;
  const take = (end: number, records: number): CsvChunk => {
    const chunk = { bytes: new Uint8Array(buffer.subarray(0, end)), firstRow: nextRow, records };
    nextRow += records;
    buffer = buffer.subarray(end);
    scanner.shift(end);
    return chunk;
  };
  for await (const piece of createReadStream(path, { highWaterMark: Math.min(chunkBytes, 1024 * 1024) })) {
    buffer = buffer.length === 0 ? (piece as Buffer) : Buffer.concat([buffer, piece as Buffer]);
    if (!headerSent) {
      scanner.scan(buffer, true);
      if (scanner.records === 0) {
        if (buffer.length > headerBytesMax) throw headerTooLong();
        continue;
      }
      headerSent = true;
      yield take(scanner.lastEnd, 1);
    }
    scanner.scan(buffer);
    if (scanner.lastEnd >= chunkBytes) yield take(scanner.lastEnd, scanner.records);
    else if (buffer.length - scanner.lastEnd > recordBytesMax) throw recordTooLong(nextRow + scanner.records);
  }
  if (!headerSent && buffer.length > 0) {
    yield take(buffer.length, 1);
    return;
  }
  if (scanner.lastEnd > 0) yield take(scanner.lastEnd, scanner.records);
  if (buffer.length > 0) yield take(buffer.length, 1);
}

function recordTooLong(row: number) {
  const mb = recordBytesMax / 1048576;
  return domainError('FILE_UNREADABLE', 400, `Không đọc được tệp CSV ở dòng ${row}: dòng dài quá ${mb} MB (có thể thiếu dấu " đóng)`,
    `Cannot read the CSV file at row ${row}: the row is longer than ${mb} MB (perhaps a quote left open)`, { row });
}

function headerTooLong() {
  return domainError('FILE_UNREADABLE', 400, 'Không đọc được tệp CSV: dòng tiêu đề quá dài', 'Cannot read the CSV file: the header row is too long', { row: 1 });
}
