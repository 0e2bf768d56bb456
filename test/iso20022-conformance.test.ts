import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shapeResult } from '../src/app/command.js';
import { commands } from '../src/app/commands.js';
import { vndFromDb } from '../src/core/money.js';
import { queryRows } from '../src/db/client.js';
import { checkLedger } from '../src/modules/disbursement/ledger-check.service.js';
import { reconcileFile } from '../src/modules/disbursement/reconcile.service.js';
import { pollCycle, sendCycle } from '../src/modules/disbursement/send.service.js';
import { collectText, writeCamtReturns, writePain002, type Pain002TransactionInput } from '../src/modules/formats/index.js';
import { bankCode, connectEndpoints, createFundedCycle, startSimulators, type FundedCycle, type Simulators } from './helpers/disbursement-fixture.js';
import type { TestContext } from './helpers/context.js';
import { tempDir } from './helpers/files.js';
import { createSafeTestContext } from './helpers/safe-db.js';
import { expectXsdValid } from './helpers/xsd.js';

/**
 * ISO 20022 as published (issue 20, item 6), end to end: a cycle paid to the bank simulator over
 * host-to-host; every pain.001 sent and every pain.002 / camt received is valid against the
 * official XSD; pain.002 reports with the codes banks use (ACWP, PDNG then ACCC, RJCT named only by
 * OrgnlInstrId, ACFC) are applied; a report re-sent under its MsgId with other bytes is a
 * duplicate; the camt.054 return after success marks the item RETURNED and the ledger stays balanced.
 */
interface BankItem {
  e2e: string;
  amount: string;
  outcome: string;
  reason: string | null;
  batchMessageId: string;
}

async function bankItems(ctx: TestContext, cycleId: number): Promise<BankItem[]> {
  return queryRows<BankItem>(
    ctx.db.orm,
    sql`SELECT i.end_to_end_id AS e2e, i.amount_vnd::text AS amount, i.outcome, i.reason_code AS reason, b.message_id AS "batchMessageId"
        FROM disbursement_items i JOIN disbursement_batches b ON b.id = i.batch_id
        WHERE i.cycle_id = ${cycleId} AND i.provider_code = ${bankCode} ORDER BY i.end_to_end_id`,
  );
}

