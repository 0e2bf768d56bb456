import { errors } from '../../core/errors.js';
import { sumVnd, vndFromDb, vndToNumber, vndToString, zeroVnd, type AmountVnd } from '../../core/money.js';
import type { Executor } from '../../db/client.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { loadCycleForDisbursement } from './batches.service.js';
import { cycleBalances, providerBalances } from './ledger-check.repository.js';

export interface LedgerCheck {
  ok: boolean;
  cycles: number;
  problems: { cycleId: number; check: string; expected: string; actual: string; providerCode?: string }[];
  providers: { cycleId: number; providerCode: string; dispatchedVnd: number; paidVnd: number; returnedVnd: number; failedVnd: number; outstandingVnd: number }[];
}

/**
 * Re-derives every balance from the item states and compares it with the ledger, per cycle and
 * provider: funded = cycle total; dispatched = paid + returned + failed + outstanding; the
 * provider account holds exactly the outstanding; beneficiaries hold exactly the paid. Here, above
 * the ledger and payroll, because it reads the items of the one and the cycles of the other.
 */
export async function checkLedger(executor: Executor, cycleId?: number): Promise<LedgerCheck> {
  const providers = (await providerBalances(executor, cycleId)).map((row) => ({
    cycleId: row.cycleId,
    providerCode: row.providerCode,
    dispatched: vndFromDb(row.dispatched),
    paid: vndFromDb(row.paid),
    returned: vndFromDb(row.returned),
    failed: vndFromDb(row.failed),
    outstanding: vndFromDb(row.outstanding),
    ledgerProvider: vndFromDb(row.ledgerProvider),
    itemsTotal: vndFromDb(row.itemsTotal),
  }));
  const cycles = (await cycleBalances(executor, cycleId)).map((row) => ({
    cycleId: row.cycleId,
    total: vndFromDb(row.total),
    funded: vndFromDb(row.funded) ?? zeroVnd,
    ledgerFunding: vndFromDb(row.ledgerFunding),
    ledgerBeneficiaries: vndFromDb(row.ledgerBeneficiaries),
    paid: vndFromDb(row.paid),
    batchesTotal: vndFromDb(row.batchesTotal),
  }));
  const problems: LedgerCheck['problems'] = [];
  // Amounts of a problem stay decimal text in the answer, as they have always been.
  const expect = (cycle: number, check: string, expected: AmountVnd, actual: AmountVnd, providerCode?: string) => {
    if (expected !== actual) problems.push({ cycleId: cycle, check, expected: vndToString(expected), actual: vndToString(actual), ...(providerCode ? { providerCode } : {}) });
  };
  for (const cycle of cycles) {
    expect(cycle.cycleId, 'funded_equals_total', cycle.total, cycle.funded);
    expect(cycle.cycleId, 'ledger_funding_equals_funded', cycle.funded, cycle.ledgerFunding);
    expect(cycle.cycleId, 'beneficiaries_equal_paid', cycle.paid, cycle.ledgerBeneficiaries);
    if (cycle.batchesTotal > zeroVnd) expect(cycle.cycleId, 'batches_equal_total', cycle.total, cycle.batchesTotal);
  }
  for (const row of providers) {
    const sum = sumVnd([row.paid, row.returned, row.failed, row.outstanding]);
    expect(row.cycleId, 'dispatched_equals_paid_returned_failed_outstanding', row.dispatched, sum, row.providerCode);
    expect(row.cycleId, 'dispatched_equals_items', row.dispatched, row.itemsTotal, row.providerCode);
    expect(row.cycleId, 'provider_account_equals_outstanding', row.outstanding, row.ledgerProvider, row.providerCode);
  }
  return {
    ok: problems.length === 0,
    cycles: cycles.length,
    problems,
    providers: providers.map((row) => ({
      cycleId: row.cycleId,
      providerCode: row.providerCode,
      dispatchedVnd: vndToNumber(row.dispatched),
      paidVnd: vndToNumber(row.paid),
      returnedVnd: vndToNumber(row.returned),
      failedVnd: vndToNumber(row.failed),
      outstandingVnd: vndToNumber(row.outstanding),
    })),
  };
}

/**
 * The ledger check as an actor may ask for it (the route and the `ledger.check` command): one
 * cycle of the actor's area, or, without a cycle, the whole country, which only national users
 * may check since its problems name cycles and providers of every province.
 */
export async function checkLedgerAs(executor: Executor, actor: Actor, cycleId?: number): Promise<LedgerCheck> {
  requirePermission(actor, 'reports.read');
  if (cycleId !== undefined) await loadCycleForDisbursement(executor, actor, cycleId);
  else if (actor.scope.level !== 'national') throw errors.forbidden({ reason: 'give a cycle of your area' });
  return checkLedger(executor, cycleId);
}
