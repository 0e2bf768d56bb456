import { sql } from 'drizzle-orm';
import { vndFromDb, type AmountVnd } from '../../core/money.js';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { providersRelation, unitsRelation } from '../units/units.service.js';

/** What the outbound files read: the batch, its items a page at a time, its communes' names; the files produced. */
export interface FileBatchRow {
  id: number;
  cycleId: number;
  providerCode: string;
  providerName: string | null;
  channelGroup: 'BANK' | 'WALLET' | 'CASH';
  messageId: string;
  itemCount: number;
  controlSumVnd: AmountVnd;
  /** Batch creation time, +07:00. */
  createdAt: string;
}

export interface FileItemRow {
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

/** The batch of a provider and round (the bank group first when a provider has two). */
export async function findFileBatch(executor: Executor, cycleId: number, providerCode: string, round: number): Promise<FileBatchRow | undefined> {
  const batch = await queryOne<Omit<FileBatchRow, 'controlSumVnd'> & { controlSumVnd: string }>(
    executor,
    sql`SELECT b.id::int AS id, b.cycle_id::int AS "cycleId", b.provider_code AS "providerCode", p.short_name AS "providerName",
               b.channel_group AS "channelGroup", b.message_id AS "messageId", b.item_count AS "itemCount", b.control_sum_vnd::text AS "controlSumVnd",
               to_char((b.created_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"') AS "createdAt"
        FROM disbursement_batches b LEFT JOIN ${providersRelation()} p ON p.code = b.provider_code
        WHERE b.cycle_id = ${cycleId} AND b.provider_code = ${providerCode} AND b.round = ${round}
        ORDER BY b.channel_group LIMIT 1`,
  );
  return batch && { ...batch, controlSumVnd: vndFromDb(batch.controlSumVnd) };
}

/** A page of the batch's items in id order after `afterId` (keyset: every page is an index range). */
export async function fileItemPage(executor: Executor, batchId: number, afterId: number, limit: number): Promise<FileItemRow[]> {
  const rows = await queryRows<Omit<FileItemRow, 'amountVnd'> & { amountVnd: string }>(
    executor,
    sql`SELECT i.id::int AS id, i.end_to_end_id AS "endToEndId", i.amount_vnd::text AS "amountVnd", i.personal_id AS "personalId", i.full_name AS "fullName",
               i.channel, i.provider_code AS "providerCode", i.account_number AS "accountNumber", i.account_holder AS "accountHolder",
               i.representative_name AS "representativeName", i.commune_code AS "communeCode"
        FROM disbursement_items i
        WHERE i.batch_id = ${batchId} AND i.id > ${afterId} ORDER BY i.batch_id, i.id LIMIT ${limit}`,
  );
  return rows.map((row) => ({ ...row, amountVnd: vndFromDb(row.amountVnd) }));
}

/** The current (2025) names of the communes of the batch's items. */
export async function batchCommuneNames(executor: Executor, batchId: number): Promise<{ code: string; name: string }[]> {
  return queryRows<{ code: string; name: string }>(
    executor,
    sql`SELECT code, name_with_type AS name FROM ${unitsRelation()} u WHERE generation = '2025' AND level = 'commune'
        AND code IN (SELECT DISTINCT commune_code FROM disbursement_items WHERE batch_id = ${batchId})`,
  );
}

/** The template a file was written with (null: before templates, the generic layout). */
export interface FileTemplateUsed {
  name: string;
  version: number;
  template: unknown;
}

/** The batch's file in this format as first produced, if it was: its SHA-256 and its template. */
export async function findFileRecord(executor: Executor, batchId: number, format: string): Promise<{ sha256: string; template: FileTemplateUsed | null } | undefined> {
  const previous = await queryOne<{ sha256: string; templateName: string | null; templateVersion: number | null; template: unknown }>(
    executor,
    sql`SELECT sha256, template_name AS "templateName", template_version AS "templateVersion", template
        FROM disbursement_files WHERE batch_id = ${batchId} AND format = ${format}`,
  );
  if (!previous) return undefined;
  const template = previous.templateName === null ? null : { name: previous.templateName, version: previous.templateVersion!, template: previous.template };
  return { sha256: previous.sha256, template };
}

export async function insertFile(executor: Executor, file: { batchId: number; format: string; sha256: string; bytes: number; createdBy: string; template: FileTemplateUsed | null }): Promise<void> {
  const template = file.template;
  await executor.execute(sql`INSERT INTO disbursement_files (batch_id, format, sha256, bytes, created_by, template_name, template_version, template)
                             VALUES (${file.batchId}, ${file.format}, ${file.sha256}, ${file.bytes}, ${file.createdBy},
                                     ${template?.name ?? null}, ${template?.version ?? null}, ${template === null ? null : JSON.stringify(template.template)}::jsonb)`);
}

/** A batch as its hand-over reads it: the files made of it, and whether it went through a provider's API. */
export interface HandOverBatchRow {
  id: number;
  providerCode: string;
  channelGroup: 'BANK' | 'WALLET' | 'CASH';
  round: number;
  messageId: string;
  itemCount: number;
  controlSumVnd: AmountVnd;
  sentAt: string | null;
  formats: string[];
  apiAttempts: number;
}

/** The cycle's batch by id (locked with `lock`: two hand-overs of one batch run one after the other). */
export async function findHandOverBatch(executor: Executor, cycleId: number, batchId: number, lock: boolean): Promise<HandOverBatchRow | undefined> {
  const row = await queryOne<Omit<HandOverBatchRow, 'controlSumVnd'> & { controlSumVnd: string }>(
    executor,
    sql`SELECT b.id::int AS id, b.provider_code AS "providerCode", b.channel_group AS "channelGroup", b.round, b.message_id AS "messageId",
               b.item_count AS "itemCount", b.control_sum_vnd::text AS "controlSumVnd", b.sent_at::text AS "sentAt",
               ARRAY(SELECT f.format FROM disbursement_files f WHERE f.batch_id = b.id ORDER BY f.format) AS formats,
               (SELECT count(*)::int FROM disbursement_attempts a WHERE a.batch_id = b.id) AS "apiAttempts"
        FROM disbursement_batches b WHERE b.cycle_id = ${cycleId} AND b.id = ${batchId} ${lock ? sql`FOR UPDATE OF b` : sql``}`,
  );
  return row && { ...row, controlSumVnd: vndFromDb(row.controlSumVnd) };
}
