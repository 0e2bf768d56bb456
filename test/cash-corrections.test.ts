import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/app/commands.js';
import { queryOne, queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { confirmCash } from '../src/modules/disbursement/cash.service.js';
import { confirmCashCorrection, listCashCorrections, proposeCashCorrection, rejectCashCorrection } from '../src/modules/disbursement/cash-corrections.service.js';
import { exportBatchFile, type FileFormat } from '../src/modules/disbursement/files.service.js';
import { checkLedger } from '../src/modules/disbursement/ledger-check.service.js';
import { reconcileFile } from '../src/modules/disbursement/reconcile.service.js';
import { closeCycle, cycleSettlement } from '../src/modules/disbursement/settlement.service.js';
import { listNotifications } from '../src/modules/notifications/notices.service.js';
import { generateCycle } from '../src/modules/payroll/payroll.service.js';
import { monthlyReport } from '../src/modules/reporting/monthly.service.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { bankCode, createFundedCycle, postalCode, walletCode, type FundedCycle } from './helpers/disbursement-fixture.js';
import { tempDir } from './helpers/files.js';

/**
 * Correcting a cash result within the cycle (issue 22 item 7): the agent recorded "not found", the
 * person came the next day. Agent A proposes, cannot confirm their own; agent B (or an
 * administrator) confirms; only then the item is paid, the ledger balanced by reversal and
 * correcting entries, the monthly report counts the payment, the beneficiary is told once. Refused
 * once something followed from the first result (a carry-over into another cycle) or the cycle is
 * closed; an agent of another provider is refused; the same request twice is one correction.
 */
describe('correcting a cash result within the cycle', () => {
  let ctx: TestContext;
  let fixture: FundedCycle;
  let agentB: Actor;
  let bankAgent: Actor;
  const dir = tempDir();
  const cash: { id: number; e2e: string; personalId: string; personId: number }[] = [];
  const phone = '0912345670';

  const handOver = async (providerCode: string, format: FileFormat) => {
    const output = createWriteStream(join(dir, `${providerCode}.${format}`));
    await exportBatchFile(ctx, fixture.officer, { cycleId: fixture.cycleId, providerCode, format, output, handOver: true });
    if (!output.writableFinished) await once(output, 'finish');
  };
  const allPaid = async (providerCode: string) => {
    const items = await queryRows<{ e2e: string }>(ctx.db.orm, sql`SELECT end_to_end_id AS e2e FROM disbursement_items WHERE cycle_id = ${fixture.cycleId} AND provider_code = ${providerCode}`);
    const path = join(dir, `${providerCode}-results.csv`);
    writeFileSync(path, ['MaThamChieu,TrangThai', ...items.map((item) => `${item.e2e},ACSC`)].join('\n') + '\n');
    await reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path, providerCode });
  };
  const item = (e2e: string) =>
    queryOne<{ outcome: string; reasonCode: string | null; paidTo: string | null; receiptNumber: string | null; paidOn: string | null; followUp: string | null }>(
      ctx.db.orm,
      sql`SELECT outcome, reason_code AS "reasonCode", paid_to AS "paidTo", receipt_number AS "receiptNumber",
                 to_char(paid_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS "paidOn", follow_up AS "followUp"
          FROM disbursement_items WHERE end_to_end_id = ${e2e}`,
    );
  const lineState = (itemId: number) =>
    queryOne<{ state: string; carried: boolean }>(ctx.db.orm, sql`SELECT state, carried FROM line_states WHERE item_id = ${itemId}`);
  const ledgerOf = (itemId: number) =>
    queryRows<{ kind: string; debit: string; credit: string; correction: number | null }>(
      ctx.db.orm,
      sql`SELECT kind, debit_account AS debit, credit_account AS credit, correction_id::int AS correction FROM ledger_entries WHERE item_id = ${itemId} ORDER BY id`,
    );
  const kindsOf = async (personalId: string) => (await listNotifications(ctx, fixture.officer, { personalId })).map((notice) => notice.kind).sort();
  const paidCount = async () => {
    const report = await monthlyReport(ctx, fixture.officer, { month: '2024-07', unit: '23293' });
    return report.total.paid.people;
  };
  const propose = (actor: Actor, e2e: string, input: { result: 'PAID_SELF' | 'PAID_REPRESENTATIVE' | 'NOT_FOUND' | 'REFUSED'; date?: string; receiptNumber?: string; reason?: string }) =>
    proposeCashCorrection(ctx, actor, { cycleId: fixture.cycleId, endToEndId: e2e, reason: input.reason ?? 'Gặp người hưởng ngày hôm sau tại nhà', ...input });

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-08T03:00:00Z');
    fixture = await createFundedCycle(ctx, { failurePolicy: 'CARRY_OVER' });
    agentB = await createTestUser(ctx, { username: 'buudien2', role: 'provider', unitCode: '51', providerCode: postalCode });
    bankAgent = await createTestUser(ctx, { username: 'nganhang', role: 'provider', unitCode: '51', providerCode: bankCode });
    cash.push(...(await queryRows<{ id: number; e2e: string; personalId: string; personId: number }>(
      ctx.db.orm,
      sql`SELECT id::int AS id, end_to_end_id AS e2e, personal_id AS "personalId", person_id::int AS "personId"
          FROM disbursement_items WHERE cycle_id = ${fixture.cycleId} AND provider_code = ${postalCode} ORDER BY id`,
    )));
    expect(cash).toHaveLength(3);
    // Their mobile numbers, so the payment news reach them.
    for (const [index, entry] of cash.entries()) await ctx.db.orm.execute(sql`UPDATE persons SET phone = ${phone.slice(0, -1) + String(index)} WHERE id = ${entry.personId}`);
    await handOver(bankCode, 'csv');
    await allPaid(bankCode);
    await handOver(walletCode, 'csv');
    await allPaid(walletCode);
    await handOver(postalCode, 'cash-list');
    const confirmed = await confirmCash(ctx, fixture.agent, {
      cycleId: fixture.cycleId,
      requestId: 'cash-1',
      confirmations: [
        { endToEndId: cash[0]!.e2e, result: 'NOT_FOUND' },
        { endToEndId: cash[1]!.e2e, result: 'REFUSED' },
        { endToEndId: cash[2]!.e2e, result: 'PAID_SELF', date: '05/07/2024', receiptNumber: 'BN-0003' },
      ],
    });
    expect(confirmed.cycleStatus).toBe('RECONCILED');
  });
  afterAll(async () => ctx.close());

  it('corrects a person found the next day: proposed by agent A, refused to A, confirmed by agent B; paid, balanced, reported, told once', async () => {
    const [found] = cash;
    expect(await kindsOf(found!.personalId)).toEqual(['PAYMENT_FAILED']);
    const paidBefore = await paidCount();

    const proposed = await propose(fixture.agent, found!.e2e, { result: 'PAID_SELF', date: '06/07/2024', receiptNumber: 'BN-0107' });
    expect(proposed).toMatchObject({ created: true, status: 'PENDING', fromOutcome: 'FAILED', fromReasonCode: 'UNCLAIMED', toResult: 'PAID_SELF', paidOn: '2024-07-06', receiptNumber: 'BN-0107', proposedBy: 'buudien' });
    // nothing changes before a second person confirms
    expect(await item(found!.e2e)).toMatchObject({ outcome: 'FAILED', reasonCode: 'UNCLAIMED' });
    // the same request again is the same correction; another one while it waits is refused
    expect(await propose(fixture.agent, found!.e2e, { result: 'PAID_SELF', date: '2024-07-06', receiptNumber: 'BN-0107' })).toMatchObject({ id: proposed.id, created: false });
    await expect(propose(agentB, found!.e2e, { result: 'PAID_REPRESENTATIVE', date: '06/07/2024', receiptNumber: 'BN-0108' })).rejects.toMatchObject({ code: 'CASH_CORRECTION_PENDING', status: 409 });
    // what a proposal needs
    await expect(propose(fixture.agent, cash[1]!.e2e, { result: 'PAID_SELF', date: '06/07/2024' })).rejects.toMatchObject({ code: 'CASH_CORRECTION_RECEIPT_REQUIRED' });
    await expect(propose(fixture.agent, cash[1]!.e2e, { result: 'PAID_SELF', date: '09/07/2024', receiptNumber: 'X' })).rejects.toMatchObject({ code: 'CASH_CORRECTION_DATE_INVALID' });
    await expect(propose(fixture.agent, cash[1]!.e2e, { result: 'PAID_SELF', date: '06/07/2024', receiptNumber: 'X', reason: ' ' })).rejects.toMatchObject({ code: 'CASH_CORRECTION_REASON_REQUIRED' });
    await expect(propose(fixture.agent, cash[1]!.e2e, { result: 'REFUSED' })).rejects.toMatchObject({ code: 'CASH_CORRECTION_SAME_RESULT' });

    // who may not
    await expect(confirmCashCorrection(ctx, fixture.agent, { correctionId: proposed.id })).rejects.toMatchObject({ code: 'CASH_CORRECTION_SELF_CONFIRM', status: 403 });
    await expect(confirmCashCorrection(ctx, bankAgent, { correctionId: proposed.id })).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(propose(bankAgent, found!.e2e, { result: 'PAID_SELF', date: '06/07/2024', receiptNumber: 'BN-0107' })).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(confirmCashCorrection(ctx, fixture.officer, { correctionId: proposed.id })).rejects.toMatchObject({ status: 403 });
    expect(await item(found!.e2e)).toMatchObject({ outcome: 'FAILED' });

    const confirmed = await confirmCashCorrection(ctx, agentB, { correctionId: proposed.id, note: 'Đã xem biên nhận' });
    expect(confirmed).toMatchObject({ changed: true, status: 'CONFIRMED', decidedBy: 'buudien2', notices: 1 });
    expect(await item(found!.e2e)).toEqual({ outcome: 'PAID', reasonCode: null, paidTo: 'SELF', receiptNumber: 'BN-0107', paidOn: '2024-07-06', followUp: null });
    // again: nothing more (the confirmation and the proposal alike)
    expect(await confirmCashCorrection(ctx, agentB, { correctionId: proposed.id })).toMatchObject({ changed: false, notices: 0 });
    expect(await propose(fixture.agent, found!.e2e, { result: 'PAID_SELF', date: '06/07/2024', receiptNumber: 'BN-0107' })).toMatchObject({ id: proposed.id, created: false, status: 'CONFIRMED' });
    await expect(rejectCashCorrection(ctx, agentB, { correctionId: proposed.id })).rejects.toMatchObject({ code: 'CASH_CORRECTION_DECIDED' });

    // the money: the refund reversed, then paid out — appended, balanced to the đồng
    expect(await ledgerOf(found!.id)).toEqual([
      { kind: 'REFUND', debit: `FUND:${fixture.cycleId}`, credit: `PROVIDER:VNPOST:${fixture.cycleId}`, correction: null },
      { kind: 'REFUND_REVERSAL', debit: `PROVIDER:VNPOST:${fixture.cycleId}`, credit: `FUND:${fixture.cycleId}`, correction: proposed.id },
      { kind: 'PAYOUT', debit: `BENEFICIARIES:${fixture.cycleId}`, credit: `PROVIDER:VNPOST:${fixture.cycleId}`, correction: proposed.id },
    ]);
    expect(await checkLedger(ctx.db.orm, fixture.cycleId)).toMatchObject({ ok: true, problems: [] });
    const settlement = await cycleSettlement(ctx, fixture.officer, fixture.cycleId);
    expect(settlement).toMatchObject({ status: 'RECONCILED', balances: true, problems: [], atProvidersVnd: 0 });
    expect(settlement.paidVnd + settlement.returnedToTreasuryVnd).toBe(settlement.fundedVnd);
    // the line and the monthly report
    expect(await lineState(found!.id)).toEqual({ state: 'PAID', carried: false });
    expect(await paidCount()).toBe(paidBefore + 1);
    // the beneficiary is told it was paid (as for cash recorded paid in the first place), once
    expect(await kindsOf(found!.personalId)).toEqual(['PAYMENT_CASH_PAID', 'PAYMENT_FAILED']);
    // audited
    const audit = await queryRows<{ action: string; actor: string }>(
      ctx.db.orm,
      sql`SELECT action, actor AS actor FROM audit_events WHERE entity_type = 'cash_result_correction' AND entity_id = ${String(proposed.id)} ORDER BY seq`,
    );
    expect(audit).toEqual([{ action: 'disbursement.cash_correction_proposed', actor: 'buudien' }, { action: 'disbursement.cash_correction_confirmed', actor: 'buudien2' }]);
  });

  it('corrects a payment recorded on the wrong person (paid → not found), through the commands and the API', async () => {
    const wrong = cash[2]!;
    const proposed = (await runCommand(ctx, {
      name: 'cash.correct', as: 'buudien', operator: 'test', requestId: 'correct-1',
      args: { cycle: String(fixture.cycleId), e2e: wrong.e2e, result: 'NOT_FOUND', reason: 'Ghi nhầm người nhận: người hưởng chưa đến nhận' },
    })) as { id: number; created: boolean };
    expect(proposed).toMatchObject({ created: true, status: 'PENDING', fromOutcome: 'PAID', toOutcome: 'FAILED', toReasonCode: 'UNCLAIMED' });
    const listed = (await runCommand(ctx, { name: 'cash.correction.list', as: 'buudien2', operator: 'test', requestId: 'list-1', args: { cycle: String(fixture.cycleId), status: 'PENDING' } })) as { id: number }[];
    expect(listed.map((row) => row.id)).toEqual([proposed.id]);
    // the bank's agent sees none of the post office's corrections
    expect(await listCashCorrections(ctx, bankAgent, { cycleId: fixture.cycleId })).toEqual([]);

    const app = await createTestApp(ctx);
    try {
      const cookie = await loginCookie(app, 'quantri');
      const url = `/api/v1/disbursement/cycles/${fixture.cycleId}/cash-corrections/${proposed.id}/confirm`;
      const answer = await app.inject({ method: 'POST', url, headers: { cookie }, payload: {} });
      expect(answer.statusCode, answer.body).toBe(200);
      expect(json(answer)).toMatchObject({ changed: true, status: 'CONFIRMED', decidedBy: 'quantri', notices: 1 });
      const list = await app.inject({ method: 'GET', url: `/api/v1/disbursement/cycles/${fixture.cycleId}/cash-corrections`, headers: { cookie } });
      expect(list.statusCode, list.body).toBe(200);
      expect(json<{ id: number; status: string }[]>(list).map((row) => [row.id, row.status])).toEqual(expect.arrayContaining([[proposed.id, 'CONFIRMED']]));
    } finally {
      await app.close();
    }
    expect(await item(wrong.e2e)).toEqual({ outcome: 'FAILED', reasonCode: 'UNCLAIMED', paidTo: null, receiptNumber: null, paidOn: null, followUp: 'CARRY_OVER' });
    expect(await ledgerOf(wrong.id)).toEqual([
      { kind: 'PAYOUT', debit: `BENEFICIARIES:${fixture.cycleId}`, credit: `PROVIDER:VNPOST:${fixture.cycleId}`, correction: null },
      { kind: 'PAYOUT_REVERSAL', debit: `PROVIDER:VNPOST:${fixture.cycleId}`, credit: `BENEFICIARIES:${fixture.cycleId}`, correction: proposed.id },
      { kind: 'REFUND', debit: `FUND:${fixture.cycleId}`, credit: `PROVIDER:VNPOST:${fixture.cycleId}`, correction: proposed.id },
    ]);
    expect(await checkLedger(ctx.db.orm, fixture.cycleId)).toMatchObject({ ok: true });
    expect(await lineState(wrong.id)).toEqual({ state: 'FAILED', carried: true });
    // told it was paid when it was recorded, now that it was not, and what happens next
    expect(await kindsOf(wrong.personalId)).toEqual(['PAYMENT_CASH_PAID', 'PAYMENT_FAILED']);
  });

  it('refuses once the unpaid amount was carried over into another cycle, in the service and in the database', async () => {
    const refused = cash[1]!;
    const waiting = await propose(fixture.agent, refused.e2e, { result: 'PAID_REPRESENTATIVE', date: '07/07/2024', receiptNumber: 'BN-0201' });
    // next month's list carries the refused payment over
    const august = await generateCycle(ctx, fixture.officer, { month: '2024-08', unitCode: '23293' });
    const carried = await queryOne<{ count: number }>(
      ctx.db.orm,
      sql`SELECT count(*)::int AS count FROM payroll_lines WHERE cycle_id = ${august.id} AND entitlement = 'CARRY_OVER'`,
    );
    expect(carried!.count).toBeGreaterThanOrEqual(1);
    await expect(confirmCashCorrection(ctx, agentB, { correctionId: waiting.id })).rejects.toMatchObject({ code: 'CASH_CORRECTION_CARRIED_OVER', status: 409, details: { cycleId: august.id, month: '2024-08' } });
    await expect(propose(agentB, refused.e2e, { result: 'PAID_SELF', date: '07/07/2024', receiptNumber: 'BN-0202' })).rejects.toMatchObject({ code: 'CASH_CORRECTION_PENDING' });
    // the database refuses it too, even with the correction recorded as confirmed
    const error = await ctx.db.orm
      .transaction(async (tx) => {
        await tx.execute(sql`UPDATE cash_result_corrections SET status = 'CONFIRMED', decided_by = 'buudien2', decided_at = now() WHERE id = ${waiting.id}`);
        await tx.execute(sql`UPDATE disbursement_items SET outcome = 'PAID', reason_code = NULL, paid_to = 'REPRESENTATIVE', receipt_number = 'BN-0201', follow_up = NULL WHERE id = ${refused.id}`);
      })
      .then(() => null, (caught: unknown) => caught as Error & { cause?: Error });
    expect(String(error?.cause?.message ?? error?.message)).toMatch(/outcome FAILED → PAID is not allowed/);
    // and any backward change without a confirmed correction
    const direct = await ctx.db.orm
      .transaction(async (tx) => tx.execute(sql`UPDATE disbursement_items SET outcome = 'FAILED', reason_code = 'UNCLAIMED' WHERE id = ${cash[0]!.id}`))
      .then(() => null, (caught: unknown) => caught as Error & { cause?: Error });
    expect(String(direct?.cause?.message ?? direct?.message)).toMatch(/outcome PAID → FAILED is not allowed/);
    // withdrawn by its proposer
    expect(await rejectCashCorrection(ctx, fixture.agent, { correctionId: waiting.id, note: 'Đã chuyển sang kỳ sau' })).toMatchObject({ changed: true, status: 'REJECTED', decidedBy: 'buudien' });
    expect(await rejectCashCorrection(ctx, fixture.agent, { correctionId: waiting.id })).toMatchObject({ changed: false });
    await expect(confirmCashCorrection(ctx, agentB, { correctionId: waiting.id })).rejects.toMatchObject({ code: 'CASH_CORRECTION_DECIDED' });
    expect(await item(refused.e2e)).toMatchObject({ outcome: 'FAILED', reasonCode: 'REFUSED' });
  });

  it('closes the corrected cycle balanced, and refuses a correction of a closed cycle', async () => {
    const closed = await closeCycle(ctx, fixture.admin, fixture.cycleId, 'Quyết toán tháng 7');
    expect(closed).toMatchObject({ changed: true, status: 'CLOSED', balances: true });
    expect(closed.paidVnd + closed.returnedToTreasuryVnd).toBe(closed.fundedVnd);
    await expect(propose(fixture.agent, cash[2]!.e2e, { result: 'PAID_SELF', date: '07/07/2024', receiptNumber: 'BN-0301' })).rejects.toMatchObject({ code: 'CASH_CORRECTION_CYCLE_CLOSED', status: 409 });
  });
});
