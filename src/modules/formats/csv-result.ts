import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { addVnd, vndToString, zeroVnd, type AmountVnd } from '../../core/money.js';
import { foldVietnamese } from '../../core/text.js';
import { invalidInput, parseFailed } from './errors.js';
import { bankText, requireBin, requireIdentifier, requirePattern, requirePositiveAmount, type CharacterSet } from './fields.js';
import { renderInChunks, type ChunkSource } from './streams.js';

/**
 * CSV files for banks and providers that only take "chi hộ" files (PAYMENT-FORMATS §5.2):
 * a streaming reader for their result files, a writer of such files for simulators, and the
 * canonical outbound bulk file with a configurable column mapping.
 */

// ---------------------------------------------------------------------------------------------
// Shared cell and line rendering

export interface CsvLayout {
  /** Default ','. Some Vietnamese Excel installs expect ';'. */
  delimiter?: string;
  /** Start with a UTF-8 BOM so Excel shows Vietnamese correctly; default false. */
  bom?: boolean;
}

/**
 * Cells starting with = + - @ (or tab / CR) run as formulas when a person opens the file in a
 * spreadsheet; a leading apostrophe makes them text (§5.2 pitfalls).
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function quoteCell(cell: string, delimiter: string): string {
  const needsQuotes = cell.includes(delimiter) || /["\r\n]/.test(cell) || cell !== cell.trim();
  return needsQuotes ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** One CRLF-terminated line (RFC 4180). Cells must already be neutralised where needed. */
export function csvLine(cells: readonly string[], delimiter: string): string {
  return `${cells.map((cell) => quoteCell(cell, delimiter)).join(delimiter)}\r\n`;
}

/** Header names compare without case, diacritics, spaces, '_', '-' or '.': "Mã tham chiếu" = "MaThamChieu". */
function headerKey(name: string): string {
  return foldVietnamese(name).replace(/[\s_.-]/g, '');
}

// ---------------------------------------------------------------------------------------------
// Result files (inbound)

export type CsvResultField = 'endToEndId' | 'status' | 'reasonCode' | 'reasonText' | 'bankReference' | 'paidDate' | 'amountVnd';

/** Accepted header names per field, in order of preference (the first one is what we write). */
export type CsvResultColumns = Record<CsvResultField, readonly string[]>;

export const defaultCsvResultColumns: CsvResultColumns = {
  endToEndId: ['MaThamChieu', 'Reference', 'EndToEndId', 'ReferenceId'],
  status: ['TrangThai', 'Status'],
  reasonCode: ['MaLyDo', 'ReasonCode', 'MaLoi', 'ErrorCode'],
  reasonText: ['LyDo', 'ReasonText', 'MoTaLoi', 'ErrorMessage'],
  bankReference: ['SoThamChieuNganHang', 'BankReference', 'MaGiaoDich', 'TransactionReference'],
  paidDate: ['NgayChi', 'PaidDate', 'NgayGiaoDich', 'TransactionDate'],
  // the amount the provider says it moved, when its file carries one (checked against the item)
  amountVnd: ['SoTien', 'Amount', 'AmountVnd', 'SoTienChi', 'TransactionAmount'],
};

const requiredResultFields: readonly CsvResultField[] = ['endToEndId', 'status'];

export interface CsvResultRecord {
  /** Line in the file where the record ends (1 = header), for error reports. */
  line: number;
  endToEndId: string;
  /** The provider's own status text, unchanged; mapping it is provider-specific. */
  status: string;
  reasonCode: string | null;
  reasonText: string | null;
  bankReference: string | null;
  paidDate: string | null;
  /** As written in the file ("1.500.000", "1500000"); its reader turns it into đồng. */
  amountVnd: string | null;
}

export interface ReadCsvResultOptions {
  /** Header names per field; replaces the defaults for the fields given. */
  columns?: Partial<Record<CsvResultField, string | readonly string[]>>;
  delimiter?: string;
  /** Skip rows with an empty reference (e.g. a provider's total row) instead of failing. */
  skipRowsWithoutReference?: boolean;
}

