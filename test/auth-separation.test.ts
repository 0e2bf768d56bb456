import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/app/commands.js';
import { queryOne, queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { approveProposal, proposeInstrument } from '../src/modules/accounts/proposals.service.js';
import { assertIndependentApprover } from '../src/modules/auth/auth.service.js';
import { checkPasswordPolicy } from '../src/modules/auth/passwords.js';
import { approveUserChange, approvingRoles, changeRole, createUser, listUserChanges, rejectUserChange, resetPassword } from '../src/modules/auth/users.service.js';
import { approveCycle, fundCycle, generateCycle, submitCycle } from '../src/modules/payroll/payroll.service.js';
import { createTestApp, createTestContext, createTestUser, json, testPassword, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { idFor, personRow } from './helpers/people.js';
import { importApproved } from './helpers/imports.js';

/**
 * Issue #18, authentication and separation of duties: the password policy, a login that tells
 * nobody which usernames exist and that strangers cannot lock, the idle timeout, changes of
 * accounts approved by a second administrator, a reset that ends sessions and forces a change
 * (enforced by the API), approvers independent of whoever created or reset their account, and the
 * funding recorded by someone other than the approver.
 */

const demoPassword = 'DemoASXH@2025';

async function login(app: FastifyInstance, username: string, password: string, address: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: address });
}

function cookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((item) => item.name === 'asxh_session');
  if (!cookie) throw new Error(`no session cookie: ${response.statusCode} ${response.body}`);
  return `asxh_session=${cookie.value}`;
}

describe('password policy', () => {
  it('accepts the demo and test passwords and refuses short, username, repeated, sequential and common ones, in both languages', async () => {
    await expect(checkPasswordPolicy(demoPassword, 'duyet.kontum')).resolves.toBeUndefined();
    await expect(checkPasswordPolicy(testPassword, 'canbo')).resolves.toBeUndefined();
    await expect(checkPasswordPolicy('Mat-khau-tam-2025', 'duyet.e2e')).resolves.toBeUndefined();
    const refused = async (password: string, username = 'canbo.kontum') => {
      try {
        await checkPasswordPolicy(password, username);
      } catch (error) {
        return error as { code: string; status: number; details: { reason: string }; text: { vi: string; en: string } };
      }
      throw new Error(`accepted: ${password}`);
    };
    expect(await refused('Short-pw1!')).toMatchObject({ code: 'PASSWORD_WEAK', status: 400, details: { reason: 'length' } });
    expect(await refused('xCanbo.Kontum-2025')).toMatchObject({ details: { reason: 'username' } });
    expect(await refused('aaaaaaaaaaaa')).toMatchObject({ details: { reason: 'repetition' } });
    expect(await refused('abcabcabcabc')).toMatchObject({ details: { reason: 'repetition' } });
    expect(await refused('Ab1!Ab1!Ab1!')).toMatchObject({ details: { reason: 'repetition' } });
    expect(await refused('123456789012')).toMatchObject({ details: { reason: 'repetition' } });
    expect(await refused('qazwsxedcrfv')).toMatchObject({ details: { reason: 'common' } });
    expect(await refused('QWERTY123456')).toMatchObject({ details: { reason: 'common' } });
    // A common word decorated with a year and signs is still the common word.
    const decorated = await refused('Sunshine2025!!');
    expect(decorated).toMatchObject({ details: { reason: 'common' } });
    expect(decorated.text.vi).toContain('mật khẩu phổ biến');
    expect(decorated.text.en).toContain('common passwords');
  });
});

