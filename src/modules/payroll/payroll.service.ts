import { keysetPages } from '../../db/paging.js';
import type { AppContext } from '../../app/context.js';
import { isValidIsoDate, parseDateLoose } from '../../core/dates.js';
import { domainError, errors } from '../../core/errors.js';
import { formatVnd, parseVnd, sumVnd, vndInWords, vndToNumber, vndToString, zeroVnd } from '../../core/money.js';
import { isMonth, parseMonthLoose } from '../../core/month.js';
import { maskTail } from '../../core/text.js';
import type { Executor } from '../../db/client.js';
import { limits } from '../../limits.js';
import { recordAudit } from '../audit/audit.service.js';
import { cycleStatusNames, labelOf } from '../formats/labels.js';
import { disclosure, ownProviderCode, requireList, type Disclosure } from '../access/need-to-know.js';
import { auditDisclosure } from '../audit/disclosure.js';
import { requirePermission } from '../access/permissions.js';
import { containsLocality, scopeContains, type Actor, type Scope } from '../access/scope.js';
import { scopeOfUnitCode } from '../auth/users.service.js';
import { assertIndependentApprover } from '../auth/auth.service.js';
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { findCurrentUnit, listActiveProviders } from '../units/units.service.js';
import { approverWarnings, changeList, summaryTable } from './changes.repository.js';
import { writeCommuneListPdf, writeCommuneListXlsx, writeSummaryXlsx, type ListLine } from './exports.js';
import { generateLines, type GenerateResult } from './generate.repository.js';
import type { CycleFeeTotals } from './ports.js';
import { postFunding } from '../ledger/ledger.service.js';
import {
  cycleComponents, findCycle, findCycleByKey, insertCycle, insertCycleEvent, listCycleEvents, listCycles, listLines, lockCycleKey, partialCycleTotals, resetDraftCycle,
  setCycleStatus, setPaymentStatus, type CycleRow, type CycleStatus, type CycleStep, type LineRow,
} from './payroll.repository.js';

/** What disbursement records in a cycle's history, and reads of it, through payroll. */
export { findCycle, insertCycleEvent, type CycleRow } from './payroll.repository.js';
/** What disbursement reads of cycles and lines in its set-based SQL, and the recoveries it reverses. */
export { carryOversOfLines, cyclesRelation, payableLinesRelation, reverseRecoveryLines } from './payroll.repository.js';

/**
 * The payments move a cycle FUNDED → DISBURSING (its batches are created) and DISBURSING →
 * RECONCILED (every item is final), recorded in the cycle's history; the caller holds the cycle's
 * lock, has checked its status and audits the step.
 */
export async function advancePaymentStatus(
  executor: Executor,
  step: { cycleId: number; from: 'FUNDED' | 'DISBURSING' | 'RECONCILED'; to: 'DISBURSING' | 'RECONCILED' | 'CLOSED'; actor: string; comment: string },
): Promise<void> {
  if (!(await setPaymentStatus(executor, step.cycleId, step.from, step.to))) throw new Error(`cycle ${step.cycleId}: not ${step.from}, cannot become ${step.to}`);
  await insertCycleEvent(executor, { cycleId: step.cycleId, from: step.from, to: step.to, actor: step.actor, comment: step.comment });
}

export interface GenerateInput {
  month: string;
  unitCode: string;
  programme?: string | null;
  /** Tết or disaster: pay two months together (Circular 44/2022 Art. 8(3)). */
  monthsCount?: number;
  /** Rebuild a draft cycle's lines from the current registry. */
  regenerate?: boolean;
}

export interface CycleView extends Omit<CycleRow, 'totalVnd' | 'fundedAmountVnd'> {
  totalVnd: number;
  fundedAmountVnd: number | null;
}

function viewOf(cycle: CycleRow): CycleView {
  return {
    ...cycle,
    totalVnd: vndToNumber(cycle.totalVnd),
    fundedAmountVnd: cycle.fundedAmountVnd === null ? null : vndToNumber(cycle.fundedAmountVnd),
  };
}

