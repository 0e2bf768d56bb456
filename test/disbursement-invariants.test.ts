import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, type Executor } from '../src/db/client.js';
import { createTestContext, type TestContext } from './helpers/context.js';
import { createFundedCycle } from './helpers/disbursement-fixture.js';

/**
 * The database itself refuses what would break the money rules, whatever code (or person with
 * SQL access) tries: each statement runs in a transaction that is rolled back, so the cases do not
 * disturb one another.
 */
describe('money invariants enforced by the database', () => {
  let ctx: TestContext;
  let cycleId: number;
  let item: { id: number; batchId: number; otherBatchId: number };

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    ({ cycleId } = await createFundedCycle(ctx, { batches: true }));
    const row = await queryOne<{ id: number; batch_id: number; other: number }>(
      ctx.db.orm,
      sql`SELECT i.id::int AS id, i.batch_id::int AS batch_id,
                 (SELECT b.id::int FROM disbursement_batches b WHERE b.cycle_id = i.cycle_id AND b.id <> i.batch_id LIMIT 1) AS other
          FROM disbursement_items i WHERE i.cycle_id = ${cycleId} ORDER BY i.id LIMIT 1`,
    );
    item = { id: row!.id, batchId: row!.batch_id, otherBatchId: row!.other };
  });
  afterAll(async () => ctx.close());

  /** Runs `statement` and rolls it back; returns the database's error message, or null. */
  async function refusal(statement: (tx: Executor) => Promise<unknown>): Promise<string | null> {
    const rolledBack = new Error('rolled back');
    try {
      await ctx.db.orm.transaction(async (tx) => {
        await statement(tx);
        throw rolledBack;
      });
    } catch (error) {
      if (error === rolledBack) return null;
      const cause = (error as { cause?: { message?: string } }).cause;
      return cause?.message ?? (error as Error).message;
    }
    return null;
  }

  const update = (set: string) => (tx: Executor) => tx.execute(sql.raw(`UPDATE disbursement_items SET ${set} WHERE id = ${item.id}`));

  it('moves an item only forward, and never changes its payee or amount', async () => {
    expect(await refusal(update(`outcome = 'PAID', is_final = true, transmission = 'ACKNOWLEDGED'`))).toBeNull();
    expect(await refusal(async (tx) => {
      await update(`outcome = 'PAID', is_final = true, transmission = 'ACKNOWLEDGED'`)(tx);
      await update(`outcome = 'NONE', is_final = false`)(tx);
    })).toMatch(/outcome PAID → NONE is not allowed/);
    expect(await refusal(update(`amount_vnd = amount_vnd + 1`))).toMatch(/immutable/);
    expect(await refusal(update(`account_number = '9999999999'`))).toMatch(/immutable/);
    // an identity column takes no value but DEFAULT (a new id), which is refused too
    expect(await refusal(update(`id = id + 100000`))).toMatch(/can only be updated to DEFAULT/);
    expect(await refusal(update(`id = DEFAULT`))).toMatch(/append-only: UPDATE refused/);
    expect(await refusal(async (tx) => {
      await update(`transmission = 'ACKNOWLEDGED'`)(tx);
      await update(`transmission = 'SENT'`)(tx);
    })).toMatch(/transmission cannot go back/);
    // an outcome that may move, with a transmission that may not: the refusal names the transmission
    expect(await refusal(async (tx) => {
      await update(`transmission = 'ACKNOWLEDGED'`)(tx);
      await update(`transmission = 'SENT', outcome = 'ON_HOLD'`)(tx);
    })).toMatch(/transmission cannot go back/);
    // a statement over many items is refused as a whole when one of them breaks the rule
    expect(await refusal((tx) => tx.execute(sql`UPDATE disbursement_items SET outcome = 'RETURNED', reason_code = 'AC04', is_final = true WHERE cycle_id = ${cycleId}`))).toMatch(/not allowed/);
  });

  it('accepts ledger entries only for an item of the named batch and cycle, or for an existing cycle and batch', async () => {
    const entry = (batchId: number | null, itemId: number | null, cycle = cycleId) => (tx: Executor) =>
      tx.execute(sql`INSERT INTO ledger_entries (cycle_id, kind, debit_account, credit_account, amount_vnd, batch_id, item_id)
                     VALUES (${cycle}, 'PAYOUT', 'A', 'B', 1, ${batchId}, ${itemId})`);
    expect(await refusal(entry(item.batchId, item.id))).toBeNull();
    // each movement of an item happens once (ledger_entries_item_once)
    expect(await refusal(async (tx) => {
      await entry(item.batchId, item.id)(tx);
      await entry(item.batchId, item.id)(tx);
    })).toMatch(/ledger_entries_item_once/);
    expect(await refusal(entry(item.otherBatchId, item.id))).toMatch(/item \d+ is not an item of batch \d+ of cycle \d+/);
    expect(await refusal(entry(item.batchId, item.id + 100000))).toMatch(/is not an item of batch/);
    expect(await refusal(entry(null, item.id))).toMatch(/ledger_entries_item_has_batch|check constraint/);
    expect(await refusal(entry(item.batchId, null))).toBeNull();
    expect(await refusal(entry(item.batchId, null, cycleId + 1000))).toMatch(/batch|cycle .* does not exist/);
    expect(await refusal(entry(null, null, cycleId + 1000))).toMatch(/cycle \d+ does not exist/);
  });

  it('accepts items only in a batch of their cycle and for an existing person, and links only to lines of that cycle', async () => {
    const copyItem = (batch: string, person = 'person_id', cycle = 'cycle_id') => (tx: Executor) =>
      tx.execute(sql.raw(`INSERT INTO disbursement_items (batch_id, cycle_id, person_id, end_to_end_id, amount_vnd, personal_id, full_name, channel, provider_code, province_code, commune_code)
                          SELECT ${batch}, ${cycle}, ${person}, 'TEST' || id, amount_vnd, personal_id, full_name, channel, provider_code, province_code, commune_code
                          FROM disbursement_items WHERE id = ${item.id}`));
    expect(await refusal(copyItem(String(item.otherBatchId)))).toBeNull();
    expect(await refusal(copyItem(String(item.batchId), 'person_id', 'cycle_id + 1000'))).toMatch(/batch \d+ is not a batch of cycle \d+/);
    expect(await refusal(copyItem(String(item.batchId), 'person_id + 10000000'))).toMatch(/person \d+ does not exist/);
    const link = (lineId: string) => (tx: Executor) => tx.execute(sql.raw(`INSERT INTO disbursement_item_lines (item_id, line_id) SELECT ${item.id}, ${lineId}`));
    const otherLine = await queryOne<{ id: number }>(ctx.db.orm, sql`SELECT l.id::int AS id FROM payroll_lines l WHERE l.cycle_id = ${cycleId}
      AND NOT EXISTS (SELECT 1 FROM disbursement_item_lines il WHERE il.item_id = ${item.id} AND il.line_id = l.id) LIMIT 1`);
    expect(await refusal(link(String(otherLine!.id)))).toBeNull();
    expect(await refusal(link('-1'))).toMatch(/cannot pay line -1/);
    expect(await refusal((tx) => tx.execute(sql`UPDATE disbursement_item_lines SET line_id = line_id WHERE item_id = ${item.id}`))).toMatch(/append-only/);
    expect(await refusal((tx) => tx.execute(sql`DELETE FROM persons WHERE id = (SELECT person_id FROM disbursement_items WHERE id = ${item.id})`))).toMatch(/append-only: DELETE refused/);
    expect(await refusal((tx) => tx.execute(sql`DELETE FROM payroll_cycles WHERE id = ${cycleId}`))).toMatch(/append-only: DELETE refused/);
  });
});
