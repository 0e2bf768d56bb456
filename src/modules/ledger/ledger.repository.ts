import { sql, type SQL } from 'drizzle-orm';
import { sumVnd, vndFromDb, vndToNumber, vndToString, zeroVnd, type AmountVnd } from '../../core/money.js';
import { queryOne, queryRows, type Executor } from '../../db/client.js';

/**
 * The money ledger: append-only double entry (each row moves one positive amount from a credit
 * account to a debit account, so every entry balances). Accounts:
 *   TREASURY                  the State Treasury (the source of funds)
 *   FUND:<cycle>              the programme's funds for the cycle, at the paying agency
 *   PROVIDER:<code>:<cycle>   money handed to a payment provider, not yet paid out or refunded
 *   BENEFICIARIES:<cycle>     money that reached beneficiaries
 * Each movement happens once: one per (item, kind), or per (cycle, kind, batch) for the movements
 * of no item, kept by unique keys (migration 0022).
 */
export const fundAccount = (cycleId: number) => `FUND:${cycleId}`;
export const providerAccount = (providerCode: string, cycleId: number) => `PROVIDER:${providerCode}:${cycleId}`;
export const beneficiariesAccount = (cycleId: number) => `BENEFICIARIES:${cycleId}`;

export async function postFunding(executor: Executor, cycleId: number, amountVnd: AmountVnd, reference: string): Promise<void> {
  await executor.execute(sql`
    INSERT INTO ledger_entries (cycle_id, kind, debit_account, credit_account, amount_vnd, reference)
    VALUES (${cycleId}, 'FUNDING', ${fundAccount(cycleId)}, 'TREASURY', ${vndToString(amountVnd)}::bigint, ${reference})
    ON CONFLICT DO NOTHING`);
}

/** The batch's control sum moves to the provider when the batch is handed over (file or API). */
export async function postDispatch(executor: Executor, batchId: number): Promise<void> {
  await executor.execute(sql`
    INSERT INTO ledger_entries (cycle_id, kind, debit_account, credit_account, amount_vnd, batch_id, reference)
    SELECT b.cycle_id, 'DISPATCH', 'PROVIDER:' || b.provider_code || ':' || b.cycle_id, 'FUND:' || b.cycle_id, b.control_sum_vnd, b.id, b.message_id
    FROM disbursement_batches b WHERE b.id = ${batchId}
    ON CONFLICT DO NOTHING`);
}

/**
 * Item movements for items that just changed outcome (set-based): PAYOUT for paid, REFUND for
 * failed, RETURN + REFUND for returned after success. `changedItems` names a relation with the
 * items' new state (id, cycle_id, batch_id, provider_code, amount_vnd, end_to_end_id, outcome),
 * e.g. the rows an UPDATE returned, so the items are not read again.
 *
 * Items only move forward (disbursement_items_forward), so an item reaches PAID, FAILED and
 * RETURNED at most once each, and each of these movements is new: they are inserted plainly, and
 * the unique key (ledger_entries_item_once) refuses the whole message should one ever repeat. Only the
 * PAYOUT of a returned item may exist already (it was paid in an earlier message) or not (paid
 * and returned in this one): that one statement skips what exists. A plain insert costs half of
 * one with ON CONFLICT (measured: 0.4 s against 0.84 s per 100,000 entries).
 */
export async function postItemMovements(executor: Executor, changedItems: SQL): Promise<void> {
  await executor.execute(sql`
    INSERT INTO ledger_entries (cycle_id, kind, debit_account, credit_account, amount_vnd, batch_id, item_id, reference)
    SELECT i.cycle_id, m.kind, m.debit_account, m.credit_account, i.amount_vnd, i.batch_id, i.id, i.end_to_end_id
    FROM ${changedItems} i
    CROSS JOIN LATERAL (VALUES
      ('PAYOUT', 'BENEFICIARIES:' || i.cycle_id, 'PROVIDER:' || i.provider_code || ':' || i.cycle_id, i.outcome = 'PAID'),
      ('RETURN', 'PROVIDER:' || i.provider_code || ':' || i.cycle_id, 'BENEFICIARIES:' || i.cycle_id, i.outcome = 'RETURNED'),
      ('REFUND', 'FUND:' || i.cycle_id, 'PROVIDER:' || i.provider_code || ':' || i.cycle_id, i.outcome IN ('FAILED', 'RETURNED'))
    ) AS m(kind, debit_account, credit_account, applies)
    WHERE m.applies`);
  await executor.execute(sql`
    INSERT INTO ledger_entries (cycle_id, kind, debit_account, credit_account, amount_vnd, batch_id, item_id, reference)
    SELECT i.cycle_id, 'PAYOUT', 'BENEFICIARIES:' || i.cycle_id, 'PROVIDER:' || i.provider_code || ':' || i.cycle_id, i.amount_vnd, i.batch_id, i.id, i.end_to_end_id
    FROM ${changedItems} i
    WHERE i.outcome = 'RETURNED'
    ON CONFLICT DO NOTHING`);
}

