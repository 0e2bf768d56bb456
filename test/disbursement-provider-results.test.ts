import { once } from 'node:events';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../src/app/commands.js';
import { queryRows } from '../src/db/client.js';
import { confirmCash } from '../src/modules/disbursement/cash.service.js';
import { setProviderEndpoint } from '../src/modules/disbursement/endpoints.service.js';
import { exportBatchFile, markBatchSent } from '../src/modules/disbursement/files.service.js';
import { applyHeldResults, listHeldResults } from '../src/modules/disbursement/held.service.js';
import { checkLedger } from '../src/modules/disbursement/ledger-check.service.js';
import { reconcileFile } from '../src/modules/disbursement/reconcile.service.js';
import { pollCycle, sendCycle } from '../src/modules/disbursement/send.service.js';
import { collectText, pain002ForBatch, writePain002 } from '../src/modules/formats/index.js';
import { itemStatusNames, labelOf, labelWithCode, paymentReasonNames } from '../src/modules/formats/labels.js';
import { signWebhook } from '../src/modules/formats/webhook.js';
import { createTestApp, createTestUser, loginCookie, type TestContext } from './helpers/context.js';
import {
  bankCode, connectEndpoints, createFundedCycle, postalCode, providerSecrets, startSimulators, walletCode, withDisbursementRoutes, type FundedCycle,
} from './helpers/disbursement-fixture.js';
import { tempDir } from './helpers/files.js';
import { createSafeTestContext } from './helpers/safe-db.js';

/**
 * Results only where they belong (issue 18, item 4 and requirement 3): a result file applies only
 * to the items of the provider (and channel group) it comes from, named by the uploader; a
 * provider's agent names only its own; cash payments are settled by the agent, never by a file of
 * an officer; a pain.002 reports on its own provider's batch; a signed callback changes its own
 * provider's items only. A refused record says why with a stable code and nothing of the item.
 */
interface ItemRow {
  e2e: string;
  provider: string;
  channel: string;
  outcome: string;
  personalId: string;
  fullName: string;
  amount: string;
  messageId: string;
}

async function itemsOf(ctx: TestContext, cycleId: number): Promise<ItemRow[]> {
  return queryRows<ItemRow>(
    ctx.db.orm,
    sql`SELECT i.end_to_end_id AS e2e, i.provider_code AS provider, i.channel, i.outcome, i.personal_id AS "personalId", i.full_name AS "fullName",
               i.amount_vnd::text AS amount, b.message_id AS "messageId"
        FROM disbursement_items i JOIN disbursement_batches b ON b.id = i.batch_id WHERE i.cycle_id = ${cycleId} ORDER BY i.id`,
  );
}

async function handOver(ctx: TestContext, fixture: FundedCycle, providerCode: string, format: 'csv' | 'cash-list', dir: string): Promise<void> {
  const output = createWriteStream(join(dir, `${providerCode}-${format}.out`));
  await exportBatchFile(ctx, fixture.officer, { cycleId: fixture.cycleId, providerCode, format, output, handOver: true });
  if (!output.writableFinished) await once(output, 'finish');
}

