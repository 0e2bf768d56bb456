import { sql, type SQL } from 'drizzle-orm';
import type { LinePayments } from '../payroll/ports.js';

/**
 * The payments of payroll lines, as payroll reads them through its port (payroll/ports.ts): it
 * sits below disbursement and cannot import it, so the composition hands it these relations.
 */

/** Every payment of a payroll line: one row per payment item and line it pays. */
export function linePaymentsRelation(): SQL {
  return sql`(SELECT il.line_id, i.id AS item_id, i.cycle_id, i.person_id, i.end_to_end_id, i.transmission, i.outcome, i.reason_code, i.is_final
    FROM disbursement_item_lines il JOIN disbursement_items i ON i.id = il.item_id)`;
}

/**
 * Payments whose money did not arrive and is owed again in a later cycle: a final failure or
 * return not replaced by another payment (a cash payment in the same cycle replaces a failed
 * transfer), under the carry-over policy, or paid in cash (never paid again in the same cycle).
 */
export function carryOverPaymentsRelation(): SQL {
  return sql`(SELECT il.line_id, d.outcome, d.reason_code
    FROM disbursement_items d JOIN disbursement_item_lines il ON il.item_id = d.id
    WHERE d.outcome IN ('FAILED', 'RETURNED') AND d.is_final AND d.replaced_by_item_id IS NULL
      AND (d.follow_up = 'CARRY_OVER' OR d.channel IN ('TIEN_MAT', 'TAI_NHA')))`;
}

export const linePayments: LinePayments = { linePaymentsRelation, carryOverPaymentsRelation };