/**
 * Cycles as the viewer may see their totals (issue 18): a commune officer sees of a province's
 * cycle only its commune's amount and lines, a provider's agent only its own provider's, both
 * counted in the query (partialCycleTotals); every other viewer the cycle's own totals.
 */
async function viewsFor(executor: Executor, actor: Actor, cycles: readonly CycleRow[]): Promise<CycleView[]> {
  const ownProvider = ownProviderCode(actor);
  const partial = (cycle: CycleRow) => ownProvider !== null || (actor.scope.level === 'commune' && cycle.communeCode === null);
  const ids = cycles.filter(partial).map((cycle) => cycle.id);
  if (ids.length === 0) return cycles.map(viewOf);
  const totals = await partialCycleTotals(executor, actor.scope.level === 'commune' ? actor.scope : { level: 'national' }, ids, ownProvider);
  return cycles.map((cycle) => {
    const seen = partial(cycle) ? totals.get(cycle.id) : undefined;
    if (!seen) return viewOf(cycle);
    // The funded amount equals the cycle's total: the viewer's share of it is its share of the total.
    return viewOf({ ...cycle, totalVnd: seen.totalVnd, lineCount: seen.lineCount, fundedAmountVnd: cycle.fundedAmountVnd === null ? null : seen.totalVnd });
  });
}

function cycleScope(cycle: CycleRow): Scope {
  return cycle.communeCode
    ? { level: 'commune', provinceCode: cycle.provinceCode, communeCode: cycle.communeCode }
    : { level: 'province', provinceCode: cycle.provinceCode };
}

function invalidMonth(value: string) {
  return domainError('MONTH_INVALID', 400, `Tháng không hợp lệ: ${value} (YYYY-MM)`, `Invalid month: ${value} (YYYY-MM)`, { field: 'month' });
}

/** Loads a cycle the actor may act on: visible, and its whole locality inside the actor's scope. */
async function loadCycleForAction(executor: Executor, actor: Actor, cycleId: number): Promise<CycleRow> {
  const cycle = await findCycle(executor, actor.scope, cycleId, true);
  if (!cycle) throw errors.notFound({ entity: 'payroll_cycle', id: cycleId });
  if (!scopeContains(actor.scope, cycleScope(cycle))) throw errors.forbidden({ reason: 'the cycle covers more than your area' });
  return cycle;
}

function wrongStatus(cycle: CycleRow, expected: CycleStatus[]) {
  return domainError(
    'CYCLE_STATUS',
    409,
    // the statuses in words (the details keep the codes)
    `Kỳ chi trả #${cycle.id} đang ở trạng thái "${labelOf(cycleStatusNames, cycle.status)}"; thao tác này cần trạng thái ${expected.map((status) => `"${labelOf(cycleStatusNames, status)}"`).join(' hoặc ')}`,
    `Payroll cycle #${cycle.id} is "${labelOf(cycleStatusNames, cycle.status, 'en')}"; this needs ${expected.map((status) => `"${labelOf(cycleStatusNames, status, 'en')}"`).join(' or ')}`,
    { status: cycle.status, expected },
  );
}

/**
 * Generates the cycle for a month and locality, or returns the existing one: a second `generate`
 * never creates a second cycle (and the line index means no month is paid twice anyway).
 */
export interface GenerateSummary extends Omit<GenerateResult, 'totalVnd' | 'byComponent'> {
  totalVnd: number;
  byComponent: Record<string, { lines: number; amountVnd: number }>;
}

/** Lines and amount per component, amounts as JSON numbers (the answer and the audit record). */
function componentsView(byComponent: GenerateResult['byComponent']): GenerateSummary['byComponent'] {
  return Object.fromEntries(Object.entries(byComponent).map(([component, total]) => [component, { lines: total.lines, amountVnd: vndToNumber(total.amountVnd) }]));
}

