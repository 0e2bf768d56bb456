import { sql } from 'drizzle-orm';
import { arrayParam, queryOne, queryRows, type Executor } from '../../db/client.js';
import { postItemMovements } from './ledger.js';

/**
 * Applies provider results to items: from pain.002 files, CSV result files, API callbacks, status
 * queries and cash confirmations alike. Set-based; forward-only (a late "accepted" never
 * overwrites "paid"; "paid" may become "returned"; failures are final); idempotent per message.
 */
export type ResultStatus = 'ACCEPTED' | 'ON_HOLD' | 'PAID' | 'FAILED' | 'RETURNED';

export interface ResultRecord {
  endToEndId: string;
  status: ResultStatus;
  reasonCode?: string | null;
  reasonText?: string | null;
  /** When the source states the amount, it must equal the item's (else the record is not applied). */
  amountVnd?: bigint | null;
  paidAt?: string | null;
  paidTo?: 'SELF' | 'REPRESENTATIVE' | null;
  receiptNumber?: string | null;
  providerReference?: string | null;
}

export interface ApplyReport {
  applied: number;
  paid: number;
  failed: Record<string, number>;
  returned: number;
  onHold: number;
  unmatched: { endToEndId: string; reason: string }[];
  duplicates: number;
  /** Already final in another way (e.g. a failure reported after payment): kept, for review. */
  conflicts: { endToEndId: string; reason: string }[];
  /** True when this message had been ingested before: nothing was applied. */
  alreadyIngested: boolean;
}

const statusRank: Record<ResultStatus, number> = { ACCEPTED: 1, ON_HOLD: 2, PAID: 3, FAILED: 3, RETURNED: 4 };

/** Reasons after which the account must be checked again before the next payroll. */
const accountReasons = ['AC01', 'AC03', 'AC04', 'AC06', 'AC07', 'AG01', 'AG03', 'BE01', 'BE06', 'NOCM'];

export interface ApplyOptions {
  source: 'pain002' | 'csv' | 'callback' | 'cash' | 'status-query';
  /** The message's own id (file MsgId, callback message_id, file hash): a second delivery is a no-op. */
  messageKey: string;
  cycleId?: number | null;
  /** What to do with failed items, from the province's policy. */
  failurePolicy: 'CASH_SAME_CYCLE' | 'CARRY_OVER';
}

export function emptyReport(): ApplyReport {
  return { applied: 0, paid: 0, failed: {}, returned: 0, onHold: 0, unmatched: [], duplicates: 0, conflicts: [], alreadyIngested: false };
}

/** Records the message; false when it was ingested before (then nothing may be applied). */
export async function registerMessage(executor: Executor, options: ApplyOptions): Promise<boolean> {
  const fresh = await queryOne<{ id: string }>(
    executor,
    sql`INSERT INTO inbound_messages (source, message_key, cycle_id) VALUES (${options.source}, ${options.messageKey}, ${options.cycleId ?? null})
        ON CONFLICT (source, message_key) DO NOTHING RETURNING id`,
  );
  return Boolean(fresh);
}

export async function saveMessageSummary(executor: Executor, options: ApplyOptions, report: ApplyReport): Promise<void> {
  await executor.execute(sql`UPDATE inbound_messages SET summary = ${JSON.stringify({ ...report, unmatched: report.unmatched.length, conflicts: report.conflicts.length })}::jsonb
                             WHERE source = ${options.source} AND message_key = ${options.messageKey}`);
}

/** Adds one chunk's counts into the message's report. */
export function mergeReports(total: ApplyReport, part: ApplyReport): void {
  total.applied += part.applied;
  total.paid += part.paid;
  total.returned += part.returned;
  total.onHold += part.onHold;
  total.duplicates += part.duplicates;
  for (const [code, count] of Object.entries(part.failed)) total.failed[code] = (total.failed[code] ?? 0) + count;
  total.unmatched.push(...part.unmatched);
  total.conflicts.push(...part.conflicts);
}

