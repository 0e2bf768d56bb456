import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { sql } from 'drizzle-orm';
import { useBulkSettings } from '../../../db/bulk.js';
import type { AppContext } from '../../../app/context.js';
import { todayInVietnam } from '../../../core/dates.js';
import { domainError } from '../../../core/errors.js';
import { queryOne, queryRows, type Executor } from '../../../db/client.js';
import { limits } from '../../../limits.js';
import { recordAudit } from '../../audit/audit.repository.js';
import { requirePermission } from '../../auth/permissions.js';
import type { Actor } from '../../auth/scope.js';
import { loadProvidersFromDatabase } from '../providers.repository.js';
import { templateHeader, validateHeader, validateImportRow, type ImportColumnKey, type RowIssue } from '../validation/import-row.js';
import { assert } from '../../../core/assert.js';
import { profiled } from '../../../core/profile.js';
import { runFileChecks } from './checks.js';
import { mergeIntoRegistry, type MergeCounts } from './merge.js';
import { formatOfFile, readSheet, type SheetRow } from './reader.js';
import { createStagingTables, StagingBuffer } from './staging.js';

export interface ImportReport {
  file: string;
  fileSha256: string;
  dryRun: boolean;
  batchId: number | null;
  rows: number;
  accepted: number;
  rejected: number;
  /** Registry changes (zero on a dry run). */
  changes: MergeCounts | null;
  errors: RowIssue[];
  warnings: RowIssue[];
  /** Number of issues per code, complete even when the lists are truncated. */
  countsByCode: Record<string, number>;
  /** The error and warning lists stop at `reportIssuesMax` entries each. */
  truncated: boolean;
}

export interface ImportInput {
  /** A CSV or XLSX file … */
  path?: string;
  /** … or rows keyed by template column (the create/edit form: a one-row import, same checks). */
  rows?: readonly Record<string, string>[];
  /** The name the user knows the file by (an upload keeps its original name). */
  fileName?: string;
  dryRun: boolean;
  /** Optional sink for every issue (the XLSX error report streams from it). */
  onIssues?: (issues: AsyncIterable<IssueRow>) => Promise<void>;
}

export interface IssueRow extends RowIssue {
  severity: 'error' | 'warning';
}

/** Issues listed in the JSON report; the complete list goes to the XLSX report. */
export const reportIssuesMax = 100_000;

class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run');
  }
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function isBlank(row: SheetRow): boolean {
  return row.cells.every((cell) => cell.trim() === '');
}

/** The month whose payroll is being prepared: the current month in Vietnam. */
function currentMonthOf(ctx: AppContext): string {
  return todayInVietnam(ctx.now()).slice(0, 7);
}

interface StageResult {
  rows: number;
  headerErrors: RowIssue[];
}

/** Rows given in memory, presented like a sheet: a header of template keys, data from row 2. */
async function* sheetOfRows(rows: readonly Record<string, string>[]): AsyncGenerator<SheetRow> {
  const header = templateHeader();
  yield { rowNumber: 1, cells: header };
  for (const [index, row] of rows.entries()) yield { rowNumber: index + 2, cells: header.map((key) => row[key] ?? '') };
}

/** Reads, validates row by row, and stages valid rows and all issues in batches (flat memory). */
async function stageFile(ctx: AppContext, executor: Executor, sheet: AsyncIterable<SheetRow>): Promise<StageResult> {
  const providers = await loadProvidersFromDatabase(executor);
  const options = { today: todayInVietnam(ctx.now()), currentMonth: currentMonthOf(ctx), providers };
  const buffer = new StagingBuffer(executor, limits.bulkBatchRowsMax);
  let columns: (ImportColumnKey | null)[] | null = null;
  let rows = 0;
  for await (const row of sheet) {
    if (columns === null) {
      const header = validateHeader(row.cells);
      if (header.errors.length > 0) return { rows: 0, headerErrors: header.errors };
      columns = header.columns;
      continue;
    }
    if (isBlank(row)) continue;
    rows += 1;
    if (rows > limits.importRowsMax) {
      throw domainError('IMPORT_TOO_LARGE', 400, `Tệp có quá ${limits.importRowsMax} dòng; hãy chia nhỏ`, `The file has more than ${limits.importRowsMax} rows; split it`);
    }
    const raw: Record<string, string> = {};
    columns.forEach((key, index) => {
      if (key) raw[key] = (row.cells[index] ?? '').trim();
    });
    const result = validateImportRow(raw, row.rowNumber, options);
    if (result.record) await buffer.addRecord(row.rowNumber, result.record);
    if (result.errors.length > 0) await buffer.addIssues(result.errors, 'error');
    if (result.warnings.length > 0) await buffer.addIssues(result.warnings, 'warning');
  }
  await buffer.flush();
  if (columns === null) {
    return {
      rows: 0,
      headerErrors: [{ row: 1, field: '', code: 'COLUMN_MISSING', message: 'Tệp trống: không có dòng tiêu đề', messageEn: 'The file is empty: no header row' }],
    };
  }
  return { rows, headerErrors: [] };
}

