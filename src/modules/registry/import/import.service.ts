import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { useBulkSettings } from '../../../db/bulk.js';
import type { AppContext } from '../../../app/context.js';
import { todayInVietnam } from '../../../core/dates.js';
import { domainError } from '../../../core/errors.js';
import type { Executor } from '../../../db/client.js';
import { recordAudit } from '../../audit/audit.service.js';
import { requirePermission } from '../../access/permissions.js';
import type { Actor } from '../../access/scope.js';
import type { ImportAccountSummary } from '../ports.js';
import { loadProvidersFromDatabase } from '../providers.js';
import { templateHeader, type RowIssue } from '../validation/import-row.js';
import { assert } from '../../../core/assert.js';
import { profiled } from '../../../core/profile.js';
import { runFileChecks } from './checks.repository.js';
import { finishImportBatch, insertImportBatch } from './import-batches.repository.js';
import { mergeIntoRegistry, type MergeCounts } from './merge.js';
import { formatOfFile, type SheetRow } from './reader.js';
import { StagingWriter } from './staging.js';
import { analyzeStagedRows, countIssues, countRegistryDataRows, createStagingTables, issuePage, listIssues } from './staging.repository.js';
import { auditImportDisclosure } from './import-disclosure.js';
import { hiddenCategories } from '../../access/need-to-know.js';
import { stageBatches, type StageSource } from './stage-source.js';
import { appErrorOf, type IssueRow } from './staged-batches.js';

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
  /**
   * Accounts the import creates or changes (null on a dry run): none is paid until a second person
   * approves the batch (`asxh import approve BATCH_ID`); without any, no approval is needed.
   */
  accountChanges: number | null;
  approval: 'NOT_NEEDED' | 'PENDING' | null;
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

export type { IssueRow } from './staged-batches.js';

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

/** Reads and validates the file (in a worker thread) and stages valid rows and all issues in batches. */
async function stageFile(ctx: AppContext, executor: Executor, source: StageSource): Promise<StageResult> {
  const providers = await loadProvidersFromDatabase(executor);
  const options = { today: todayInVietnam(ctx.now()), currentMonth: currentMonthOf(ctx), providers };
  const writer = new StagingWriter(executor);
  try {
    for await (const message of stageBatches(source, options)) {
      if (message.kind === 'error') throw appErrorOf(message.error);
      if (message.kind === 'header') return { rows: 0, headerErrors: message.errors };
      if (message.kind === 'batch') await writer.write(message);
      if (message.kind === 'done') return { rows: message.rows, headerErrors: [] };
    }
  } finally {
    await writer.flush();
  }
  throw new Error('the file was read without an end');
}

async function buildReport(executor: Executor, base: Omit<ImportReport, 'errors' | 'warnings' | 'countsByCode' | 'truncated' | 'accepted' | 'rejected'>): Promise<ImportReport> {
  const counts = await countIssues(executor);
  const errors = await listIssues(executor, 'error', reportIssuesMax);
  const warnings = await listIssues(executor, 'warning', reportIssuesMax);
  const rejected = counts.rejectedRows;
  return {
    ...base,
    accepted: base.rows - rejected,
    rejected,
    errors,
    warnings,
    countsByCode: Object.fromEntries(counts.byCode.map((row) => [row.code, row.count])),
    truncated: errors.length >= reportIssuesMax || warnings.length >= reportIssuesMax,
  };
}

/** Streams every issue in row order, in pages (for the XLSX report). */
async function* allIssues(executor: Executor): AsyncGenerator<IssueRow> {
  let afterRow = 0;
  const pageRows = 5_000;
  while (true) {
    const page = await issuePage(executor, afterRow, afterRow + pageRows);
    for (const issue of page.issues) yield issue;
    if (page.nextRow === null) return;
    afterRow = page.nextRow - 1;
  }
}

/**
 * Imports beneficiaries from a template file (IMPORT-TEMPLATE.md). The whole file is validated
 * first; then, unless it is a dry run, all valid rows are merged in the same transaction and
 * invalid rows are reported. A dry run rolls everything back: it writes nothing.
 */
