import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import { confirmCash } from '../src/modules/disbursement/cash.service.js';
import { exportBatchFile, type FileFormat } from '../src/modules/disbursement/files.service.js';
import { carryOverPaymentsRelation, linePaymentOutcomesRelation } from '../src/modules/disbursement/payment-items.service.js';
import { reconcileFile } from '../src/modules/disbursement/reconcile.service.js';
import { createTestContext, type TestContext } from './helpers/context.js';
import { bankCode, createFundedCycle, postalCode, type FundedCycle } from './helpers/disbursement-fixture.js';
import { tempDir } from './helpers/files.js';

/**
 * line_states (migration 0040) holds each paid line's current payment, kept by triggers in the
 * transaction of every change of its payments. After each step of a cycle's loop — batches
 * created, a bank result file (paid, refused, returned after success), the cash follow-ups of the
 * failures, cash confirmed by the agent (paid, not found), a carry-over, a reversal — the table
 * equals what the monthly report derived from the payments before it (the oracle below: the latest
 * item of each line by id, its state, and whether one of its payments is carried over).
 */
const oracle = sql`
  SELECT l.id::int AS line_id, l.cycle_id::int AS cycle_id, l.person_id::int AS person_id, l.province_code, l.commune_code, l.programme,
         l.amount_vnd::text AS amount_vnd, (l.reversed_at IS NOT NULL) AS reversed, t.item_id::int AS item_id, t.channel, t.provider_code,
         CASE WHEN t.outcome = 'PAID' THEN 'PAID'
              WHEN t.is_final AND t.outcome IN ('FAILED', 'RETURNED') THEN t.outcome
              ELSE 'OUTSTANDING' END AS state,
         t.reason_code, t.paid_at::text AS paid_at,
         EXISTS (SELECT 1 FROM ${carryOverPaymentsRelation()} co WHERE co.line_id = l.id) AS carried,
         (SELECT count(*)::int FROM ${linePaymentOutcomesRelation()} p WHERE p.line_id = l.id) AS items
  FROM payroll_lines l
  JOIN (SELECT DISTINCT ON (line_id) line_id, item_id, channel, provider_code, outcome, reason_code, is_final, paid_at
        FROM ${linePaymentOutcomesRelation()} p ORDER BY line_id, item_id DESC) t ON t.line_id = l.id
  ORDER BY l.id`;

const kept = sql`
  SELECT line_id::int AS line_id, cycle_id::int AS cycle_id, person_id::int AS person_id, province_code, commune_code, programme,
         amount_vnd::text AS amount_vnd, reversed, item_id::int AS item_id, channel, provider_code, state, reason_code, paid_at::text AS paid_at, carried, items
  FROM line_states ORDER BY line_id`;

type Row = Record<string, unknown>;

async function expectKept(ctx: TestContext): Promise<Row[]> {
  const expected = await queryRows<Row>(ctx.db.orm, oracle);
  expect(await queryRows<Row>(ctx.db.orm, kept)).toEqual(expected);
  // each cycle's count of lines with a row
  const counts = await queryRows<{ cycleId: number; lines: number; rows: number }>(
    ctx.db.orm,
    sql`SELECT n.cycle_id::int AS "cycleId", n.lines::int AS lines, (SELECT count(*)::int FROM line_states s WHERE s.cycle_id = n.cycle_id) AS rows
        FROM line_states_cycles n ORDER BY n.cycle_id`,
  );
  for (const count of counts) expect(count.lines, `cycle ${count.cycleId}`).toBe(count.rows);
  expect(counts.reduce((sum, count) => sum + count.lines, 0)).toBe(expected.length);
  return expected;
}

const states = (rows: Row[]) => rows.reduce<Record<string, number>>((acc, row) => ({ ...acc, [String(row.state)]: (acc[String(row.state)] ?? 0) + 1 }), {});

