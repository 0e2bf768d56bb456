import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { verifyAuditChain } from '../src/modules/audit/audit.service.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import type { FastifyInstance } from 'fastify';

describe('database and administrative units', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx.close());

  it('ships the official lists: 34 provinces, 3,321 communes; legacy 63 / 698 / 10,033; mappings', async () => {
    const counts = await queryRows<{ generation: string; level: string; count: number }>(
      ctx.db.orm,
      sql`SELECT generation, level, count(*)::int AS count FROM admin_units GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(counts).toEqual([
      { generation: '2025', level: 'commune', count: 3321 },
      { generation: '2025', level: 'province', count: 34 },
      { generation: 'legacy', level: 'commune', count: 10033 },
      { generation: 'legacy', level: 'district', count: 698 },
      { generation: 'legacy', level: 'province', count: 63 },
    ]);
    const mappings = await queryRows<{ count: number }>(ctx.db.orm, sql`SELECT count(*)::int AS count FROM admin_unit_mappings`);
    expect(mappings[0]!.count).toBe(10571);
  });

  it('keeps overlapping codes of the two generations apart and maps Kon Tum into Quảng Ngãi', async () => {
    const rows = await queryRows<{ generation: string; name: string; path: string; valid_to: string | null }>(
      ctx.db.orm,
      sql`SELECT generation, name, path, valid_to::text FROM admin_units WHERE code = '00004' AND level = 'commune' ORDER BY generation`,
    );
    expect(rows.map((row) => [row.generation, row.name])).toEqual([
      ['2025', 'Ba Đình'],
      ['legacy', 'Trúc Bạch'],
    ]);
    expect(rows[1]!.path).toBe('legacy/01/001/00004');
    expect(rows[1]!.valid_to).toBe('2025-06-30');
    const kontum = await queryRows<{ name: string; province_code: string; path: string }>(
      ctx.db.orm,
      sql`SELECT name, province_code, path FROM admin_units WHERE generation = '2025' AND code = '23293'`,
    );
    expect(kontum[0]).toEqual({ name: 'Kon Tum', province_code: '51', path: '2025/51/23293' });
    const formedFrom = await queryRows<{ old_province: string }>(
      ctx.db.orm,
      sql`SELECT DISTINCT o.province_code AS old_province FROM admin_unit_mappings m
          JOIN admin_units o ON o.id = m.old_unit_id JOIN admin_units n ON n.id = m.new_unit_id
          WHERE n.generation = '2025' AND n.code = '23293'`,
    );
    expect(formedFrom.map((row) => row.old_province)).toEqual(['62']);
  });

  it('migrations are idempotent and refuse an edited applied migration', async () => {
    expect((await migrate(ctx.db)).applied).toEqual([]);
    await ctx.db.orm.execute(sql`UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1`);
    await expect(migrate(ctx.db)).rejects.toThrow(/forward-only/);
  });
});

describe('audit trail', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx.close());

  it('chains events, refuses UPDATE/DELETE/TRUNCATE, and reports the first altered row', async () => {
    const app = await createTestApp(ctx);
    await createTestUser(ctx, { username: 'admin1', role: 'admin' });
    const cookie = await loginCookie(app, 'admin1');
    for (const username of ['a.one', 'a.two', 'a.three']) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie },
        payload: { username, password: 'Long-enough-pw1', role: 'officer', unitCode: '23293' },
      });
      expect(response.statusCode).toBe(201);
    }
    const verified = await verifyAuditChain(ctx.db.orm);
    expect(verified.ok).toBe(true);
    expect(verified.events).toBeGreaterThanOrEqual(4);

    await expect(ctx.db.orm.execute(sql`UPDATE audit_events SET actor = 'mallory' WHERE seq = 2`)).rejects.toThrow();
    await expect(ctx.db.orm.execute(sql`DELETE FROM audit_events WHERE seq = 2`)).rejects.toThrow();
    await expect(ctx.db.orm.execute(sql`TRUNCATE audit_events`)).rejects.toThrow();

    // Someone with superuser rights alters a row behind the application's back.
    await ctx.db.orm.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`);
    await ctx.db.orm.execute(sql`UPDATE audit_events SET after = '{"username":"mallory"}' WHERE seq = 3`);
    await ctx.db.orm.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`);
    expect(await verifyAuditChain(ctx.db.orm)).toMatchObject({ ok: false, brokenAt: 3 });

    const response = await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: { cookie } });
    expect(json(response)).toMatchObject({ ok: false, brokenAt: 3 });
    await app.close();
  });

  it('a deleted row is reported at the gap', async () => {
    const other = await createTestContext();
    const actor = await createTestUser(other, { username: 'admin2', role: 'admin' });
    const { recordAudit } = await import('../src/modules/audit/audit.service.js');
    for (let i = 0; i < 5; i++) await recordAudit(other.db.orm, actor, { action: 'test.event', entityType: 'test', entityId: i });
    await other.db.orm.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`);
    await other.db.orm.execute(sql`DELETE FROM audit_events WHERE seq = 2`);
    expect(await verifyAuditChain(other.db.orm)).toMatchObject({ ok: false, brokenAt: 3 });
    await other.close();
  });
});

