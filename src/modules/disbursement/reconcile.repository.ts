import { sql, type SQL } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';

/** What follows the results of a message: open items, the cash follow-ups of failed transfers, the reconciliation report. */
export async function countOpenItems(executor: Executor, cycleId: number): Promise<number> {
  const row = await queryOne<{ open: number }>(executor, sql`SELECT count(*)::int AS open FROM disbursement_items i WHERE i.cycle_id = ${cycleId} AND NOT i.is_final`);
  return row?.open ?? 0;
}

/** The lines (`line_id`) of the cycle's items failed or returned and not replaced by another payment. */
export const failedItemLinesRelation = (cycleId: number): SQL =>
  sql`(SELECT il.line_id FROM disbursement_item_lines il JOIN disbursement_items i ON i.id = il.item_id
       WHERE i.cycle_id = ${cycleId} AND i.outcome IN ('FAILED', 'RETURNED') AND i.replaced_by_item_id IS NULL)`;

/** Nobody is paid in cash for a transfer refused because they died (MD07): the commune decides. */
export async function dropDeceasedCashFollowUps(executor: Executor, cycleId: number): Promise<void> {
  await executor.execute(sql`UPDATE disbursement_items SET follow_up = NULL
    WHERE cycle_id = ${cycleId} AND follow_up = 'CASH_SAME_CYCLE' AND reason_code = 'MD07' AND replaced_by_item_id IS NULL`);
}

/** The cash follow-ups still pending become carry-overs (the cycle takes no new payments). */
export async function carryOverCashFollowUps(executor: Executor, cycleId: number): Promise<void> {
  await executor.execute(sql`UPDATE disbursement_items SET follow_up = 'CARRY_OVER'
    WHERE cycle_id = ${cycleId} AND follow_up = 'CASH_SAME_CYCLE' AND replaced_by_item_id IS NULL`);
}

const pendingCashFollowUp = sql`follow_up = 'CASH_SAME_CYCLE' AND outcome IN ('FAILED', 'RETURNED') AND replaced_by_item_id IS NULL
  AND channel NOT IN ('TIEN_MAT', 'TAI_NHA')`;

/** Failed or returned transfers to be paid in cash in this cycle: how many, and their sum (decimal text). */
export async function pendingCashFollowUps(executor: Executor, cycleId: number): Promise<{ count: number; total: string | null }> {
  const pending = await queryOne<{ count: number; total: string | null }>(
    executor,
    sql`SELECT count(*)::int AS count, sum(amount_vnd)::text AS total FROM disbursement_items
        WHERE cycle_id = ${cycleId} AND ${pendingCashFollowUp}`,
  );
  return pending ?? { count: 0, total: null };
}

/**
 * A new VNPost cash batch (the next round) with new items for the same lines as the pending
 * follow-ups, each item replacing the one that failed; returns the batch's id.
 */
export async function insertCashFollowUpBatch(executor: Executor, cycleId: number, pending: { count: number; total: string | null }): Promise<number> {
  const round = await queryOne<{ next: number }>(executor, sql`SELECT COALESCE(max(round), 1) + 1 AS next FROM disbursement_batches WHERE cycle_id = ${cycleId} AND provider_code = 'VNPOST'`);
  const batch = await queryOne<{ id: string }>(
    executor,
    sql`INSERT INTO disbursement_batches (cycle_id, provider_code, channel_group, round, message_id, item_count, control_sum_vnd)
        VALUES (${cycleId}, 'VNPOST', 'CASH', ${round!.next}, ${'C' + String(cycleId).padStart(7, '0') + '-VNPOST-CASH-' + round!.next}, ${pending.count}, ${pending.total}::bigint)
        RETURNING id`,
  );
  const maxSeq = await queryOne<{ seq: number }>(executor, sql`SELECT max(substr(end_to_end_id, 10)::int) AS seq FROM disbursement_items WHERE cycle_id = ${cycleId}`);
  await executor.execute(sql`
    WITH failed AS (
      -- Numbered (so given ids) by commune, then id: the cash-list writer reads a batch in id order and needs each commune together.
      SELECT i.*, row_number() OVER (ORDER BY i.commune_code, i.id) AS n FROM disbursement_items i
      WHERE i.cycle_id = ${cycleId} AND i.follow_up = 'CASH_SAME_CYCLE' AND i.outcome IN ('FAILED', 'RETURNED') AND i.replaced_by_item_id IS NULL
        AND i.channel NOT IN ('TIEN_MAT', 'TAI_NHA')
    ), inserted AS (
      INSERT INTO disbursement_items (batch_id, cycle_id, person_id, end_to_end_id, amount_vnd, personal_id, full_name, channel, provider_code,
        representative_name, province_code, commune_code)
      SELECT ${batch!.id}, cycle_id, person_id, 'SA' || lpad(${cycleId}::text, 7, '0') || lpad((${maxSeq!.seq} + n)::text, 9, '0'), amount_vnd,
             personal_id, full_name, 'TIEN_MAT', 'VNPOST', representative_name, province_code, commune_code
      FROM failed ORDER BY n
      RETURNING id, end_to_end_id
    ), links AS (
      INSERT INTO disbursement_item_lines (item_id, line_id)
      SELECT ins.id, il.line_id FROM failed f
      JOIN inserted ins ON ins.end_to_end_id = 'SA' || lpad(${cycleId}::text, 7, '0') || lpad((${maxSeq!.seq} + f.n)::text, 9, '0')
      JOIN disbursement_item_lines il ON il.item_id = f.id
    )
    UPDATE disbursement_items i SET replaced_by_item_id = ins.id
    FROM failed f JOIN inserted ins ON ins.end_to_end_id = 'SA' || lpad(${cycleId}::text, 7, '0') || lpad((${maxSeq!.seq} + f.n)::text, 9, '0')
    WHERE i.id = f.id`);
  return Number(batch!.id);
}

