import { AppError, domainError, isAppError } from '../../../core/errors.js';
import { addMonths, monthOfDate } from '../../../core/month.js';
import { foldVietnamese } from '../../../core/text.js';
import { limits } from '../../../limits.js';
import { validateHeader, validateImportRow, type ImportColumnKey, type ImportRecord, type ImportRowOptions, type RowIssue } from '../validation/import-row.js';
import type { SheetRow } from './reader.js';

/**
 * Reading, validating and encoding a template file, as a stream of messages small enough to pass
 * between threads: the import runs this in a worker thread (stage.worker.ts) so that a million
 * rows neither block the server's event loop nor wait for the database, and inline for the few
 * rows of a form.
 */
export interface IssueRow extends RowIssue {
  severity: 'error' | 'warning';
}

/** Valid rows as one PostgreSQL array literal per staged column, and the issues found so far. */
export interface StagedBatch {
  kind: 'batch';
  count: number;
  columns: string[];
  issues: IssueRow[];
}

export type StageMessage =
  | StagedBatch
  | { kind: 'header'; errors: RowIssue[] }
  | { kind: 'done'; rows: number }
  /** An error of the file itself (unreadable, too large), to be raised by the receiver. */
  | { kind: 'error'; error: SerializedError };

export interface SerializedError {
  code: string;
  status: number;
  vi: string;
  en: string;
  details: Record<string, unknown>;
}

type Value = string | number | null;

/** One column of the `import_rows` staging table and how a valid record fills it. */
interface StagedColumn {
  name: string;
  type: 'int' | 'smallint' | 'text' | 'date';
  pick: (record: ImportRecord, rowNumber: number) => Value;
}

/** The first month not paid after a suspension or termination: the month after the event. */
function effectiveMonth(record: ImportRecord): string | null {
  if (record.status === 'DANG_HUONG' || !record.eventDate) return null;
  return addMonths(monthOfDate(record.eventDate), 1);
}

/** Whose account it is: the validation guarantees the holder is the beneficiary or the representative. */
function holderKind(record: ImportRecord): 'SELF' | 'REPRESENTATIVE' {
  if (!record.accountHolder || !record.representative) return 'SELF';
  return foldVietnamese(record.accountHolder) === foldVietnamese(record.fullName) ? 'SELF' : 'REPRESENTATIVE';
}

/** In the order of `import_rows` (staging.ts); `province_code` is looked up while inserting. */
export const stagedColumns: readonly StagedColumn[] = [
  { name: 'row_no', type: 'int', pick: (_, rowNumber) => rowNumber },
  { name: 'personal_id', type: 'text', pick: (r) => r.personalId },
  { name: 'legacy_id', type: 'text', pick: (r) => r.legacyId },
  { name: 'full_name', type: 'text', pick: (r) => r.fullName },
  { name: 'name_folded', type: 'text', pick: (r) => foldVietnamese(r.fullName) },
  { name: 'birth_date', type: 'date', pick: (r) => r.birthDate },
  { name: 'sex', type: 'text', pick: (r) => r.sex },
  { name: 'commune_code', type: 'text', pick: (r) => r.communeCode },
  { name: 'address', type: 'text', pick: (r) => r.address },
  { name: 'phone', type: 'text', pick: (r) => r.phone },
  { name: 'programme', type: 'text', pick: (r) => r.programme },
  { name: 'category', type: 'text', pick: (r) => r.category },
  { name: 'children_count', type: 'smallint', pick: (r) => r.childrenCount },
  { name: 'injury_rate', type: 'smallint', pick: (r) => r.injuryRate },
  { name: 'decision_number', type: 'text', pick: (r) => r.decisionNumber },
  { name: 'decision_date', type: 'date', pick: (r) => r.decisionDate },
  { name: 'first_month', type: 'text', pick: (r) => r.firstMonth },
  { name: 'paid_through_month', type: 'text', pick: (r) => r.paidThroughMonth },
  { name: 'status', type: 'text', pick: (r) => r.status },
  { name: 'status_reason', type: 'text', pick: (r) => r.statusReason },
  { name: 'event_date', type: 'date', pick: (r) => r.eventDate },
  { name: 'status_effective_month', type: 'text', pick: effectiveMonth },
  { name: 'channel', type: 'text', pick: (r) => r.channel },
  { name: 'provider_code', type: 'text', pick: (r) => r.providerCode },
  { name: 'account_number', type: 'text', pick: (r) => r.accountNumber },
  { name: 'account_holder', type: 'text', pick: (r) => r.accountHolder },
  { name: 'holder_folded', type: 'text', pick: (r) => (r.accountHolder ? foldVietnamese(r.accountHolder) : null) },
  { name: 'holder_kind', type: 'text', pick: holderKind },
  { name: 'rep_kind', type: 'text', pick: (r) => r.representative?.kind ?? null },
  { name: 'rep_full_name', type: 'text', pick: (r) => r.representative?.fullName ?? null },
  { name: 'rep_name_folded', type: 'text', pick: (r) => (r.representative ? foldVietnamese(r.representative.fullName) : null) },
  { name: 'rep_personal_id', type: 'text', pick: (r) => r.representative?.personalId ?? null },
  { name: 'rep_relationship', type: 'text', pick: (r) => r.representative?.relationship ?? null },
  { name: 'rep_valid_until', type: 'date', pick: (r) => r.representative?.authorisationExpiry ?? null },
];

