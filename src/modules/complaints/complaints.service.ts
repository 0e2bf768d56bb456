import type { AppContext } from '../../app/context.js';
import { todayInVietnam } from '../../core/dates.js';
import { domainError, errors } from '../../core/errors.js';
import { isMonth } from '../../core/month.js';
import type { Executor } from '../../db/client.js';
import { can, requirePermission } from '../access/permissions.js';
import { containsLocality, type Actor } from '../access/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { findVisiblePerson } from '../registry/registry.service.js';
import {
  complaintKinds, complaintOutcomes, countComplaints, countSelfServiceSince, findActiveUser, findAnswerDays, findComplaint, findCycleOfPerson, findOpenDuplicate, insertComplaint,
  listComplaints, setAssignee, setResolved, upsertAnswerDays, type ComplaintKind, type ComplaintOutcome, type ComplaintRow,
  type ComplaintStatus,
} from './complaints.repository.js';
import { addWorkingDays } from './working-days.js';

export { complaintKinds, complaintOutcomes, type ComplaintKind, type ComplaintOutcome } from './complaints.repository.js';

/**
 * Complaints and requests (khiếu nại, kiến nghị; issue 22 item 3). An officer files one on a
 * person's behalf, or the person through the public self-service page after the one-time code; it
 * names the person and optionally one of their cycles; it is assigned to a user of the unit and
 * answered by its due date (the province's number of working days, default 10); it is resolved
 * with an outcome. Every change is audited (metadata only: the text may carry personal data and
 * is shown only to the roles of complaints.write inside their area).
 */
export const defaultAnswerDays = 10;
const listLimitMax = 1000;
/** Complaints a person may file themselves from the public page in a day. */
const selfServicePerDayMax = 5;