export async function generateCycle(ctx: AppContext, actor: Actor, input: GenerateInput): Promise<CycleView & { generated: GenerateSummary | null; existing: boolean }> {
  requirePermission(actor, 'payroll.prepare');
  const month = parseMonthLoose(input.month);
  if (!month || !isMonth(month)) throw invalidMonth(input.month);
  const monthsCount = input.monthsCount ?? 1;
  if (![1, 2].includes(monthsCount)) throw domainError('ARGUMENT_INVALID', 400, 'Chỉ chi gộp tối đa 2 tháng', 'At most 2 months can be paid together', { field: 'months' });
  const programme = input.programme ? input.programme.toUpperCase() : null;
  if (programme && !['TGXH', 'NCC', 'HTXH'].includes(programme)) throw domainError('PROGRAMME_INVALID', 400, `Chương trình không hợp lệ: ${programme}`, `Unknown programme: ${programme}`);
  const { scope } = await scopeOfUnitCode(ctx, input.unitCode);
  if (scope.level === 'national') throw domainError('UNIT_REQUIRED', 400, 'Cần mã tỉnh hoặc xã', 'A province or commune code is required', { field: 'unit' });
  if (!scopeContains(actor.scope, scope)) throw errors.forbidden({ reason: 'unit outside your area' });
  const key = { month, provinceCode: scope.provinceCode, communeCode: scope.level === 'commune' ? scope.communeCode : null, programme };
  return ctx.db.orm.transaction(async (tx) => {
    // Serialise generation of one scope-month: concurrent requests wait and then find the cycle.
    await lockCycleKey(tx, `payroll:${month}:${key.provinceCode}:${key.communeCode ?? ''}:${programme ?? 'ALL'}`);
    const existing = await findCycleByKey(tx, key);
    if (existing && !(input.regenerate && existing.status === 'DRAFT')) {
      return { ...viewOf(existing), generated: null, existing: true };
    }
    let cycleId: number;
    if (existing) {
      cycleId = existing.id;
      await resetDraftCycle(tx, cycleId, { generatedBy: actor.username, monthsCount });
    } else {
      cycleId = await insertCycle(tx, { ...key, monthsCount, scopeLevel: scope.level, generatedBy: actor.username });
    }
    const generated = await generateLines(tx, { cycleId, month, monthsCount, scope: key, programme }, ctx.linePayments);
    await insertCycleEvent(tx, { cycleId, from: existing ? 'DRAFT' : null, to: 'DRAFT', actor: actor.username, comment: existing ? 'regenerated' : 'generated' });
    const cycle = (await findCycle(tx, actor.scope, cycleId))!;
    // The database keeps the total; the generator's own sum must agree (pair assertion).
    if (cycle.totalVnd !== generated.totalVnd) throw new Error(`cycle ${cycleId}: total ${cycle.totalVnd} ≠ lines ${generated.totalVnd}`);
    await recordAudit(tx, actor, {
      action: existing ? 'payroll.regenerated' : 'payroll.generated',
      entityType: 'payroll_cycle',
      entityId: cycleId,
      unitCode: key.communeCode ?? key.provinceCode,
      after: { month, monthsCount, programme, lines: generated.lines, totalVnd: vndToString(generated.totalVnd), byComponent: componentsView(generated.byComponent) },
    });
    return { ...viewOf(cycle), generated: { ...generated, totalVnd: vndToNumber(generated.totalVnd), byComponent: componentsView(generated.byComponent) }, existing: false };
  });
}

