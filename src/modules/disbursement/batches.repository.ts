import { sql, type SQL } from 'drizzle-orm';
import { vndFromDb, type AmountVnd } from '../../core/money.js';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { cyclesRelation, payableLinesRelation } from '../payroll/payroll.service.js';
import { providersRelation } from '../units/units.service.js';

/**
 * Batches and their items as a cycle's payments are created and handed over: the set-based
 * statements that turn a funded cycle's lines into items, the batches' progress, and the hand-over.
 */
export interface BatchRow {
  id: number;
  providerCode: string;
  providerName: string | null;
  channelGroup: 'BANK' | 'WALLET' | 'CASH';
  round: number;
  messageId: string;
  itemCount: number;
  controlSumVnd: AmountVnd;
  sentAt: string | null;
  progress: { pending: number; sent: number; acknowledged: number; paid: number; failed: number; returned: number; onHold: number; final: number };
}

/** Item ids are taken in end-to-end order while numbering, so the lines need no look-up by end-to-end id. */
const nextItemId = sql.raw(`nextval('disbursement_items_id_seq'::regclass)`);

const channelGroup = sql`CASE WHEN channel = 'TK_NGAN_HANG' THEN 'BANK' WHEN channel IN ('VI_DIEN_TU', 'MOBILE_MONEY') THEN 'WALLET' ELSE 'CASH' END`;

export async function countBatches(executor: Executor, cycleId: number): Promise<number> {
  const existing = await queryOne<{ count: number }>(executor, sql`SELECT count(*)::int AS count FROM disbursement_batches WHERE cycle_id = ${cycleId}`);
  return existing?.count ?? 0;
}

/**
 * The cycle's items to be, in the temporary table `new_items` (dropped at commit): one per person
 * and payee, their lines netted; returns how many.
 */
export async function stageNewItems(executor: Executor, cycleId: number): Promise<number> {
  await executor.execute(sql`
    CREATE TEMP TABLE new_items ON COMMIT DROP AS
    SELECT ${nextItemId} AS item_id, g.* FROM (
      -- Numbered commune by commune, home deliveries after the payment point: the cash list streams
      -- one commune's sheets after another in this order (files.service), and item ids are taken
      -- in it. The grouping lists the numbering's keys first, so the sort that groups the lines
      -- also orders them for the numbering; the ORDER BY below then finds them sorted already.
      SELECT row_number() OVER (ORDER BY ${channelGroup}, provider_code, commune_code, channel = 'TAI_NHA', person_id, account_number) AS seq,
             person_id, channel, provider_code, account_number, account_holder, representative_name, personal_id, full_name,
             province_code, commune_code, ${channelGroup} AS channel_group, sum(amount_vnd) AS amount_vnd, array_agg(id ORDER BY id) AS line_ids
      FROM ${payableLinesRelation()} l
      WHERE cycle_id = ${cycleId} AND reversed_at IS NULL
      GROUP BY ${channelGroup}, provider_code, commune_code, channel = 'TAI_NHA', person_id, account_number,
               channel, account_holder, representative_name, personal_id, full_name, province_code
      -- a recovery never exceeds the person's lines, so a net of zero means fully recovered: nothing to pay
      HAVING sum(amount_vnd) > 0
      ORDER BY seq) g`);
  const staged = await queryOne<{ count: number }>(executor, sql`SELECT count(*)::int AS count FROM new_items`);
  return staged!.count;
}

/** One batch per provider and channel group of `new_items`, round 1. */
export async function insertStagedBatches(executor: Executor, cycleId: number): Promise<void> {
  await executor.execute(sql`
    INSERT INTO disbursement_batches (cycle_id, provider_code, channel_group, message_id, item_count, control_sum_vnd)
    SELECT ${cycleId}, provider_code, channel_group,
           'C' || lpad(${cycleId}::text, 7, '0') || '-' || provider_code || '-' || channel_group || '-1',
           count(*), sum(amount_vnd)
    FROM new_items GROUP BY provider_code, channel_group ORDER BY channel_group, provider_code`);
}

/** The items of `new_items` with their end-to-end ids, and the lines each pays (inside db/bulk.ts's withBulkLoad). */
export async function insertStagedItems(executor: Executor, cycleId: number): Promise<void> {
  await executor.execute(sql`
    INSERT INTO disbursement_items (id, batch_id, cycle_id, person_id, end_to_end_id, amount_vnd, personal_id, full_name, channel, provider_code,
      account_number, account_holder, representative_name, province_code, commune_code)
    OVERRIDING SYSTEM VALUE
    SELECT n.item_id, b.id, ${cycleId}, n.person_id, 'SA' || lpad(${cycleId}::text, 7, '0') || lpad(n.seq::text, 9, '0'), n.amount_vnd, n.personal_id, n.full_name,
           n.channel, n.provider_code, n.account_number, n.account_holder, n.representative_name, n.province_code, n.commune_code
    FROM new_items n JOIN disbursement_batches b ON b.cycle_id = ${cycleId} AND b.provider_code = n.provider_code AND b.channel_group = n.channel_group AND b.round = 1
    ORDER BY n.seq`);
  await executor.execute(sql`INSERT INTO disbursement_item_lines (item_id, line_id) SELECT item_id, unnest(line_ids) FROM new_items ORDER BY item_id`);
}

