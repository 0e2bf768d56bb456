import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { providerPaths } from '../src/adapters/providers/provider-protocol.js';
import { vnd } from '../src/core/money.js';
import { queryRows } from '../src/db/client.js';
import { checkLedger } from '../src/modules/disbursement/ledger-check.service.js';
import { pollCycle, sendCycle, type SendReport } from '../src/modules/disbursement/send.service.js';
import { buildDisburseRequest, buildG2pAck, buildTxnStatusRequest } from '../src/modules/formats/g2p-connect.js';
import { createTestApp, type TestContext } from './helpers/context.js';
import { createSafeTestContext } from './helpers/safe-db.js';
import { connectEndpoints, createFundedCycle, itemStates, startSimulators, walletCode, withDisbursementRoutes, type FundedCycle, type Simulators } from './helpers/disbursement-fixture.js';
import { g2pConformance, g2pSchemaErrors, type G2pDraftPatch } from './helpers/g2p-openapi.js';

/**
 * G2P Connect as published (issue 20, item 5), against the wallet simulator with our callback
 * routes listening: bearer token and ed25519 signatures, the asynchronous status query answered
 * on /disburse/txn/on-status, the synchronous one, NACKs, header-only callbacks, duplicates. Every
 * message of these conversations is checked against the OpenAPI (the fixture's hook; close() fails
 * on a deviation).
 */
const fast = { backoffMsBase: 20, backoffMsMax: 100 };
const bearerToken = 'g2p-bearer-token-0123456789abcdef';

function ed25519Pair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

const walletOf = (report: SendReport) => report.batches.find((batch) => batch.providerCode === walletCode)!;