export interface ReconciliationDbRow {
  providerCode: string;
  communeCode: string;
  outcome: string;
  reasonCode: string | null;
  items: number;
  /** Decimal text. */
  amountVnd: string;
}

/** The cycle's items per provider, commune, outcome and reason; with `ownProvider` only that provider's. */
export async function reconciliationRows(executor: Executor, cycleId: number, ownProvider: string | null): Promise<ReconciliationDbRow[]> {
  return queryRows<ReconciliationDbRow>(
    executor,
    sql`SELECT provider_code AS "providerCode", commune_code AS "communeCode", outcome, reason_code AS "reasonCode", count(*)::int AS items, sum(amount_vnd)::text AS "amountVnd"
        FROM disbursement_items WHERE cycle_id = ${cycleId} ${ownProvider === null ? sql`` : sql`AND provider_code = ${ownProvider}`}
        GROUP BY provider_code, commune_code, outcome, reason_code ORDER BY provider_code, commune_code, outcome, reason_code`,
  );
}

export interface UnsuccessfulItemRow {
  endToEndId: string;
  personalId: string;
  fullName: string;
  communeCode: string;
  providerCode: string;
  outcome: string;
  reasonCode: string;
  /** Decimal text. */
  amountVnd: string;
  followUp: string | null;
  replacedBy: string | null;
}

/** The cycle's failed, returned and held items (the first 10,000), with the payment replacing each; with `ownProvider` only that provider's. */
export async function unsuccessfulItems(executor: Executor, cycleId: number, ownProvider: string | null): Promise<UnsuccessfulItemRow[]> {
  return queryRows<UnsuccessfulItemRow>(
    executor,
    sql`SELECT i.end_to_end_id AS "endToEndId", i.personal_id AS "personalId", i.full_name AS "fullName", i.commune_code AS "communeCode",
               i.provider_code AS "providerCode", i.outcome, i.reason_code AS "reasonCode", i.amount_vnd::text AS "amountVnd", i.follow_up AS "followUp",
               r.end_to_end_id AS "replacedBy"
        FROM disbursement_items i LEFT JOIN disbursement_items r ON r.id = i.replaced_by_item_id
        WHERE i.cycle_id = ${cycleId} AND i.outcome IN ('FAILED', 'RETURNED', 'ON_HOLD') ${ownProvider === null ? sql`` : sql`AND i.provider_code = ${ownProvider}`}
        ORDER BY i.id LIMIT 10000`,
  );
}

/** The provider's batches of the cycle that were handed over (their debtor accounts receive the returns). */
export async function sentBatchIdsOfProvider(executor: Executor, cycleId: number, providerCode: string): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    executor,
    sql`SELECT id::int AS id FROM disbursement_batches WHERE cycle_id = ${cycleId} AND provider_code = ${providerCode} AND sent_at IS NOT NULL ORDER BY id`,
  );
  return rows.map((row) => row.id);
}
