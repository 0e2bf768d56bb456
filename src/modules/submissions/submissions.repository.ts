import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Scope } from '../access/scope.js';
import { usersRelation } from '../auth/users.service.js';

/** The submitted monthly reports (`report_submissions`): frozen versions, statuses moving forward. */
export interface SubmissionRow {
  id: number;
  unitCode: string;
  provinceCode: string;
  month: string;
  programme: string | null;
  version: number;
  status: 'SUBMITTED' | 'CONFIRMED' | 'RETURNED' | 'SUPERSEDED';
  reportSha256: string;
  submittedBy: string;
  submittedByUserId: number | null;
  submittedAt: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
  returnedBy: string | null;
  returnedAt: string | null;
  returnReason: string | null;
}

const columns = sql`id::int AS id, unit_code AS "unitCode", province_code AS "provinceCode", month, programme, version, status, report_sha256 AS "reportSha256",
  submitted_by AS "submittedBy", submitted_by_user_id AS "submittedByUserId", submitted_at::text AS "submittedAt", confirmed_by AS "confirmedBy",
  confirmed_at::text AS "confirmedAt", returned_by AS "returnedBy", returned_at::text AS "returnedAt", return_reason AS "returnReason"`;

/** A unit's submission (the scope decides what exists for the reader), optionally locked. */
export async function findSubmission(executor: Executor, scope: Scope, id: number, lock = false): Promise<SubmissionRow | undefined> {
  return queryOne<SubmissionRow>(
    executor,
    sql`SELECT ${columns} FROM report_submissions s
        WHERE s.id = ${id} AND ${inScope(scope, { province: sql`s.province_code`, commune: sql`s.unit_code` })} ${lock ? sql`FOR UPDATE` : sql``}`,
  );
}

export async function findSubmissionReport(executor: Executor, id: number): Promise<unknown> {
  return (await queryOne<{ report: unknown }>(executor, sql`SELECT report FROM report_submissions WHERE id = ${id}`))?.report;
}

/** Every version of a unit's report for the month and programme, newest first, locked (the submit decides on them). */
export async function lockVersions(executor: Executor, key: { unitCode: string; month: string; programme: string | null }): Promise<SubmissionRow[]> {
  return queryRows<SubmissionRow>(
    executor,
    sql`SELECT ${columns} FROM report_submissions
        WHERE unit_code = ${key.unitCode} AND month = ${key.month} AND programme IS NOT DISTINCT FROM ${key.programme}
        ORDER BY version DESC FOR UPDATE`,
  );
}

export async function insertSubmission(
  executor: Executor,
  row: {
    unitCode: string; provinceCode: string; month: string; programme: string | null; version: number; report: unknown; reportSha256: string;
    submittedBy: string; submittedByUserId: number | null; submittedAt: Date;
  },
): Promise<number> {
  const inserted = await queryOne<{ id: number }>(
    executor,
    sql`INSERT INTO report_submissions (unit_code, province_code, month, programme, version, report, report_sha256, submitted_by, submitted_by_user_id, submitted_at)
        VALUES (${row.unitCode}, ${row.provinceCode}, ${row.month}, ${row.programme}, ${row.version}, ${JSON.stringify(row.report)}::jsonb, ${row.reportSha256},
                ${row.submittedBy}, ${row.submittedByUserId}, ${row.submittedAt.toISOString()}::timestamptz)
        RETURNING id::int AS id`,
  );
  return inserted!.id;
}

export async function setSubmissionStatus(
  executor: Executor,
  id: number,
  change: { status: 'SUPERSEDED' } | { status: 'CONFIRMED'; by: string; userId: number | null; at: Date } | { status: 'RETURNED'; by: string; reason: string; at: Date },
): Promise<void> {
  if (change.status === 'SUPERSEDED') await executor.execute(sql`UPDATE report_submissions SET status = 'SUPERSEDED' WHERE id = ${id}`);
  else if (change.status === 'CONFIRMED') {
    await executor.execute(sql`UPDATE report_submissions SET status = 'CONFIRMED', confirmed_by = ${change.by}, confirmed_by_user_id = ${change.userId}, confirmed_at = ${change.at.toISOString()}::timestamptz WHERE id = ${id}`);
  } else {
    await executor.execute(sql`UPDATE report_submissions SET status = 'RETURNED', returned_by = ${change.by}, returned_at = ${change.at.toISOString()}::timestamptz, return_reason = ${change.reason} WHERE id = ${id}`);
  }
}

/** The latest version of each unit's report for a month and programme, among the given units. */
export async function latestSubmissions(executor: Executor, units: readonly string[], month: string, programme: string | null): Promise<SubmissionRow[]> {
  if (units.length === 0) return [];
  return queryRows<SubmissionRow>(
    executor,
    sql`SELECT DISTINCT ON (unit_code) ${columns} FROM report_submissions
        WHERE unit_code IN (${sql.join(units.map((unit) => sql`${unit}`), sql`, `)}) AND month = ${month} AND programme IS NOT DISTINCT FROM ${programme}
        ORDER BY unit_code, version DESC`,
  );
}

/** Every version of a unit's report for a month and programme, newest first. */
export async function listVersions(executor: Executor, key: { unitCode: string; month: string; programme: string | null }): Promise<SubmissionRow[]> {
  return queryRows<SubmissionRow>(
    executor,
    sql`SELECT ${columns} FROM report_submissions WHERE unit_code = ${key.unitCode} AND month = ${key.month} AND programme IS NOT DISTINCT FROM ${key.programme} ORDER BY version DESC`,
  );
}

/** The phones of the active officers who report for a unit (a commune's officers; a province's own officers). */
export async function reportingOfficerPhones(executor: Executor, unitCode: string): Promise<{ phone: string }[]> {
  return queryRows<{ phone: string }>(
    executor,
    sql`SELECT u.phone FROM ${usersRelation()} u
        WHERE u.status = 'active' AND u.phone IS NOT NULL AND u.role IN ('officer', 'province')
          AND ${unitCode.length === 5 ? sql`u.scope_commune_code = ${unitCode}` : sql`u.scope_province_code = ${unitCode} AND u.scope_commune_code IS NULL`}`,
  );
}
