import type { AppContext } from '../../app/context.js';
import { parseDateLoose, todayInVietnam } from '../../core/dates.js';
import { domainError, errors } from '../../core/errors.js';
import { cashChannels } from '../rules/categories.js';
import { vndFromDb, vndToNumber } from '../../core/money.js';
import type { Executor } from '../../db/client.js';
import { limits } from '../../limits.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { auditDisclosure } from '../audit/disclosure.js';
import { postCorrectionMovements } from '../ledger/ledger.service.js';
import { enqueuePaymentNotices } from '../notifications/notices.service.js';
import { carryOversOfLines, type CycleRow } from '../payroll/payroll.service.js';
import { deadlineConfig } from '../payroll/deadlines.js';
import { loadCycleForDisbursement } from './batches.service.js';
import {
  applyCorrectionToItem, correctionMovementsRelation, correctionNewsRelation, countReversedRecoveries, decideCorrection, findCorrection, findCycleItem,
  insertCorrection, itemLinesRelation, lastConfirmedCorrectionOfItem, listCorrectionRows, lockItem, pendingCorrectionOfItem, type CorrectableItemRow,
  type CorrectionRow,
} from './cash-corrections.repository.js';
import { followUpResults } from './reconcile.service.js';

/**
 * Correcting a cash result within the cycle (issue 22 item 7): the agent recorded "not found" or
 * "refused" and the person was found the next day (→ paid to them or to their representative, with
 * the day and the receipt number), or "paid" was recorded on the wrong person (→ not found or
 * refused). An agent of the item's provider (or an administrator) proposes it with a reason; a
 * second one — another user of the same provider, or an administrator — confirms it, or rejects it
 * (the proposer may withdraw their own). Only the confirmation changes the item, while the cycle is
 * open and nothing followed from the first result; the ledger gets the reversal and the correcting
 * movement (migration 0045), the line's state and the monthly report follow by the line_states
 * triggers, the beneficiary's payment news is queued as for a result recorded in the first place
 * (PAYMENT_CASH_PAID or PAYMENT_FAILED), once per kind; every step audited.
 */
export type CorrectionResult = 'PAID_SELF' | 'PAID_REPRESENTATIVE' | 'NOT_FOUND' | 'REFUSED';
export const correctionResults: readonly CorrectionResult[] = ['PAID_SELF', 'PAID_REPRESENTATIVE', 'NOT_FOUND', 'REFUSED'];

const reasonLengthMin = 5;
const reasonLengthMax = 500;
const receiptLengthMax = 50;

/** A correction as answered: the row without its internal keys, the amount a JSON number. */
export type CorrectionView = Omit<CorrectionRow, 'itemId' | 'provinceCode' | 'amountVnd'> & { amountVnd: number };

function viewOf(row: CorrectionRow): CorrectionView {
  const { itemId: _itemId, provinceCode: _provinceCode, amountVnd, ...view } = row;
  return { ...view, amountVnd: vndToNumber(vndFromDb(amountVnd)) };
}

/** What a result becomes on the item. */
function targetOf(result: CorrectionResult): { outcome: 'PAID' | 'FAILED'; reasonCode: string | null } {
  switch (result) {
    case 'PAID_SELF':
    case 'PAID_REPRESENTATIVE':
      return { outcome: 'PAID', reasonCode: null };
    case 'NOT_FOUND':
      return { outcome: 'FAILED', reasonCode: 'UNCLAIMED' };
    case 'REFUSED':
      return { outcome: 'FAILED', reasonCode: 'REFUSED' };
    default:
      throw domainError('CASH_CORRECTION_RESULT_INVALID', 400, `Kết quả sửa không hợp lệ: ${String(result)} (PAID_SELF, PAID_REPRESENTATIVE, NOT_FOUND, REFUSED)`,
        `Invalid corrected result: ${String(result)} (PAID_SELF, PAID_REPRESENTATIVE, NOT_FOUND, REFUSED)`, { field: 'result' });
  }
}

/** A provider's agent acts on its own provider's items only; an administrator on any. */
function requireOwnProvider(actor: Actor, providerCode: string): void {
  if (actor.role === 'provider' && actor.providerCode !== providerCode) throw errors.forbidden({ reason: 'an item of another provider' });
}

