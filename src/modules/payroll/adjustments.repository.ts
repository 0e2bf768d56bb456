import { sql } from 'drizzle-orm';
import { vndToString, type AmountVnd } from '../../core/money.js';
import { queryOne, type Executor } from '../../db/client.js';

/** A one-off payment for the next cycle; undefined when the person already has it (same programme, month and key). */
export async function insertOneOffPayment(
  executor: Executor,
  payment: { personId: number; programme: string; forMonth: string; amount: AmountVnd; reason: string; key: string; createdBy: string },
): Promise<number | undefined> {
  const row = await queryOne<{ id: string }>(
    executor,
    sql`INSERT INTO one_off_payments (person_id, programme, for_month, amount_vnd, reason, line_key, created_by)
        VALUES (${payment.personId}, ${payment.programme}, ${payment.forMonth}, ${vndToString(payment.amount)}::bigint, ${payment.reason}, ${payment.key}, ${payment.createdBy})
        ON CONFLICT (person_id, programme, for_month, line_key) DO NOTHING RETURNING id`,
  );
  return row ? Number(row.id) : undefined;
}

/** A recovery netted against the person's next lines of the programme. */
export async function insertRecovery(
  executor: Executor,
  recovery: { personId: number; programme: string; amount: AmountVnd; reason: string; decisionRef: string | null; createdBy: string },
): Promise<number> {
  const row = await queryOne<{ id: string }>(
    executor,
    sql`INSERT INTO recoveries (person_id, programme, amount_vnd, reason, decision_ref, created_by)
        VALUES (${recovery.personId}, ${recovery.programme}, ${vndToString(recovery.amount)}::bigint, ${recovery.reason}, ${recovery.decisionRef}, ${recovery.createdBy}) RETURNING id`,
  );
  return Number(row!.id);
}
