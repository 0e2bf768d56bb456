import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import type { Scope } from '../access/scope.js';
import { unitsRelation } from '../units/units.service.js';

export type FailurePolicy = 'CASH_SAME_CYCLE' | 'CARRY_OVER';

/** A province's own deadlines, when it set them. */
export async function findDeadlines(
  executor: Executor,
  provinceCode: string,
): Promise<{ listDueDay: number; reportDueDay: number; failurePolicy: FailurePolicy } | undefined> {
  return queryOne(
    executor,
    sql`SELECT list_due_day AS "listDueDay", report_due_day AS "reportDueDay", failure_policy AS "failurePolicy" FROM payroll_deadlines WHERE province_code = ${provinceCode}`,
  );
}

export async function upsertDeadlines(
  executor: Executor,
  deadlines: { provinceCode: string; listDueDay: number; reportDueDay: number; failurePolicy: FailurePolicy; updatedBy: string },
): Promise<void> {
  await executor.execute(sql`
    INSERT INTO payroll_deadlines (province_code, list_due_day, report_due_day, failure_policy, updated_by)
    VALUES (${deadlines.provinceCode}, ${deadlines.listDueDay}, ${deadlines.reportDueDay}, ${deadlines.failurePolicy}, ${deadlines.updatedBy})
    ON CONFLICT (province_code) DO UPDATE SET list_due_day = EXCLUDED.list_due_day, report_due_day = EXCLUDED.report_due_day,
      failure_policy = EXCLUDED.failure_policy, updated_by = EXCLUDED.updated_by, updated_at = now()`);
}

export interface CommuneCycleRow {
  code: string;
  name: string;
  provinceCode: string;
  cycleId: number | null;
  status: string | null;
  listDay: number | null;
  reportDay: number | null;
}

/**
 * Each current commune of the scope with the month's cycle that covers it (its own first, else
 * its province's) and its province's deadline days; nationally only the communes with a cycle.
 */
export async function communeCycles(executor: Executor, scope: Scope, month: string): Promise<CommuneCycleRow[]> {
  return queryRows<CommuneCycleRow>(
    executor,
    sql`SELECT u.code, u.name_with_type AS name, u.province_code AS "provinceCode", c.id::int AS "cycleId", c.status,
               d.list_due_day AS "listDay", d.report_due_day AS "reportDay"
        FROM ${unitsRelation()} u
        LEFT JOIN LATERAL (
          SELECT c.id, c.status FROM payroll_cycles c
          WHERE c.month = ${month} AND (c.commune_code = u.code OR (c.commune_code IS NULL AND c.province_code = u.province_code))
          ORDER BY (c.commune_code IS NOT NULL) DESC, c.id LIMIT 1) c ON TRUE
        LEFT JOIN payroll_deadlines d ON d.province_code = u.province_code
        WHERE u.generation = '2025' AND u.level = 'commune'
          AND ${scope.level === 'national' ? sql`TRUE` : scope.level === 'province' ? sql`u.province_code = ${scope.provinceCode}` : sql`u.code = ${scope.communeCode}`}
          AND (${scope.level !== 'national'} OR c.id IS NOT NULL)
        ORDER BY u.code LIMIT 5000`,
  );
}