function multipart(fileName: string, content: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----asxhtest' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const csv = (rows: string[]) => `MaThamChieu,TrangThai,MaLyDo\n${rows.join('\n')}\n`;

describe('result files apply only to the items of the provider they come from', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let fixture: FundedCycle;
  let items: ItemRow[];
  const cookies: Record<string, string> = {};
  const dir = tempDir();
  const of = (provider: string, channel?: string) => items.filter((item) => item.provider === provider && (channel === undefined || item.channel === channel));
  const outcome = async (e2e: string) => (await itemsOf(ctx, fixture.cycleId)).find((item) => item.e2e === e2e)!.outcome;
  const upload = (user: string, query: string, content: string) => {
    const form = multipart('ket-qua.csv', content);
    return app.inject({ method: 'POST', url: `/api/v1/disbursement/cycles/${fixture.cycleId}/reconcile${query}`, headers: { cookie: cookies[user]!, ...form.headers }, payload: form.payload });
  };

  beforeAll(async () => {
    ctx = await createSafeTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx);
    app = await withDisbursementRoutes(await createTestApp(ctx), ctx);
    for (const user of ['canbo', 'buudien', 'quantri']) cookies[user] = await loginCookie(app, user);
    await handOver(ctx, fixture, bankCode, 'csv', dir);
    await handOver(ctx, fixture, walletCode, 'csv', dir);
    await handOver(ctx, fixture, postalCode, 'cash-list', dir);
    items = await itemsOf(ctx, fixture.cycleId);
    expect([of(bankCode).length, of(walletCode).length, of(postalCode).length]).toEqual([5, 3, 3]);
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  it('needs the provider named; an agent naming another provider is refused', async () => {
    const content = csv([`${of(bankCode)[0]!.e2e},RJCT,AC04`]);
    expect((await upload('canbo', '', content)).statusCode).toBe(400);
    const foreign = await upload('buudien', `?provider=${bankCode}`, content);
    expect([foreign.statusCode, foreign.json().code]).toEqual([403, 'RESULT_PROVIDER_NOT_OWN']);
    const absent = await upload('canbo', '?provider=970436', content);
    expect([absent.statusCode, absent.json().code]).toEqual([422, 'RESULT_PROVIDER_NOT_IN_CYCLE']);
    const channel = await upload('canbo', `?provider=${bankCode}&channel=WALLET`, content);
    expect([channel.statusCode, channel.json().code]).toEqual([422, 'RESULT_PROVIDER_NOT_IN_CYCLE']);
    expect(await outcome(of(bankCode)[0]!.e2e)).toBe('NONE');
  });

  it('the VNPost agent cannot fail a bank’s item: refused on its own, nothing of the item told; its own cash is settled', async () => {
    const bankItem = of(bankCode)[0]!;
    const cashItem = of(postalCode, 'TIEN_MAT')[0]!;
    const response = await upload('buudien', `?provider=${postalCode}`, csv([`${bankItem.e2e},THAT_BAI,AC04`, `${cashItem.e2e},DA_CHI,`]));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ applied: 1, paid: 1, unmatched: [{ endToEndId: bankItem.e2e, reason: 'OTHER_PROVIDER' }] });
    for (const secret of [bankItem.personalId, bankItem.fullName, bankItem.amount, bankCode, bankItem.messageId]) expect(response.body).not.toContain(secret);
    expect(await outcome(bankItem.e2e)).toBe('NONE');
    expect(await outcome(cashItem.e2e)).toBe('PAID');
  });

  it('a commune officer’s file never settles a cash payment, nor another provider’s item', async () => {
    const cashItem = of(postalCode, 'TAI_NHA')[0]!;
    const walletItem = of(walletCode)[0]!;
    const bankItem = of(bankCode)[1]!;
    const cash = await upload('canbo', `?provider=${postalCode}`, csv([`${cashItem.e2e},DA_CHI,`]));
    expect(cash.json()).toMatchObject({ applied: 0, unmatched: [{ endToEndId: cashItem.e2e, reason: 'CASH_AGENT_ONLY' }] });
    const bank = await upload('canbo', `?provider=${bankCode}`, csv([`${bankItem.e2e},ACSC,`, `${walletItem.e2e},ACSC,`]));
    expect(bank.json()).toMatchObject({ applied: 1, paid: 1, unmatched: [{ endToEndId: walletItem.e2e, reason: 'OTHER_PROVIDER' }] });
    expect(bank.body).not.toContain(walletItem.fullName);
    expect([await outcome(cashItem.e2e), await outcome(walletItem.e2e), await outcome(bankItem.e2e)]).toEqual(['NONE', 'NONE', 'PAID']);
    // The agent confirms the cash payment through its own path.
    const confirmed = await app.inject({
      method: 'POST', url: `/api/v1/disbursement/cycles/${fixture.cycleId}/cash-confirmations`, headers: { cookie: cookies.buudien! },
      payload: { confirmations: [{ endToEndId: cashItem.e2e, result: 'PAID_SELF' }] },
    });
    expect(confirmed.json()).toMatchObject({ paid: 1 });
  });

  it('the cash confirmation path settles cash payments only', async () => {
    const bankItem = of(bankCode)[2]!;
    const report = await confirmCash(ctx, fixture.admin, { cycleId: fixture.cycleId, requestId: 'admin-cash-1', confirmations: [{ endToEndId: bankItem.e2e, result: 'PAID_SELF' }] });
    expect(report).toMatchObject({ applied: 0, unmatched: [{ endToEndId: bankItem.e2e, reason: 'NOT_CASH' }] });
    expect(await outcome(bankItem.e2e)).toBe('NONE');
  });

  it('a pain.002 reports on its own provider’s batch: another provider’s or an unknown batch is refused whole', async () => {
    const walletItem = of(walletCode)[1]!;
    const write = async (name: string, originalMessageId: string) => {
      const path = join(dir, name);
      const report = pain002ForBatch({ messageId: `STS-${name.replace(/\W/g, '')}`, createdAt: '2024-07-10T10:00:00+07:00', originalMessageId, originalPaymentInfoId: originalMessageId, results: [{ endToEndId: walletItem.e2e, status: 'RJCT', reasonCode: 'AC04' }] });
      writeFileSync(path, await collectText(writePain002(report)));
      return path;
    };
    const walletBatch = await write('wallet.xml', walletItem.messageId);
    await expect(reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path: walletBatch, providerCode: bankCode })).rejects.toMatchObject({ code: 'RESULT_PROVIDER_MISMATCH', status: 403 });
    const unknown = await write('unknown.xml', 'C9999999-970405-BANK-1');
    await expect(reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path: unknown, providerCode: bankCode })).rejects.toMatchObject({ code: 'RESULT_BATCH_UNKNOWN' });
    expect(await outcome(walletItem.e2e)).toBe('NONE');
    // Named as the wallet's (its own batch), it applies.
    expect(await reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path: walletBatch, providerCode: walletCode })).toMatchObject({ applied: 1, failed: { AC04: 1 } });
  });

  it('`asxh reconcile` takes the provider as a required option and applies the same rules', async () => {
    const reconcile = commands.reconcile!;
    expect(reconcile.options?.provider).toMatchObject({ required: true });
    const bankItem = of(bankCode)[3]!;
    const walletItem = of(walletCode)[2]!;
    const path = join(dir, 'cli.csv');
    writeFileSync(path, csv([`${bankItem.e2e},ACSC,`, `${walletItem.e2e},ACSC,`]));
    const report = await reconcile.run(ctx, fixture.officer, { cycle: String(fixture.cycleId), file: path, provider: bankCode });
    expect(report).toMatchObject({ applied: 1, unmatched: [{ endToEndId: walletItem.e2e, reason: 'OTHER_PROVIDER' }] });
    await expect(reconcile.run(ctx, fixture.agent, { cycle: String(fixture.cycleId), file: path, provider: bankCode })).rejects.toMatchObject({ code: 'RESULT_PROVIDER_NOT_OWN' });
  });

  it('`asxh disburse report --out` is an export: the auditor’s file has masked IDs, and it is recorded as one', async () => {
    const auditor = await createTestUser(ctx, { username: 'kiemtoan', role: 'auditor' });
    const failed = (await itemsOf(ctx, fixture.cycleId)).filter((item) => item.outcome === 'FAILED');
    expect(failed.length).toBeGreaterThan(0);
    const out = join(dir, 'report.xlsx');
    const report = (await commands['disburse.report']!.run(ctx, auditor, { cycle: String(fixture.cycleId), out })) as { failed: { personalId: string }[] };
    expect(report.failed.map((line) => line.personalId)).toEqual(failed.map((item) => `••••••••${item.personalId.slice(-4)}`));
    const workbook = await new ExcelJS.Workbook().xlsx.readFile(out);
    const cells: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => (row.values as unknown[]).forEach((value) => cells.push(String(value ?? '')))));
    for (const item of failed) expect(cells).not.toContain(item.personalId);
    // A file for people (issue 22 item 7): outcomes and reasons in words (the reason's code after them), providers by name, not by BIN.
    const unsuccessful = await queryRows<{ e2e: string; outcome: string; reason: string | null; provider: string }>(
      ctx.db.orm,
      sql`SELECT i.end_to_end_id AS e2e, i.outcome, i.reason_code AS reason, p.short_name AS provider FROM disbursement_items i JOIN providers p ON p.code = i.provider_code
          WHERE i.cycle_id = ${fixture.cycleId} AND i.outcome IN ('FAILED', 'RETURNED', 'ON_HOLD')`,
    );
    const failedRows = new Map<string, string[]>();
    workbook.getWorksheet('Không thành công')!.eachRow((row, number) => {
      if (number > 1) failedRows.set(String(row.getCell(1).value), [6, 7, 5].map((column) => String(row.getCell(column).value ?? '')));
    });
    expect(failedRows.size).toBe(unsuccessful.length);
    expect(unsuccessful.some((item) => item.outcome === 'FAILED' && item.reason !== null)).toBe(true);
    for (const item of unsuccessful) {
      const [outcome, reason = '', provider] = failedRows.get(item.e2e)!;
      expect(outcome).toBe(labelOf(itemStatusNames, item.outcome));
      expect(outcome).not.toBe(item.outcome);
      expect(reason).toBe(labelWithCode(paymentReasonNames, item.reason));
      // words first, the code after them: a known code, never the bare code
      if (item.reason !== null) expect([reason.startsWith(item.reason), reason.endsWith(` (${item.reason})`)]).toEqual([false, true]);
      expect(provider).toBe(item.provider);
    }
    const events = await queryRows<{ actor: string }>(ctx.db.orm, sql`SELECT actor FROM audit_events WHERE action = 'personal_data.exported' AND after ->> 'what' = 'disbursement.report-xlsx'`);
    expect(events.map((event) => event.actor)).toEqual(['kiemtoan']);
  });

  it('a signed callback changes only its own provider’s items', async () => {
    await setProviderEndpoint(ctx, fixture.admin, { providerCode: walletCode, kind: 'G2P', baseUrl: 'http://127.0.0.1:9/g2p', secret: providerSecrets.wallet });
    const walletItem = of(walletCode)[2]!;
    const bankItem = of(bankCode)[4]!;
    const body = JSON.stringify({
      header: { version: '1.0.0', message_id: 'CB-FOREIGN', message_ts: '2024-07-06T09:00:00+07:00', action: 'on-disburse', status: 'succ', total_count: 2, completed_count: 2 },
      message: {
        transaction_id: walletItem.messageId,
        disbursements_status: [walletItem, bankItem].map((item) => ({ reference_id: item.e2e, timestamp: '2024-07-06T09:00:00+07:00', status: 'succ' })),
      },
    });
    const signature = signWebhook(providerSecrets.wallet, body, Math.floor(Date.now() / 1000));
    const response = await app.inject({ method: 'POST', url: `/api/v1/callbacks/g2p/${walletCode}`, headers: { 'content-type': 'application/json', 'x-asxh-signature': signature }, payload: body });
    expect(response.statusCode, response.body).toBe(200);
    expect([await outcome(walletItem.e2e), await outcome(bankItem.e2e)]).toEqual(['PAID', 'NONE']);
    expect((await checkLedger(ctx.db.orm, fixture.cycleId)).ok).toBe(true);
  });
});

