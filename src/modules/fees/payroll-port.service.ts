import { sumVnd, zeroVnd } from '../../core/money.js';
import type { Executor } from '../../db/client.js';
import type { Scope } from '../access/scope.js';
import type { CycleFees, CycleFeeTotals } from '../payroll/ports.js';
import { feesByProviderChannel, type FeeGroupRow } from './fees.repository.js';

/**
 * What payroll reads of the fees through its port (payroll/ports.ts CycleFees), loaded by the
 * composition (app/context.ts): this file and what it imports never import the context.
 */

/** The per provider and channel sums added up per provider and for the cycle. */
export function totalsOf(rows: readonly FeeGroupRow[]): CycleFeeTotals {
  const byProvider = new Map<string, CycleFeeTotals['byProvider'][number]>();
  for (const row of rows) {
    const sum = byProvider.get(row.providerCode) ?? { providerCode: row.providerCode, providerName: row.providerName, payments: 0, unpricedPayments: 0, amountVnd: zeroVnd, feeVnd: zeroVnd, vatVnd: zeroVnd };
    byProvider.set(row.providerCode, {
      ...sum,
      payments: sum.payments + row.payments,
      unpricedPayments: sum.unpricedPayments + row.unpricedPayments,
      amountVnd: sumVnd([sum.amountVnd, row.amountVnd]),
      feeVnd: sumVnd([sum.feeVnd, row.feeVnd]),
      vatVnd: sumVnd([sum.vatVnd, row.vatVnd]),
    });
  }
  const providers = [...byProvider.values()];
  return {
    payments: providers.reduce((n, p) => n + p.payments, 0),
    amountVnd: sumVnd(providers.map((p) => p.amountVnd)),
    feeVnd: sumVnd(providers.map((p) => p.feeVnd)),
    vatVnd: sumVnd(providers.map((p) => p.vatVnd)),
    byProvider: providers,
  };
}

/** Payroll's port (payroll/ports.ts): the fee totals of the summary the approver sees and of the Treasury table. */
export const cycleFeesOfPayroll: CycleFees = {
  feesOfCycle: async (executor: Executor, scope: Scope, cycleId: number, ownProvider: string | null) => totalsOf(await feesByProviderChannel(executor, scope, cycleId, ownProvider)),
};