describe('login: the same answer for everyone, strangers slowed down but never locking, idle timeout', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext('2024-07-15T03:00:00Z');
    app = await createTestApp(ctx);
    for (const username of ['owner', 'walker', 'idler']) await createTestUser(ctx, { username, role: 'officer', unitCode: '23293' });
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  it('answers an unknown username exactly as a wrong password, with nothing about attempts', async () => {
    const wrong = await login(app, 'owner', 'Wrong-Password-1', '198.51.100.1');
    const unknown = await login(app, 'nobody.here', 'Wrong-Password-1', '198.51.100.1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(json(wrong)).toEqual(json(unknown));
    expect(json(wrong)).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', message: 'Tên đăng nhập hoặc mật khẩu không đúng' });
    expect(Object.keys(json<{ details: object }>(wrong).details).sort()).toEqual(['messageEn', 'messageVi']);
  });

  it('slows a stranger down with growing delays, the same for unknown usernames, and never locks the account', async () => {
    const stranger = '203.0.113.7';
    // The owner logs in from their office once: that address is theirs.
    expect((await login(app, 'owner', testPassword, '10.1.1.1')).statusCode).toBe(200);
    const attempts = async (username: string) => {
      const answers: number[] = [];
      for (let i = 0; i < 5; i++) answers.push((await login(app, username, `Guess-number-${i}`, stranger)).statusCode);
      return answers;
    };
    // Three free failures, a fourth counted, then a delay of 2 s before the next try.
    expect(await attempts('owner')).toEqual([401, 401, 401, 401, 429]);
    expect(await attempts('nobody.else')).toEqual([401, 401, 401, 401, 429]);
    const throttledKnown = await login(app, 'owner', testPassword, stranger);
    const throttledUnknown = await login(app, 'nobody.else', testPassword, stranger);
    expect(json(throttledKnown)).toEqual(json(throttledUnknown));
    expect(json(throttledKnown)).toMatchObject({ code: 'AUTH_THROTTLED', details: { retryAfterSeconds: 2 } });
    // More failures, each after its delay: the delay doubles; the account is never locked.
    let clock = new Date('2024-07-15T03:00:00Z').getTime();
    for (let failures = 5; failures <= 9; failures++) {
      clock += 2 ** (failures - 1 - 3) * 1000;
      ctx.setNow(new Date(clock));
      expect((await login(app, 'owner', `Another-guess-${failures}`, stranger)).statusCode).toBe(401);
    }
    ctx.setNow(new Date(clock + 1000));
    expect(json(await login(app, 'owner', testPassword, stranger))).toMatchObject({ code: 'AUTH_THROTTLED', details: { retryAfterSeconds: 63 } });
    const [user] = await queryRows<{ failed_logins: number; locked_until: string | null }>(ctx.db.orm, sql`SELECT failed_logins, locked_until::text FROM users WHERE username = 'owner'`);
    expect(user).toEqual({ failed_logins: 0, locked_until: null });
    expect((await login(app, 'owner', testPassword, '10.1.1.1')).statusCode).toBe(200);
    // The stranger's counters are in the database (two servers agree).
    const row = await queryOne<{ failures: number }>(ctx.db.orm, sql`SELECT failures FROM login_sources WHERE username = 'owner' AND source = ${stranger}`);
    expect(row?.failures).toBe(9);
    ctx.setNow('2024-07-15T03:00:00Z');
  });

  it('locks the account after 5 failures from its own address; the right password tells a stranger it is locked', async () => {
    ctx.setNow('2024-07-15T05:00:00Z');
    expect((await login(app, 'walker', testPassword, '10.2.2.2')).statusCode).toBe(200);
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await login(app, 'walker', `Wrong-${i}-password`, '10.2.2.2')).statusCode);
    expect(answers).toEqual([401, 401, 401, 401, 423]);
    expect(json(await login(app, 'walker', 'Wrong-again-pass', '10.2.2.2'))).toMatchObject({ code: 'AUTH_LOCKED' });
    // A stranger's wrong password learns nothing; the right one learns of the lock.
    expect(json(await login(app, 'walker', 'Wrong-again-pass', '198.51.100.99'))).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS' });
    expect(json(await login(app, 'walker', testPassword, '198.51.100.99'))).toMatchObject({ code: 'AUTH_LOCKED' });
    ctx.setNow('2024-07-15T05:16:00Z');
    expect((await login(app, 'walker', testPassword, '10.2.2.2')).statusCode).toBe(200);
    ctx.setNow('2024-07-15T03:00:00Z');
  });

  it('ends a session after 30 idle minutes, keeps it alive with requests, and ends it at the absolute expiry', async () => {
    ctx.setNow('2024-07-16T01:00:00Z');
    const cookie = cookieOf(await login(app, 'idler', testPassword, '10.3.3.3'));
    const me = () => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    ctx.setNow('2024-07-16T01:29:00Z');
    expect((await me()).statusCode).toBe(200);
    ctx.setNow('2024-07-16T01:58:00Z');
    expect((await me()).statusCode).toBe(200);
    ctx.setNow('2024-07-16T02:29:00Z');
    expect((await me()).statusCode).toBe(401);

    ctx.setNow('2024-07-16T03:00:00Z');
    const busy = cookieOf(await login(app, 'idler', testPassword, '10.3.3.3'));
    let time = new Date('2024-07-16T03:00:00Z').getTime();
    for (let hour = 0; hour < 12 * 3; hour++) {
      time += 20 * 60_000;
      ctx.setNow(new Date(time));
      const status = (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: busy } })).statusCode;
      // 12 hours after login the session ends however busy it was.
      expect(status).toBe(time - Date.parse('2024-07-16T03:00:00Z') < 12 * 3600_000 ? 200 : 401);
    }
    ctx.setNow('2024-07-15T03:00:00Z');
  });
});