type ColumnIndex = Partial<Record<CsvResultField, number>>;

function resolveColumns(header: readonly string[], names: CsvResultColumns): ColumnIndex {
  const positions = new Map(header.map((name, index) => [headerKey(name), index]));
  const index: ColumnIndex = {};
  for (const field of Object.keys(names) as CsvResultField[]) {
    const found = names[field].map((name) => positions.get(headerKey(name))).find((position) => position !== undefined);
    if (found !== undefined) index[field] = found;
    else if (requiredResultFields.includes(field)) {
      throw parseFailed(`CSV result: no column for ${field} (accepted: ${names[field].join(', ')}; found: ${header.join(', ')})`);
    }
  }
  return index;
}

function mergeColumns(overrides: ReadCsvResultOptions['columns']): CsvResultColumns {
  const merged = { ...defaultCsvResultColumns };
  for (const [field, names] of Object.entries(overrides ?? {}) as [CsvResultField, string | readonly string[]][]) {
    merged[field] = typeof names === 'string' ? [names] : names;
  }
  return merged;
}

interface ParsedRow {
  cells: string[];
  /** csv-parse's line count when the record was complete: its last line. */
  line: number;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item: unknown) => typeof item === 'string');
}

/** csv-parse with `info: true` yields `{ record, info }`; checked here so nothing untyped leaks. */
function asParsedRow(value: unknown): ParsedRow {
  const row = value as { record?: unknown; info?: { lines?: unknown } };
  const line = row.info?.lines;
  if (!isStringArray(row.record) || typeof line !== 'number') throw parseFailed('CSV result: unexpected row shape from the parser');
  return { cells: row.record, line };
}

function cell(row: ParsedRow, index: number | undefined): string | null {
  if (index === undefined) return null;
  const value = row.cells[index]?.trim() ?? '';
  return value === '' ? null : value;
}

function toResultRecord(row: ParsedRow, columns: ColumnIndex): CsvResultRecord {
  const endToEndId = cell(row, columns.endToEndId);
  const status = cell(row, columns.status);
  if (endToEndId === null || status === null) {
    throw parseFailed(`CSV result line ${row.line}: reference and status are required`, { line: row.line });
  }
  return {
    line: row.line,
    endToEndId,
    status,
    reasonCode: cell(row, columns.reasonCode),
    reasonText: cell(row, columns.reasonText),
    bankReference: cell(row, columns.bankReference),
    paidDate: cell(row, columns.paidDate),
    amountVnd: cell(row, columns.amountVnd),
  };
}

/** Malformed CSV (unclosed quote, oversized record) becomes a parse failure; other errors pass. */
function asCsvError(error: unknown): unknown {
  return error instanceof CsvError ? parseFailed(`CSV result is malformed: ${error.message}`) : error;
}

/**
 * Reads a provider's result file as a stream: the first row is the header, every other row one
 * record. Values stay strings (leading zeros survive). A BOM is ignored.
 */
export async function* readCsvResult(source: ChunkSource, options: ReadCsvResultOptions = {}): AsyncGenerator<CsvResultRecord> {
  const parser = parse({
    bom: true,
    delimiter: options.delimiter ?? ',',
    info: true,
    relax_column_count: true, // providers drop empty trailing cells
    skip_empty_lines: true,
    max_record_size: 64 * 1024, // one broken quote must not swallow the whole file into memory
  });
  const input = Readable.from(source);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  const names = mergeColumns(options.columns);
  let columns: ColumnIndex | null = null;
  try {
    for await (const value of parser) {
      const row = asParsedRow(value);
      if (columns === null) {
        columns = resolveColumns(row.cells, names);
        continue;
      }
      if (options.skipRowsWithoutReference && cell(row, columns.endToEndId) === null) continue;
      yield toResultRecord(row, columns);
    }
  } catch (error) {
    throw asCsvError(error);
  } finally {
    input.destroy();
  }
  if (columns === null) throw parseFailed('CSV result: the file is empty');
}