interface ProposalInput {
  cycleId: number;
  endToEndId: string;
  result: CorrectionResult;
  /** The day the person was paid (a payment only): YYYY-MM-DD or dd/mm/yyyy, not after today. */
  date?: string | null;
  receiptNumber?: string | null;
  reason: string;
}

interface Proposal {
  result: CorrectionResult;
  outcome: 'PAID' | 'FAILED';
  reasonCode: string | null;
  paidOn: string | null;
  receiptNumber: string | null;
  reason: string;
}

function checkProposal(ctx: AppContext, input: ProposalInput): Proposal {
  const target = targetOf(input.result);
  const reason = (input.reason ?? '').trim().replace(/\s+/g, ' ');
  if (reason.length < reasonLengthMin || reason.length > reasonLengthMax) {
    throw domainError('CASH_CORRECTION_REASON_REQUIRED', 400, `Ghi lý do sửa kết quả (${reasonLengthMin}–${reasonLengthMax} ký tự)`,
      `Give the reason of the correction (${reasonLengthMin}–${reasonLengthMax} characters)`, { field: 'reason' });
  }
  if (target.outcome !== 'PAID') {
    if (input.receiptNumber?.trim() || input.date?.trim()) {
      throw domainError('CASH_CORRECTION_NOT_PAID_DETAILS', 400, 'Ngày chi và số biên nhận chỉ ghi cho khoản đã chi', 'A date and a receipt number are given for a payment only', { field: 'receiptNumber' });
    }
    return { result: input.result, outcome: target.outcome, reasonCode: target.reasonCode, paidOn: null, receiptNumber: null, reason };
  }
  const receiptNumber = input.receiptNumber?.trim() ?? '';
  if (receiptNumber.length === 0 || receiptNumber.length > receiptLengthMax) {
    throw domainError('CASH_CORRECTION_RECEIPT_REQUIRED', 400, `Ghi số biên nhận của lần chi (tối đa ${receiptLengthMax} ký tự)`,
      `Give the receipt number of the payment (at most ${receiptLengthMax} characters)`, { field: 'receiptNumber' });
  }
  const paidOn = input.date ? parseDateLoose(input.date) : null;
  if (paidOn === null || paidOn > todayInVietnam(ctx.now())) {
    throw domainError('CASH_CORRECTION_DATE_INVALID', 400, 'Ghi ngày chi (dd/mm/yyyy), không sau hôm nay', 'Give the day of the payment (YYYY-MM-DD or dd/mm/yyyy), not after today', { field: 'date' });
  }
  return { result: input.result, outcome: 'PAID', reasonCode: null, paidOn, receiptNumber, reason };
}

const sameProposal = (row: CorrectionRow, proposal: Proposal) =>
  row.toResult === proposal.result && row.paidOn === proposal.paidOn && row.receiptNumber === proposal.receiptNumber && row.reason === proposal.reason;

/**
 * Whether the item's result may still be corrected to `toOutcome`: a final cash result of an open
 * cycle, not a death report, from which nothing followed (no replacement payment, no carry-over
 * into a cycle, for a payment no recovery reversed by the failure). Refusals with stable codes.
 */
