import { createHash } from 'node:crypto';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { AppContext } from '../../app/context.js';
import { domainError, errors } from '../../core/errors.js';
import { addVnd, vndFromDb, vndToNumber, zeroVnd, type AmountVnd } from '../../core/money.js';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { keysetPages } from '../../db/paging.js';
import { limits } from '../../limits.js';
import { recordAudit } from '../audit/audit.service.js';
import { requireFullExport } from '../access/need-to-know.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { defaultBulkCsvMapping, streamXlsx, writeBulkCsv, writePain001, type BulkCsvMapping } from '../formats/index.js';
import { loadCycleForDisbursement } from './batches.service.js';
import { postDispatch } from '../ledger/ledger.service.js';

/**
 * Outbound files, streamed from the items in id order so that regenerating a file gives the same
 * bytes (checked against the SHA-256 stored the first time): pain.001.001.09 for banks, a bulk
 * CSV/XLSX with a per-provider column mapping, and VNPost's cash list with signature columns.
 * Producing a batch's file hands the batch over: items become SENT and the money moves to the
 * provider in the ledger.
 */
export type FileFormat = 'pain001' | 'csv' | 'xlsx' | 'cash-list';

interface BatchRow {
  id: number;
  cycleId: number;
  providerCode: string;
  providerName: string | null;
  channelGroup: 'BANK' | 'WALLET' | 'CASH';
  messageId: string;
  itemCount: number;
  controlSumVnd: AmountVnd;
  createdAt: string;
  month: string;
  unitName: string | null;
}

interface ItemRow {
  id: number;
  endToEndId: string;
  amountVnd: AmountVnd;
  personalId: string;
  fullName: string;
  channel: string;
  providerCode: string;
  accountNumber: string | null;
  accountHolder: string | null;
  representativeName: string | null;
  communeCode: string;
}

async function loadBatch(executor: Executor, cycleId: number, providerCode: string, round: number): Promise<BatchRow> {
  const batch = await queryOne<Omit<BatchRow, 'controlSumVnd'> & { controlSumVnd: string }>(
    executor,
    sql`SELECT b.id::int AS id, b.cycle_id::int AS "cycleId", b.provider_code AS "providerCode", p.short_name AS "providerName",
               b.channel_group AS "channelGroup", b.message_id AS "messageId", b.item_count AS "itemCount", b.control_sum_vnd::text AS "controlSumVnd",
               to_char((b.created_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"') AS "createdAt", c.month,
               u.name_with_type AS "unitName"
        FROM disbursement_batches b JOIN payroll_cycles c ON c.id = b.cycle_id LEFT JOIN providers p ON p.code = b.provider_code
        LEFT JOIN admin_units u ON u.generation = '2025' AND u.level = c.scope_level AND u.code = COALESCE(c.commune_code, c.province_code)
        WHERE b.cycle_id = ${cycleId} AND b.provider_code = ${providerCode} AND b.round = ${round}
        ORDER BY b.channel_group LIMIT 1`,
  );
  if (!batch) throw errors.notFound({ entity: 'disbursement_batch', cycleId, providerCode });
  return { ...batch, controlSumVnd: vndFromDb(batch.controlSumVnd) };
}

/** A batch's items in id order, a page at a time (keyset, so every page is an index range). */
function batchItemPages(executor: Executor, batchId: number): AsyncGenerator<ItemRow[]> {
  return keysetPages(async (afterId) => {
    const rows = await queryRows<Omit<ItemRow, 'amountVnd'> & { amountVnd: string }>(
      executor,
      sql`SELECT i.id::int AS id, i.end_to_end_id AS "endToEndId", i.amount_vnd::text AS "amountVnd", i.personal_id AS "personalId", i.full_name AS "fullName",
                 i.channel, i.provider_code AS "providerCode", i.account_number AS "accountNumber", i.account_holder AS "accountHolder",
                 i.representative_name AS "representativeName", i.commune_code AS "communeCode"
          FROM disbursement_items i
          WHERE i.batch_id = ${batchId} AND i.id > ${afterId} ORDER BY i.batch_id, i.id LIMIT ${itemPageRows}`,
    );
    return rows.map((row) => ({ ...row, amountVnd: vndFromDb(row.amountVnd) }));
  }, itemPageRows);
}

const itemPageRows = 5_000;

async function* batchItems(executor: Executor, batchId: number): AsyncGenerator<ItemRow> {
  for await (const page of batchItemPages(executor, batchId)) yield* page;
}

function remittance(month: string, endToEndId: string): string {
  return `TRO CAP T${month.slice(5, 7)} ${month.slice(0, 4)} MA ${endToEndId}`;
}