describe('ISO 20022 conformance over host-to-host', () => {
  let ctx: TestContext;
  let fixture: FundedCycle;
  let simulators: Simulators;
  let items: BankItem[];
  /** Every pain.001 we upload and every report we fetch from the bank. */
  const uploads: string[] = [];
  const fetchedReports: { path: string; body: string }[] = [];
  const dir = tempDir();
  let files = 0;

  /** A fetch that keeps what crosses the bank's wire, to be checked against the XSDs. */
  const watching: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname === '/h2h/pain001' && init?.body) uploads.push(Buffer.from(init.body as Uint8Array | string).toString('utf8'));
    const response = await fetch(input, init);
    if (/^\/h2h\/(reports|statements|returns)\/./.test(url.pathname) && response.ok) fetchedReports.push({ path: url.pathname, body: await response.clone().text() });
    return response;
  };

  const outcomes = async () => Object.fromEntries((await bankItems(ctx, fixture.cycleId)).map((item) => [item.e2e, [item.outcome, item.reason]]));
  const upload = async (content: string, name = 'report.xml') => {
    const path = join(dir, `${++files}-${name}`);
    writeFileSync(path, content);
    return reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path, providerCode: bankCode });
  };
  const statusReport = async (messageId: string, transactions: Pain002TransactionInput[], createdAt = '2024-07-05T15:00:00+07:00') => {
    const xml = await collectText(
      writePain002({
        messageId, createdAt, originalMessageId: items[0]!.batchMessageId, groupStatus: 'PART',
        batches: [{ originalPaymentInfoId: items[0]!.batchMessageId, status: 'PART', transactions }],
      }),
    );
    await expectXsdValid(xml);
    return xml;
  };
  const returnsReport = async (messageId: string, returns: { e2e: string; amount: string; reason: string }[], accountNumber: string) => {
    const xml = await collectText(
      writeCamtReturns({
        kind: 'camt.054', messageId, createdAt: '2024-07-08T09:00:00+07:00', reportId: messageId, accountNumber, bookingDate: '2024-07-08',
        returns: returns.map((item) => ({ endToEndId: item.e2e, amountVnd: vndFromDb(item.amount), reasonCode: item.reason })),
      }),
    );
    await expectXsdValid(xml);
    return xml;
  };

  beforeAll(async () => {
    ctx = await createSafeTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx);
    items = await bankItems(ctx, fixture.cycleId);
    expect(items).toHaveLength(5);
    const forced = { [items[0]!.e2e]: 'AC06', [items[1]!.e2e]: 'SUCCESS', [items[2]!.e2e]: 'AC01', [items[3]!.e2e]: 'RETURN', [items[4]!.e2e]: 'SUCCESS' } as const;
    simulators = await startSimulators({ bank: { outcomes: forced } });
    await connectEndpoints(ctx, fixture.admin, simulators);
  });
  afterAll(async () => {
    await simulators?.close();
    await ctx?.close();
  });

  it('hands the batch over as a pain.001 the XSD accepts, each InstrId its EndToEndId', async () => {
    const sent = await sendCycle(ctx, fixture.officer, fixture.cycleId, { timeoutMs: 5_000, fetch: watching });
    expect(sent.acknowledged).toBeGreaterThanOrEqual(1);
    expect(uploads).toHaveLength(1);
    await expectXsdValid(uploads[0]!);
    for (const item of items) expect(uploads[0]).toContain(`<PmtId><InstrId>${item.e2e}</InstrId><EndToEndId>${item.e2e}</EndToEndId></PmtId>`);
  });

  it('applies a pain.002 with the codes banks use: ACWP held, PDNG and ACFC pending, RJCT named only by OrgnlInstrId, ACSC paid', async () => {
    const [held, pending, rejected, paid, funded] = items;
    const report = await upload(
      await statusReport('AGR-STS-0001', [
        { endToEndId: held!.e2e, status: 'ACWP', reasonCode: 'AC06', additionalInfo: 'TAI KHOAN BI PHONG TOA' },
        { endToEndId: pending!.e2e, status: 'PDNG' },
        { instructionId: rejected!.e2e, status: 'RJCT', reasonCode: 'AC01' },
        { endToEndId: paid!.e2e, instructionId: paid!.e2e, status: 'ACSC', accountServicerReference: 'FT24187A' },
        { endToEndId: funded!.e2e, status: 'ACFC' },
      ]),
    );
    expect(report).toMatchObject({ source: 'pain002', messageKey: `${bankCode}:AGR-STS-0001`, applied: 3, paid: 1, onHold: 1, failed: { AC01: 1 }, unmatched: [], conflicts: [] });
    expect(await outcomes()).toMatchObject({
      [held!.e2e]: ['ON_HOLD', 'AC06'], [pending!.e2e]: ['NONE', null], [rejected!.e2e]: ['FAILED', 'AC01'], [paid!.e2e]: ['PAID', null], [funded!.e2e]: ['NONE', null],
    });
  });

  it('reports a return of a payment not made as a finding, not an exception, and changes nothing', async () => {
    const [, pending] = items;
    const account = await debtorAccount();
    const report = await upload(await returnsReport('AGR-NTF-EARLY', [{ e2e: pending!.e2e, amount: pending!.amount, reason: 'AC04' }, { e2e: 'SA9999999999999999', amount: '1000', reason: 'AC04' }], account));
    expect(report).toMatchObject({ source: 'camt', applied: 0, returned: 0, conflicts: [{ endToEndId: pending!.e2e, reason: 'RETURN_BEFORE_PAYMENT' }], unmatched: [{ endToEndId: 'SA9999999999999999', reason: 'UNKNOWN_END_TO_END_ID' }] });
    expect((await outcomes())[pending!.e2e]).toEqual(['NONE', null]);
  });

  it('settles the pending ones with ACCC; the same report re-sent with other bytes is recognised by its MsgId', async () => {
    const [, pending, , , funded] = items;
    const lines: Pain002TransactionInput[] = [
      { endToEndId: pending!.e2e, status: 'ACCC' },
      { endToEndId: funded!.e2e, status: 'ACCC' },
    ];
    const first = await upload(await statusReport('AGR-STS-0002', lines));
    expect(first).toMatchObject({ applied: 2, paid: 2, alreadyIngested: false });
    // Re-sent later: another creation time, another layout, the same MsgId.
    const again = await upload((await statusReport('AGR-STS-0002', lines, '2024-07-05T16:30:00+07:00')).replace(/\n\s*/g, ''));
    expect(again).toMatchObject({ applied: 0, alreadyIngested: true, messageKey: `${bankCode}:AGR-STS-0002` });
  });

  it('polls the bank: its pain.002 (RJCT after ACWP) and its camt.054 return, all valid against the XSDs; the return marks the item RETURNED', async () => {
    const [held, , , returned] = items;
    await pollCycle(ctx, fixture.officer, fixture.cycleId, { timeoutMs: 5_000, fetch: watching });
    expect((await outcomes())[held!.e2e]).toEqual(['FAILED', 'AC06']);
    const poll = await pollCycle(ctx, fixture.officer, fixture.cycleId, { timeoutMs: 5_000, fetch: watching });
    const bankPoll = poll.batches.find((batch) => batch.providerCode === bankCode)!;
    expect(bankPoll).toMatchObject({ fetched: 1, ingested: 1, applied: 1 });
    expect(fetchedReports.map((report) => report.path.split('/')[2])).toEqual(['reports', 'statements']);
    for (const report of fetchedReports) await expectXsdValid(report.body);
    expect(fetchedReports[1]!.body).toContain('urn:iso:std:iso:20022:tech:xsd:camt.054.001.08');
    expect((await outcomes())[returned!.e2e]).toEqual(['RETURNED', 'AC04']);
    expect((await checkLedger(ctx.db.orm, fixture.cycleId)).ok).toBe(true);
    // Polled again: nothing new is fetched or applied.
    const quiet = await pollCycle(ctx, fixture.officer, fixture.cycleId, { timeoutMs: 5_000, fetch: watching });
    expect(quiet.batches.find((batch) => batch.providerCode === bankCode)).toMatchObject({ fetched: 0, applied: 0 });
  });

  it('the same return again, in another notification or the same one re-sent, changes nothing; a return to another account is a finding', async () => {
    const [failed, , , returned] = items;
    const statement = fetchedReports[1]!.body;
    const resent = await upload(statement.replace(/\n\s*/g, ''), 'camt054.xml');
    expect(resent).toMatchObject({ source: 'camt', alreadyIngested: true, applied: 0 });
    const account = await debtorAccount();
    const other = await upload(
      await returnsReport('AGR-NTF-0099', [{ e2e: returned!.e2e, amount: returned!.amount, reason: 'AC04' }, { e2e: failed!.e2e, amount: failed!.amount, reason: 'AC04' }], account),
    );
    expect(other).toMatchObject({ applied: 0, returned: 0, duplicates: 1, conflicts: [{ endToEndId: failed!.e2e, reason: 'ALREADY_FAILED_REPORTED_RETURNED' }] });
    // Through the command (`asxh reconcile --file camt054.xml --provider 970405 --json`), shaped by its result schema.
    const path = join(dir, 'elsewhere.xml');
    writeFileSync(path, await returnsReport('AGR-NTF-0100', [{ e2e: returned!.e2e, amount: returned!.amount, reason: 'AC04' }], '9999999999'));
    const elsewhere = shapeResult(commands.reconcile!, await commands.reconcile!.run(ctx, fixture.officer, { cycle: String(fixture.cycleId), file: path, provider: bankCode }));
    expect(elsewhere).toMatchObject({ source: 'camt', applied: 0, unmatched: [{ endToEndId: returned!.e2e, reason: 'OTHER_ACCOUNT' }], otherEntries: { OTHER_ACCOUNT: 1 } });
    expect((await outcomes())[returned!.e2e]).toEqual(['RETURNED', 'AC04']);
    expect((await checkLedger(ctx.db.orm, fixture.cycleId)).ok).toBe(true);
  });

  it('tells a file of another ISO message apart by its namespace: our own pain.001 is no result file', async () => {
    await expect(upload(uploads[0]!, 'pain001.xml')).rejects.toMatchObject({ code: 'RESULT_FILE_FORMAT', details: { message: 'pain.001' } });
  });

  /** The paying account the pain.001 debited (DbtrAcct), where the bank credits returns. */
  async function debtorAccount(): Promise<string> {
    const account = /<DbtrAcct><Id><Othr><Id>([^<]+)<\/Id>/.exec(uploads[0]!)?.[1];
    if (!account) throw new Error('no DbtrAcct in the pain.001');
    return account;
  }
});