async function checkCorrectable(executor: Executor, cycle: CycleRow, item: CorrectableItemRow, toOutcome: 'PAID' | 'FAILED'): Promise<void> {
  const at = { endToEndId: item.endToEndId };
  if (cycle.status === 'CLOSED') {
    throw domainError('CASH_CORRECTION_CYCLE_CLOSED', 409, `Kỳ ${cycle.id} đã quyết toán (đóng): không sửa được kết quả chi`,
      `Cycle ${cycle.id} is closed (settled): its results cannot be corrected`, { ...at, cycleId: cycle.id });
  }
  if (!(cashChannels as readonly string[]).includes(item.channel)) {
    throw domainError('CASH_CORRECTION_NOT_CASH', 409, 'Chỉ sửa được kết quả chi tiền mặt', 'Only a cash result can be corrected this way', at);
  }
  if (!item.isFinal || !['PAID', 'FAILED'].includes(item.outcome)) {
    throw domainError('CASH_CORRECTION_NOT_FINAL', 409, 'Khoản chi chưa có kết quả: hãy xác nhận chi tiền mặt như thường lệ',
      'The payment has no result yet: confirm it as usual', { ...at, outcome: item.outcome });
  }
  if (item.reasonCode === 'MD07') {
    throw domainError('CASH_CORRECTION_DECEASED', 409, 'Khoản chi đã báo người hưởng chết: xã rà soát, không sửa kết quả ở đây',
      'The payment reported the beneficiary deceased: the commune reviews it; it is not corrected here', at);
  }
  if (item.outcome === toOutcome) {
    throw domainError('CASH_CORRECTION_SAME_RESULT', 409, `Khoản chi đã có kết quả ${item.outcome}`, `The payment is already ${item.outcome}`, { ...at, outcome: item.outcome });
  }
  if (item.replacedByItemId !== null) {
    throw domainError('CASH_CORRECTION_REPAID', 409, 'Khoản chi đã được chi lại bằng một khoản khác: không sửa được kết quả',
      'Another payment already replaced this one: its result cannot be corrected', at);
  }
  const carried = await carryOversOfLines(executor, itemLinesRelation(item.id));
  if (carried.length > 0) {
    const next = carried[0]!;
    throw domainError('CASH_CORRECTION_CARRIED_OVER', 409, `Khoản chưa nhận đã được chuyển sang kỳ ${next.cycleId} (tháng ${next.month}): không sửa được kết quả`,
      `The unpaid amount was already carried over into cycle ${next.cycleId} (${next.month}): its result cannot be corrected`, { ...at, cycleId: next.cycleId, month: next.month });
  }
  if (toOutcome === 'PAID' && (await countReversedRecoveries(executor, item.id)) > 0) {
    throw domainError('CASH_CORRECTION_RECOVERY_REVERSED', 409, 'Khoản truy thu trừ vào khoản chi này đã được hủy vì chi không thành công: không sửa được kết quả',
      'The recovery netted into this payment was reversed when it failed: its result cannot be corrected', at);
  }
}

/**
 * Proposes a correction of a final cash result. The same proposal again (while it waits, or once
 * confirmed) answers the existing correction (`created: false`); another one while one waits is
 * refused (CASH_CORRECTION_PENDING).
 */
export async function proposeCashCorrection(ctx: AppContext, actor: Actor, input: ProposalInput): Promise<CorrectionView & { created: boolean }> {
  requirePermission(actor, 'disbursement.confirmCash');
  const proposal = checkProposal(ctx, input);
  const endToEndId = input.endToEndId.trim().toUpperCase();
  return ctx.db.orm.transaction(async (tx) => {
    const cycle = await loadCycleForDisbursement(tx, actor, input.cycleId, true);
    const found = await findCycleItem(tx, actor.scope, input.cycleId, endToEndId);
    if (!found) throw errors.notFound({ entity: 'disbursement_item', endToEndId });
    requireOwnProvider(actor, found.providerCode);
    const item = (await lockItem(tx, found.id))!;
    const pending = await pendingCorrectionOfItem(tx, item.id);
    if (pending) {
      if (sameProposal(pending, proposal)) return { ...viewOf(pending), created: false };
      throw domainError('CASH_CORRECTION_PENDING', 409, `Khoản chi đang có đề nghị sửa số ${pending.id} chờ xác nhận`,
        `A correction of this payment (${pending.id}) is waiting for confirmation`, { endToEndId, correctionId: pending.id });
    }
    if (item.outcome === proposal.outcome) {
      const last = await lastConfirmedCorrectionOfItem(tx, item.id);
      if (last && sameProposal(last, proposal)) return { ...viewOf(last), created: false };
    }
    await checkCorrectable(tx, cycle, item, proposal.outcome);
    const id = await insertCorrection(tx, {
      cycleId: cycle.id, itemId: item.id, providerCode: item.providerCode, provinceCode: item.provinceCode, communeCode: item.communeCode,
      fromOutcome: item.outcome, fromReasonCode: item.reasonCode, toResult: proposal.result, toOutcome: proposal.outcome, toReasonCode: proposal.reasonCode,
      paidOn: proposal.paidOn, receiptNumber: proposal.receiptNumber, reason: proposal.reason, proposedBy: actor.username, proposedByUserId: actor.userId,
    });
    await recordAudit(tx, actor, {
      action: 'disbursement.cash_correction_proposed', entityType: 'cash_result_correction', entityId: id, unitCode: item.communeCode,
      before: { endToEndId, outcome: item.outcome, reasonCode: item.reasonCode, receiptNumber: item.receiptNumber },
      after: { endToEndId, result: proposal.result, outcome: proposal.outcome, reasonCode: proposal.reasonCode, paidOn: proposal.paidOn, receiptNumber: proposal.receiptNumber, reason: proposal.reason },
    });
    const row = (await findCorrection(tx, actor.scope, null, id))!;
    return { ...viewOf(row), created: true };
  });
}

