import type ExcelJS from 'exceljs';
import { domainError, type AppError } from '../../core/errors.js';
import { addVnd, vndToNumber, vndToString, zeroVnd, type AmountVnd } from '../../core/money.js';
import { bulkValue, csvLine, neutraliseFormula, type BulkCsvField, type BulkCsvRow } from './csv-result.js';
import { bankText, requirePositiveAmount, type CharacterSet } from './fields.js';
import { renderInChunks } from './streams.js';

/**
 * File templates: a provider's bulk CSV/XLSX layout as data (columns, headers, order, amount and
 * date formats, encoding, delimiter), validated here and rendered by the same code for every
 * provider. The shipped templates are in `resources/file-templates/`; a provider's own is stored
 * by the disbursement module (`provider_file_templates`), versioned.
 */

export const templateFields = [
  'rowNumber',
  'endToEndId',
  'accountNumber',
  'phone',
  'beneficiaryName',
  'fullName',
  'personalId',
  'bin',
  'bankName',
  'amountVnd',
  'description',
  'month',
  'date',
  'communeCode',
  'representativeName',
  'blank',
] as const;
export type TemplateField = (typeof templateFields)[number];

/** The formats a field may take; its first is the default. Fields not listed take none. */
export const fieldFormats: Partial<Record<TemplateField, readonly string[]>> = {
  amountVnd: ['plain', 'dot-thousands'],
  date: ['dd/MM/yyyy', 'yyyy-MM-dd'],
  month: ['MM/yyyy', 'yyyy-MM'],
};

/** UTF-8, with or without a BOM (Excel needs the BOM to show Vietnamese in a CSV). Windows-1258 is not offered: it writes most Vietnamese letters as a base and a combining tone mark, which needs a decomposition we cannot check against a provider here. */
export const templateEncodings = ['utf-8', 'utf-8-bom'] as const;
export const templateDelimiters = [',', ';', '\t', '|'] as const;
export const templateFormats = ['csv', 'xlsx'] as const;
export const templateTexts = ['bank-ascii', 'utf8'] as const;

export interface TemplateColumn {
  header: string;
  field: TemplateField;
  format?: string;
}

export interface FileTemplate {
  name: string;
  /** What the provider takes; the other format can still be written with the same columns. */
  format: (typeof templateFormats)[number];
  encoding: (typeof templateEncodings)[number];
  delimiter: (typeof templateDelimiters)[number];
  /** Whether the first line names the columns. */
  header: boolean;
  /** Names and free text: upper-case ASCII without diacritics (banks), or Vietnamese kept. */
  text: CharacterSet;
  columns: TemplateColumn[];
  /** A last line with the count (row-number column), the label and the total amount. */
  totalRow: boolean;
  /** The XLSX sheet's name. */
  sheetName: string;
  /** What the template rests on, and what is not known of the provider's real layout. */
  note?: string;
}

const columnsMax = 40;
const headerLengthMax = 100;
const nameLengthMax = 100;
const noteLengthMax = 2000;
const templateKeys = new Set(['name', 'format', 'encoding', 'delimiter', 'header', 'text', 'columns', 'totalRow', 'sheetName', 'note']);
const columnKeys = new Set(['header', 'field', 'format']);

function templateError(code: string, vi: string, en: string, details: Record<string, unknown> = {}): AppError {
  return domainError(code, 400, `Mẫu tệp không hợp lệ: ${vi}`, `The file template is invalid: ${en}`, details);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T | undefined, code: string, key: string): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw templateError(code, `"${key}" phải là một trong ${allowed.map((item) => JSON.stringify(item)).join(', ')}`, `"${key}" must be one of ${allowed.map((item) => JSON.stringify(item)).join(', ')}`, { key, value, allowed });
  }
  return value as T;
}

function flag(value: unknown, fallback: boolean, key: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw templateError('TEMPLATE_VALUE_INVALID', `"${key}" phải là true hoặc false`, `"${key}" must be true or false`, { key, value });
  return value;
}

