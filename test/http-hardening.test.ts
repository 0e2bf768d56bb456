import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app/build.js';
import type { AppContext } from '../src/app/context.js';
import { loadConfig } from '../src/config.js';
import { limits } from '../src/limits.js';
import { exampleRows, type TemplateRow } from '../src/modules/registry/validation/import-row.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, testPassword, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';

/**
 * Web hardening (issue #18, docs/security.md "Web hardening"): security headers, HSTS and Secure
 * cookies only over HTTPS as seen through a trusted proxy, the same-origin rule for
 * state-changing requests of a logged-in browser, 413 for large bodies, control characters
 * refused with the field, bilingual validation answers, and a log without personal data.
 */

interface ErrorAnswer {
  code: string;
  message: string;
  details: { field?: string; location?: string; character?: string; limitBytes?: number; issues?: { field: string; code: string; message: string; messageEn: string }[] };
}

const [elderly, child, veteran] = exampleRows();
// Communes of province 51 (the test user's province).
const rowA: Partial<TemplateRow> = { ...elderly, ma_don_vi: '23293' };
const rowB: Partial<TemplateRow> = { ...child, ma_don_vi: '23293' };
const rowC: Partial<TemplateRow> = { ...veteran, ma_don_vi: '23293' };

function multipartBody(
  parts: ({ name: string; value: string } | { name: string; fileName: string; content: Buffer })[],
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----asxhhardening' + Math.random().toString(16).slice(2);
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: text/csv\r\n\r\n`));
      chunks.push(part.content, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function errorOf(response: LightMyRequestResponse): ErrorAnswer {
  return json<ErrorAnswer>(response);
}

describe('web hardening', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  /** The same server behind a TLS proxy it trusts, with one extra allowed origin. */
  let proxied: FastifyInstance;
  let cookie: string;
  const dir = tempDir();

  beforeAll(async () => {
    ctx = await createTestContext('2026-01-15T03:00:00Z');
    ctx.config.dataDir = dir;
    app = await createTestApp(ctx);
    const proxiedCtx: AppContext = { ...ctx, config: { ...ctx.config, trustProxy: true, allowedOrigins: ['https://portal.example.vn'] } };
    proxied = await buildApp(proxiedCtx, { logger: false, serveWeb: false, cliToken: 'cli-token-for-the-test-0123456789' });
    await createTestUser(ctx, { username: 'tinh51', role: 'province', unitCode: '51' });
    cookie = await loginCookie(app, 'tinh51');
  });
  afterAll(async () => {
    await app.close();
    await proxied.close();
    await ctx.close();
  });

  describe('security headers', () => {
    it('every answer carries CSP, nosniff, frame and referrer rules; no HSTS over plain HTTP', async () => {
      for (const response of [
        await app.inject({ method: 'GET', url: '/health' }),
        await app.inject({ method: 'GET', url: '/api/v1/auth/me' }),
        await app.inject({ method: 'GET', url: '/no/such/page' }),
      ]) {
        const csp = String(response.headers['content-security-policy']);
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        // Inline styles for Ant Design only; never inline or evaluated scripts.
        expect(csp).toMatch(/style-src 'self' 'unsafe-inline'/);
        expect(csp.split(';').find((directive) => directive.trim().startsWith('script-src '))).not.toMatch(/unsafe/);
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['x-frame-options']).toBe('DENY');
        expect(response.headers['referrer-policy']).toBe('same-origin');
        expect(response.headers['strict-transport-security']).toBeUndefined();
      }
    });

    it('HSTS only when the request is HTTPS through a trusted proxy', async () => {
      const viaProxy = await proxied.inject({ method: 'GET', url: '/health', headers: { 'x-forwarded-proto': 'https' } });
      expect(viaProxy.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
      // The same header from a client when no proxy is trusted is not believed.
      const forged = await app.inject({ method: 'GET', url: '/health', headers: { 'x-forwarded-proto': 'https' } });
      expect(forged.headers['strict-transport-security']).toBeUndefined();
    });

    it('the session cookie is Secure behind a trusted TLS proxy, and not on plain HTTP to a named host', async () => {
      const login = (target: FastifyInstance) =>
        target.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: { host: 'asxh.example.vn', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'asxh.example.vn' },
          payload: { username: 'tinh51', password: testPassword },
        });
      const secure = await login(proxied);
      expect(secure.statusCode).toBe(200);
      expect(String(secure.headers['set-cookie'])).toMatch(/;\s*Secure/i);
      expect(String(secure.headers['set-cookie'])).toMatch(/HttpOnly/i);
      const plain = await login(app);
      expect(plain.statusCode).toBe(200);
      expect(String(plain.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
    });
  });

  describe('same-origin rule for state-changing requests', () => {
    // An invalid password change: 400 when the request is let through, 403 when refused as cross-site.
    const changePassword = (target: FastifyInstance, headers: Record<string, string>) =>
      target.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { host: 'asxh.example.vn', cookie, ...headers }, payload: { currentPassword: '' } });

    it('refuses a logged-in browser request sent by another site', async () => {
      const refused: Record<string, string>[] = [
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site', origin: 'https://other.example.vn' },
        { origin: 'https://evil.example.com' },
        { origin: 'null' },
        { origin: 'http://asxh.example.vn.evil.com' },
        { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example.com' },
      ];
      for (const headers of refused) {
        const response = await changePassword(app, headers);
        expect(response.statusCode, JSON.stringify(headers)).toBe(403);
        const body = errorOf(response);
        expect(body.code).toBe('CROSS_SITE_REQUEST_REFUSED');
        expect(body.message).toMatch(/trang web khác/);
      }
      const english = await changePassword(app, { origin: 'https://evil.example.com', 'accept-language': 'en' });
      expect(errorOf(english).message).toMatch(/another website/);
    });

    it('lets the application’s own pages and non-browser callers through', async () => {
      const accepted: Record<string, string>[] = [
        { 'sec-fetch-site': 'same-origin', origin: 'http://asxh.example.vn' },
        { 'sec-fetch-site': 'same-origin' },
        { origin: 'http://asxh.example.vn' },
        {},
      ];
      for (const headers of accepted) {
        const response = await changePassword(app, headers);
        expect(response.statusCode, JSON.stringify(headers)).toBe(400);
        expect(errorOf(response).code).toBe('VALIDATION_FAILED');
      }
      // Reads are never refused.
      const read = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example.com' } });
      expect(read.statusCode).toBe(200);
    });

    it('behind the trusted proxy: its HTTPS origin and the configured allow-list are accepted, others refused', async () => {
      const proxyHeaders = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'asxh.example.vn' };
      expect((await changePassword(proxied, { ...proxyHeaders, origin: 'https://asxh.example.vn' })).statusCode).toBe(400);
      expect((await changePassword(proxied, { ...proxyHeaders, origin: 'https://portal.example.vn', 'sec-fetch-site': 'same-site' })).statusCode).toBe(400);
      expect((await changePassword(proxied, { ...proxyHeaders, origin: 'http://asxh.example.vn' })).statusCode).toBe(403);
      // Without a trusted proxy the scheme is the socket's: an https Origin is not this server's.
      expect((await changePassword(app, { origin: 'https://asxh.example.vn' })).statusCode).toBe(403);
    });

    it('refuses a cross-site login (no cookie yet) but not a script’s', async () => {
      const crossSite = await app.inject({
        method: 'POST', url: '/api/v1/auth/login', headers: { origin: 'https://evil.example.com', 'sec-fetch-site': 'cross-site' },
        payload: { username: 'tinh51', password: testPassword },
      });
      expect(crossSite.statusCode).toBe(403);
      expect(crossSite.headers['set-cookie']).toBeUndefined();
      const script = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'tinh51', password: testPassword } });
      expect(script.statusCode).toBe(200);
    });

    it('server-to-server callers keep working: the CLI’s token route and signed provider callbacks', async () => {
      const cli = await proxied.inject({
        method: 'POST', url: '/api/internal/commands', headers: { 'x-asxh-cli-token': 'cli-token-for-the-test-0123456789' },
        payload: { name: 'no.such.command', args: {}, operator: 'test' },
      });
      expect(cli.statusCode).not.toBe(403);
      expect(errorOf(cli).code).not.toBe('CROSS_SITE_REQUEST_REFUSED');
      const callback = await app.inject({
        method: 'POST', url: '/api/v1/callbacks/g2p/970405', headers: { 'content-type': 'application/json', 'x-asxh-signature': 't=1,v1=00' },
        payload: '{"message":{}}',
      });
      expect(errorOf(callback).code).toBe('CALLBACK_ENDPOINT_UNKNOWN');
    });
  });

  describe('large bodies', () => {
    it('a JSON body over the limit gets 413 BODY_TOO_LARGE, in both languages', async () => {
      const payload = JSON.stringify({ username: 'x'.repeat(limits.requestBodyBytesMax + 10), password: 'p' });
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload });
      expect(response.statusCode).toBe(413);
      const body = errorOf(response);
      expect(body.code).toBe('BODY_TOO_LARGE');
      expect(body.message).toMatch(/quá lớn/);
      expect(body.details.limitBytes).toBe(limits.requestBodyBytesMax);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });

    it('an upload over the file limit gets 413 BODY_TOO_LARGE', async () => {
      const saved = limits.uploadBytesMax;
      limits.uploadBytesMax = 4096;
      let small: FastifyInstance | undefined;
      try {
        small = await createTestApp(ctx);
        const file = writeTemplateCsv(join(dir, 'large.csv'), Array.from({ length: 60 }, () => rowA));
        const { payload, headers } = multipartBody([{ name: 'file', fileName: 'large.csv', content: readFileSync(file) }]);
        const response = await small.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...headers, cookie }, payload });
        expect(response.statusCode, response.body).toBe(413);
        const body = errorOf(response);
        expect(body.code).toBe('BODY_TOO_LARGE');
        expect(body.details.limitBytes).toBe(4096);
        const english = await small.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...headers, cookie, 'accept-language': 'en' }, payload });
        expect(errorOf(english).message).toMatch(/too large/);
        // Over a real socket the limit is reached while the route is already copying the file.
        await small.close();
        limits.uploadBytesMax = 256 * 1024;
        small = await createTestApp(ctx);
        const address = await small.listen({ port: 0, host: '127.0.0.1' });
        const big = multipartBody([{ name: 'file', fileName: 'big.csv', content: Buffer.concat([readFileSync(file), Buffer.alloc(2 * 1024 * 1024, 'a')]) }]);
        const streamed = await fetch(`${address}/api/v1/imports`, { method: 'POST', headers: { ...big.headers, cookie }, body: big.payload });
        const streamedBody = (await streamed.json()) as ErrorAnswer;
        expect(streamed.status, JSON.stringify(streamedBody)).toBe(413);
        expect(streamedBody).toMatchObject({ code: 'BODY_TOO_LARGE', details: { limitBytes: 256 * 1024 } });
      } finally {
        limits.uploadBytesMax = saved;
        await small?.close();
      }
    });
  });

  describe('control characters', () => {
    it('a NUL or other control character in any JSON string is refused with 400 and the field path', async () => {
      const cases: { url: string; payload: unknown; field: string; character: string }[] = [
        { url: '/api/v1/auth/login', payload: { username: 'tinh51\u0000', password: 'x' }, field: 'username', character: 'U+0000' },
        { url: '/api/v1/beneficiaries', payload: { ...rowA, ho_ten: 'Nguyễn\u0000 Thị Đào' }, field: 'ho_ten', character: 'U+0000' },
        { url: '/api/v1/users', payload: { username: 'new-user', password: 'Long-Password-2026', role: 'officer', unitCode: '23293', fullName: 'Cán bộ\u001b[31m' }, field: 'fullName', character: 'U+001B' },
        { url: '/api/v1/commands/payroll.generate', payload: { unit: '23293', notes: [{ note: 'ok' }, { note: 'x\u007f' }] }, field: 'notes.1.note', character: 'U+007F' },
        { url: '/api/v1/auth/password', payload: { currentPassword: 'a', newPassword: '\ud800lone half' }, field: 'newPassword', character: 'U+D800' },
      ];
      for (const item of cases) {
        const response = await app.inject({ method: 'POST', url: item.url, headers: { cookie }, payload: item.payload as Record<string, unknown> });
        expect(response.statusCode, item.url).toBe(400);
        const body = errorOf(response);
        expect(body.code).toBe('TEXT_FORBIDDEN_CHARACTER');
        expect(body.details.field).toBe(item.field);
        expect(body.details.character).toBe(item.character);
        expect(body.message).toContain(`«${item.field}»`);
        expect(body.details.issues?.[0]).toMatchObject({ field: item.field, code: 'TEXT_FORBIDDEN_CHARACTER' });
        expect(body.details.issues?.[0]?.messageEn).toContain(`"${item.field}"`);
        // The answer repeats no control character.
        expect(response.body).not.toMatch(/\\u0000|\\u001b|\\u007f/i);
      }
    });

    it('in the query string and in a key, too; tab and line breaks stay allowed', async () => {
      const query = await app.inject({ method: 'GET', url: '/api/v1/beneficiaries?q=ab%00c', headers: { cookie } });
      expect(query.statusCode).toBe(400);
      expect(errorOf(query).details).toMatchObject({ field: 'q', location: 'querystring', character: 'U+0000' });
      const key = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { 'user\u0000name': 'a', password: 'b' } });
      expect(errorOf(key).details).toMatchObject({ field: 'user?name', location: 'body' });
      const spaced = await app.inject({ method: 'GET', url: '/api/v1/beneficiaries?q=' + encodeURIComponent('Nguyễn\tThị\r\nĐào'), headers: { cookie } });
      expect(spaced.statusCode).toBe(200);
    });

    it('multipart text fields and the file name are checked; the file itself is the importer’s', async () => {
      const file = readFileSync(writeTemplateCsv(join(dir, 'one.csv'), [rowA]));
      const field = multipartBody([{ name: 'note', value: 'ghi chú\u0000' }, { name: 'file', fileName: 'one.csv', content: file }]);
      const byField = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...field.headers, cookie }, payload: field.payload });
      expect(byField.statusCode).toBe(400);
      expect(errorOf(byField).details).toMatchObject({ field: 'note', location: 'multipart', character: 'U+0000' });
      const named = multipartBody([{ name: 'file', fileName: 'one\u0001.csv', content: file }]);
      const byName = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...named.headers, cookie }, payload: named.payload });
      expect(byName.statusCode).toBe(400);
      expect(errorOf(byName).details).toMatchObject({ field: 'filename', location: 'multipart', character: 'U+0001' });
      const clean = multipartBody([{ name: 'note', value: 'ghi chú' }, { name: 'file', fileName: 'one.csv', content: file }]);
      expect((await app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...clean.headers, cookie }, payload: clean.payload })).statusCode).toBe(200);
    });
  });

  describe('validation answers', () => {
    it('name the field with a stable code, in Vietnamese and English', async () => {
      const missing = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'tinh51' } });
      expect(missing.statusCode).toBe(400);
      const body = errorOf(missing);
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.details.location).toBe('body');
      expect(body.details.issues).toEqual([{ field: 'password', code: 'FIELD_REQUIRED', message: '«password» bắt buộc phải có', messageEn: '"password" is required' }]);
      expect(body.message).toBe('Dữ liệu gửi lên không hợp lệ (nội dung): «password» bắt buộc phải có');
      const english = await app.inject({ method: 'POST', url: '/api/v1/auth/login?lang=en', payload: { username: 'tinh51' } });
      expect(errorOf(english).message).toBe('The request is invalid (body): "password" is required');
    });

    it('lengths, formats and unions of values', async () => {
      const long = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'u'.repeat(limits.usernameLengthMax + 1), password: 'x' } });
      expect(errorOf(long).details.issues?.[0]).toMatchObject({ field: 'username', code: 'FIELD_TOO_LONG', message: `«username» không được dài quá ${limits.usernameLengthMax} ký tự` });
      const role = await app.inject({
        method: 'POST', url: '/api/v1/users', headers: { cookie },
        payload: { username: 'new-user', password: 'Long-Password-2026', role: 'emperor', unitCode: '23293' },
      });
      expect(role.statusCode).toBe(400);
      const roleIssue = errorOf(role).details.issues?.find((issue) => issue.field === 'role');
      expect(roleIssue).toMatchObject({ code: 'FIELD_NOT_ALLOWED' });
      expect(roleIssue?.message).toMatch(/phải là một trong: .*"officer"/);
      const query = await app.inject({ method: 'GET', url: '/api/v1/audit?limit=abc', headers: { cookie } });
      expect(query.statusCode).toBe(400);
      expect(errorOf(query).details.location).toBe('querystring');
      expect(errorOf(query).details.issues?.[0]).toMatchObject({ field: 'limit', code: 'FIELD_TYPE' });
      expect(errorOf(query).message).toMatch(/^Dữ liệu gửi lên không hợp lệ \(tham số truy vấn\): «limit»/);
    });
  });
});

describe('personal data never in logs', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const lines: string[] = [];
  const dir = tempDir();

  beforeAll(async () => {
    ctx = await createTestContext('2026-01-15T03:00:00Z');
    ctx.config.dataDir = dir;
    app = await buildApp(ctx, { logger: { level: 'debug' }, logStream: { write: (line) => void lines.push(line) }, serveWeb: false });
    await createTestUser(ctx, { username: 'tinh51', role: 'province', unitCode: '51' });
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  it('an import with a bad row, a login, searches and failures leave no ID, phone, account number or password in the log', async () => {
    // A login (its password in the body), a wrong one, and a cross-site one.
    const cookie = await loginCookie(app, 'tinh51');
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'tinh51', password: 'Wrong-Secret-Password-77' } });
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: 'https://evil.example.com' }, payload: { username: 'tinh51', password: testPassword } });
    // An import whose rows carry IDs, phones and account numbers, one of them bad (a NUL in a name).
    const badRow: Partial<TemplateRow> = { ...rowB, ho_ten: 'Lò Văn\u0000 Minh' };
    const file = readFileSync(writeTemplateCsv(join(dir, 'people.csv'), [rowA, badRow, rowC]));
    const upload = multipartBody([{ name: 'file', fileName: 'people.csv', content: file }]);
    const preview = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...upload.headers, cookie }, payload: upload.payload });
    const uploadId = preview.statusCode === 200 ? json<{ uploadId: string }>(preview).uploadId : undefined;
    if (uploadId) await app.inject({ method: 'POST', url: `/api/v1/imports/${uploadId}/confirm`, headers: { cookie } });
    // The same people typed in the form, one with a NUL; searches and paths by personal ID and phone.
    await app.inject({ method: 'POST', url: '/api/v1/beneficiaries', headers: { cookie }, payload: { ...rowC, ho_ten: 'Trần\u0000Văn Hùng' } });
    await app.inject({ method: 'POST', url: '/api/v1/beneficiaries', headers: { cookie }, payload: rowC as Record<string, unknown> });
    await app.inject({ method: 'GET', url: `/api/v1/beneficiaries?q=${rowA.so_dinh_danh}`, headers: { cookie } });
    await app.inject({ method: 'GET', url: `/api/v1/beneficiaries?q=${rowB.so_dien_thoai}`, headers: { cookie } });
    await app.inject({ method: 'GET', url: `/api/v1/beneficiaries/${rowA.so_dinh_danh}`, headers: { cookie } });
    await app.inject({ method: 'GET', url: `/api/v1/no-such-route/${rowC.so_dinh_danh}`, headers: { cookie } });
    await app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie }, payload: { currentPassword: testPassword, newPassword: 'Another-Secret-Password-88' } });

    const log = lines.join('');
    if (process.env.H8_PRINT_LOG) console.log(log);
    // The capture works and the requests were logged.
    expect(lines.length).toBeGreaterThan(10);
    expect(log).toContain('incoming request');
    expect(log).toContain('/api/v1/beneficiaries');
    const secrets = [
      rowA.so_dinh_danh, rowA.so_cmnd, rowA.so_tai_khoan, rowB.so_dinh_danh, rowB.so_dien_thoai, rowB.nguoi_nhan_thay_so_dinh_danh,
      rowC.so_dinh_danh, rowC.so_dien_thoai, rowC.so_tai_khoan,
      testPassword, 'Wrong-Secret-Password-77', 'Another-Secret-Password-88',
    ].filter((value): value is string => typeof value === 'string' && value !== '');
    expect(secrets.length).toBeGreaterThanOrEqual(11);
    for (const secret of secrets) expect(log, `the log holds ${secret}`).not.toContain(secret);
    // Names of the batch either (an error's details or a failed query's parameters would carry them).
    for (const name of ['Nguyễn Thị Đào', 'Lò Thị Hoa', 'Trần Văn Hùng']) expect(log).not.toContain(name);
    expect(log).not.toMatch(/asxh_session=/);
    expect(log).not.toMatch(/"cookie"/i);
  });
});

describe('configuration', () => {
  it('reads ASXH_TRUST_PROXY and ASXH_ALLOWED_ORIGINS', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ ASXH_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ ASXH_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ASXH_TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).trustProxy).toEqual(['10.0.0.1', '10.1.0.0/16']);
    expect(() => loadConfig({ ASXH_TRUST_PROXY: 'yes please' })).toThrow(/ASXH_TRUST_PROXY/);
    expect(loadConfig({ ASXH_ALLOWED_ORIGINS: 'https://a.example.vn, https://b.example.vn:8443' }).allowedOrigins).toEqual(['https://a.example.vn', 'https://b.example.vn:8443']);
    expect(() => loadConfig({ ASXH_ALLOWED_ORIGINS: 'https://a.example.vn/path' })).toThrow(/ASXH_ALLOWED_ORIGINS/);
  });
});