async function transition(
  ctx: AppContext,
  actor: Actor,
  cycleId: number,
  options: {
    from: CycleStatus[];
    to: CycleStatus;
    comment?: string | null;
    step: CycleStep;
    check?: (cycle: CycleRow) => void;
    /** Further writes in the same transaction (e.g. the ledger's funding entry). */
    after?: (tx: Executor) => Promise<void>;
    action: string;
  },
): Promise<CycleView> {
  return ctx.db.orm.transaction(async (tx) => {
    const cycle = await loadCycleForAction(tx, actor, cycleId);
    if (!options.from.includes(cycle.status)) throw wrongStatus(cycle, options.from);
    options.check?.(cycle);
    await setCycleStatus(tx, cycleId, options.to, options.step);
    await insertCycleEvent(tx, { cycleId, from: cycle.status, to: options.to, actor: actor.username, comment: options.comment });
    await options.after?.(tx);
    const updated = (await findCycle(tx, actor.scope, cycleId))!;
    await recordAudit(tx, actor, {
      action: options.action,
      entityType: 'payroll_cycle',
      entityId: cycleId,
      unitCode: cycle.communeCode ?? cycle.provinceCode,
      before: { status: cycle.status },
      after: { status: options.to, comment: options.comment ?? null, totalVnd: vndToString(updated.totalVnd) },
    });
    return viewOf(updated);
  });
}

/** The maker submits: from here on the cycle is frozen (amounts, payees, accounts). */
export async function submitCycle(ctx: AppContext, actor: Actor, cycleId: number, comment?: string): Promise<CycleView> {
  requirePermission(actor, 'payroll.prepare');
  return transition(ctx, actor, cycleId, {
    from: ['DRAFT'],
    to: 'SUBMITTED',
    comment,
    action: 'payroll.submitted',
    step: { step: 'submitted', username: actor.username, userId: actor.userId, comment: comment ?? null },
    check: (cycle) => {
      if (cycle.lineCount === 0) throw domainError('CYCLE_EMPTY', 409, 'Kỳ chi trả không có dòng nào', 'The payroll cycle has no lines');
    },
  });
}

/** The checker approves; never the person who submitted (also a CHECK in the database). */
export async function approveCycle(ctx: AppContext, actor: Actor, cycleId: number, comment?: string): Promise<CycleView> {
  requirePermission(actor, 'payroll.approve');
  let submitter: string | null = null;
  return transition(ctx, actor, cycleId, {
    from: ['SUBMITTED'],
    to: 'APPROVED',
    comment,
    action: 'payroll.approved',
    step: { step: 'approved', username: actor.username, userId: actor.userId, comment: comment ?? null },
    check: (cycle) => {
      if (cycle.submittedBy === actor.username) {
        throw domainError('MAKER_CHECKER', 403, 'Người lập và trình danh sách không được tự phê duyệt', 'The person who submitted a list cannot approve it');
      }
      submitter = cycle.submittedBy;
    },
    // Nor someone whose account the submitter created or last reset (auth's one independence check).
    after: (tx) => assertIndependentApprover(tx, actor, submitter),
  });
}

/** Back to draft with a comment (the maker fixes and submits again). */
export async function rejectCycle(ctx: AppContext, actor: Actor, cycleId: number, comment: string): Promise<CycleView> {
  requirePermission(actor, 'payroll.approve');
  if (!comment || comment.trim().length === 0) throw domainError('COMMENT_REQUIRED', 400, 'Cần ghi lý do trả lại', 'A reason for rejecting is required', { field: 'comment' });
  return transition(ctx, actor, cycleId, {
    from: ['SUBMITTED', 'APPROVED'],
    to: 'DRAFT',
    comment,
    action: 'payroll.rejected',
    step: { step: 'rejected', comment },
  });
}

/**
 * The maker takes a submitted list back before it is approved (a mistake seen after submitting):
 * back to draft, by the one who submitted it only, audited; the approver then has nothing to act on.
 */