function text(value: unknown, maxLength: number, code: string, key: string, details: Record<string, unknown> = {}): string {
  if (typeof value !== 'string' || value.trim() !== value || value.length > maxLength || /\p{Cc}/u.test(value)) {
    throw templateError(code, `"${key}" phải là chuỗi tối đa ${maxLength} ký tự, không có khoảng trắng đầu/cuối`, `"${key}" must be a string of at most ${maxLength} characters without leading or trailing spaces`, { key, ...details });
  }
  return value;
}

function parseColumn(value: unknown, index: number): TemplateColumn {
  const column = index + 1;
  if (!isRecord(value)) throw templateError('TEMPLATE_COLUMN_INVALID', `cột ${column} phải là một đối tượng { header, field, format? }`, `column ${column} must be an object { header, field, format? }`, { column });
  const unknown = Object.keys(value).find((key) => !columnKeys.has(key));
  if (unknown !== undefined) throw templateError('TEMPLATE_COLUMN_INVALID', `cột ${column} có khoá lạ "${unknown}"`, `column ${column} has an unknown key "${unknown}"`, { column, key: unknown });
  const header = text(value.header, headerLengthMax, 'TEMPLATE_COLUMN_HEADER_INVALID', 'header', { column });
  if (typeof value.field !== 'string' || !(templateFields as readonly string[]).includes(value.field)) {
    throw templateError(
      'TEMPLATE_COLUMN_FIELD_INVALID',
      `cột ${column} ("${header}"): trường "${String(value.field)}" không có; dùng một trong ${templateFields.join(', ')}`,
      `column ${column} ("${header}"): there is no field "${String(value.field)}"; use one of ${templateFields.join(', ')}`,
      { column, field: value.field, allowed: templateFields },
    );
  }
  const field = value.field as TemplateField;
  const formats = fieldFormats[field];
  if (value.format === undefined) return { header, field };
  if (formats === undefined || typeof value.format !== 'string' || !formats.includes(value.format)) {
    const allowed = formats ?? [];
    throw templateError(
      'TEMPLATE_COLUMN_FORMAT_INVALID',
      `cột ${column} ("${header}", ${field}): định dạng "${String(value.format)}" không dùng được${allowed.length ? `; dùng ${allowed.join(' hoặc ')}` : '; trường này không có định dạng'}`,
      `column ${column} ("${header}", ${field}): the format "${String(value.format)}" does not apply${allowed.length ? `; use ${allowed.join(' or ')}` : '; this field takes no format'}`,
      { column, field, format: value.format, allowed },
    );
  }
  return { header, field, format: value.format };
}

/** Excel's rules for a sheet name. */
function sheetName(value: unknown): string {
  if (value === undefined) return 'ChiHo';
  if (typeof value !== 'string' || value.length < 1 || value.length > 31 || /[[\]:*?/\\]/.test(value) || value.trim() !== value) {
    throw templateError('TEMPLATE_VALUE_INVALID', '"sheetName" phải dài 1–31 ký tự, không có [ ] : * ? / \\', '"sheetName" must be 1–31 characters without [ ] : * ? / \\', { key: 'sheetName', value });
  }
  return value;
}

/**
 * Checks a template read from JSON (a file, a request) and fills in the defaults. Every problem is
 * a TEMPLATE_… error naming the key, or the column (1-based) and its field.
 */
