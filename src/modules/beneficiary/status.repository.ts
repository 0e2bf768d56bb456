import { sql } from 'drizzle-orm';
import { arrayParam, queryRows, type Executor } from '../../db/client.js';
import { linePaymentOutcomesRelation } from '../disbursement/payment-items.service.js';
import { cyclesRelation, payableLinesRelation } from '../payroll/relations.service.js';
import { personsRelation, representativesRelation } from '../registry/registry.service.js';
import { providersRelation, unitsRelation } from '../units/units.service.js';

/**
 * What the beneficiary's self-service status reads (set-based, read-only): payroll's lines and
 * cycles and disbursement's payments through their published relations. No category, no account.
 */
export interface PaymentFactRow {
  cycleId: number;
  month: string;
  cycleStatus: string;
  personId: number;
  amountVnd: string;
  channel: string;
  providerCode: string;
  providerName: string | null;
  communeName: string | null;
  outcome: string | null;
  isFinal: boolean | null;
  paidAt: string | null;
  reasonCode: string | null;
  throughRepresentative: boolean;
}

/** Cycles that reached the approver at least: a draft is no news for the beneficiary. */
const shownStatuses = ['APPROVED', 'FUNDED', 'DISBURSING', 'RECONCILED', 'CLOSED'];

/** One row per cycle and person: the lines' total, and the latest payment of those lines (its channel, outcome, when). */
export async function paymentFacts(executor: Executor, personIds: readonly number[], fromMonth: string): Promise<PaymentFactRow[]> {
  if (personIds.length === 0) return [];
  return queryRows<PaymentFactRow>(
    executor,
    sql`WITH mine AS (
          SELECT l.cycle_id, l.person_id, sum(l.amount_vnd) AS amount_vnd, min(l.channel) AS channel, min(l.provider_code) AS provider_code,
                 min(l.commune_code) AS commune_code, bool_or(l.representative_name IS NOT NULL) AS through_representative, array_agg(l.id) AS line_ids
          FROM ${payableLinesRelation()} l
          WHERE l.person_id = ANY(${arrayParam([...personIds])}::bigint[]) AND l.reversed_at IS NULL
          GROUP BY l.cycle_id, l.person_id
        )
        SELECT m.cycle_id::int AS "cycleId", c.month, c.status AS "cycleStatus", m.person_id::int AS "personId", m.amount_vnd::text AS "amountVnd",
               COALESCE(pay.channel, m.channel) AS channel, COALESCE(pay.provider_code, m.provider_code) AS "providerCode",
               pr.short_name AS "providerName", u.name_with_type AS "communeName", pay.outcome, pay.is_final AS "isFinal", (pay.paid_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text AS "paidAt", pay.reason_code AS "reasonCode",
               m.through_representative AS "throughRepresentative"
        FROM mine m
        JOIN ${cyclesRelation()} c ON c.id = m.cycle_id
        LEFT JOIN LATERAL (
          SELECT o.channel, o.provider_code, o.outcome, o.is_final, o.paid_at, o.reason_code FROM ${linePaymentOutcomesRelation()} o
          WHERE o.line_id = ANY(m.line_ids) ORDER BY o.item_id DESC LIMIT 1
        ) pay ON true
        LEFT JOIN ${providersRelation()} pr ON pr.code = COALESCE(pay.provider_code, m.provider_code)
        LEFT JOIN ${unitsRelation()} u ON u.generation = '2025' AND u.level = 'commune' AND u.code = m.commune_code
        WHERE c.month >= ${fromMonth} AND c.status = ANY(${arrayParam(shownStatuses)}::text[])
        ORDER BY c.month DESC, m.cycle_id DESC`,
  );
}

/** The people this person represents now (guardian or power of attorney), by the representative's personal ID. */
export async function representedPeople(executor: Executor, personalId: string): Promise<{ personId: number; fullName: string }[]> {
  return queryRows(
    executor,
    sql`SELECT p.id::int AS "personId", p.full_name AS "fullName"
        FROM ${representativesRelation()} r JOIN ${personsRelation()} p ON p.id = r.person_id
        WHERE r.personal_id = ${personalId} AND r.active AND p.death_date IS NULL ORDER BY p.id`,
  );
}
