import { sql, type SQL } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Scope } from '../access/scope.js';
import { cyclesRelation, payableLinesRelation } from '../payroll/payroll.service.js';

/**
 * The SQL of cash result corrections (migration 0045, cash_result_corrections): a final cash
 * item's result proposed for correction by an agent, confirmed or rejected by a second one; the
 * item's outcome changed in the confirming transaction (the database's trigger checks that the
 * confirmed correction exists), and the relations the ledger and the payment news read.
 */

/** A cash item as a correction reads it (locked when asked). */
export interface CorrectableItemRow {
  id: number;
  cycleId: number;
  batchId: number;
  endToEndId: string;
  providerCode: string;
  provinceCode: string;
  communeCode: string;
  channel: string;
  fullName: string;
  /** Decimal text. */
  amountVnd: string;
  outcome: string;
  reasonCode: string | null;
  isFinal: boolean;
  paidAt: string | null;
  paidTo: string | null;
  receiptNumber: string | null;
  followUp: string | null;
  replacedByItemId: number | null;
}

const itemColumns = sql`i.id::int AS id, i.cycle_id::int AS "cycleId", i.batch_id::int AS "batchId", i.end_to_end_id AS "endToEndId",
  i.provider_code AS "providerCode", i.province_code AS "provinceCode", i.commune_code AS "communeCode", i.channel, i.full_name AS "fullName",
  i.amount_vnd::text AS "amountVnd", i.outcome, i.reason_code AS "reasonCode", i.is_final AS "isFinal", i.paid_at::text AS "paidAt", i.paid_to AS "paidTo",
  i.receipt_number AS "receiptNumber", i.follow_up AS "followUp", i.replaced_by_item_id::int AS "replacedByItemId"`;

/** The item of a cycle with this end-to-end id, within the scope (any provider: the caller checks it). */
export async function findCycleItem(executor: Executor, scope: Scope, cycleId: number, endToEndId: string): Promise<CorrectableItemRow | undefined> {
  return queryOne<CorrectableItemRow>(
    executor,
    sql`SELECT ${itemColumns} FROM disbursement_items i
        WHERE i.end_to_end_id = ${endToEndId} AND i.cycle_id = ${cycleId}
          AND ${inScope(scope, { province: sql`i.province_code`, commune: sql`i.commune_code` })}`,
  );
}

/** An item by id, locked for the correction's transaction. */
export async function lockItem(executor: Executor, itemId: number): Promise<CorrectableItemRow | undefined> {
  return queryOne<CorrectableItemRow>(executor, sql`SELECT ${itemColumns} FROM disbursement_items i WHERE i.id = ${itemId} FOR UPDATE`);
}

/** What followed from an item's result: its lines carried over into a cycle, and its recovery lines reversed. */
export interface ItemConsequences {
  carriedOver: { lineId: number; cycleId: number; month: string }[];
  recoveriesReversed: number;
}

/** The item's lines (`line_id`), for payroll's look-ups. */
export const itemLinesRelation = (itemId: number): SQL => sql`(SELECT il.line_id FROM disbursement_item_lines il WHERE il.item_id = ${itemId})`;

/** How many of the item's recovery lines were reversed (a failure reverses the recovery netted into the payment). */
export async function countReversedRecoveries(executor: Executor, itemId: number): Promise<number> {
  const row = await queryOne<{ count: number }>(
    executor,
    sql`SELECT count(*)::int AS count FROM disbursement_item_lines il JOIN ${payableLinesRelation()} l ON l.id = il.line_id
        WHERE il.item_id = ${itemId} AND l.component = 'RECOVERY' AND l.reversed_at IS NOT NULL`,
  );
  return row?.count ?? 0;
}