async function buildReport(executor: Executor, base: Omit<ImportReport, 'errors' | 'warnings' | 'countsByCode' | 'truncated' | 'accepted' | 'rejected'>): Promise<ImportReport> {
  const counts = await queryRows<{ code: string; count: number }>(executor, sql`SELECT code, count(*)::int AS count FROM import_issues GROUP BY code ORDER BY code`);
  const rejectedRow = await queryOne<{ count: number }>(executor, sql`SELECT count(DISTINCT row_no)::int AS count FROM import_issues WHERE severity = 'error'`);
  const select = (severity: string) =>
    queryRows<RowIssue>(
      executor,
      sql`SELECT row_no AS row, field, code, message, message_en AS "messageEn" FROM import_issues
          WHERE severity = ${severity} ORDER BY row_no, field, code LIMIT ${reportIssuesMax}`,
    );
  const errors = await select('error');
  const warnings = await select('warning');
  const rejected = rejectedRow?.count ?? 0;
  return {
    ...base,
    accepted: base.rows - rejected,
    rejected,
    errors,
    warnings,
    countsByCode: Object.fromEntries(counts.map((row) => [row.code, row.count])),
    truncated: errors.length >= reportIssuesMax || warnings.length >= reportIssuesMax,
  };
}

/** Streams every issue in row order, in pages (for the XLSX report). */
async function* allIssues(executor: Executor): AsyncGenerator<IssueRow> {
  let afterRow = 0;
  const pageRows = 5_000;
  while (true) {
    const page = await queryRows<IssueRow & { row: number }>(
      executor,
      sql`SELECT row_no AS row, field, code, message, message_en AS "messageEn", severity FROM import_issues
          WHERE row_no > ${afterRow} AND row_no <= ${afterRow + pageRows} ORDER BY row_no, severity, field, code`,
    );
    for (const issue of page) yield issue;
    const more = await queryOne<{ next: number | null }>(executor, sql`SELECT min(row_no) AS next FROM import_issues WHERE row_no > ${afterRow + pageRows}`);
    if (!more || more.next === null) return;
    afterRow = more.next - 1;
  }
}

/**
 * Imports beneficiaries from a template file (IMPORT-TEMPLATE.md). The whole file is validated
 * first; then, unless it is a dry run, all valid rows are merged in the same transaction and
 * invalid rows are reported. A dry run rolls everything back: it writes nothing.
 */
export async function importBeneficiaries(ctx: AppContext, actor: Actor, input: ImportInput): Promise<ImportReport> {
  requirePermission(actor, 'registry.import');
  const { fileName, fileSha256, sheet } = await openSource(input);
  try {
    return await ctx.db.orm.transaction(async (tx) => {
      await useBulkSettings(tx);
      await createStagingTables(tx);
      const staged = await profiled('import: read, validate, stage', () => stageFile(ctx, tx, sheet()));
      if (staged.headerErrors.length > 0) {
        const report: ImportReport = {
          file: fileName, fileSha256, dryRun: input.dryRun, batchId: null, rows: 0, accepted: 0, rejected: 0, changes: null,
          errors: staged.headerErrors, warnings: [], countsByCode: countCodes(staged.headerErrors), truncated: false,
        };
        throw new DryRunRollback(report);
      }
      // Temporary tables are never analysed automatically; without statistics the planner would
      // join a million staged rows as if they were a few hundred.
      await tx.execute(sql`ANALYZE import_rows`);
      await profiled('import: file and database checks', () => runFileChecks(tx, actor.scope));
      let batchId: number | null = null;
      let changes: MergeCounts | null = null;
      if (!input.dryRun) {
        const batch = await queryOne<{ id: string }>(
          tx,
          sql`INSERT INTO import_batches (file_name, file_sha256, actor, dry_run) VALUES (${fileName}, ${fileSha256}, ${actor.username}, false) RETURNING id`,
        );
        batchId = Number(batch!.id);
        changes = await mergeIntoRegistry(tx, { actor, batchId, currentMonth: currentMonthOf(ctx) });
      }
      const report = await profiled('import: report', () => buildReport(tx, { file: fileName, fileSha256, dryRun: input.dryRun, batchId, rows: staged.rows, changes }));
      if (input.onIssues) await input.onIssues(allIssues(tx));
      if (input.dryRun || batchId === null) throw new DryRunRollback(report);
      await tx.execute(sql`
        UPDATE import_batches SET rows = ${report.rows}, accepted = ${report.accepted}, rejected = ${report.rejected},
          created = ${changes!.personsCreated + changes!.enrolmentsCreated}, updated = ${changes!.personsUpdated + changes!.enrolmentsUpdated},
          unchanged = ${changes!.unchangedRows}, proposals = ${changes!.proposals}, finished_at = now()
        WHERE id = ${batchId}`);
      await recordAudit(tx, actor, {
        action: 'registry.imported',
        entityType: 'import_batch',
        entityId: batchId,
        unitCode: actor.scope.level === 'national' ? null : actor.scope.level === 'province' ? actor.scope.provinceCode : actor.scope.communeCode,
        after: { file: fileName, fileSha256, rows: report.rows, accepted: report.accepted, rejected: report.rejected, ...changes },
      });
      return report;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.report;
    throw error;
  }
}

async function openSource(input: ImportInput): Promise<{ fileName: string; fileSha256: string; sheet: () => AsyncIterable<SheetRow> }> {
  if (input.path) {
    const path = input.path;
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw domainError('FILE_NOT_FOUND', 400, `Không tìm thấy tệp: ${path}`, `File not found: ${path}`, { file: path });
    }
    const fileName = input.fileName ?? basename(path);
    const format = formatOfFile(fileName);
    return { fileName, fileSha256: await sha256OfFile(path), sheet: () => readSheet(path, format) };
  }
  assert(input.rows, 'an import needs a file or rows');
  const rows = input.rows;
  const fileSha256 = createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  return { fileName: input.fileName ?? 'form', fileSha256, sheet: () => sheetOfRows(rows) };
}

function countCodes(issues: readonly RowIssue[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const issue of issues) counts[issue.code] = (counts[issue.code] ?? 0) + 1;
  return counts;
}