/** What a result file written here carries (simulators and tests): no amounts. */
type WrittenResultField = Exclude<CsvResultField, 'amountVnd'>;
export type WrittenCsvResult = Omit<CsvResultRecord, 'line' | 'amountVnd'>;

export interface WriteCsvResultOptions extends CsvLayout {
  /** Header name per field; default the first name of `defaultCsvResultColumns`. */
  headers?: Partial<Record<WrittenResultField, string>>;
}

const resultFields: readonly WrittenResultField[] = ['endToEndId', 'status', 'reasonCode', 'reasonText', 'bankReference', 'paidDate'];

/** Writes a result file as a provider would (for simulators and tests). */
export async function* writeCsvResult(
  records: AsyncIterable<WrittenCsvResult> | Iterable<WrittenCsvResult>,
  options: WriteCsvResultOptions = {},
): AsyncGenerator<string> {
  const delimiter = options.delimiter ?? ',';
  const header = resultFields.map((field) => options.headers?.[field] ?? defaultCsvResultColumns[field][0]!);
  yield (options.bom ? '\uFEFF' : '') + csvLine(header, delimiter);
  const render = (record: WrittenCsvResult) => csvLine(resultFields.map((field) => neutraliseFormula(record[field] ?? '')), delimiter);
  yield* renderInChunks(records, render);
}

// ---------------------------------------------------------------------------------------------
// Canonical outbound bulk file (§5.2)

export type BulkCsvField = 'endToEndId' | 'accountNumber' | 'beneficiaryName' | 'bin' | 'bankName' | 'amountVnd' | 'description' | 'personalId' | 'rowNumber';

export interface BulkCsvColumn {
  column: string;
  field: BulkCsvField;
}

export type BulkCsvMapping = readonly BulkCsvColumn[];

/** The §5.2 canonical columns. A bank adapter supplies its own mapping (names, order, subset). */
export const defaultBulkCsvMapping: BulkCsvMapping = [
  { column: 'STT', field: 'rowNumber' },
  { column: 'MaThamChieu', field: 'endToEndId' },
  { column: 'SoTaiKhoan', field: 'accountNumber' },
  { column: 'TenNguoiHuong', field: 'beneficiaryName' },
  { column: 'MaNganHang', field: 'bin' },
  { column: 'TenNganHang', field: 'bankName' },
  { column: 'SoTien', field: 'amountVnd' },
  { column: 'NoiDung', field: 'description' },
];

export interface BulkCsvRow {
  endToEndId: string;
  /** Digits only, 6–19; written verbatim so leading zeros survive. */
  accountNumber: string;
  /** Vietnamese as registered; converted per `characterSet`. */
  beneficiaryName: string;
  bin: string;
  bankName?: string;
  amountVnd: AmountVnd;
  description: string;
  /** CCCD (12 digits) or old CMND (9), only when the bank asks for it. */
  personalId?: string;
}

export interface WriteBulkCsvOptions extends CsvLayout {
  /** Default `bank-ascii` (§5.2: TenNguoiHuong via toBankAscii). */
  characterSet?: CharacterSet;
  nameMaxLength?: number;
  descriptionMaxLength?: number;
  /**
   * `excel-text` writes identifiers as ="0011…" so Excel keeps leading zeros when a person opens
   * the file; only for files meant for people, bank importers expect `plain`. Default `plain`.
   */
  identifierStyle?: 'plain' | 'excel-text';
  /** Final row with the count in the row-number column and the total amount; default true. */
  totalRow?: boolean;
  totalLabel?: string;
}

const identifierFields: ReadonlySet<BulkCsvField> = new Set(['endToEndId', 'accountNumber', 'bin', 'personalId']);