export interface ComplaintView {
  id: number;
  personalId: string;
  fullName: string;
  communeCode: string;
  provinceCode: string;
  cycleId: number | null;
  cycleMonth: string | null;
  kind: ComplaintKind;
  /** The complaint's text; null for the roles that see the metadata only (administrators, auditors). */
  text: string | null;
  source: 'OFFICER' | 'SELF_SERVICE';
  status: ComplaintStatus;
  filedBy: string;
  filedAt: string;
  dueDate: string;
  overdue: boolean;
  assignedTo: string | null;
  assignedAt: string | null;
  outcome: ComplaintOutcome | null;
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

/** Who reads the text and the resolution: those who handle complaints (not administrators or auditors). */
const readsText = (actor: Actor) => can(actor, 'complaints.write');

function view(actor: Actor, row: ComplaintRow, today: string): ComplaintView {
  const full = readsText(actor);
  return {
    id: row.id,
    personalId: full ? row.personalId : `********${row.personalId.slice(-4)}`,
    fullName: full ? row.fullName : '',
    communeCode: row.communeCode,
    provinceCode: row.provinceCode,
    cycleId: row.cycleId,
    cycleMonth: row.cycleMonth,
    kind: row.kind,
    text: full ? row.body : null,
    source: row.source,
    status: row.status,
    filedBy: row.filedBy,
    filedAt: row.filedAt,
    dueDate: row.dueDate,
    overdue: row.status !== 'RESOLVED' && row.dueDate < today,
    assignedTo: row.assignedTo,
    assignedAt: row.assignedAt,
    outcome: row.outcome,
    resolution: full ? row.resolution : null,
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt,
  };
}

const kindInvalid = () =>
  domainError('COMPLAINT_KIND_INVALID', 400, `Loại khiếu nại phải là một trong: ${complaintKinds.join(', ')}`, `The kind must be one of ${complaintKinds.join(', ')}`, { field: 'kind' });
const textInvalid = (field: string) => domainError('COMPLAINT_TEXT_INVALID', 400, 'Nội dung từ 1 đến 2000 ký tự', 'The text must be 1 to 2000 characters', { field });

function checkText(text: string, field = 'text'): string {
  const trimmed = text.trim();
  if (trimmed.length < 1 || trimmed.length > 2000) throw textInvalid(field);
  return trimmed;
}

export async function getAnswerDays(ctx: AppContext, actor: Actor, provinceCode: string) {
  requirePermission(actor, 'complaints.read');
  return answerDays(ctx.db.orm, provinceCode);
}

/** The province's answer deadline in working days (its setting, else the default of 10). */
export async function answerDays(executor: Executor, provinceCode: string): Promise<{ provinceCode: string; workingDays: number; default: boolean }> {
  const days = await findAnswerDays(executor, provinceCode);
  return { provinceCode, workingDays: days ?? defaultAnswerDays, default: days === undefined };
}

export async function setAnswerDays(ctx: AppContext, actor: Actor, input: { provinceCode: string; workingDays: number }) {
  requirePermission(actor, 'settings.manage');
  if (!/^\d{2}$/.test(input.provinceCode)) throw domainError('UNIT_INVALID', 400, 'Mã tỉnh gồm 2 chữ số', 'A province code has 2 digits', { field: 'province' });
  if (!containsLocality(actor.scope, input.provinceCode, null) || actor.scope.level === 'commune') throw errors.forbidden({ reason: 'another province' });
  if (!Number.isInteger(input.workingDays) || input.workingDays < 1 || input.workingDays > 60) {
    throw domainError('DAYS_INVALID', 400, 'Thời hạn trả lời từ 1 đến 60 ngày làm việc', 'The deadline must be 1 to 60 working days', { field: 'days' });
  }
  const before = await answerDays(ctx.db.orm, input.provinceCode);
  if (!before.default && before.workingDays === input.workingDays) return before;
  await ctx.db.orm.transaction(async (tx) => {
    await upsertAnswerDays(tx, { provinceCode: input.provinceCode, days: input.workingDays, updatedBy: actor.username });
    await recordAudit(tx, actor, { action: 'complaint.deadline_set', entityType: 'province', entityId: input.provinceCode, unitCode: input.provinceCode, before, after: input });
  });
  return answerDays(ctx.db.orm, input.provinceCode);
}

export interface FileComplaintInput {
  personalId: string;
  kind: string;
  text: string;
  cycleId?: number | null;
}

/** The person, their cycle (if named) and the due date; shared by the officer's and the self-service filing. */
async function recordComplaint(
  ctx: AppContext,
  actor: Actor,
  person: { id: number; provinceCode: string; communeCode: string },
  input: FileComplaintInput,
  source: 'OFFICER' | 'SELF_SERVICE',
): Promise<{ complaintId: number; dueDate: string; created: boolean }> {
  if (!(complaintKinds as readonly string[]).includes(input.kind)) throw kindInvalid();
  const kind = input.kind as ComplaintKind;
  const body = checkText(input.text);
  const cycleId = input.cycleId ?? null;
  if (cycleId !== null && !(await findCycleOfPerson(ctx.db.orm, cycleId, person.id))) {
    throw domainError('COMPLAINT_CYCLE_UNKNOWN', 400, 'Người này không có dòng chi trả trong kỳ đã chọn', 'This person has no payment line in that cycle', { field: 'cycle', cycleId });
  }
  return ctx.db.orm.transaction(async (tx) => {
    // Filing the same open complaint again (a retried request, a double click) changes nothing.
    const existing = await findOpenDuplicate(tx, { personId: person.id, kind, cycleId, body });
    if (existing !== undefined) {
      const row = (await findComplaint(tx, { level: 'national' }, existing))!;
      return { complaintId: existing, dueDate: row.dueDate, created: false };
    }
    const today = todayInVietnam(ctx.now());
    const days = await answerDays(tx, person.provinceCode);
    const dueDate = addWorkingDays(today, days.workingDays);
    const id = await insertComplaint(tx, {
      personId: person.id, provinceCode: person.provinceCode, communeCode: person.communeCode, cycleId, kind, body, source,
      filedBy: actor.username, filedByUserId: actor.userId, filedAt: ctx.now(), dueDate,
    });
    await recordAudit(tx, actor, {
      action: 'complaint.filed', entityType: 'complaint', entityId: id, unitCode: person.communeCode,
      after: { kind, cycleId, source, dueDate, workingDays: days.workingDays },
    });
    return { complaintId: id, dueDate, created: true };
  });
}

/** An officer files a complaint on a person's behalf (a person of their area). */
export async function fileComplaint(ctx: AppContext, actor: Actor, input: FileComplaintInput): Promise<{ complaintId: number; dueDate: string; created: boolean }> {
  requirePermission(actor, 'complaints.write');
  const person = await findVisiblePerson(ctx.db.orm, actor.scope, input.personalId.trim());
  if (!person) throw errors.notFound({ entity: 'person' });
  return recordComplaint(ctx, actor, person, input, 'OFFICER');
}

/**
 * The person files a complaint themselves through the public page, once the self-service
 * identity step (ID, date of birth, one-time code) has found them: `actor` is that step's
 * `self:…` actor, recorded as the filer.
 */
export async function fileSelfServiceComplaint(
  ctx: AppContext,
  actor: Actor,
  person: { id: number; provinceCode: string; communeCode: string },
  input: Omit<FileComplaintInput, 'personalId'>,
): Promise<{ complaintId: number; dueDate: string; created: boolean }> {
  if ((await countSelfServiceSince(ctx.db.orm, person.id, ctx.now())) >= selfServicePerDayMax) {
    throw domainError('COMPLAINTS_TOO_MANY', 429, 'Bạn đã gửi nhiều khiếu nại trong ngày; hãy liên hệ cán bộ xã', 'Too many complaints today; please contact the commune', {});
  }
  return recordComplaint(ctx, actor, person, { ...input, personalId: '' }, 'SELF_SERVICE');
}

async function loadComplaint(ctx: AppContext, actor: Actor, id: number, executor: Executor = ctx.db.orm, lock = false): Promise<ComplaintRow> {
  const row = await findComplaint(executor, actor.scope, id, lock);
  if (!row) throw errors.notFound({ entity: 'complaint', id });
  return row;
}

export async function getComplaint(ctx: AppContext, actor: Actor, id: number): Promise<ComplaintView> {
  requirePermission(actor, 'complaints.read');
  return view(actor, await loadComplaint(ctx, actor, id), todayInVietnam(ctx.now()));
}

const handlingRoles = ['officer', 'approver', 'province'];

/** Assigns the complaint to a user who handles complaints where the person lives. Again to the same user: no change. */
export async function assignComplaint(ctx: AppContext, actor: Actor, id: number, username: string): Promise<ComplaintView> {
  requirePermission(actor, 'complaints.write');
  return ctx.db.orm.transaction(async (tx) => {
    const row = await loadComplaint(ctx, actor, id, tx, true);
    if (row.status === 'RESOLVED') throw domainError('COMPLAINT_RESOLVED', 409, 'Khiếu nại đã được giải quyết', 'The complaint is already resolved', { id });
    const user = await findActiveUser(tx, username.trim().toLowerCase());
    const reaches = user !== undefined && handlingRoles.includes(user.role) &&
      (user.provinceCode === null || (user.provinceCode === row.provinceCode && (user.communeCode === null || user.communeCode === row.communeCode)));
    if (!user || !reaches) {
      throw domainError('ASSIGNEE_INVALID', 400, `Người được giao phải là cán bộ đang hoạt động của xã hoặc tỉnh: ${username}`, `The assignee must be an active officer of the commune or province: ${username}`, { field: 'to' });
    }
    if (row.assignedTo === user.username) return view(actor, row, todayInVietnam(ctx.now()));
    await setAssignee(tx, id, { username: user.username, userId: user.id, by: actor.username, at: ctx.now() });
    await recordAudit(tx, actor, { action: 'complaint.assigned', entityType: 'complaint', entityId: id, unitCode: row.communeCode, before: { assignedTo: row.assignedTo }, after: { assignedTo: user.username } });
    return view(actor, (await findComplaint(tx, actor.scope, id))!, todayInVietnam(ctx.now()));
  });
}

/** Resolves the complaint with an outcome and the answer given. The same resolution again: no change; another: 409. */
export async function resolveComplaint(ctx: AppContext, actor: Actor, id: number, input: { outcome: string; text: string }): Promise<ComplaintView> {
  requirePermission(actor, 'complaints.write');
  if (!(complaintOutcomes as readonly string[]).includes(input.outcome)) {
    throw domainError('COMPLAINT_OUTCOME_INVALID', 400, `Kết quả phải là một trong: ${complaintOutcomes.join(', ')}`, `The outcome must be one of ${complaintOutcomes.join(', ')}`, { field: 'outcome' });
  }
  const outcome = input.outcome as ComplaintOutcome;
  const text = checkText(input.text);
  return ctx.db.orm.transaction(async (tx) => {
    const row = await loadComplaint(ctx, actor, id, tx, true);
    const today = todayInVietnam(ctx.now());
    if (row.status === 'RESOLVED') {
      if (row.outcome === outcome && row.resolution === text) return view(actor, row, today);
      throw domainError('COMPLAINT_RESOLVED', 409, 'Khiếu nại đã được giải quyết với kết quả khác', 'The complaint was already resolved otherwise', { id, outcome: row.outcome });
    }
    await setResolved(tx, id, { outcome, text, by: actor.username, userId: actor.userId, at: ctx.now() });
    await recordAudit(tx, actor, {
      action: 'complaint.resolved', entityType: 'complaint', entityId: id, unitCode: row.communeCode,
      before: { status: row.status }, after: { outcome, onTime: today <= row.dueDate },
    });
    return view(actor, (await findComplaint(tx, actor.scope, id))!, today);
  });
}

/** The complaints of the actor's area (or one unit inside it), newest first; `overdue`: the open ones past due, oldest due first. */
export async function complaintList(
  ctx: AppContext,
  actor: Actor,
  input: { unit?: string | null; overdue?: boolean; status?: string | null; limit?: number },
): Promise<ComplaintView[]> {
  requirePermission(actor, 'complaints.read');
  const unit = input.unit?.trim() || null;
  if (unit !== null && !/^(\d{2}|\d{5})$/.test(unit)) throw domainError('UNIT_INVALID', 400, 'Mã đơn vị gồm 2 (tỉnh) hoặc 5 (xã) chữ số', 'A unit code has 2 (province) or 5 (commune) digits', { field: 'unit' });
  const status = input.status ?? null;
  if (status !== null && !['OPEN', 'ASSIGNED', 'RESOLVED'].includes(status)) throw domainError('STATUS_INVALID', 400, 'Trạng thái không hợp lệ', 'Invalid status', { field: 'status' });
  const today = todayInVietnam(ctx.now());
  const rows = await listComplaints(ctx.db.orm, actor.scope, {
    unitCode: unit, overdueOn: input.overdue ? today : null, status: status as ComplaintStatus | null, limit: Math.min(input.limit ?? listLimitMax, listLimitMax),
  });
  return rows.map((row) => view(actor, row, today));
}

/**
 * Counts of complaints for the monthly report of a unit (2-digit province, 5-digit commune, or
 * null/`VN` for the country): filed in the month by kind, resolved in the month by outcome, and
 * those open past their due date at the month's end. Counts only: no person, no text. The caller
 * (the report) has already checked the reader's scope for the unit.
 */
export async function complaintCounts(executor: Executor, month: string, unitCode: string | null) {
  if (!isMonth(month)) throw domainError('MONTH_INVALID', 400, 'Tháng không hợp lệ (YYYY-MM)', 'Invalid month (YYYY-MM)', { field: 'month' });
  const counts = await countComplaints(executor, month, unitCode);
  const byKind = Object.fromEntries(complaintKinds.map((kind) => [kind, counts.filedByKind.find((row) => row.kind === kind)?.count ?? 0])) as Record<ComplaintKind, number>;
  const byOutcome = Object.fromEntries(complaintOutcomes.map((outcome) => [outcome, counts.resolvedByOutcome.find((row) => row.outcome === outcome)?.count ?? 0])) as Record<ComplaintOutcome, number>;
  return {
    month,
    unit: unitCode,
    filed: Object.values(byKind).reduce((sum, count) => sum + count, 0),
    resolved: Object.values(byOutcome).reduce((sum, count) => sum + count, 0),
    overdue: counts.overdueAtMonthEnd,
    byKind,
    byOutcome,
  };
}