async function payer(executor: Executor, batch: BatchRow): Promise<{ name: string; accountNumber: string; agentBin: string }> {
  const row = await queryOne<{ value: { name?: string; accountNumber?: string; agentBin?: string } }>(executor, sql`SELECT value FROM app_settings WHERE key = 'disbursement.payer'`);
  return {
    name: row?.value.name ?? `UBND ${batch.unitName ?? ''}`.trim(),
    accountNumber: row?.value.accountNumber ?? '0000000000001',
    agentBin: row?.value.agentBin ?? '970405',
  };
}

async function csvMapping(executor: Executor, providerCode: string): Promise<BulkCsvMapping> {
  const row = await queryOne<{ value: BulkCsvMapping }>(executor, sql`SELECT value FROM app_settings WHERE key = ${`disbursement.csvMapping.${providerCode}`}`);
  return row?.value ?? defaultBulkCsvMapping;
}

async function* pain001Chunks(executor: Executor, batch: BatchRow): AsyncGenerator<string> {
  const debtor = await payer(executor, batch);
  const transactions = (async function* () {
    for await (const item of batchItems(executor, batch.id)) {
      yield {
        endToEndId: item.endToEndId,
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

async function* bulkCsvChunks(executor: Executor, batch: BatchRow): AsyncGenerator<string> {
  const mapping = await csvMapping(executor, batch.providerCode);
  const rows = (async function* () {
    for await (const item of batchItems(executor, batch.id)) {
      yield {
        endToEndId: item.endToEndId,
        accountNumber: item.accountNumber ?? '',
        beneficiaryName: item.accountHolder ?? item.fullName,
        bin: item.providerCode,
        bankName: batch.providerName ?? undefined,
        amountVnd: item.amountVnd,
        description: remittance(batch.month, item.endToEndId),
        personalId: item.personalId,
      };
    }
  })();
  yield* writeBulkCsv(rows, mapping, { bom: true });
}

const cashColumns = ['STT', 'Mã chi trả', 'Họ và tên', 'Số định danh', 'Số tiền (đồng)', 'Người nhận thay', 'Ngày nhận', 'Ký nhận', 'Ghi chú'];

/**
 * VNPost's list: one sheet per payment point (commune) and one per home-delivery round. Items are
 * numbered commune by commune (batches.service, reconcile.service), so each commune's sheets are
 * finished before the next commune starts and only they are open at a time: the streamed zip
 * holds a later sheet in memory until the earlier ones are closed.
 */
function cashListChunks(executor: Executor, batch: BatchRow): AsyncGenerator<Buffer> {
  return streamXlsx(new Date(batch.createdAt), async (workbook, drained) => {
    const names = await queryRows<{ code: string; name: string }>(
      executor,
      sql`SELECT code, name_with_type AS name FROM admin_units WHERE generation = '2025' AND level = 'commune'
          AND code IN (SELECT DISTINCT commune_code FROM disbursement_items WHERE batch_id = ${batch.id})`,
    );
    const communeNames = new Map(names.map((row) => [row.code, row.name]));
    const open = new Map<string, { sheet: ExcelJS.Worksheet; index: number; total: AmountVnd }>();
    const finished = new Set<string>();
    let commune: string | null = null;
    const finishCommune = () => {
      for (const { sheet, total } of open.values()) {
        commit(sheet, ['', '', 'Tổng cộng', '', vndToNumber(total)], true);
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
          sheet.columns = cashColumnWidths.map((width) => ({ width }));
          commit(sheet, [`DANH SÁCH CHI TRẢ ${home ? 'TẠI NHÀ' : 'TẠI ĐIỂM CHI TRẢ'} THÁNG ${batch.month.slice(5)}/${batch.month.slice(0, 4)}`], true);
          commit(sheet, [`${communeNames.get(item.communeCode) ?? item.communeCode} — Lô ${batch.messageId}`]);
          commit(sheet, cashColumns, true);
          entry = { sheet, index: 0, total: zeroVnd };
          open.set(key, entry);
        }
        entry.index += 1;
        entry.total = addVnd(entry.total, item.amountVnd);
        commit(entry.sheet, [entry.index, item.endToEndId, item.fullName, item.personalId, vndToNumber(item.amountVnd), item.representativeName ?? '', '', '', '']);
      }
      await drained();
    }
    finishCommune();
  });
}

const cashColumnWidths = [6, 20, 26, 16, 16, 22, 12, 16, 16];

function commit(sheet: ExcelJS.Worksheet, values: (string | number)[], bold = false): ExcelJS.Row {
  const row = sheet.addRow(values);
  if (bold) row.font = { bold: true };
  row.commit();
  return row;
}

// Account numbers and IDs as text: Excel must not drop leading zeros.
const textFields = new Set(['accountNumber', 'personalId', 'bin', 'endToEndId']);

function bulkXlsxChunks(executor: Executor, batch: BatchRow): AsyncGenerator<Buffer> {
  return streamXlsx(new Date(batch.createdAt), async (workbook, drained) => {
    const mapping = await csvMapping(executor, batch.providerCode);
    const sheet = workbook.addWorksheet('ChiHo');
    commit(sheet, mapping.map((column) => column.column), true);
    let rowNumber = 0;
    let total = zeroVnd;
    for await (const page of batchItemPages(executor, batch.id)) {
      for (const item of page) {
        rowNumber += 1;
        total = addVnd(total, item.amountVnd);
        const values: Record<string, string | number> = {
          endToEndId: item.endToEndId, accountNumber: item.accountNumber ?? '', beneficiaryName: (item.accountHolder ?? item.fullName),
          bin: item.providerCode, bankName: batch.providerName ?? '', amountVnd: vndToNumber(item.amountVnd), description: remittance(batch.month, item.endToEndId),
          personalId: item.personalId, rowNumber,
        };
        const row = sheet.addRow(mapping.map((column) => values[column.field] ?? ''));
        mapping.forEach((column, index) => {
          if (textFields.has(column.field)) row.getCell(index + 1).numFmt = '@';
        });
        row.commit();
      }
      await drained();
    }
    commit(sheet, mapping.map((column, index) => (column.field === 'amountVnd' ? vndToNumber(total) : index === 0 ? 'TONG CONG' : '')));
    sheet.commit();
  });
}

function chunksFor(executor: Executor, batch: BatchRow, format: FileFormat): AsyncIterable<string | Buffer> {
  if (format === 'pain001') {
    if (batch.channelGroup !== 'BANK') throw domainError('FORMAT_CHANNEL', 400, 'pain.001 chỉ dùng cho lô chuyển khoản ngân hàng', 'pain.001 is for bank batches only');
    return pain001Chunks(executor, batch);
  }
  if (format === 'csv') return bulkCsvChunks(executor, batch);
  if (format === 'xlsx') return bulkXlsxChunks(executor, batch);
  if (batch.channelGroup !== 'CASH') throw domainError('FORMAT_CHANNEL', 400, 'Danh sách tiền mặt chỉ dùng cho lô chi tiền mặt', 'The cash list is for cash batches only');
  return cashListChunks(executor, batch);
}

/** Hands the batch over: items SENT, batch sent_at, the control sum moves to the provider. */
export async function markBatchSent(executor: Executor, batchId: number): Promise<void> {
  await executor.execute(sql`UPDATE disbursement_batches SET sent_at = COALESCE(sent_at, now()) WHERE id = ${batchId}`);
  await executor.execute(sql`UPDATE disbursement_items SET transmission = 'SENT', updated_at = now() WHERE batch_id = ${batchId} AND transmission = 'PENDING'`);
  await postDispatch(executor, batchId);
}

export async function exportBatchFile(
  ctx: AppContext,
  actor: Actor,
  input: { cycleId: number; providerCode: string; format: FileFormat; round?: number; output: Writable; handOver?: boolean },
): Promise<{ batchId: number; messageId: string; format: FileFormat; sha256: string; bytes: number; items: number; controlSumVnd: number; regenerated: boolean }> {
  requirePermission(actor, 'disbursement.send');
  // A payment file carries whole IDs and accounts or it pays the wrong person: only roles that may export them in full.
  requireFullExport(actor, ['personalId', 'accountNumber']);
  await loadCycleForDisbursement(ctx.db.orm, actor, input.cycleId);
  const batch = await loadBatch(ctx.db.orm, input.cycleId, input.providerCode, input.round ?? 1);
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
  await pipeline(Readable.from(chunksFor(ctx.db.orm, batch, input.format)), tap, input.output);
  const sha256 = hash.digest('hex');
  return ctx.db.orm.transaction(async (tx) => {
    const previous = await queryOne<{ sha256: string }>(tx, sql`SELECT sha256 FROM disbursement_files WHERE batch_id = ${batch.id} AND format = ${input.format}`);
    if (previous && previous.sha256 !== sha256) {
      // Same items, same header: different bytes would mean the generator is not deterministic.
      throw new Error(`batch ${batch.messageId}: regenerated ${input.format} differs from the file sent (${previous.sha256} ≠ ${sha256})`);
    }
    if (!previous) {
      await tx.execute(sql`INSERT INTO disbursement_files (batch_id, format, sha256, bytes, created_by) VALUES (${batch.id}, ${input.format}, ${sha256}, ${bytes}, ${actor.username})`);
    }
    // The API path (send.service) hands the batch over only when the provider acknowledges it.
    if (input.handOver !== false) await markBatchSent(tx, batch.id);
    await recordAudit(tx, actor, { action: previous ? 'disbursement.file_regenerated' : 'disbursement.file_created', entityType: 'disbursement_batch', entityId: batch.id, after: { format: input.format, sha256, bytes, rows: batch.itemCount } });
    return { batchId: batch.id, messageId: batch.messageId, format: input.format, sha256, bytes, items: batch.itemCount, controlSumVnd: vndToNumber(batch.controlSumVnd), regenerated: Boolean(previous) };
  });
}
