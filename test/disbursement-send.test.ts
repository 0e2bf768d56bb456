import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exchange } from '../src/adapters/providers/provider-http.js';
import { idempotencyKeyHeader, providerPaths } from '../src/adapters/providers/provider-protocol.js';
import { queryRows } from '../src/db/client.js';
import { setProviderEndpoint } from '../src/modules/disbursement/endpoints.service.js';
import { exportBatchFile } from '../src/modules/disbursement/files.service.js';
import { checkLedger } from '../src/modules/disbursement/ledger-check.service.js';
import { sendCycle, type SendReport } from '../src/modules/disbursement/send.service.js';
import { createTestUser, type TestContext } from './helpers/context.js';
import { createSafeTestContext } from './helpers/safe-db.js';
import { bankCode, connectEndpoints, createFundedCycle, postalCode, providerSecrets, startSimulators, walletCode, type FundedCycle, type Simulators } from './helpers/disbursement-fixture.js';

/** Send protocol against the simulators: acknowledgement, unknown outcomes resolved by a status query, 409/422, refusals, bounds. */
const fast = { backoffMsBase: 50, backoffMsMax: 400 };

function byProvider(report: SendReport): Record<string, SendReport['batches'][number]> {
  return Object.fromEntries(report.batches.map((batch) => [batch.providerCode, batch]));
}

async function attempts(ctx: TestContext, cycleId: number) {
  return queryRows<{ provider: string; key: string; messageId: string; state: string }>(
    ctx.db.orm,
    sql`SELECT b.provider_code AS provider, a.idempotency_key AS key, b.message_id AS "messageId", a.state
        FROM disbursement_attempts a JOIN disbursement_batches b ON b.id = a.batch_id WHERE b.cycle_id = ${cycleId} ORDER BY a.id`,
  );
}

