import { createHash } from 'node:crypto';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { AppContext } from '../../app/context.js';
import { domainError, errors } from '../../core/errors.js';
import { vndToNumber } from '../../core/money.js';
import type { Executor } from '../../db/client.js';
import { keysetPages } from '../../db/paging.js';
import { limits } from '../../limits.js';
import { recordAudit } from '../audit/audit.service.js';
import { disclosure, requireFullExport, requireList } from '../access/need-to-know.js';
import { auditDisclosure } from '../audit/disclosure.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { addTemplateXlsxHeader, addTemplateXlsxRow, parseFileTemplate, streamXlsx, templateCells, templateHeaders, templateTotalCells, TemplateTotals, writePain001, writeTemplateCsv, type FileTemplate, type TemplateCell, type TemplateContext, type TemplateField, type TemplateRow } from '../formats/index.js';
import type { CycleRow } from '../payroll/payroll.service.js';
import { loadCycleForDisbursement } from './batches.service.js';
import { batchRelation, markBatchRowsSent } from './batches.repository.js';
import { applyHeldResultsInTx, heldResultsPolicy } from './held.service.js';
import { batchCommuneNames, fileItemPage, findFileBatch, findFileRecord, insertFile, type FileBatchRow, type FileItemRow } from './files.repository.js';
import { checkedPreviewRows, templateInForce, templateOfFile, templateUsed, type TemplateInForce, type TemplatePreview, type TemplatePurpose } from './file-templates.service.js';
import { postDispatch } from '../ledger/ledger.service.js';
import type { Debtor } from '../payers/payers.service.js';
import { debtorOfBatch } from './debtor.js';

/**
 * Outbound files, streamed from the items in id order so that regenerating a file gives the same
 * bytes (checked against the SHA-256 stored the first time): pain.001.001.09 for banks, a bulk
 * CSV/XLSX laid out by the provider's file template, and VNPost's cash list with signature columns
 * (its columns from VNPost's template). A file records its template, and is regenerated with it.
 * Producing a file does not hand the batch over: that is the officer's explicit act
 * (handover.service.ts), or `handOver: true` here (the demo's history, the CLI's `--hand-over`).
 */
export type FileFormat = 'pain001' | 'csv' | 'xlsx' | 'cash-list';

/** The batch with its cycle's month and locality name (the files' header and remittance text). */
interface BatchRow extends FileBatchRow {
  month: string;
  unitName: string | null;
}

type ItemRow = FileItemRow;

async function loadBatch(executor: Executor, cycle: CycleRow, providerCode: string, round: number): Promise<BatchRow> {
  const batch = await findFileBatch(executor, cycle.id, providerCode, round);
  if (!batch) throw errors.notFound({ entity: 'disbursement_batch', cycleId: cycle.id, providerCode });
  return { ...batch, month: cycle.month, unitName: cycle.unitName };
}

/** A batch's items in id order, a page at a time (keyset, so every page is an index range). */
function batchItemPages(executor: Executor, batchId: number): AsyncGenerator<ItemRow[]> {
  return keysetPages((afterId) => fileItemPage(executor, batchId, afterId, itemPageRows), itemPageRows);
}

const itemPageRows = 5_000;

async function* batchItems(executor: Executor, batchId: number): AsyncGenerator<ItemRow> {
  for await (const page of batchItemPages(executor, batchId)) yield* page;
}

function remittance(month: string, endToEndId: string): string {
  return `TRO CAP T${month.slice(5, 7)} ${month.slice(0, 4)} MA ${endToEndId}`;
}

/** Wallet and Mobile Money accounts are the holder's phone number. */
const phoneChannels: ReadonlySet<string> = new Set(['VI_DIEN_TU', 'MOBILE_MONEY']);