export async function withdrawCycle(ctx: AppContext, actor: Actor, cycleId: number, comment?: string): Promise<CycleView> {
  requirePermission(actor, 'payroll.prepare');
  const reason = comment?.trim() || null;
  return transition(ctx, actor, cycleId, {
    from: ['SUBMITTED'],
    to: 'DRAFT',
    comment: reason === null ? 'withdrawn by the submitter' : `withdrawn by the submitter: ${reason}`,
    action: 'payroll.withdrawn',
    // The submission's columns are cleared as on a rejection; the comment says it was withdrawn.
    step: { step: 'rejected', comment: reason === null ? 'Người trình đã rút lại / withdrawn by the submitter' : `Người trình đã rút lại / withdrawn: ${reason}` },
    check: (cycle) => {
      if (cycle.submittedBy !== actor.username) {
        throw domainError('NOT_SUBMITTER', 403, 'Chỉ người đã trình danh sách mới rút lại được', 'Only the person who submitted the list can withdraw it', { submittedBy: cycle.submittedBy });
      }
    },
  });
}

/** Records the Treasury transfer; its amount must equal the cycle total to the đồng. */
export async function fundCycle(ctx: AppContext, actor: Actor, cycleId: number, input: { reference: string; amountVnd: string | number; date?: string }): Promise<CycleView> {
  requirePermission(actor, 'payroll.fund');
  const reference = input.reference.trim();
  if (!reference) throw domainError('REFERENCE_REQUIRED', 400, 'Cần số chứng từ chuyển tiền của Kho bạc', 'The Treasury transfer reference is required', { field: 'reference' });
  const amount = parseVnd(input.amountVnd, 'amount');
  const date = input.date ? parseDateLoose(input.date) : new Date(ctx.now().getTime() + 7 * 3600_000).toISOString().slice(0, 10);
  if (!date || !isValidIsoDate(date)) throw domainError('DATE_INVALID', 400, 'Ngày chuyển tiền không hợp lệ', 'Invalid transfer date', { field: 'date' });
  return transition(ctx, actor, cycleId, {
    from: ['APPROVED'],
    to: 'FUNDED',
    action: 'payroll.funded',
    comment: `${reference} ${amount}`,
    step: { step: 'funded', username: actor.username, reference, amount, date },
    after: (tx) => postFunding(tx, cycleId, amount, reference),
    check: (cycle) => {
      // Separation of duties: the Treasury funding is recorded by someone other than the list's approver.
      if (cycle.approvedBy === actor.username) {
        throw domainError(
          'FUNDER_IS_APPROVER',
          403,
          'Người phê duyệt danh sách không được tự ghi nhận kinh phí của Kho bạc; người khác phải ghi nhận',
          'The approver of the list cannot record its Treasury funding; someone else must record it',
          { approvedBy: cycle.approvedBy },
        );
      }
      if (cycle.totalVnd !== amount) {
        // amounts people read, with thousand separators (the details keep the numbers)
        throw domainError('FUNDING_MISMATCH', 409, `Số tiền chuyển ${formatVnd(amount)} khác tổng danh sách ${formatVnd(cycle.totalVnd)}`, `Transfer ${formatVnd(amount)} differs from the cycle total ${formatVnd(cycle.totalVnd)}`, {
          totalVnd: vndToNumber(cycle.totalVnd),
          amountVnd: vndToNumber(amount),
        });
      }
    },
  });
}

export async function getCycle(ctx: AppContext, actor: Actor, cycleId: number) {
  requirePermission(actor, 'payroll.read');
  const cycle = await findCycle(ctx.db.orm, actor.scope, cycleId);
  if (!cycle) throw errors.notFound({ entity: 'payroll_cycle', id: cycleId });
  const components = await cycleComponents(ctx.db.orm, cycleId, actor.scope, ownProviderCode(actor));
  const byComponent = Object.fromEntries(components.map((row) => [row.component, { lines: row.lines, amountVnd: vndToNumber(row.amountVnd) }]));
  const [view] = await viewsFor(ctx.db.orm, actor, [cycle]);
  return { ...view!, byComponent, events: await listCycleEvents(ctx.db.orm, cycleId) };
}