export function parseFileTemplate(value: unknown): FileTemplate {
  if (!isRecord(value)) throw templateError('TEMPLATE_INVALID', 'cần một đối tượng JSON', 'a JSON object is expected');
  const unknown = Object.keys(value).find((key) => !templateKeys.has(key));
  if (unknown !== undefined) {
    throw templateError('TEMPLATE_INVALID', `khoá lạ "${unknown}" (dùng ${[...templateKeys].join(', ')})`, `unknown key "${unknown}" (use ${[...templateKeys].join(', ')})`, { key: unknown });
  }
  const name = text(value.name, nameLengthMax, 'TEMPLATE_NAME_INVALID', 'name');
  if (name === '') throw templateError('TEMPLATE_NAME_INVALID', 'cần tên mẫu ("name")', 'the template needs a "name"', { key: 'name' });
  if (!Array.isArray(value.columns) || value.columns.length === 0 || value.columns.length > columnsMax) {
    throw templateError('TEMPLATE_COLUMNS_INVALID', `"columns" phải là danh sách 1–${columnsMax} cột`, `"columns" must be a list of 1–${columnsMax} columns`, { key: 'columns' });
  }
  const columns = value.columns.map(parseColumn);
  const header = flag(value.header, true, 'header');
  for (const field of ['endToEndId', 'amountVnd'] as const) {
    // Without our reference nothing comes back reconciled; without the amount nothing can be checked.
    if (!columns.some((column) => column.field === field)) {
      throw templateError('TEMPLATE_FIELD_MISSING', `thiếu cột cho trường ${field}`, `no column carries the field ${field}`, { field });
    }
  }
  if (header) {
    const seen = new Map<string, number>();
    columns.forEach((column, index) => {
      const first = seen.get(column.header);
      if (column.header !== '' && first !== undefined) {
        throw templateError('TEMPLATE_COLUMN_HEADER_DUPLICATE', `cột ${index + 1} trùng tên "${column.header}" với cột ${first}`, `column ${index + 1} has the same header "${column.header}" as column ${first}`, { column: index + 1, header: column.header, sameAs: first });
      }
      seen.set(column.header, index + 1);
    });
  }
  const template: FileTemplate = {
    name,
    format: oneOf(value.format, templateFormats, undefined, 'TEMPLATE_FORMAT_INVALID', 'format'),
    encoding: oneOf(value.encoding, templateEncodings, 'utf-8-bom', 'TEMPLATE_ENCODING_INVALID', 'encoding'),
    delimiter: oneOf(value.delimiter, templateDelimiters, ',', 'TEMPLATE_DELIMITER_INVALID', 'delimiter'),
    header,
    text: oneOf(value.text, templateTexts, 'bank-ascii', 'TEMPLATE_VALUE_INVALID', 'text'),
    columns,
    totalRow: flag(value.totalRow, false, 'totalRow'),
    sheetName: sheetName(value.sheetName),
  };
  if (value.note !== undefined) template.note = text(value.note, noteLengthMax, 'TEMPLATE_VALUE_INVALID', 'note');
  return template;
}

/** A line of a bulk file: the payment, and what the other columns may show. */
export interface TemplateRow extends BulkCsvRow {
  /** The beneficiary's registered name (`beneficiaryName` is the account holder's when known). */
  fullName: string;
  /** A wallet's or Mobile Money account's phone number (that is its account number); absent for a bank account. */
  phone?: string;
  representativeName?: string;
  communeCode?: string;
}

/** What is the same on every line: the cycle's month (YYYY-MM) and the file's date (YYYY-MM-DD). */
export interface TemplateContext {
  month: string;
  date: string;
}

/** A rendered cell: its text (CSV), and for XLSX a number and a number format where it is one. */
export interface TemplateCell {
  text: string;
  number?: number;
  numFmt?: string;
  /** Identifiers stay text in XLSX so Excel keeps leading zeros. */
  identifier?: boolean;
}

const identifierFields: ReadonlySet<TemplateField> = new Set(['endToEndId', 'accountNumber', 'phone', 'bin', 'personalId']);

function amountCell(amountVnd: AmountVnd, format: string | undefined): TemplateCell {
  const plain = vndToString(amountVnd);
  if (format === 'dot-thousands') return { text: plain.replace(/\B(?=(\d{3})+(?!\d))/g, '.'), number: vndToNumber(amountVnd), numFmt: '#,##0' };
  return { text: plain, number: vndToNumber(amountVnd) };
}

function dateText(isoDate: string, format: string | undefined): string {
  const [year, month, day] = isoDate.split('-');
  return format === 'yyyy-MM-dd' ? isoDate : `${day}/${month}/${year}`;
}

function monthText(isoMonth: string, format: string | undefined): string {
  const [year, month] = isoMonth.split('-');
  return format === 'yyyy-MM' ? isoMonth : `${month}/${year}`;
}

function optionalText(value: string | undefined, field: string, characterSet: CharacterSet): string {
  return value === undefined || value.trim() === '' ? '' : bankText(value, field, characterSet, 140);
}

