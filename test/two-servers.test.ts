import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app/build.js';
import { createContext, type AppContext } from '../src/app/context.js';
import { sessionCookieName } from '../src/app/http.js';
import { loadConfig } from '../src/config.js';
import { rootDir } from '../src/core/paths.js';
import { openPostgres, queryOne, queryRows, type Database } from '../src/db/client.js';
import { countRequest, readRequestCount } from '../src/db/rate-limits.js';
import { scopeLockId, type Actor } from '../src/modules/access/scope.js';
import type { AccountInquiryAdapter } from '../src/adapters/accounts/account-inquiry.adapter.js';
import type { PopulationAdapter } from '../src/adapters/population/population.adapter.js';
import { verifyAccounts } from '../src/modules/accounts/verification.service.js';
import { verifyPopulation } from '../src/modules/population/population.service.js';
import { requestCode, verifySelfServiceCode } from '../src/modules/accounts/self-service.service.js';
import { verifyAuditTrail } from '../src/modules/audit/audit.service.js';
import { auditKeyFileName, loadAuditKey } from '../src/modules/audit/chain-key.js';
import { checkLedger } from '../src/modules/disbursement/ledger-check.service.js';
import type { PollReport, SendReport } from '../src/modules/disbursement/send.service.js';
import { enqueueSms } from '../src/modules/notifications/notifications.service.js';
import { currentSecretKey } from '../src/modules/secrets/keys.js';
import { startSmsSimulator, type SmsSimulator } from '../src/simulators/sms/sms.simulator.js';
import { createTestContext, createTestUser, testPassword, type TestContext } from './helpers/context.js';
import { onPostgres } from './helpers/db.js';
import { connectEndpoints, createFundedCycle, itemStates, startSimulators, type FundedCycle, type Simulators } from './helpers/disbursement-fixture.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { importApproved } from './helpers/imports.js';
import { idFor, personRow } from './helpers/people.js';
import { startRecordingProxy, type RecordingProxy } from './helpers/recording-proxy.js';
import { createTemplateCopy, dropDatabaseWhenIdle } from './helpers/safe-db.js';

/**
 * Two servers, one database (issue 23, item 3). What a server would keep in its memory and another
 * needs lives in the database: sessions, login failures, the routes' rate-limit counters, the
 * self-service codes' tries; background and repeated work is claimed there, so two servers never
 * do it twice: each batch is sent by one of them (an advisory lock per batch), the SMS outbox is
 * shared with FOR UPDATE SKIP LOCKED, results are applied once per message whichever server
 * receives them, and the audit chain is extended under one lock in the database.
 *
 * The first part runs on both databases (two apps in one process on one database, and the locks);
 * the second starts two real server PROCESSES on one scratch PostgreSQL database, with the
 * providers' simulators and the SMS simulator behind recording proxies: PostgreSQL only, since
 * an embedded PGlite folder is opened by one process (asxh.lock).
 */

const selfServicePerson = personRow({
  ho_ten: 'Lê Thị Mơ', ngay_sinh: '07/07/1950', gioi_tinh: 'Nữ', so_dinh_danh: idFor('07/07/1950', 'Nữ', 41), ma_doi_tuong: 'BTXH_K6_NANG', so_dien_thoai: '0988000041',
});

