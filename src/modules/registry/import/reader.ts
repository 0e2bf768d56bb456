import { extname } from 'node:path';
import { parseCsvFile } from '../../formats/csv-file.js';
import type ExcelJS from 'exceljs';
import { domainError } from '../../../core/errors.js';

/** One line of a spreadsheet: `rowNumber` as Excel shows it (the header is row 1). */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

export type SheetFormat = 'csv' | 'xlsx';

export function formatOfFile(fileName: string): SheetFormat {
  const extension = extname(fileName).toLowerCase();
  if (extension === '.csv' || extension === '.txt') return 'csv';
  if (extension === '.xlsx') return 'xlsx';
  throw domainError('FILE_FORMAT', 400, `Chỉ nhận tệp CSV hoặc XLSX (tệp: ${fileName})`, `Only CSV or XLSX files are accepted (file: ${fileName})`, {
    file: fileName,
  });
}

/**
 * CSV (UTF-8, with or without BOM, RFC 4180 quoting) as a stream of rows: memory stays flat for
 * any file size.
 */
async function* readCsv(path: string): AsyncGenerator<SheetRow> {
  const parser = parseCsvFile(path, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: false });
  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber += 1;
      yield { rowNumber, cells: record };
    }
  } catch (error) {
    throw csvUnreadable(rowNumber + 1, error as Error);
  }
}

/**
 * A CSV file that cannot be parsed, at its row `row`. The parser's reason is kept without its own
 * line count, which counts from wherever its input began (a piece of the file, read in parallel).
 */
export function csvUnreadable(row: number, error: Error) {
  const reason = error.message.replace(/ at line \d+/, '');
  return domainError('FILE_UNREADABLE', 400, `Không đọc được tệp CSV ở dòng ${row}: ${reason}`, `Cannot read the CSV file at row ${row}: ${reason}`, { row });
}

/** A cell as the text a person sees: dates as dd/mm/yyyy, numbers without grouping. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel dates carry no time zone; exceljs reads them as UTC midnight.
    const day = String(value.getUTCDate()).padStart(2, '0');
    const month = String(value.getUTCMonth() + 1).padStart(2, '0');
    return `${day}/${month}/${value.getUTCFullYear()}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

/** The first worksheet of an XLSX file, streamed row by row (exceljs WorkbookReader). */
async function* readXlsx(path: string): AsyncGenerator<SheetRow> {
  // Loaded for XLSX files only: the threads that read CSV files never need its 20 MB.
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(path, { entries: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        // row.values is sparse (index 0 unused, empty cells are holes): Array.from visits holes.
        const values = (row.values as ExcelJS.CellValue[]).slice(1);
        yield { rowNumber: row.number, cells: Array.from(values, cellText) };
      }
      return; // the template is the first sheet only
    }
  } catch (error) {
    throw domainError('FILE_UNREADABLE', 400, `Không đọc được tệp Excel: ${(error as Error).message}`, `Cannot read the Excel file: ${(error as Error).message}`);
  }
}

export function readSheet(path: string, format: SheetFormat): AsyncGenerator<SheetRow> {
  return format === 'csv' ? readCsv(path) : readXlsx(path);
}
