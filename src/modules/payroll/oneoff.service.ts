import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { AppContext } from '../../app/context.js';
import { checkPersonalIdShape } from '../registry/validation/personal-id.js';
import { domainError, errors } from '../../core/errors.js';
import { readVnd, vnd, vndFromDb, vndToNumber, zeroVnd, type AmountVnd } from '../../core/money.js';
import { isMonth, parseMonthLoose } from '../../core/month.js';
import { foldVietnamese } from '../../core/text.js';
import { recordAudit } from '../audit/audit.service.js';
import { labelOf, oneOffBatchStatusNames } from '../formats/labels.js';
import { requirePermission } from '../access/permissions.js';
import { scopeUnitCode, type Actor, type Scope } from '../access/scope.js';
import { formatOfFile, readSheet } from '../registry/import/reader.js';
import {
  batchLineKey,
  batchTotals,
  checkRows,
  decideBatch,
  findBatch,
  findBatchOfFile,
  findCap,
  insertBatch,
  insertBatchPayments,
  insertRows,
  listBatches,
  rejectedRows,
  updateBatchTotals,
  upsertCap,
  type OneOffBatchRow,
  type OneOffBatchStatus,
  type RejectedRow,
  type StagedRow,
} from './oneoff.repository.js';

/**
 * Bulk one-off payments (issue 22 item 5): a Tết gift, emergency or disaster support for a list of
 * people, imported from CSV/XLSX as one batch. The file is streamed into a staging table row by
 * row (format checks), then checked against the registry in set-based statements (the person in
 * the importer's area and alive, the name, the programme, the same person twice, the cap per
 * person). A second person approves the batch (never the importer); approval copies the accepted
 * rows into one_off_payments, which the next generated cycle (or the regeneration of a draft)
 * pays as ONE_OFF lines, like a single one-off (adjustments.ts).
 */

/** The cap per person and batch when the province set none (5,000,000 đồng). */
export const nationalOneOffCapVnd: AmountVnd = vnd(5_000_000n);
const capMaxVnd = 9_999_999_999_999n;
/** A list is at most this many rows (a province's Tết list is a few tens of thousands). */
export const oneOffRowsMax = 200_000;
/** The errors a report lists in JSON (the XLSX report has them all). */
const errorsShownMax = 1000;
const chunkRows = 1000;

/** The file's columns: the key, the names accepted in the header (folded: no diacritics, lower case, `_` for spaces). */
export const oneOffColumns = [
  { key: 'so_dinh_danh', required: true, vi: 'Số định danh cá nhân', en: 'Personal ID', aliases: ['so_dinh_danh', 'so_dinh_danh_ca_nhan', 'cccd', 'so_cccd', 'ma_dinh_danh'] },
  { key: 'ho_ten', required: true, vi: 'Họ và tên', en: 'Full name', aliases: ['ho_ten', 'ho_va_ten'] },
  { key: 'so_tien', required: true, vi: 'Số tiền (đồng)', en: 'Amount (VND)', aliases: ['so_tien', 'so_tien_(dong)', 'so_tien_dong', 'muc_ho_tro'] },
  { key: 'chuong_trinh', required: false, vi: 'Chương trình (TGXH, NCC, HTXH)', en: 'Programme', aliases: ['chuong_trinh'] },
  { key: 'ly_do', required: false, vi: 'Lý do', en: 'Reason', aliases: ['ly_do', 'noi_dung'] },
  { key: 'thang', required: false, vi: 'Tháng chi trả (MM/YYYY)', en: 'Payment month', aliases: ['thang', 'thang_chi_tra'] },
] as const;

export type OneOffColumn = (typeof oneOffColumns)[number]['key'];

export interface OneOffIssue {
  row: number;
  field: string;
  code: string;
  message: string;
  messageEn: string;
  /** The row as it was in the file. */
  cells: Record<string, string>;
}

export interface OneOffImportReport {
  /** The batch waiting for approval; null for a dry run or when no row was accepted. */
  batchId: number | null;
  dryRun: boolean;
  fileName: string;
  forMonth: string;
  rows: number;
  accepted: number;
  rejected: number;
  totalVnd: number;
  errors: OneOffIssue[];
  errorsTruncated: boolean;
}