describe('G2P Connect with the wallet', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let callbackBase: string;
  let fixture: FundedCycle;
  let simulators: Simulators | undefined;
  let walletItems: string[];

  const walletOutcomes = async () =>
    (await itemStates(ctx, fixture.cycleId)).filter((item) => item.providerCode === walletCode).map((item) => [item.outcome, item.reasonCode]);
  const countOf = async (query: ReturnType<typeof sql>) => (await queryRows<{ count: number }>(ctx.db.orm, query))[0]!.count;
  const walletBatch = async () =>
    (await queryRows<{ id: number; sent: boolean }>(ctx.db.orm, sql`SELECT id::int AS id, sent_at IS NOT NULL AS sent FROM disbursement_batches WHERE cycle_id = ${fixture.cycleId} AND provider_code = ${walletCode}`))[0]!;

  beforeEach(async () => {
    ctx = await createSafeTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx);
    app = await withDisbursementRoutes(await createTestApp(ctx), ctx);
    callbackBase = await app.listen({ port: 0, host: '127.0.0.1' });
    walletItems = (await queryRows<{ e2e: string }>(ctx.db.orm, sql`SELECT end_to_end_id AS e2e FROM disbursement_items WHERE cycle_id = ${fixture.cycleId} AND provider_code = ${walletCode} ORDER BY end_to_end_id`)).map((row) => row.e2e);
  });
  afterEach(async () => {
    await simulators?.close();
    simulators = undefined;
    await app.close();
    await ctx.close();
  });

  it('pays over G2P with a bearer token and ed25519 signatures, asks the status asynchronously and applies the on-status answer once', async () => {
    const ours = ed25519Pair();
    simulators = await startSimulators({
      wallet: {
        outcomes: { [walletItems[0]!]: 'SUCCESS', [walletItems[1]!]: 'AC04', [walletItems[2]!]: 'SUCCESS' },
        // Callbacks only come after the test asked for them: the statuses must come by the status query.
        config: { bearerToken, clientPublicKeyPem: ours.publicKeyPem, callbackUrl: 'http://127.0.0.1:9/nowhere', callbackDelayMs: 0, duplicateRate: 1 },
      },
    });
    await connectEndpoints(ctx, fixture.admin, simulators, callbackBase, { statusMode: 'ASYNC', bearerToken, signingKeyPem: ours.privateKeyPem });
    const sent = await sendCycle(ctx, fixture.officer, fixture.cycleId, fast);
    expect(walletOf(sent)).toMatchObject({ outcome: 'ACKNOWLEDGED', resolvedBy: 'submit' });
    await simulators.wallet.idle();
    expect(simulators.wallet.stats()).toMatchObject({ unauthorized: 0, refused: 0 });
    expect(await walletOutcomes()).toEqual([['NONE', null], ['NONE', null], ['NONE', null]]);

    // The query is only acknowledged; the statuses come to /disburse/txn/on-status.
    const polled = await pollCycle(ctx, fixture.officer, fixture.cycleId);
    expect(polled.batches.find((batch) => batch.providerCode === walletCode)).toMatchObject({ fetched: 0, applied: 0 });
    expect(polled.batches.find((batch) => batch.providerCode === walletCode)!.error).toBeUndefined();
    await simulators.wallet.idle();
    expect(await walletOutcomes()).toEqual([['PAID', null], ['FAILED', 'AC04'], ['PAID', null]]);
    // The on-status came twice (duplicateRate): applied once.
    expect(await countOf(sql`SELECT count(*)::int AS count FROM inbound_messages WHERE source = 'status-query' AND cycle_id = ${fixture.cycleId}`)).toBe(1);
    // The on-disburse callbacks went to a registered URL that does not answer (and twice): only the status query told.
    expect(simulators.wallet.stats().callbacks).toMatchObject({ failed: 2, duplicates: 2 });
    expect(simulators.g2p.checked).toMatchObject({
      'request /disburse': 1, 'response /disburse': 1, 'request /disburse/txn/status': 1, 'response /disburse/txn/status': 1,
      'request /disburse/txn/on-status': 2, 'response /disburse/txn/on-status': 2,
    });
    expect((await checkLedger(ctx.db.orm, fixture.cycleId)).ok).toBe(true);
  });

  it('applies on-disburse callbacks (header-only pdng first, each delivered twice) once, and records the pending word', async () => {
    simulators = await startSimulators({
      wallet: { outcomes: { [walletItems[0]!]: 'SUCCESS', [walletItems[1]!]: 'BE01', [walletItems[2]!]: 'SUCCESS' }, config: { headerOnlyPending: true, duplicateRate: 1, callbackDelayMs: 0 } },
    });
    await connectEndpoints(ctx, fixture.admin, simulators, callbackBase);
    expect(walletOf(await sendCycle(ctx, fixture.officer, fixture.cycleId, fast))).toMatchObject({ outcome: 'ACKNOWLEDGED' });
    await simulators.wallet.idle();
    expect(simulators.wallet.stats().callbacks).toMatchObject({ delivered: 3, failed: 0, duplicates: 1 });
    expect(await walletOutcomes()).toEqual([['PAID', null], ['FAILED', 'BE01'], ['PAID', null]]);
    expect(await countOf(sql`SELECT count(*)::int AS count FROM inbound_messages WHERE source = 'callback' AND cycle_id = ${fixture.cycleId}`)).toBe(1);
    const pending = await queryRows<{ after: { status: string; callback: string } }>(ctx.db.orm, sql`SELECT after FROM audit_events WHERE action = 'disbursement.g2p_callback_header_only'`);
    expect(pending.map((row) => [row.after.callback, row.after.status])).toEqual([['on-disburse', 'pdng']]);
    expect(simulators.g2p.checked['request /on-disburse']).toBe(3);
  });

  it('reads the synchronous status answer in SYNC mode, and resolves a lost answer by it', async () => {
    simulators = await startSimulators({ wallet: { outcomes: { [walletItems[0]!]: 'SUCCESS', [walletItems[1]!]: 'AC01', [walletItems[2]!]: 'SUCCESS' }, config: { callbackUrl: 'http://127.0.0.1:9/nowhere', hangFirstRequestMs: 1_500, hangProcesses: true } } });
    await connectEndpoints(ctx, fixture.admin, simulators, callbackBase, { statusMode: 'SYNC' });
    const sent = await sendCycle(ctx, fixture.officer, fixture.cycleId, { ...fast, timeoutMs: 300 });
    expect(walletOf(sent)).toMatchObject({ outcome: 'ACKNOWLEDGED', resolvedBy: 'status-query' });
    expect(simulators.wallet.stats().submissions).toBe(1);
    const polled = await pollCycle(ctx, fixture.officer, fixture.cycleId);
    expect(polled.batches.find((batch) => batch.providerCode === walletCode)).toMatchObject({ fetched: 1, ingested: 1, applied: 3 });
    expect(await walletOutcomes()).toEqual([['PAID', null], ['FAILED', 'AC01'], ['PAID', null]]);
    expect(simulators.g2p.checked).toMatchObject({ 'request /disburse/sync/txn/status': 2, 'response /disburse/sync/txn/status': 2 });
    expect(simulators.g2p.checked['request /disburse/txn/status']).toBeUndefined();
  });

  it('in ASYNC mode resends a lost request under the same key: the provider answers from its record', async () => {
    simulators = await startSimulators({ wallet: { config: { callbackUrl: 'http://127.0.0.1:9/nowhere', hangFirstRequestMs: 1_500, hangProcesses: true } } });
    await connectEndpoints(ctx, fixture.admin, simulators, callbackBase, { statusMode: 'ASYNC' });
    const sent = await sendCycle(ctx, fixture.officer, fixture.cycleId, { ...fast, timeoutMs: 300 });
    expect(walletOf(sent)).toMatchObject({ outcome: 'ACKNOWLEDGED', resolvedBy: 'submit', requests: 2 });
    expect(simulators.wallet.stats()).toMatchObject({ submissions: 2, replays: 1, processed: { [walletOf(sent).messageId]: 1 } });
  });

  it('takes a NACK as "not handed over": the code recorded, no money moved, a "try later" code retried', async () => {
    simulators = await startSimulators({ wallet: { config: { nackSubmissions: 'err.request.forbidden' } } });
    await connectEndpoints(ctx, fixture.admin, simulators, callbackBase);
    const sent = await sendCycle(ctx, fixture.officer, fixture.cycleId, fast);
    expect(walletOf(sent)).toMatchObject({ outcome: 'REJECTED', error: { status: 200, code: 'err.request.forbidden' } });
    const batch = await walletBatch();
    expect(batch.sent).toBe(false);
    expect(await countOf(sql`SELECT count(*)::int AS count FROM ledger_entries WHERE batch_id = ${batch.id}`)).toBe(0);
    expect(await countOf(sql`SELECT count(*)::int AS count FROM disbursement_attempts WHERE batch_id = ${batch.id} AND state = 'REJECTED'`)).toBe(1);
    expect((await checkLedger(ctx.db.orm, fixture.cycleId)).ok).toBe(true);
  });

  it('retries a NACK whose code says later, and never takes a 200 without an ACK as the hand-over', async () => {
    simulators = await startSimulators({ wallet: { config: { nackSubmissions: 'err.service.unavailable' } } });
    await connectEndpoints(ctx, fixture.admin, simulators, callbackBase);
    const busy = await sendCycle(ctx, fixture.officer, fixture.cycleId, { ...fast, attemptsMax: 2 });
    expect(walletOf(busy)).toMatchObject({ outcome: 'UNKNOWN', error: { code: 'err.service.unavailable' } });
    expect(simulators.wallet.stats().submissions).toBe(2);

    // A gateway answering 200 with something else than an Ack: the outcome stays unknown.
    const notAck: typeof fetch = async (input, init) =>
      new URL(String(input)).pathname === providerPaths.walletDisburse ? new Response(JSON.stringify({ status: 'ok' }), { status: 200 }) : fetch(input, init);
    const unknown = await sendCycle(ctx, fixture.officer, fixture.cycleId, { ...fast, attemptsMax: 2, fetch: notAck });
    expect(walletOf(unknown)).toMatchObject({ outcome: 'UNKNOWN', error: { message: 'HTTP 200 without a G2P Connect Ack' } });
    const batch = await walletBatch();
    expect(batch.sent).toBe(false);
    expect(await countOf(sql`SELECT count(*)::int AS count FROM ledger_entries WHERE batch_id = ${batch.id}`)).toBe(0);

    simulators.wallet.configure({ nackSubmissions: null });
    expect(walletOf(await sendCycle(ctx, fixture.officer, fixture.cycleId, fast))).toMatchObject({ outcome: 'ACKNOWLEDGED' });
    expect((await walletBatch()).sent).toBe(true);
  });

  it('is refused without the bearer token or with another signing key, and nothing is handed over', async () => {
    const ours = ed25519Pair();
    simulators = await startSimulators({ wallet: { config: { bearerToken, clientPublicKeyPem: ed25519Pair().publicKeyPem } } });
    await connectEndpoints(ctx, fixture.admin, simulators, callbackBase, { signingKeyPem: ours.privateKeyPem });
    expect(walletOf(await sendCycle(ctx, fixture.officer, fixture.cycleId, fast))).toMatchObject({ outcome: 'REJECTED', error: { status: 401, code: 'err.request.unauthorized' } });
    // No automatic resend after a refusal; here the trace is cleared as an operator would after fixing the credentials.
    await ctx.db.orm.execute(sql`DELETE FROM disbursement_attempts WHERE batch_id = ${(await walletBatch()).id}`);
    await connectEndpoints(ctx, fixture.admin, simulators, callbackBase, { bearerToken });
    expect(walletOf(await sendCycle(ctx, fixture.officer, fixture.cycleId, fast))).toMatchObject({ outcome: 'REJECTED', error: { status: 401, code: 'err.signature.invalid' } });
    expect(simulators.wallet.stats()).toMatchObject({ unauthorized: 2, processed: {} });
    expect((await walletBatch()).sent).toBe(false);
  });
});

