import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import { negateVnd, subtractVnd, vndFromDb } from '../src/core/money.js';
import { ledgerBalance } from '../src/modules/ledger/ledger.repository.js';
import type { PollReport, SendReport } from '../src/modules/disbursement/send.service.js';
import { createTestApp, loginCookie, type TestContext } from './helpers/context.js';
import { createSafeTestContext } from './helpers/safe-db.js';
import {
  bankCode,
  connectEndpoints,
  createFundedCycle,
  itemStates,
  postalCode,
  providerEvidence,
  startSimulators,
  walletCode,
  withDisbursementRoutes,
  type FundedCycle,
  type Simulators,
} from './helpers/disbursement-fixture.js';

/**
 * The whole loop through the API: bank host-to-host, G2P wallet with real signed callbacks and
 * VNPost; failures paid in cash in the same cycle (CASH_SAME_CYCLE), a return after success, stale
 * and duplicated messages — and at the end every đồng is where the items say it is.
 */
describe('disbursement loop: bank, wallet and VNPost', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let fixture: FundedCycle;
  let simulators: Simulators;
  let cookie: string;
  let firstItems: Record<string, string[]>;

  const api = async <T>(method: 'GET' | 'POST', path: string): Promise<T> => {
    const response = await app.inject({ method, url: `/api/v1/disbursement/cycles/${fixture.cycleId}${path}`, headers: { cookie }, ...(method === 'POST' ? { payload: {} } : {}) });
    if (response.statusCode !== 200) throw new Error(`${method} ${path}: ${response.statusCode} ${response.body}`);
    return response.json() as T;
  };
  const send = () => api<SendReport>('POST', '/send');
  const poll = () => api<PollReport>('POST', '/poll');

  /** Outcomes for the cash follow-ups of the next send (their ids exist only once the failures are known). */
  const forceFollowUps = async () => {
    const followUps = await queryRows<{ e2e: string; original: string }>(
      ctx.db.orm,
      sql`SELECT f.end_to_end_id AS e2e, o.end_to_end_id AS original FROM disbursement_items o JOIN disbursement_items f ON f.id = o.replaced_by_item_id WHERE o.cycle_id = ${fixture.cycleId}`,
    );
    const deceased = firstItems[bankCode]![3]!;
    simulators.postal.forceOutcomes(Object.fromEntries(followUps.map((row) => [row.e2e, row.original === deceased ? 'MD07' : 'SUCCESS'])));
  };

  beforeAll(async () => {
    ctx = await createSafeTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx, { failurePolicy: 'CASH_SAME_CYCLE' });
    app = await withDisbursementRoutes(await createTestApp(ctx), ctx);
    const callbackBase = await app.listen({ port: 0, host: '127.0.0.1' });
    cookie = await loginCookie(app, 'canbo');
    const rows = await queryRows<{ provider: string; e2e: string }>(ctx.db.orm, sql`SELECT provider_code AS provider, end_to_end_id AS e2e FROM disbursement_items WHERE cycle_id = ${fixture.cycleId} ORDER BY id`);
    firstItems = {};
    for (const row of rows) (firstItems[row.provider] ??= []).push(row.e2e);
    const [b, w, p] = [firstItems[bankCode]!, firstItems[walletCode]!, firstItems[postalCode]!];
    simulators = await startSimulators({
      bank: { outcomes: { [b[0]!]: 'SUCCESS', [b[1]!]: 'AC04', [b[2]!]: 'RETURN', [b[3]!]: 'MD07', [b[4]!]: 'SUCCESS' }, config: { partialAcceptance: true, duplicateRate: 1 } },
      wallet: { outcomes: { [w[0]!]: 'SUCCESS', [w[1]!]: 'BE01', [w[2]!]: 'SUCCESS' }, config: { partialAcceptance: true, duplicateRate: 1, lateCallbackRate: 1, lateCallbackMs: 30, callbackDelayMs: 10 } },
      postal: { outcomes: { [p[0]!]: 'REPRESENTATIVE', [p[1]!]: 'UNCLAIMED', [p[2]!]: 'SUCCESS' }, config: { partialAcceptance: true } },
    });
    await connectEndpoints(ctx, fixture.admin, simulators, callbackBase);
  });
  afterAll(async () => {
    await simulators?.close();
    await app?.close();
    await ctx?.close();
  });

  it('sends, learns the results from callbacks and polls, pays failures in cash, and balances to the đồng', async () => {
    expect(await send()).toMatchObject({ acknowledged: 3, rejected: 0, unknown: 0 });
    await simulators.wallet.idle();
    expect(simulators.wallet.stats().callbacks).toMatchObject({ failed: 0, late: 1, duplicates: 3 });

    // Bounded: each round is a poll, then a send of any new cash follow-up batch.
    let report: PollReport | undefined;
    for (let round = 0; round < 8; round++) {
      report = await poll();
      if (report.openItems === 0 && report.cycleStatus === 'RECONCILED' && round >= 2) break;
      await forceFollowUps();
      const sent = await send();
      expect(sent.rejected + sent.unknown).toBe(0);
    }
    expect(report).toMatchObject({ openItems: 0, cycleStatus: 'RECONCILED' });

    const items = await itemStates(ctx, fixture.cycleId);
    const first = (provider: string, index: number) => items.find((item) => item.endToEndId === firstItems[provider]![index])!;
    expect([bankCode, bankCode, bankCode, bankCode, bankCode].map((provider, index) => [first(provider, index).outcome, first(provider, index).reasonCode])).toEqual([
      ['PAID', null],
      ['FAILED', 'AC04'],
      ['RETURNED', 'AC04'],
      ['FAILED', 'MD07'],
      ['PAID', null],
    ]);
    expect([0, 1, 2].map((index) => [first(walletCode, index).outcome, first(walletCode, index).reasonCode])).toEqual([
      ['PAID', null],
      ['FAILED', 'BE01'],
      ['PAID', null],
    ]);
    expect([0, 1, 2].map((index) => [first(postalCode, index).outcome, first(postalCode, index).reasonCode])).toEqual([
      ['PAID', null],
      ['FAILED', 'UNCLAIMED'],
      ['PAID', null],
    ]);
    // Bank AC04, bank return and wallet BE01 went to VNPost in later rounds; the deceased (MD07) is
    // not paid in cash: the commune reviews the death first.
    const followUps = items.filter((item) => item.round > 1);
    expect(followUps.map((item) => item.outcome).sort()).toEqual(['PAID', 'PAID', 'PAID']);

    // Nobody paid twice: per person at most one item stays PAID; each batch processed once; each payment paid out once.
    const paidPerPerson = await queryRows<{ count: number }>(ctx.db.orm, sql`SELECT count(*)::int AS count FROM disbursement_items WHERE cycle_id = ${fixture.cycleId} AND outcome = 'PAID' GROUP BY person_id ORDER BY 1 DESC LIMIT 1`);
    expect(paidPerPerson[0]!.count).toBe(1);
    const evidence = providerEvidence(simulators);
    expect(Object.values(evidence.processed).every((times) => times === 1)).toBe(true);
    expect(evidence.payoutsMax).toBe(1);
    const batches = await queryRows<{ count: number }>(ctx.db.orm, sql`SELECT count(*)::int AS count FROM disbursement_batches WHERE cycle_id = ${fixture.cycleId}`);
    expect(Object.keys(evidence.processed)).toHaveLength(batches[0]!.count);

    // The ledger, to the đồng.
    const check = await app.inject({ method: 'GET', url: `/api/v1/ledger/check?cycle=${fixture.cycleId}`, headers: { cookie } });
    expect(check.json()).toMatchObject({ ok: true, problems: [] });
    const sums = await queryRows<{ total: string; paid: string }>(
      ctx.db.orm,
      sql`SELECT c.total_vnd::text AS total, (SELECT COALESCE(sum(amount_vnd), 0) FROM disbursement_items WHERE cycle_id = c.id AND outcome = 'PAID')::text AS paid FROM payroll_cycles c WHERE c.id = ${fixture.cycleId}`,
    );
    const { total, paid } = sums[0]!;
    expect(await ledgerBalance(ctx.db.orm, `BENEFICIARIES:${fixture.cycleId}`)).toBe(vndFromDb(paid));
    expect(await ledgerBalance(ctx.db.orm, `FUND:${fixture.cycleId}`)).toBe(subtractVnd(vndFromDb(total), vndFromDb(paid)));
    expect(await ledgerBalance(ctx.db.orm, 'TREASURY')).toBe(negateVnd(vndFromDb(total)));
    for (const provider of [bankCode, walletCode, postalCode]) expect(await ledgerBalance(ctx.db.orm, `PROVIDER:${provider}:${fixture.cycleId}`)).toBe(0n);

    // A poll after everything is final changes nothing.
    const ledgerRows = await queryRows<{ count: number }>(ctx.db.orm, sql`SELECT count(*)::int AS count FROM ledger_entries`);
    const quiet = await poll();
    expect(quiet.batches.reduce((sum, batch) => sum + batch.applied, 0)).toBe(0);
    expect((await queryRows<{ count: number }>(ctx.db.orm, sql`SELECT count(*)::int AS count FROM ledger_entries`))[0]!.count).toBe(ledgerRows[0]!.count);
  });

  it('reports the reconciliation and the batches through the API', async () => {
    const report = await api<{ rows: { providerCode: string; outcome: string; items: number }[]; failed: unknown[] }>('GET', '/report');
    expect(report.rows.filter((row) => row.outcome === 'RETURNED')).toEqual([expect.objectContaining({ providerCode: bankCode, items: 1 })]);
    const xlsx = await app.inject({ method: 'GET', url: `/api/v1/disbursement/cycles/${fixture.cycleId}/report.xlsx`, headers: { cookie } });
    expect([xlsx.statusCode, xlsx.rawPayload.subarray(0, 2).toString()]).toEqual([200, 'PK']);
    const batches = await api<{ providerCode: string; round: number; progress: { final: number } }[]>('GET', '/batches');
    expect(batches.filter((batch) => batch.providerCode === postalCode).length).toBeGreaterThan(1);
  });
});
