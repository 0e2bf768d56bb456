import { sql } from 'drizzle-orm';
import { vndFromDb } from '../../core/money.js';
import { queryRows, type Executor } from '../../db/client.js';
import type { MessageSource, ResultBinding, ResultRecord } from './outcomes.repository.js';

/**
 * Results held until their batch is handed over (`held_results`, `held_result_records`; written
 * by outcomes.repository.ts holdUnsentRecords): which wait, their records, and their application.
 */
export interface HeldRow {
  id: number;
  cycleId: number;
  batchId: number;
  batchMessageId: string;
  batchSent: boolean;
  source: MessageSource;
  messageKey: string;
  providerCode: string;
  channelGroup: ResultBinding['channelGroup'];
  cashRule: ResultBinding['cash'];
  recordCount: number;
  state: 'HELD' | 'APPLIED';
  heldBy: string;
  heldAt: string;
  appliedBy: string | null;
  appliedAt: string | null;
  summary: Record<string, unknown> | null;
}

const heldColumns = sql`h.id::int AS id, h.cycle_id::int AS "cycleId", h.batch_id::int AS "batchId", b.message_id AS "batchMessageId",
  b.sent_at IS NOT NULL AS "batchSent", h.source, h.message_key AS "messageKey", h.provider_code AS "providerCode",
  h.channel_group AS "channelGroup", h.cash_rule AS "cashRule", h.record_count AS "recordCount", h.state, h.held_by AS "heldBy",
  h.held_at::text AS "heldAt", h.applied_by AS "appliedBy", h.applied_at::text AS "appliedAt", h.summary`;

/** A cycle's held messages (the latest first, at most 1,000); with `ownProvider` only that provider's. */
export async function listHeldRows(executor: Executor, cycleId: number, ownProvider: string | null): Promise<HeldRow[]> {
  return queryRows<HeldRow>(
    executor,
    sql`SELECT ${heldColumns} FROM held_results h JOIN disbursement_batches b ON b.id = h.batch_id
        WHERE h.cycle_id = ${cycleId} ${ownProvider === null ? sql`` : sql`AND h.provider_code = ${ownProvider}`}
        ORDER BY h.id DESC LIMIT 1000`,
  );
}

/**
 * The held messages of a cycle whose batch is now handed over, locked: a second application
 * running at the same time waits, then finds them APPLIED and skips them.
 */
export async function lockHeldToApply(executor: Executor, cycleId: number, filter: { batchId?: number; ownProvider: string | null }): Promise<HeldRow[]> {
  return queryRows<HeldRow>(
    executor,
    sql`SELECT ${heldColumns} FROM held_results h JOIN disbursement_batches b ON b.id = h.batch_id
        WHERE h.cycle_id = ${cycleId} AND h.state = 'HELD' AND b.sent_at IS NOT NULL
          ${filter.batchId === undefined ? sql`` : sql`AND h.batch_id = ${filter.batchId}`}
          ${filter.ownProvider === null ? sql`` : sql`AND h.provider_code = ${filter.ownProvider}`}
        ORDER BY h.id FOR UPDATE OF h`,
  );
}

/** A page of a held message's records, in the message's order, after record `afterId`. */
export async function heldRecordsPage(executor: Executor, heldId: number, afterId: number, limit: number): Promise<{ id: number; record: ResultRecord }[]> {
  const rows = await queryRows<{
    id: number; e2e: string; status: ResultRecord['status']; reasonCode: string | null; reasonText: string | null; amountVnd: string | null;
    paidAt: string | null; paidTo: 'SELF' | 'REPRESENTATIVE' | null; receipt: string | null; providerRef: string | null;
  }>(
    executor,
    sql`SELECT id::int AS id, end_to_end_id AS e2e, status, reason_code AS "reasonCode", reason_text AS "reasonText", amount_vnd::text AS "amountVnd",
               paid_at::text AS "paidAt", paid_to AS "paidTo", receipt_number AS receipt, provider_reference AS "providerRef"
        FROM held_result_records WHERE held_id = ${heldId} AND id > ${afterId} ORDER BY id LIMIT ${limit}`,
  );
  return rows.map((row) => ({
    id: row.id,
    record: {
      endToEndId: row.e2e, status: row.status, reasonCode: row.reasonCode, reasonText: row.reasonText, amountVnd: vndFromDb(row.amountVnd),
      paidAt: row.paidAt, paidTo: row.paidTo, receiptNumber: row.receipt, providerReference: row.providerRef,
    },
  }));
}

/** A held message applied: HELD → APPLIED, once (the table's trigger refuses anything else). */
export async function markHeldApplied(executor: Executor, heldId: number, appliedBy: string, summary: Record<string, unknown>): Promise<void> {
  await executor.execute(sql`UPDATE held_results SET state = 'APPLIED', applied_by = ${appliedBy}, applied_at = now(), summary = ${JSON.stringify(summary)}::jsonb
                             WHERE id = ${heldId} AND state = 'HELD'`);
}