export async function importBeneficiaries(ctx: AppContext, actor: Actor, input: ImportInput): Promise<ImportReport> {
  requirePermission(actor, 'registry.import');
  const { fileName, fileSha256, source } = await openSource(input);
  // Rows whose issues show registered people's data: the answer is then an audited bulk view.
  let registryDataRows = 0;
  const disclosed = (report: ImportReport) =>
    ({ rows: registryDataRows, exported: input.onIssues !== undefined, dryRun: report.dryRun, batchId: report.batchId, file: fileName, fileSha256 });
  try {
    return await ctx.db.orm.transaction(async (tx) => {
      await useBulkSettings(tx);
      await createStagingTables(tx);
      const staged = await profiled('import: read, validate, stage', () => stageFile(ctx, tx, source));
      if (staged.headerErrors.length > 0) {
        const report: ImportReport = {
          file: fileName, fileSha256, dryRun: input.dryRun, batchId: null, rows: 0, accepted: 0, rejected: 0, changes: null,
          accountChanges: null, approval: null, errors: staged.headerErrors, warnings: [], countsByCode: countCodes(staged.headerErrors), truncated: false,
        };
        throw new DryRunRollback(report);
      }
      await analyzeStagedRows(tx);
      await profiled('import: file and database checks', () => runFileChecks(tx, actor.scope, ctx.paymentAccounts.activeInstrumentsRelation(), hiddenCategories(actor)));
      let batchId: number | null = null;
      let changes: MergeCounts | null = null;
      let accounts: ImportAccountSummary | null = null;
      if (!input.dryRun) {
        batchId = await insertImportBatch(tx, { fileName, fileSha256, actor: actor.username, actorUserId: actor.userId });
        changes = await mergeIntoRegistry(tx, ctx.paymentAccounts, { actor, batchId, currentMonth: currentMonthOf(ctx) });
        accounts = await ctx.paymentAccounts.importAccountSummary(tx, batchId);
      }
      const approval = accounts === null ? null : accounts.count > 0 ? ('PENDING' as const) : ('NOT_NEEDED' as const);
      const report = await profiled('import: report', () =>
        buildReport(tx, { file: fileName, fileSha256, dryRun: input.dryRun, batchId, rows: staged.rows, changes, accountChanges: accounts?.count ?? null, approval }),
      );
      registryDataRows = await countRegistryDataRows(tx);
      if (input.onIssues) await input.onIssues(allIssues(tx));
      if (input.dryRun || batchId === null) throw new DryRunRollback(report);
      await finishImportBatch(tx, batchId, {
        rows: report.rows, accepted: report.accepted, rejected: report.rejected,
        created: changes!.personsCreated + changes!.enrolmentsCreated, updated: changes!.personsUpdated + changes!.enrolmentsUpdated,
        unchanged: changes!.unchangedRows, proposals: changes!.proposals,
        accountChanges: accounts!.count, provinceCode: accounts!.provinceCode, communeCode: accounts!.communeCode,
      });
      await recordAudit(tx, actor, {
        action: 'registry.imported',
        entityType: 'import_batch',
        entityId: batchId,
        unitCode: actor.scope.level === 'national' ? null : actor.scope.level === 'province' ? actor.scope.provinceCode : actor.scope.communeCode,
        after: { file: fileName, fileSha256, rows: report.rows, accepted: report.accepted, rejected: report.rejected, ...changes, accountChanges: accounts!.count, approval },
      });
      await auditImportDisclosure(tx, actor, disclosed(report));
      return report;
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
    await auditImportDisclosure(ctx.db.orm, actor, disclosed(error.report));
    return error.report;
  }
}

async function openSource(input: ImportInput): Promise<{ fileName: string; fileSha256: string; source: StageSource }> {
  if (input.path) {
    const path = input.path;
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw domainError('FILE_NOT_FOUND', 400, `Không tìm thấy tệp: ${path}`, `File not found: ${path}`, { file: path });
    }
    const fileName = input.fileName ?? basename(path);
    const format = formatOfFile(fileName);
    return { fileName, fileSha256: await sha256OfFile(path), source: { kind: 'file', path, format } };
  }
  assert(input.rows, 'an import needs a file or rows');
  const rows = input.rows;
  const fileSha256 = createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  return { fileName: input.fileName ?? 'form', fileSha256, source: { kind: 'rows', sheet: () => sheetOfRows(rows) } };
}

function countCodes(issues: readonly RowIssue[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const issue of issues) counts[issue.code] = (counts[issue.code] ?? 0) + 1;
  return counts;
}
