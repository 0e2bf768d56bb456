import { createHash } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import type { Executor } from '../../db/client.js';
import { lockForTransaction } from '../../db/locks.js';
import { todayInVietnam } from '../../core/dates.js';
import { domainError, errors } from '../../core/errors.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { assertIndependentApprover } from '../auth/auth.service.js';
import { enqueueSms, notificationExists } from '../notifications/notifications.service.js';
import { deadlineConfig } from '../payroll/deadlines.js';
import { monthlyReport, type MonthlyReport } from '../reporting/monthly.service.js';
import { findCurrentUnit } from '../units/units.service.js';
import {
  findSubmission, findSubmissionReport, insertSubmission, latestSubmissions, listVersions, lockVersions, reportingOfficerPhones, setSubmissionStatus, type SubmissionRow,
} from './submissions.repository.js';

/**
 * The monthly results report as a unit submits it up (step 6 of the provincial plans): the unit's
 * officer submits the month's report, which is frozen as a version; its approver confirms it (never
 * the submitter); the province sees who submitted and who is late against its deadline, may return
 * a report for correction, and reminds the late units by SMS through the outbox. A later change is
 * submitted as the next version; the earlier ones stay readable.
 */
export interface SubmissionView {
  id: number;
  unit: string;
  month: string;
  programme: string | null;
  version: number;
  status: SubmissionRow['status'];
  reportSha256: string;
  submittedBy: string;
  submittedAt: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
  returnedBy: string | null;
  returnedAt: string | null;
  returnReason: string | null;
}

const view = (row: SubmissionRow): SubmissionView => ({
  id: row.id, unit: row.unitCode, month: row.month, programme: row.programme, version: row.version, status: row.status, reportSha256: row.reportSha256,
  submittedBy: row.submittedBy, submittedAt: row.submittedAt, confirmedBy: row.confirmedBy, confirmedAt: row.confirmedAt,
  returnedBy: row.returnedBy, returnedAt: row.returnedAt, returnReason: row.returnReason,
});

const inForce = (row: SubmissionRow | undefined) => row !== undefined && (row.status === 'SUBMITTED' || row.status === 'CONFIRMED');

/** The figures as frozen: the report's JSON, and its SHA-256 that tells whether anything changed. */
function freeze(report: MonthlyReport): { report: MonthlyReport; sha256: string } {
  return { report, sha256: createHash('sha256').update(JSON.stringify(report)).digest('hex') };
}

export async function submitReport(
  ctx: AppContext,
  actor: Actor,
  input: { month: string; unit?: string | null; programme?: string | null },
): Promise<{ submission: SubmissionView; changed: boolean; superseded: number | null }> {
  requirePermission(actor, 'payroll.prepare');
  const report = await monthlyReport(ctx, actor, input);
  if (report.unit === null) {
    throw domainError('UNIT_REQUIRED', 400, 'Báo cáo được nộp theo tỉnh hoặc xã (--unit)', 'A report is submitted for a province or a commune (--unit)', { field: 'unit' });
  }
  const unit = (await findCurrentUnit(ctx.db.orm, report.unit))!;
  const frozen = freeze(report);
  return ctx.db.orm.transaction(async (tx) => {
    const key = { unitCode: report.unit!, month: report.month, programme: report.programme };
    const [latest] = await lockVersions(tx, key);
    if (inForce(latest) && latest!.reportSha256 === frozen.sha256) return { submission: view(latest!), changed: false, superseded: null };
    const superseded = inForce(latest) ? latest!.id : null;
    if (superseded !== null) await setSubmissionStatus(tx, superseded, { status: 'SUPERSEDED' });
    const id = await insertSubmission(tx, {
      ...key, provinceCode: unit.provinceCode, version: (latest?.version ?? 0) + 1, report: frozen.report, reportSha256: frozen.sha256,
      submittedBy: actor.username, submittedByUserId: actor.userId, submittedAt: ctx.now(),
    });
    const submission = (await findSubmission(tx, actor.scope, id))!;
    await recordAudit(tx, actor, {
      action: 'report.submitted', entityType: 'report_submission', entityId: id, unitCode: key.unitCode,
      after: { ...view(submission), superseded, paidVnd: report.total.paid.amountVnd, people: report.total.people },
    });
    return { submission: view(submission), changed: true, superseded };
  });
}

