import type { AppContext } from '../../app/context.js';
import { domainError } from '../../core/errors.js';
import { parseVnd, subtractVnd, sumVnd, vndFromDb, vndToNumber, zeroVnd } from '../../core/money.js';
import type { Executor } from '../../db/client.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { cycleMovements, postSettlement } from '../ledger/ledger.service.js';
import { advancePaymentStatus } from '../payroll/payroll.service.js';
import { loadCycleForDisbursement } from './batches.service.js';
import { checkLedger } from './ledger-check.service.js';
import { carriedOverOfCycle } from './settlement.repository.js';

/**
 * The settlement of a cycle (quyết toán) from its ledger: what the Treasury funded, what reached
 * the beneficiaries, what the providers still hold, what the paying agency's fund still holds and
 * so goes back to the Treasury at the close, and the part of it owed again next month (carried
 * over: funded again with that month's list). It balances when the cycle is reconciled (every
 * payment final), the providers hold nothing, the ledger agrees with the items, and
 * funded = paid + returned to the Treasury.
 */
export interface Settlement {
  cycleId: number;
  status: string;
  fundedVnd: number;
  dispatchedVnd: number;
  paidVnd: number;
  refundedVnd: number;
  atProvidersVnd: number;
  /** What the fund holds now (before the close), or 0 once the settlement has moved it. */
  heldVnd: number;
  /** What goes (or went, once closed) back to the Treasury. */
  returnedToTreasuryVnd: number;
  carriedOver: { items: number; amountVnd: number };
  /** The providers' service fees (with VAT) for the cycle's payments: paid by the agency on top, outside the fund. */
  feesVnd: number;
  balances: boolean;
  /** Why it does not balance (stable codes), empty when it does. */
  problems: string[];
}

async function settlementOf(ctx: AppContext, executor: Executor, actor: Actor, cycle: { id: number; status: string }): Promise<Settlement> {
  const moves = await cycleMovements(executor, cycle.id);
  const funding = vndFromDb(moves.funding);
  const dispatch = vndFromDb(moves.dispatch);
  const payout = vndFromDb(moves.payout);
  const returned = vndFromDb(moves.return);
  const refund = vndFromDb(moves.refund);
  const settled = vndFromDb(moves.settlement);
  const paid = subtractVnd(payout, returned);
  const atProviders = subtractVnd(sumVnd([dispatch, returned]), sumVnd([payout, refund]));
  const held = subtractVnd(sumVnd([funding, refund]), sumVnd([dispatch, settled]));
  const toTreasury = cycle.status === 'CLOSED' ? settled : held;
  const carried = await carriedOverOfCycle(executor, cycle.id);
  const problems: string[] = [];
  if (!['RECONCILED', 'CLOSED'].includes(cycle.status)) problems.push('NOT_RECONCILED');
  if (atProviders !== zeroVnd) problems.push('PROVIDERS_HOLD_MONEY');
  if (held < zeroVnd) problems.push('FUND_NEGATIVE');
  if (sumVnd([paid, toTreasury]) !== funding) problems.push('FUNDED_NOT_PAID_OR_RETURNED');
  if (!(await checkLedger(executor, cycle.id)).ok) problems.push('LEDGER_DISAGREES_WITH_ITEMS');
  return {
    cycleId: cycle.id,
    status: cycle.status,
    fundedVnd: vndToNumber(funding),
    dispatchedVnd: vndToNumber(dispatch),
    paidVnd: vndToNumber(paid),
    refundedVnd: vndToNumber(refund),
    atProvidersVnd: vndToNumber(atProviders),
    heldVnd: vndToNumber(held),
    returnedToTreasuryVnd: vndToNumber(toTreasury),
    carriedOver: { items: carried.items, amountVnd: vndToNumber(vndFromDb(carried.amountVnd)) },
    feesVnd: vndToNumber((await ctx.cycleFees.feesOfCycle(executor, actor.scope, cycle.id, null)).feeVnd),
    balances: problems.length === 0,
    problems,
  };
}

/** The settlement of a cycle of the reader's area. */
export async function cycleSettlement(ctx: AppContext, actor: Actor, cycleId: number): Promise<Settlement> {
  requirePermission(actor, 'payroll.read');
  const cycle = await loadCycleForDisbursement(ctx.db.orm, actor, cycleId);
  return settlementOf(ctx, ctx.db.orm, actor, cycle);
}

/**
 * Closes a reconciled cycle whose settlement balances: the fund's remainder goes back to the
 * Treasury (one SETTLEMENT entry), the cycle becomes CLOSED, audited; from then on the database
 * refuses any change to the cycle, its lines, payments, batches and money (migration 0037).
 * Closing a closed cycle again changes nothing.
 */
export async function closeCycle(ctx: AppContext, actor: Actor, cycleId: number, comment?: string | null): Promise<Settlement & { changed: boolean }> {
  requirePermission(actor, 'payroll.fund');
  return ctx.db.orm.transaction(async (tx) => {
    const cycle = await loadCycleForDisbursement(tx, actor, cycleId, true);
    const before = await settlementOf(ctx, tx, actor, cycle);
    if (cycle.status === 'CLOSED') return { ...before, changed: false };
    if (!before.balances) {
      throw domainError(
        'SETTLEMENT_UNBALANCED',
        409,
        `Chưa quyết toán được kỳ ${cycleId}: ${before.problems.join(', ')}`,
        `Cycle ${cycleId} cannot be settled yet: ${before.problems.join(', ')}`,
        { problems: before.problems, settlement: before },
      );
    }
    await postSettlement(tx, cycleId, parseVnd(before.heldVnd), `QT-${cycleId}`);
    await advancePaymentStatus(tx, { cycleId, from: 'RECONCILED', to: 'CLOSED', actor: actor.username, comment: comment ?? 'settled' });
    const after = await settlementOf(ctx, tx, actor, { id: cycleId, status: 'CLOSED' });
    await recordAudit(tx, actor, {
      action: 'payroll.closed', entityType: 'payroll_cycle', entityId: cycleId, unitCode: cycle.communeCode ?? cycle.provinceCode,
      before: { status: 'RECONCILED' }, after: { status: 'CLOSED', returnedToTreasuryVnd: after.returnedToTreasuryVnd, paidVnd: after.paidVnd, fundedVnd: after.fundedVnd },
    });
    return { ...after, changed: true };
  });
}
