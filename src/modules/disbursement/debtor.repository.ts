import { sql } from 'drizzle-orm';
import { queryOne, type Executor } from '../../db/client.js';
import { cyclesRelation, payableLinesRelation } from '../payroll/payroll.service.js';

/** What decides a batch's debtor: its province, when it was created, and the programmes of the lines its items pay. */
export interface BatchDebtorKey {
  provinceCode: string;
  createdAt: string;
  programmes: string[];
}

export async function findBatchDebtorKey(executor: Executor, batchId: number): Promise<BatchDebtorKey | undefined> {
  return queryOne<BatchDebtorKey>(
    executor,
    sql`SELECT c.province_code AS "provinceCode", b.created_at::text AS "createdAt",
               (SELECT COALESCE(json_agg(DISTINCT l.programme ORDER BY l.programme), '[]'::json)
                FROM disbursement_items i JOIN disbursement_item_lines il ON il.item_id = i.id JOIN ${payableLinesRelation()} l ON l.id = il.line_id
                WHERE i.batch_id = b.id) AS programmes
        FROM disbursement_batches b JOIN ${cyclesRelation()} c ON c.id = b.cycle_id
        WHERE b.id = ${batchId}`,
  );
}