const needsEscape = /["\\]/;

/**
 * A PostgreSQL array literal: `{"a","b\"c",NULL}`. Every element is quoted (so an empty string,
 * a comma or a brace is just text); the only escapes inside quotes are `"` and `\`.
 */
export function arrayLiteral(values: readonly Value[]): string {
  const parts = new Array<string>(values.length);
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value === null || value === undefined) parts[index] = 'NULL';
    else if (typeof value === 'number') parts[index] = String(value);
    else parts[index] = needsEscape.test(value) ? `"${value.replace(/["\\]/g, '\\$&')}"` : `"${value}"`;
  }
  return `{${parts.join(',')}}`;
}

class BatchEncoder {
  private values: Value[][] = stagedColumns.map(() => []);
  private issues: IssueRow[] = [];
  count = 0;

  add(rowNumber: number, record: ImportRecord): void {
    for (let index = 0; index < stagedColumns.length; index++) this.values[index]!.push(stagedColumns[index]!.pick(record, rowNumber));
    this.count += 1;
  }

  addIssues(issues: readonly RowIssue[], severity: 'error' | 'warning'): void {
    for (const issue of issues) this.issues.push({ ...issue, severity });
  }

  get size(): number {
    return Math.max(this.count, this.issues.length);
  }

  take(): StagedBatch {
    const message: StagedBatch = { kind: 'batch', count: this.count, columns: this.values.map(arrayLiteral), issues: this.issues };
    this.values = stagedColumns.map(() => []);
    this.issues = [];
    this.count = 0;
    return message;
  }
}

function isBlank(row: SheetRow): boolean {
  return row.cells.every((cell) => cell.trim() === '');
}

/**
 * Validates and encodes the data rows of a sheet whose header has been read, into batches of at
 * most `batchRowsMax` rows or issues. Used row by row by `stageMessages` and by each thread of a
 * parallel read (stage-chunks.ts).
 */
export class RowStager {
  private readonly encoder = new BatchEncoder();
  /** Data rows seen, blank lines not counted. */
  rows = 0;

  constructor(
    private readonly columns: readonly (ImportColumnKey | null)[],
    private readonly options: ImportRowOptions,
    private readonly batchRowsMax = limits.bulkBatchRowsMax,
  ) {}

  /** Validates one row; returns a full batch to send on, if this row filled one. */
  add(row: SheetRow): StagedBatch | null {
    if (isBlank(row)) return null;
    this.rows += 1;
    const raw: Record<string, string> = {};
    for (let index = 0; index < this.columns.length; index++) {
      const key = this.columns[index];
      if (key) raw[key] = (row.cells[index] ?? '').trim();
    }
    const result = validateImportRow(raw, row.rowNumber, this.options);
    if (result.record) this.encoder.add(row.rowNumber, result.record);
    if (result.errors.length > 0) this.encoder.addIssues(result.errors, 'error');
    if (result.warnings.length > 0) this.encoder.addIssues(result.warnings, 'warning');
    return this.encoder.size >= this.batchRowsMax ? this.encoder.take() : null;
  }

  /** The rows and issues not yet sent, if any. */
  rest(): StagedBatch | null {
    return this.encoder.size > 0 ? this.encoder.take() : null;
  }
}

export function tooLargeError(): AppError {
  return domainError('IMPORT_TOO_LARGE', 400, `Tệp có quá ${limits.importRowsMax} dòng; hãy chia nhỏ`, `The file has more than ${limits.importRowsMax} rows; split it`);
}

export const emptyFileIssue: RowIssue = { row: 1, field: '', code: 'COLUMN_MISSING', message: 'Tệp trống: không có dòng tiêu đề', messageEn: 'The file is empty: no header row' };

/** The error a thread reported, raised again where the import runs. */
export function appErrorOf(error: SerializedError): AppError {
  return new AppError(error.code, error.status, { vi: error.vi, en: error.en }, error.details);
}

/** An error of the file itself, as a message that can cross threads. */
export function errorMessage(error: AppError): StageMessage {
  return { kind: 'error', error: { code: error.code, status: error.status, vi: error.text.vi, en: error.text.en, details: error.details } };
}

/**
 * Validates every row of a sheet (the header first) and yields batches of at most `batchRowsMax`
 * rows or issues, then `done`. Errors of the file itself come as an `error` message.
 */
export async function* stageMessages(sheet: AsyncIterable<SheetRow>, options: ImportRowOptions, batchRowsMax = limits.bulkBatchRowsMax): AsyncGenerator<StageMessage> {
  try {
    let stager: RowStager | null = null;
    for await (const row of sheet) {
      if (stager === null) {
        const header = validateHeader(row.cells);
        if (header.errors.length > 0) {
          yield { kind: 'header', errors: header.errors };
          return;
        }
        stager = new RowStager(header.columns, options, batchRowsMax);
        continue;
      }
      const batch = stager.add(row);
      if (stager.rows > limits.importRowsMax) throw tooLargeError();
      if (batch) yield batch;
    }
    if (stager === null) {
      yield { kind: 'header', errors: [emptyFileIssue] };
      return;
    }
    const rest = stager.rest();
    if (rest) yield rest;
    yield { kind: 'done', rows: stager.rows };
  } catch (error) {
    if (!isAppError(error)) throw error;
    yield errorMessage(error);
  }
}
