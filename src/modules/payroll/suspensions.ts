import { sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { queryRows } from '../../db/client.js';
import { disclosure } from '../access/need-to-know.js';
import { auditDisclosure } from '../audit/disclosure.js';
import { requirePermission } from '../access/permissions.js';
import { scopeUnitCode, type Actor } from '../access/scope.js';
import { personVisible } from '../registry/registry.service.js';

/**
 * Social-assistance beneficiaries who did not collect their allowance for 3 consecutive months are
 * proposed for suspension (Circular 02/2021 Art. 2(3)(a); DOMAIN.md §2.5). "Did not collect" is a
 * final VNPost result of not found / refused for the person's payment of that cycle month.
 */
export interface SuspensionProposal {
  personalId: string;
  fullName: string;
  communeCode: string;
  months: string[];
  lastEndToEndId: string;
}

export const unclaimedMonthsMin = 3;

export async function suspensionProposals(ctx: AppContext, actor: Actor): Promise<SuspensionProposal[]> {
  requirePermission(actor, 'registry.review');
  const rows = await queryRows<SuspensionProposal & { id: number }>(
    ctx.db.orm,
    sql`
    WITH payments AS (
      -- each person's payment per cycle month (the latest item of the month's social-assistance lines)
      SELECT DISTINCT ON (i.person_id, c.month) i.person_id, c.month, i.outcome, i.reason_code, i.end_to_end_id
      FROM disbursement_items i
      JOIN payroll_cycles c ON c.id = i.cycle_id
      JOIN disbursement_item_lines il ON il.item_id = i.id
      JOIN payroll_lines l ON l.id = il.line_id AND l.programme = 'TGXH'
      WHERE i.is_final
      ORDER BY i.person_id, c.month, i.id DESC
    ), ranked AS (
      SELECT p.*, row_number() OVER (PARTITION BY person_id ORDER BY month DESC) AS recent
      FROM payments p
    ), last_three AS (
      SELECT person_id, array_agg(month ORDER BY month) AS months, (array_agg(end_to_end_id ORDER BY month DESC))[1] AS last_e2e,
             bool_and(outcome = 'FAILED' AND reason_code IN ('UNCLAIMED', 'REFUSED')) AS all_unclaimed,
             max(month_index(month)) - min(month_index(month)) AS span
      FROM ranked WHERE recent <= ${unclaimedMonthsMin} GROUP BY person_id HAVING count(*) = ${unclaimedMonthsMin}
    )
    SELECT p.id::int AS id, p.personal_id AS "personalId", p.full_name AS "fullName", p.commune_code AS "communeCode",
           t.months, t.last_e2e AS "lastEndToEndId"
    FROM last_three t JOIN persons p ON p.id = t.person_id
    WHERE t.all_unclaimed AND t.span = ${unclaimedMonthsMin - 1}
      AND ${personVisible(actor.scope)}
      AND EXISTS (SELECT 1 FROM enrolments e WHERE e.person_id = p.id AND e.programme = 'TGXH' AND e.status = 'DANG_HUONG')
    ORDER BY p.commune_code, p.id
    LIMIT 5000`,
  );
  const show = disclosure(actor, 'view');
  const proposals = rows.map(({ id: _id, ...row }) => ({ ...row, personalId: show.personalId(row.personalId) }));
  if (proposals.length > 0) {
    await auditDisclosure(ctx.db.orm, actor, { action: 'view', what: 'payroll.suspension-proposals', rows: proposals.length, entityType: 'person', unitCode: scopeUnitCode(actor.scope) });
  }
  return proposals;
}