/** Fresh statistics for the million rows just written: later keyset reads plan well. */
export async function analyzeItems(executor: Executor): Promise<void> {
  await executor.execute(sql`ANALYZE disbursement_items`);
  await executor.execute(sql`ANALYZE disbursement_item_lines`);
}

/** The cycle's batches' control sums (round 1 and later) and items, each summed. */
export async function cycleTotals(executor: Executor, cycleId: number): Promise<{ batchesVnd: AmountVnd; itemsVnd: AmountVnd }> {
  const totals = await queryOne<{ batches: string; items: string }>(
    executor,
    sql`SELECT (SELECT COALESCE(sum(control_sum_vnd), 0) FROM disbursement_batches WHERE cycle_id = ${cycleId})::text AS batches,
               (SELECT COALESCE(sum(amount_vnd), 0) FROM disbursement_items WHERE cycle_id = ${cycleId})::text AS items`,
  );
  return { batchesVnd: vndFromDb(totals!.batches), itemsVnd: vndFromDb(totals!.items) };
}

/** The cycle's batches with their progress; with `ownProvider` only that provider's (a provider's agent). */
export async function listBatches(executor: Executor, cycleId: number, ownProvider: string | null = null): Promise<BatchRow[]> {
  const rows = await queryRows<Omit<BatchRow, 'controlSumVnd'> & { controlSumVnd: string }>(
    executor,
    sql`SELECT b.id::int AS id, b.provider_code AS "providerCode", p.short_name AS "providerName", b.channel_group AS "channelGroup", b.round,
               b.message_id AS "messageId", b.item_count AS "itemCount", b.control_sum_vnd::text AS "controlSumVnd", b.sent_at::text AS "sentAt",
               jsonb_build_object(
                 'pending', count(*) FILTER (WHERE i.transmission = 'PENDING'), 'sent', count(*) FILTER (WHERE i.transmission = 'SENT'),
                 'acknowledged', count(*) FILTER (WHERE i.transmission = 'ACKNOWLEDGED'), 'paid', count(*) FILTER (WHERE i.outcome = 'PAID'),
                 'failed', count(*) FILTER (WHERE i.outcome = 'FAILED'), 'returned', count(*) FILTER (WHERE i.outcome = 'RETURNED'),
                 'onHold', count(*) FILTER (WHERE i.outcome = 'ON_HOLD'), 'final', count(*) FILTER (WHERE i.is_final)) AS progress
        FROM disbursement_batches b
        LEFT JOIN ${providersRelation()} p ON p.code = b.provider_code
        LEFT JOIN disbursement_items i ON i.batch_id = b.id
        WHERE b.cycle_id = ${cycleId} ${ownProvider === null ? sql`` : sql`AND b.provider_code = ${ownProvider}`}
        GROUP BY b.id, p.short_name ORDER BY b.id`,
  );
  return rows.map((row) => ({ ...row, controlSumVnd: vndFromDb(row.controlSumVnd) }));
}

/** A batch of the cycle by provider and round (the bank group first when a provider has two). */
export async function findBatchOfProvider(executor: Executor, cycleId: number, providerCode: string, round: number): Promise<{ id: number; messageId: string; channelGroup: string } | undefined> {
  return queryOne<{ id: number; messageId: string; channelGroup: string }>(
    executor,
    sql`SELECT id::int AS id, message_id AS "messageId", channel_group AS "channelGroup" FROM disbursement_batches
        WHERE cycle_id = ${cycleId} AND provider_code = ${providerCode} AND round = ${round} ORDER BY channel_group LIMIT 1`,
  );
}

/** The batch a message id (G2P transaction id) names, for this provider only. */
export async function findBatchByMessage(
  executor: Executor,
  providerCode: string,
  messageId: string,
): Promise<{ cycleId: number; sent: boolean; channelGroup: 'BANK' | 'WALLET' | 'CASH' } | undefined> {
  return queryOne<{ cycleId: number; sent: boolean; channelGroup: 'BANK' | 'WALLET' | 'CASH' }>(
    executor,
    sql`SELECT cycle_id::int AS "cycleId", sent_at IS NOT NULL AS sent, channel_group AS "channelGroup"
        FROM disbursement_batches WHERE message_id = ${messageId} AND provider_code = ${providerCode}`,
  );
}

/** The channel groups of a provider's batches in a cycle (none: the provider pays nobody in it). */
export async function channelGroupsOfProvider(executor: Executor, cycleId: number, providerCode: string): Promise<('BANK' | 'WALLET' | 'CASH')[]> {
  const rows = await queryRows<{ group: 'BANK' | 'WALLET' | 'CASH' }>(
    executor,
    sql`SELECT DISTINCT channel_group AS "group" FROM disbursement_batches WHERE cycle_id = ${cycleId} AND provider_code = ${providerCode} ORDER BY 1`,
  );
  return rows.map((row) => row.group);
}