/**
 * A file that arrives before its batch was handed over is held, listed, and applied with the
 * hand-over (or by `asxh disburse results apply-held`), once, audited.
 */
describe('results that arrive before their batch was handed over', () => {
  let ctx: TestContext;
  let fixture: FundedCycle;
  let items: ItemRow[];
  const dir = tempDir();
  const outcomes = async (provider: string) => (await itemsOf(ctx, fixture.cycleId)).filter((item) => item.provider === provider).map((item) => item.outcome);
  const audits = async (action: string) => queryRows<{ actor: string; after: Record<string, unknown> }>(ctx.db.orm, sql`SELECT actor, after FROM audit_events WHERE action = ${action} ORDER BY seq`);

  beforeAll(async () => {
    ctx = await createSafeTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx);
    items = await itemsOf(ctx, fixture.cycleId);
  });
  afterAll(async () => ctx.close());

  it('holds a bank file uploaded before the hand-over, lists it, and does not apply it twice', async () => {
    const bank = items.filter((item) => item.provider === bankCode);
    const path = join(dir, 'early.csv');
    writeFileSync(path, csv(bank.map((item, index) => `${item.e2e},${index === 0 ? 'RJCT,AC04' : 'ACSC,'}`)));
    const early = await reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path, providerCode: bankCode });
    expect(early).toMatchObject({ applied: 0, held: 5, unmatched: [] });
    expect(await outcomes(bankCode)).toEqual(['NONE', 'NONE', 'NONE', 'NONE', 'NONE']);
    const again = await reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path, providerCode: bankCode });
    expect(again).toMatchObject({ alreadyIngested: true, held: 0 });
    const held = await listHeldResults(ctx, fixture.officer, fixture.cycleId);
    expect(held).toEqual([expect.objectContaining({ providerCode: bankCode, channelGroup: null, recordCount: 5, state: 'HELD', batchSent: false, heldBy: 'canbo', source: 'csv' })]);
    // Nothing to apply while the batch waits.
    expect(await applyHeldResults(ctx, fixture.officer, fixture.cycleId)).toMatchObject({ heldApplied: [], applied: 0 });
    // The agent of another provider sees none of it.
    expect(await listHeldResults(ctx, fixture.agent, fixture.cycleId)).toEqual([]);
  });

  it('applies the held file with the hand-over, once, audited', async () => {
    await handOver(ctx, fixture, bankCode, 'csv', dir);
    expect(await outcomes(bankCode)).toEqual(['FAILED', 'PAID', 'PAID', 'PAID', 'PAID']);
    const [held] = await listHeldResults(ctx, fixture.officer, fixture.cycleId);
    expect(held).toMatchObject({ state: 'APPLIED', appliedBy: 'canbo', applied: 5, unmatched: 0, batchSent: true });
    const applied = await audits('disbursement.held_results_applied');
    expect(applied).toEqual([expect.objectContaining({ actor: 'canbo', after: expect.objectContaining({ records: 5, applied: 5, heldBy: 'canbo' }) })]);
    // A regenerated file, a second apply: nothing more.
    await handOver(ctx, fixture, bankCode, 'csv', dir);
    expect(await applyHeldResults(ctx, fixture.officer, fixture.cycleId)).toMatchObject({ heldApplied: [], applied: 0 });
    expect(await audits('disbursement.held_results_applied')).toHaveLength(1);
    expect((await checkLedger(ctx.db.orm, fixture.cycleId)).ok).toBe(true);
  });

  it('keeps the rules the file came with: the agent’s early confirmations are applied, an officer’s cash rows were never held', async () => {
    const cash = items.filter((item) => item.provider === postalCode);
    const officerFile = join(dir, 'officer-cash.csv');
    writeFileSync(officerFile, csv([`${cash[0]!.e2e},DA_CHI,`]));
    expect(await reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path: officerFile, providerCode: postalCode })).toMatchObject({
      held: 0, unmatched: [{ endToEndId: cash[0]!.e2e, reason: 'CASH_AGENT_ONLY' }],
    });
    const agentFile = join(dir, 'agent-cash.csv');
    writeFileSync(agentFile, csv([`${cash[0]!.e2e},DA_CHI,`, `${cash[1]!.e2e},KHONG_GAP,`]));
    expect(await reconcileFile(ctx, fixture.agent, { cycleId: fixture.cycleId, path: agentFile, providerCode: postalCode })).toMatchObject({ held: 2, applied: 0 });
    await handOver(ctx, fixture, postalCode, 'cash-list', dir);
    expect(await outcomes(postalCode)).toEqual(['PAID', 'FAILED', 'NONE']);
  });

  it('`asxh disburse results apply-held` applies what a hand-over left waiting (e.g. a crash between the two)', async () => {
    const wallet = items.filter((item) => item.provider === walletCode);
    const path = join(dir, 'wallet.csv');
    writeFileSync(path, `reference,status,reason_code\n${wallet.map((item) => `${item.e2e},SUCCEEDED,`).join('\n')}\n`);
    expect(await reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path, providerCode: walletCode })).toMatchObject({ held: 3 });
    // The batch handed over without the held results (as before this rule, or a crash in between).
    const [batch] = await queryRows<{ id: number }>(ctx.db.orm, sql`SELECT id::int AS id FROM disbursement_batches WHERE cycle_id = ${fixture.cycleId} AND provider_code = ${walletCode}`);
    await ctx.db.orm.transaction((tx) => markBatchSent(tx, batch!.id));
    expect(await outcomes(walletCode)).toEqual(['NONE', 'NONE', 'NONE']);
    const command = commands['disburse.results.apply-held']!;
    expect(command.cli).toEqual(['disburse', 'results', 'apply-held']);
    const report = await command.run(ctx, fixture.officer, { cycle: String(fixture.cycleId) });
    expect(report).toMatchObject({ applied: 3, paid: 3, heldApplied: [expect.objectContaining({ providerCode: walletCode, state: 'APPLIED' })] });
    expect(await outcomes(walletCode)).toEqual(['PAID', 'PAID', 'PAID']);
    expect(await command.run(ctx, fixture.officer, { cycle: String(fixture.cycleId) })).toMatchObject({ heldApplied: [], applied: 0 });
    expect((await checkLedger(ctx.db.orm, fixture.cycleId)).ok).toBe(true);
  });

  it('the database keeps a held message and its records as they were: applied once, never changed or deleted', async () => {
    const [row] = await queryRows<{ id: number }>(ctx.db.orm, sql`SELECT id::int AS id FROM held_results WHERE state = 'APPLIED' ORDER BY id LIMIT 1`);
    await expect(ctx.db.orm.execute(sql`UPDATE held_results SET state = 'HELD', applied_at = NULL, applied_by = NULL WHERE id = ${row!.id}`)).rejects.toThrow();
    await expect(ctx.db.orm.execute(sql`DELETE FROM held_results WHERE id = ${row!.id}`)).rejects.toThrow();
    await expect(ctx.db.orm.execute(sql`UPDATE held_result_records SET status = 'FAILED' WHERE held_id = ${row!.id}`)).rejects.toThrow();
    await expect(ctx.db.orm.execute(sql`DELETE FROM held_result_records WHERE held_id = ${row!.id}`)).rejects.toThrow();
  });
});

/** Polling the providers' systems: a provider's agent polls, and sees, its own provider's batches only. */
describe('polling by a provider’s agent', () => {
  it('fetches and reports the agent’s own batches; an officer’s poll covers the other providers’', async () => {
    const ctx = await createSafeTestContext('2024-07-05T03:00:00Z');
    const simulators = await startSimulators();
    try {
      const fixture = await createFundedCycle(ctx);
      await connectEndpoints(ctx, fixture.admin, simulators);
      const sent = await sendCycle(ctx, fixture.officer, fixture.cycleId, { timeoutMs: 5_000 });
      expect(sent.acknowledged).toBe(3);
      const agent = await pollCycle(ctx, fixture.agent, fixture.cycleId, { timeoutMs: 5_000 });
      expect(agent.batches.map((batch) => batch.providerCode)).toEqual([postalCode]);
      const officer = await pollCycle(ctx, fixture.officer, fixture.cycleId, { timeoutMs: 5_000 });
      // (the post's batch is final by now: polled no more)
      expect(officer.batches.map((batch) => batch.providerCode)).toEqual(expect.arrayContaining([bankCode, walletCode]));
    } finally {
      await simulators.close();
      await ctx.close();
    }
  });
});