/** The correction for a decision, within the actor's area and provider; `cycleId` when the request names one. */
async function correctionForDecision(tx: Executor, actor: Actor, correctionId: number, cycleId: number | undefined): Promise<{ correction: CorrectionRow; cycle: CycleRow }> {
  // A request that names the cycle: the cycle's area first, as every route of a cycle.
  if (cycleId !== undefined) await loadCycleForDisbursement(tx, actor, cycleId);
  const found = await findCorrection(tx, actor.scope, null, correctionId);
  if (!found || (cycleId !== undefined && found.cycleId !== cycleId)) throw errors.notFound({ entity: 'cash_result_correction', id: correctionId });
  requireOwnProvider(actor, found.providerCode);
  const cycle = await loadCycleForDisbursement(tx, actor, found.cycleId, true);
  const correction = (await findCorrection(tx, actor.scope, null, correctionId, true))!;
  return { correction, cycle };
}

function decidedAlready(correction: CorrectionRow): Error {
  return domainError('CASH_CORRECTION_DECIDED', 409, `Đề nghị sửa số ${correction.id} đã được ${correction.status === 'CONFIRMED' ? 'xác nhận' : 'từ chối'}`,
    `Correction ${correction.id} was already ${correction.status.toLowerCase()}`, { correctionId: correction.id, status: correction.status });
}

const noteOf = (note: string | null | undefined) => {
  const text = note?.trim() || null;
  if (text !== null && text.length > reasonLengthMax) throw domainError('CASH_CORRECTION_NOTE_TOO_LONG', 400, `Ghi chú tối đa ${reasonLengthMax} ký tự`, `A note has at most ${reasonLengthMax} characters`, { field: 'note' });
  return text;
};

/**
 * A second agent of the provider (or an administrator) confirms a correction: the item takes the
 * corrected result, the ledger its movements, the beneficiary is told. Confirming a confirmed one
 * again changes nothing (`changed: false`).
 */
export async function confirmCashCorrection(
  ctx: AppContext,
  actor: Actor,
  input: { correctionId: number; cycleId?: number; note?: string | null },
): Promise<CorrectionView & { changed: boolean; notices: number }> {
  requirePermission(actor, 'disbursement.confirmCash');
  const note = noteOf(input.note);
  // The province's failure policy (the follow-up of a payment corrected to failed), read before the transaction.
  const province = (await findCorrection(ctx.db.orm, actor.scope, null, input.correctionId))?.provinceCode;
  const failurePolicy = province === undefined ? null : (await deadlineConfig(ctx, province)).failurePolicy;
  return ctx.db.orm.transaction(async (tx) => {
    const { correction, cycle } = await correctionForDecision(tx, actor, input.correctionId, input.cycleId);
    if (failurePolicy === null) throw errors.notFound({ entity: 'cash_result_correction', id: input.correctionId });
    if (correction.status === 'CONFIRMED') return { ...viewOf(correction), changed: false, notices: 0 };
    if (correction.status === 'REJECTED') throw decidedAlready(correction);
    if (correction.proposedBy === actor.username) {
      throw domainError('CASH_CORRECTION_SELF_CONFIRM', 403, 'Người đề nghị sửa không tự xác nhận được: cần một nhân viên khác của tổ chức chi trả',
        'The proposer cannot confirm their own correction: another agent of the provider confirms it', { correctionId: correction.id });
    }
    const item = (await lockItem(tx, correction.itemId))!;
    if (item.outcome !== correction.fromOutcome) {
      throw domainError('CASH_CORRECTION_STALE', 409, `Kết quả của khoản chi đã thay đổi (${item.outcome}) từ khi đề nghị sửa: hãy từ chối đề nghị này`,
        `The payment's result changed (${item.outcome}) since the correction was proposed: reject it`, { correctionId: correction.id, outcome: item.outcome });
    }
    await checkCorrectable(tx, cycle, item, correction.toOutcome);
    await decideCorrection(tx, { correctionId: correction.id, status: 'CONFIRMED', decidedBy: actor.username, decidedByUserId: actor.userId, note });
    if (!(await applyCorrectionToItem(tx, correction.id, failurePolicy))) throw new Error(`correction ${correction.id}: item ${item.id} did not change`);
    await postCorrectionMovements(tx, correctionMovementsRelation(correction.id));
    const notices = await enqueuePaymentNotices(tx, correctionNewsRelation(correction.id));
    // A payment that turns out not made: the recovery netted into it is reversed, as for a failure reported.
    if (correction.toOutcome === 'FAILED') await followUpResults(tx, cycle.id, actor);
    await recordAudit(tx, actor, {
      action: 'disbursement.cash_correction_confirmed', entityType: 'cash_result_correction', entityId: correction.id, unitCode: correction.communeCode,
      before: { endToEndId: correction.endToEndId, outcome: correction.fromOutcome, reasonCode: correction.fromReasonCode, status: 'PENDING' },
      after: {
        endToEndId: correction.endToEndId, outcome: correction.toOutcome, reasonCode: correction.toReasonCode, paidOn: correction.paidOn,
        receiptNumber: correction.receiptNumber, status: 'CONFIRMED', proposedBy: correction.proposedBy, cycleId: cycle.id, amountVnd: vndToNumber(vndFromDb(correction.amountVnd)), note,
      },
    });
    const row = (await findCorrection(tx, actor.scope, null, correction.id))!;
    return { ...viewOf(row), changed: true, notices };
  });
}

