import type { AppContext } from '../../app/context.js';
import { domainError, errors } from '../../core/errors.js';
import { vndToNumber } from '../../core/money.js';
import type { Executor } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import { cycleStatusNames, labelOf } from '../formats/labels.js';
import { ownProviderCode } from '../access/need-to-know.js';
import { requirePermission } from '../access/permissions.js';
import { scopeContains, type Actor, type Scope } from '../access/scope.js';
import { advancePaymentStatus, findCycle, type CycleRow } from '../payroll/payroll.service.js';
import { postFunding } from '../ledger/ledger.service.js';
import { useBulkSettings, withBulkLoad } from '../../db/bulk.js';
import { enqueueCashScheduleOfCycle } from './cash-schedule.js';
import {
  analyzeItems, countBatches, cycleTotals, insertStagedBatches, insertStagedItems, listBatches as listBatchRows, stageNewItems, type BatchRow,
} from './batches.repository.js';

/** The batch a G2P transaction id names (callbacks), and a provider's batch by round (file checks). */
export { findBatchByMessage, findBatchOfProvider } from './batches.repository.js';

/**
 * Splits a funded cycle into batches per provider and channel group, with one item per person and
 * payee (their lines netted), each with an end-to-end id created here once and never regenerated.
 * Idempotent: a second call returns the existing batches.
 */
export interface BatchView extends Omit<Batch, 'controlSumVnd'> {
  controlSumVnd: number;
}

/** A batch as read: its control sum an amount, made a JSON number by `viewOfBatch` for the answer. */
export type Batch = BatchRow;

function viewOfBatch(batch: Batch): BatchView {
  return { ...batch, controlSumVnd: vndToNumber(batch.controlSumVnd) };
}

function cycleScope(cycle: CycleRow): Scope {
  return cycle.communeCode ? { level: 'commune', provinceCode: cycle.provinceCode, communeCode: cycle.communeCode } : { level: 'province', provinceCode: cycle.provinceCode };
}

export async function loadCycleForDisbursement(executor: Executor, actor: Actor, cycleId: number, lock = false): Promise<CycleRow> {
  const cycle = await findCycle(executor, actor.scope, cycleId, lock);
  if (!cycle) throw errors.notFound({ entity: 'payroll_cycle', id: cycleId });
  if (!scopeContains(actor.scope, cycleScope(cycle))) throw errors.forbidden({ reason: 'the cycle covers more than your area' });
  return cycle;
}

/**
 * A cycle whose cash payments a commune organises: one within the actor's area, or the cycle of
 * the actor's province that covers their commune — the province pays its communes in one list,
 * and each commune still sets its own payment points' dates and home rounds and reads its lists.
 * What the actor then reads or writes must be of their own area (the callers' scoped queries).
 */
export async function loadCycleForCash(executor: Executor, actor: Actor, cycleId: number): Promise<CycleRow> {
  const cycle = await findCycle(executor, actor.scope, cycleId, false);
  if (!cycle) throw errors.notFound({ entity: 'payroll_cycle', id: cycleId });
  if (!scopeContains(actor.scope, cycleScope(cycle)) && !scopeContains(cycleScope(cycle), actor.scope)) throw errors.forbidden({ reason: 'the cycle does not cover your area' });
  return cycle;
}

export async function createBatches(ctx: AppContext, actor: Actor, cycleId: number): Promise<{ cycleId: number; created: boolean; batches: BatchView[] }> {
  requirePermission(actor, 'disbursement.send');
  return ctx.db.orm.transaction(async (tx) => {
    const cycle = await loadCycleForDisbursement(tx, actor, cycleId, true);
    if ((await countBatches(tx, cycleId)) > 0) return { cycleId, created: false, batches: (await listBatches(tx, cycleId)).map(viewOfBatch) };
    if (cycle.status !== 'FUNDED') {
      throw domainError('CYCLE_STATUS', 409, `Chỉ chi trả kỳ đã được Kho bạc cấp kinh phí (kỳ này: ${labelOf(cycleStatusNames, cycle.status).toLocaleLowerCase('vi')})`, `Only a funded cycle can be disbursed (this one: ${labelOf(cycleStatusNames, cycle.status, 'en').toLowerCase()})`, { status: cycle.status });
    }
    await useBulkSettings(tx);
    const itemCount = await stageNewItems(tx, cycleId);
    await insertStagedBatches(tx, cycleId);
    // A province's cycle is a million items: keys and indexes are checked and built once (db/bulk.ts).
    const plans = [{ table: 'disbursement_items', newRows: itemCount }, { table: 'disbursement_item_lines', newRows: itemCount }];
    await withBulkLoad(tx, plans, () => insertStagedItems(tx, cycleId));
    await analyzeItems(tx);
    // Control totals are the cycle's money to the đồng (pair assertion with the payroll triggers).
    const { batchesVnd, itemsVnd } = await cycleTotals(tx, cycleId);
    if (batchesVnd !== cycle.totalVnd || itemsVnd !== cycle.totalVnd) {
      throw new Error(`cycle ${cycleId}: batches ${batchesVnd} / items ${itemsVnd} ≠ total ${cycle.totalVnd}`);
    }
    await postFunding(tx, cycleId, cycle.fundedAmountVnd ?? cycle.totalVnd, cycle.fundedReference ?? '');
    await advancePaymentStatus(tx, { cycleId, from: 'FUNDED', to: 'DISBURSING', actor: actor.username, comment: 'batches created' });
    // The cash people of points and home rounds already scheduled for this cycle are told the date and place.
    await enqueueCashScheduleOfCycle(tx, cycleId);
    const batches = (await listBatches(tx, cycleId)).map(viewOfBatch);
    await recordAudit(tx, actor, {
      action: 'disbursement.batches_created',
      entityType: 'payroll_cycle',
      entityId: cycleId,
      unitCode: cycle.communeCode ?? cycle.provinceCode,
      after: batches.map((batch) => ({ messageId: batch.messageId, items: batch.itemCount, controlSumVnd: batch.controlSumVnd })),
    });
    return { cycleId, created: true, batches };
  });
}

export async function listBatches(executor: Executor, cycleId: number): Promise<Batch[]> {
  return listBatchRows(executor, cycleId);
}

/** The cycle's batches and their progress; a payment-provider agent sees only its provider's (in the query). */
export async function getBatches(ctx: AppContext, actor: Actor, cycleId: number): Promise<BatchView[]> {
  requirePermission(actor, 'payroll.read');
  await loadCycleForDisbursement(ctx.db.orm, actor, cycleId);
  return (await listBatchRows(ctx.db.orm, cycleId, ownProviderCode(actor))).map(viewOfBatch);
}