function checkMapping(mapping: BulkCsvMapping): void {
  if (mapping.length === 0) throw invalidInput('bulk CSV mapping has no columns');
  const fields = new Set(mapping.map((entry) => entry.field));
  if (!fields.has('endToEndId') || !fields.has('amountVnd')) {
    // Without the reference nothing can be reconciled; without the amount nothing can be checked.
    throw invalidInput('bulk CSV mapping must include endToEndId and amountVnd');
  }
}

/** A checked cell of the bulk file (also the file templates' cells, file-template.ts). */
export function bulkValue(row: BulkCsvRow, field: BulkCsvField, rowNumber: number, options: WriteBulkCsvOptions): string {
  const at = `rows[${rowNumber - 1}]`;
  const characterSet = options.characterSet ?? 'bank-ascii';
  switch (field) {
    case 'rowNumber':
      return String(rowNumber);
    case 'endToEndId':
      return requireIdentifier(row.endToEndId, `${at}.endToEndId`);
    case 'accountNumber':
      return requirePattern(row.accountNumber, /^\d{6,19}$/, `${at}.accountNumber`, 'must be 6–19 digits');
    case 'beneficiaryName':
      return bankText(row.beneficiaryName, `${at}.beneficiaryName`, characterSet, options.nameMaxLength ?? 140);
    case 'bin':
      return requireBin(row.bin, `${at}.bin`);
    case 'bankName':
      return row.bankName === undefined ? '' : bankText(row.bankName, `${at}.bankName`, characterSet, 140);
    case 'amountVnd':
      return vndToString(requirePositiveAmount(row.amountVnd, `${at}.amountVnd`));
    case 'description':
      return bankText(row.description, `${at}.description`, characterSet, options.descriptionMaxLength ?? 140);
    case 'personalId':
      return row.personalId === undefined ? '' : requirePattern(row.personalId, /^(\d{9}|\d{12})$/, `${at}.personalId`, 'must be 9 or 12 digits');
  }
}

function bulkCell(value: string, field: BulkCsvField, options: WriteBulkCsvOptions): string {
  if (options.identifierStyle === 'excel-text' && identifierFields.has(field) && value !== '') return `="${value}"`;
  return neutraliseFormula(value);
}

function totalLine(mapping: BulkCsvMapping, count: number, totalVnd: AmountVnd, options: WriteBulkCsvOptions): string {
  const labelIndex = mapping.findIndex((entry) => entry.field !== 'rowNumber' && entry.field !== 'amountVnd');
  const cells = mapping.map((entry, index) => {
    if (entry.field === 'rowNumber') return String(count);
    if (entry.field === 'amountVnd') return vndToString(totalVnd);
    return index === labelIndex ? (options.totalLabel ?? 'TONG CONG') : '';
  });
  return csvLine(cells, options.delimiter ?? ',');
}

/**
 * Writes the outbound bulk file as string chunks: header, one line per row (validated), and a
 * total row (count and sum) that the bank operator checks against the transmission log.
 */
export async function* writeBulkCsv(
  rows: AsyncIterable<BulkCsvRow> | Iterable<BulkCsvRow>,
  mapping: BulkCsvMapping = defaultBulkCsvMapping,
  options: WriteBulkCsvOptions = {},
): AsyncGenerator<string> {
  checkMapping(mapping);
  const delimiter = options.delimiter ?? ',';
  yield (options.bom ? '\uFEFF' : '') + csvLine(mapping.map((entry) => neutraliseFormula(entry.column)), delimiter);
  let count = 0;
  let totalVnd = zeroVnd;
  const render = (row: BulkCsvRow, position: number): string => {
    const cells = mapping.map((entry) => bulkCell(bulkValue(row, entry.field, position + 1, options), entry.field, options));
    count++;
    totalVnd = addVnd(totalVnd, row.amountVnd);
    return csvLine(cells, delimiter);
  };
  yield* renderInChunks(rows, render);
  if (options.totalRow ?? true) yield totalLine(mapping, count, totalVnd, options);
}