function templateRow(batch: BatchRow, item: ItemRow): TemplateRow {
  return {
    endToEndId: item.endToEndId,
    accountNumber: item.accountNumber ?? '',
    ...(phoneChannels.has(item.channel) && item.accountNumber !== null ? { phone: item.accountNumber } : {}),
    beneficiaryName: item.accountHolder ?? item.fullName,
    fullName: item.fullName,
    bin: item.providerCode,
    bankName: batch.providerName ?? undefined,
    amountVnd: item.amountVnd,
    description: remittance(batch.month, item.endToEndId),
    personalId: item.personalId,
    representativeName: item.representativeName ?? undefined,
    communeCode: item.communeCode,
  };
}

function templateContext(batch: BatchRow): TemplateContext {
  return { month: batch.month, date: batch.createdAt.slice(0, 10) };
}

async function* pain001Chunks(executor: Executor, batch: BatchRow, debtor: Debtor): AsyncGenerator<string> {
  const transactions = (async function* () {
    for await (const item of batchItems(executor, batch.id)) {
      yield {
        endToEndId: item.endToEndId,
        // InstrId = EndToEndId: a bank's pain.002 or camt that echoes only the instruction id still names the payment.
        instructionId: item.endToEndId,
        amountVnd: item.amountVnd,
        creditorName: item.accountHolder ?? item.fullName,
        creditorAccount: item.accountNumber ?? '',
        creditorAgentBin: item.providerCode,
        remittance: remittance(batch.month, item.endToEndId),
        purpose: 'SSBE' as const,
      };
    }
  })();
  yield* writePain001(
    {
      messageId: batch.messageId,
      createdAt: batch.createdAt,
      initiatingPartyName: debtor.name,
      debtor: { name: debtor.name, accountNumber: debtor.accountNumber, agentBin: debtor.agentBin },
      requestedExecutionDate: batch.createdAt.slice(0, 10),
      categoryPurpose: 'SSBE',
      batches: [{ paymentInfoId: `${batch.messageId}`.slice(0, 35), count: batch.itemCount, controlSumVnd: batch.controlSumVnd }],
    },
    transactions,
  );
}

async function* bulkCsvChunks(executor: Executor, batch: BatchRow, template: FileTemplate): AsyncGenerator<string> {
  const rows = (async function* () {
    for await (const item of batchItems(executor, batch.id)) yield templateRow(batch, item);
  })();
  yield* writeTemplateCsv(rows, template, templateContext(batch));
}

/**
 * VNPost's list: one sheet per payment point (commune) and one per home-delivery round. Items are
 * numbered commune by commune (batches.service, reconcile.service), so each commune's sheets are
 * finished before the next commune starts and only they are open at a time: the streamed zip
 * holds a later sheet in memory until the earlier ones are closed.
 */
