import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { approveProposal, listProposals, rejectProposal } from '../src/modules/accounts/proposals.service.js';
import { generateCycle, payrollLines } from '../src/modules/payroll/payroll.service.js';
import { approveImport, importChanges, listImports, rejectImport } from '../src/modules/registry/import/approval.service.js';
import { importBeneficiaries } from '../src/modules/registry/import/import.service.js';
import { createTestApp, createTestContext, createTestUser, loginCookie, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { idFor, personRow } from './helpers/people.js';

/**
 * Issue 18, separation of duties: an Excel import that creates or changes payment accounts is
 * approved by a second person as a whole before any of its accounts can be paid.
 */
const bank = (serial: number, name: string, account: string) =>
  personRow({
    ho_ten: name, ngay_sinh: '01/01/1950', gioi_tinh: 'Nữ', so_dinh_danh: idFor('01/01/1950', 'Nữ', serial), ma_doi_tuong: 'BTXH_K6_NANG',
    chi_tra_den_thang: '06/2024', hinh_thuc_nhan: 'TK_NGAN_HANG', ma_to_chuc: '970405', so_tai_khoan: account, chu_tai_khoan: name,
  });
const cash = (serial: number, name: string) =>
  personRow({ ho_ten: name, ngay_sinh: '01/01/1950', gioi_tinh: 'Nữ', so_dinh_danh: idFor('01/01/1950', 'Nữ', serial), ma_doi_tuong: 'BTXH_K6_NANG', chi_tra_den_thang: '06/2024' });

const an = bank(901, 'Lê Thị An', '5100200000901');
const binh = bank(902, 'Phạm Thị Bình', '5100200000902');
const chi = cash(903, 'Hồ Thị Chi');
const dung = bank(904, 'Võ Thị Dung', '5100200000904');

describe('an import that creates or changes accounts waits for a second person', () => {
  let ctx: TestContext;
  let officer: Actor;
  let province: Actor;
  let approver: Actor;
  let dependent: Actor;
  let elsewhere: Actor;
  let auditor: Actor;
  const dir = tempDir();

  const linesOf = async (month: string) => {
    const cycle = await generateCycle(ctx, officer, { month, unitCode: '23293' });
    const lines = await payrollLines(ctx, officer, cycle.id, { limit: 100 });
    const byPerson = new Map<string, [string, string, string | null]>();
    for (const line of lines) byPerson.set(line.personalId, [line.channel, line.provider, line.accountNumber]);
    return byPerson;
  };

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    province = await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    approver = await createTestUser(ctx, { username: 'duyet', role: 'approver', unitCode: '23293' });
    dependent = await createTestUser(ctx, { username: 'duyet.phu', role: 'approver', unitCode: '23293' });
    // an approver whose account the importer created is not a second person
    await ctx.db.orm.execute(sql`UPDATE users SET created_by = 'canbo' WHERE username = 'duyet.phu'`);
    elsewhere = await createTestUser(ctx, { username: 'duyet.dakha', role: 'approver', unitCode: '23500' });
    auditor = await createTestUser(ctx, { username: 'kiemtoan', role: 'auditor', unitCode: '51' });
  });
  afterAll(async () => ctx.close());

  let first: number;

  it('answers with the batch id and PENDING; a cycle before the approval pays those people in cash', async () => {
    const report = await importBeneficiaries(ctx, officer, { path: writeTemplateCsv(join(dir, 'a.csv'), [an, binh, chi]), dryRun: false });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ accountChanges: 2, approval: 'PENDING', changes: { instrumentsCreated: 1, proposals: 2 } });
    expect(report.batchId).toEqual(expect.any(Number));
    first = report.batchId!;
    // nothing of the file's accounts is active
    const active = await queryOne<{ count: number }>(ctx.db.orm, sql`SELECT count(*)::int AS count FROM payment_instruments WHERE active AND account_number IS NOT NULL`);
    expect(active).toEqual({ count: 0 });
    const lines = await linesOf('2024-07');
    expect(lines.get(an.so_dinh_danh!)).toEqual(['TIEN_MAT', 'VNPOST', null]);
    expect(lines.get(binh.so_dinh_danh!)).toEqual(['TIEN_MAT', 'VNPOST', null]);
    expect(lines.get(chi.so_dinh_danh!)).toEqual(['TIEN_MAT', 'VNPOST', null]);
    // a dry run tells nothing about approval
    const dry = await importBeneficiaries(ctx, officer, { path: writeTemplateCsv(join(dir, 'a.csv'), [an]), dryRun: true });
    expect(dry).toMatchObject({ batchId: null, accountChanges: null, approval: null });
  });

  it('lists the account changes to read, masked as each role may see them', async () => {
    const forApprover = await importChanges(ctx, approver, first);
    expect(forApprover.batch).toMatchObject({ batchId: first, approval: 'PENDING', accountChanges: 2, importedBy: 'canbo', fileName: 'a.csv' });
    expect(forApprover.changes.map((change) => [change.personalId, change.oldChannel, change.channel, change.providerCode, change.accountNumber])).toEqual([
      [an.so_dinh_danh, null, 'TK_NGAN_HANG', '970405', '5100200000901'],
      [binh.so_dinh_danh, null, 'TK_NGAN_HANG', '970405', '5100200000902'],
    ]);
    const forAuditor = await importChanges(ctx, auditor, first);
    expect(forAuditor.changes.map((change) => [change.personalId, change.accountNumber])).toEqual([
      [`********${an.so_dinh_danh!.slice(-4)}`, '*********0901'],
      [`********${binh.so_dinh_danh!.slice(-4)}`, '*********0902'],
    ].map(([id, account]) => [expect.stringMatching(new RegExp(`${id!.slice(-4)}$`)), expect.stringMatching(new RegExp(`${account!.slice(-4)}$`))]));
    for (const change of forAuditor.changes) {
      expect(change.personalId).not.toContain(an.so_dinh_danh!.slice(0, 6));
      expect(change.accountNumber).not.toContain('51002');
    }
    // the view of personal data in bulk is recorded
    const viewed = await queryRows<{ actor: string }>(ctx.db.orm, sql`SELECT actor FROM audit_events WHERE action = 'personal_data.viewed' AND entity_type = 'import_batch'`);
    expect(viewed.map((row) => row.actor)).toEqual(['duyet', 'kiemtoan']);
    // another commune sees neither the batch nor its people
    await expect(importChanges(ctx, elsewhere, first)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await listImports(ctx, approver, { approval: 'PENDING' })).map((batch) => batch.batchId)).toEqual([first]);
    expect(await listImports(ctx, elsewhere, { approval: 'PENDING' })).toEqual([]);
  });

  it('refuses the importer, an approver the importer created, an approver of another area, and a row-by-row decision', async () => {
    await expect(approveImport(ctx, officer, first)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(approveImport(ctx, dependent, first)).rejects.toMatchObject({ code: 'APPROVER_NOT_INDEPENDENT', details: { relation: 'created_by' } });
    await expect(approveImport(ctx, elsewhere, first)).rejects.toMatchObject({ status: 404 });
    const [proposal] = await queryRows<{ id: number }>(ctx.db.orm, sql`SELECT id::int AS id FROM instrument_proposals WHERE import_batch_id = ${first} ORDER BY id LIMIT 1`);
    await expect(approveProposal(ctx, approver, proposal!.id)).rejects.toMatchObject({ code: 'IMPORT_BATCH_DECISION' });
    await expect(rejectProposal(ctx, approver, proposal!.id, 'Sai')).rejects.toMatchObject({ code: 'IMPORT_BATCH_DECISION' });
    // nor is it in the queue of single account changes
    expect((await listProposals(ctx, approver, { status: 'PENDING' })).map((row) => row.id)).not.toContain(proposal!.id);
    // The database holds the rule whatever the code does.
    await expect(ctx.db.orm.execute(sql`UPDATE instrument_proposals SET status = 'APPROVED', decided_by = 'duyet', decided_at = now() WHERE import_batch_id = ${first}`)).rejects.toThrow();
    await expect(
      ctx.db.orm.execute(sql`
        INSERT INTO payment_instruments (enrolment_id, person_id, channel, provider_code, account_number, account_holder, holder_kind, province_code, commune_code, import_batch_id)
        SELECT enrolment_id, person_id, channel, provider_code, account_number, account_holder, holder_kind, province_code, commune_code, import_batch_id
        FROM instrument_proposals WHERE import_batch_id = ${first}`),
    ).rejects.toThrow();
    await expect(ctx.db.orm.execute(sql`UPDATE import_batches SET approval = 'APPROVED', decided_by = 'canbo', decided_at = now() WHERE id = ${first}`)).rejects.toThrow();
    expect(await queryOne(ctx.db.orm, sql`SELECT approval FROM import_batches WHERE id = ${first}`)).toEqual({ approval: 'PENDING' });
  });

  it('a province importer cannot approve its own file either', async () => {
    const report = await importBeneficiaries(ctx, province, { path: writeTemplateCsv(join(dir, 'd.csv'), [dung]), dryRun: false });
    expect(report).toMatchObject({ accountChanges: 1, approval: 'PENDING' });
    await expect(approveImport(ctx, province, report.batchId!)).rejects.toMatchObject({ code: 'MAKER_CHECKER', status: 403 });
    // Rejected: never paid.
    await expect(rejectImport(ctx, approver, report.batchId!, ' ')).rejects.toMatchObject({ code: 'REASON_REQUIRED' });
    const rejected = await rejectImport(ctx, approver, report.batchId!, 'Chưa có giấy xác nhận tài khoản');
    expect(rejected).toMatchObject({ approval: 'REJECTED', decided: 1, replaced: 0, decidedBy: 'duyet', reason: 'Chưa có giấy xác nhận tài khoản' });
    expect(await rejectImport(ctx, approver, report.batchId!, 'again')).toEqual(rejected);
    await expect(approveImport(ctx, approver, report.batchId!)).rejects.toMatchObject({ code: 'IMPORT_DECIDED', status: 409 });
    expect(await queryRows(ctx.db.orm, sql`SELECT status FROM instrument_proposals WHERE import_batch_id = ${report.batchId}`)).toEqual([{ status: 'REJECTED' }]);
  });

  it('a second person approves the whole file at once: the next cycle pays into the accounts; approving twice answers the same', async () => {
    const approved = await approveImport(ctx, approver, first);
    expect(approved).toMatchObject({ batchId: first, approval: 'APPROVED', accountChanges: 2, decided: 2, replaced: 0, decidedBy: 'duyet' });
    expect(await approveImport(ctx, approver, first)).toEqual(approved);
    const events = await queryRows<{ after: Record<string, unknown> }>(ctx.db.orm, sql`SELECT after FROM audit_events WHERE action = 'import.accounts_approved'`);
    expect(events).toEqual([{ after: { approval: 'APPROVED', decided: 2, replaced: 0, reason: null } }]);
    ctx.setNow('2024-08-05T03:00:00Z');
    const lines = await linesOf('2024-08');
    expect(lines.get(an.so_dinh_danh!)).toEqual(['TK_NGAN_HANG', '970405', '5100200000901']);
    expect(lines.get(binh.so_dinh_danh!)).toEqual(['TK_NGAN_HANG', '970405', '5100200000902']);
    expect(lines.get(chi.so_dinh_danh!)).toEqual(['TIEN_MAT', 'VNPOST', null]);
    // the rejected file's account never is
    expect(lines.get(dung.so_dinh_danh!)).toEqual(['TIEN_MAT', 'VNPOST', null]);
  });

  it('a changed account waits too: the person is paid into the previous one until the file is approved', async () => {
    const changed = { ...an, so_tai_khoan: '5100200009999' };
    const report = await importBeneficiaries(ctx, officer, { path: writeTemplateCsv(join(dir, 'c.csv'), [changed, binh, chi]), dryRun: false });
    expect(report).toMatchObject({ accountChanges: 1, approval: 'PENDING', changes: { proposals: 1, unchangedRows: 2 } });
    const list = await importChanges(ctx, approver, report.batchId!);
    expect(list.changes.map((change) => [change.oldAccountNumber, change.accountNumber])).toEqual([['5100200000901', '5100200009999']]);
    ctx.setNow('2024-09-05T03:00:00Z');
    expect((await linesOf('2024-09')).get(an.so_dinh_danh!)).toEqual(['TK_NGAN_HANG', '970405', '5100200000901']);
    expect(await approveImport(ctx, approver, report.batchId!)).toMatchObject({ approval: 'APPROVED', decided: 1, replaced: 1 });
    ctx.setNow('2024-10-05T03:00:00Z');
    expect((await linesOf('2024-10')).get(an.so_dinh_danh!)).toEqual(['TK_NGAN_HANG', '970405', '5100200009999']);
    // the replacement is on the person's timeline
    const history = await queryRows<{ before: { accountNumber: string }; after: { accountNumber: string } }>(
      ctx.db.orm,
      sql`SELECT h.before, h.after FROM registry_history h JOIN persons p ON p.id = h.person_id WHERE p.personal_id = ${an.so_dinh_danh!} AND h.action = 'instrument.changed'`,
    );
    expect(history.map((entry) => [entry.before.accountNumber, entry.after.accountNumber])).toEqual([['5100200000901', '5100200009999']]);
  });

  it('an import without account changes needs no approval', async () => {
    const report = await importBeneficiaries(ctx, province, { path: writeTemplateCsv(join(dir, 'n.csv'), [cash(905, 'Đỗ Thị Em')]), dryRun: false });
    expect(report).toMatchObject({ accountChanges: 0, approval: 'NOT_NEEDED' });
    expect(await approveImport(ctx, province, report.batchId!)).toMatchObject({ approval: 'NOT_NEEDED', decided: 0, decidedBy: null });
  });

  it('the same over the API: the import answers the batch and its approval; the approver reads, approves', async () => {
    const app = await createTestApp(ctx);
    try {
      const officerCookie = await loginCookie(app, 'canbo');
      const approverCookie = await loginCookie(app, 'duyet');
      const saved = await app.inject({
        method: 'POST', url: '/api/v1/beneficiaries', headers: { cookie: officerCookie },
        payload: { ...bank(906, 'Ngô Thị Gấm', '5100200000906') },
      });
      expect(saved.statusCode).toBe(200);
      const report = saved.json<{ batchId: number; accountChanges: number; approval: string }>();
      expect(report).toMatchObject({ accountChanges: 1, approval: 'PENDING' });
      const queue = await app.inject({ method: 'GET', url: '/api/v1/import-batches?approval=PENDING', headers: { cookie: approverCookie } });
      expect(queue.json<{ batchId: number }[]>().map((batch) => batch.batchId)).toEqual([report.batchId]);
      const changes = await app.inject({ method: 'GET', url: `/api/v1/import-batches/${report.batchId}/changes`, headers: { cookie: approverCookie } });
      expect(changes.statusCode).toBe(200);
      expect(changes.json<{ changes: { accountNumber: string }[] }>().changes.map((change) => change.accountNumber)).toEqual(['5100200000906']);
      const own = await app.inject({ method: 'POST', url: `/api/v1/import-batches/${report.batchId}/approve`, headers: { cookie: officerCookie } });
      expect(own.statusCode).toBe(403);
      const approved = await app.inject({ method: 'POST', url: `/api/v1/import-batches/${report.batchId}/approve`, headers: { cookie: approverCookie } });
      expect(approved.statusCode).toBe(200);
      expect(approved.json()).toMatchObject({ approval: 'APPROVED', decided: 1 });
      const command = await app.inject({ method: 'POST', url: '/api/v1/commands/import.approve', headers: { cookie: approverCookie }, payload: { batchId: String(report.batchId) } });
      expect(command.statusCode).toBe(200);
      expect(command.json()).toEqual(approved.json());
    } finally {
      await app.close();
    }
  });
});
