import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subtractVnd, vnd, vndFromDb, vndToString } from '../src/core/money.js';
import { queryRows } from '../src/db/client.js';
import { exportBatchFile } from '../src/modules/disbursement/files.service.js';
import { checkLedger } from '../src/modules/disbursement/ledger-check.service.js';
import { reconcileFile } from '../src/modules/disbursement/reconcile.service.js';
import { createTestContext, type TestContext } from './helpers/context.js';
import { bankCode, createFundedCycle, type FundedCycle } from './helpers/disbursement-fixture.js';
import { tempDir } from './helpers/files.js';

/**
 * One result message may report several steps of the same item (accepted, then paid, then
 * returned) and even contradict itself: the steps are applied in the order of the state machine,
 * whatever their order in the file, and a contradiction is kept for review.
 */
describe('several results for one item in one message', () => {
  let ctx: TestContext;
  let fixture: FundedCycle;
  const dir = tempDir();

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx);
    const output = createWriteStream(join(dir, 'bank.csv'));
    await exportBatchFile(ctx, fixture.officer, { cycleId: fixture.cycleId, providerCode: bankCode, format: 'csv', output, handOver: true });
    if (!output.writableFinished) await once(output, 'finish');
  });
  afterAll(async () => ctx.close());

  it('applies every step of each item once, in the order of the state machine, and reports the contradiction', async () => {
    const items = await queryRows<{ e2e: string }>(
      ctx.db.orm,
      sql`SELECT end_to_end_id AS e2e FROM disbursement_items WHERE cycle_id = ${fixture.cycleId} AND provider_code = ${bankCode} ORDER BY id`,
    );
    const [returned, paidAfterRefusal, paidOnce] = items.map((item) => item.e2e) as [string, string, string];
    const path = join(dir, 'results.csv');
    writeFileSync(
      path,
      [
        'MaThamChieu,TrangThai,MaLyDo',
        // the return is listed before the payment it reverses
        `${returned},RETURNED,AC04`,
        `${returned},ACTC,`,
        `${returned},ACSC,`,
        // a refusal and a payment of the same item: the payment wins, the refusal is a conflict
        `${paidAfterRefusal},RJCT,AC01`,
        `${paidAfterRefusal},ACSC,`,
        `${paidOnce},ACSC,`,
      ].join('\n') + '\n',
    );
    const report = await reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path, providerCode: bankCode });
    expect(report).toMatchObject({ applied: 3, paid: 2, returned: 1, failed: {}, duplicates: 0 });
    expect(report.conflicts).toEqual([{ endToEndId: paidAfterRefusal, reason: 'ALREADY_PAID_REPORTED_FAILED' }]);

    const states = await queryRows<{ e2e: string; outcome: string; reason: string | null; transmission: string }>(
      ctx.db.orm,
      sql`SELECT end_to_end_id AS e2e, outcome, reason_code AS reason, transmission FROM disbursement_items
          WHERE end_to_end_id IN (${returned}, ${paidAfterRefusal}, ${paidOnce}) ORDER BY id`,
    );
    expect(states).toEqual([
      { e2e: returned, outcome: 'RETURNED', reason: 'AC04', transmission: 'ACKNOWLEDGED' },
      { e2e: paidAfterRefusal, outcome: 'PAID', reason: null, transmission: 'ACKNOWLEDGED' },
      { e2e: paidOnce, outcome: 'PAID', reason: null, transmission: 'ACKNOWLEDGED' },
    ]);
    const movements = await queryRows<{ e2e: string; kind: string }>(
      ctx.db.orm,
      sql`SELECT reference AS e2e, kind FROM ledger_entries WHERE item_id IS NOT NULL ORDER BY reference, kind`,
    );
    expect(movements).toEqual(
      [
        { e2e: returned, kind: 'PAYOUT' }, { e2e: returned, kind: 'REFUND' }, { e2e: returned, kind: 'RETURN' },
        { e2e: paidAfterRefusal, kind: 'PAYOUT' }, { e2e: paidOnce, kind: 'PAYOUT' },
      ].sort((a, b) => a.e2e.localeCompare(b.e2e) || a.kind.localeCompare(b.kind)),
    );
    expect((await checkLedger(ctx.db.orm, fixture.cycleId)).ok).toBe(true);
  });

  it('applies a later file with one result per item, and reports a result that contradicts a final one', async () => {
    const items = await queryRows<{ e2e: string }>(
      ctx.db.orm,
      sql`SELECT end_to_end_id AS e2e FROM disbursement_items WHERE cycle_id = ${fixture.cycleId} AND provider_code = ${bankCode} ORDER BY id`,
    );
    const path = join(dir, 'results-2.csv');
    // items 4 and 5 are paid; item 3 (paid before) is now reported failed: kept as a conflict
    writeFileSync(path, `MaThamChieu,TrangThai,MaLyDo\n${items[3]!.e2e},ACSC,\n${items[4]!.e2e},ACSC,\n${items[2]!.e2e},RJCT,AC04\n`);
    const report = await reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path, providerCode: bankCode });
    expect(report).toMatchObject({ applied: 2, paid: 2, duplicates: 0 });
    expect(report.conflicts).toEqual([{ endToEndId: items[2]!.e2e, reason: 'ALREADY_PAID_REPORTED_FAILED' }]);
  });
});