describe(`what two servers share lives in the database (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
  });
  afterAll(async () => ctx.close());

  it('a lock is held by one holder at a time: the others skip it, or wait for it in turn', async () => {
    const lock = { name: 'test.two-servers', id: 7 };
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = ctx.db.withLock(lock, () => held.then(() => 'first'), { wait: false });
    // Another claimant skips while it is held; another id is free.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await ctx.db.withLock(lock, async () => 'second', { wait: false })).toEqual({ acquired: false });
    expect(await ctx.db.withLock({ ...lock, id: 8 }, async () => 'other', { wait: false })).toEqual({ acquired: true, value: 'other' });
    const order: string[] = [];
    const waiting = ctx.db.withLock(lock, async () => order.push('waited'), { wait: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    order.push('released');
    release();
    expect(await first).toEqual({ acquired: true, value: 'first' });
    await waiting;
    expect(order).toEqual(['released', 'waited']);
    // Free again once its holder is done, also when the work failed.
    await expect(ctx.db.withLock(lock, async () => Promise.reject(new Error('work failed')), { wait: false })).rejects.toThrow('work failed');
    expect(await ctx.db.withLock(lock, async () => 'again', { wait: false })).toEqual({ acquired: true, value: 'again' });
  });

  it('a run over an area (account or population checks) is refused while the same run goes on elsewhere', async () => {
    const province = await createTestUser(ctx, { username: 'tinh.run', role: 'province', unitCode: '51' });
    const noInquiry = { inquire: () => Promise.reject(new Error('not asked')) } as unknown as AccountInquiryAdapter;
    const noLookup = { lookup: () => Promise.reject(new Error('not asked')) } as unknown as PopulationAdapter;
    // Another server holds the province's runs (the same locks, taken here).
    const elsewhere = async (name: string, work: () => Promise<unknown>) => ctx.db.withLock({ name, id: scopeLockId(province.scope) }, work, { wait: false });
    const accounts = await elsewhere('accounts.verify', () => verifyAccounts(ctx, province, { adapter: noInquiry }).then(() => 'ran', (error: { code?: string }) => error.code));
    expect(accounts).toEqual({ acquired: true, value: 'ACCOUNT_VERIFICATION_IN_PROGRESS' });
    const population = await elsewhere('population.verify', () => verifyPopulation(ctx, province, { adapter: noLookup }).then(() => 'ran', (error: { code?: string }) => error.code));
    expect(population).toEqual({ acquired: true, value: 'POPULATION_VERIFICATION_IN_PROGRESS' });
    // Once it is over, the run goes (nobody to check in this database).
    expect(await verifyAccounts(ctx, province, { adapter: noInquiry })).toMatchObject({ runId: expect.any(String) });
  });

  it('a route counter counts in the database, one window at a time', async () => {
    const key = 'POST /api/test|203.0.113.9';
    expect(await readRequestCount(ctx.db.orm, key)).toEqual({ hits: 0, ttlMs: 0 });
    const counts = [];
    for (let request = 0; request < 3; request++) counts.push(await countRequest(ctx.db.orm, key, 60_000));
    expect(counts.map((count) => count.hits)).toEqual([1, 2, 3]);
    expect(counts[2]!.ttlMs).toBeGreaterThan(50_000);
    expect(counts[2]!.ttlMs).toBeLessThanOrEqual(60_000);
    expect((await readRequestCount(ctx.db.orm, key)).hits).toBe(3);
    // A window that ended starts again at 1.
    const short = 'POST /api/test|203.0.113.10';
    await countRequest(ctx.db.orm, short, 30);
    await countRequest(ctx.db.orm, short, 30);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await countRequest(ctx.db.orm, short, 30)).hits).toBe(1);
  });

  it('two apps on one database share the rate limit of a route, per client address', async () => {
    const [a, b] = [await buildApp(ctx, { logger: false, serveWeb: false }), await buildApp(ctx, { logger: false, serveWeb: false })];
    try {
      const ask = (app: typeof a, ip: string) =>
        app.inject({ method: 'POST', url: '/api/public/self-service/code', payload: { personalId: '001099999999', birthDate: '01/01/1999' }, remoteAddress: ip });
      const statuses = [];
      for (const app of [a, a, a, b, b]) statuses.push((await ask(app, '198.51.100.7')).statusCode);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      // The sixth request of the minute is refused by either app, whichever answered the five.
      const sixth = await ask(b, '198.51.100.7');
      expect(sixth.statusCode).toBe(429);
      expect(sixth.json()).toMatchObject({ code: 'RATE_LIMITED' });
      expect((await ask(a, '198.51.100.7')).statusCode).toBe(429);
      // Another address has its own allowance.
      expect((await ask(a, '198.51.100.8')).statusCode).toBe(200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("a code's tries are counted before they are compared: parallel guesses share the five tries, and a code is used once", async () => {
    const officer = await createTestUser(ctx, { username: 'canbo.ss', role: 'officer', unitCode: '23293' });
    await importApproved(ctx, officer, { path: writeTemplateCsv(join(tempDir(), 'p.csv'), [selfServicePerson]), dryRun: false });
    const identity = { personalId: selfServicePerson.so_dinh_danh!, birthDate: '07/07/1950' };
    await requestCode(ctx, { ...identity, requestId: 'two-servers' });
    const sent = await queryOne<{ body: string }>(ctx.db.orm, sql`SELECT body FROM notifications WHERE purpose = 'self_service.code' ORDER BY id DESC LIMIT 1`);
    const code = /(\d{6})/.exec(sent!.body)![1]!;
    const wrong = code === '000000' ? '000001' : '000000';
    // Ten wrong guesses at once (two servers answering), then the right code: no try is left.
    const guesses = await Promise.allSettled(Array.from({ length: 10 }, () => verifySelfServiceCode(ctx, { ...identity, code: wrong })));
    expect(guesses.every((guess) => guess.status === 'rejected')).toBe(true);
    const tries = await queryOne<{ attempts: number }>(ctx.db.orm, sql`SELECT attempts FROM self_service_codes ORDER BY id DESC LIMIT 1`);
    expect(tries).toEqual({ attempts: 5 });
    await expect(verifySelfServiceCode(ctx, { ...identity, code })).rejects.toMatchObject({ code: 'CODE_INVALID' });

    // A fresh code, used by two requests at once: one of them only.
    await requestCode(ctx, { ...identity, requestId: 'two-servers-2' });
    const second = await queryOne<{ body: string }>(ctx.db.orm, sql`SELECT body FROM notifications WHERE purpose = 'self_service.code' ORDER BY id DESC LIMIT 1`);
    const fresh = /(\d{6})/.exec(second!.body)![1]!;
    const uses = await Promise.allSettled([verifySelfServiceCode(ctx, { ...identity, code: fresh }), verifySelfServiceCode(ctx, { ...identity, code: fresh })]);
    expect(uses.map((use) => use.status).sort()).toEqual(['fulfilled', 'rejected']);
    // At most three codes an hour per person, however many requests arrive at once.
    await Promise.all(Array.from({ length: 4 }, (_, index) => requestCode(ctx, { ...identity, requestId: `two-servers-burst-${index}` })));
    const codes = await queryOne<{ count: number }>(ctx.db.orm, sql`SELECT count(*)::int AS count FROM self_service_codes`);
    expect(codes).toEqual({ count: 3 });
  });
});

// ─── Two server processes on one PostgreSQL database ─────────────────────────────────────────────

const testDatabaseUrl = process.env.TEST_DATABASE_URL;
const serverEntry = join(rootDir, 'test/helpers/asxh-server.ts');
const clock = () => new Date('2024-07-05T03:00:00Z');
const serverStartMsMax = 120_000;
const waitMsMax = 60_000;

interface ServerProcess {
  label: 'a' | 'b';
  url: string;
  child: ChildProcess;
  output: () => string;
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** `node --import tsx src/main.ts` with its own data folder; resolves with the URL it prints once it listens. */
function startServerProcess(label: 'a' | 'b', env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', serverEntry], { cwd: rootDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server ${label} did not start in ${serverStartMsMax} ms:\n${output}`));
    }, serverStartMsMax);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /đang chạy tại (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ label, url: match[1]!.replace('localhost', '127.0.0.1'), child, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server ${label} exited (${code ?? signal}) before it listened:\n${output}`));
    });
  });
}

/** SIGTERM, as an operator stops it: the server finishes its work and writes a last checkpoint. */
function stopServerProcess(server: ServerProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve(server.child.exitCode);
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 30_000);
    server.child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    server.child.kill('SIGTERM');
  });
}

/** A small HTTP client of one server, with the session cookie it was given. */
function client(server: ServerProcess) {
  return async (method: 'GET' | 'POST', path: string, options: { body?: unknown; cookie?: string } = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...(options.cookie ? { cookie: options.cookie } : {}) },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    const cookie = response.headers.getSetCookie().map((line) => line.split(';')[0]!).find((pair) => pair.startsWith(`${sessionCookieName}=`));
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> & { code?: string }, cookie };
  };
}

/** Waits until `done` holds (bounded). */
async function eventually(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + waitMsMax;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${waitMsMax} ms`);
    await pause(100);
  }
}