/** Applies one chunk of a registered message (callers chunk large files to keep memory flat). */
export async function applyResultChunk(executor: Executor, records: readonly ResultRecord[], options: ApplyOptions): Promise<ApplyReport> {
  const report = emptyReport();
  await executor.execute(sql`DROP TABLE IF EXISTS result_records`);
  await executor.execute(sql`
    CREATE TEMP TABLE result_records ON COMMIT DROP AS
    SELECT * FROM unnest(
      ${arrayParam(records.map((_, index) => index))}::int[], ${arrayParam(records.map((r) => r.endToEndId.trim().toUpperCase()))}::text[],
      ${arrayParam(records.map((r) => r.status))}::text[], ${arrayParam(records.map((r) => statusRank[r.status]))}::int[],
      ${arrayParam(records.map((r) => r.reasonCode ?? null))}::text[], ${arrayParam(records.map((r) => r.reasonText?.slice(0, 500) ?? null))}::text[],
      ${arrayParam(records.map((r) => (r.amountVnd === undefined || r.amountVnd === null ? null : r.amountVnd.toString())))}::bigint[],
      ${arrayParam(records.map((r) => r.paidAt ?? null))}::timestamptz[], ${arrayParam(records.map((r) => r.paidTo ?? null))}::text[],
      ${arrayParam(records.map((r) => r.receiptNumber ?? null))}::text[], ${arrayParam(records.map((r) => r.providerReference ?? null))}::text[]
    ) AS t(seq, e2e, status, rank, reason_code, reason_text, amount_vnd, paid_at, paid_to, receipt, provider_ref)`);
  report.unmatched = await queryRows<{ endToEndId: string; reason: string }>(
    executor,
    sql`SELECT r.e2e AS "endToEndId",
               CASE WHEN i.id IS NULL THEN 'UNKNOWN_END_TO_END_ID'
                    WHEN ${options.cycleId ?? null}::bigint IS NOT NULL AND i.cycle_id <> ${options.cycleId ?? null}::bigint THEN 'OTHER_CYCLE'
                    WHEN b.sent_at IS NULL THEN 'BATCH_NOT_SENT'
                    ELSE 'AMOUNT_MISMATCH' END AS reason
        FROM result_records r LEFT JOIN disbursement_items i ON i.end_to_end_id = r.e2e LEFT JOIN disbursement_batches b ON b.id = i.batch_id
        WHERE i.id IS NULL OR (${options.cycleId ?? null}::bigint IS NOT NULL AND i.cycle_id <> ${options.cycleId ?? null}::bigint)
           OR b.sent_at IS NULL OR (r.amount_vnd IS NOT NULL AND r.amount_vnd <> i.amount_vnd)
        ORDER BY r.seq`,
  );
  await executor.execute(sql`
    DELETE FROM result_records r WHERE NOT EXISTS (
      SELECT 1 FROM disbursement_items i JOIN disbursement_batches b ON b.id = i.batch_id AND b.sent_at IS NOT NULL
      WHERE i.end_to_end_id = r.e2e AND (r.amount_vnd IS NULL OR r.amount_vnd = i.amount_vnd)
        AND (${options.cycleId ?? null}::bigint IS NULL OR i.cycle_id = ${options.cycleId ?? null}::bigint))`);
  // Several records for one item in one message (ACTC, then ACSC): each pass applies the next step.
  const changed = new Set<number>();
  for (const pass of [1, 2, 3, 4]) {
    const updated = await applyPass(executor, pass, options.failurePolicy);
    for (const id of updated) changed.add(id);
  }
  await postItemMovements(executor, [...changed]);
  await flagAccountsAndDeaths(executor, [...changed]);
  const counts = await queryRows<{ outcome: string; reason: string | null; count: number }>(
    executor,
    sql`SELECT i.outcome, i.reason_code AS reason, count(*)::int AS count FROM disbursement_items i WHERE i.id = ANY(${sql.param([...changed])}::bigint[])
        GROUP BY i.outcome, i.reason_code`,
  );
  for (const row of counts) {
    if (row.outcome === 'PAID') report.paid += row.count;
    else if (row.outcome === 'RETURNED') report.returned += row.count;
    else if (row.outcome === 'ON_HOLD') report.onHold += row.count;
    else if (row.outcome === 'FAILED') report.failed[row.reason ?? 'UNKNOWN'] = (report.failed[row.reason ?? 'UNKNOWN'] ?? 0) + row.count;
  }
  report.applied = changed.size;
  report.conflicts = await queryRows<{ endToEndId: string; reason: string }>(
    executor,
    sql`SELECT DISTINCT r.e2e AS "endToEndId", 'ALREADY_' || i.outcome || '_REPORTED_' || r.status AS reason
        FROM result_records r JOIN disbursement_items i ON i.end_to_end_id = r.e2e
        WHERE i.is_final AND r.rank >= 3 AND r.status <> i.outcome AND NOT (i.outcome = 'RETURNED' AND r.status = 'PAID')
        ORDER BY 1`,
  );
  const matched = await queryOne<{ count: number }>(executor, sql`SELECT count(DISTINCT e2e)::int AS count FROM result_records`);
  report.duplicates = Math.max(0, (matched?.count ?? 0) - changed.size - report.conflicts.length);
  return report;
}