async function decide(
  ctx: AppContext,
  actor: Actor,
  id: number,
  allowed: readonly SubmissionRow['status'][],
  apply: (tx: Executor, row: SubmissionRow) => Promise<{ action: string }>,
): Promise<SubmissionView> {
  return ctx.db.orm.transaction(async (tx) => {
    const row = await findSubmission(tx, actor.scope, id, true);
    if (!row) throw errors.notFound({ entity: 'report_submission', id });
    if (!allowed.includes(row.status)) {
      throw domainError('SUBMISSION_STATUS', 409, `Báo cáo đang ở trạng thái ${row.status}`, `The report is ${row.status}`, { status: row.status, allowed });
    }
    const { action } = await apply(tx, row);
    const after = (await findSubmission(tx, actor.scope, id))!;
    await recordAudit(tx, actor, { action, entityType: 'report_submission', entityId: id, unitCode: row.unitCode, before: { status: row.status }, after: view(after) });
    return view(after);
  });
}

/** The unit's approver confirms a submitted report; the submitter never confirms their own. */
export async function confirmSubmission(ctx: AppContext, actor: Actor, id: number): Promise<SubmissionView> {
  requirePermission(actor, 'payroll.approve');
  return decide(ctx, actor, id, ['SUBMITTED'], async (tx, row) => {
    await assertIndependentApprover(tx, actor, row.submittedBy);
    await setSubmissionStatus(tx, id, { status: 'CONFIRMED', by: actor.username, userId: actor.userId, at: ctx.now() });
    return { action: 'report.confirmed' };
  });
}

/** The province (or a national user) returns a commune's report for correction, with the reason. */
export async function returnSubmission(ctx: AppContext, actor: Actor, id: number, reason: string): Promise<SubmissionView> {
  requirePermission(actor, 'payroll.approve');
  if (actor.scope.level === 'commune') throw errors.forbidden({ reason: 'the province returns a report' });
  const text = reason.trim();
  if (text.length === 0 || text.length > 500) throw domainError('REASON_REQUIRED', 400, 'Cần lý do trả lại (tối đa 500 ký tự)', 'A reason (at most 500 characters) is required', { field: 'reason' });
  return decide(ctx, actor, id, ['SUBMITTED', 'CONFIRMED'], async (tx, row) => {
    if (row.unitCode.length === 2 && actor.scope.level !== 'national') throw errors.forbidden({ reason: 'a province report is returned nationally' });
    await setSubmissionStatus(tx, id, { status: 'RETURNED', by: actor.username, reason: text, at: ctx.now() });
    return { action: 'report.returned' };
  });
}

/** A submission with its frozen report (the figures as they were submitted). */
export async function getSubmission(ctx: AppContext, actor: Actor, id: number): Promise<SubmissionView & { report: MonthlyReport; versions: SubmissionView[] }> {
  requirePermission(actor, 'reports.read');
  const row = await findSubmission(ctx.db.orm, actor.scope, id);
  if (!row) throw errors.notFound({ entity: 'report_submission', id });
  const versions = await listVersions(ctx.db.orm, { unitCode: row.unitCode, month: row.month, programme: row.programme });
  return { ...view(row), report: (await findSubmissionReport(ctx.db.orm, id)) as MonthlyReport, versions: versions.map(view) };
}

export interface SubmissionStatusRow {
  unit: string;
  name: string | null;
  status: 'NOT_SUBMITTED' | SubmissionRow['status'];
  /** Not submitted (or returned and not submitted again) after the due date, or submitted after it. */
  late: boolean;
  submission: SubmissionView | null;
}

