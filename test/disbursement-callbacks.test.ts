import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import { checkLedger } from '../src/modules/disbursement/ledger-check.service.js';
import { sendCycle } from '../src/modules/disbursement/send.service.js';
import { signWebhook } from '../src/modules/formats/webhook.js';
import { createTestApp, type TestContext } from './helpers/context.js';
import { g2pSchemaErrors } from './helpers/g2p-openapi.js';
import { createSafeTestContext } from './helpers/safe-db.js';
import {
  connectEndpoints,
  createFundedCycle,
  itemStates,
  providerSecrets,
  startSimulators,
  walletCode,
  withDisbursementRoutes,
  type FundedCycle,
  type Simulators,
} from './helpers/disbursement-fixture.js';

/** G2P Connect on-disburse callbacks: signatures on raw bytes, replays, stale statuses, races. */
describe('G2P callbacks', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let fixture: FundedCycle;
  let simulators: Simulators;
  let transactionId: string;
  let items: string[];

  const envelope = (messageId: string, statuses: { ref: string; status: string; reason?: string }[]) =>
    JSON.stringify({
      header: { version: '1.0.0', message_id: messageId, message_ts: '2024-07-06T09:00:00+07:00', action: 'on-disburse', status: 'succ', total_count: statuses.length, completed_count: statuses.length },
      message: {
        transaction_id: transactionId,
        disbursements_status: statuses.map(({ ref, status, reason }) => ({
          reference_id: ref,
          timestamp: '2024-07-06T09:00:00+07:00',
          status,
          ...(reason ? { status_reason_code: 'rjct.payee_fa.invalid', status_reason_message: `${reason}: rejected` } : {}),
        })),
      },
    });

  /** Posts a callback; the body and an ACK answer are held to the published API (test/helpers/g2p-openapi.ts). */
  const post = async (body: string, options: { secret?: string; t?: number; signature?: string | null; provider?: string; onStatus?: boolean } = {}) => {
    const operation = options.onStatus ? '/disburse/txn/on-status' : '/on-disburse';
    expect(g2pSchemaErrors('request', operation, JSON.parse(body), null)).toEqual([]);
    const t = options.t ?? Math.floor(Date.now() / 1000);
    const signature = options.signature === undefined ? signWebhook(options.secret ?? providerSecrets.wallet, body, t) : options.signature;
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/callbacks/g2p/${options.provider ?? walletCode}${options.onStatus ? '/disburse/txn/on-status' : ''}`,
      headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-asxh-signature': signature }) },
      payload: body,
    });
    if (response.statusCode === 200) expect(g2pSchemaErrors('response', operation, response.json(), 200)).toEqual([]);
    return response;
  };
  /** The same statuses as an on-status callback (the answer to an asynchronous txn/status query). */
  const onStatus = (messageId: string, statuses: { ref: string; status: string; reason?: string }[]) => {
    const { header, message } = JSON.parse(envelope(messageId, statuses)) as { header: object; message: object };
    return JSON.stringify({ header, message: { transaction_id: transactionId, correlation_id: messageId, txnstatus_response: { txn_type: 'on-disburse', txn_status: message } } });
  };

  const outcomes = async () => Object.fromEntries((await itemStates(ctx, fixture.cycleId)).filter((item) => items.includes(item.endToEndId)).map((item) => [item.endToEndId, [item.outcome, item.reasonCode]]));
  const countOf = async (query: ReturnType<typeof sql>) => (await queryRows<{ count: number }>(ctx.db.orm, query))[0]!.count;

  beforeAll(async () => {
    ctx = await createSafeTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx);
    simulators = await startSimulators();
    await connectEndpoints(ctx, fixture.admin, simulators);
    app = await withDisbursementRoutes(await createTestApp(ctx), ctx);
    const rows = await queryRows<{ messageId: string; e2e: string }>(
      ctx.db.orm,
      sql`SELECT b.message_id AS "messageId", i.end_to_end_id AS e2e FROM disbursement_items i JOIN disbursement_batches b ON b.id = i.batch_id WHERE b.provider_code = ${walletCode} ORDER BY i.id`,
    );
    transactionId = rows[0]!.messageId;
    items = rows.map((row) => row.e2e);
  });
  afterAll(async () => {
    await app.close();
    await simulators.close();
    await ctx.close();
  });

  it('answers 409 while the batch is not recorded as sent (the provider retries), 404 for unknown transactions and providers', async () => {
    const early = await post(envelope('CB-EARLY', [{ ref: items[0]!, status: 'succ' }]));
    expect([early.statusCode, early.json().code]).toEqual([409, 'CALLBACK_BATCH_NOT_SENT']);
    await sendCycle(ctx, fixture.officer, fixture.cycleId);
    const saved = transactionId;
    transactionId = 'C9999999-971005-WALLET-1';
    const unknown = await post(envelope('CB-UNKNOWN', [{ ref: items[0]!, status: 'succ' }]));
    transactionId = saved;
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'CALLBACK_TRANSACTION_UNKNOWN']);
    const bank = await post(envelope('CB-BANK', [{ ref: items[0]!, status: 'succ' }]), { provider: '970405', secret: providerSecrets.bank });
    expect([bank.statusCode, bank.json().code]).toEqual([404, 'CALLBACK_ENDPOINT_UNKNOWN']);
    expect(await countOf(sql`SELECT count(*)::int AS count FROM inbound_messages WHERE source = 'callback'`)).toBe(0);
  });

  it('refuses a wrong, expired or missing signature with 401, and a body changed after signing', async () => {
    const body = envelope('CB-1', [{ ref: items[0]!, status: 'succ' }]);
    for (const [options, reason] of [
      [{ secret: 'not-the-shared-secret' }, 'mismatch'],
      [{ t: Math.floor(Date.now() / 1000) - 1_000 }, 'expired'],
      [{ signature: null }, 'missing'],
      [{ signature: 'garbage' }, 'malformed'],
    ] as const) {
      const response = await post(body, options);
      expect([response.statusCode, response.json().code, response.json().details.reason]).toEqual([401, 'CALLBACK_SIGNATURE_INVALID', reason]);
    }
    const signature = signWebhook(providerSecrets.wallet, body, Math.floor(Date.now() / 1000));
    const tampered = await post(body.replace('"succ"}', '"rjct"}'), { signature });
    expect(tampered.statusCode).toBe(401);
    expect(await outcomes()).toEqual({ [items[0]!]: ['NONE', null], [items[1]!]: ['NONE', null], [items[2]!]: ['NONE', null] });
  });

  it('applies a valid callback and answers with the G2P ACK; a replay of the same message_id changes nothing', async () => {
    const body = envelope('CB-1', [
      { ref: items[0]!, status: 'succ' },
      { ref: items[1]!, status: 'rjct', reason: 'AC04' },
      { ref: items[2]!, status: 'pdng' },
    ]);
    const response = await post(body);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ message: { ack_status: 'ACK', correlation_id: 'CB-1' } });
    expect(await outcomes()).toEqual({ [items[0]!]: ['PAID', null], [items[1]!]: ['FAILED', 'AC04'], [items[2]!]: ['NONE', null] });
    const ledgerRows = await countOf(sql`SELECT count(*)::int AS count FROM ledger_entries`);
    const audits = await countOf(sql`SELECT count(*)::int AS count FROM audit_events WHERE action = 'disbursement.results_ingested'`);
    const replay = await post(body);
    expect(replay.statusCode).toBe(200);
    expect(await countOf(sql`SELECT count(*)::int AS count FROM ledger_entries`)).toBe(ledgerRows);
    expect(await countOf(sql`SELECT count(*)::int AS count FROM audit_events WHERE action = 'disbursement.results_ingested'`)).toBe(audits);
    expect(await countOf(sql`SELECT count(*)::int AS count FROM inbound_messages WHERE source = 'callback'`)).toBe(1);
    const actor = await queryRows<{ actor: string }>(ctx.db.orm, sql`SELECT actor FROM audit_events WHERE action = 'disbursement.results_ingested' ORDER BY seq DESC LIMIT 1`);
    expect(actor[0]!.actor).toBe(`callback:${walletCode}`);
  });

  it('ignores a late callback after the final status and completes the rest; the ledger balances', async () => {
    const late = await post(envelope('CB-2', [
      { ref: items[0]!, status: 'pdng' },
      { ref: items[1]!, status: 'succ' },
      { ref: items[2]!, status: 'succ' },
    ]));
    expect(late.statusCode).toBe(200);
    expect(await outcomes()).toEqual({ [items[0]!]: ['PAID', null], [items[1]!]: ['FAILED', 'AC04'], [items[2]!]: ['PAID', null] });
    expect((await checkLedger(ctx.db.orm, fixture.cycleId)).ok).toBe(true);
  });

  it('takes on-status answers (the same statuses under two message ids apply once) and header-only callbacks, which apply nothing', async () => {
    const statuses = [{ ref: items[0]!, status: 'succ' }, { ref: items[1]!, status: 'rjct', reason: 'AC04' }, { ref: items[2]!, status: 'succ' }];
    const before = await countOf(sql`SELECT count(*)::int AS count FROM inbound_messages`);
    for (const messageId of ['ST-1', 'ST-2']) {
      const response = await post(onStatus(messageId, statuses), { onStatus: true });
      expect([response.statusCode, response.json().message.correlation_id]).toEqual([200, messageId]);
    }
    expect(await countOf(sql`SELECT count(*)::int AS count FROM inbound_messages WHERE source = 'status-query'`)).toBe(1);
    const pdng = JSON.stringify({ header: { version: '1.0.0', message_id: 'CB-P', message_ts: '2024-07-06T09:00:00+07:00', action: 'on-disburse', status: 'pdng', total_count: 3, completed_count: 0 } });
    expect((await post(pdng)).json()).toMatchObject({ message: { ack_status: 'ACK', correlation_id: 'CB-P' } });
    expect((await post(pdng.replace('CB-P', 'ST-P'), { onStatus: true })).statusCode).toBe(200);
    expect(await countOf(sql`SELECT count(*)::int AS count FROM inbound_messages`)).toBe(before + 1);
    const recorded = await queryRows<{ after: { callback: string; messageId: string; status: string } }>(ctx.db.orm, sql`SELECT after FROM audit_events WHERE action = 'disbursement.g2p_callback_header_only' ORDER BY seq`);
    expect(recorded.map((row) => [row.after.callback, row.after.messageId, row.after.status])).toEqual([['on-disburse', 'CB-P', 'pdng'], ['on-status', 'ST-P', 'pdng']]);
    expect(await outcomes()).toEqual({ [items[0]!]: ['PAID', null], [items[1]!]: ['FAILED', 'AC04'], [items[2]!]: ['PAID', null] });
    // A succ header must bring its statuses.
    const empty = await post(pdng.replace('"pdng"', '"succ"'));
    expect([empty.statusCode, empty.json().code]).toEqual([422, 'FORMAT_PARSE_FAILED']);
  });
});