function cashListChunks(executor: Executor, batch: BatchRow, template: FileTemplate): AsyncGenerator<Buffer> {
  return streamXlsx(new Date(batch.createdAt), async (workbook, drained) => {
    const names = await batchCommuneNames(executor, batch.id);
    const communeNames = new Map(names.map((row) => [row.code, row.name]));
    const context = templateContext(batch);
    const open = new Map<string, { sheet: ExcelJS.Worksheet; totals: TemplateTotals }>();
    const finished = new Set<string>();
    let commune: string | null = null;
    const finishCommune = () => {
      for (const { sheet, totals } of open.values()) {
        addTemplateXlsxRow(sheet, templateTotalCells(template, totals.count, totals.totalVnd), true);
        commit(sheet, []);
        commit(sheet, ['', 'Người lập', '', 'Nhân viên chi trả', '', 'Đại diện UBND xã']);
        sheet.commit();
      }
      open.clear();
      if (commune) finished.add(commune);
    };
    let rows = 0;
    for await (const page of batchItemPages(executor, batch.id)) {
      for (const item of page) {
        rows += 1;
        if (rows > limits.importRowsMax) throw domainError('FILE_TOO_LARGE', 400, 'Danh sách quá lớn', 'The list is too large');
        if (item.communeCode !== commune) {
          finishCommune();
          // An assertion, not a user error: a commune split across the batch would need a sheet already closed.
          if (finished.has(item.communeCode)) throw new Error(`batch ${batch.messageId}: items of commune ${item.communeCode} are not contiguous`);
          commune = item.communeCode;
        }
        const home = item.channel === 'TAI_NHA';
        const key = home ? 'home' : 'point';
        let entry = open.get(key);
        if (!entry) {
          const sheet = workbook.addWorksheet(`${item.communeCode}${home ? ' tại nhà' : ''}`);
          sheet.columns = columnWidths(template);
          commit(sheet, [`DANH SÁCH CHI TRẢ ${home ? 'TẠI NHÀ' : 'TẠI ĐIỂM CHI TRẢ'} THÁNG ${batch.month.slice(5)}/${batch.month.slice(0, 4)}`], true);
          commit(sheet, [`${communeNames.get(item.communeCode) ?? item.communeCode} — Lô ${batch.messageId}`]);
          addTemplateXlsxHeader(sheet, template);
          entry = { sheet, totals: new TemplateTotals() };
          open.set(key, entry);
        }
        const row = templateRow(batch, item);
        entry.totals.add(row);
        addTemplateXlsxRow(entry.sheet, templateCells(template, row, entry.totals.count, context));
      }
      await drained();
    }
    finishCommune();
  });
}

/** Column widths by what a column holds (characters). */
const fieldWidths: Partial<Record<TemplateField, number>> = {
  rowNumber: 6, endToEndId: 20, accountNumber: 18, phone: 14, beneficiaryName: 26, fullName: 26, personalId: 16, bin: 10, bankName: 16,
  amountVnd: 16, description: 40, month: 10, date: 12, communeCode: 10, representativeName: 22, blank: 16,
};

function columnWidths(template: FileTemplate): { width: number }[] {
  return template.columns.map((column) => ({ width: fieldWidths[column.field] ?? 16 }));
}

function commit(sheet: ExcelJS.Worksheet, values: (string | number)[], bold = false): ExcelJS.Row {
  const row = sheet.addRow(values);
  if (bold) row.font = { bold: true };
  row.commit();
  return row;
}

/** The bulk file as XLSX, laid out by the template (identifiers as text cells: Excel must not drop leading zeros). */
function bulkXlsxChunks(executor: Executor, batch: BatchRow, template: FileTemplate): AsyncGenerator<Buffer> {
  return streamXlsx(new Date(batch.createdAt), async (workbook, drained) => {
    const sheet = workbook.addWorksheet(template.sheetName);
    sheet.columns = columnWidths(template);
    addTemplateXlsxHeader(sheet, template);
    const context = templateContext(batch);
    const totals = new TemplateTotals();
    for await (const page of batchItemPages(executor, batch.id)) {
      for (const item of page) {
        const row = templateRow(batch, item);
        totals.add(row);
        addTemplateXlsxRow(sheet, templateCells(template, row, totals.count, context));
      }
      await drained();
    }
    if (template.totalRow) addTemplateXlsxRow(sheet, templateTotalCells(template, totals.count, totals.totalVnd), true);
    sheet.commit();
  });
}

function chunksFor(executor: Executor, batch: BatchRow, format: FileFormat, debtor: Debtor | null, template: FileTemplate | null): AsyncIterable<string | Buffer> {
  if (format === 'pain001') {
    if (batch.channelGroup !== 'BANK') throw domainError('FORMAT_CHANNEL', 400, 'pain.001 chỉ dùng cho lô chuyển khoản ngân hàng', 'pain.001 is for bank batches only');
    if (!debtor) throw new Error(`batch ${batch.messageId}: a pain.001 without its debtor`);
    return pain001Chunks(executor, batch, debtor);
  }
  if (batch.channelGroup !== 'CASH' && format === 'cash-list') throw domainError('FORMAT_CHANNEL', 400, 'Danh sách tiền mặt chỉ dùng cho lô chi tiền mặt', 'The cash list is for cash batches only');
  if (!template) throw new Error(`batch ${batch.messageId}: a ${format} file without its template`);
  if (format === 'csv') return bulkCsvChunks(executor, batch, template);
  if (format === 'xlsx') return bulkXlsxChunks(executor, batch, template);
  return cashListChunks(executor, batch, template);
}

