import { sql, type SQL } from 'drizzle-orm';
import { vndFromDb, type AmountVnd } from '../../core/money.js';
import { addMonths } from '../../core/month.js';
import { queryRows, type Executor } from '../../db/client.js';
import type { Scope } from '../access/scope.js';
import { instrumentsRelation } from '../accounts/instruments.service.js';
import { personFlagsRelation } from '../quality/flags.service.js';
import { enrolmentsRelation, personsRelation } from '../registry/registry.service.js';
import { providersRelation, unitsRelation } from '../units/units.service.js';
import { lineBreakdown, type CycleRow } from './payroll.repository.js';

/**
 * The "danh sách tăng, giảm, điều chỉnh": this cycle's monthly lines against the previous month's,
 * for the cycle's locality — who is new, who stopped (and why), whose amount changed (and why),
 * whose channel or account changed — and the warnings the approver must see. Someone this system
 * never paid before whose registry record says the previous system paid them (paid_through_month,
 * from the import) continues (CONTINUING), not new: a commune's first cycle is compared with the
 * registry's previous state, not read as "everyone is new".
 */
export type ChangeKind = 'NEW' | 'CONTINUING' | 'STOPPED' | 'AMOUNT_CHANGED' | 'ACCOUNT_CHANGED';

export interface ChangeRow {
  kind: ChangeKind;
  personalId: string;
  fullName: string;
  communeCode: string;
  programme: string;
  previousAmount: AmountVnd | null;
  amount: AmountVnd | null;
  previousCategory: string | null;
  category: string | null;
  reason: string;
  detail: string | null;
}

export interface WarningRow {
  code: 'ARREARS_LARGE' | 'ACCOUNT_CHANGED_RECENTLY' | 'FLAGGED' | 'ACCOUNT_NOT_VERIFIED' | 'NO_ACCOUNT_INSTRUMENT';
  personalId: string;
  fullName: string;
  communeCode: string;
  detail: string;
}

function localityOf(cycle: CycleRow, alias: string): SQL {
  const a = sql.raw(alias);
  return cycle.communeCode ? sql`${a}.commune_code = ${cycle.communeCode}` : sql`${a}.province_code = ${cycle.provinceCode}`;
}

function lineScope(scope: Scope, alias: string): SQL {
  const a = sql.raw(alias);
  if (scope.level === 'national') return sql`TRUE`;
  return scope.level === 'province' ? sql`${a}.province_code = ${scope.provinceCode}` : sql`${a}.commune_code = ${scope.communeCode}`;
}