/**
 * For a month, each child unit of the reader's unit that has payments that month (a province's
 * communes; the country's provinces): its report's status and whether it is late against the
 * province's deadline (report_due_day of the month, or the national default).
 */
export async function submissionStatus(
  ctx: AppContext,
  actor: Actor,
  input: { month: string; unit?: string | null; programme?: string | null },
): Promise<{ month: string; unit: string | null; dueDate: string | null; rows: SubmissionStatusRow[] }> {
  requirePermission(actor, 'reports.read');
  const report = await monthlyReport(ctx, actor, input);
  const units = report.rows.map((row) => ({ unit: row.unit!, name: row.name }));
  const latest = new Map((await latestSubmissions(ctx.db.orm, units.map((row) => row.unit), report.month, report.programme)).map((row) => [row.unitCode, row]));
  const today = todayInVietnam(ctx.now());
  const due = async (unitCode: string) => {
    const provinceCode = unitCode.length === 2 ? unitCode : (await findCurrentUnit(ctx.db.orm, unitCode))!.provinceCode;
    return `${report.month}-${String((await deadlineConfig(ctx, provinceCode)).reportDueDay).padStart(2, '0')}`;
  };
  const dueDate = report.unit === null ? null : await due(report.unit);
  const rows: SubmissionStatusRow[] = [];
  for (const { unit, name } of units) {
    const row = latest.get(unit);
    const dueOfUnit = dueDate ?? (await due(unit));
    // submitted (or confirmed): late when it came after the due date; otherwise late once the date has passed
    const late = inForce(row) ? row!.submittedAt.slice(0, 10) > dueOfUnit : today > dueOfUnit;
    rows.push({ unit, name, status: row ? row.status : 'NOT_SUBMITTED', late, submission: row ? view(row) : null });
  }
  return { month: report.month, unit: report.unit, dueDate, rows };
}

/**
 * Reminds the late units' officers (active users of the unit with a phone) by SMS, once per unit
 * and day: the message names the unit, the month and the due date, and nothing about a person.
 */
export async function remindLateUnits(ctx: AppContext, actor: Actor, input: { month: string; unit?: string | null }): Promise<{ units: string[]; messages: number }> {
  requirePermission(actor, 'payroll.approve');
  if (actor.scope.level === 'commune') throw errors.forbidden({ reason: 'the province reminds its communes' });
  const status = await submissionStatus(ctx, actor, input);
  const late = status.rows.filter((row) => row.late && row.status !== 'SUBMITTED' && row.status !== 'CONFIRMED');
  const today = todayInVietnam(ctx.now());
  let messages = 0;
  await ctx.db.orm.transaction(async (tx) => {
    for (const row of late) {
      const recipients = await reportingOfficerPhones(tx, row.unit);
      const due = status.dueDate ?? '';
      const body = `ASXH Pay: ${row.name ?? row.unit} chua nop bao cao ket qua chi tra thang ${status.month.slice(5)}/${status.month.slice(0, 4)}`
        + `${due ? ` (han ${due.slice(8)}/${due.slice(5, 7)})` : ''}. Vui long nop tren he thong.`;
      const entityId = `${row.unit}/${status.month}/${today}`;
      // Checked and queued under the unit-day's lock: two reminders at once (two servers) send one.
      await lockForTransaction(tx, { name: 'report.reminder', key: entityId });
      if (await notificationExists(tx, { purpose: 'report.reminder', entityType: 'report_unit', entityId })) continue;
      for (const recipient of recipients) {
        if ((await enqueueSms(tx, { phone: recipient.phone, body, purpose: 'report.reminder', entityType: 'report_unit', entityId })) !== null) messages += 1;
      }
    }
    await recordAudit(tx, actor, { action: 'report.reminded', entityType: 'report_month', entityId: `${status.unit ?? 'VN'}/${status.month}`, unitCode: status.unit, after: { units: late.map((row) => row.unit), messages } });
  });
  return { units: late.map((row) => row.unit), messages };
}
