import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.js';
import { ledgerEntriesRelation } from '../ledger/ledger.service.js';
import { cyclesRelation } from '../payroll/payroll.service.js';

/**
 * The balances the ledger check compares, each derived twice: from the items' states and from the
 * ledger's entries (read through the ledger's relation), per cycle and provider. Amounts are
 * decimal text.
 */
export interface ProviderBalanceRow {
  cycleId: number;
  providerCode: string;
  dispatched: string;
  paid: string;
  returned: string;
  failed: string;
  outstanding: string;
  ledgerProvider: string;
  itemsTotal: string;
}

export interface CycleBalanceRow {
  cycleId: number;
  total: string;
  funded: string | null;
  ledgerFunding: string;
  ledgerBeneficiaries: string;
  paid: string;
  batchesTotal: string;
}

const cycleFilter = (cycleId: number | undefined) => (cycleId ? sql`AND c.id = ${cycleId}` : sql``);

export async function providerBalances(executor: Executor, cycleId?: number): Promise<ProviderBalanceRow[]> {
  return queryRows<ProviderBalanceRow>(
    executor,
    sql`
    SELECT b.cycle_id::int AS "cycleId", b.provider_code AS "providerCode",
           COALESCE(sum(b.control_sum_vnd) FILTER (WHERE b.sent_at IS NOT NULL), 0)::text AS dispatched,
           COALESCE((SELECT sum(i.amount_vnd) FROM disbursement_items i JOIN disbursement_batches bb ON bb.id = i.batch_id
                     WHERE bb.cycle_id = b.cycle_id AND bb.provider_code = b.provider_code AND bb.sent_at IS NOT NULL AND i.outcome = 'PAID'), 0)::text AS paid,
           COALESCE((SELECT sum(i.amount_vnd) FROM disbursement_items i JOIN disbursement_batches bb ON bb.id = i.batch_id
                     WHERE bb.cycle_id = b.cycle_id AND bb.provider_code = b.provider_code AND bb.sent_at IS NOT NULL AND i.outcome = 'RETURNED'), 0)::text AS returned,
           COALESCE((SELECT sum(i.amount_vnd) FROM disbursement_items i JOIN disbursement_batches bb ON bb.id = i.batch_id
                     WHERE bb.cycle_id = b.cycle_id AND bb.provider_code = b.provider_code AND bb.sent_at IS NOT NULL AND i.outcome = 'FAILED'), 0)::text AS failed,
           COALESCE((SELECT sum(i.amount_vnd) FROM disbursement_items i JOIN disbursement_batches bb ON bb.id = i.batch_id
                     WHERE bb.cycle_id = b.cycle_id AND bb.provider_code = b.provider_code AND bb.sent_at IS NOT NULL AND i.outcome IN ('NONE', 'ON_HOLD')), 0)::text AS outstanding,
           COALESCE((SELECT sum(CASE WHEN e.debit_account = 'PROVIDER:' || b.provider_code || ':' || b.cycle_id THEN e.amount_vnd ELSE -e.amount_vnd END)
                     FROM ${ledgerEntriesRelation()} e WHERE e.cycle_id = b.cycle_id
                       AND 'PROVIDER:' || b.provider_code || ':' || b.cycle_id IN (e.debit_account, e.credit_account)), 0)::text AS "ledgerProvider",
           COALESCE((SELECT sum(i.amount_vnd) FROM disbursement_items i JOIN disbursement_batches bb ON bb.id = i.batch_id
                     WHERE bb.cycle_id = b.cycle_id AND bb.provider_code = b.provider_code AND bb.sent_at IS NOT NULL), 0)::text AS "itemsTotal"
    FROM disbursement_batches b JOIN ${cyclesRelation()} c ON c.id = b.cycle_id
    WHERE TRUE ${cycleFilter(cycleId)}
    GROUP BY b.cycle_id, b.provider_code
    ORDER BY b.cycle_id, b.provider_code`,
  );
}

/** Cycles funded or later: total, funding, and what the ledger and the items say was paid. */
export async function cycleBalances(executor: Executor, cycleId?: number): Promise<CycleBalanceRow[]> {
  return queryRows<CycleBalanceRow>(
    executor,
    sql`
    SELECT c.id::int AS "cycleId", c.total_vnd::text AS total, c.funded_amount_vnd::text AS funded,
           COALESCE((SELECT sum(amount_vnd) FROM ${ledgerEntriesRelation()} e WHERE e.cycle_id = c.id AND e.kind = 'FUNDING'), 0)::text AS "ledgerFunding",
           COALESCE((SELECT sum(CASE WHEN e.debit_account = 'BENEFICIARIES:' || c.id THEN e.amount_vnd ELSE -e.amount_vnd END) FROM ${ledgerEntriesRelation()} e
                     WHERE e.cycle_id = c.id AND 'BENEFICIARIES:' || c.id IN (e.debit_account, e.credit_account)), 0)::text AS "ledgerBeneficiaries",
           COALESCE((SELECT sum(i.amount_vnd) FROM disbursement_items i WHERE i.cycle_id = c.id AND i.outcome = 'PAID'), 0)::text AS paid,
           COALESCE((SELECT sum(b.control_sum_vnd) FROM disbursement_batches b WHERE b.cycle_id = c.id AND b.round = 1), 0)::text AS "batchesTotal"
    FROM ${cyclesRelation()} c
    WHERE c.status IN ('FUNDED', 'DISBURSING', 'RECONCILED', 'CLOSED') ${cycleFilter(cycleId)}
    ORDER BY c.id`,
  );
}