describe.each(['CASH_SAME_CYCLE', 'CARRY_OVER'] as const)('line_states after a cycle paid under %s', (policy) => {
  let ctx: TestContext;
  let fixture: FundedCycle;
  const dir = tempDir();
  const items = (providerCode: string, channel?: string) =>
    queryRows<{ id: number; e2e: string }>(
      ctx.db.orm,
      sql`SELECT id::int AS id, end_to_end_id AS e2e FROM disbursement_items
          WHERE cycle_id = ${fixture.cycleId} AND provider_code = ${providerCode} AND (${channel ?? null}::text IS NULL OR channel = ${channel ?? null})
          ORDER BY id`,
    );
  const handOver = async (providerCode: string, format: FileFormat) => {
    const output = createWriteStream(join(dir, `${providerCode}-${Date.now()}.${format}`));
    await exportBatchFile(ctx, fixture.officer, { cycleId: fixture.cycleId, providerCode, format, output, handOver: true });
    if (!output.writableFinished) await once(output, 'finish');
  };
  afterAll(async () => ctx?.close());

  it('follows every change of the payments in the same transaction', async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx, { failurePolicy: policy });
    // batches created: every line has an item, none paid yet
    let rows = await expectKept(ctx);
    expect(rows.length).toBeGreaterThan(0);
    expect(states(rows)).toEqual({ OUTSTANDING: rows.length });

    // a bank file handed over (transmission only: nothing changes), then its results
    await handOver(bankCode, 'csv');
    await expectKept(ctx);
    const [returned, refused, ...paid] = await items(bankCode);
    const path = join(dir, 'bank-results.csv');
    writeFileSync(
      path,
      [
        'MaThamChieu,TrangThai,MaLyDo,NgayChi',
        `${returned!.e2e},ACSC,,2024-07-08`,
        `${returned!.e2e},RETURNED,AC04,`,
        `${refused!.e2e},RJCT,AC01,`,
        ...paid.map((item) => `${item.e2e},ACSC,,2024-07-09`),
      ].join('\n') + '\n',
    );
    await reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path, providerCode: bankCode });
    rows = await expectKept(ctx);
    expect(rows.filter((row) => row.channel === 'TK_NGAN_HANG' && row.state === 'PAID')).toHaveLength(paid.length);

    // cash: under CASH_SAME_CYCLE the two failures are paid again in cash (later items replace them)
    const cash = await items(postalCode);
    if (policy === 'CASH_SAME_CYCLE') {
      expect(cash.length).toBeGreaterThan(3);
      const replaced = await queryRows<{ replacement: number }>(
        ctx.db.orm,
        sql`SELECT replaced_by_item_id::int AS replacement FROM disbursement_items WHERE id IN (${returned!.id}, ${refused!.id}) AND replaced_by_item_id IS NOT NULL`,
      );
      expect(replaced).toHaveLength(2);
      // the lines of the failed transfers now take the state of their cash payment
      expect(rows.filter((row) => replaced.some((item) => item.replacement === row.item_id)).map((row) => row.channel)).toEqual(['TIEN_MAT', 'TIEN_MAT']);
    } else {
      expect(rows.filter((row) => row.carried)).toHaveLength(2);
    }
    const [first, second, ...rest] = cash;
    await handOver(postalCode, 'cash-list');
    await expectKept(ctx);
    const confirmed = await confirmCash(ctx, fixture.agent, {
      cycleId: fixture.cycleId,
      requestId: `cash-${policy}`,
      confirmations: [
        { endToEndId: first!.e2e, result: 'PAID_SELF', date: '10/07/2024' },
        { endToEndId: second!.e2e, result: 'NOT_FOUND' },
        ...rest.map((item) => ({ endToEndId: item.e2e, result: 'PAID_REPRESENTATIVE' as const, date: '11/07/2024' })),
      ],
    });
    expect(confirmed).toMatchObject({ paid: 2, failed: { UNCLAIMED: 1 } });
    rows = await expectKept(ctx);
    // a cash payment not made is carried over (cash is never paid again in the same cycle), as are
    // the transfers that failed under CARRY_OVER
    expect(rows.filter((row) => row.state === 'FAILED' && row.channel === 'TIEN_MAT' && row.carried)).toHaveLength(1);
    expect(rows.filter((row) => row.carried)).toHaveLength(policy === 'CARRY_OVER' ? 3 : 1);

    // a reversal of a line (recorded as reverseRecoveryLines does) is followed too
    const line = rows.find((row) => row.state === 'PAID')!;
    await ctx.db.orm.execute(sql`UPDATE payroll_lines SET reversed_at = now(), reversed_by = 'test', reversal_reason = 'test' WHERE id = ${line.line_id}`);
    rows = await expectKept(ctx);
    expect(rows.find((row) => row.line_id === line.line_id)).toMatchObject({ reversed: true });
  });
});