describe('changes of accounts need a second administrator; a reset forces a change', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let national: Actor;
  let secondAdmin: Actor;
  let province: Actor;
  let otherProvince: Actor;
  beforeAll(async () => {
    ctx = await createTestContext('2024-07-15T03:00:00Z');
    app = await createTestApp(ctx);
    national = await createTestUser(ctx, { username: 'quantri', role: 'admin' });
    secondAdmin = await createTestUser(ctx, { username: 'quantri2', role: 'admin' });
    province = await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    otherProvince = await createTestUser(ctx, { username: 'tinh2', role: 'province', unitCode: '51' });
    await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  it('knows which roles approve', () => {
    expect([...approvingRoles].sort()).toEqual(['admin', 'approver', 'province']);
  });

  it('creates an officer at once but an approver only when another administrator approves', async () => {
    const officer = await createUser(ctx, province, { username: 'canbo.moi', password: 'Canbo-moi-2025', role: 'officer', unitCode: '23293' });
    expect(officer).toMatchObject({ username: 'canbo.moi', mustChangePassword: true });
    const pending = await createUser(ctx, province, { username: 'duyet.moi', password: 'Duyet-moi-2025', role: 'approver', unitCode: '23293', fullName: 'Lê Văn Mới' });
    expect(pending).toMatchObject({ status: 'pending', request: { kind: 'create', username: 'duyet.moi', role: 'approver', unitCode: '23293', proposedBy: 'tinh' } });
    const requestId = 'request' in pending ? pending.request.id : 0;
    expect(await queryRows(ctx.db.orm, sql`SELECT 1 FROM users WHERE username = 'duyet.moi'`)).toEqual([]);
    // The same username cannot be proposed twice while one waits.
    await expect(createUser(ctx, national, { username: 'duyet.moi', password: 'Duyet-moi-2025', role: 'approver', unitCode: '23293' })).rejects.toMatchObject({ code: 'USER_CHANGE_PENDING' });
    // The proposer cannot approve; the database refuses it too.
    await expect(approveUserChange(ctx, province, requestId)).rejects.toMatchObject({ code: 'MAKER_CHECKER' });
    await expect(ctx.db.orm.execute(sql`UPDATE user_change_requests SET status = 'approved', decided_by = 'tinh', decided_at = now(), user_id = 1, password_hash = NULL WHERE id = ${requestId}`)).rejects.toThrow();
    const listed = await listUserChanges(ctx, otherProvince, { status: 'pending' });
    expect(listed).toEqual([expect.objectContaining({ id: requestId, mayApprove: true })]);
    expect((await listUserChanges(ctx, province, { status: 'pending' }))[0]).toMatchObject({ mayApprove: false });
    const approved = await approveUserChange(ctx, otherProvince, requestId, 'Đã xác minh với UBND xã');
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'tinh2' });
    const [row] = await queryRows<{ created_by: string; must_change_password: boolean; role: string }>(ctx.db.orm, sql`SELECT created_by, must_change_password, role FROM users WHERE username = 'duyet.moi'`);
    expect(row).toEqual({ created_by: 'tinh', must_change_password: true, role: 'approver' });
    await expect(approveUserChange(ctx, secondAdmin, requestId)).rejects.toMatchObject({ code: 'USER_CHANGE_CLOSED' });
  });

  it('over the API: 202 with the request, the approval and the rejection routes, a second admin for an admin', async () => {
    const tinhCookie = cookieOf(await login(app, 'tinh', testPassword, '10.9.0.1'));
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: tinhCookie },
      payload: { username: 'duyet.api', password: 'Duyet-api-2025', role: 'approver', unitCode: '23293' },
    });
    expect(created.statusCode).toBe(202);
    const { request } = json<{ request: { id: number } }>(created);
    const own = await app.inject({ method: 'POST', url: `/api/v1/users/changes/${request.id}/approve`, headers: { cookie: tinhCookie }, payload: {} });
    expect(json(own)).toMatchObject({ code: 'MAKER_CHECKER' });
    const adminCookie = cookieOf(await login(app, 'quantri', testPassword, '10.9.0.2'));
    const list = await app.inject({ method: 'GET', url: '/api/v1/users/changes?status=pending', headers: { cookie: adminCookie } });
    expect(json<{ id: number; mayApprove: boolean }[]>(list).find((item) => item.id === request.id)).toMatchObject({ mayApprove: true });
    const rejected = await app.inject({ method: 'POST', url: `/api/v1/users/changes/${request.id}/reject`, headers: { cookie: adminCookie }, payload: { reason: 'Không có quyết định phân công' } });
    expect(json(rejected)).toMatchObject({ status: 'rejected', decisionReason: 'Không có quyết định phân công' });
    // A provincial administrator may neither propose nor approve an administrator.
    await expect(createUser(ctx, province, { username: 'quantri.moi', password: 'Quan-tri-moi-2025', role: 'admin' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin = await createUser(ctx, national, { username: 'quantri.moi', password: 'Quan-tri-moi-2025', role: 'admin' });
    expect(admin).toMatchObject({ status: 'pending' });
    await expect(approveUserChange(ctx, otherProvince, 'request' in admin ? admin.request.id : 0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Nor reset an administrator's password (a provincial administrator's, in their province).
    const provincialAdmin = await createTestUser(ctx, { username: 'quantri.tinh', role: 'admin', unitCode: '51' });
    await expect(resetPassword(ctx, province, provincialAdmin.userId!, 'Reset-admin-2025')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('changes a role only with a second administrator; nobody changes their own', async () => {
    const canbo = (await queryOne<{ id: number }>(ctx.db.orm, sql`SELECT id FROM users WHERE username = 'canbo'`))!.id;
    const proposed = await changeRole(ctx, province, canbo, { role: 'approver' });
    expect(proposed).toMatchObject({ status: 'pending', request: { kind: 'role', role: 'approver', unitCode: '23293' } });
    await expect(changeRole(ctx, province, province.userId!, { role: 'approver', unitCode: '23293' })).rejects.toMatchObject({ code: 'USER_CHANGE_OWN_ACCOUNT' });
    const requestId = 'request' in proposed ? proposed.request.id : 0;
    await expect(approveUserChange(ctx, province, requestId)).rejects.toMatchObject({ code: 'MAKER_CHECKER' });
    await approveUserChange(ctx, secondAdmin, requestId);
    expect(await queryOne(ctx.db.orm, sql`SELECT role FROM users WHERE id = ${canbo}`)).toEqual({ role: 'approver' });
  });

  it('a reset waits for a second administrator, then ends every session and lets the user do nothing but change the password', async () => {
    await createTestUser(ctx, { username: 'duyet', role: 'approver', unitCode: '23293' });
    const oldSession = cookieOf(await login(app, 'duyet', testPassword, '10.9.1.1'));
    const duyet = (await queryOne<{ id: number }>(ctx.db.orm, sql`SELECT id FROM users WHERE username = 'duyet'`))!.id;
    const tinhCookie = cookieOf(await login(app, 'tinh', testPassword, '10.9.1.2'));
    const weak = await app.inject({ method: 'POST', url: `/api/v1/users/${duyet}/reset-password`, headers: { cookie: tinhCookie }, payload: { newPassword: 'aaaaaaaaaaaaaa' } });
    expect(json(weak)).toMatchObject({ code: 'PASSWORD_WEAK' });
    const proposed = await app.inject({ method: 'POST', url: `/api/v1/users/${duyet}/reset-password`, headers: { cookie: tinhCookie }, payload: { newPassword: 'Tam-thoi-2025-x' } });
    expect(proposed.statusCode).toBe(202);
    // Nothing changed yet: the old session and password still work.
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: oldSession } })).statusCode).toBe(200);
    const { request } = json<{ request: { id: number } }>(proposed);
    await approveUserChange(ctx, otherProvince, request.id);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: oldSession } })).statusCode).toBe(401);
    expect((await login(app, 'duyet', testPassword, '10.9.1.1')).statusCode).toBe(401);
    const fresh = await login(app, 'duyet', 'Tam-thoi-2025-x', '10.9.1.1');
    expect(json(fresh)).toMatchObject({ user: { mustChangePassword: true } });
    const cookie = cookieOf(fresh);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(200);
    for (const [method, url] of [['GET', '/api/v1/payroll/cycles'], ['GET', '/api/v1/units'], ['POST', '/api/v1/commands/users.changes']] as const) {
      const refused = await app.inject({ method, url, headers: { cookie, 'accept-language': 'en' }, ...(method === 'POST' ? { payload: {} } : {}) });
      expect(refused.statusCode).toBe(403);
      expect(json(refused)).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', message: 'You must change your password (set by an administrator) before going on' });
    }
    const vietnamese = await app.inject({ method: 'GET', url: '/api/v1/payroll/cycles', headers: { cookie } });
    expect(json(vietnamese)).toMatchObject({ message: 'Bạn phải đổi mật khẩu (do quản trị viên đặt) trước khi tiếp tục' });
    const same = await app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie }, payload: { currentPassword: 'Tam-thoi-2025-x', newPassword: 'Tam-thoi-2025-x' } });
    expect(json(same)).toMatchObject({ code: 'PASSWORD_REUSED' });
    const changed = await app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie }, payload: { currentPassword: 'Tam-thoi-2025-x', newPassword: 'Mat-khau-rieng-2025' } });
    expect(changed.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/payroll/cycles', headers: { cookie } })).statusCode).toBe(200);
    const [row] = await queryRows<{ password_reset_by: string }>(ctx.db.orm, sql`SELECT password_reset_by FROM users WHERE id = ${duyet}`);
    expect(row).toEqual({ password_reset_by: 'tinh' });
  });

  it('the machine operator (asxh without --as) resets directly; with --as it is a proposal', async () => {
    const direct = await runCommand(ctx, { name: 'users.reset-password', args: { username: 'canbo.moi', password: 'Operator-set-2025' }, operator: 'root', requestId: 'op-1' });
    expect(direct).toMatchObject({ username: 'canbo.moi', mustChangePassword: true });
    const proposal = await runCommand(ctx, { name: 'users.reset-password', args: { username: 'canbo.moi', password: 'Proposed-set-2025' }, as: 'tinh', operator: 'root', requestId: 'op-2' });
    expect(proposal).toMatchObject({ status: 'pending', request: { kind: 'password_reset', username: 'canbo.moi' } });
    const listed = (await runCommand(ctx, { name: 'users.changes', args: { status: 'pending' }, as: 'quantri', operator: 'root', requestId: 'op-3' })) as { id: number; username: string }[];
    const id = listed.find((item) => item.username === 'canbo.moi')!.id;
    await expect(runCommand(ctx, { name: 'users.approve', args: { id: String(id) }, as: 'tinh', operator: 'root', requestId: 'op-4' })).rejects.toMatchObject({ code: 'MAKER_CHECKER' });
    await expect(rejectUserChange(ctx, province, id, '')).rejects.toMatchObject({ code: 'REASON_REQUIRED' });
    expect(await runCommand(ctx, { name: 'users.reject', args: { id: String(id), reason: 'Nhầm người' }, as: 'tinh', operator: 'root', requestId: 'op-5' })).toMatchObject({ status: 'rejected' });
    // A password proposed and left waiting for more than a week is not applied.
    const late = await resetPassword(ctx, province, (await queryOne<{ id: number }>(ctx.db.orm, sql`SELECT id FROM users WHERE username = 'canbo.moi'`))!.id, 'Late-password-2025');
    ctx.setNow('2024-07-23T03:00:01Z');
    await expect(approveUserChange(ctx, secondAdmin, 'request' in late ? late.request.id : 0)).rejects.toMatchObject({ code: 'USER_CHANGE_EXPIRED' });
    ctx.setNow('2024-07-15T03:00:00Z');
  });
});

