import { sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { domainError, errors } from '../../core/errors.js';
import { vndFromDb, vndToNumber, type AmountVnd } from '../../core/money.js';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import { requirePermission } from '../access/permissions.js';
import { scopeContains, type Actor, type Scope } from '../access/scope.js';
import { findCycle, insertCycleEvent, type CycleRow } from '../payroll/payroll.service.js';
import { postFunding } from '../ledger/ledger.service.js';
import { useBulkSettings, withBulkLoad } from '../../db/bulk.js';

/**
 * Splits a funded cycle into batches per provider and channel group, with one item per person and
 * payee (their lines netted), each with an end-to-end id created here once and never regenerated.
 * Idempotent: a second call returns the existing batches.
 */
export interface BatchView {
  id: number;
  providerCode: string;
  providerName: string | null;
  channelGroup: 'BANK' | 'WALLET' | 'CASH';
  round: number;
  messageId: string;
  itemCount: number;
  controlSumVnd: number;
  sentAt: string | null;
  progress: { pending: number; sent: number; acknowledged: number; paid: number; failed: number; returned: number; onHold: number; final: number };
}

/** A batch as read: its control sum an amount, made a JSON number by `viewOfBatch` for the answer. */
export interface Batch extends Omit<BatchView, 'controlSumVnd'> {
  controlSumVnd: AmountVnd;
}

function viewOfBatch(batch: Batch): BatchView {
  return { ...batch, controlSumVnd: vndToNumber(batch.controlSumVnd) };
}

/** Item ids are taken in end-to-end order while numbering, so the lines need no look-up by end-to-end id. */
const nextItemId = sql.raw(`nextval('disbursement_items_id_seq'::regclass)`);

const channelGroup = sql`CASE WHEN channel = 'TK_NGAN_HANG' THEN 'BANK' WHEN channel IN ('VI_DIEN_TU', 'MOBILE_MONEY') THEN 'WALLET' ELSE 'CASH' END`;

function cycleScope(cycle: CycleRow): Scope {
  return cycle.communeCode ? { level: 'commune', provinceCode: cycle.provinceCode, communeCode: cycle.communeCode } : { level: 'province', provinceCode: cycle.provinceCode };
}

export async function loadCycleForDisbursement(executor: Executor, actor: Actor, cycleId: number, lock = false): Promise<CycleRow> {
  const cycle = await findCycle(executor, actor.scope, cycleId, lock);
  if (!cycle) throw errors.notFound({ entity: 'payroll_cycle', id: cycleId });
  if (!scopeContains(actor.scope, cycleScope(cycle))) throw errors.forbidden({ reason: 'the cycle covers more than your area' });
  return cycle;
}

export async function createBatches(ctx: AppContext, actor: Actor, cycleId: number): Promise<{ cycleId: number; created: boolean; batches: BatchView[] }> {
  requirePermission(actor, 'disbursement.send');
  return ctx.db.orm.transaction(async (tx) => {
    const cycle = await loadCycleForDisbursement(tx, actor, cycleId, true);
    const existing = await queryOne<{ count: number }>(tx, sql`SELECT count(*)::int AS count FROM disbursement_batches WHERE cycle_id = ${cycleId}`);
    if ((existing?.count ?? 0) > 0) return { cycleId, created: false, batches: (await listBatches(tx, cycleId)).map(viewOfBatch) };
    if (cycle.status !== 'FUNDED') {
      throw domainError('CYCLE_STATUS', 409, `Chỉ chi trả kỳ đã được Kho bạc cấp kinh phí (trạng thái ${cycle.status})`, `Only a funded cycle can be disbursed (status ${cycle.status})`, { status: cycle.status });
    }
    await useBulkSettings(tx);
    await tx.execute(sql`
      CREATE TEMP TABLE new_items ON COMMIT DROP AS
      SELECT ${nextItemId} AS item_id, g.* FROM (
        -- Numbered commune by commune, home deliveries after the payment point: the cash list streams
        -- one commune's sheets after another in this order (files.service), and item ids are taken
        -- in it. The grouping lists the numbering's keys first, so the sort that groups the lines
        -- also orders them for the numbering; the ORDER BY below then finds them sorted already.
        SELECT row_number() OVER (ORDER BY ${channelGroup}, provider_code, commune_code, channel = 'TAI_NHA', person_id, account_number) AS seq,
               person_id, channel, provider_code, account_number, account_holder, representative_name, personal_id, full_name,
               province_code, commune_code, ${channelGroup} AS channel_group, sum(amount_vnd) AS amount_vnd, array_agg(id ORDER BY id) AS line_ids
        FROM payroll_lines
        WHERE cycle_id = ${cycleId} AND reversed_at IS NULL
        GROUP BY ${channelGroup}, provider_code, commune_code, channel = 'TAI_NHA', person_id, account_number,
                 channel, account_holder, representative_name, personal_id, full_name, province_code
        -- a recovery never exceeds the person's lines, so a net of zero means fully recovered: nothing to pay
        HAVING sum(amount_vnd) > 0
        ORDER BY seq) g`);
    const itemCount = await queryOne<{ count: number }>(tx, sql`SELECT count(*)::int AS count FROM new_items`);
    await tx.execute(sql`
      INSERT INTO disbursement_batches (cycle_id, provider_code, channel_group, message_id, item_count, control_sum_vnd)
      SELECT ${cycleId}, provider_code, channel_group,
             'C' || lpad(${cycleId}::text, 7, '0') || '-' || provider_code || '-' || channel_group || '-1',
             count(*), sum(amount_vnd)
      FROM new_items GROUP BY provider_code, channel_group ORDER BY channel_group, provider_code`);
    // A province's cycle is a million items: keys and indexes are checked and built once (db/bulk.ts).
    const plans = [{ table: 'disbursement_items', newRows: itemCount!.count }, { table: 'disbursement_item_lines', newRows: itemCount!.count }];
    await withBulkLoad(tx, plans, async () => {
      await tx.execute(sql`
        INSERT INTO disbursement_items (id, batch_id, cycle_id, person_id, end_to_end_id, amount_vnd, personal_id, full_name, channel, provider_code,
          account_number, account_holder, representative_name, province_code, commune_code)
        OVERRIDING SYSTEM VALUE
        SELECT n.item_id, b.id, ${cycleId}, n.person_id, 'SA' || lpad(${cycleId}::text, 7, '0') || lpad(n.seq::text, 9, '0'), n.amount_vnd, n.personal_id, n.full_name,
               n.channel, n.provider_code, n.account_number, n.account_holder, n.representative_name, n.province_code, n.commune_code
        FROM new_items n JOIN disbursement_batches b ON b.cycle_id = ${cycleId} AND b.provider_code = n.provider_code AND b.channel_group = n.channel_group AND b.round = 1
        ORDER BY n.seq`);
      await tx.execute(sql`INSERT INTO disbursement_item_lines (item_id, line_id) SELECT item_id, unnest(line_ids) FROM new_items ORDER BY item_id`);
    });
    // Fresh statistics for the million rows just written: later keyset reads plan well.
    await tx.execute(sql`ANALYZE disbursement_items`);
    await tx.execute(sql`ANALYZE disbursement_item_lines`);
    // Control totals are the cycle's money to the đồng (pair assertion with the payroll triggers).
    const totals = await queryOne<{ batches: string; items: string }>(
      tx,
      sql`SELECT (SELECT COALESCE(sum(control_sum_vnd), 0) FROM disbursement_batches WHERE cycle_id = ${cycleId})::text AS batches,
                 (SELECT COALESCE(sum(amount_vnd), 0) FROM disbursement_items WHERE cycle_id = ${cycleId})::text AS items`,
    );
    const [batchesVnd, itemsVnd] = [vndFromDb(totals!.batches), vndFromDb(totals!.items)];
    if (batchesVnd !== cycle.totalVnd || itemsVnd !== cycle.totalVnd) {
      throw new Error(`cycle ${cycleId}: batches ${batchesVnd} / items ${itemsVnd} ≠ total ${cycle.totalVnd}`);
    }
    await postFunding(tx, cycleId, cycle.fundedAmountVnd ?? cycle.totalVnd, cycle.fundedReference ?? '');
    await tx.execute(sql`UPDATE payroll_cycles SET status = 'DISBURSING', version = version + 1 WHERE id = ${cycleId}`);
    await insertCycleEvent(tx, { cycleId, from: 'FUNDED', to: 'DISBURSING', actor: actor.username, comment: 'batches created' });
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
  const rows = await queryRows<Omit<BatchView, 'controlSumVnd'> & { controlSumVnd: string }>(
    executor,
    sql`SELECT b.id::int AS id, b.provider_code AS "providerCode", p.short_name AS "providerName", b.channel_group AS "channelGroup", b.round,
               b.message_id AS "messageId", b.item_count AS "itemCount", b.control_sum_vnd::text AS "controlSumVnd", b.sent_at::text AS "sentAt",
               jsonb_build_object(
                 'pending', count(*) FILTER (WHERE i.transmission = 'PENDING'), 'sent', count(*) FILTER (WHERE i.transmission = 'SENT'),
                 'acknowledged', count(*) FILTER (WHERE i.transmission = 'ACKNOWLEDGED'), 'paid', count(*) FILTER (WHERE i.outcome = 'PAID'),
                 'failed', count(*) FILTER (WHERE i.outcome = 'FAILED'), 'returned', count(*) FILTER (WHERE i.outcome = 'RETURNED'),
                 'onHold', count(*) FILTER (WHERE i.outcome = 'ON_HOLD'), 'final', count(*) FILTER (WHERE i.is_final)) AS progress
        FROM disbursement_batches b
        LEFT JOIN providers p ON p.code = b.provider_code
        LEFT JOIN disbursement_items i ON i.batch_id = b.id
        WHERE b.cycle_id = ${cycleId}
        GROUP BY b.id, p.short_name ORDER BY b.id`,
  );
  return rows.map((row) => ({ ...row, controlSumVnd: vndFromDb(row.controlSumVnd) }));
}

export async function getBatches(ctx: AppContext, actor: Actor, cycleId: number): Promise<BatchView[]> {
  requirePermission(actor, 'payroll.read');
  await loadCycleForDisbursement(ctx.db.orm, actor, cycleId);
  const batches = (await listBatches(ctx.db.orm, cycleId)).map(viewOfBatch);
  // A payment-provider agent sees only their provider's batches.
  return actor.role === 'provider' ? batches.filter((batch) => batch.providerCode === actor.providerCode) : batches;
}