export interface OneOffBatch extends Omit<OneOffBatchRow, 'totalVnd' | 'capVnd' | 'fileSha256'> {
  totalVnd: number;
  capVnd: number;
  rejected: number;
  lineKey: string;
}

const headerKey = (text: string): string => foldVietnamese(text).replace(/ /g, '_');

function columnsOf(header: string[]): Map<number, OneOffColumn> {
  const columns = new Map<number, OneOffColumn>();
  header.forEach((text, index) => {
    const key = headerKey(text);
    const column = oneOffColumns.find((candidate) => (candidate.aliases as readonly string[]).includes(key));
    if (column && ![...columns.values()].includes(column.key)) columns.set(index, column.key);
  });
  const missing = oneOffColumns.filter((column) => column.required && ![...columns.values()].includes(column.key));
  if (missing.length > 0) {
    const names = missing.map((column) => column.key).join(', ');
    throw domainError('HEADER_MISSING', 400, `Thiếu cột bắt buộc: ${names}`, `Required columns missing: ${names}`, { columns: missing.map((column) => column.key) });
  }
  return columns;
}

type RowError = StagedRow['errors'][number];

/** The checks of one row that need nothing but the row (the registry's come after, in SQL). */
function stageRow(rowNumber: number, cells: Record<string, string>, defaults: { forMonth: string; reason: string }): StagedRow {
  const issues: RowError[] = [];
  const personalId = (cells.so_dinh_danh ?? '').trim();
  if (checkPersonalIdShape(personalId) !== null) {
    issues.push({ field: 'so_dinh_danh', code: 'ID_FORMAT', vi: 'Số định danh phải gồm 12 chữ số (định dạng cột là Văn bản để giữ số 0 ở đầu)', en: 'The personal ID is 12 digits (format the column as Text to keep leading zeros)' });
  }
  const name = (cells.ho_ten ?? '').trim();
  if (!name) issues.push({ field: 'ho_ten', code: 'NAME_REQUIRED', vi: 'Thiếu họ tên', en: 'The full name is missing' });
  const amount = readVnd((cells.so_tien ?? '').trim());
  if (amount === null || amount <= zeroVnd || amount > capMaxVnd) {
    issues.push({ field: 'so_tien', code: 'AMOUNT_INVALID', vi: 'Số tiền phải là số nguyên dương (đồng)', en: 'The amount must be a positive whole number of đồng' });
  }
  const programmeText = (cells.chuong_trinh ?? '').trim().toUpperCase();
  const programme = programmeText === '' ? null : ['TGXH', 'NCC', 'HTXH'].includes(programmeText) ? programmeText : undefined;
  if (programme === undefined) issues.push({ field: 'chuong_trinh', code: 'PROGRAMME_INVALID', vi: 'Chương trình phải là TGXH, NCC hoặc HTXH', en: 'The programme is TGXH, NCC or HTXH' });
  const monthText = (cells.thang ?? '').trim();
  const forMonth = monthText === '' ? defaults.forMonth : parseMonthLoose(monthText);
  if (forMonth === null || !isMonth(forMonth)) issues.push({ field: 'thang', code: 'MONTH_INVALID', vi: 'Tháng không hợp lệ (MM/YYYY)', en: 'Invalid month (MM/YYYY)' });
  const reason = (cells.ly_do ?? '').trim() || defaults.reason;
  if (reason.length > 500) issues.push({ field: 'ly_do', code: 'REASON_TOO_LONG', vi: 'Lý do dài quá 500 ký tự', en: 'The reason is longer than 500 characters' });
  return {
    rowNumber,
    cells,
    personalId: checkPersonalIdShape(personalId) === null ? personalId : null,
    nameFolded: name ? foldVietnamese(name) : null,
    programme: programme ?? null,
    forMonth: forMonth !== null && isMonth(forMonth) ? forMonth : null,
    amount: amount !== null && amount > zeroVnd && amount <= capMaxVnd ? amount : null,
    reason: reason.length <= 500 ? reason : null,
    errors: issues,
  };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** The cap per person and batch of a province: its own, else the national default. */
export async function oneOffCap(ctx: AppContext, provinceCode: string): Promise<{ provinceCode: string; capVnd: number; national: boolean }> {
  const cap = await capOf(ctx, provinceCode);
  return { ...cap, capVnd: vndToNumber(cap.capVnd) };
}

async function capOf(ctx: AppContext, provinceCode: string): Promise<{ provinceCode: string; capVnd: AmountVnd; national: boolean }> {
  if (!/^\d{2}$/.test(provinceCode)) throw domainError('UNIT_INVALID', 400, 'Mã tỉnh gồm 2 chữ số', 'A province code is 2 digits', { field: 'province' });
  const row = await findCap(ctx.db.orm, provinceCode);
  return row ? { provinceCode, capVnd: vndFromDb(row.capVnd), national: false } : { provinceCode, capVnd: nationalOneOffCapVnd, national: true };
}

export async function setOneOffCap(ctx: AppContext, actor: Actor, input: { provinceCode: string; capVnd: string | number }) {
  requirePermission(actor, 'settings.manage');
  if (actor.scope.level !== 'national' && actor.scope.provinceCode !== input.provinceCode) throw errors.forbidden({ reason: 'another province' });
  const cap = readVnd(input.capVnd);
  if (cap === null || cap <= zeroVnd || cap > capMaxVnd) throw domainError('AMOUNT_INVALID', 400, 'Mức tối đa phải là số nguyên dương (đồng)', 'The cap must be a positive whole number of đồng', { field: 'capVnd' });
  const before = await capOf(ctx, input.provinceCode);
  if (before.capVnd === cap && !before.national) return oneOffCap(ctx, input.provinceCode);
  await ctx.db.orm.transaction(async (tx) => {
    await upsertCap(tx, input.provinceCode, cap, actor.username);
    await recordAudit(tx, actor, {
      action: 'payroll.one_off_cap_set',
      entityType: 'province',
      entityId: input.provinceCode,
      unitCode: input.provinceCode,
      before: { capVnd: vndToNumber(before.capVnd), national: before.national },
      after: { capVnd: vndToNumber(cap) },
    });
  });
  return oneOffCap(ctx, input.provinceCode);
}

/** A dry run's transaction ends by this (everything it wrote is rolled back). */
class DryRun extends Error {
  constructor(readonly report: OneOffImportReport) {
    super('dry run');
  }
}

function issuesOf(rows: readonly RejectedRow[]): OneOffIssue[] {
  return rows.flatMap((row) => row.errors.map((error) => ({ row: row.rowNumber, field: error.field, code: error.code, message: error.vi, messageEn: error.en, cells: row.cells })));
}

/**
 * Imports a list (CSV or XLSX, first sheet) as a batch waiting for a second person's approval.
 * `forMonth` and `reason` are the defaults of rows that leave `thang` or `ly_do` empty. A dry run
 * checks everything and writes nothing; a file already imported (and not rejected) is refused.
 */
export async function importOneOffList(
  ctx: AppContext,
  actor: Actor,
  input: { path: string; fileName: string; forMonth: string; reason: string; dryRun: boolean },
): Promise<OneOffImportReport> {
  requirePermission(actor, 'payroll.prepare');
  const forMonth = parseMonthLoose(input.forMonth);
  if (!forMonth || !isMonth(forMonth)) throw domainError('MONTH_INVALID', 400, 'Tháng không hợp lệ (YYYY-MM)', 'Invalid month (YYYY-MM)', { field: 'month' });
  const reason = input.reason.trim();
  if (!reason || reason.length > 500) throw domainError('REASON_REQUIRED', 400, 'Cần ghi lý do (tối đa 500 ký tự)', 'A reason is required (at most 500 characters)', { field: 'reason' });
  const format = formatOfFile(input.fileName);
  const sha256 = await sha256Of(input.path);
  const existing = await findBatchOfFile(ctx.db.orm, sha256);
  if (existing) {
    throw domainError('ONE_OFF_FILE_DUPLICATE', 409, `Tệp này đã được nhập (đợt #${existing.id})`, `This file was already imported (batch #${existing.id})`, { batchId: existing.id });
  }
  const provinceCode = actor.scope.level === 'national' ? null : actor.scope.provinceCode;
  const communeCode = actor.scope.level === 'commune' ? actor.scope.communeCode : null;
  const cap = provinceCode ? (await capOf(ctx, provinceCode)).capVnd : nationalOneOffCapVnd;
  try {
    return await ctx.db.orm.transaction(async (tx) => {
      const batchId = await insertBatch(tx, { fileSha256: sha256, fileName: input.fileName, forMonth, reason, provinceCode, communeCode, capVnd: cap, madeBy: actor.username });
      let columns: Map<number, OneOffColumn> | null = null;
      let chunk: StagedRow[] = [];
      let count = 0;
      for await (const row of readSheet(input.path, format)) {
        if (columns === null) {
          columns = columnsOf(row.cells);
          continue;
        }
        if (row.cells.every((cell) => cell.trim() === '')) continue;
        count += 1;
        if (count > oneOffRowsMax) throw domainError('FILE_TOO_MANY_ROWS', 400, `Tệp có quá ${oneOffRowsMax} dòng`, `The file has more than ${oneOffRowsMax} rows`);
        const cells: Record<string, string> = {};
        for (const [index, key] of columns) cells[key] = (row.cells[index] ?? '').trim();
        chunk.push(stageRow(row.rowNumber, cells, { forMonth, reason }));
        if (chunk.length >= chunkRows) {
          await insertRows(tx, batchId, chunk);
          chunk = [];
        }
      }
      if (columns === null) throw domainError('FILE_EMPTY', 400, 'Tệp không có dòng tiêu đề', 'The file has no header row');
      await insertRows(tx, batchId, chunk);
      await checkRows(tx, batchId, actor.scope, nationalOneOffCapVnd);
      const totals = await batchTotals(tx, batchId);
      const rejected = await rejectedRows(tx, batchId, errorsShownMax + 1);
      const allIssues = issuesOf(rejected.slice(0, errorsShownMax));
      const report: OneOffImportReport = {
        batchId,
        dryRun: input.dryRun,
        fileName: input.fileName,
        forMonth,
        rows: totals.rows,
        accepted: totals.accepted,
        rejected: totals.rows - totals.accepted,
        totalVnd: vndToNumber(vndFromDb(totals.totalVnd)),
        errors: allIssues.slice(0, errorsShownMax),
        errorsTruncated: rejected.length > errorsShownMax || allIssues.length > errorsShownMax,
      };
      if (input.dryRun || totals.accepted === 0) throw new DryRun({ ...report, batchId: null });
      await updateBatchTotals(tx, batchId, totals);
      await recordAudit(tx, actor, {
        action: 'payroll.one_off_batch_imported',
        entityType: 'one_off_batch',
        entityId: batchId,
        unitCode: scopeUnitCode(actor.scope),
        after: { fileName: input.fileName, fileSha256: sha256, forMonth, reason, rows: totals.rows, accepted: totals.accepted, totalVnd: vndToNumber(vndFromDb(totals.totalVnd)) },
      });
      return report;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.report;
    throw error;
  }
}

function batchView(row: OneOffBatchRow): OneOffBatch {
  const { totalVnd, capVnd, fileSha256: _sha, ...rest } = row;
  return { ...rest, totalVnd: vndToNumber(vndFromDb(totalVnd)), capVnd: vndToNumber(vndFromDb(capVnd)), rejected: row.rows - row.accepted, lineKey: batchLineKey(row.id) };
}

export async function listOneOffBatches(ctx: AppContext, actor: Actor, filter: { status?: string } = {}): Promise<OneOffBatch[]> {
  requirePermission(actor, 'payroll.read');
  const status = filter.status?.toUpperCase();
  if (status !== undefined && !['PENDING', 'APPROVED', 'REJECTED'].includes(status)) {
    throw domainError('STATUS_INVALID', 400, 'Trạng thái là PENDING, APPROVED hoặc REJECTED', 'The status is PENDING, APPROVED or REJECTED', { field: 'status' });
  }
  return (await listBatches(ctx.db.orm, actor.scope, status as OneOffBatchStatus | undefined, 500)).map(batchView);
}

async function visibleBatch(ctx: AppContext, scope: Scope, batchId: number): Promise<OneOffBatchRow> {
  const batch = await findBatch(ctx.db.orm, scope, batchId);
  if (!batch) throw errors.notFound({ entity: 'one_off_batch', id: batchId });
  return batch;
}

export async function getOneOffBatch(ctx: AppContext, actor: Actor, batchId: number): Promise<OneOffBatch & { errors: OneOffIssue[] }> {
  requirePermission(actor, 'payroll.read');
  const batch = await visibleBatch(ctx, actor.scope, batchId);
  return { ...batchView(batch), errors: issuesOf(await rejectedRows(ctx.db.orm, batchId, errorsShownMax)).slice(0, errorsShownMax) };
}

/** Every rejected row of a batch, in file order, for the XLSX report. */
export async function* oneOffBatchIssues(ctx: AppContext, actor: Actor, batchId: number): AsyncGenerator<RejectedRow> {
  requirePermission(actor, 'payroll.read');
  await visibleBatch(ctx, actor.scope, batchId);
  let after = 0;
  for (;;) {
    const rows = await rejectedRows(ctx.db.orm, batchId, 2000, after);
    yield* rows;
    if (rows.length < 2000) return;
    after = rows.at(-1)!.rowNumber;
  }
}

async function decide(ctx: AppContext, actor: Actor, batchId: number, decision: 'APPROVED' | 'REJECTED', comment: string | null): Promise<OneOffBatch & { payments: number }> {
  requirePermission(actor, 'payroll.approve');
  const batch = await visibleBatch(ctx, actor.scope, batchId);
  if (batch.status === decision && batch.decidedBy === actor.username) return { ...batchView(batch), payments: 0 };
  if (batch.status !== 'PENDING') {
    throw domainError('BATCH_STATUS', 409, `Đợt #${batchId} đã được xử lý (${labelOf(oneOffBatchStatusNames, batch.status).toLocaleLowerCase('vi')})`, `Batch #${batchId} was already decided (${labelOf(oneOffBatchStatusNames, batch.status, 'en').toLowerCase()})`, { status: batch.status });
  }
  if (batch.madeBy === actor.username) {
    throw domainError('MAKER_CHECKER', 403, 'Người nhập danh sách không được tự duyệt', 'The person who imported the list cannot decide on it', { madeBy: batch.madeBy });
  }
  const payments = await ctx.db.orm.transaction(async (tx) => {
    if (!(await decideBatch(tx, batchId, { status: decision, decidedBy: actor.username, comment }))) {
      throw domainError('BATCH_STATUS', 409, `Đợt #${batchId} đã được xử lý`, `Batch #${batchId} was already decided`);
    }
    const written = decision === 'APPROVED' ? await insertBatchPayments(tx, batchId, batch.madeBy) : 0;
    await recordAudit(tx, actor, {
      action: decision === 'APPROVED' ? 'payroll.one_off_batch_approved' : 'payroll.one_off_batch_rejected',
      entityType: 'one_off_batch',
      entityId: batchId,
      unitCode: batch.communeCode ?? batch.provinceCode,
      before: { status: batch.status },
      after: { status: decision, payments: written, totalVnd: vndToNumber(vndFromDb(batch.totalVnd)), forMonth: batch.forMonth, comment },
    });
    return written;
  });
  return { ...batchView((await findBatch(ctx.db.orm, actor.scope, batchId))!), payments };
}

/** A second person approves: the accepted rows become one-off payments of the next cycle. */
export function approveOneOffBatch(ctx: AppContext, actor: Actor, batchId: number, comment?: string) {
  return decide(ctx, actor, batchId, 'APPROVED', comment?.trim() || null);
}

export function rejectOneOffBatch(ctx: AppContext, actor: Actor, batchId: number, reason: string) {
  if (!reason.trim()) throw domainError('REASON_REQUIRED', 400, 'Cần ghi lý do từ chối', 'A reason for the rejection is required', { field: 'reason' });
  return decide(ctx, actor, batchId, 'REJECTED', reason.trim());
}
