import { sql, type SQL } from 'drizzle-orm';
import { vndFromDb, vndToString, type AmountVnd } from '../../core/money.js';
import { arrayParam, queryOne, queryRows, type Executor } from '../../db/client.js';
import type { Scope } from '../access/scope.js';
import { unitsRelation } from '../units/units.service.js';
import type { LinePayments } from './ports.js';

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

const unitJoin = sql`LEFT JOIN ${unitsRelation()} u ON u.generation = '2025'
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

/**
 * The totals (amount, lines) of cycles counted over the lines a viewer may see: a commune
 * officer's commune in a province cycle, a provider's agent its own provider's lines. Computed in
 * the query, per cycle; a cycle without such lines has zero.
 */
export async function partialCycleTotals(
  executor: Executor,
  scope: Scope,
  cycleIds: readonly number[],
  ownProvider: string | null,
): Promise<Map<number, { totalVnd: AmountVnd; lineCount: number }>> {
  const rows = await queryRows<{ cycleId: number; total: string; lines: number }>(
    executor,
    sql`SELECT c.id::int AS "cycleId", COALESCE(sum(l.amount_vnd), 0)::text AS total, count(l.cycle_id)::int AS lines
        FROM unnest(${arrayParam([...cycleIds])}::bigint[]) AS c(id)
        LEFT JOIN payroll_lines l ON l.cycle_id = c.id AND ${lineVisible(scope)} ${ownProvider === null ? sql`` : sql`AND l.provider_code = ${ownProvider}`}
        GROUP BY c.id`,
  );
  return new Map(rows.map((row) => [row.cycleId, { totalVnd: vndFromDb(row.total), lineCount: row.lines }]));
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
 * A payroll line's breakdown as the API shows it: the rate columns of a social-assistance line
 * (base level × coefficient, migration 0018) merged with the jsonb that tells the rest (combined
 * categories, people-with-merit parts, funeral support). Lines written before 0018 carry the
 * whole object in jsonb and have no rate columns. jsonb orders keys itself, so the object is the
 * same whichever way it was stored.
 */
export function lineBreakdown(alias: string): SQL {
  const a = sql.raw(alias);
  return sql`CASE WHEN ${a}.base_level_vnd IS NULL THEN COALESCE(${a}.breakdown, '[]'::jsonb)
    ELSE jsonb_build_object('baseLevelVnd', ${a}.base_level_vnd, 'coefficientX10', ${a}.coefficient_x10) || COALESCE(${a}.breakdown, '{}'::jsonb) END`;
}

/**
 * A cycle's lines inside the scope, each with its latest payment (`payments`, payroll/ports.ts);
 * with `ownProvider` (a provider's agent, registry/need-to-know.ts `ownProviderCode`) only the
 * lines paid through that provider, in the WHERE clause.
 */
export async function listLines(
  executor: Executor,
  scope: Scope,
  cycleId: number,
  filter: { communeCode?: string; personalId?: string; component?: string; afterId?: number; limit: number; ownProvider: string | null },
  payments: LinePayments,
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
        LEFT JOIN LATERAL (SELECT pm.item_id AS id, pm.end_to_end_id, pm.transmission, pm.outcome, pm.reason_code, pm.is_final
                           FROM ${payments.linePaymentsRelation()} pm
                           WHERE pm.line_id = l.id ORDER BY pm.item_id DESC LIMIT 1) d ON TRUE
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
  sql`(SELECT id, month, status, scope_level, province_code, commune_code, programme, total_vnd, line_count, funded_amount_vnd, funded_date FROM payroll_cycles)`;

/**
 * Payroll lines as the module that pays them reads them (read-only): who is paid how much, through
 * which channel, provider and account, and whether the line was reversed.
 */
export const payableLinesRelation = (): SQL =>
  sql`(SELECT id, cycle_id, person_id, programme, component, amount_vnd, personal_id, full_name, province_code, commune_code, channel, provider_code,
              account_number, account_holder, instrument_id, representative_name, reversed_at FROM payroll_lines)`;

/**
 * The carry-overs of `lines` (a relation with a `line_id` column): each line that a CARRY_OVER line
 * not reversed pays again, with the cycle and month of that line (through payroll_lines_once).
 */
export async function carryOversOfLines(executor: Executor, lines: SQL): Promise<{ lineId: number; cycleId: number; month: string }[]> {
  return queryRows<{ lineId: number; cycleId: number; month: string }>(
    executor,
    sql`SELECT l.id::int AS "lineId", c.cycle_id::int AS "cycleId", cyc.month
        FROM ${lines} s
        JOIN payroll_lines l ON l.id = s.line_id
        JOIN payroll_lines c ON c.person_id = l.person_id AND c.programme = l.programme AND c.entitlement = 'CARRY_OVER' AND c.for_month = l.for_month
                            AND c.line_key = 'L' || l.id AND c.reversed_at IS NULL
        JOIN payroll_cycles cyc ON cyc.id = c.cycle_id
        ORDER BY l.id, c.cycle_id`,
  );
}

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

/** Serialises the generation of one scope-month (`key`) until the transaction ends. */
export async function lockCycleKey(executor: Executor, key: string): Promise<void> {
  await executor.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`);
}