describe('the OpenAPI check of G2P Connect messages', () => {
  const header = { version: '1.0.0', message_id: 'M1', message_ts: '2025-07-01T08:30:00+07:00', sender_id: 'asxh-pay', receiver_id: '971005' };
  const request = buildDisburseRequest({
    messageId: 'M1', messageTs: '2025-07-01T08:30:00+07:00', senderId: 'asxh-pay', senderUri: 'https://asxh.example.vn/api/v1/callbacks/g2p/971005', transactionId: 'T1',
    disbursements: [{ referenceId: 'SA25070100000001', payerFa: 'account:0011012345678@970403.napas', payeeFa: 'mobile:0912345678@971005', amountVnd: vnd(500_000n), payeeName: 'Nguyễn Văn An', purpose: 'SSBE' }],
  });
  const status = buildTxnStatusRequest({ ...header, messageId: 'M2', messageTs: header.message_ts, senderId: 'asxh-pay', transactionId: 'T1', referenceId: 'Q1', query: { attributeType: 'transaction_id', value: 'T1' } });

  it('accepts what we build, and refuses a deviating message', () => {
    expect(g2pSchemaErrors('request', '/disburse', request, null)).toEqual([]);
    expect(g2pSchemaErrors('request', '/disburse/txn/status', status, null)).toEqual([]);
    expect(g2pSchemaErrors('response', '/disburse', buildG2pAck('NACK', '2025-07-01T08:30:00+07:00', 'c', { code: 'err.request.bad' }), 200)).toEqual([]);
    const first = request.message.disbursements[0]!;
    const deviations: [Parameters<typeof g2pSchemaErrors>[1], unknown][] = [
      ['/disburse', { ...request, message: { ...request.message, disbursements: [{ ...first, amount: '500000' }] } }],
      ['/disburse', { ...request, header: { ...request.header, total_count: undefined } }],
      ['/disburse', { ...request, header: { ...request.header, action: 'pay' } }],
      ['/disburse', { ...request, message: { ...request.message, disbursements: [{ ...first, payee_fa: '0912345678' }] } }],
      ['/disburse/txn/status', { ...status, message: { ...status.message, txnstatus_request: { ...status.message.txnstatus_request, txn_type: 'pay' } } }],
      ['/on-disburse', { header: { ...header, action: 'on-disburse', status: 'done' } }],
    ];
    for (const [operation, body] of deviations) expect(g2pSchemaErrors('request', operation, JSON.parse(JSON.stringify(body)), null), JSON.stringify(body).slice(0, 80)).not.toEqual([]);
    expect(g2pSchemaErrors('response', '/disburse', { message: { ack_status: 'OK', timestamp: header.message_ts, correlation_id: 'c' } }, 200)).not.toEqual([]);
    expect(g2pSchemaErrors('response', '/disburse', { message: { ack_status: 'ERR', timestamp: header.message_ts, correlation_id: 'c', error: { code: 'E42' } } }, 200)).not.toEqual([]);
  });

  it('needs each named patch of the draft: without it a conforming message fails', () => {
    const all: G2pDraftPatch[] = ['disburse-request-required-typo', 'financial-address-regex-in-format', 'status-request-action-enum', 'attribute-value-one-of'];
    const without = (patch: G2pDraftPatch) => all.filter((name) => name !== patch);
    expect(g2pSchemaErrors('request', '/disburse', request, null, without('disburse-request-required-typo')).join()).toMatch(/disburemsents/);
    expect(g2pSchemaErrors('request', '/disburse/txn/status', status, null, without('status-request-action-enum')).join()).toMatch(/allowedValues/);
    expect(g2pSchemaErrors('request', '/disburse/txn/status', status, null, without('attribute-value-one-of')).join()).toMatch(/oneOf/);
    // Unpatched, the regex is an unknown format, which checks nothing: an address that is none passes.
    const notAnAddress = JSON.parse(JSON.stringify({ ...request, message: { ...request.message, disbursements: [{ ...request.message.disbursements[0]!, payee_fa: '0912345678' }] } })) as unknown;
    expect(g2pSchemaErrors('request', '/disburse', notAnAddress, null, without('financial-address-regex-in-format'))).toEqual([]);
    expect(g2pSchemaErrors('request', '/disburse', notAnAddress, null).join()).toMatch(/payee_fa must match pattern/);
  });

  it('refuses a deviating request at the simulator through the hook, and records it', async () => {
    const conformance = g2pConformance();
    expect(() => conformance.check('request', '/disburse', { header }, null)).toThrow(/request \/disburse/);
    expect(conformance.violations).toHaveLength(1);
    expect(conformance.checked).toEqual({ 'request /disburse': 1 });
  });
});