/** The submission requests of the providers' protocols (not status queries, reports or confirmations). */
const submissionPaths = new Set(['/h2h/pain001', '/disburse', '/cash-lists']);

describe.skipIf(!onPostgres)('two server processes on one PostgreSQL database', () => {
  let database: { name: string; url: string };
  let db: Database;
  let ctx: AppContext;
  let fixture: FundedCycle;
  let simulators: Simulators;
  let sms: SmsSimulator;
  /** Between the servers and the simulators: what was really sent. */
  let providerProxies: Record<'bank' | 'wallet' | 'postal', RecordingProxy>;
  let smsProxy: RecordingProxy;
  /** In front of both servers: the providers' callbacks go to A and B in turn. */
  let callbackProxy: RecordingProxy;
  let servers: ServerProcess[] = [];
  let auditDir: string;
  let officerCookie: string;
  const sendReports: SendReport[] = [];

  beforeAll(async () => {
    database = await createTemplateCopy(testDatabaseUrl!, 'two');
    db = await openPostgres(database.url, 4);
    // One audit folder for both servers (their checkpoints in one file), with the key of the chain.
    auditDir = tempDir('asxh-two-servers-audit-');
    if (!process.env.ASXH_AUDIT_KEY) {
      const ownDir = loadConfig({}).auditDir;
      loadAuditKey({ auditKey: undefined, auditDir: ownDir });
      copyFileSync(join(ownDir, auditKeyFileName), join(auditDir, auditKeyFileName));
      chmodSync(join(auditDir, auditKeyFileName), 0o600);
    }
    ctx = createContext(db, { ...loadConfig({}), demo: false, auditDir }, clock);
    fixture = await createFundedCycle(ctx);

    // A submission takes 400 ms at the bank and the post office: the two servers' sends overlap.
    // The wallet calls back seven times per batch (a header-only "pdng", the partial and final
    // statuses, a late stale "pdng", each but the first delivered twice).
    simulators = await startSimulators({
      bank: { config: { processingMs: 400 } },
      postal: { config: { processingMs: 400 } },
      wallet: { config: { callbackDelayMs: 300, headerOnlyPending: true, partialAcceptance: true, duplicateRate: 1, lateCallbackRate: 1, lateCallbackMs: 200 } },
    });
    const proxyTo = (target: string, label: string) => startRecordingProxy(() => ({ target, label }));
    providerProxies = { bank: await proxyTo(simulators.bank.url, 'bank'), wallet: await proxyTo(simulators.wallet.url, 'wallet'), postal: await proxyTo(simulators.postal.url, 'postal') };
    let turn = 0;
    callbackProxy = await startRecordingProxy((path) => {
      const server = servers[turn++ % servers.length]!;
      return { target: server.url, path, label: server.label };
    });
    const proxied = { ...simulators, bank: { ...simulators.bank, url: providerProxies.bank.url }, wallet: { ...simulators.wallet, url: providerProxies.wallet.url }, postal: { ...simulators.postal, url: providerProxies.postal.url } };
    await connectEndpoints(ctx, fixture.admin, proxied, callbackProxy.url);

    // Each server sends SMS under its own path of the proxy (/a/v1/sms, /b/v1/sms): who sent what.
    sms = await startSmsSimulator({ port: 0 });
    smsProxy = await startRecordingProxy((path) => {
      const [, label = '', ...rest] = path.split('/');
      return { target: sms.url, path: `/${rest.join('/')}`, label };
    }, { delayMs: 20 });

    const secretKey = currentSecretKey(loadConfig({})).key.toString('base64');
    const environment = (label: 'a' | 'b'): NodeJS.ProcessEnv => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: database.url,
        PORT: '0',
        HOST: '127.0.0.1',
        ASXH_DEMO: '0',
        ASXH_LOG_LEVEL: 'error',
        ASXH_DATA_DIR: tempDir(`asxh-two-servers-${label}-`),
        ASXH_AUDIT_DIR: auditDir,
        ASXH_SECRET_KEY: secretKey,
        ASXH_SMS_URL: `${smsProxy.url}/${label}`,
        ASXH_SMS_DISPATCH_SECONDS: '1',
        ASXH_AUDIT_CHECKPOINT_SECONDS: '2',
        ASXH_COOKIE_SECURE: 'never',
      };
      for (const name of ['NODE_OPTIONS', 'ASXH_CRASH_AT', 'TEST_DATABASE_URL']) delete env[name];
      return env;
    };
    // Both at once: one prepares the database (migrations, reference data) while the other waits.
    servers = await Promise.all([startServerProcess('a', environment('a')), startServerProcess('b', environment('b'))]);
  }, serverStartMsMax + 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => stopServerProcess(server)));
    await Promise.all([...Object.values(providerProxies ?? {}), smsProxy, callbackProxy].filter(Boolean).map((proxy) => proxy.close()));
    await sms?.close();
    await simulators?.close();
    await db?.close();
    if (database) await dropDatabaseWhenIdle(testDatabaseUrl!, database.name);
  });

  const server = (label: 'a' | 'b') => client(servers.find((candidate) => candidate.label === label)!);

  it('a login on A is a session on B; a logout on B ends it on A', async () => {
    const login = await server('a')('POST', '/api/v1/auth/login', { body: { username: 'canbo', password: testPassword } });
    expect(login.status).toBe(200);
    const cookie = login.cookie!;
    const onB = await server('b')('GET', '/api/v1/auth/me', { cookie });
    expect(onB.status).toBe(200);
    expect(onB.body).toMatchObject({ user: { username: 'canbo' } });
    expect((await server('b')('POST', '/api/v1/auth/logout', { cookie })).status).toBe(204);
    expect((await server('a')('GET', '/api/v1/auth/me', { cookie })).status).toBe(401);
    // The officer's session for what follows, opened on B and used on both.
    officerCookie = (await server('b')('POST', '/api/v1/auth/login', { body: { username: 'canbo', password: testPassword } })).cookie!;
    expect((await server('a')('GET', '/api/v1/auth/me', { cookie: officerCookie })).status).toBe(200);
  });

  it('the limits count across both: the self-service route per address, the login failures per account', async () => {
    const ask = (label: 'a' | 'b') => server(label)('POST', '/api/public/self-service/code', { body: { personalId: '001099999999', birthDate: '01/01/1999' } });
    const statuses = [];
    for (const label of ['a', 'b', 'a', 'b', 'a'] as const) statuses.push((await ask(label)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const sixth = await ask('b');
    expect([sixth.status, sixth.body.code]).toEqual([429, 'RATE_LIMITED']);

    // The approver logs in once from this address (it becomes theirs), then fails five times, on A and B in turn: locked on both.
    const login = (label: 'a' | 'b', password: string) => server(label)('POST', '/api/v1/auth/login', { body: { username: 'duyet', password } });
    expect((await login('a', testPassword)).status).toBe(200);
    const failures = [];
    for (const label of ['b', 'a', 'b', 'a', 'b'] as const) failures.push((await login(label, 'wrong-password')).body.code);
    expect(failures).toEqual(['AUTH_INVALID_CREDENTIALS', 'AUTH_INVALID_CREDENTIALS', 'AUTH_INVALID_CREDENTIALS', 'AUTH_INVALID_CREDENTIALS', 'AUTH_LOCKED']);
    const locked = await login('a', testPassword);
    expect([locked.status, locked.body.code]).toEqual([423, 'AUTH_LOCKED']);
  });

  it('both asked at the same moment to send the same funded cycle: each payment is sent to its provider once', async () => {
    const path = `/api/v1/disbursement/cycles/${fixture.cycleId}/send`;
    const answers = await Promise.all([server('a')('POST', path, { cookie: officerCookie, body: {} }), server('b')('POST', path, { cookie: officerCookie, body: {} })]);
    for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    sendReports.push(...answers.map((answer) => answer.body as unknown as SendReport));

    // Each batch acknowledged by exactly one of the two; the other found it sent, or being sent.
    const batches = await queryRows<{ id: number; messageId: string }>(db.orm, sql`SELECT id::int AS id, message_id AS "messageId" FROM disbursement_batches WHERE cycle_id = ${fixture.cycleId} ORDER BY id`);
    expect(batches).toHaveLength(3);
    for (const batch of batches) {
      const outcomes = sendReports.map((report) => report.batches.find((result) => result.batchId === batch.id)!);
      expect(outcomes.filter((result) => result.outcome === 'ACKNOWLEDGED'), JSON.stringify(outcomes)).toHaveLength(1);
      for (const other of outcomes.filter((result) => result.outcome !== 'ACKNOWLEDGED')) {
        expect([other.outcome, other.reason ?? null]).toSatisfy(([outcome, reason]: [string, string | null]) => outcome === 'ALREADY_ACKNOWLEDGED' || (outcome === 'SKIPPED' && reason === 'IN_PROGRESS'));
      }
    }
    expect(sendReports.reduce((sum, report) => sum + report.batches.reduce((requests, result) => requests + result.requests, 0), 0)).toBe(3);

    // What the providers received: one submission per batch, each payment in exactly one of them.
    const submissions = Object.values(providerProxies).flatMap((proxy) => proxy.requests.filter((request) => request.method === 'POST' && submissionPaths.has(request.path)));
    expect(submissions).toHaveLength(3);
    const items = await itemStates(ctx, fixture.cycleId);
    expect(items).toHaveLength(11);
    const sentIn = Object.fromEntries(items.map((item) => [item.endToEndId, submissions.filter((request) => request.body.includes(item.endToEndId)).length]));
    expect(Object.values(sentIn)).toEqual(items.map(() => 1));
    for (const simulator of simulators.all) {
      const stats = simulator.stats();
      expect(Object.values(stats.processed)).toEqual([1]);
      expect({ duplicates: stats.duplicates, replays: stats.replays, conflicts: stats.conflicts }).toEqual({ duplicates: 0, replays: 0, conflicts: 0 });
      expect(Math.max(...Object.values(stats.payouts), 0)).toBeLessThanOrEqual(1);
    }
    const attempts = await queryRows<{ state: string; count: number }>(
      db.orm,
      sql`SELECT a.state, count(*)::int AS count FROM disbursement_attempts a JOIN disbursement_batches b ON b.id = a.batch_id WHERE b.cycle_id = ${fixture.cycleId} GROUP BY a.state`,
    );
    expect(attempts).toEqual([{ state: 'ACKNOWLEDGED', count: 3 }]);
  });

  it("the wallet's callbacks, delivered to A and B in turn, are each applied once", async () => {
    await simulators.wallet.idle();
    const callbacks = callbackProxy.requests.filter((request) => request.path.startsWith('/api/v1/callbacks/g2p/'));
    expect(simulators.wallet.stats().callbacks).toMatchObject({ failed: 0 });
    // Both servers received some, and answered every one (a 409 while the ACK was being recorded is retried by the provider).
    expect(new Set(callbacks.map((request) => request.label))).toEqual(new Set(['a', 'b']));
    expect(callbacks.filter((request) => request.status === 200).length).toBe(simulators.wallet.stats().callbacks.delivered);
    // Each message with statuses was ingested once, whichever server received it and however often.
    const messageIds = new Set(callbacks.map((request) => (JSON.parse(request.body) as { header: { message_id: string } }).header.message_id));
    const ingested = await queryRows<{ messageKey: string; events: number }>(
      db.orm,
      sql`SELECT after->>'messageKey' AS "messageKey", count(*)::int AS events FROM audit_events
          WHERE action = 'disbursement.results_ingested' AND after->>'source' = 'callback' GROUP BY 1 ORDER BY 1`,
    );
    expect(ingested.length).toBeGreaterThanOrEqual(2);
    expect(ingested.every((row) => row.events === 1)).toBe(true);
    for (const row of ingested) expect(messageIds.has(row.messageKey.split(':').slice(1).join(':'))).toBe(true);
    const wallet = (await itemStates(ctx, fixture.cycleId)).filter((item) => item.providerCode === '971005');
    expect(wallet.every((item) => item.isFinal)).toBe(true);
  });

  it('polled by both at once, the results are applied once and the ledger balances', async () => {
    const path = `/api/v1/disbursement/cycles/${fixture.cycleId}/poll`;
    await eventually('every item final', async () => {
      const answers = await Promise.all([server('a')('POST', path, { cookie: officerCookie }), server('b')('POST', path, { cookie: officerCookie })]);
      for (const answer of answers) expect(answer.status, `${JSON.stringify(answer.body)}\n${servers.map((running) => running.output()).join('\n')}`).toBe(200);
      return answers.every((answer) => (answer.body as unknown as PollReport).openItems === 0);
    });
    const items = await itemStates(ctx, fixture.cycleId);
    expect(items.every((item) => item.isFinal)).toBe(true);
    const twice = await queryRows<{ messageKey: string }>(
      db.orm,
      sql`SELECT after->>'messageKey' AS "messageKey" FROM audit_events WHERE action = 'disbursement.results_ingested' GROUP BY after->>'source', after->>'messageKey' HAVING count(*) > 1`,
    );
    expect(twice).toEqual([]);
    const ledger = await checkLedger(db.orm, fixture.cycleId);
    expect(ledger.problems).toEqual([]);
    expect(ledger.ok).toBe(true);
  });

  it('both dispatchers running: each SMS of the outbox is sent once', async () => {
    const officer: Actor = fixture.officer;
    await db.orm.transaction(async (tx) => {
      for (let index = 0; index < 150; index++) {
        await enqueueSms(tx, { phone: `0389${String(100_000 + index)}`, body: `ASXH: tin thu ${index}`, purpose: 'test.two_servers', entityType: 'test', entityId: `${officer.username}-${index}` });
      }
    });
    await eventually('the outbox sent', async () => (await queryOne<{ pending: number }>(db.orm, sql`SELECT count(*)::int AS pending FROM notifications WHERE status = 'PENDING'`))!.pending === 0);
    const outbox = await queryRows<{ id: string; status: string }>(db.orm, sql`SELECT id::text AS id, status FROM notifications ORDER BY id`);
    expect(outbox.filter((row) => row.status !== 'SENT')).toEqual([]);
    const posts = smsProxy.requests.filter((request) => request.method === 'POST' && request.path === '/v1/sms');
    const byKey = new Map<string, number>();
    for (const request of posts) byKey.set(String(request.headers['idempotency-key']), (byKey.get(String(request.headers['idempotency-key'])) ?? 0) + 1);
    expect([...byKey.values()].filter((count) => count > 1)).toEqual([]);
    expect([...byKey.keys()].sort()).toEqual(outbox.map((row) => `asxh-notification-${row.id}`).sort());
    expect(sms.messages()).toHaveLength(outbox.length);
    // Both servers' dispatchers took part.
    expect(new Set(posts.map((request) => request.label))).toEqual(new Set(['a', 'b']));
  });

  it('stopped, they leave one audit chain that verifies, with both servers’ checkpoints in one file', async () => {
    const codes = await Promise.all(servers.map((running) => stopServerProcess(running)));
    expect(codes, servers.map((running) => running.output()).join('\n')).toEqual([0, 0]);
    const verified = await verifyAuditTrail({ db, config: { ...ctx.config, auditDir } });
    expect(verified.findings).toEqual([]);
    expect(verified).toMatchObject({ ok: true, status: 'ok' });
    expect(verified.checkpoints).toMatchObject({ badSignature: 0, unknownKey: 0, malformed: 0, otherChains: 0 });
    // Each server's start and stop, and the money events between: all of this one chain.
    expect(verified.checkpoints!.ofThisChain).toBeGreaterThanOrEqual(4);
    expect(verified.checkpoint?.matched).toBe(true);
  });
});