function templatePurpose(format: FileFormat): TemplatePurpose | null {
  return format === 'pain001' ? null : format === 'cash-list' ? 'cash-list' : 'bulk';
}

/** The template a batch's file is written with: the one it was first written with, else the provider's in force. */
async function fileTemplate(executor: Executor, batch: BatchRow, format: FileFormat): Promise<TemplateInForce | null> {
  const purpose = templatePurpose(format);
  if (purpose === null) return null;
  const recorded = await findFileRecord(executor, batch.id, format);
  return recorded ? templateOfFile(recorded.template, purpose) : templateInForce(executor, batch.providerCode, purpose);
}

/** Hands the batch over: items SENT, batch sent_at, the control sum moves to the provider. */
export async function markBatchSent(executor: Executor, batchId: number): Promise<void> {
  await markBatchRowsSent(executor, batchId);
  await postDispatch(executor, batchRelation(batchId));
}

export async function exportBatchFile(
  ctx: AppContext,
  actor: Actor,
  input: { cycleId: number; providerCode: string; format: FileFormat; round?: number; output: Writable; handOver?: boolean },
): Promise<{ batchId: number; messageId: string; format: FileFormat; sha256: string; bytes: number; items: number; controlSumVnd: number; regenerated: boolean }> {
  requirePermission(actor, 'disbursement.send');
  // A payment file carries whole IDs and accounts or it pays the wrong person: only roles that may export them in full.
  requireFullExport(actor, ['personalId', 'accountNumber']);
  const cycle = await loadCycleForDisbursement(ctx.db.orm, actor, input.cycleId);
  const batch = await loadBatch(ctx.db.orm, cycle, input.providerCode, input.round ?? 1);
  // The paying account, before the first byte: without an approved one nothing is written.
  const debtor = input.format === 'pain001' && batch.channelGroup === 'BANK' ? await debtorOfBatch(ctx.db.orm, batch.id) : null;
  const template = await fileTemplate(ctx.db.orm, batch, input.format);
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      hash.update(buffer);
      bytes += buffer.length;
      callback(null, buffer);
    },
  });
  await pipeline(Readable.from(chunksFor(ctx.db.orm, batch, input.format, debtor, template?.template ?? null)), tap, input.output);
  const sha256 = hash.digest('hex');
  const handOver = input.handOver === true;
  // Results that came before the hand-over are applied with it (held.service.ts).
  const policy = handOver ? await heldResultsPolicy(ctx, input.cycleId) : null;
  return ctx.db.orm.transaction(async (tx) => {
    const previous = (await findFileRecord(tx, batch.id, input.format))?.sha256;
    if (previous !== undefined && previous !== sha256) {
      // Same items, same header: different bytes would mean the generator is not deterministic.
      throw new Error(`batch ${batch.messageId}: regenerated ${input.format} differs from the file sent (${previous} ≠ ${sha256})`);
    }
    if (previous === undefined) await insertFile(tx, { batchId: batch.id, format: input.format, sha256, bytes, createdBy: actor.username, template: template && templateUsed(template) });
    // Only when asked: downloading is not handing over (handover.service.ts); the API path hands over on the provider's acknowledgement (send.service).
    if (policy !== null) {
      await markBatchSent(tx, batch.id);
      await applyHeldResultsInTx(tx, actor, input.cycleId, policy, { batchId: batch.id });
    }
    await recordAudit(tx, actor, { action: previous !== undefined ? 'disbursement.file_regenerated' : 'disbursement.file_created', entityType: 'disbursement_batch', entityId: batch.id, after: { format: input.format, sha256, bytes, rows: batch.itemCount, ...(template ? { template: { name: template.name, version: template.version } } : {}) } });
    return { batchId: batch.id, messageId: batch.messageId, format: input.format, sha256, bytes, items: batch.itemCount, controlSumVnd: vndToNumber(batch.controlSumVnd), regenerated: previous !== undefined };
  });
}

