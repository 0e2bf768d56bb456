import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.js';
import type { Scope } from '../access/scope.js';
import { enrolmentsRelation, personsRelation, personVisible } from '../registry/registry.service.js';
import type { LinePayments } from './ports.js';

export interface UnclaimedPersonRow {
  id: number;
  personalId: string;
  fullName: string;
  communeCode: string;
  months: string[];
  lastEndToEndId: string;
}

/**
 * People of the scope still paid social assistance whose final payments of their last `months`
 * cycle months in a row were not collected (not found or refused), from the payments of their
 * lines (`payments`, payroll/ports.ts).
 */
export async function unclaimedPeople(executor: Executor, scope: Scope, months: number, payments: LinePayments): Promise<UnclaimedPersonRow[]> {
  return queryRows<UnclaimedPersonRow>(
    executor,
    sql`
    WITH payments AS (
      -- each person's payment per cycle month (the latest item of the month's social-assistance lines)
      SELECT DISTINCT ON (i.person_id, c.month) i.person_id, c.month, i.outcome, i.reason_code, i.end_to_end_id
      FROM ${payments.linePaymentsRelation()} i
      JOIN payroll_cycles c ON c.id = i.cycle_id
      JOIN payroll_lines l ON l.id = i.line_id AND l.programme = 'TGXH'
      WHERE i.is_final
      ORDER BY i.person_id, c.month, i.item_id DESC
    ), ranked AS (
      SELECT p.*, row_number() OVER (PARTITION BY person_id ORDER BY month DESC) AS recent
      FROM payments p
    ), last_three AS (
      SELECT person_id, array_agg(month ORDER BY month) AS months, (array_agg(end_to_end_id ORDER BY month DESC))[1] AS last_e2e,
             bool_and(outcome = 'FAILED' AND reason_code IN ('UNCLAIMED', 'REFUSED')) AS all_unclaimed,
             max(month_index(month)) - min(month_index(month)) AS span
      FROM ranked WHERE recent <= ${months} GROUP BY person_id HAVING count(*) = ${months}
    )
    SELECT p.id::int AS id, p.personal_id AS "personalId", p.full_name AS "fullName", p.commune_code AS "communeCode",
           t.months, t.last_e2e AS "lastEndToEndId"
    FROM last_three t JOIN ${personsRelation()} p ON p.id = t.person_id
    WHERE t.all_unclaimed AND t.span = ${months - 1}
      AND ${personVisible(scope)}
      AND EXISTS (SELECT 1 FROM ${enrolmentsRelation()} e WHERE e.person_id = p.id AND e.programme = 'TGXH' AND e.status = 'DANG_HUONG')
    ORDER BY p.commune_code, p.id
    LIMIT 5000`,
  );
}