describe('HTTP API basics', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext();
    app = await createTestApp(ctx);
    await createTestUser(ctx, { username: 'admin', role: 'admin' });
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  it('GET /health', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ status: 'ok' });
  });

  it('publishes an OpenAPI document and interactive docs', async () => {
    const spec = json<{ openapi: string; paths: Record<string, unknown> }>(await app.inject({ method: 'GET', url: '/api/openapi.json' }));
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toContain('/api/v1/auth/login');
    const docs = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('login: 200 with an httpOnly SameSite cookie; 401 with a code in Vietnamese or English', async () => {
    const ok = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'Test-Password-2025' } });
    expect(ok.statusCode).toBe(200);
    const cookie = ok.cookies.find((item) => item.name === 'asxh_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const bad = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'wrong' } });
    expect(bad.statusCode).toBe(401);
    expect(json(bad)).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', message: 'Tên đăng nhập hoặc mật khẩu không đúng' });
    const english = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'accept-language': 'en-US' },
      payload: { username: 'nobody', password: 'wrong' },
    });
    expect(json(english)).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', message: 'Wrong username or password' });
  });

  it('rejects a malformed request with VALIDATION_FAILED and the field', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin' } });
    expect(response.statusCode).toBe(400);
    const body = json<{ code: string; details: { issues: { field: string }[] } }>(response);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.issues[0]!.field).toBe('password');
  });

  it('protected routes need a session; logout ends it', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const cookie = await loginCookie(app, 'admin');
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(json(me)).toMatchObject({ user: { username: 'admin', role: 'admin', scopeLevel: 'national' } });
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('locks an account after 5 failed logins from its own address, even with the right password afterwards', async () => {
    await createTestUser(ctx, { username: 'victim', role: 'officer', unitCode: '23293' });
    // Only an address the user once logged in from can lock the account (test/auth-login.test.ts: strangers are slowed down).
    await loginCookie(app, 'victim');
    for (let i = 0; i < 4; i++) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'victim', password: 'nope' } });
      expect(response.statusCode).toBe(401);
    }
    const fifth = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'victim', password: 'nope' } });
    expect(fifth.statusCode).toBe(423);
    expect(json(fifth)).toMatchObject({ code: 'AUTH_LOCKED' });
    const right = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'victim', password: 'Test-Password-2025' } });
    expect(right.statusCode).toBe(423);
    // After the lock-out period the right password works again.
    ctx.setNow('2024-07-15T03:16:00Z');
    const later = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'victim', password: 'Test-Password-2025' } });
    expect(later.statusCode).toBe(200);
    ctx.setNow('2024-07-15T03:00:00Z');
  });

  it('password change: the old password stops working, other sessions end', async () => {
    await createTestUser(ctx, { username: 'changer', role: 'officer', unitCode: '23293' });
    const first = await loginCookie(app, 'changer');
    const second = await loginCookie(app, 'changer');
    const weak = await app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie: first }, payload: { currentPassword: 'Test-Password-2025', newPassword: 'short' } });
    expect(json(weak)).toMatchObject({ code: 'PASSWORD_WEAK' });
    const changed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie: first },
      payload: { currentPassword: 'Test-Password-2025', newPassword: 'A-much-better-one-42' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: first } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: second } })).statusCode).toBe(401);
    await expect(loginCookie(app, 'changer')).rejects.toThrow();
    await loginCookie(app, 'changer', 'A-much-better-one-42');
  });
});