export async function insertCycle(
  executor: Executor,
  cycle: { month: string; monthsCount: number; scopeLevel: 'province' | 'commune'; provinceCode: string; communeCode: string | null; programme: string | null; generatedBy: string },
): Promise<number> {
  const row = await queryOne<{ id: string }>(
    executor,
    sql`INSERT INTO payroll_cycles (month, months_count, scope_level, province_code, commune_code, programme, generated_by)
        VALUES (${cycle.month}, ${cycle.monthsCount}, ${cycle.scopeLevel}, ${cycle.provinceCode}, ${cycle.communeCode}, ${cycle.programme}, ${cycle.generatedBy}) RETURNING id`,
  );
  return Number(row!.id);
}

/** A draft cycle about to be generated again: its lines go, the new generation is recorded. */
export async function resetDraftCycle(executor: Executor, cycleId: number, regeneration: { generatedBy: string; monthsCount: number }): Promise<void> {
  await executor.execute(sql`DELETE FROM payroll_lines WHERE cycle_id = ${cycleId}`);
  await executor.execute(sql`UPDATE payroll_cycles SET generated_by = ${regeneration.generatedBy}, generated_at = now(), months_count = ${regeneration.monthsCount}, version = version + 1 WHERE id = ${cycleId}`);
}

/** What a step of the approval records besides the cycle's new status. */
export type CycleStep =
  | { step: 'submitted' | 'approved'; username: string; userId: number | null; comment: string | null }
  | { step: 'rejected'; comment: string }
  | { step: 'funded'; username: string; reference: string; amount: AmountVnd; date: string };

function stepColumns(step: CycleStep): SQL {
  switch (step.step) {
    case 'submitted':
      return sql`submitted_by = ${step.username}, submitted_by_user_id = ${step.userId}, submitted_at = now(), last_comment = ${step.comment}`;
    case 'approved':
      return sql`approved_by = ${step.username}, approved_by_user_id = ${step.userId}, approved_at = now(), last_comment = ${step.comment}`;
    case 'rejected':
      return sql`submitted_by = NULL, submitted_by_user_id = NULL, submitted_at = NULL, approved_by = NULL, approved_by_user_id = NULL, approved_at = NULL, last_comment = ${step.comment}`;
    case 'funded':
      return sql`funded_reference = ${step.reference}, funded_amount_vnd = ${vndToString(step.amount)}::bigint, funded_date = ${step.date}::date, funded_by = ${step.username}, funded_at = now()`;
  }
}

/** Moves the cycle to `to` with what the step records (the caller checked the status it leaves). */
export async function setCycleStatus(executor: Executor, cycleId: number, to: CycleStatus, step: CycleStep): Promise<void> {
  await executor.execute(sql`UPDATE payroll_cycles SET status = ${to}, ${stepColumns(step)}, version = version + 1 WHERE id = ${cycleId}`);
}

/**
 * Lines and amount per component of a cycle; of the lines the scope sees (a commune officer: its
 * commune's of a province cycle) and, with `ownProvider`, of that provider only.
 */
export async function cycleComponents(
  executor: Executor,
  cycleId: number,
  scope: Scope = { level: 'national' },
  ownProvider: string | null = null,
): Promise<{ component: string; lines: number; amountVnd: AmountVnd }[]> {
  const rows = await queryRows<{ component: string; lines: number; amount: string }>(
    executor,
    sql`SELECT component, count(*)::int AS lines, sum(amount_vnd)::text AS amount FROM payroll_lines l
        WHERE l.cycle_id = ${cycleId} AND ${lineVisible(scope)} ${ownProvider === null ? sql`` : sql`AND l.provider_code = ${ownProvider}`}
        GROUP BY component ORDER BY component`,
  );
  return rows.map((row) => ({ component: row.component, lines: row.lines, amountVnd: vndFromDb(row.amount) }));
}
