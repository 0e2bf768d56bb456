import { sql } from 'drizzle-orm';
import { vndFromDb, type AmountVnd } from '../../core/money.js';
import type { Month } from '../../core/month.js';
import { arrayParam, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Scope } from '../access/scope.js';
import { enrolmentSuspensionsRelation, enrolmentsRelation, personsRelation, type EnrolmentRow } from '../registry/registry.service.js';

/** A person of the scope with every enrolment (in any locality: the rules look at all of them). */
export interface AuditedPerson {
  id: number;
  personalId: string;
  fullName: string;
  birthDate: string;
  deathDate: string | null;
  provinceCode: string;
  enrolments: Pick<EnrolmentRow, 'id' | 'programme' | 'category' | 'childrenCount' | 'injuryRate' | 'decisionDate' | 'firstMonth' | 'paidThroughMonth' | 'status' | 'statusEffectiveMonth' | 'suspensions'>[];
}

/** The next `limit` people of the scope after person id `afterId`, in id order (keyset pages). */
export async function auditedPeople(executor: Executor, scope: Scope, afterId: number, limit: number): Promise<AuditedPerson[]> {
  // each person's enrolments come back as "decisions": the catalog (scripts/sql-catalog.ts) reads
  // the word enrolments in a statement as the registry's table
  const rows = await queryRows<Omit<AuditedPerson, 'enrolments'> & { decisions: AuditedPerson['enrolments'] }>(
    executor,
    sql`WITH page AS (
          SELECT DISTINCT e.person_id FROM ${enrolmentsRelation()} e WHERE ${inScope(scope, { province: sql`e.province_code`, commune: sql`e.commune_code` })} AND e.person_id > ${afterId}
          ORDER BY e.person_id LIMIT ${limit})
        SELECT p.id::int AS id, p.personal_id AS "personalId", p.full_name AS "fullName", p.birth_date::text AS "birthDate",
               p.death_date::text AS "deathDate", p.province_code AS "provinceCode",
               (SELECT jsonb_agg(jsonb_build_object(
                  'id', e.id, 'programme', e.programme, 'category', e.category, 'childrenCount', e.children_count,
                  'injuryRate', e.injury_rate, 'decisionDate', e.decision_date::text, 'firstMonth', e.first_month,
                  'paidThroughMonth', e.paid_through_month, 'status', e.status, 'statusEffectiveMonth', e.status_effective_month,
                  'suspensions', COALESCE((SELECT jsonb_agg(jsonb_build_object('from', s.from_month, 'to', s.to_month, 'arrearsDue', s.arrears_due) ORDER BY s.from_month)
                                           FROM ${enrolmentSuspensionsRelation()} s WHERE s.enrolment_id = e.id), '[]'::jsonb)) ORDER BY e.id)
                FROM ${enrolmentsRelation()} e WHERE e.person_id = p.id) AS decisions
        FROM page JOIN ${personsRelation()} p ON p.id = page.person_id
        ORDER BY p.id`,
  );
  return rows.map(({ decisions, ...person }) => ({ ...person, enrolments: decisions }));
}

/** What the regular lines of every cycle paid each of these people, per month and programme. */
export interface PaidMonth {
  personId: number;
  month: Month;
  programme: string;
  paidVnd: AmountVnd;
  cycleIds: number[];
}

export async function paidMonths(executor: Executor, personIds: readonly number[], from: Month, to: Month): Promise<PaidMonth[]> {
  if (personIds.length === 0) return [];
  const rows = await queryRows<Omit<PaidMonth, 'paidVnd'> & { paidVnd: string }>(
    executor,
    sql`SELECT l.person_id::int AS "personId", l.for_month AS month, l.programme, sum(l.amount_vnd)::text AS "paidVnd",
               array_agg(DISTINCT l.cycle_id::int ORDER BY l.cycle_id::int) AS "cycleIds"
        FROM payroll_lines l
        WHERE l.person_id = ANY (${arrayParam(personIds)}::bigint[]) AND l.entitlement = 'REGULAR' AND l.reversed_at IS NULL
          AND l.for_month BETWEEN ${from} AND ${to}
        GROUP BY l.person_id, l.for_month, l.programme`,
  );
  return rows.map((row) => ({ ...row, paidVnd: vndFromDb(row.paidVnd) }));
}