describe('ISO 20022 conformance: the bank reports with varied codes, over host-to-host only', () => {
  let ctx: TestContext;
  let fixture: FundedCycle;
  let simulators: Simulators;
  const fetchedReports: string[] = [];
  const watching: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
    if (/^\/h2h\/(reports|statements)\/./.test(path) && response.ok) fetchedReports.push(await response.clone().text());
    return response;
  };

  beforeAll(async () => {
    ctx = await createSafeTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx);
  });
  afterAll(async () => {
    await simulators?.close();
    await ctx?.close();
  });

  it('ingests ACWP then RJCT by OrgnlInstrId, PDNG then ACCC, a report re-sent with other bytes once, and the camt.054 return', async () => {
    const items = await bankItems(ctx, fixture.cycleId);
    const [blocked, paid, rejected, returned, settled] = items.map((item) => item.e2e);
    simulators = await startSimulators({
      bank: {
        outcomes: { [blocked!]: 'AC06', [paid!]: 'SUCCESS', [rejected!]: 'AC01', [returned!]: 'RETURN', [settled!]: 'SUCCESS' },
        config: { partialAcceptance: true, isoStatusStyle: 'varied', duplicateRate: 1 },
      },
    });
    await connectEndpoints(ctx, fixture.admin, simulators);
    await sendCycle(ctx, fixture.officer, fixture.cycleId, { timeoutMs: 5_000 });
    const first = (await pollCycle(ctx, fixture.officer, fixture.cycleId, { timeoutMs: 5_000, fetch: watching })).batches.find((batch) => batch.providerCode === bankCode);
    // The acceptance, the final report, and the final report again under another report id with other bytes: applied once.
    expect(first).toMatchObject({ fetched: 3, ingested: 2 });
    expect(fetchedReports[2]).not.toBe(fetchedReports[1]);
    expect(fetchedReports[1]).toContain('<TxSts>ACCC</TxSts>');
    expect(fetchedReports[0]).toContain('<TxSts>PDNG</TxSts>');
    expect(fetchedReports[0]).toMatch(new RegExp(`<TxInfAndSts><OrgnlInstrId>${rejected}</OrgnlInstrId><TxSts>RJCT</TxSts>`));
    const summaries = await queryRows<{ summary: { onHold: number; paid: number; failed: Record<string, number> } }>(
      ctx.db.orm,
      sql`SELECT summary FROM inbound_messages WHERE source = 'pain002' AND cycle_id = ${fixture.cycleId} AND message_key LIKE ${`${bankCode}:%`} ORDER BY id`,
    );
    expect(summaries.map((row) => row.summary)).toMatchObject([
      { onHold: 1, paid: 0, failed: { AC01: 1 } },
      { onHold: 0, paid: 3, failed: { AC06: 1 } },
    ]);
    await pollCycle(ctx, fixture.officer, fixture.cycleId, { timeoutMs: 5_000, fetch: watching });
    for (const report of fetchedReports) await expectXsdValid(report);
    // The fixture checks what the bank took and published against the XSDs when it closes: the pain.001, three pain.002, the camt.054.
    expect(simulators.isoDocuments.map((xml) => /xsd:(\w+\.\d+)/.exec(xml)?.[1])).toEqual(['pain.001', 'pain.002', 'pain.002', 'pain.002', 'camt.054']);
    const states = Object.fromEntries((await bankItems(ctx, fixture.cycleId)).map((item) => [item.e2e, [item.outcome, item.reason]]));
    expect(states).toEqual({
      [blocked!]: ['FAILED', 'AC06'], [paid!]: ['PAID', null], [rejected!]: ['FAILED', 'AC01'], [returned!]: ['RETURNED', 'AC04'], [settled!]: ['PAID', null],
    });
    expect((await checkLedger(ctx.db.orm, fixture.cycleId)).ok).toBe(true);
  });
});
