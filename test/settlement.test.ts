import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/app/commands.js';
import { parseVnd, vndFromDb, vndToNumber, vndToString } from '../src/core/money.js';
import { queryRows } from '../src/db/client.js';
import { confirmCash } from '../src/modules/disbursement/cash.service.js';
import { exportBatchFile, type FileFormat } from '../src/modules/disbursement/files.service.js';
import { reconcileFile } from '../src/modules/disbursement/reconcile.service.js';
import { closeCycle, cycleSettlement } from '../src/modules/disbursement/settlement.service.js';
import { cycleFees, setFeeSchedule } from '../src/modules/fees/fees.service.js';
import { findCycle } from '../src/modules/payroll/payroll.service.js';
import { createTestApp, createTestContext, json, loginCookie, type TestContext } from './helpers/context.js';
import { bankCode, createFundedCycle, postalCode, walletCode, type FundedCycle } from './helpers/disbursement-fixture.js';
import { tempDir } from './helpers/files.js';

/**
 * The settlement and close of a cycle (issue 21, requirement 6): from the ledger, funded = paid +
 * returned to the Treasury, the providers hold nothing, the carried-over part is named; a cycle
 * closes only reconciled and balanced, moves its fund's remainder back to the Treasury once, and
 * from then on the database refuses any change to it, its lines, payments, batches and money.
 */