describe('approvers are independent of whoever created or reset their account; the funder is not the approver', () => {
  let ctx: TestContext;
  let province: Actor;
  let national: Actor;
  let officer: Actor;
  let approver: Actor;
  let created: Actor;
  const person = personRow({ ho_ten: 'Đinh Văn Bảy', ngay_sinh: '05/07/1944', gioi_tinh: 'Nam', so_dinh_danh: idFor('05/07/1944', 'Nam', 2), ma_doi_tuong: 'BTXH_K5A' });

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    national = await createTestUser(ctx, { username: 'quantri', role: 'admin' });
    province = await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    approver = await createTestUser(ctx, { username: 'duyet', role: 'approver', unitCode: '23293' });
    const report = await importApproved(ctx, officer, { path: writeTemplateCsv(join(tempDir(), 'people.csv'), [person]), dryRun: false });
    expect(report.errors).toEqual([]);
    // The provincial officer proposes an approver account; the national administrator approves it.
    const proposed = await createUser(ctx, province, { username: 'duyet.tinh', password: 'Duyet-tinh-2025', role: 'approver', unitCode: '23293' });
    await approveUserChange(ctx, national, 'request' in proposed ? proposed.request.id : 0);
    const row = (await queryOne<{ id: number }>(ctx.db.orm, sql`SELECT id FROM users WHERE username = 'duyet.tinh'`))!;
    created = { userId: row.id, username: 'duyet.tinh', role: 'approver', scope: { level: 'commune', provinceCode: '51', communeCode: '23293' }, providerCode: null, requestId: 'test' };
  });
  afterAll(async () => ctx.close());

  it('refuses the payroll approval of a list submitted by the creator of the approver’s account', async () => {
    const cycle = await generateCycle(ctx, province, { month: '2024-07', unitCode: '23293' });
    await submitCycle(ctx, province, cycle.id);
    await expect(approveCycle(ctx, created, cycle.id)).rejects.toMatchObject({ code: 'APPROVER_NOT_INDEPENDENT', status: 403, details: { relation: 'created_by' } });
    expect(await queryOne(ctx.db.orm, sql`SELECT status FROM payroll_cycles WHERE id = ${cycle.id}`)).toEqual({ status: 'SUBMITTED' });
    await approveCycle(ctx, approver, cycle.id);
    // The approver cannot also record the Treasury's funding.
    const funding = fundCycle(ctx, approver, cycle.id, { reference: 'KBNN-07', amountVnd: cycle.totalVnd });
    await expect(funding).rejects.toMatchObject({ code: 'FUNDER_IS_APPROVER', status: 403 });
    await expect(fundCycle(ctx, approver, cycle.id, { reference: 'KBNN-07', amountVnd: cycle.totalVnd })).rejects.toMatchObject({
      text: { vi: expect.stringContaining('Người phê duyệt danh sách không được tự ghi nhận kinh phí'), en: expect.stringContaining('cannot record its Treasury funding') },
    });
    expect(await fundCycle(ctx, province, cycle.id, { reference: 'KBNN-07', amountVnd: cycle.totalVnd })).toMatchObject({ status: 'FUNDED' });
  });

  it('refuses the account-change approval of a proposal of whoever last reset the approver’s password', async () => {
    // The provincial officer resets the commune approver's password (the national admin approves).
    const reset = await resetPassword(ctx, province, approver.userId!, 'Reset-by-tinh-2025');
    await approveUserChange(ctx, national, 'request' in reset ? reset.request.id : 0);
    const proposal = await proposeInstrument(ctx, province, { personalId: person.so_dinh_danh!, channel: 'TK_NGAN_HANG', providerCode: '970405', accountNumber: '5100209999031', accountHolder: 'DINH VAN BAY' });
    await expect(approveProposal(ctx, approver, proposal.proposalId)).rejects.toMatchObject({ code: 'APPROVER_NOT_INDEPENDENT', details: { relation: 'password_reset_by' } });
    await expect(approveProposal(ctx, created, proposal.proposalId)).rejects.toMatchObject({ code: 'APPROVER_NOT_INDEPENDENT', details: { relation: 'created_by' } });
    const independent = await createTestUser(ctx, { username: 'duyet.khac', role: 'approver', unitCode: '23293' });
    expect(await approveProposal(ctx, independent, proposal.proposalId)).toMatchObject({ status: 'APPROVED' });
  });

  it('refuses a change of accounts approved by someone the proposer created, and says so in both languages', async () => {
    const proposed = await createUser(ctx, province, { username: 'tinh.phu', password: 'Tinh-phu-2025-a', role: 'province', unitCode: '51' });
    await approveUserChange(ctx, national, 'request' in proposed ? proposed.request.id : 0);
    const row = (await queryOne<{ id: number }>(ctx.db.orm, sql`SELECT id FROM users WHERE username = 'tinh.phu'`))!;
    const deputy: Actor = { userId: row.id, username: 'tinh.phu', role: 'province', scope: { level: 'province', provinceCode: '51' }, providerCode: null, requestId: 'test' };
    const another = await createUser(ctx, province, { username: 'duyet.thu3', password: 'Duyet-thu3-2025', role: 'approver', unitCode: '23293' });
    const refusal = approveUserChange(ctx, deputy, 'request' in another ? another.request.id : 0);
    await expect(refusal).rejects.toMatchObject({
      code: 'APPROVER_NOT_INDEPENDENT',
      text: { vi: 'Bạn không được phê duyệt đề xuất của tinh, người đã tạo tài khoản của bạn', en: 'You cannot approve a proposal of tinh, who created your account' },
    });
    expect((await listUserChanges(ctx, deputy, { status: 'pending' })).find((item) => item.username === 'duyet.thu3')).toMatchObject({ mayApprove: false });
    // The check itself, as every approval path calls it.
    await expect(assertIndependentApprover(ctx.db.orm, deputy, 'tinh')).rejects.toMatchObject({ code: 'APPROVER_NOT_INDEPENDENT' });
    await expect(assertIndependentApprover(ctx.db.orm, deputy, 'canbo')).resolves.toBeUndefined();
    await expect(assertIndependentApprover(ctx.db.orm, deputy, 'tinh.phu')).rejects.toMatchObject({ code: 'MAKER_CHECKER' });
  });
});
