import type { SQL } from 'drizzle-orm';
import type { AmountVnd } from '../../core/money.js';
import type { Executor } from '../../db/client.js';
import type { Scope } from '../access/scope.js';

/**
 * What payroll needs from the module that pays its lines (disbursement, above it): payroll may not
 * import it, so it declares what it reads here and the composition (src/app/context.ts) provides
 * the implementation. Each relation is a read-only subquery for set-based SQL, with exactly the
 * columns listed.
 */
export interface LinePayments {
  /**
   * Every payment of a payroll line (one row per payment item and line it pays):
   * `line_id`, `item_id` (later payments have higher ids: a cash payment replacing a failed
   * transfer comes after it), `cycle_id`, `person_id`, `end_to_end_id`, `transmission`, `outcome`,
   * `reason_code`, `is_final`.
   */
  linePaymentsRelation(): SQL;
  /**
   * Payments whose money did not arrive and is owed again in a later cycle as a carry-over line
   * (a final failure or return, not replaced by another payment, under the carry-over policy or
   * paid in cash): `line_id`, `outcome`, `reason_code`.
   */
  carryOverPaymentsRelation(): SQL;
}

/**
 * What payroll shows of the fees of a cycle's payments (phí dịch vụ chi trả) in the summary the
 * approver sees and in the Treasury table: the fees module (above payroll) computes them over the
 * payments the actor sees (scope, a provider agent's own provider) and the composition provides it.
 */
export interface CycleFees {
  feesOfCycle(executor: Executor, scope: Scope, cycleId: number, ownProvider: string | null): Promise<CycleFeeTotals>;
}

export interface CycleFeeTotals {
  payments: number;
  amountVnd: AmountVnd;
  /** Service + VAT, what the paying agency pays the providers on top of the cycle's total (never deducted from it). */
  feeVnd: AmountVnd;
  vatVnd: AmountVnd;
  byProvider: { providerCode: string; providerName: string | null; payments: number; unpricedPayments: number; amountVnd: AmountVnd; feeVnd: AmountVnd; vatVnd: AmountVnd }[];
}
