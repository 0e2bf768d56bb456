import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../src/app/commands.js';
import { queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { exportBatchFile } from '../src/modules/disbursement/files.service.js';
import { sendCycle } from '../src/modules/disbursement/send.service.js';
import { approvePayer, listPayers, payerForPayment, proposePayer, rejectPayer } from '../src/modules/payers/payers.service.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { bankCode, connectEndpoints, createFundedCycle, startSimulators, type Simulators } from './helpers/disbursement-fixture.js';
import { approvePayers, fixturePayer } from './helpers/payers.js';
import { expectXsdValid } from './helpers/xsd.js';

/** Paying accounts (issue 20, item 1): maker-checker, scope, idempotence, and no payment message without one. */

async function auditActions(ctx: TestContext, entityType: string): Promise<{ action: string; actor: string; after: unknown }[]> {
  return queryRows(ctx.db.orm, sql`SELECT action, actor, after FROM audit_events WHERE entity_type = ${entityType} ORDER BY seq`);
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number; vi: string; en: string }> {
  try {
    await promise;
  } catch (error) {
    const appError = error as { code: string; status: number; text: { vi: string; en: string } };
    return { code: appError.code, status: appError.status, vi: appError.text?.vi, en: appError.text?.en };
  }
  throw new Error('expected a refusal');
}

async function pain001(ctx: TestContext, actor: Actor, cycleId: number): Promise<{ xml: string; sha256: string; regenerated: boolean }> {
  const chunks: Buffer[] = [];
  const output = new Writable({ write: (chunk: Buffer, _encoding, callback) => void (chunks.push(chunk), callback()) });
  const result = await exportBatchFile(ctx, actor, { cycleId, providerCode: bankCode, format: 'pain001', output, handOver: false });
  const xml = Buffer.concat(chunks).toString('utf8');
  await expectXsdValid(xml);
  return { xml, sha256: result.sha256, regenerated: result.regenerated };
}

describe('paying accounts: maker-checker', () => {
  let ctx: TestContext;
  let maker: Actor;
  let checker: Actor;
  let communeApprover: Actor;
  let otherProvince: Actor;

  beforeAll(async () => {
    ctx = await createTestContext();
    maker = await createTestUser(ctx, { username: 'tinh.ketoan', role: 'province', unitCode: '51' });
    checker = await createTestUser(ctx, { username: 'tinh.duyet', role: 'province', unitCode: '51' });
    communeApprover = await createTestUser(ctx, { username: 'xa.duyet', role: 'approver', unitCode: '23293' });
    otherProvince = await createTestUser(ctx, { username: 'hue.duyet', role: 'province', unitCode: '46' });
  });
  afterAll(async () => ctx.close());

  it('is proposed by one person and in force only once another approves it; the maker’s own approval is refused', async () => {
    const input = { unitCode: '51', programme: 'TGXH', bin: '970405', accountNumber: '3900 2010 00001', name: '  Sở Y tế   Quảng Ngãi ' };
    const proposal = await proposePayer(ctx, maker, input);
    expect(proposal).toMatchObject({ status: 'PENDING', created: true });
    // the same proposal again is the same one (idempotent)
    expect(await proposePayer(ctx, maker, input)).toEqual({ ...proposal, created: false });

    expect(await refusal(approvePayer(ctx, maker, proposal.proposalId))).toMatchObject({ code: 'MAKER_CHECKER', status: 403 });
    // a commune's approver or another province's cannot decide on the province's account
    expect((await refusal(approvePayer(ctx, communeApprover, proposal.proposalId))).status).toBe(404);
    expect((await refusal(approvePayer(ctx, otherProvince, proposal.proposalId))).status).toBe(404);
    expect(await refusal(payerForPayment(ctx.db.orm, { provinceCode: '51', programmes: ['TGXH'], at: new Date().toISOString() }))).toMatchObject({ code: 'PAYER_ACCOUNT_MISSING' });

    const approved = await approvePayer(ctx, checker, proposal.proposalId);
    expect(approved).toEqual({ proposalId: proposal.proposalId, status: 'APPROVED', provinceCode: '51', programme: 'TGXH', replacedId: null });
    // approving again answers the same and changes nothing
    expect(await approvePayer(ctx, checker, proposal.proposalId)).toEqual(approved);
    expect(await proposePayer(ctx, maker, input)).toEqual({ proposalId: proposal.proposalId, status: 'APPROVED', created: false });

    const debtor = await payerForPayment(ctx.db.orm, { provinceCode: '51', programmes: ['TGXH'], at: new Date(Date.now() + 60_000).toISOString() });
    expect(debtor).toEqual({ name: 'Sở Y tế Quảng Ngãi', accountNumber: '3900201000001', agentBin: '970405', payerIds: [proposal.proposalId] });

    const events = await auditActions(ctx, 'payer_account');
    expect(events.map((event) => [event.action, event.actor])).toEqual([
      ['payer.proposed', 'tinh.ketoan'],
      ['payer.approved', 'tinh.duyet'],
    ]);
  });

  it('keeps the replaced account as history and refuses a second decision', async () => {
    const next = await proposePayer(ctx, maker, { unitCode: '51', programme: 'TGXH', bin: '970415', accountNumber: '1160000000051', name: 'Sở Y tế Quảng Ngãi' });
    const replaced = await approvePayer(ctx, checker, next.proposalId);
    expect(replaced.replacedId).not.toBeNull();
    const rows = await listPayers(ctx, checker, { unitCode: '51' });
    expect(rows.filter((row) => row.programme === 'TGXH').map((row) => [row.status, row.agentBin])).toEqual([
      ['APPROVED', '970415'],
      ['SUPERSEDED', '970405'],
    ]);
    const rejectedOne = await proposePayer(ctx, maker, { unitCode: '51', programme: 'NCC', bin: '970405', accountNumber: '3900201000099', name: 'Sở Nội vụ Quảng Ngãi' });
    expect(await refusal(rejectPayer(ctx, maker, rejectedOne.proposalId, 'nhầm'))).toMatchObject({ code: 'MAKER_CHECKER' });
    expect(await rejectPayer(ctx, checker, rejectedOne.proposalId, 'Sai số tài khoản')).toMatchObject({ status: 'REJECTED' });
    expect(await refusal(approvePayer(ctx, checker, rejectedOne.proposalId))).toMatchObject({ code: 'PROPOSAL_CLOSED', status: 409 });
  });

  it('checks the province, the programme, the bank and the scope', async () => {
    const base = { unitCode: '51', programme: 'HTXH', bin: '970405', accountNumber: '3900201000001', name: 'Sở Y tế' };
    expect(await refusal(proposePayer(ctx, maker, { ...base, unitCode: '23293' }))).toMatchObject({ code: 'PAYER_UNIT_NOT_PROVINCE' });
    expect(await refusal(proposePayer(ctx, maker, { ...base, programme: 'XYZ' }))).toMatchObject({ code: 'PROGRAMME_INVALID' });
    expect(await refusal(proposePayer(ctx, maker, { ...base, bin: '971005' }))).toMatchObject({ code: 'PAYER_BANK_UNKNOWN' });
    expect((await refusal(proposePayer(ctx, maker, { ...base, unitCode: '46' }))).status).toBe(403);
    expect((await refusal(proposePayer(ctx, communeApprover, base))).status).toBe(403);
  });

  it('refuses one debtor for programmes paid from different accounts', async () => {
    const ncc = await proposePayer(ctx, maker, { unitCode: '51', programme: 'NCC', bin: '970405', accountNumber: '3900201000077', name: 'Sở Nội vụ Quảng Ngãi' });
    await approvePayer(ctx, checker, ncc.proposalId);
    const at = new Date(Date.now() + 60_000).toISOString();
    expect(await refusal(payerForPayment(ctx.db.orm, { provinceCode: '51', programmes: ['TGXH', 'NCC'], at }))).toMatchObject({ code: 'PAYER_ACCOUNTS_DIFFER', status: 409 });
    expect(await refusal(payerForPayment(ctx.db.orm, { provinceCode: '51', programmes: ['TGXH', 'HTXH'], at }))).toMatchObject({ code: 'PAYER_ACCOUNT_MISSING' });
  });

  it('is set, approved and listed through the commands and the API', async () => {
    const set = (await runCommand(ctx, {
      name: 'payer.set',
      args: { unit: '51', programme: 'HTXH', bin: '970405', account: '3900201000001', name: 'So Y te Quang Ngai' },
      as: 'tinh.ketoan',
      operator: 'test',
      requestId: 'payer-cli',
    })) as { proposalId: number };
    expect(set).toEqual({ proposalId: expect.any(Number), status: 'PENDING', created: true });
    await expect(runCommand(ctx, { name: 'payer.approve', args: { proposalId: String(set.proposalId) }, as: 'tinh.ketoan', operator: 'test', requestId: 'payer-cli' })).rejects.toMatchObject({ code: 'MAKER_CHECKER' });

    const app = await createTestApp(ctx);
    try {
      const cookie = await loginCookie(app, 'tinh.duyet');
      const approved = await app.inject({ method: 'POST', url: `/api/v1/payers/${set.proposalId}/approve`, headers: { cookie } });
      expect(approved.statusCode).toBe(200);
      expect(json(approved)).toMatchObject({ status: 'APPROVED', programme: 'HTXH' });
      const list = await app.inject({ method: 'GET', url: '/api/v1/payers?unit=51', headers: { cookie } });
      expect(list.statusCode).toBe(200);
      const rows = json<{ programme: string; status: string; proposedByUserId?: unknown }[]>(list);
      expect(rows.find((row) => row.programme === 'HTXH' && row.status === 'APPROVED')).toBeDefined();
      expect(rows.every((row) => !('proposedByUserId' in row))).toBe(true);
      const makerCookie = await loginCookie(app, 'tinh.ketoan');
      const proposed = await app.inject({
        method: 'POST',
        url: '/api/v1/payers',
        headers: { cookie: makerCookie },
        payload: { unitCode: '51', programme: 'HTXH', bin: '970405', accountNumber: '3900201000002', name: 'Sở Y tế' },
      });
      expect(proposed.statusCode).toBe(200);
      const own = await app.inject({ method: 'POST', url: `/api/v1/payers/${json<{ proposalId: number }>(proposed).proposalId}/approve`, headers: { cookie: makerCookie } });
      expect([own.statusCode, json<{ code: string }>(own).code]).toEqual([403, 'MAKER_CHECKER']);
    } finally {
      await app.close();
    }
    const listed = (await runCommand(ctx, { name: 'payer.list', args: { unit: '51' }, as: 'tinh.duyet', operator: 'test', requestId: 'payer-cli' })) as { programme: string }[];
    expect(listed.length).toBeGreaterThan(0);
  });
});

describe('paying accounts: no payment message without one', () => {
  let ctx: TestContext;
  let simulators: Simulators | undefined;

  beforeEach(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
  });
  afterEach(async () => {
    await simulators?.close();
    simulators = undefined;
    await ctx.close();
  });

  it('stops the pain.001 and the requests before anything is written or sent, then carries the approved account', async () => {
    const fixture = await createFundedCycle(ctx, { payers: false });
    const missing = await refusal(pain001(ctx, fixture.officer, fixture.cycleId));
    expect(missing).toMatchObject({ code: 'PAYER_ACCOUNT_MISSING', status: 409 });
    expect(missing.vi).toContain('chưa có tài khoản chi trả');
    expect(missing.en).toContain('no approved paying account');
    simulators = await startSimulators();
    await connectEndpoints(ctx, fixture.admin, simulators);
    expect(await refusal(sendCycle(ctx, fixture.officer, fixture.cycleId, { backoffMsBase: 10, backoffMsMax: 20 }))).toMatchObject({ code: 'PAYER_ACCOUNT_MISSING' });
    expect(simulators.all.map((simulator) => simulator.stats().submissions)).toEqual([0, 0, 0]);
    const written = await queryRows<{ files: number; attempts: number; sent: number }>(
      ctx.db.orm,
      sql`SELECT (SELECT count(*)::int FROM disbursement_files) AS files, (SELECT count(*)::int FROM disbursement_attempts) AS attempts,
                 (SELECT count(*)::int FROM disbursement_batches WHERE sent_at IS NOT NULL) AS sent`,
    );
    expect(written[0]).toEqual({ files: 0, attempts: 0, sent: 0 });

    await approvePayers(ctx, '51');
    const first = await pain001(ctx, fixture.officer, fixture.cycleId);
    expect(first.xml).toContain(`<DbtrAcct><Id><Othr><Id>${fixturePayer.accountNumber}</Id>`);
    expect(first.xml).toContain('SO Y TE TINH QUANG NGAI');
    expect(first.xml).not.toContain('0000000000001');

    // A later account does not change the batch's file: its debtor is the one in force when the batch was made.
    await approvePayers(ctx, '51', { accountNumber: '3900201000999' });
    const again = await pain001(ctx, fixture.officer, fixture.cycleId);
    expect([again.sha256, again.regenerated]).toEqual([first.sha256, true]);

    // The bank's file was downloaded: it goes to the bank by the officer's hand-over, never also through the
    // connection (that could pay twice); the wallet and the post office are sent.
    const report = await sendCycle(ctx, fixture.officer, fixture.cycleId, { backoffMsBase: 10, backoffMsMax: 20 });
    expect(report).toMatchObject({ acknowledged: 2, rejected: 0 });
    expect(report.batches.find((batch) => batch.providerCode === bankCode)).toMatchObject({ outcome: 'SKIPPED', reason: 'FILE_DOWNLOADED' });
  });
});