function cellOf(template: FileTemplate, column: TemplateColumn, row: TemplateRow, position: number, context: TemplateContext): TemplateCell {
  const at = `rows[${position - 1}]`;
  switch (column.field) {
    case 'rowNumber':
      return { text: String(position), number: position };
    case 'amountVnd':
      return amountCell(requirePositiveAmount(row.amountVnd, `${at}.amountVnd`), column.format);
    case 'phone':
      return { text: row.phone ?? '', identifier: true };
    case 'fullName':
      return { text: bankText(row.fullName, `${at}.fullName`, template.text, 140) };
    case 'representativeName':
      return { text: optionalText(row.representativeName, `${at}.representativeName`, template.text) };
    case 'communeCode':
      return { text: row.communeCode ?? '', identifier: true };
    case 'month':
      return { text: monthText(context.month, column.format) };
    case 'date':
      return { text: dateText(context.date, column.format) };
    case 'blank':
      return { text: '' };
    default:
      return { text: bulkValue(row, column.field satisfies BulkCsvField, position, { characterSet: template.text }), identifier: identifierFields.has(column.field) };
  }
}

/** The cells of one line, checked (a bad account number or ID stops the file with FORMAT_INPUT_INVALID). */
export function templateCells(template: FileTemplate, row: TemplateRow, position: number, context: TemplateContext): TemplateCell[] {
  return template.columns.map((column) => cellOf(template, column, row, position, context));
}

/** The total line: the count in the row-number column, the label in the first other column, the sum in the amount column. */
export function templateTotalCells(template: FileTemplate, count: number, totalVnd: AmountVnd): TemplateCell[] {
  const labelIndex = template.columns.findIndex((column) => column.field !== 'rowNumber' && column.field !== 'amountVnd');
  const label = template.text === 'bank-ascii' ? 'TONG CONG' : 'Tổng cộng';
  return template.columns.map((column, index) => {
    if (column.field === 'rowNumber') return { text: String(count), number: count };
    if (column.field === 'amountVnd') return amountCell(totalVnd, column.format);
    return { text: index === labelIndex ? label : '' };
  });
}

export function templateHeaders(template: FileTemplate): string[] {
  return template.columns.map((column) => column.header);
}

/** A sum of the lines written, for the total line. */
export class TemplateTotals {
  count = 0;
  totalVnd: AmountVnd = zeroVnd;
  add(row: TemplateRow): void {
    this.count += 1;
    this.totalVnd = addVnd(this.totalVnd, row.amountVnd);
  }
}

/** Writes a CSV file from a template, as string chunks (header, lines, total line). */
export async function* writeTemplateCsv(
  rows: AsyncIterable<TemplateRow> | Iterable<TemplateRow>,
  template: FileTemplate,
  context: TemplateContext,
): AsyncGenerator<string> {
  const bom = template.encoding === 'utf-8-bom' ? '\uFEFF' : '';
  const line = (cells: readonly string[]) => csvLine(cells.map(neutraliseFormula), template.delimiter);
  if (template.header) yield bom + line(templateHeaders(template));
  else if (bom) yield bom;
  const totals = new TemplateTotals();
  yield* renderInChunks(rows, (row, index) => {
    const cells = templateCells(template, row, index + 1, context);
    totals.add(row);
    return line(cells.map((cell) => cell.text));
  });
  if (template.totalRow) yield line(templateTotalCells(template, totals.count, totals.totalVnd).map((cell) => cell.text));
}

/** Adds one line of template cells to an XLSX sheet (identifiers as text cells, amounts as numbers) and commits it. */
export function addTemplateXlsxRow(sheet: ExcelJS.Worksheet, cells: readonly TemplateCell[], bold = false): void {
  const row = sheet.addRow(cells.map((cell) => cell.number ?? (cell.identifier ? cell.text : neutraliseFormula(cell.text))));
  cells.forEach((cell, index) => {
    if (cell.identifier) row.getCell(index + 1).numFmt = '@';
    else if (cell.numFmt) row.getCell(index + 1).numFmt = cell.numFmt;
  });
  if (bold) row.font = { bold: true };
  row.commit();
}

/** The header line of an XLSX sheet, bold. */
export function addTemplateXlsxHeader(sheet: ExcelJS.Worksheet, template: FileTemplate): void {
  if (template.header) addTemplateXlsxRow(sheet, templateHeaders(template).map((header) => ({ text: header })), true);
}
