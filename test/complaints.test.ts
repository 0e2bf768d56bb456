import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/app/commands.js';
import { queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import {
  assignComplaint, complaintCounts, complaintList, fileComplaint, getComplaint, resolveComplaint, setAnswerDays,
} from '../src/modules/complaints/complaints.service.js';
import { addWorkingDays } from '../src/modules/complaints/working-days.js';
import { createFundedCycle, fixturePeople, type FundedCycle } from './helpers/disbursement-fixture.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';

const bankId = fixturePeople[0]!.so_dinh_danh!;
const cashId = fixturePeople[8]!.so_dinh_danh!;

describe('working days', () => {
  it('skips Saturdays and Sundays', () => {
    expect(addWorkingDays('2024-07-17', 10)).toBe('2024-07-31'); // Wednesday → two weeks later
    expect(addWorkingDays('2024-07-19', 1)).toBe('2024-07-22'); // Friday → Monday
    expect(addWorkingDays('2024-07-20', 1)).toBe('2024-07-22'); // Saturday → Monday
    expect(addWorkingDays('2024-07-21', 5)).toBe('2024-07-26'); // Sunday → Friday
  });
});

describe('complaints and requests', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let fixture: FundedCycle;
  let province: Actor;
  let auditor: Actor;
  let otherOfficer: Actor;

  beforeAll(async () => {
    // Wednesday 17 July 2024, 10:00 in Vietnam
    ctx = await createTestContext('2024-07-17T03:00:00Z');
    fixture = await createFundedCycle(ctx, { batches: false });
    province = await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    auditor = await createTestUser(ctx, { username: 'kiemtoan', role: 'auditor', unitCode: '51' });
    otherOfficer = await createTestUser(ctx, { username: 'canbo.b', role: 'officer', unitCode: '23500' });
    await createTestUser(ctx, { username: 'canbo.hn', role: 'officer', unitCode: '00004' });
    app = await createTestApp(ctx);
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  const auditOf = (id: number) =>
    queryRows<{ action: string; actor: string; after: Record<string, unknown> | null }>(
      ctx.db.orm,
      sql`SELECT action, actor, after FROM audit_events WHERE entity_type = 'complaint' AND entity_id = ${String(id)} ORDER BY seq`,
    );

  it('files on a person’s behalf with a due date in working days, once, audited without the text', async () => {
    const filed = await fileComplaint(ctx, fixture.officer, { personalId: bankId, kind: 'NOT_RECEIVED', text: 'Chưa nhận được tiền tháng 7, số điện thoại 0912345678', cycleId: fixture.cycleId });
    expect(filed).toEqual({ complaintId: expect.any(Number), dueDate: '2024-07-31', created: true });
    // The same complaint again (a retried request): nothing new.
    expect(await fileComplaint(ctx, fixture.officer, { personalId: bankId, kind: 'NOT_RECEIVED', text: 'Chưa nhận được tiền tháng 7, số điện thoại 0912345678', cycleId: fixture.cycleId }))
      .toEqual({ ...filed, created: false });
    const audit = await auditOf(filed.complaintId);
    expect(audit.map((event) => event.action)).toEqual(['complaint.filed']);
    expect(JSON.stringify(audit)).not.toContain('0912345678');
    expect(audit[0]!.after).toMatchObject({ kind: 'NOT_RECEIVED', cycleId: fixture.cycleId, dueDate: '2024-07-31', workingDays: 10 });

    const complaint = await getComplaint(ctx, fixture.officer, filed.complaintId);
    expect(complaint).toMatchObject({ kind: 'NOT_RECEIVED', status: 'OPEN', cycleMonth: '2024-07', text: expect.stringContaining('Chưa nhận'), source: 'OFFICER', overdue: false, filedBy: 'canbo' });
  });

  it('refuses a cycle without the person, an unknown kind, and a person outside the area', async () => {
    await expect(fileComplaint(ctx, fixture.officer, { personalId: bankId, kind: 'OTHER', text: 'x', cycleId: 999_999 })).rejects.toMatchObject({ code: 'COMPLAINT_CYCLE_UNKNOWN' });
    await expect(fileComplaint(ctx, fixture.officer, { personalId: bankId, kind: 'NOPE', text: 'x' })).rejects.toMatchObject({ code: 'COMPLAINT_KIND_INVALID' });
    await expect(fileComplaint(ctx, otherOfficer, { personalId: bankId, kind: 'OTHER', text: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(fileComplaint(ctx, fixture.agent, { personalId: bankId, kind: 'OTHER', text: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(fileComplaint(ctx, auditor, { personalId: bankId, kind: 'OTHER', text: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('assigns to an officer of the area, resolves with an outcome; both idempotent and audited', async () => {
    const { complaintId } = await fileComplaint(ctx, fixture.officer, { personalId: cashId, kind: 'CASH_DELIVERY', text: 'Xin nhận tiền tại nhà vì đau chân' });
    await expect(assignComplaint(ctx, fixture.officer, complaintId, 'canbo.b')).rejects.toMatchObject({ code: 'ASSIGNEE_INVALID' });
    await expect(assignComplaint(ctx, fixture.officer, complaintId, 'buudien')).rejects.toMatchObject({ code: 'ASSIGNEE_INVALID' });
    await expect(assignComplaint(ctx, otherOfficer, complaintId, 'canbo')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await assignComplaint(ctx, province, complaintId, 'canbo')).toMatchObject({ status: 'ASSIGNED', assignedTo: 'canbo' });
    expect(await assignComplaint(ctx, province, complaintId, 'canbo')).toMatchObject({ status: 'ASSIGNED', assignedTo: 'canbo' });
    ctx.setNow('2024-07-22T03:00:00Z');
    const resolved = await resolveComplaint(ctx, fixture.officer, complaintId, { outcome: 'EXPLAINED', text: 'Đã hướng dẫn đăng ký chi trả tại nhà' });
    expect(resolved).toMatchObject({ status: 'RESOLVED', outcome: 'EXPLAINED', resolvedBy: 'canbo', overdue: false });
    expect(await resolveComplaint(ctx, fixture.officer, complaintId, { outcome: 'EXPLAINED', text: 'Đã hướng dẫn đăng ký chi trả tại nhà' })).toMatchObject({ status: 'RESOLVED' });
    await expect(resolveComplaint(ctx, fixture.officer, complaintId, { outcome: 'REJECTED', text: 'Khác' })).rejects.toMatchObject({ code: 'COMPLAINT_RESOLVED' });
    await expect(assignComplaint(ctx, fixture.officer, complaintId, 'duyet')).rejects.toMatchObject({ code: 'COMPLAINT_RESOLVED' });
    const audit = await auditOf(complaintId);
    expect(audit.map((event) => [event.action, event.actor])).toEqual([['complaint.filed', 'canbo'], ['complaint.assigned', 'tinh'], ['complaint.resolved', 'canbo']]);
    expect(audit[2]!.after).toEqual({ outcome: 'EXPLAINED', onTime: true });
    expect(JSON.stringify(audit)).not.toContain('đau chân');
    ctx.setNow('2024-07-17T03:00:00Z');
  });

  it('lists the overdue ones; the text goes to those who handle complaints, metadata to auditors and administrators', async () => {
    ctx.setNow('2024-08-01T03:00:00Z');
    const overdue = await complaintList(ctx, fixture.officer, { unit: '23293', overdue: true });
    expect(overdue.map((item) => [item.kind, item.dueDate, item.overdue])).toEqual([['NOT_RECEIVED', '2024-07-31', true]]);
    expect((await complaintList(ctx, fixture.officer, {})).length).toBe(2);
    expect(await complaintList(ctx, otherOfficer, {})).toEqual([]);
    const forAuditor = await complaintList(ctx, auditor, { overdue: true });
    expect(forAuditor).toEqual([expect.objectContaining({ kind: 'NOT_RECEIVED', text: null, fullName: '', personalId: expect.stringMatching(/^\*{8}\d{4}$/) })]);
    const forAdmin = await complaintList(ctx, fixture.admin, {});
    expect(forAdmin.every((item) => item.text === null && item.resolution === null)).toBe(true);
    await expect(complaintList(ctx, fixture.agent, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    ctx.setNow('2024-07-17T03:00:00Z');
  });

  it('the province sets its deadline in working days (settings.manage), audited', async () => {
    await expect(setAnswerDays(ctx, fixture.officer, { provinceCode: '51', workingDays: 5 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(setAnswerDays(ctx, province, { provinceCode: '01', workingDays: 5 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await setAnswerDays(ctx, province, { provinceCode: '51', workingDays: 5 })).toEqual({ provinceCode: '51', workingDays: 5, default: false });
    ctx.setNow('2024-07-19T03:00:00Z'); // a Friday
    const filed = await fileComplaint(ctx, fixture.officer, { personalId: bankId, kind: 'WRONG_AMOUNT', text: 'Số tiền thấp hơn tháng trước' });
    expect(filed.dueDate).toBe('2024-07-26');
    const events = await queryRows<{ action: string }>(ctx.db.orm, sql`SELECT action FROM audit_events WHERE action = 'complaint.deadline_set'`);
    expect(events).toHaveLength(1);
    await setAnswerDays(ctx, province, { provinceCode: '51', workingDays: 10 });
    ctx.setNow('2024-07-17T03:00:00Z');
  });

  it('counts by kind and outcome for the monthly report', async () => {
    const july = await complaintCounts(ctx.db.orm, '2024-07', '23293');
    expect(july).toMatchObject({ month: '2024-07', filed: 3, resolved: 1, overdue: 1 }); // the Friday one, due 26 July
    expect(july.byKind).toMatchObject({ NOT_RECEIVED: 1, CASH_DELIVERY: 1, WRONG_AMOUNT: 1, ACCOUNT_CHANGE: 0, OTHER: 0 });
    expect(july.byOutcome).toMatchObject({ EXPLAINED: 1, REJECTED: 0 });
    // At the end of August the first one is still open past its due date; so is the Friday one (due 26 July).
    expect(await complaintCounts(ctx.db.orm, '2024-08', '51')).toMatchObject({ filed: 0, resolved: 0, overdue: 2 });
    expect(await complaintCounts(ctx.db.orm, '2024-07', '00004')).toMatchObject({ filed: 0 });
  });

  it('the CLI commands answer the documented JSON (the same registry as asxh)', async () => {
    const filed = await runCommand(ctx, { name: 'complaint.file', args: { id: cashId, kind: 'OTHER', text: 'Hỏi về giấy uỷ quyền', cycle: String(fixture.cycleId) }, as: 'canbo', operator: 'root', requestId: 'cli-1' });
    expect(Object.keys(filed as object).sort()).toEqual(['complaintId', 'created', 'dueDate']);
    const { complaintId } = filed as { complaintId: number };
    expect(await runCommand(ctx, { name: 'complaint.assign', args: { id: String(complaintId), to: 'duyet' }, as: 'canbo', operator: 'root', requestId: 'cli-2' })).toMatchObject({ assignedTo: 'duyet' });
    expect(await runCommand(ctx, { name: 'complaint.resolve', args: { id: String(complaintId), outcome: 'EXPLAINED', text: 'Đã giải thích' }, as: 'duyet', operator: 'root', requestId: 'cli-3' }))
      .toMatchObject({ status: 'RESOLVED', outcome: 'EXPLAINED' });
    const listed = (await runCommand(ctx, { name: 'complaint.list', args: { unit: '23293', overdue: true }, as: 'canbo', operator: 'root', requestId: 'cli-4' })) as unknown[];
    expect(Array.isArray(listed)).toBe(true);
    await expect(runCommand(ctx, { name: 'complaint.file', args: { id: cashId, kind: 'OTHER', text: 'x' }, as: 'buudien', operator: 'root', requestId: 'cli-5' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the HTTP API: file, list (overdue), assign, resolve, scoped by locality', async () => {
    const officer = await loginCookie(app, 'canbo');
    const hanoi = await loginCookie(app, 'canbo.hn');
    const agent = await loginCookie(app, 'buudien');
    const filed = await app.inject({ method: 'POST', url: '/api/v1/complaints', headers: { cookie: officer }, payload: { personalId: bankId, kind: 'ACCOUNT_CHANGE', text: 'Đổi sang tài khoản mới' } });
    expect(filed.statusCode).toBe(200);
    const { complaintId } = json<{ complaintId: number; dueDate: string }>(filed);
    expect((await app.inject({ method: 'POST', url: '/api/v1/complaints', headers: { cookie: hanoi }, payload: { personalId: bankId, kind: 'OTHER', text: 'x' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/v1/complaints/${complaintId}`, headers: { cookie: hanoi } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/complaints', headers: { cookie: agent } })).statusCode).toBe(403);
    expect(json<unknown[]>(await app.inject({ method: 'GET', url: '/api/v1/complaints', headers: { cookie: hanoi } }))).toEqual([]);
    const assigned = await app.inject({ method: 'POST', url: `/api/v1/complaints/${complaintId}/assign`, headers: { cookie: officer }, payload: { to: 'canbo' } });
    expect(json(assigned)).toMatchObject({ status: 'ASSIGNED', assignedTo: 'canbo' });
    const resolved = await app.inject({ method: 'POST', url: `/api/v1/complaints/${complaintId}/resolve`, headers: { cookie: officer }, payload: { outcome: 'CORRECTED_ACCOUNT', text: 'Đã sửa tài khoản' } });
    expect(json(resolved)).toMatchObject({ status: 'RESOLVED', outcome: 'CORRECTED_ACCOUNT' });
    const list = json<{ id: number }[]>(await app.inject({ method: 'GET', url: '/api/v1/complaints?unit=23293&overdue=true', headers: { cookie: officer } }));
    expect(list.map((item) => item.id)).not.toContain(complaintId);
    expect(json(await app.inject({ method: 'GET', url: '/api/v1/complaints/deadline/51', headers: { cookie: officer } }))).toEqual({ provinceCode: '51', workingDays: 10, default: false });
  });
});