/**
 * A bank's result file may say how much it moved. An amount that differs from the item's is
 * reported and leaves the item as it was; an amount that is not a whole number of đồng stops the
 * file at its line, before anything is applied.
 */
describe('amounts in a CSV result file', () => {
  let ctx: TestContext;
  let fixture: FundedCycle;
  const dir = tempDir();

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx);
    const output = createWriteStream(join(dir, 'bank.csv'));
    await exportBatchFile(ctx, fixture.officer, { cycleId: fixture.cycleId, providerCode: bankCode, format: 'csv', output, handOver: true });
    if (!output.writableFinished) await once(output, 'finish');
  });
  afterAll(async () => ctx.close());

  it('applies an item whose amount agrees, reports one that differs, refuses one that is not an amount', async () => {
    const items = await queryRows<{ e2e: string; amount: string }>(
      ctx.db.orm,
      sql`SELECT end_to_end_id AS e2e, amount_vnd::text AS amount FROM disbursement_items WHERE cycle_id = ${fixture.cycleId} AND provider_code = ${bankCode} ORDER BY id`,
    );
    const [agrees, differs] = items as [{ e2e: string; amount: string }, { e2e: string; amount: string }];
    const grouped = (amount: string) => amount.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    const write = (name: string, rows: string[]) => {
      const path = join(dir, name);
      writeFileSync(path, ['MaThamChieu,TrangThai,MaLyDo,SoTien', ...rows].join('\n') + '\n');
      return path;
    };

    const malformed = write('malformed.csv', [`${agrees.e2e},ACSC,,${grouped(agrees.amount)}`, `${differs.e2e},ACSC,,"${agrees.amount},50"`]);
    await expect(reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path: malformed, providerCode: bankCode })).rejects.toMatchObject({
      code: 'RESULT_AMOUNT_INVALID',
      details: { line: 3 },
    });
    const untouched = await queryRows<{ outcome: string }>(ctx.db.orm, sql`SELECT DISTINCT outcome FROM disbursement_items WHERE cycle_id = ${fixture.cycleId}`);
    expect(untouched).toEqual([{ outcome: 'NONE' }]);

    const path = write('results.csv', [`${agrees.e2e},ACSC,,${grouped(agrees.amount)}`, `${differs.e2e},ACSC,,${vndToString(subtractVnd(vndFromDb(differs.amount), vnd(1n)))}`]);
    const report = await reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path, providerCode: bankCode });
    expect(report).toMatchObject({ applied: 1, paid: 1, unmatched: [{ endToEndId: differs.e2e, reason: 'AMOUNT_MISMATCH' }] });
    const states = await queryRows<{ e2e: string; outcome: string }>(
      ctx.db.orm,
      sql`SELECT end_to_end_id AS e2e, outcome FROM disbursement_items WHERE end_to_end_id IN (${agrees.e2e}, ${differs.e2e}) ORDER BY id`,
    );
    expect(states).toEqual([{ e2e: agrees.e2e, outcome: 'PAID' }, { e2e: differs.e2e, outcome: 'NONE' }]);
    expect((await checkLedger(ctx.db.orm, fixture.cycleId)).ok).toBe(true);
  });
});
