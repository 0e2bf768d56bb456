import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Scope } from '../access/scope.js';
import { usersRelation } from '../auth/users.service.js';
import { cyclesRelation, payableLinesRelation } from '../payroll/relations.service.js';
import { personsRelation } from '../registry/registry.service.js';

/** The SQL of complaints and requests (`complaints`, `complaint_settings`, migrations/0041_complaints.sql). */

export const complaintKinds = ['NOT_RECEIVED', 'WRONG_AMOUNT', 'ACCOUNT_CHANGE', 'CASH_DELIVERY', 'OTHER'] as const;
export type ComplaintKind = (typeof complaintKinds)[number];
export const complaintOutcomes = ['CORRECTED_ACCOUNT', 'REPAID_NEXT_CYCLE', 'PAID_IN_CASH', 'EXPLAINED', 'REFERRED', 'REJECTED'] as const;
export type ComplaintOutcome = (typeof complaintOutcomes)[number];
export type ComplaintStatus = 'OPEN' | 'ASSIGNED' | 'RESOLVED';

export interface ComplaintRow {
  id: number;
  personId: number;
  personalId: string;
  fullName: string;
  provinceCode: string;
  communeCode: string;
  cycleId: number | null;
  cycleMonth: string | null;
  kind: ComplaintKind;
  body: string;
  source: 'OFFICER' | 'SELF_SERVICE';
  status: ComplaintStatus;
  filedBy: string;
  filedAt: string;
  dueDate: string;
  assignedTo: string | null;
  assignedAt: string | null;
  outcome: ComplaintOutcome | null;
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

const columns = sql`c.id::int AS id, c.person_id::int AS "personId", p.personal_id AS "personalId", p.full_name AS "fullName",
  c.province_code AS "provinceCode", c.commune_code AS "communeCode", c.cycle_id::int AS "cycleId", cy.month AS "cycleMonth",
  c.kind, c.body, c.source, c.status, c.filed_by AS "filedBy", c.filed_at::text AS "filedAt", c.due_date::text AS "dueDate",
  c.assigned_to AS "assignedTo", c.assigned_at::text AS "assignedAt", c.outcome, c.resolution, c.resolved_by AS "resolvedBy", c.resolved_at::text AS "resolvedAt"`;

const from = sql`complaints c JOIN ${personsRelation()} p ON p.id = c.person_id LEFT JOIN ${cyclesRelation()} cy ON cy.id = c.cycle_id`;

const visible = (scope: Scope) => inScope(scope, { province: sql`c.province_code`, commune: sql`c.commune_code` });

/** A complaint inside the scope (the scope decides what exists for the reader), optionally locked. */
export async function findComplaint(executor: Executor, scope: Scope, id: number, lock = false): Promise<ComplaintRow | undefined> {
  return queryOne<ComplaintRow>(executor, sql`SELECT ${columns} FROM ${from} WHERE c.id = ${id} AND ${visible(scope)} ${lock ? sql`FOR UPDATE OF c` : sql``}`);
}

/** The complaints of the scope (optionally one unit), newest first; `overdueOn`: open ones past their due date on that day. */
export async function listComplaints(
  executor: Executor,
  scope: Scope,
  filter: { unitCode: string | null; overdueOn: string | null; status: ComplaintStatus | null; limit: number },
): Promise<ComplaintRow[]> {
  const unit = filter.unitCode === null ? sql`true` : filter.unitCode.length === 2 ? sql`c.province_code = ${filter.unitCode}` : sql`c.commune_code = ${filter.unitCode}`;
  const overdue = filter.overdueOn === null ? sql`true` : sql`c.status <> 'RESOLVED' AND c.due_date < ${filter.overdueOn}::date`;
  const status = filter.status === null ? sql`true` : sql`c.status = ${filter.status}`;
  return queryRows<ComplaintRow>(
    executor,
    sql`SELECT ${columns} FROM ${from} WHERE ${visible(scope)} AND ${unit} AND ${overdue} AND ${status}
        ORDER BY ${filter.overdueOn === null ? sql`c.id DESC` : sql`c.due_date, c.id`} LIMIT ${filter.limit}`,
  );
}

/** The same complaint still open (same person, kind, cycle and text): filing it again changes nothing. */
export async function findOpenDuplicate(
  executor: Executor,
  key: { personId: number; kind: ComplaintKind; cycleId: number | null; body: string },
): Promise<number | undefined> {
  const row = await queryOne<{ id: number }>(
    executor,
    sql`SELECT id::int AS id FROM complaints WHERE person_id = ${key.personId} AND kind = ${key.kind} AND cycle_id IS NOT DISTINCT FROM ${key.cycleId}::bigint
          AND body = ${key.body} AND status <> 'RESOLVED' ORDER BY id LIMIT 1`,
  );
  return row?.id;
}

/** Complaints the person filed themselves (self-service) in the day before `now`. */
export async function countSelfServiceSince(executor: Executor, personId: number, now: Date): Promise<number> {
  const row = await queryOne<{ count: number }>(
    executor,
    sql`SELECT count(*)::int AS count FROM complaints WHERE person_id = ${personId} AND source = 'SELF_SERVICE' AND filed_at > ${now.toISOString()}::timestamptz - interval '1 day'`,
  );
  return row?.count ?? 0;
}

export async function insertComplaint(
  executor: Executor,
  row: {
    personId: number; provinceCode: string; communeCode: string; cycleId: number | null; kind: ComplaintKind; body: string; source: 'OFFICER' | 'SELF_SERVICE';
    filedBy: string; filedByUserId: number | null; filedAt: Date; dueDate: string;
  },
): Promise<number> {
  const inserted = await queryOne<{ id: number }>(
    executor,
    sql`INSERT INTO complaints (person_id, province_code, commune_code, cycle_id, kind, body, source, filed_by, filed_by_user_id, filed_at, due_date)
        VALUES (${row.personId}, ${row.provinceCode}, ${row.communeCode}, ${row.cycleId}, ${row.kind}, ${row.body}, ${row.source}, ${row.filedBy},
                ${row.filedByUserId}, ${row.filedAt.toISOString()}::timestamptz, ${row.dueDate}::date)
        RETURNING id::int AS id`,
  );
  return inserted!.id;
}

export async function setAssignee(executor: Executor, id: number, assignee: { username: string; userId: number; by: string; at: Date }): Promise<void> {
  await executor.execute(sql`UPDATE complaints SET status = 'ASSIGNED', assigned_to = ${assignee.username}, assigned_to_user_id = ${assignee.userId},
    assigned_by = ${assignee.by}, assigned_at = ${assignee.at.toISOString()}::timestamptz WHERE id = ${id} AND status <> 'RESOLVED'`);
}

export async function setResolved(
  executor: Executor,
  id: number,
  resolution: { outcome: ComplaintOutcome; text: string; by: string; userId: number | null; at: Date },
): Promise<void> {
  await executor.execute(sql`UPDATE complaints SET status = 'RESOLVED', outcome = ${resolution.outcome}, resolution = ${resolution.text},
    resolved_by = ${resolution.by}, resolved_by_user_id = ${resolution.userId}, resolved_at = ${resolution.at.toISOString()}::timestamptz
    WHERE id = ${id} AND status <> 'RESOLVED'`);
}

/** An active user by username, with the locality of their scope (assignees). */
export async function findActiveUser(
  executor: Executor,
  username: string,
): Promise<{ id: number; username: string; role: string; provinceCode: string | null; communeCode: string | null } | undefined> {
  return queryOne(
    executor,
    sql`SELECT id::int AS id, username, role, scope_province_code AS "provinceCode", scope_commune_code AS "communeCode"
        FROM ${usersRelation()} u WHERE u.username = ${username} AND u.status = 'active'`,
  );
}

/** One of the person's cycles (a cycle with a payroll line of theirs), with its month. */
export async function findCycleOfPerson(
  executor: Executor,
  cycleId: number,
  personId: number,
): Promise<{ id: number; month: string } | undefined> {
  return queryOne(
    executor,
    sql`SELECT cy.id::int AS id, cy.month FROM ${cyclesRelation()} cy
        WHERE cy.id = ${cycleId} AND EXISTS (SELECT 1 FROM ${payableLinesRelation()} l WHERE l.cycle_id = cy.id AND l.person_id = ${personId})`,
  );
}

export async function findAnswerDays(executor: Executor, provinceCode: string): Promise<number | undefined> {
  return (await queryOne<{ days: number }>(executor, sql`SELECT answer_days AS days FROM complaint_settings WHERE province_code = ${provinceCode}`))?.days;
}

export async function upsertAnswerDays(executor: Executor, row: { provinceCode: string; days: number; updatedBy: string }): Promise<void> {
  await executor.execute(sql`INSERT INTO complaint_settings (province_code, answer_days, updated_by) VALUES (${row.provinceCode}, ${row.days}, ${row.updatedBy})
    ON CONFLICT (province_code) DO UPDATE SET answer_days = EXCLUDED.answer_days, updated_by = EXCLUDED.updated_by, updated_at = now()`);
}

/**
 * Counts for the monthly report of a unit (province, commune or the country): complaints filed in
 * the month by kind, resolved in the month by outcome, and those still open past their due date at
 * the end of the month. Months and days are Vietnam's (UTC+7).
 */
export async function countComplaints(
  executor: Executor,
  month: string,
  unitCode: string | null,
): Promise<{ filedByKind: { kind: ComplaintKind; count: number }[]; resolvedByOutcome: { outcome: ComplaintOutcome; count: number }[]; overdueAtMonthEnd: number }> {
  const unit = unitCode === null || unitCode === 'VN' ? sql`true` : unitCode.length === 2 ? sql`province_code = ${unitCode}` : sql`commune_code = ${unitCode}`;
  const local = (column: string) => sql`to_char(${sql.raw(column)} AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM')`;
  const monthEnd = sql`((${`${month}-01`}::date + interval '1 month')::date - 1)`;
  const [filed, resolved, overdue] = await Promise.all([
    queryRows<{ kind: ComplaintKind; count: number }>(executor, sql`SELECT kind, count(*)::int AS count FROM complaints WHERE ${unit} AND ${local('filed_at')} = ${month} GROUP BY kind ORDER BY kind`),
    queryRows<{ outcome: ComplaintOutcome; count: number }>(
      executor,
      sql`SELECT outcome, count(*)::int AS count FROM complaints WHERE ${unit} AND resolved_at IS NOT NULL AND ${local('resolved_at')} = ${month} GROUP BY outcome ORDER BY outcome`,
    ),
    queryOne<{ count: number }>(
      executor,
      sql`SELECT count(*)::int AS count FROM complaints WHERE ${unit} AND due_date < ${monthEnd}
            AND (filed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= ${monthEnd}
            AND (resolved_at IS NULL OR (resolved_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date > ${monthEnd})`,
    ),
  ]);
  return { filedByKind: filed, resolvedByOutcome: resolved, overdueAtMonthEnd: overdue?.count ?? 0 };
}