export async function changeList(executor: Executor, scope: Scope, cycle: CycleRow): Promise<ChangeRow[]> {
  const previousMonth = addMonths(cycle.month, -1);
  const rows = await queryRows<Omit<ChangeRow, 'previousAmount' | 'amount'> & { previousAmount: string | null; amount: string | null }>(
    executor,
    sql`
    WITH cur AS (
      SELECT l.person_id, l.programme, l.personal_id, l.full_name, l.commune_code, l.category, l.amount_vnd, ${lineBreakdown('l')} AS breakdown,
             l.channel, l.provider_code, l.account_number
      FROM payroll_lines l WHERE l.cycle_id = ${cycle.id} AND l.component = 'MONTHLY' AND l.for_month = ${cycle.month} AND ${lineScope(scope, 'l')}
    ), prev AS (
      SELECT DISTINCT ON (l.person_id, l.programme) l.person_id, l.programme, l.personal_id, l.full_name, l.commune_code, l.category,
             l.amount_vnd, ${lineBreakdown('l')} AS breakdown, l.channel, l.provider_code, l.account_number
      FROM payroll_lines l
      WHERE l.component = 'MONTHLY' AND l.for_month = ${previousMonth} AND l.reversed_at IS NULL AND ${localityOf(cycle, 'l')} AND ${lineScope(scope, 'l')}
        ${cycle.programme ? sql`AND l.programme = ${cycle.programme}` : sql``}
      ORDER BY l.person_id, l.programme, l.id DESC
    ), pairs AS (
      -- Which side exists is read from person_id: a row "IS NOT NULL" only when every field is (a
      -- cash line has no account number), so (x.c) IS NOT NULL would drop the cash people's changes.
      SELECT COALESCE(c.person_id, p.person_id) AS person_id, COALESCE(c.programme, p.programme) AS programme, c, p,
             COALESCE(c.personal_id, p.personal_id) AS personal_id, COALESCE(c.full_name, p.full_name) AS full_name,
             COALESCE(c.commune_code, p.commune_code) AS commune_code
      FROM cur c FULL JOIN prev p ON p.person_id = c.person_id AND p.programme = c.programme
    )
    SELECT kind, personal_id AS "personalId", full_name AS "fullName", commune_code AS "communeCode", programme,
           previous_amount::text AS "previousAmount", amount::text AS amount, previous_category AS "previousCategory",
           category, reason, detail
    FROM (
      SELECT CASE WHEN x.previous_system_month IS NOT NULL THEN 'CONTINUING' ELSE 'NEW' END AS kind,
             x.personal_id, x.full_name, x.commune_code, x.programme, NULL::bigint AS previous_amount, (x.c).amount_vnd AS amount,
             NULL AS previous_category, (x.c).category AS category,
             CASE WHEN x.previous_system_month IS NOT NULL THEN 'PAID_BY_PREVIOUS_SYSTEM'
                  WHEN EXISTS (SELECT 1 FROM payroll_lines a WHERE a.cycle_id = ${cycle.id} AND a.person_id = x.person_id AND a.component = 'ARREARS')
                  THEN 'NEW_WITH_ARREARS' ELSE 'NEW_DECISION' END AS reason,
             x.previous_system_month AS detail
      FROM (
        -- Paid by the previous system (the month it paid through) and never by this one before this month.
        SELECT x.*, (SELECT e.paid_through_month FROM ${enrolmentsRelation()} e
                     WHERE e.person_id = x.person_id AND e.programme = x.programme AND e.paid_through_month < ${cycle.month}
                       AND NOT EXISTS (SELECT 1 FROM payroll_lines o WHERE o.person_id = x.person_id AND o.programme = x.programme
                                         AND o.for_month < ${cycle.month} AND o.reversed_at IS NULL)
                     ORDER BY e.paid_through_month DESC LIMIT 1) AS previous_system_month
        FROM pairs x WHERE (x.p).person_id IS NULL
      ) x
      UNION ALL
      SELECT 'STOPPED', x.personal_id, x.full_name, x.commune_code, x.programme, (x.p).amount_vnd, NULL, (x.p).category, NULL,
             COALESCE(
               (SELECT CASE WHEN pe.death_date IS NOT NULL THEN 'DEATH' END FROM ${personsRelation()} pe WHERE pe.id = x.person_id),
               (SELECT CASE e.status WHEN 'THOI_HUONG' THEN 'TERMINATED:' || COALESCE(e.status_reason, '') WHEN 'TAM_DUNG' THEN 'SUSPENDED:' || COALESCE(e.status_reason, '') END
                FROM ${enrolmentsRelation()} e WHERE e.person_id = x.person_id AND e.programme = x.programme AND e.status <> 'DANG_HUONG' ORDER BY e.updated_at DESC LIMIT 1),
               CASE WHEN EXISTS (SELECT 1 FROM payroll_lines o WHERE o.person_id = x.person_id AND o.programme = x.programme
                                   AND o.for_month = ${cycle.month} AND o.entitlement = 'REGULAR' AND o.cycle_id <> ${cycle.id} AND o.reversed_at IS NULL)
                    THEN 'PAID_IN_ANOTHER_CYCLE' END,
               'NO_LONGER_ELIGIBLE'),
             NULL
      FROM pairs x WHERE (x.c).person_id IS NULL
      UNION ALL
      SELECT 'AMOUNT_CHANGED', x.personal_id, x.full_name, x.commune_code, x.programme, (x.p).amount_vnd, (x.c).amount_vnd, (x.p).category, (x.c).category,
             CASE WHEN (x.p).category <> (x.c).category THEN 'CATEGORY'
                  WHEN ((x.p).breakdown ->> 'baseLevelVnd') IS DISTINCT FROM ((x.c).breakdown ->> 'baseLevelVnd')
                   AND ((x.p).breakdown ->> 'coefficientX10') IS DISTINCT FROM ((x.c).breakdown ->> 'coefficientX10') THEN 'BASE_LEVEL_AND_COEFFICIENT'
                  WHEN ((x.p).breakdown ->> 'baseLevelVnd') IS DISTINCT FROM ((x.c).breakdown ->> 'baseLevelVnd') THEN 'BASE_LEVEL'
                  WHEN ((x.p).breakdown ->> 'coefficientX10') IS DISTINCT FROM ((x.c).breakdown ->> 'coefficientX10') THEN 'COEFFICIENT'
                  ELSE 'RATE' END,
             concat_ws(' → ', (x.p).breakdown ->> 'coefficientX10', (x.c).breakdown ->> 'coefficientX10')
      FROM pairs x WHERE (x.c).person_id IS NOT NULL AND (x.p).person_id IS NOT NULL AND (x.c).amount_vnd <> (x.p).amount_vnd
      UNION ALL
      SELECT 'ACCOUNT_CHANGED', x.personal_id, x.full_name, x.commune_code, x.programme, (x.p).amount_vnd, (x.c).amount_vnd, (x.p).category, (x.c).category,
             CASE WHEN (x.p).channel <> (x.c).channel THEN 'CHANNEL' ELSE 'ACCOUNT' END,
             concat_ws(' → ', concat_ws(' ', (x.p).channel, (x.p).provider_code, right((x.p).account_number, 4)),
                              concat_ws(' ', (x.c).channel, (x.c).provider_code, right((x.c).account_number, 4)))
      FROM pairs x WHERE (x.c).person_id IS NOT NULL AND (x.p).person_id IS NOT NULL
        AND ((x.c).channel, (x.c).provider_code, COALESCE((x.c).account_number, '')) IS DISTINCT FROM ((x.p).channel, (x.p).provider_code, COALESCE((x.p).account_number, ''))
    ) changes
    ORDER BY commune_code, kind, personal_id`,
  );
  return rows.map((row) => ({ ...row, previousAmount: vndFromDb(row.previousAmount), amount: vndFromDb(row.amount) }));
}