/** One step of the forward-only state machine, for the records of this rank. Returns changed item ids. */
async function applyPass(executor: Executor, pass: number, failurePolicy: string): Promise<number[]> {
  if (pass === 1) {
    await executor.execute(sql`
      UPDATE disbursement_items i SET transmission = 'ACKNOWLEDGED', provider_reference = COALESCE(r.provider_ref, i.provider_reference), updated_at = now()
      FROM (SELECT DISTINCT ON (e2e) * FROM result_records ORDER BY e2e, rank DESC) r
      WHERE i.end_to_end_id = r.e2e AND i.transmission <> 'ACKNOWLEDGED'`);
    // Acknowledgement alone is progress, not an outcome: it does not count as "applied".
    return [];
  }
  let rows: { id: number }[];
  if (pass === 2) {
    rows = await queryRows(executor, sql`
      UPDATE disbursement_items i SET outcome = 'ON_HOLD', reason_code = r.reason_code, reason_text = r.reason_text, updated_at = now()
      FROM (SELECT DISTINCT ON (e2e) * FROM result_records WHERE status = 'ON_HOLD' ORDER BY e2e, seq) r
      WHERE i.end_to_end_id = r.e2e AND i.outcome = 'NONE'
      RETURNING i.id::int AS id`);
  } else if (pass === 3) {
    rows = await queryRows(executor, sql`
      UPDATE disbursement_items i SET outcome = r.status, is_final = true, transmission = 'ACKNOWLEDGED',
        reason_code = CASE WHEN r.status = 'FAILED' THEN COALESCE(r.reason_code, 'NARR') ELSE NULL END,
        reason_text = CASE WHEN r.status = 'FAILED' THEN r.reason_text ELSE NULL END,
        paid_at = CASE WHEN r.status = 'PAID' THEN COALESCE(r.paid_at, now()) END,
        paid_to = CASE WHEN r.status = 'PAID' THEN COALESCE(r.paid_to, CASE WHEN i.representative_name IS NULL THEN 'SELF' END) END,
        receipt_number = r.receipt, provider_reference = COALESCE(r.provider_ref, i.provider_reference),
        follow_up = CASE WHEN r.status = 'FAILED' THEN ${failurePolicy} END, updated_at = now()
      FROM (SELECT DISTINCT ON (e2e) * FROM result_records WHERE status IN ('PAID', 'FAILED') ORDER BY e2e, (status = 'PAID') DESC, seq) r
      WHERE i.end_to_end_id = r.e2e AND i.outcome IN ('NONE', 'ON_HOLD')
      RETURNING i.id::int AS id`);
  } else {
    rows = await queryRows(executor, sql`
      UPDATE disbursement_items i SET outcome = 'RETURNED', reason_code = COALESCE(r.reason_code, 'NARR'), reason_text = r.reason_text,
        follow_up = ${failurePolicy}, updated_at = now()
      FROM (SELECT DISTINCT ON (e2e) * FROM result_records WHERE status = 'RETURNED' ORDER BY e2e, seq) r
      WHERE i.end_to_end_id = r.e2e AND i.outcome = 'PAID'
      RETURNING i.id::int AS id`);
  }
  return rows.map((row) => row.id);
}

/**
 * A failed or returned transfer flags the account for re-verification before the next payroll;
 * MD07 (end customer deceased) opens a review item so the commune proposes termination.
 */
async function flagAccountsAndDeaths(executor: Executor, itemIds: number[]): Promise<void> {
  if (itemIds.length === 0) return;
  const ids = sql`${sql.param(itemIds)}::bigint[]`;
  await executor.execute(sql`
    UPDATE payment_instruments pi SET needs_reverification = true
    FROM disbursement_items i JOIN disbursement_item_lines il ON il.item_id = i.id JOIN payroll_lines l ON l.id = il.line_id
    WHERE i.id = ANY(${ids}) AND i.outcome IN ('FAILED', 'RETURNED') AND i.reason_code = ANY(${arrayParam(accountReasons)}::text[])
      AND pi.id = l.instrument_id AND pi.active`);
  await executor.execute(sql`
    WITH deceased AS (
      SELECT DISTINCT ON (i.person_id) i.person_id, i.end_to_end_id, i.province_code, i.commune_code, p.full_name, p.birth_date
      FROM disbursement_items i JOIN persons p ON p.id = i.person_id
      WHERE i.id = ANY(${ids}) AND i.reason_code = 'MD07' AND p.death_date IS NULL
    ), checks AS (
      INSERT INTO population_checks (person_id, outcome, population_name, run_id)
      SELECT person_id, 'DECEASED', full_name, 'provider-MD07:' || end_to_end_id FROM deceased
      RETURNING id, person_id
    )
    INSERT INTO review_items (person_id, kind, check_id, current_value, proposed, province_code, commune_code)
    SELECT d.person_id, 'DECEASED', c.id, jsonb_build_object('deathDate', NULL),
           jsonb_build_object('source', 'MD07', 'endToEndId', d.end_to_end_id, 'note', 'Ngân hàng báo người hưởng đã chết (MD07)'),
           d.province_code, d.commune_code
    FROM deceased d JOIN checks c ON c.person_id = d.person_id
    ON CONFLICT DO NOTHING`);
}