/** A correction is rejected (or withdrawn by its proposer): nothing else changes. Rejecting a rejected one again changes nothing. */
export async function rejectCashCorrection(
  ctx: AppContext,
  actor: Actor,
  input: { correctionId: number; cycleId?: number; note?: string | null },
): Promise<CorrectionView & { changed: boolean }> {
  requirePermission(actor, 'disbursement.confirmCash');
  const note = noteOf(input.note);
  return ctx.db.orm.transaction(async (tx) => {
    const { correction } = await correctionForDecision(tx, actor, input.correctionId, input.cycleId);
    if (correction.status === 'REJECTED') return { ...viewOf(correction), changed: false };
    if (correction.status === 'CONFIRMED') throw decidedAlready(correction);
    await decideCorrection(tx, { correctionId: correction.id, status: 'REJECTED', decidedBy: actor.username, decidedByUserId: actor.userId, note });
    await recordAudit(tx, actor, {
      action: 'disbursement.cash_correction_rejected', entityType: 'cash_result_correction', entityId: correction.id, unitCode: correction.communeCode,
      before: { status: 'PENDING' },
      after: { endToEndId: correction.endToEndId, status: 'REJECTED', withdrawn: correction.proposedBy === actor.username, note },
    });
    const row = (await findCorrection(tx, actor.scope, null, correction.id))!;
    return { ...viewOf(row), changed: true };
  });
}

/** A cycle's corrections (the agent's own provider's), newest first; the list of people is audited. */
export async function listCashCorrections(
  ctx: AppContext,
  actor: Actor,
  input: { cycleId: number; status?: 'PENDING' | 'CONFIRMED' | 'REJECTED'; limit?: number },
): Promise<CorrectionView[]> {
  requirePermission(actor, 'disbursement.confirmCash');
  const cycle = await loadCycleForDisbursement(ctx.db.orm, actor, input.cycleId);
  const rows = await listCorrectionRows(ctx.db.orm, actor.scope, {
    cycleId: input.cycleId, ownProvider: actor.role === 'provider' ? actor.providerCode ?? '' : null, status: input.status,
    limit: Math.min(Math.max(input.limit ?? limits.pageSizeMax, 1), limits.pageSizeMax),
  });
  if (rows.length > 0) {
    await auditDisclosure(ctx.db.orm, actor, {
      action: 'view', what: 'disbursement.cash-corrections', rows: rows.length, entityType: 'payroll_cycle', entityId: input.cycleId,
      unitCode: cycle.communeCode ?? cycle.provinceCode, filter: { status: input.status ?? null },
    });
  }
  return rows.map(viewOf);
}
