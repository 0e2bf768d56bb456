import { sql, type SQL } from 'drizzle-orm';
import { vndFromDb, type AmountVnd } from '../../core/money.js';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import type { Scope } from '../access/scope.js';
import { lineBreakdown } from './line-breakdown.js';

export type CycleStatus = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'FUNDED' | 'DISBURSING' | 'RECONCILED' | 'CLOSED';

export interface CycleRow {
  id: number;
  month: string;
  monthsCount: number;
  scopeLevel: 'province' | 'commune';
  provinceCode: string;
  communeCode: string | null;
  unitName: string | null;
  programme: string | null;
  status: CycleStatus;
  totalVnd: AmountVnd;
  lineCount: number;
  generatedBy: string;
  generatedAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  fundedReference: string | null;
  fundedDate: string | null;
  fundedAmountVnd: AmountVnd | null;
  lastComment: string | null;
  version: number;
}

/** A cycle as the SQL returns it: int8 as decimal text (db/client.ts), parsed by `cycleOf`. */
type CycleDbRow = Omit<CycleRow, 'totalVnd' | 'fundedAmountVnd'> & { totalVnd: string; fundedAmountVnd: string | null };

function cycleOf(row: CycleDbRow): CycleRow;
function cycleOf(row: CycleDbRow | undefined): CycleRow | undefined;
function cycleOf(row: CycleDbRow | undefined): CycleRow | undefined {
  return row === undefined ? undefined : { ...row, totalVnd: vndFromDb(row.totalVnd), fundedAmountVnd: vndFromDb(row.fundedAmountVnd) };
}

const cycleColumns = sql`c.id::int AS id, c.month, c.months_count AS "monthsCount", c.scope_level AS "scopeLevel",
  c.province_code AS "provinceCode", c.commune_code AS "communeCode", u.name_with_type AS "unitName", c.programme, c.status,
  c.total_vnd::text AS "totalVnd", c.line_count AS "lineCount", c.generated_by AS "generatedBy", c.generated_at::text AS "generatedAt",
  c.submitted_by AS "submittedBy", c.submitted_at::text AS "submittedAt", c.approved_by AS "approvedBy", c.approved_at::text AS "approvedAt",
  c.funded_reference AS "fundedReference", c.funded_date::text AS "fundedDate", c.funded_amount_vnd::text AS "fundedAmountVnd",
  c.last_comment AS "lastComment", c.version`;

const unitJoin = sql`LEFT JOIN admin_units u ON u.generation = '2025'
  AND u.level = c.scope_level AND u.code = COALESCE(c.commune_code, c.province_code)`;

/** A cycle is visible when its locality overlaps the scope (a commune sees its province's cycles). */
export function cycleVisible(scope: Scope): SQL {
  switch (scope.level) {
    case 'national':
      return sql`TRUE`;
    case 'province':
      return sql`c.province_code = ${scope.provinceCode}`;
    case 'commune':
      return sql`(c.commune_code = ${scope.communeCode} OR (c.commune_code IS NULL AND c.province_code = ${scope.provinceCode}))`;
  }
}

export async function findCycle(executor: Executor, scope: Scope, id: number, lock = false): Promise<CycleRow | undefined> {
  return cycleOf(
    await queryOne<CycleDbRow>(
      executor,
      sql`SELECT ${cycleColumns} FROM payroll_cycles c ${unitJoin} WHERE c.id = ${id} AND ${cycleVisible(scope)} ${lock ? sql`FOR UPDATE OF c` : sql``}`,
    ),
  );
}

export async function findCycleByKey(
  executor: Executor,
  key: { month: string; provinceCode: string; communeCode: string | null; programme: string | null },
): Promise<CycleRow | undefined> {
  return cycleOf(
    await queryOne<CycleDbRow>(
      executor,
      sql`SELECT ${cycleColumns} FROM payroll_cycles c ${unitJoin}
          WHERE c.month = ${key.month} AND c.province_code = ${key.provinceCode} AND COALESCE(c.commune_code, '') = ${key.communeCode ?? ''}
            AND COALESCE(c.programme, 'ALL') = ${key.programme ?? 'ALL'}`,
    ),
  );
}

export async function listCycles(executor: Executor, scope: Scope, filter: { month?: string; status?: string; limit: number }): Promise<CycleRow[]> {
  const rows = await queryRows<CycleDbRow>(
    executor,
    sql`SELECT ${cycleColumns} FROM payroll_cycles c ${unitJoin}
        WHERE ${cycleVisible(scope)} ${filter.month ? sql`AND c.month = ${filter.month}` : sql``} ${filter.status ? sql`AND c.status = ${filter.status}` : sql``}
        ORDER BY c.month DESC, c.id DESC LIMIT ${filter.limit}`,
  );
  return rows.map((row) => cycleOf(row));
}

/** Lines a scope may see: a commune officer sees the lines of their commune in a province cycle. */
export function lineVisible(scope: Scope): SQL {
  switch (scope.level) {
    case 'national':
      return sql`TRUE`;
    case 'province':
      return sql`l.province_code = ${scope.provinceCode}`;
    case 'commune':
      return sql`l.commune_code = ${scope.communeCode}`;
  }
}