/** The batch of the cycle a message id (a pain.002's OrgnlMsgId) names: its provider and channel group. */
export async function batchOfMessageInCycle(executor: Executor, cycleId: number, messageId: string): Promise<{ providerCode: string; channelGroup: 'BANK' | 'WALLET' | 'CASH' } | undefined> {
  return queryOne<{ providerCode: string; channelGroup: 'BANK' | 'WALLET' | 'CASH' }>(
    executor,
    sql`SELECT provider_code AS "providerCode", channel_group AS "channelGroup" FROM disbursement_batches WHERE cycle_id = ${cycleId} AND message_id = ${messageId}`,
  );
}

/** Marks the batch handed over: sent_at once, and its pending items SENT. */
export async function markBatchRowsSent(executor: Executor, batchId: number): Promise<void> {
  await executor.execute(sql`UPDATE disbursement_batches SET sent_at = COALESCE(sent_at, now()) WHERE id = ${batchId}`);
  await executor.execute(sql`UPDATE disbursement_items SET transmission = 'SENT', updated_at = now() WHERE batch_id = ${batchId} AND transmission = 'PENDING'`);
}

/** One batch as the ledger's dispatch reads it (id, cycle_id, provider_code, control_sum_vnd, message_id). */
export const batchRelation = (batchId: number): SQL =>
  sql`(SELECT id, cycle_id, provider_code, control_sum_vnd, message_id FROM disbursement_batches WHERE id = ${batchId})`;

/** End-to-end ids of the items of the batches a message id names (a pain.002 status for a whole batch or message). */
export async function endToEndIdsOfMessage(executor: Executor, messageId: string): Promise<string[]> {
  const items = await queryRows<{ e2e: string }>(
    executor,
    sql`SELECT i.end_to_end_id AS e2e FROM disbursement_items i JOIN disbursement_batches b ON b.id = i.batch_id WHERE b.message_id = ${messageId} ORDER BY i.id`,
  );
  return items.map((item) => item.e2e);
}

export interface SendableBatchRow {
  id: number;
  cycleId: number;
  providerCode: string;
  channelGroup: 'BANK' | 'WALLET' | 'CASH';
  round: number;
  messageId: string;
  itemCount: number;
  controlSumVnd: AmountVnd;
  /** Batch creation time, +07:00: the message timestamp of every (re)send. */
  createdAt: string;
  month: string;
  sentAt: string | null;
  /** A file of the batch was made; with no API attempt, by someone downloading it (the API path records its attempt first). */
  fileMade: boolean;
}

/** The cycle's batches with the cycle's month, as the API payloads are built from them. */
export async function listSendableBatches(executor: Executor, cycleId: number): Promise<SendableBatchRow[]> {
  const rows = await queryRows<Omit<SendableBatchRow, 'controlSumVnd'> & { controlSumVnd: string }>(
    executor,
    sql`SELECT b.id::int AS id, b.cycle_id::int AS "cycleId", b.provider_code AS "providerCode", b.channel_group AS "channelGroup", b.round,
               b.message_id AS "messageId", b.item_count AS "itemCount", b.control_sum_vnd::text AS "controlSumVnd",
               to_char((b.created_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"') AS "createdAt",
               c.month, b.sent_at::text AS "sentAt", EXISTS (SELECT 1 FROM disbursement_files f WHERE f.batch_id = b.id) AS "fileMade"
        FROM disbursement_batches b JOIN ${cyclesRelation()} c ON c.id = b.cycle_id
        WHERE b.cycle_id = ${cycleId} ORDER BY b.id`,
  );
  return rows.map((row) => ({ ...row, controlSumVnd: vndFromDb(row.controlSumVnd) }));
}

export interface PayloadItemRow {
  id: number;
  endToEndId: string;
  amountVnd: AmountVnd;
  fullName: string;
  channel: string;
  accountNumber: string | null;
  accountHolder: string | null;
}

/** A page of the batch's items in id order after `afterId`, as an API payload carries them. */
export async function payloadItemPage(executor: Executor, batchId: number, afterId: number, limit: number): Promise<PayloadItemRow[]> {
  const rows = await queryRows<Omit<PayloadItemRow, 'amountVnd'> & { amountVnd: string }>(
    executor,
    // ORDER BY i.id, the column: a bare "id" would name the int cast above and sort every page
    sql`SELECT i.id::int AS id, i.end_to_end_id AS "endToEndId", i.amount_vnd::text AS "amountVnd", i.full_name AS "fullName", i.channel,
               i.account_number AS "accountNumber", i.account_holder AS "accountHolder"
        FROM disbursement_items i WHERE i.batch_id = ${batchId} AND i.id > ${afterId} ORDER BY i.id LIMIT ${limit}`,
  );
  return rows.map((row) => ({ ...row, amountVnd: vndFromDb(row.amountVnd) }));
}
