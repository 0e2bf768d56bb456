import type { AppContext } from '../../app/context.js';
import { domainError, errors } from '../../core/errors.js';
import { readVnd, vndToNumber, zeroVnd, type AmountVnd } from '../../core/money.js';
import { isMonth, parseMonthLoose } from '../../core/month.js';
import { maskTail } from '../../core/text.js';
import { recordAudit } from '../audit/audit.service.js';
import { labelOf } from '../formats/labels.js';
import { programmeNames } from '../rules/categories.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { findVisiblePerson, insertHistory, listEnrolments } from '../registry/registry.service.js';
import { insertOneOffPayment, insertRecovery } from './adjustments.repository.js';

/**
 * Adjustments entered by an officer, picked up by the next generated cycle as first-class lines:
 * one-off payments (e.g. a Tết gift, emergency support) and recoveries of overpayments (truy thu).
 */
/** An adjustment of one person: at most 13 digits (below 10^13 đồng), as it has always been. */
const adjustmentMaxVnd = 9_999_999_999_999n;

function amountOf(value: string | number, field: string): AmountVnd {
  const amount = readVnd(value);
  if (amount === null || amount <= zeroVnd || amount > adjustmentMaxVnd) {
    throw domainError('AMOUNT_INVALID', 400, 'Số tiền phải là số nguyên dương (đồng)', 'The amount must be a positive whole number of đồng', { field });
  }
  return amount;
}

function programmeOf(value: string): 'TGXH' | 'NCC' | 'HTXH' {
  const programme = value.toUpperCase();
  if (programme !== 'TGXH' && programme !== 'NCC' && programme !== 'HTXH') {
    throw domainError('PROGRAMME_INVALID', 400, `Chương trình không hợp lệ: ${value}`, `Unknown programme: ${value}`, { field: 'programme' });
  }
  return programme;
}

async function loadPersonForAdjustment(ctx: AppContext, actor: Actor, personalId: string, programme: string) {
  requirePermission(actor, 'payroll.prepare');
  const person = await findVisiblePerson(ctx.db.orm, actor.scope, personalId);
  if (!person) throw errors.notFound({ entity: 'beneficiary', personalId: maskTail(personalId) });
  const enrolments = await listEnrolments(ctx.db.orm, person.id);
  if (!enrolments.some((enrolment) => enrolment.programme === programme)) throw domainError('ENROLMENT_MISSING', 400, `Người này không hưởng chương trình ${labelOf(programmeNames, programme)}`, `This person is not enrolled in ${labelOf(programmeNames, programme, 'en')}`, { field: 'programme' });
  return person;
}

export async function addOneOffPayment(
  ctx: AppContext,
  actor: Actor,
  input: { personalId: string; programme: string; forMonth: string; amountVnd: string | number; reason: string; key: string },
) {
  const programme = programmeOf(input.programme);
  const forMonth = parseMonthLoose(input.forMonth);
  if (!forMonth || !isMonth(forMonth)) throw domainError('MONTH_INVALID', 400, 'Tháng không hợp lệ (YYYY-MM)', 'Invalid month (YYYY-MM)', { field: 'forMonth' });
  const key = input.key.trim().toUpperCase();
  if (!/^[A-Z0-9_-]{1,40}$/.test(key)) throw domainError('KEY_INVALID', 400, 'Mã khoản chi gồm chữ, số, gạch (ví dụ TET_2026)', 'The key is letters, digits and dashes (e.g. TET_2026)', { field: 'key' });
  if (!input.reason.trim()) throw domainError('REASON_REQUIRED', 400, 'Cần ghi lý do', 'A reason is required', { field: 'reason' });
  const amount = amountOf(input.amountVnd, 'amountVnd');
  const person = await loadPersonForAdjustment(ctx, actor, input.personalId, programme);
  return ctx.db.orm.transaction(async (tx) => {
    const id = await insertOneOffPayment(tx, { personId: person.id, programme, forMonth, amount, reason: input.reason.trim(), key, createdBy: actor.username });
    if (id === undefined) throw domainError('ONE_OFF_EXISTS', 409, `Khoản ${key} tháng ${forMonth} đã có cho người này`, `One-off ${key} for ${forMonth} already exists for this person`);
    const after = { programme, forMonth, amountVnd: vndToNumber(amount), reason: input.reason.trim(), key };
    await insertHistory(tx, { personId: person.id, entityType: 'enrolment', entityId: person.id, action: 'payroll.one_off_added', after, actor: actor.username, requestId: actor.requestId });
    await recordAudit(tx, actor, { action: 'payroll.one_off_added', entityType: 'one_off_payment', entityId: id, unitCode: person.communeCode, after });
    return { id, ...after };
  });
}

export async function addRecovery(
  ctx: AppContext,
  actor: Actor,
  input: { personalId: string; programme: string; amountVnd: string | number; reason: string; decisionRef?: string },
) {
  const programme = programmeOf(input.programme);
  if (!input.reason.trim()) throw domainError('REASON_REQUIRED', 400, 'Cần ghi lý do truy thu', 'A reason for the recovery is required', { field: 'reason' });
  const amount = amountOf(input.amountVnd, 'amountVnd');
  const person = await loadPersonForAdjustment(ctx, actor, input.personalId, programme);
  return ctx.db.orm.transaction(async (tx) => {
    const id = await insertRecovery(tx, { personId: person.id, programme, amount, reason: input.reason.trim(), decisionRef: input.decisionRef ?? null, createdBy: actor.username });
    const after = { programme, amountVnd: vndToNumber(amount), reason: input.reason.trim(), decisionRef: input.decisionRef ?? null };
    await insertHistory(tx, { personId: person.id, entityType: 'enrolment', entityId: person.id, action: 'payroll.recovery_added', after, actor: actor.username, requestId: actor.requestId });
    await recordAudit(tx, actor, { action: 'payroll.recovery_added', entityType: 'recovery', entityId: id, unitCode: person.communeCode, after });
    return { id, ...after };
  });
}