export interface LineRow {
  id: number;
  personalId: string;
  fullName: string;
  communeCode: string;
  programme: string;
  category: string;
  component: string;
  forMonth: string;
  amount: AmountVnd;
  channel: string;
  provider: string;
  accountNumber: string | null;
  accountHolder: string | null;
  representativeName: string | null;
  breakdown: unknown;
  note: string | null;
  reversed: boolean;
  endToEndId: string | null;
  status: string | null;
  reason: string | null;
  final: boolean;
}

/**
 * A cycle's lines inside the scope; with `ownProvider` (a provider's agent, registry/need-to-know.ts
 * `ownProviderCode`) only the lines paid through that provider, in the WHERE clause.
 */
export async function listLines(
  executor: Executor,
  scope: Scope,
  cycleId: number,
  filter: { communeCode?: string; personalId?: string; component?: string; afterId?: number; limit: number; ownProvider: string | null },
): Promise<LineRow[]> {
  const rows = await queryRows<Omit<LineRow, 'amount'> & { amount: string }>(
    executor,
    sql`SELECT l.id::int AS id, l.personal_id AS "personalId", l.full_name AS "fullName", l.commune_code AS "communeCode", l.programme,
               l.category, l.component, l.for_month AS "forMonth", l.amount_vnd::text AS amount, l.channel, l.provider_code AS provider,
               l.account_number AS "accountNumber", l.account_holder AS "accountHolder", l.representative_name AS "representativeName",
               ${lineBreakdown('l')} AS breakdown, l.note, (l.reversed_at IS NOT NULL) AS reversed,
               d.end_to_end_id AS "endToEndId", CASE WHEN d.id IS NULL THEN NULL WHEN d.outcome = 'NONE' THEN d.transmission ELSE d.outcome END AS status,
               d.reason_code AS reason, COALESCE(d.is_final, false) AS final
        FROM payroll_lines l
        -- the latest payment of the line (a cash payment replacing a failed transfer comes later)
        LEFT JOIN LATERAL (SELECT i.id, i.end_to_end_id, i.transmission, i.outcome, i.reason_code, i.is_final
                           FROM disbursement_item_lines il JOIN disbursement_items i ON i.id = il.item_id
                           WHERE il.line_id = l.id ORDER BY i.id DESC LIMIT 1) d ON TRUE
        WHERE l.cycle_id = ${cycleId} AND ${lineVisible(scope)}
          ${filter.ownProvider === null ? sql`` : sql`AND l.provider_code = ${filter.ownProvider}`}
          ${filter.communeCode ? sql`AND l.commune_code = ${filter.communeCode}` : sql``}
          ${filter.personalId ? sql`AND l.personal_id = ${filter.personalId}` : sql``}
          ${filter.component ? sql`AND l.component = ${filter.component}` : sql``}
          ${filter.afterId ? sql`AND l.id > ${filter.afterId}` : sql``}
        ORDER BY l.id LIMIT ${filter.limit}`,
  );
  return rows.map((row) => ({ ...row, amount: vndFromDb(row.amount) }));
}

export async function insertCycleEvent(executor: Executor, event: { cycleId: number; from: string | null; to: string; actor: string; comment?: string | null }): Promise<void> {
  await executor.execute(sql`INSERT INTO payroll_cycle_events (cycle_id, from_status, to_status, actor, comment)
    VALUES (${event.cycleId}, ${event.from}, ${event.to}, ${event.actor}, ${event.comment ?? null})`);
}

export async function listCycleEvents(executor: Executor, cycleId: number) {
  return queryRows<{ fromStatus: string | null; toStatus: string; actor: string; comment: string | null; at: string }>(
    executor,
    sql`SELECT from_status AS "fromStatus", to_status AS "toStatus", actor, comment, at::text FROM payroll_cycle_events WHERE cycle_id = ${cycleId} ORDER BY id`,
  );
}

/**
 * Payroll cycles as other modules may read them in set-based SQL (read-only): locality, month,
 * status and money.
 */
export const cyclesRelation = (): SQL =>
  sql`(SELECT id, month, status, scope_level, province_code, commune_code, total_vnd, funded_amount_vnd FROM payroll_cycles)`;

/**
 * Payroll lines as the module that pays them reads them (read-only): who is paid how much, through
 * which channel, provider and account, and whether the line was reversed.
 */
export const payableLinesRelation = (): SQL =>
  sql`(SELECT id, cycle_id, person_id, component, amount_vnd, personal_id, full_name, province_code, commune_code, channel, provider_code,
              account_number, account_holder, instrument_id, representative_name, reversed_at FROM payroll_lines)`;

/** A status the payments move a cycle to; false when the cycle was not in `from`. */
export async function setPaymentStatus(executor: Executor, cycleId: number, from: CycleStatus, to: CycleStatus): Promise<boolean> {
  const row = await queryOne<{ id: string }>(executor, sql`UPDATE payroll_cycles SET status = ${to}, version = version + 1 WHERE id = ${cycleId} AND status = ${from} RETURNING id`);
  return row !== undefined;
}

/**
 * Reverses the recovery lines among `lines` (a relation with a `line_id` column) not reversed yet:
 * the money history keeps them, and the next cycle nets the recovery again.
 */
export async function reverseRecoveryLines(executor: Executor, lines: SQL, by: string, reason: string): Promise<void> {
  await executor.execute(sql`
    UPDATE payroll_lines l SET reversed_at = now(), reversed_by = ${by}, reversal_reason = ${reason}
    FROM ${lines} s
    WHERE l.id = s.line_id AND l.component = 'RECOVERY' AND l.reversed_at IS NULL`);
}