describe('sending batches to the providers', () => {
  let ctx: TestContext;
  let fixture: FundedCycle;
  let simulators: Simulators;

  beforeEach(async () => {
    ctx = await createSafeTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx);
  });
  afterEach(async () => {
    await simulators?.close();
    await ctx.close();
  });

  it('hands every batch over once, marks it sent with the ledger moved, and a second run sends nothing', async () => {
    simulators = await startSimulators();
    await connectEndpoints(ctx, fixture.admin, simulators);
    const report = await sendCycle(ctx, fixture.officer, fixture.cycleId, fast);
    expect(report).toMatchObject({ acknowledged: 3, rejected: 0, unknown: 0, skipped: 0 });
    expect(report.batches.map((batch) => [batch.providerCode, batch.endpointKind, batch.outcome, batch.resolvedBy])).toEqual([
      [bankCode, 'BANK_H2H', 'ACKNOWLEDGED', 'submit'],
      [postalCode, 'POSTAL', 'ACKNOWLEDGED', 'submit'],
      [walletCode, 'G2P', 'ACKNOWLEDGED', 'submit'],
    ]);
    const sent = await queryRows<{ sent: number }>(ctx.db.orm, sql`SELECT count(*)::int AS sent FROM disbursement_batches WHERE cycle_id = ${fixture.cycleId} AND sent_at IS NOT NULL`);
    expect(sent[0]!.sent).toBe(3);
    expect((await checkLedger(ctx.db.orm, fixture.cycleId)).ok).toBe(true);
    for (const attempt of await attempts(ctx, fixture.cycleId)) expect([attempt.key, attempt.state]).toEqual([attempt.messageId, 'ACKNOWLEDGED']);

    const again = await sendCycle(ctx, fixture.officer, fixture.cycleId, fast);
    expect(again.batches.map((batch) => batch.outcome)).toEqual(['ALREADY_ACKNOWLEDGED', 'ALREADY_ACKNOWLEDGED', 'ALREADY_ACKNOWLEDGED']);
    expect(simulators.all.map((simulator) => simulator.stats().submissions)).toEqual([1, 1, 1]);
  });

  it('after a timeout asks for the status instead of resending, and resends with the same key only when the provider lacks the batch', async () => {
    simulators = await startSimulators({
      wallet: { config: { hangFirstRequestMs: 2_000, hangProcesses: true } },
      bank: { config: { hangFirstRequestMs: 2_000, hangProcesses: true } },
      postal: { config: { hangFirstRequestMs: 2_000, hangProcesses: false } },
    });
    await connectEndpoints(ctx, fixture.admin, simulators);
    const report = byProvider(await sendCycle(ctx, fixture.officer, fixture.cycleId, { ...fast, timeoutMs: 300 }));
    // Processed but the answer was lost: the status query finds it, nothing is sent again.
    expect(report[walletCode]).toMatchObject({ outcome: 'ACKNOWLEDGED', resolvedBy: 'status-query' });
    expect(report[bankCode]).toMatchObject({ outcome: 'ACKNOWLEDGED', resolvedBy: 'status-query' });
    expect(simulators.wallet.stats()).toMatchObject({ submissions: 1, processed: { [report[walletCode]!.messageId]: 1 } });
    expect(simulators.bank.stats().submissions).toBe(1);
    // Lost before processing: the status query says "not found", the same list goes again.
    expect(report[postalCode]).toMatchObject({ outcome: 'ACKNOWLEDGED', resolvedBy: 'submit' });
    expect(simulators.postal.stats()).toMatchObject({ submissions: 2, processed: { [report[postalCode]!.messageId]: 1 } });
    const trace = await attempts(ctx, fixture.cycleId);
    expect(trace.every((attempt) => attempt.key === attempt.messageId)).toBe(true);
    expect(trace.filter((attempt) => attempt.provider === postalCode).map((attempt) => attempt.state)).toEqual(['UNKNOWN', 'ACKNOWLEDGED']);
    expect(trace.filter((attempt) => attempt.provider === walletCode).map((attempt) => attempt.state)).toEqual(['ACKNOWLEDGED']);
  });

  it('waits out a 409 (original still in progress) with the same key', async () => {
    simulators = await startSimulators({ wallet: { config: { processingMs: 900 } } });
    await connectEndpoints(ctx, fixture.admin, simulators);
    const report = byProvider(await sendCycle(ctx, fixture.officer, fixture.cycleId, { backoffMsBase: 150, backoffMsMax: 600, timeoutMs: 250, attemptsMax: 8 }));
    expect(report[walletCode]).toMatchObject({ outcome: 'ACKNOWLEDGED' });
    const stats = simulators.wallet.stats();
    expect(Object.values(stats.processed)).toEqual([1]);
    expect(stats.submissions).toBeGreaterThan(1);
    expect(new Set((await attempts(ctx, fixture.cycleId)).filter((attempt) => attempt.provider === walletCode).map((attempt) => attempt.key)).size).toBe(1);
  });

  it('stops at a 422 (key reused with another body) or a validation refusal, and never resends automatically', async () => {
    simulators = await startSimulators({ postal: { config: { refuseSubmissions: 'FF01' } } });
    await connectEndpoints(ctx, fixture.admin, simulators);
    const [walletBatch] = await queryRows<{ messageId: string }>(ctx.db.orm, sql`SELECT message_id AS "messageId" FROM disbursement_batches WHERE provider_code = ${walletCode}`);
    // Someone used our batch's key with a different body first (a bug somewhere): the provider must refuse ours.
    const foreign = JSON.stringify({
      header: { message_id: 'OTHER-MSG', message_ts: '2024-07-05T10:00:00+07:00', action: 'disburse', total_count: 1, sender_id: 'x' },
      message: { transaction_id: 'OTHER-TX', disbursements: [{ reference_id: 'X1', payer_fa: 'account:1@970405.napas', payee_fa: 'mobile:0961234521@971005', amount: '1.00' }] },
    });
    await exchange({ method: 'POST', baseUrl: simulators.wallet.url, path: providerPaths.walletDisburse, body: foreign, headers: { [idempotencyKeyHeader]: walletBatch!.messageId }, secret: providerSecrets.wallet, timeoutMs: 5_000, fetch, nowSeconds: Math.floor(Date.now() / 1000) });
    const report = byProvider(await sendCycle(ctx, fixture.officer, fixture.cycleId, fast));
    expect(report[walletCode]).toMatchObject({ outcome: 'REJECTED', error: { status: 422 } });
    expect(report[postalCode]).toMatchObject({ outcome: 'REJECTED', error: { status: 422, code: 'FF01' } });
    expect(report[bankCode]).toMatchObject({ outcome: 'ACKNOWLEDGED' });
    const submissions = simulators.all.map((simulator) => simulator.stats().submissions);
    const again = byProvider(await sendCycle(ctx, fixture.officer, fixture.cycleId, fast));
    expect(again[walletCode]).toMatchObject({ outcome: 'REJECTED', reason: 'PREVIOUSLY_REJECTED', requests: 0 });
    expect(simulators.all.map((simulator) => simulator.stats().submissions)).toEqual(submissions);
    const audit = await queryRows<{ count: number }>(ctx.db.orm, sql`SELECT count(*)::int AS count FROM audit_events WHERE action = 'disbursement.batch_rejected'`);
    expect(audit[0]!.count).toBe(2);
  });

  it('gives up after bounded attempts when nobody answers, and the next run asks before sending', async () => {
    simulators = await startSimulators();
    await connectEndpoints(ctx, fixture.admin, simulators);
    await setProviderEndpoint(ctx, fixture.admin, { providerCode: walletCode, kind: 'G2P', baseUrl: 'http://127.0.0.1:9', secret: providerSecrets.wallet });
    const waits: number[] = [];
    const first = byProvider(await sendCycle(ctx, fixture.officer, fixture.cycleId, { attemptsMax: 3, timeoutMs: 500, sleep: async (ms) => void waits.push(ms), random: () => 0.5 }));
    expect(first[walletCode]).toMatchObject({ outcome: 'UNKNOWN' });
    // One submission, then per round a status query that gets no answer: 3 rounds, backoff growing.
    expect(first[walletCode]!.requests).toBe(3);
    expect(waits.slice(0, 2)).toEqual([187.5, 375]);
    await setProviderEndpoint(ctx, fixture.admin, { providerCode: walletCode, kind: 'G2P', baseUrl: simulators.wallet.url, secret: providerSecrets.wallet });
    const second = byProvider(await sendCycle(ctx, fixture.officer, fixture.cycleId, fast));
    expect(second[walletCode]).toMatchObject({ outcome: 'ACKNOWLEDGED', resolvedBy: 'submit', requests: 2 });
    expect(simulators.wallet.stats().statusQueries).toBe(1);
  });

  it('skips batches without an endpoint or handed over by file; only a national administrator sets endpoints', async () => {
    simulators = await startSimulators();
    await expect(setProviderEndpoint(ctx, fixture.officer, { providerCode: bankCode, kind: 'BANK_H2H', baseUrl: simulators.bank.url, secret: providerSecrets.bank })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const province = await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    await expect(setProviderEndpoint(ctx, province, { providerCode: bankCode, kind: 'BANK_H2H', baseUrl: simulators.bank.url, secret: providerSecrets.bank })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(setProviderEndpoint(ctx, fixture.admin, { providerCode: postalCode, kind: 'G2P', baseUrl: simulators.bank.url, secret: providerSecrets.bank })).rejects.toMatchObject({ code: 'ENDPOINT_KIND_MISMATCH' });
    await expect(setProviderEndpoint(ctx, fixture.admin, { providerCode: bankCode, kind: 'BANK_H2H', baseUrl: 'ftp://x', secret: providerSecrets.bank })).rejects.toMatchObject({ code: 'ENDPOINT_URL_INVALID' });
    await expect(setProviderEndpoint(ctx, fixture.admin, { providerCode: bankCode, kind: 'BANK_H2H', baseUrl: simulators.bank.url, secret: 'short' })).rejects.toMatchObject({ code: 'ENDPOINT_SECRET_INVALID' });
    const view = await setProviderEndpoint(ctx, fixture.admin, { providerCode: bankCode, kind: 'BANK_H2H', baseUrl: simulators.bank.url, secret: providerSecrets.bank });
    expect(JSON.stringify(view)).not.toContain(providerSecrets.bank);
    const audit = await queryRows<{ after: unknown }>(ctx.db.orm, sql`SELECT after FROM audit_events WHERE action = 'providers.endpoint_set'`);
    expect(JSON.stringify(audit)).not.toContain(providerSecrets.bank);
    await ctx.db.orm.execute(sql`UPDATE disbursement_batches SET sent_at = now() WHERE provider_code = ${postalCode}`);
    // The wallet's file downloaded (not handed over): never also sent through a connection.
    await exportBatchFile(ctx, fixture.officer, { cycleId: fixture.cycleId, providerCode: walletCode, format: 'csv', output: new Writable({ write: (_chunk, _encoding, done) => done() }) });
    await setProviderEndpoint(ctx, fixture.admin, { providerCode: walletCode, kind: 'G2P', baseUrl: simulators.wallet.url, secret: providerSecrets.wallet });
    const report = byProvider(await sendCycle(ctx, fixture.officer, fixture.cycleId, fast));
    expect(report[bankCode]).toMatchObject({ outcome: 'ACKNOWLEDGED' });
    expect(report[postalCode]).toMatchObject({ outcome: 'SKIPPED', reason: 'HANDED_OVER_BY_FILE' });
    expect(report[walletCode]).toMatchObject({ outcome: 'SKIPPED', reason: 'FILE_DOWNLOADED' });
    expect(simulators.wallet.stats().submissions).toBe(0);
    await expect(sendCycle(ctx, fixture.approver, fixture.cycleId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