describe('settling and closing a cycle', () => {
  let ctx: TestContext;
  let fixture: FundedCycle;
  const dir = tempDir();
  const items = (providerCode: string) =>
    queryRows<{ id: number; e2e: string; amountVnd: string }>(
      ctx.db.orm,
      sql`SELECT id::int AS id, end_to_end_id AS e2e, amount_vnd::text AS "amountVnd" FROM disbursement_items WHERE cycle_id = ${fixture.cycleId} AND provider_code = ${providerCode} ORDER BY id`,
    );
  const handOver = async (providerCode: string, format: FileFormat) => {
    const output = createWriteStream(join(dir, `${providerCode}.${format}`));
    await exportBatchFile(ctx, fixture.officer, { cycleId: fixture.cycleId, providerCode, format, output, handOver: true });
    if (!output.writableFinished) await once(output, 'finish');
  };
  const results = async (providerCode: string, lines: string[]) => {
    const path = join(dir, `${providerCode}-results.csv`);
    writeFileSync(path, ['MaThamChieu,TrangThai,MaLyDo', ...lines].join('\n') + '\n');
    return reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path, providerCode });
  };

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx, { failurePolicy: 'CARRY_OVER' });
    await setFeeSchedule(ctx, fixture.admin, { providerCode: bankCode, channel: 'TK_NGAN_HANG', validFrom: '2024-01-01', pct: '0.05', minVnd: 2_000, vatPct: '10' });
  });
  afterAll(async () => ctx.close());

  it('does not close a cycle that is not reconciled; its settlement says why', async () => {
    await handOver(bankCode, 'csv');
    const settlement = await cycleSettlement(ctx, fixture.officer, fixture.cycleId);
    expect(settlement).toMatchObject({ balances: false, status: 'DISBURSING' });
    expect(settlement.problems).toEqual(expect.arrayContaining(['NOT_RECONCILED', 'PROVIDERS_HOLD_MONEY']));
    await expect(closeCycle(ctx, fixture.admin, fixture.cycleId)).rejects.toMatchObject({ code: 'SETTLEMENT_UNBALANCED', status: 409 });
    await expect(closeCycle(ctx, fixture.officer, fixture.cycleId)).rejects.toMatchObject({ status: 403 });
  });

  it('settles a reconciled cycle from its ledger and closes it once, returning the fund’s remainder to the Treasury', async () => {
    const bank = await items(bankCode);
    const [returned, refused, ...paid] = bank;
    await results(bankCode, [`${returned!.e2e},ACSC,`, `${returned!.e2e},RETURNED,AC04`, `${refused!.e2e},RJCT,AC01`, ...paid.map((item) => `${item.e2e},ACSC,`)]);
    await handOver(walletCode, 'csv');
    await results(walletCode, (await items(walletCode)).map((item) => `${item.e2e},ACSC,`));
    await handOver(postalCode, 'cash-list');
    const cash = await items(postalCode);
    const confirmed = await confirmCash(ctx, fixture.agent, {
      cycleId: fixture.cycleId,
      requestId: 'cash',
      confirmations: cash.map((item, index) => ({ endToEndId: item.e2e, result: index === 0 ? 'NOT_FOUND' : 'PAID_SELF', ...(index === 0 ? {} : { date: '10/07/2024' }) })),
    });
    expect(confirmed.cycleStatus).toBe('RECONCILED');

    const amount = (list: { amountVnd: string }[]) => list.reduce((sum, item) => sum + vndToNumber(vndFromDb(item.amountVnd)), 0);
    const cycle = (await findCycle(ctx.db.orm, { level: 'national' }, fixture.cycleId))!;
    const funded = vndToNumber(cycle.totalVnd);
    const unpaid = amount([returned!, refused!, cash[0]!]);
    const before = await cycleSettlement(ctx, fixture.officer, fixture.cycleId);
    expect(before).toMatchObject({
      status: 'RECONCILED', balances: true, problems: [], fundedVnd: funded, dispatchedVnd: funded, paidVnd: funded - unpaid, refundedVnd: unpaid,
      atProvidersVnd: 0, heldVnd: unpaid, returnedToTreasuryVnd: unpaid,
    });
    // the bank refusal, the return and the unclaimed cash are owed again next month
    expect(before.carriedOver).toEqual({ items: 3, amountVnd: unpaid });
    expect(before.feesVnd).toBe((await cycleFees(ctx, fixture.officer, fixture.cycleId)).totalVnd);

    const closed = await closeCycle(ctx, fixture.admin, fixture.cycleId, 'Quyết toán tháng 7');
    expect(closed).toMatchObject({ changed: true, status: 'CLOSED', balances: true, heldVnd: 0, returnedToTreasuryVnd: unpaid, paidVnd: funded - unpaid });
    const settlement = await queryRows<{ kind: string; debit: string; credit: string; amount: string }>(
      ctx.db.orm,
      sql`SELECT kind, debit_account AS debit, credit_account AS credit, amount_vnd::text AS amount FROM ledger_entries WHERE cycle_id = ${fixture.cycleId} AND kind = 'SETTLEMENT'`,
    );
    expect(settlement).toEqual([{ kind: 'SETTLEMENT', debit: 'TREASURY', credit: `FUND:${fixture.cycleId}`, amount: vndToString(parseVnd(unpaid)) }]);
    // again: nothing changes
    expect(await closeCycle(ctx, fixture.admin, fixture.cycleId)).toMatchObject({ changed: false, status: 'CLOSED', returnedToTreasuryVnd: unpaid });
    const audit = await queryRows<{ action: string }>(ctx.db.orm, sql`SELECT action FROM audit_events WHERE action = 'payroll.closed' AND entity_id = ${String(fixture.cycleId)}`);
    expect(audit).toHaveLength(1);
  });

  it('refuses in the database any change to a closed cycle, its lines, payments, batches and money', async () => {
    const refused = async (statement: ReturnType<typeof sql>) => {
      const error = await ctx.db.orm.transaction(async (tx) => tx.execute(statement)).then(() => null, (caught: unknown) => caught as Error & { cause?: Error });
      expect(String(error?.cause?.message ?? error?.message)).toMatch(/payroll cycle \d+ is closed/);
    };
    const id = fixture.cycleId;
    await refused(sql`UPDATE payroll_cycles SET last_comment = 'x' WHERE id = ${id}`);
    await refused(sql`UPDATE payroll_lines SET reversed_at = now(), reversed_by = 'x', reversal_reason = 'x' WHERE cycle_id = ${id}`);
    await refused(sql`UPDATE disbursement_items SET follow_up = NULL WHERE cycle_id = ${id} AND is_final`);
    await refused(sql`UPDATE disbursement_batches SET sent_at = now() WHERE cycle_id = ${id}`);
    // a refund of a paid item: no unique key stops it first
    await refused(sql`INSERT INTO ledger_entries (cycle_id, kind, debit_account, credit_account, amount_vnd, batch_id, item_id)
                      SELECT cycle_id, 'REFUND', ${`FUND:${id}`}, 'PROVIDER:' || provider_code || ':' || cycle_id, amount_vnd, batch_id, id
                      FROM disbursement_items WHERE cycle_id = ${id} AND outcome = 'PAID' LIMIT 1`);
    await refused(sql`INSERT INTO disbursement_batches (cycle_id, provider_code, channel_group, round, message_id, item_count, control_sum_vnd)
                      VALUES (${id}, ${bankCode}, 'BANK', 9, 'CLOSED-TEST-1', 1, 1)`);
  });

  it('answers asxh payroll settlement|close and their routes', async () => {
    const direct = await cycleSettlement(ctx, fixture.officer, fixture.cycleId);
    expect(await runCommand(ctx, { name: 'payroll.settlement', args: { cycle: String(fixture.cycleId) }, as: 'canbo', operator: 'test', requestId: 'settle' })).toEqual(direct);
    const app = await createTestApp(ctx);
    try {
      const cookie = await loginCookie(app, 'quantri');
      const view = await app.inject({ method: 'GET', url: `/api/v1/payroll/cycles/${fixture.cycleId}/settlement`, headers: { cookie } });
      expect(view.statusCode, view.body).toBe(200);
      expect(json(view)).toEqual(await cycleSettlement(ctx, fixture.admin, fixture.cycleId));
      const close = await app.inject({ method: 'POST', url: `/api/v1/payroll/cycles/${fixture.cycleId}/close`, headers: { cookie }, payload: {} });
      expect(close.statusCode, close.body).toBe(200);
      expect(json(close)).toMatchObject({ changed: false, status: 'CLOSED' });
    } finally {
      await app.close();
    }
  });
});