/**
 * Refuses, before a file is opened or a response started, a pain.001 for a batch without an
 * approved paying account (PAYER_ACCOUNT_MISSING): the CLI's `export` and the file route check it
 * first, so that a refusal leaves no empty file and no half-sent download.
 */
export async function checkFileDebtor(ctx: AppContext, actor: Actor, input: { cycleId: number; providerCode: string; format: FileFormat; round?: number }): Promise<void> {
  if (input.format !== 'pain001') return;
  requirePermission(actor, 'disbursement.send');
  const cycle = await loadCycleForDisbursement(ctx.db.orm, actor, input.cycleId);
  const batch = await loadBatch(ctx.db.orm, cycle, input.providerCode, input.round ?? 1);
  if (batch.channelGroup === 'BANK') await debtorOfBatch(ctx.db.orm, batch.id);
}

/** What a masked preview shows of each identifier field (names and amounts are the lines' own). */
function maskedCell(field: TemplateField, cell: TemplateCell, show: ReturnType<typeof disclosure>): string {
  if (field === 'personalId') return cell.text === '' ? '' : show.personalId(cell.text);
  if (field === 'accountNumber' || field === 'phone') return show.accountNumber(cell.text) ?? '';
  return cell.text;
}

/**
 * The first lines of a real batch as the provider's template (or a draft) writes them, for those
 * who send payment files and see the payment lines; identifiers as the role may view them. The
 * lines are checked as in the file (a value the file would refuse is refused here), and the view is
 * recorded as a disclosure.
 */
export async function previewBatchFile(
  ctx: AppContext,
  actor: Actor,
  input: { cycleId: number; providerCode: string; round?: number; rows: number; template?: unknown },
): Promise<TemplatePreview> {
  requirePermission(actor, 'disbursement.send');
  requireList(actor, 'lines');
  const cycle = await loadCycleForDisbursement(ctx.db.orm, actor, input.cycleId);
  const batch = await loadBatch(ctx.db.orm, cycle, input.providerCode.trim().toUpperCase(), input.round ?? 1);
  const inForce = input.template === undefined ? await templateInForce(ctx.db.orm, batch.providerCode, batch.channelGroup === 'CASH' ? 'cash-list' : 'bulk') : null;
  const template = inForce?.template ?? parseFileTemplate(input.template);
  const items = await fileItemPage(ctx.db.orm, batch.id, 0, checkedPreviewRows(input.rows));
  const show = disclosure(actor, 'view');
  const context = templateContext(batch);
  const rows = items.map((item, index) => templateCells(template, templateRow(batch, item), index + 1, context).map((cell, column) => maskedCell(template.columns[column]!.field, cell, show)));
  if (rows.length > 0) {
    await auditDisclosure(ctx.db.orm, actor, {
      action: 'view',
      what: 'disbursement.file_preview',
      rows: rows.length,
      entityType: 'disbursement_batch',
      entityId: batch.id,
      unitCode: cycle.communeCode ?? cycle.provinceCode,
      filter: { cycleId: input.cycleId, providerCode: batch.providerCode },
    });
  }
  return {
    providerCode: batch.providerCode,
    name: template.name,
    version: inForce ? inForce.version : null,
    format: template.format,
    header: template.header ? templateHeaders(template) : null,
    rows,
    // the batch's own count and sum, as the file's total line would show them
    total: template.totalRow ? templateTotalCells(template, batch.itemCount, batch.controlSumVnd).map((cell) => cell.text) : null,
    csv: null,
  };
}
