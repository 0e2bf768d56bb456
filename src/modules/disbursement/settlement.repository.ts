import { sql } from 'drizzle-orm';
import { queryOne, type Executor } from '../../db/client.js';
import { carryOverPaymentsRelation } from './line-payments.repository.js';

/** The cycle's payments that did not arrive and are owed again in a later cycle, summed (decimal text). */
export async function carriedOverOfCycle(executor: Executor, cycleId: number): Promise<{ items: number; amountVnd: string }> {
  return (await queryOne<{ items: number; amountVnd: string }>(
    executor,
    sql`SELECT count(*)::int AS items, COALESCE(sum(i.amount_vnd), 0)::text AS "amountVnd"
        FROM disbursement_items i
        WHERE i.cycle_id = ${cycleId} AND i.id IN (SELECT il.item_id FROM disbursement_item_lines il JOIN ${carryOverPaymentsRelation()} co ON co.line_id = il.line_id)`,
  ))!;
}