export interface CorrectionRow {
  id: number;
  cycleId: number;
  itemId: number;
  endToEndId: string;
  fullName: string;
  /** Decimal text. */
  amountVnd: string;
  channel: string;
  providerCode: string;
  provinceCode: string;
  communeCode: string;
  fromOutcome: 'PAID' | 'FAILED';
  fromReasonCode: string | null;
  toResult: 'PAID_SELF' | 'PAID_REPRESENTATIVE' | 'NOT_FOUND' | 'REFUSED';
  toOutcome: 'PAID' | 'FAILED';
  toReasonCode: string | null;
  paidOn: string | null;
  receiptNumber: string | null;
  reason: string;
  status: 'PENDING' | 'CONFIRMED' | 'REJECTED';
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

const correctionColumns = sql`c.id::int AS id, c.cycle_id::int AS "cycleId", c.item_id::int AS "itemId", i.end_to_end_id AS "endToEndId", i.full_name AS "fullName",
  i.amount_vnd::text AS "amountVnd", i.channel, c.provider_code AS "providerCode", c.province_code AS "provinceCode", c.commune_code AS "communeCode",
  c.from_outcome AS "fromOutcome", c.from_reason_code AS "fromReasonCode", c.to_result AS "toResult", c.to_outcome AS "toOutcome",
  c.to_reason_code AS "toReasonCode", to_char(c.paid_on, 'YYYY-MM-DD') AS "paidOn", c.receipt_number AS "receiptNumber", c.reason, c.status,
  c.proposed_by AS "proposedBy", c.proposed_at::text AS "proposedAt", c.decided_by AS "decidedBy", c.decided_at::text AS "decidedAt",
  c.decision_note AS "decisionNote"`;

/** A correction within the scope (and of `ownProvider`'s items when given); locked when asked. */
export async function findCorrection(
  executor: Executor,
  scope: Scope,
  ownProvider: string | null,
  correctionId: number,
  lock = false,
): Promise<CorrectionRow | undefined> {
  return queryOne<CorrectionRow>(
    executor,
    sql`SELECT ${correctionColumns} FROM cash_result_corrections c JOIN disbursement_items i ON i.id = c.item_id
        WHERE c.id = ${correctionId} AND ${inScope(scope, { province: sql`c.province_code`, commune: sql`c.commune_code` })}
          ${ownProvider === null ? sql`` : sql`AND c.provider_code = ${ownProvider}`}
        ${lock ? sql`FOR UPDATE OF c` : sql``}`,
  );
}

/** The correction waiting for the item, if any. */
export async function pendingCorrectionOfItem(executor: Executor, itemId: number): Promise<CorrectionRow | undefined> {
  return queryOne<CorrectionRow>(
    executor,
    sql`SELECT ${correctionColumns} FROM cash_result_corrections c JOIN disbursement_items i ON i.id = c.item_id
        WHERE c.item_id = ${itemId} AND c.status = 'PENDING'`,
  );
}

/** The item's last confirmed correction, if any. */
export async function lastConfirmedCorrectionOfItem(executor: Executor, itemId: number): Promise<CorrectionRow | undefined> {
  return queryOne<CorrectionRow>(
    executor,
    sql`SELECT ${correctionColumns} FROM cash_result_corrections c JOIN disbursement_items i ON i.id = c.item_id
        WHERE c.item_id = ${itemId} AND c.status = 'CONFIRMED' ORDER BY c.id DESC LIMIT 1`,
  );
}

/** A cycle's corrections within the scope, of `ownProvider`'s items when given, newest first (at most `limit`). */
export async function listCorrectionRows(
  executor: Executor,
  scope: Scope,
  filter: { cycleId: number; ownProvider: string | null; status?: string; limit: number },
): Promise<CorrectionRow[]> {
  return queryRows<CorrectionRow>(
    executor,
    sql`SELECT ${correctionColumns} FROM cash_result_corrections c JOIN disbursement_items i ON i.id = c.item_id
        WHERE c.cycle_id = ${filter.cycleId} AND ${inScope(scope, { province: sql`c.province_code`, commune: sql`c.commune_code` })}
          ${filter.ownProvider === null ? sql`` : sql`AND c.provider_code = ${filter.ownProvider}`}
          ${filter.status === undefined ? sql`` : sql`AND c.status = ${filter.status}`}
        ORDER BY c.id DESC LIMIT ${filter.limit}`,
  );
}

export async function insertCorrection(
  executor: Executor,
  row: {
    cycleId: number; itemId: number; providerCode: string; provinceCode: string; communeCode: string; fromOutcome: string; fromReasonCode: string | null;
    toResult: string; toOutcome: string; toReasonCode: string | null; paidOn: string | null; receiptNumber: string | null; reason: string;
    proposedBy: string; proposedByUserId: number | null;
  },
): Promise<number> {
  const inserted = await queryOne<{ id: string }>(
    executor,
    sql`INSERT INTO cash_result_corrections (cycle_id, item_id, provider_code, province_code, commune_code, from_outcome, from_reason_code, to_result, to_outcome,
          to_reason_code, paid_on, receipt_number, reason, proposed_by, proposed_by_user_id)
        VALUES (${row.cycleId}, ${row.itemId}, ${row.providerCode}, ${row.provinceCode}, ${row.communeCode}, ${row.fromOutcome}, ${row.fromReasonCode}, ${row.toResult},
          ${row.toOutcome}, ${row.toReasonCode}, ${row.paidOn}::date, ${row.receiptNumber}, ${row.reason}, ${row.proposedBy}, ${row.proposedByUserId})
        RETURNING id`,
  );
  return Number(inserted!.id);
}

/** Records the decision of a pending correction (now(): the time of the deciding transaction); false when it was not pending. */
export async function decideCorrection(
  executor: Executor,
  decision: { correctionId: number; status: 'CONFIRMED' | 'REJECTED'; decidedBy: string; decidedByUserId: number | null; note: string | null },
): Promise<boolean> {
  const row = await queryOne<{ id: string }>(
    executor,
    sql`UPDATE cash_result_corrections SET status = ${decision.status}, decided_by = ${decision.decidedBy}, decided_by_user_id = ${decision.decidedByUserId},
          decided_at = now(), decision_note = ${decision.note}
        WHERE id = ${decision.correctionId} AND status = 'PENDING' RETURNING id`,
  );
  return row !== undefined;
}

/**
 * The item takes the confirmed correction's result (the trigger disbursement_items_refuse_backward
 * lets a final cash item's outcome change only so): paid on the day with the receipt, or failed for
 * the reason with the province's follow-up. Returns whether the item changed.
 */
export async function applyCorrectionToItem(executor: Executor, correctionId: number, failurePolicy: string): Promise<boolean> {
  const row = await queryOne<{ id: string }>(
    executor,
    sql`UPDATE disbursement_items i SET
          outcome = c.to_outcome,
          reason_code = c.to_reason_code,
          reason_text = CASE WHEN c.to_outcome = 'FAILED' THEN c.reason END,
          paid_at = CASE WHEN c.to_outcome = 'PAID' THEN (c.paid_on::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') END,
          paid_to = CASE c.to_result WHEN 'PAID_SELF' THEN 'SELF' WHEN 'PAID_REPRESENTATIVE' THEN 'REPRESENTATIVE' END,
          receipt_number = c.receipt_number,
          follow_up = CASE WHEN c.to_outcome = 'FAILED' THEN ${failurePolicy} END,
          updated_at = now()
        FROM cash_result_corrections c
        WHERE c.id = ${correctionId} AND c.status = 'CONFIRMED' AND i.id = c.item_id AND i.outcome = c.from_outcome
        RETURNING i.id`,
  );
  return row !== undefined;
}

/**
 * The correction as the ledger posts its movements (correction_id, item_id, cycle_id, batch_id,
 * provider_code, amount_vnd, end_to_end_id, from_outcome, to_outcome): a confirmed one only.
 */
export const correctionMovementsRelation = (correctionId: number): SQL =>
  sql`(SELECT c.id AS correction_id, i.id AS item_id, i.cycle_id, i.batch_id, i.provider_code, i.amount_vnd, i.end_to_end_id, c.from_outcome, c.to_outcome
       FROM cash_result_corrections c JOIN disbursement_items i ON i.id = c.item_id
       WHERE c.id = ${correctionId} AND c.status = 'CONFIRMED')`;

/**
 * The payment news of a confirmed correction (notifications' PaymentFacts), as for a result
 * recorded in the first place (outcomes.repository.ts paymentNewsOfChanges): cash paid on the day
 * (PAYMENT_CASH_PAID), or failed with what happens next; once per item and kind.
 */
export const correctionNewsRelation = (correctionId: number): SQL =>
  sql`(SELECT CASE WHEN i.outcome = 'PAID' AND i.channel IN ('TIEN_MAT', 'TAI_NHA') THEN 'payment.cash_paid' WHEN i.outcome = 'PAID' THEN 'payment.credited'
                   ELSE 'payment.failed' END AS purpose, i.id AS item_id, i.person_id, i.province_code,
              cyc.month, i.amount_vnd, i.channel, i.provider_code, NULL::text AS account_last4, i.reason_code, i.follow_up,
              (i.paid_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS event_date, NULL::text AS place, NULL::text AS hours
       FROM cash_result_corrections c JOIN disbursement_items i ON i.id = c.item_id JOIN ${cyclesRelation()} cyc ON cyc.id = c.cycle_id
       WHERE c.id = ${correctionId} AND c.status = 'CONFIRMED' AND i.outcome = c.to_outcome)`;