export async function approverWarnings(executor: Executor, scope: Scope, cycle: CycleRow): Promise<WarningRow[]> {
  return queryRows<WarningRow>(
    executor,
    sql`
    WITH lines AS (SELECT * FROM payroll_lines l WHERE l.cycle_id = ${cycle.id} AND ${lineScope(scope, 'l')}),
    people AS (SELECT DISTINCT person_id, personal_id, full_name, commune_code FROM lines)
    SELECT 'ARREARS_LARGE' AS code, l.personal_id AS "personalId", l.full_name AS "fullName", l.commune_code AS "communeCode",
           format('%s tháng truy lĩnh, %s đồng', count(*), sum(l.amount_vnd)) AS detail
    FROM lines l WHERE l.component = 'ARREARS' GROUP BY l.person_id, l.personal_id, l.full_name, l.commune_code HAVING count(*) > 12 OR sum(l.amount_vnd) > 10000000
    UNION ALL
    SELECT DISTINCT ON (l.person_id) 'ACCOUNT_CHANGED_RECENTLY', l.personal_id, l.full_name, l.commune_code,
           format('Tài khoản thay đổi ngày %s', to_char(i.created_at, 'DD/MM/YYYY'))
    FROM lines l JOIN ${instrumentsRelation()} i ON i.id = l.instrument_id
    WHERE i.created_at > (SELECT generated_at FROM payroll_cycles WHERE id = ${cycle.id}) - interval '30 days'
      AND EXISTS (SELECT 1 FROM ${instrumentsRelation()} o WHERE o.enrolment_id = i.enrolment_id AND NOT o.active)
    UNION ALL
    SELECT 'FLAGGED', pe.personal_id, pe.full_name, pe.commune_code, string_agg(f.flag, ', ' ORDER BY f.flag)
    FROM people pe JOIN ${personFlagsRelation()} f ON f.person_id = pe.person_id GROUP BY pe.person_id, pe.personal_id, pe.full_name, pe.commune_code
    UNION ALL
    SELECT DISTINCT ON (l.person_id) 'ACCOUNT_NOT_VERIFIED', l.personal_id, l.full_name, l.commune_code,
           format('%s %s: %s', i.channel, i.provider_code, COALESCE(i.verification_note, i.verification))
    FROM lines l JOIN ${instrumentsRelation()} i ON i.id = l.instrument_id
    WHERE i.verification = 'REJECTED' OR i.needs_reverification
    ORDER BY 4, 1, 2`,
  );
}

export interface SummaryRow {
  communeCode: string;
  communeName: string | null;
  channel: string;
  providerCode: string;
  providerName: string | null;
  persons: number;
  lines: number;
  amountVnd: AmountVnd;
}

/**
 * Bảng tổng hợp for the Treasury: locality × channel × provider. With `ownProvider` (a provider's
 * agent, registry/need-to-know.ts `ownProviderCode`) only that provider's lines are summed.
 */
export async function summaryTable(executor: Executor, scope: Scope, cycleId: number, ownProvider: string | null = null): Promise<SummaryRow[]> {
  // the people counted come back as "payees": the catalog (scripts/sql-catalog.ts) reads the word
  // persons in a statement as the registry's table
  const rows = await queryRows<Omit<SummaryRow, 'amountVnd' | 'persons'> & { amountVnd: string; payees: number }>(
    executor,
    sql`SELECT l.commune_code AS "communeCode", u.name_with_type AS "communeName", l.channel, l.provider_code AS "providerCode",
               pr.short_name AS "providerName", count(DISTINCT l.person_id)::int AS payees, count(*)::int AS lines,
               sum(l.amount_vnd)::text AS "amountVnd"
        FROM payroll_lines l
        LEFT JOIN ${unitsRelation()} u ON u.generation = '2025' AND u.level = 'commune' AND u.code = l.commune_code
        LEFT JOIN ${providersRelation()} pr ON pr.code = l.provider_code
        WHERE l.cycle_id = ${cycleId} AND ${lineScope(scope, 'l')} ${ownProvider === null ? sql`` : sql`AND l.provider_code = ${ownProvider}`}
        GROUP BY l.commune_code, u.name_with_type, l.channel, l.provider_code, pr.short_name
        ORDER BY l.commune_code, l.channel, l.provider_code`,
  );
  return rows.map(({ payees, ...row }) => ({ ...row, persons: payees, amountVnd: vndFromDb(row.amountVnd) }));
}
