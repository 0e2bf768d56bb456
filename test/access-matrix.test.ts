import { appendFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app/build.js';
import { needToKnow } from '../src/modules/access/need-to-know.js';
import { permissions, type Permission } from '../src/modules/access/permissions.js';
import { roles, type Role } from '../src/modules/access/scope.js';
import { signWebhook } from '../src/modules/formats/webhook.js';
import { routeExpectations, type Build, type Case, type MatrixRequest, type RouteExpectation } from './access-matrix.routes.js';
import { callers, createMatrixFixture, matrixUsers, walletSecret, type Caller, type MatrixFixture, type MatrixLocality, type MatrixPerson } from './helpers/access-fixture.js';
import { createTestContext, createTestUser, loginCookie, type TestContext } from './helpers/context.js';
import { tempDir } from './helpers/files.js';
import { pdfText } from './helpers/pdf-text.js';
import { importFile } from './access-matrix.routes.js';

/**
 * The access matrix (issue 18, item 7): every route of the app × a user of every role (two payment
 * agents: VNPost and a bank) × a locality inside and one outside the caller's area, and each value
 * of an export's `format`, against the expectations of test/access-matrix.routes.ts (read its
 * header to add a route). What is checked:
 *
 * - coverage: every METHOD and URL of the route table (HEAD and /api/docs aside) has an entry, every
 *   entry a route, and every `format` value of a route's schema an expectation;
 * - without a session: 401 (public routes answer; callbacks need the provider's signature and the
 *   internal command route the CLI's token, whoever is logged in);
 * - a role the entry does not allow: 403 (roles derived from src/modules/access/permissions.ts and
 *   need-to-know.ts, not copied);
 * - an allowed role, about a locality outside its area: 403 or 404 (a list: its own rows only);
 * - an allowed role in its own area: neither 401 nor 403 nor a server error (a domain refusal such
 *   as 409 of a funded cycle is fine); a write is tried by one allowed caller, after the refusals;
 * - in every answer to a user of a commune or a province, files included (XLSX cells, PDF text): no
 *   personal ID, name or account number of the people outside their area, unless the request
 *   itself carried it.
 */
const thirdPartyRoutes = /^\/api\/docs(\/|$)/;
const cliToken = 'access-matrix-cli-token-0123456789abcdef';

/** The allowed caller tried last for a write, in this order of preference. */
const actorPreference: Caller[] = ['officer', 'province', 'approver', 'admin', 'provider:VNPOST', 'provider:970405', 'auditor'];

const roleOf = (caller: Caller): Role => matrixUsers[caller].role;
const scopeLevel = (caller: Caller): 'national' | 'province' | 'commune' => {
  const unit = matrixUsers[caller].unitCode;
  return unit === null ? 'national' : unit.length === 2 ? 'province' : 'commune';
};

/** The roles an entry allows, derived from the permission and need-to-know tables; null for routes without sessions. */
export function allowedRoles(entry: RouteExpectation): ReadonlySet<Role> | 'everyone' | null {
  const access = entry.access;
  if ('public' in access || 'authenticated' in access) return 'everyone';
  if ('signature' in access || 'cliToken' in access) return null;
  if ('roles' in access) return new Set(access.roles);
  if ('anyPermission' in access) return new Set(roles.filter((role) => access.anyPermission.some((permission) => (permissions[permission] as readonly Role[]).includes(role))));
  const needed = ([] as Permission[]).concat(access.permission);
  return new Set(roles.filter((role) => needed.every((permission) => (permissions[permission] as readonly Role[]).includes(role)) && (!access.list || needToKnow[role].lists.includes(access.list))));
}

function isAllowed(entry: RouteExpectation, caller: Caller): boolean {
  const allowed = allowedRoles(entry);
  if (allowed === 'everyone') return true;
  if (allowed === null || !allowed.has(roleOf(caller))) return false;
  return !('national' in entry.access && entry.access.national) || scopeLevel(caller) === 'national';
}

interface Problem {
  case: Case;
  caller: Caller | 'anonymous';
  format?: string;
  message: string;
}

describe('access matrix (issue 18, item 7)', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let fx: MatrixFixture;
  const routes: RouteOptions[] = [];
  const cookies = {} as Record<Caller, string>;
  const address = (caller: Caller | 'anonymous') => `10.18.7.${caller === 'anonymous' ? 200 : callers.indexOf(caller) + 10}`;
  let freshUsers = 0;

  /** The localities outside a caller's area: the commune users' other commune and every province user's other province. */
  const outside = (caller: Caller): MatrixLocality[] => {
    const level = scopeLevel(caller);
    return level === 'national' ? [] : level === 'province' ? [fx.localities.C] : [fx.localities.B, fx.localities.C];
  };
  const markersOf = (person: MatrixPerson) => [person.personalId, person.fullName, ...(person.accountNumber ? [person.accountNumber] : [])];
  /**
   * What a caller must never be shown: the people (and staff) of the localities outside its area
   * and, for a payment agent, the people its provider does not pay (need-to-know: own rows only).
   */
  const markersOutside = (caller: Caller): string[] => {
    const user = matrixUsers[caller];
    const otherProviders = 'providerCode' in user ? fx.localities.A.people.filter((person) => person.providerCode !== user.providerCode).flatMap(markersOf) : [];
    return [...outside(caller).flatMap((locality) => [...locality.people.flatMap(markersOf), locality.victimUsername]), ...otherProviders];
  };

  beforeAll(async () => {
    const base = await createTestContext('2024-07-20T03:00:00Z');
    // Uploads of its own: the default data folder is shared with other test files, whose clocks expire them.
    // The SMS gateway signs its delivery reports with the key the signed callbacks of the matrix use.
    ctx = { ...base, config: { ...base.config, dataDir: tempDir('asxh-matrix-'), smsCallbackKey: walletSecret } };
    fx = await createMatrixFixture(ctx);
    app = await buildApp(ctx, { logger: false, serveWeb: false, cliToken, onRoute: (route) => routes.push(route) });
    await app.ready();
    for (const caller of callers) cookies[caller] = await login(caller, matrixUsers[caller].username);
    // Each caller that may import previews a file about its own commune and one about another locality.
    for (const caller of callers) {
      if (!isAllowed(routeExpectations['POST /api/v1/imports']!, caller)) continue;
      const upload = async (at: MatrixLocality) => {
        const response = await send({ method: 'POST', url: '/api/v1/imports' }, { file: importFile(fx, at) }, { cookie: cookies[caller], caller });
        if (response.statusCode !== 200) throw new Error(`upload by ${caller}: ${response.statusCode} ${response.body}`);
        return (response.json() as { uploadId: string }).uploadId;
      };
      fx.uploads[caller] = { in: await upload(fx.localities.A), out: await upload(outside(caller)[0] ?? fx.localities.C) };
    }
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  async function login(caller: Caller, username: string): Promise<string> {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'Test-Password-2025' }, remoteAddress: address(caller) });
    if (response.statusCode !== 200) return loginCookie(app, username);
    const cookie = response.cookies.find((item) => item.name === 'asxh_session');
    if (!cookie) throw new Error('no session cookie');
    return `asxh_session=${cookie.value}`;
  }

  /** A session of a new user with the caller's role and area (for logout and the password change). */
  async function freshCookie(caller: Caller): Promise<string> {
    const user = matrixUsers[caller];
    const username = `mx.fresh.${freshUsers++}`;
    await createTestUser(ctx, { username, role: user.role, unitCode: user.unitCode, ...('providerCode' in user ? { providerCode: user.providerCode } : {}) });
    return login(caller, username);
  }

  function send(route: { method: string; url: string }, request: MatrixRequest, options: { cookie?: string; caller: Caller | 'anonymous'; format?: string; headers?: Record<string, string> }): Promise<LightMyRequestResponse> {
    const url = route.url.replace(/:(\w+)/g, (_match, name: string) => {
      const value = request.params?.[name];
      if (value === undefined) throw new Error(`${route.method} ${route.url}: the entry's request gives no value for :${name}`);
      return encodeURIComponent(String(value));
    });
    const query = Object.fromEntries(Object.entries({ ...request.query, ...(options.format ? { format: options.format } : {}) }).map(([key, value]) => [key, String(value)]));
    const headers: Record<string, string> = { ...request.headers, ...options.headers, ...(options.cookie ? { cookie: options.cookie } : {}) };
    let payload: string | Buffer | object | undefined = request.payload as string | object | undefined;
    if (request.file) {
      const boundary = `----asxhmatrix${Math.random().toString(16).slice(2)}`;
      payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${request.file.name}"\r\nContent-Type: text/csv\r\n\r\n`),
        Buffer.from(request.file.content),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
    }
    return app.inject({ method: route.method as 'GET', url, query, headers, ...(payload === undefined ? {} : { payload }), remoteAddress: address(options.caller) });
  }

  /** The answer as text: JSON or CSV as is, every cell of an XLSX, the text of a PDF. */
  async function answerText(response: LightMyRequestResponse): Promise<string> {
    const type = String(response.headers['content-type'] ?? '');
    if (response.statusCode >= 300) return response.body;
    if (type.includes('spreadsheetml')) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const cells: string[] = [];
      workbook.eachSheet((sheet) => sheet.eachRow((row) => cells.push((row.values as unknown[]).map((value) => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value))).join('\t'))));
      return cells.join('\n');
    }
    if (type.includes('pdf')) return pdfText(response.rawPayload);
    return response.body;
  }

  /** With ASXH_MATRIX_REPORT=<file>, every request's case and status, one JSON line each (for review). */
  const record = (line: Record<string, unknown>) => {
    if (process.env.ASXH_MATRIX_REPORT) appendFileSync(process.env.ASXH_MATRIX_REPORT, `${JSON.stringify(line)}\n`);
  };
  const errorCode = (response: LightMyRequestResponse): string | null => {
    try {
      return (response.json() as { code?: string }).code ?? null;
    } catch {
      return null;
    }
  };
  const brief = (response: LightMyRequestResponse) => `${response.statusCode} ${response.statusCode >= 300 ? response.body.slice(0, 160) : ''}`.trim();
  const is2xx = (status: number) => status >= 200 && status < 300;

  /** Runs every case of one route (one `format` value) and returns what did not match. */
  async function runRoute(key: string, entry: RouteExpectation, format?: string): Promise<Problem[]> {
    const [method, url] = key.split(' ') as [string, string];
    const route = { method, url };
    const problems: Problem[] = [];
    const build: Build = (format && entry.formats?.[format]?.request) || entry.request || (() => ({}));
    const requestFor = (caller: Caller, at: MatrixLocality): MatrixRequest => build(fx, at, caller);
    const readOnly = entry.readOnly ?? method === 'GET';
    const access = entry.access;
    const problem = (kind: Case, caller: Caller | 'anonymous', message: string) => problems.push({ case: kind, caller, ...(format ? { format } : {}), message });
    const attempt = async (kind: Case, request: MatrixRequest, options: Parameters<typeof send>[2], at?: MatrixLocality) => {
      const response = await send(route, request, options);
      record({ route: key, ...(format ? { format } : {}), case: kind, caller: options.caller, locality: at?.key ?? null, status: response.statusCode, code: response.statusCode >= 400 ? errorCode(response) : null, ...(process.env.ASXH_MATRIX_BODIES && key.includes(process.env.ASXH_MATRIX_BODIES) ? { body: response.body.slice(0, 3000) } : {}) });
      return response;
    };

    /** No personal data of people outside the caller's area, unless the request itself named it. */
    const checkMarkers = async (kind: Case, caller: Caller, request: MatrixRequest, response: LightMyRequestResponse) => {
      const asked = JSON.stringify(request);
      const text = await answerText(response);
      const leaked = markersOutside(caller).filter((marker) => !asked.includes(marker) && text.includes(marker));
      if (leaked.length > 0) problem(kind, caller, `shows data of people outside the caller's area: ${leaked.join(', ')} (${response.statusCode})`);
    };

    // Routes without sessions: a signature or the CLI's token decides, never a session.
    if ('signature' in access || 'cliToken' in access) {
      const request = requestFor('admin', fx.localities.A);
      for (const caller of ['anonymous', ...callers] as const) {
        const response = await attempt(caller === 'anonymous' ? 'anonymous' : 'denied', request, { caller, ...(caller === 'anonymous' ? {} : { cookie: cookies[caller] }) });
        if (response.statusCode !== 401) problem(caller === 'anonymous' ? 'anonymous' : 'denied', caller, `without ${'signature' in access ? 'a signature' : 'the CLI token'}: expected 401, got ${brief(response)}`);
      }
      const raw = typeof request.payload === 'string' ? request.payload : JSON.stringify(request.payload ?? {});
      const headers: Record<string, string> = 'signature' in access ? { 'x-asxh-signature': signWebhook(walletSecret, raw, Math.floor(Date.now() / 1000)) } : { 'x-asxh-cli-token': cliToken };
      const response = await attempt('allowed', { ...request, payload: raw, headers: { 'content-type': 'application/json', ...request.headers } }, { caller: 'anonymous', headers });
      if ([401, 403].includes(response.statusCode) || response.statusCode >= 500) problem('allowed', 'anonymous', `with ${'signature' in access ? 'a valid signature' : 'the CLI token'}: got ${brief(response)}`);
      return problems;
    }

    const isPublic = 'public' in access;
    // 1. Without a session.
    {
      const response = await attempt('anonymous', requestFor('officer', fx.localities.A), { caller: 'anonymous', format }, fx.localities.A);
      if (isPublic ? [401, 403].includes(response.statusCode) || response.statusCode >= 500 : response.statusCode !== 401) {
        problem('anonymous', 'anonymous', `expected ${isPublic ? 'an answer' : '401'}, got ${brief(response)}`);
      }
      if (isPublic && !readOnly) return problems;
    }
    const cookieOf = async (caller: Caller) => (entry.freshSession ? freshCookie(caller) : cookies[caller]);

    // 2. Roles without the permission: refused, whatever the locality.
    for (const caller of callers.filter((item) => !isAllowed(entry, item))) {
      const request = requestFor(caller, fx.localities.A);
      const response = await attempt('denied', request, { cookie: await cookieOf(caller), caller, format }, fx.localities.A);
      if (!(entry.deniedStatus ?? [403]).includes(response.statusCode)) problem('denied', caller, `expected ${(entry.deniedStatus ?? [403]).join(' or ')}, got ${brief(response)}`);
      await checkMarkers('denied', caller, request, response);
    }

    const allowed = callers.filter((item) => isAllowed(entry, item));
    // 3. Allowed roles, about a locality outside their area.
    if (entry.scoped) {
      for (const caller of allowed) {
        const at = outside(caller)[0];
        if (!at) continue;
        const request = requestFor(caller, at);
        const response = await attempt('outOfScope', request, { cookie: await cookieOf(caller), caller, format }, at);
        const rule = entry.outOfScope ?? 'refused';
        const accepted = Array.isArray(rule) ? rule.includes(response.statusCode) : [403, 404].includes(response.statusCode) || (rule === 'filtered' && is2xx(response.statusCode));
        if (!accepted) problem('outOfScope', caller, `locality ${at.key} (${at.communeCode}): expected ${Array.isArray(rule) ? rule.join(' or ') : rule === 'filtered' ? 'its own rows only, or 403/404' : '403 or 404'}, got ${brief(response)}`);
        await checkMarkers('outOfScope', caller, request, response);
      }
    }

    // 4. Allowed roles in their own area: every one for a read, one (last) for a write.
    const actor = entry.actor ?? actorPreference.find((caller) => allowed.includes(caller));
    for (const caller of readOnly ? allowed : actor ? [actor] : []) {
      const request = requestFor(caller, fx.localities.A);
      const response = await attempt('allowed', request, { cookie: await cookieOf(caller), caller, format }, fx.localities.A);
      if ([401, 403].includes(response.statusCode) || (response.statusCode >= 500 && !entry.answers?.includes(response.statusCode))) problem('allowed', caller, `expected an answer, got ${brief(response)}`);
      await checkMarkers('allowed', caller, request, response);
    }
    return problems;
  }

  const table = () => {
    const found: { key: string; route: RouteOptions }[] = [];
    for (const route of routes) {
      if (thirdPartyRoutes.test(route.url)) continue;
      for (const method of ([] as string[]).concat(route.method)) if (method !== 'HEAD') found.push({ key: `${method} ${route.url}`, route });
    }
    return found;
  };

  it('has an expectation for every route, and a route for every expectation', () => {
    const keys = table().map((item) => item.key);
    expect(keys.length).toBeGreaterThan(100);
    const missing = keys.filter((key) => !(key in routeExpectations));
    const stale = Object.keys(routeExpectations).filter((key) => !keys.includes(key));
    expect(missing, `routes without an entry in test/access-matrix.routes.ts:\n${missing.join('\n')}`).toEqual([]);
    expect(stale, `entries that match no route:\n${stale.join('\n')}`).toEqual([]);
  });

  it('has an expectation for every export format, and derives each role list from the permission table', () => {
    const problems: string[] = [];
    for (const { key, route } of table()) {
      const entry = routeExpectations[key];
      const format = (route.schema as { querystring?: { properties?: Record<string, { anyOf?: { const?: string }[]; enum?: string[] }> } } | undefined)?.querystring?.properties?.format;
      const values = format ? (format.anyOf?.map((item) => item.const).filter((value): value is string => value !== undefined) ?? format.enum ?? []) : [];
      const listed = Object.keys(entry?.formats ?? {});
      if (entry && values.join() !== listed.join()) problems.push(`${key}: formats of the schema [${values.join(', ')}], of the entry [${listed.join(', ')}]`);
      if (entry && allowedRoles(entry) instanceof Set && (allowedRoles(entry) as Set<Role>).size === 0) problems.push(`${key}: no role may call it`);
    }
    expect(problems).toEqual([]);
  });

  it('reads the answers it searches: files of its own area name their people (else the absence checks prove nothing)', async () => {
    const A = fx.localities.A;
    const get = (url: string, query: Record<string, string>) => send({ method: 'GET', url }, { query }, { cookie: cookies.officer, caller: 'officer' });
    const files = [
      await get(`/api/v1/payroll/cycles/${A.cycleId}/export`, { format: 'list-xlsx', commune: A.communeCode }),
      await get(`/api/v1/payroll/cycles/${A.cycleId}/export`, { format: 'list-pdf', commune: A.communeCode }),
      await get(`/api/v1/disbursement/cycles/${A.cycleId}/files`, { provider: 'VNPOST', format: 'cash-list' }),
      await get(`/api/v1/disbursement/cycles/${A.cycleId}/files`, { provider: '970405', format: 'xlsx' }),
      await get(`/api/v1/disbursement/cycles/${A.cycleId}/items`, {}),
    ];
    const texts = await Promise.all(files.map(answerText));
    expect(files.map((response) => response.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(texts[0]).toContain(A.cashPerson.fullName);
    expect(texts[0]).toContain(A.person.accountNumber);
    expect(texts[1]).toContain(A.cashPerson.fullName);
    expect(texts[2]).toContain(A.cashPerson.fullName);
    expect(texts[3]).toContain(A.person.accountNumber);
    expect(texts[4]).toContain(A.person.personalId);
    expect(markersOutside('officer')).toContain(fx.localities.B.person.fullName);
  });

  // Reads first, then writes, each group in the order of the table (writes are ordered so that their effects do not matter).
  const ordered = Object.entries(routeExpectations).sort(([a], [b]) => Number(!a.startsWith('GET ')) - Number(!b.startsWith('GET ')));
  for (const [key, entry] of ordered) {
    it(key, async () => {
      // An entry without a route is reported by the coverage test above.
      if (!table().some((item) => item.key === key)) return;
      const problems: Problem[] = [];
      for (const format of entry.formats ? Object.keys(entry.formats) : [undefined]) problems.push(...(await runRoute(key, entry, format)));
      const known = entry.knownDefects ?? [];
      const matches = (problem: Problem, defect: (typeof known)[number]) =>
        defect.case === problem.case && (!defect.callers || defect.callers.includes(problem.caller as Caller)) && (!defect.format || defect.format === problem.format);
      const unexpected = problems.filter((problem) => !known.some((defect) => matches(problem, defect)));
      const fixed = known.filter((defect) => !problems.some((problem) => matches(problem, defect)));
      const show = (problem: Problem) => `${problem.case} ${problem.caller}${problem.format ? ` format=${problem.format}` : ''}: ${problem.message}`;
      expect(unexpected.map(show), `${key}`).toEqual([]);
      expect(fixed.map((defect) => `known defect no longer seen, remove it from the entry: ${defect.case} ${defect.callers?.join(',') ?? ''} (${defect.issue})`)).toEqual([]);
    });
  }
});