export interface LedgerCheck {
  ok: boolean;
  cycles: number;
  problems: { cycleId: number; check: string; expected: string; actual: string; providerCode?: string }[];
  providers: { cycleId: number; providerCode: string; dispatchedVnd: number; paidVnd: number; returnedVnd: number; failedVnd: number; outstandingVnd: number }[];
}

/**
 * Re-derives every balance from the item states and compares it with the ledger, per cycle and
 * provider: funded = cycle total; dispatched = paid + returned + failed + outstanding; the
 * provider account holds exactly the outstanding; beneficiaries hold exactly the paid.
 */
export async function checkLedger(executor: Executor, cycleId?: number): Promise<LedgerCheck> {
  const filter = cycleId ? sql`AND c.id = ${cycleId}` : sql``;
  const providerRows = await queryRows<{ cycleId: number; providerCode: string; dispatched: string; paid: string; returned: string; failed: string; outstanding: string; ledgerProvider: string; itemsTotal: string }>(
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
                     FROM ledger_entries e WHERE e.cycle_id = b.cycle_id
                       AND 'PROVIDER:' || b.provider_code || ':' || b.cycle_id IN (e.debit_account, e.credit_account)), 0)::text AS "ledgerProvider",
           COALESCE((SELECT sum(i.amount_vnd) FROM disbursement_items i JOIN disbursement_batches bb ON bb.id = i.batch_id
                     WHERE bb.cycle_id = b.cycle_id AND bb.provider_code = b.provider_code AND bb.sent_at IS NOT NULL), 0)::text AS "itemsTotal"
    FROM disbursement_batches b JOIN payroll_cycles c ON c.id = b.cycle_id
    WHERE TRUE ${filter}
    GROUP BY b.cycle_id, b.provider_code
    ORDER BY b.cycle_id, b.provider_code`,
  );
  const providers = providerRows.map((row) => ({
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
  const cycleRows = await queryRows<{ cycleId: number; total: string; funded: string | null; ledgerFunding: string; ledgerBeneficiaries: string; paid: string; batchesTotal: string }>(
    executor,
    sql`
    SELECT c.id::int AS "cycleId", c.total_vnd::text AS total, c.funded_amount_vnd::text AS funded,
           COALESCE((SELECT sum(amount_vnd) FROM ledger_entries e WHERE e.cycle_id = c.id AND e.kind = 'FUNDING'), 0)::text AS "ledgerFunding",
           COALESCE((SELECT sum(CASE WHEN e.debit_account = 'BENEFICIARIES:' || c.id THEN e.amount_vnd ELSE -e.amount_vnd END) FROM ledger_entries e
                     WHERE e.cycle_id = c.id AND 'BENEFICIARIES:' || c.id IN (e.debit_account, e.credit_account)), 0)::text AS "ledgerBeneficiaries",
           COALESCE((SELECT sum(i.amount_vnd) FROM disbursement_items i WHERE i.cycle_id = c.id AND i.outcome = 'PAID'), 0)::text AS paid,
           COALESCE((SELECT sum(b.control_sum_vnd) FROM disbursement_batches b WHERE b.cycle_id = c.id AND b.round = 1), 0)::text AS "batchesTotal"
    FROM payroll_cycles c
    WHERE c.status IN ('FUNDED', 'DISBURSING', 'RECONCILED', 'CLOSED') ${filter}
    ORDER BY c.id`,
  );
  const cycles = cycleRows.map((row) => ({
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

export async function ledgerBalance(executor: Executor, account: string): Promise<AmountVnd> {
  const row = await queryOne<{ balance: string }>(
    executor,
    sql`SELECT COALESCE(sum(CASE WHEN debit_account = ${account} THEN amount_vnd ELSE -amount_vnd END), 0)::text AS balance
        FROM ledger_entries WHERE ${account} IN (debit_account, credit_account)`,
  );
  return vndFromDb(row?.balance ?? '0');
}