export async function listPayrollCycles(ctx: AppContext, actor: Actor, filter: { month?: string; status?: string }) {
  requirePermission(actor, 'payroll.read');
  return viewsFor(ctx.db.orm, actor, await listCycles(ctx.db.orm, actor.scope, { ...filter, limit: 200 }));
}

/** A line as the role may see it (registry/need-to-know.ts). */
function presentLine(row: LineRow, show: Disclosure) {
  return {
    ...row,
    amount: vndToNumber(row.amount),
    personalId: show.personalId(row.personalId),
    accountNumber: show.accountNumber(row.accountNumber),
    category: show.category(row.category),
    breakdown: show.breakdown(row.breakdown),
    note: show.note(row.category, row.note),
  };
}

/** A personal ID given as a filter, as it may be recorded in the audit trail (readable by auditors). */
const auditedId = (personalId: string | undefined) => (personalId ? maskTail(personalId) : undefined);

export async function payrollLines(
  ctx: AppContext,
  actor: Actor,
  cycleId: number,
  filter: { communeCode?: string; personalId?: string; component?: string; afterId?: number; limit?: number } = {},
) {
  requirePermission(actor, 'payroll.read');
  requireList(actor, 'lines');
  const cycle = await findCycle(ctx.db.orm, actor.scope, cycleId);
  if (!cycle) throw errors.notFound({ entity: 'payroll_cycle', id: cycleId });
  const rows = await listLines(ctx.db.orm, actor.scope, cycleId, { ...filter, limit: Math.min(filter.limit ?? limits.pageSizeMax, 5_000_000), ownProvider: ownProviderCode(actor) }, ctx.linePayments);
  const show = disclosure(actor, 'view');
  const lines = rows.map((row) => presentLine(row, show));
  if (lines.length > 0) {
    await auditDisclosure(ctx.db.orm, actor, {
      action: 'view',
      what: 'payroll.lines',
      rows: lines.length,
      entityType: 'payroll_cycle',
      entityId: cycleId,
      unitCode: filter.communeCode ?? cycle.communeCode ?? cycle.provinceCode,
      filter: { communeCode: filter.communeCode, personalId: auditedId(filter.personalId), component: filter.component, afterId: filter.afterId },
    });
  }
  return lines;
}


export async function cycleChanges(ctx: AppContext, actor: Actor, cycleId: number) {
  requirePermission(actor, 'payroll.read');
  requireList(actor, 'changes');
  const cycle = await findCycle(ctx.db.orm, actor.scope, cycleId);
  if (!cycle) throw errors.notFound({ entity: 'payroll_cycle', id: cycleId });
  const [changes, warnings] = await Promise.all([changeList(ctx.db.orm, actor.scope, cycle), approverWarnings(ctx.db.orm, actor.scope, cycle)]);
  const show = disclosure(actor, 'view');
  const counts: Record<string, number> = {};
  for (const change of changes) counts[change.kind] = (counts[change.kind] ?? 0) + 1;
  // Of the payee changes, those of the channel (bank ↔ wallet ↔ cash ↔ home delivery), counted on their own.
  const channelChanges = changes.filter((change) => change.kind === 'ACCOUNT_CHANGED' && change.reason === 'CHANNEL').length;
  if (channelChanges > 0) counts.CHANNEL_CHANGED = channelChanges;
  const result = {
    cycleId,
    month: cycle.month,
    counts,
    changes: changes.map((change) => ({
      ...change,
      previousAmount: change.previousAmount === null ? null : vndToNumber(change.previousAmount),
      amount: change.amount === null ? null : vndToNumber(change.amount),
      personalId: show.personalId(change.personalId),
      category: show.category(change.category),
      previousCategory: show.category(change.previousCategory),
    })),
    warnings: warnings.map((warning) => ({ ...warning, personalId: show.personalId(warning.personalId) })),
  };
  if (changes.length + warnings.length > 0) {
    await auditDisclosure(ctx.db.orm, actor, {
      action: 'view',
      what: 'payroll.changes',
      rows: changes.length + warnings.length,
      entityType: 'payroll_cycle',
      entityId: cycleId,
      unitCode: cycle.communeCode ?? cycle.provinceCode,
    });
  }
  return result;
}

