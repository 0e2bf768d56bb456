import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/app/commands.js';
import { queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { exportBatchFile } from '../src/modules/disbursement/files.service.js';
import { reconcileFile } from '../src/modules/disbursement/reconcile.service.js';
import { setDeadlineConfig } from '../src/modules/payroll/deadlines.js';
import { confirmSubmission, getSubmission, remindLateUnits, returnSubmission, submissionStatus, submitReport } from '../src/modules/submissions/submissions.service.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { bankCode, createFundedCycle, type FundedCycle } from './helpers/disbursement-fixture.js';
import { tempDir } from './helpers/files.js';

/**
 * Submitting the monthly results report (issue 21, requirement 3): a commune submits a frozen
 * version, its approver confirms it (never the submitter), later figures make a new version while
 * the old one stays readable, the province sees who submitted and who is late against its
 * deadline, returns a report for correction, and reminds the late by SMS once a day.
 */
describe('monthly report submissions', () => {
  let ctx: TestContext;
  let fixture: FundedCycle;
  let province: Actor;
  const dir = tempDir();

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx);
    province = await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    // an officer of the commune with a phone: the reminder's recipient
    await createTestUser(ctx, { username: 'canbo.sms', role: 'officer', unitCode: '23293', phone: '0912345678' });
  });
  afterAll(async () => ctx.close());

  it('lists the province’s communes as not submitted, late once the province’s day has passed, and reminds them once a day', async () => {
    let status = await submissionStatus(ctx, province, { month: '2024-07' });
    expect(status).toMatchObject({ month: '2024-07', unit: '51', dueDate: '2024-07-20' });
    expect(status.rows).toEqual([{ unit: '23293', name: expect.any(String), status: 'NOT_SUBMITTED', late: false, submission: null }]);
    await setDeadlineConfig(ctx, fixture.admin, { provinceCode: '51', listDueDay: 25, reportDueDay: 3 });
    status = await submissionStatus(ctx, province, { month: '2024-07' });
    expect(status.dueDate).toBe('2024-07-03');
    expect(status.rows[0]).toMatchObject({ status: 'NOT_SUBMITTED', late: true });

    expect(await remindLateUnits(ctx, province, { month: '2024-07' })).toEqual({ units: ['23293'], messages: 1 });
    const sms = await queryRows<{ phone: string; body: string }>(ctx.db.orm, sql`SELECT phone, body FROM notifications WHERE purpose = 'report.reminder'`);
    expect(sms).toEqual([{ phone: '0912345678', body: expect.stringMatching(/chua nop bao cao ket qua chi tra thang 07\/2024 \(han 03\/07\)/) }]);
    // the same day again: nobody is reminded twice
    expect(await remindLateUnits(ctx, province, { month: '2024-07' })).toEqual({ units: ['23293'], messages: 0 });
    await expect(remindLateUnits(ctx, fixture.officer, { month: '2024-07' })).rejects.toMatchObject({ status: 403 });
  });

  it('freezes a submission, confirms it by another person only, and keeps the old version readable when the figures change', async () => {
    const first = await submitReport(ctx, fixture.officer, { month: '2024-07' });
    expect(first).toMatchObject({ changed: true, superseded: null, submission: { unit: '23293', month: '2024-07', version: 1, status: 'SUBMITTED', submittedBy: 'canbo' } });
    // the same figures again: nothing new
    expect(await submitReport(ctx, fixture.officer, { month: '2024-07' })).toMatchObject({ changed: false, submission: { id: first.submission.id } });
    // late: submitted after the province's day (3 July)
    expect((await submissionStatus(ctx, province, { month: '2024-07' })).rows[0]).toMatchObject({ status: 'SUBMITTED', late: true });

    // the figures change: the bank pays three people
    const output = createWriteStream(join(dir, 'bank.csv'));
    await exportBatchFile(ctx, fixture.officer, { cycleId: fixture.cycleId, providerCode: bankCode, format: 'csv', output, handOver: true });
    if (!output.writableFinished) await once(output, 'finish');
    const bank = await queryRows<{ e2e: string }>(ctx.db.orm, sql`SELECT end_to_end_id AS e2e FROM disbursement_items WHERE cycle_id = ${fixture.cycleId} AND provider_code = ${bankCode} ORDER BY id LIMIT 3`);
    const path = join(dir, 'results.csv');
    writeFileSync(path, ['MaThamChieu,TrangThai', ...bank.map((item) => `${item.e2e},ACSC`)].join('\n') + '\n');
    await reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path, providerCode: bankCode });

    const second = await submitReport(ctx, fixture.officer, { month: '2024-07' });
    expect(second).toMatchObject({ changed: true, superseded: first.submission.id, submission: { version: 2, status: 'SUBMITTED' } });
    const old = await getSubmission(ctx, province, first.submission.id);
    expect(old).toMatchObject({ status: 'SUPERSEDED', version: 1 });
    expect(old.report.total.paid.people).toBe(0);
    const current = await getSubmission(ctx, province, second.submission.id);
    expect(current.report.total.paid.people).toBe(3);
    expect(current.versions.map((version) => [version.version, version.status])).toEqual([[2, 'SUBMITTED'], [1, 'SUPERSEDED']]);

    // maker-checker: the submitter cannot confirm; the commune's approver can, once
    const own = await submitReport(ctx, province, { month: '2024-07', unit: '51' });
    await expect(confirmSubmission(ctx, province, own.submission.id)).rejects.toMatchObject({ code: 'MAKER_CHECKER', status: 403 });
    const confirmed = await confirmSubmission(ctx, fixture.approver, second.submission.id);
    expect(confirmed).toMatchObject({ status: 'CONFIRMED', confirmedBy: 'duyet' });
    await expect(confirmSubmission(ctx, fixture.approver, second.submission.id)).rejects.toMatchObject({ code: 'SUBMISSION_STATUS' });

    // the province returns it for correction; the commune submits again as version 3
    await expect(returnSubmission(ctx, fixture.approver, second.submission.id, 'Sai số liệu')).rejects.toMatchObject({ status: 403 });
    await expect(returnSubmission(ctx, province, second.submission.id, '  ')).rejects.toMatchObject({ code: 'REASON_REQUIRED' });
    const returned = await returnSubmission(ctx, province, second.submission.id, 'Thiếu số liệu tiền mặt');
    expect(returned).toMatchObject({ status: 'RETURNED', returnedBy: 'tinh', returnReason: 'Thiếu số liệu tiền mặt' });
    expect((await submissionStatus(ctx, province, { month: '2024-07' })).rows[0]).toMatchObject({ status: 'RETURNED', late: true });
    const third = await submitReport(ctx, fixture.officer, { month: '2024-07' });
    expect(third).toMatchObject({ changed: true, superseded: null, submission: { version: 3, status: 'SUBMITTED' } });

    const audit = await queryRows<{ action: string }>(ctx.db.orm, sql`SELECT action FROM audit_events WHERE entity_type = 'report_submission' ORDER BY seq`);
    expect(audit.map((row) => row.action)).toEqual(['report.submitted', 'report.submitted', 'report.submitted', 'report.confirmed', 'report.returned', 'report.submitted']);
  });

  it('keeps every version frozen in the database, and another area out', async () => {
    const [row] = await queryRows<{ id: number }>(ctx.db.orm, sql`SELECT id::int AS id FROM report_submissions WHERE version = 1 AND unit_code = '23293'`);
    for (const statement of [
      sql`UPDATE report_submissions SET report = '{}'::jsonb WHERE id = ${row!.id}`,
      sql`UPDATE report_submissions SET status = 'SUBMITTED' WHERE id = ${row!.id}`,
      sql`DELETE FROM report_submissions WHERE id = ${row!.id}`,
    ]) {
      const error = await ctx.db.orm.transaction(async (tx) => tx.execute(statement)).then(() => null, (caught: unknown) => caught as Error & { cause?: Error });
      expect(String(error?.cause?.message ?? error?.message)).toMatch(/report submission \d+( is frozen| cannot be deleted|: SUPERSEDED → SUBMITTED is not allowed)/);
    }
    const other = await createTestUser(ctx, { username: 'canbo.dakha', role: 'officer', unitCode: '23500' });
    await expect(getSubmission(ctx, other, row!.id)).rejects.toMatchObject({ status: 404 });
  });

  it('answers the commands and routes', async () => {
    const cli = await runCommand(ctx, { name: 'report.submissions', args: { month: '2024-07' }, as: 'tinh', operator: 'test', requestId: 'subs' });
    expect(cli).toEqual(await submissionStatus(ctx, province, { month: '2024-07' }));
    const app = await createTestApp(ctx);
    try {
      const cookie = await loginCookie(app, 'canbo');
      const listed = await app.inject({ method: 'GET', url: '/api/v1/reports/submissions?month=2024-07', headers: { cookie } });
      expect(listed.statusCode, listed.body).toBe(200);
      const again = await app.inject({ method: 'POST', url: '/api/v1/reports/submissions', headers: { cookie }, payload: { month: '2024-07' } });
      expect(again.statusCode, again.body).toBe(200);
      expect(json(again)).toMatchObject({ changed: false, submission: { version: 3 } });
    } finally {
      await app.close();
    }
  });
});