export async function cycleSummary(ctx: AppContext, actor: Actor, cycleId: number) {
  requirePermission(actor, 'payroll.read');
  const cycle = await findCycle(ctx.db.orm, actor.scope, cycleId);
  if (!cycle) throw errors.notFound({ entity: 'payroll_cycle', id: cycleId });
  const rows = await summaryTable(ctx.db.orm, actor.scope, cycleId, ownProviderCode(actor));
  const totalVnd = sumVnd(rows.map((row) => row.amountVnd));
  // the fees the paying agency owes the providers on top of the total (never deducted from it), for the approver and the Treasury
  const fees = await ctx.cycleFees.feesOfCycle(ctx.db.orm, actor.scope, cycleId, ownProviderCode(actor));
  const [view] = await viewsFor(ctx.db.orm, actor, [cycle]);
  return {
    cycle: view!,
    rows: rows.map((row) => ({ ...row, amountVnd: vndToNumber(row.amountVnd) })),
    totalVnd: vndToNumber(totalVnd),
    totalInWords: vndInWords(totalVnd < zeroVnd ? zeroVnd : totalVnd),
    fees: feesView(fees),
  };
}

/** The fee totals as JSON numbers, as every amount (payroll.schemas.ts CycleFeeTotals). */
function feesView(fees: CycleFeeTotals) {
  return {
    payments: fees.payments,
    amountVnd: vndToNumber(fees.amountVnd),
    feeVnd: vndToNumber(fees.feeVnd),
    vatVnd: vndToNumber(fees.vatVnd),
    byProvider: fees.byProvider.map((row) => ({ ...row, amountVnd: vndToNumber(row.amountVnd), feeVnd: vndToNumber(row.feeVnd), vatVnd: vndToNumber(row.vatVnd) })),
  };
}

/** A commune's lines in pages of 5,000 by id (flat memory for exports), the actor's own rows only. */
async function* communeLines(ctx: AppContext, actor: Actor, cycleId: number, communeCode: string, counter: { rows: number }): AsyncGenerator<ListLine> {
  const pages = keysetPages((afterId) => listLines(ctx.db.orm, actor.scope, cycleId, { communeCode, afterId, limit: 5_000, ownProvider: ownProviderCode(actor) }, ctx.linePayments), 5_000);
  for await (const page of pages) {
    for (const line of page) {
      counter.rows += 1;
      // no category: a printed list never carries one (the writers print the programme)
      yield {
        personalId: line.personalId, fullName: line.fullName, programme: line.programme, component: line.component, forMonth: line.forMonth,
        amount: line.amount, channel: line.channel, provider: line.provider, accountNumber: line.accountNumber, representativeName: line.representativeName,
      };
    }
  }
}

export type ExportFormat = 'summary-xlsx' | 'list-xlsx' | 'list-pdf';

/**
 * Writes a file through `write` and records its audit event before the last byte reaches `output`:
 * a file whose export could not be audited is never delivered whole.
 */
async function auditedFile(output: Writable, write: (inner: Writable) => Promise<void>, audit: () => Promise<void>): Promise<void> {
  const inner = new PassThrough();
  inner.pipe(output, { end: false });
  const drained = once(inner, 'end');
  drained.catch(() => undefined); // awaited below; a write error is thrown by `write`
  try {
    await write(inner);
    if (!inner.writableEnded) inner.end();
    await drained;
  } catch (error) {
    inner.unpipe(output);
    inner.destroy();
    throw error;
  }
  await audit();
  output.end();
}

/**
 * Checks everything an export would refuse (permission, cycle, commune, the role's lists) and
 * returns the writer: the HTTP route checks before the first byte, so a refusal is a normal
 * error response and not a broken download. The writer audits the file (who, what, rows).
 */
export async function prepareCycleExport(
  ctx: AppContext,
  actor: Actor,
  cycleId: number,
  input: { format: ExportFormat; communeCode?: string },
): Promise<{ fileName: string; write: (output: Writable) => Promise<{ fileName: string; rows: number }> }> {
  requirePermission(actor, 'payroll.read');
  const cycle = await findCycle(ctx.db.orm, actor.scope, cycleId);
  if (!cycle) throw errors.notFound({ entity: 'payroll_cycle', id: cycleId });
  const [view] = (await viewsFor(ctx.db.orm, actor, [cycle])) as [CycleView];
  const show = disclosure(actor, 'export');
  const audit = (what: string, rows: number, unitCode: string) =>
    auditDisclosure(ctx.db.orm, actor, { action: 'export', what: `payroll.${what}`, rows, entityType: 'payroll_cycle', entityId: cycleId, unitCode });
  if (input.format === 'summary-xlsx') {
    const fileName = `bang-tong-hop-${cycle.month}-${cycle.communeCode ?? cycle.provinceCode}.xlsx`;
    return {
      fileName,
      write: async (output) => {
        const rows = await summaryTable(ctx.db.orm, actor.scope, cycleId, ownProviderCode(actor));
        const fees = await ctx.cycleFees.feesOfCycle(ctx.db.orm, actor.scope, cycleId, ownProviderCode(actor));
        await auditedFile(output, (inner) => writeSummaryXlsx(inner, view, rows, fees), () => audit(input.format, rows.length, cycle.communeCode ?? cycle.provinceCode));
        return { fileName, rows: rows.length };
      },
    };
  }
  requireList(actor, 'paymentList');
  const communeCode = input.communeCode ?? cycle.communeCode ?? (actor.scope.level === 'commune' ? actor.scope.communeCode : undefined);
  if (!communeCode) throw domainError('UNIT_REQUIRED', 400, 'Cần mã xã để in danh sách', 'A commune code is needed for the list', { field: 'commune' });
  const unit = await findCurrentUnit(ctx.db.orm, communeCode);
  if (!unit || unit.level !== 'commune') throw errors.notFound({ entity: 'unit', code: communeCode });
  if (!containsLocality(actor.scope, unit.provinceCode, unit.code)) throw errors.forbidden({ reason: 'commune outside your area', commune: communeCode });
  const commune = { code: unit.code, name: unit.nameWithType };
  const fileName = `danh-sach-chi-tra-${cycle.month}-${communeCode}.${input.format === 'list-xlsx' ? 'xlsx' : 'pdf'}`;
  const providerCode = ownProviderCode(actor);
  // the list names each provider (a bank by its short name, not its BIN)
  const providerNames = new Map((await listActiveProviders(ctx.db.orm)).map((provider) => [provider.code, provider.shortName]));
  const options = { providerCode, providerNames };
  return {
    fileName,
    write: async (output) => {
      const counter = { rows: 0 };
      const lines = communeLines(ctx, actor, cycleId, communeCode, counter);
      await auditedFile(
        output,
        (inner) => (input.format === 'list-xlsx' ? writeCommuneListXlsx(inner, view, commune, lines, show, options) : writeCommuneListPdf(inner, view, commune, lines, show, options)),
        () => audit(input.format, counter.rows, communeCode),
      );
      return { fileName, rows: counter.rows };
    },
  };
}

export async function exportCycle(ctx: AppContext, actor: Actor, cycleId: number, input: { format: ExportFormat; communeCode?: string; output: Writable }): Promise<{ fileName: string }> {
  const prepared = await prepareCycleExport(ctx, actor, cycleId, input);
  const { fileName } = await prepared.write(input.output);
  return { fileName };
}
