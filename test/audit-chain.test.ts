/**
 * Issue 18, item 5: an audit trail that detects deletion. Each scenario is an attack by someone who
 * can run SQL as a superuser (triggers off), without the audit key: deleting the newest events,
 * rewriting an event and recomputing the old unkeyed hashes, swapping events, deleting one in the
 * middle. `asxh audit verify` names each with its first affected sequence; the key is never in the
 * database; checkpoints are written outside it, after money events and on a timer.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commandNamed } from '../src/app/commands.js';
import { loadConfig } from '../src/config.js';
import { rootDir } from '../src/core/paths.js';
import { openPglite, queryOne, queryRows, type Executor } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { recordAudit, startAuditTrail, verifyAuditChain, verifyAuditTrail, type AuditTrail } from '../src/modules/audit/audit.service.js';
import { auditKeyFileName, deriveAuditKeys, loadAuditKey } from '../src/modules/audit/chain-key.js';
import { checkpointFileName, readCheckpoints, type Checkpoint } from '../src/modules/audit/checkpoints.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { onPostgres } from './helpers/db.js';
import { tempDir } from './helpers/files.js';

const run = promisify(execFile);

/** A test context whose audit folder (checkpoints) is its own. */
async function auditedContext(): Promise<TestContext> {
  const ctx = await createTestContext();
  return { ...ctx, config: { ...ctx.config, auditDir: tempDir('asxh-audit-') } };
}

async function tamper(executor: Executor, ...statements: ReturnType<typeof sql>[]): Promise<void> {
  await executor.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`);
  try {
    for (const statement of statements) await executor.execute(statement);
  } finally {
    await executor.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`);
  }
}

/** Swaps the sequence numbers of two events. */
const swapSeqs = (a: number, b: number) => [
  sql`UPDATE audit_events SET seq = -1 WHERE seq = ${a}`,
  sql`UPDATE audit_events SET seq = ${a} WHERE seq = ${b}`,
  sql`UPDATE audit_events SET seq = ${b} WHERE seq = -1`,
];

async function recordEvents(ctx: TestContext, actor: Actor, count: number, action = 'test.event'): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < count; i++) {
    await recordAudit(ctx.db.orm, actor, { action, entityType: 'test', entityId: i, after: { i, note: `sự kiện ${i}` } });
    seqs.push(await headSeq(ctx));
  }
  return seqs;
}

async function headSeq(ctx: TestContext): Promise<number> {
  const row = await queryOne<{ seq: number }>(ctx.db.orm, sql`SELECT max(seq)::int AS seq FROM audit_events`);
  return row!.seq;
}

function checkpointLines(ctx: TestContext): Checkpoint[] {
  return readCheckpoints(ctx.config.auditDir).checkpoints;
}

/** Turns every event into an unkeyed one with its SHA-256 chain, as a database older than migration 0029 holds them. */
const unkeyAll = `DO $$
  DECLARE r record; previous text := repeat('0', 64);
  BEGIN
    FOR r IN SELECT seq FROM audit_events ORDER BY seq LOOP
      UPDATE audit_events SET chain = 1, key_id = NULL, prev_hash = previous WHERE seq = r.seq;
      UPDATE audit_events SET hash = audit_event_hash(prev_hash, seq, at, actor_user_id, actor, action, entity_type,
                                                     entity_id, unit_code, before, after, request_id)
      WHERE seq = r.seq RETURNING hash INTO previous;
    END LOOP;
  END $$`;

describe('the keyed audit chain', () => {
  const contexts: TestContext[] = [];
  const trails: AuditTrail[] = [];
  const fresh = async () => {
    const ctx = await auditedContext();
    contexts.push(ctx);
    const actor = await createTestUser(ctx, { username: 'quantri', role: 'admin' });
    return { ctx, actor };
  };
  const openTrail = async (ctx: TestContext, intervalMs = 0) => {
    const trail = await startAuditTrail(ctx, { intervalMs });
    trails.push(trail);
    return trail;
  };
  afterEach(async () => {
    for (const trail of trails.splice(0)) await trail.stop();
  });
  afterAll(async () => {
    for (const ctx of contexts) await ctx.close();
  });

  it('a clean chain with its checkpoint is ok; the head and the checkpoint are reported', async () => {
    const { ctx, actor } = await fresh();
    await recordEvents(ctx, actor, 3);
    const trail = await openTrail(ctx);
    await trail.checkpoint();
    const head = await headSeq(ctx);
    const result = await verifyAuditTrail(ctx);
    expect(result).toMatchObject({ ok: true, status: 'ok', findings: [], head: { seq: head }, checkpoint: { seq: head, matched: true } });
    expect(result.head!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.keyedFrom).toBe(1);
    expect(result.checkpoints).toMatchObject({ ofThisChain: 1, otherChains: 0, badSignature: 0 });
    // Every event of the test database is keyed, and sealed with the key's public identifier.
    const rows = await queryRows<{ chain: number; keys: number; unsealed: number }>(
      ctx.db.orm,
      sql`SELECT min(chain)::int AS chain, count(DISTINCT key_id)::int AS keys, count(*) FILTER (WHERE hash = '')::int AS unsealed FROM audit_events`,
    );
    expect(rows[0]).toEqual({ chain: 2, keys: 1, unsealed: 0 });
  });

  it('TRUNCATED: the last events deleted are reported from the first missing sequence, also when new events reuse the numbers', async () => {
    const { ctx, actor } = await fresh();
    const seqs = await recordEvents(ctx, actor, 6);
    const trail = await openTrail(ctx);
    await trail.checkpoint();
    const firstDeleted = seqs[3]!;
    await tamper(ctx.db.orm, sql`DELETE FROM audit_events WHERE seq >= ${firstDeleted}`);
    // What is left verifies on its own: only the checkpoint outside the database shows the deletion.
    expect(await verifyAuditChain(ctx.db.orm)).toMatchObject({ ok: true });
    const truncated = await verifyAuditTrail(ctx);
    expect(truncated).toMatchObject({ ok: false, status: 'TRUNCATED', findings: [{ kind: 'TRUNCATED', seq: firstDeleted }], brokenAt: firstDeleted });
    expect(truncated.head!.seq).toBe(firstDeleted - 1);
    expect(truncated.checkpoint).toMatchObject({ seq: seqs[5], matched: false });

    // The application goes on writing: the deleted numbers are used again, by events after the checkpoint.
    await recordEvents(ctx, actor, 4, 'test.after');
    const reused = await verifyAuditTrail(ctx);
    expect(reused.findings).toEqual([expect.objectContaining({ kind: 'TRUNCATED', seq: firstDeleted })]);
  });

  it('REWRITTEN: an event rewritten with its old-style (unkeyed) hash recomputed, and every later one, is reported at that sequence', async () => {
    const { ctx, actor } = await fresh();
    const seqs = await recordEvents(ctx, actor, 5);
    const target = seqs[1]!;
    // The attacker rewrites the payload and recomputes the SHA-256 chain from there to the head, as
    // migration 0001 would have: the unkeyed verification would find nothing.
    await tamper(
      ctx.db.orm,
      sql.raw(`DO $$
        DECLARE r record; previous text;
        BEGIN
          UPDATE audit_events SET after = '{"i": 1, "note": "đã sửa"}' WHERE seq = ${target};
          FOR r IN SELECT seq FROM audit_events WHERE seq >= ${target} ORDER BY seq LOOP
            IF previous IS NOT NULL THEN UPDATE audit_events SET prev_hash = previous WHERE seq = r.seq; END IF;
            UPDATE audit_events SET hash = audit_event_hash(prev_hash, seq, at, actor_user_id, actor, action, entity_type,
                                                           entity_id, unit_code, before, after, request_id)
            WHERE seq = r.seq RETURNING hash INTO previous;
          END LOOP;
        END $$`),
    );
    const links = await queryOne<{ broken: number }>(
      ctx.db.orm,
      sql`SELECT count(*)::int AS broken FROM (SELECT prev_hash, lag(hash) OVER (ORDER BY seq) AS expected FROM audit_events) c WHERE prev_hash <> COALESCE(expected, repeat('0', 64))`,
    );
    expect(links!.broken).toBe(0);
    const result = await verifyAuditTrail(ctx);
    expect(result).toMatchObject({ ok: false, status: 'REWRITTEN', findings: [{ kind: 'REWRITTEN', seq: target }], brokenAt: target, reason: 'hash_mismatch' });
  });

  it('REORDERED: two events swapped are reported at the first of them (their sequence numbers, or their contents)', async () => {
    const { ctx, actor } = await fresh();
    const seqs = await recordEvents(ctx, actor, 5);
    const [a, b] = [seqs[1]!, seqs[2]!];
    await tamper(ctx.db.orm, ...swapSeqs(a, b));
    expect(await verifyAuditTrail(ctx)).toMatchObject({ ok: false, status: 'REORDERED', findings: [{ kind: 'REORDERED', seq: a }], brokenAt: a });

    // Put back, then swap everything but the sequence numbers.
    await tamper(ctx.db.orm, ...swapSeqs(a, b));
    expect(await verifyAuditTrail(ctx)).toMatchObject({ ok: true });
    const [c, d] = [seqs[3]!, seqs[4]!];
    await tamper(
      ctx.db.orm,
      sql.raw(`UPDATE audit_events x SET (at, actor_user_id, actor, action, entity_type, entity_id, unit_code, before, after, request_id, prev_hash, hash, key_id) =
                 (y.at, y.actor_user_id, y.actor, y.action, y.entity_type, y.entity_id, y.unit_code, y.before, y.after, y.request_id, y.prev_hash, y.hash, y.key_id)
               FROM (SELECT * FROM audit_events WHERE seq IN (${c}, ${d})) y
               WHERE x.seq IN (${c}, ${d}) AND y.seq <> x.seq`),
    );
    expect(await verifyAuditTrail(ctx)).toMatchObject({ ok: false, findings: [{ kind: 'REORDERED', seq: c }] });
  });

  it('GAP: an event deleted in the middle is reported at the missing sequence', async () => {
    const { ctx, actor } = await fresh();
    const seqs = await recordEvents(ctx, actor, 4);
    await tamper(ctx.db.orm, sql`DELETE FROM audit_events WHERE seq = ${seqs[1]!}`);
    // brokenAt stays the first stored event that fails (the one after the gap), as before.
    expect(await verifyAuditTrail(ctx)).toMatchObject({ ok: false, status: 'GAP', findings: [{ kind: 'GAP', seq: seqs[1] }], brokenAt: seqs[2], reason: 'missing_event' });
  });

  it('writes a signed checkpoint after a money event, once its transaction committed', async () => {
    const { ctx, actor } = await fresh();
    await openTrail(ctx);
    let fundedSeq = 0;
    await ctx.db.orm.transaction(async (tx) => {
      await recordAudit(tx, actor, { action: 'payroll.funded', entityType: 'payroll_cycle', entityId: 1, after: { status: 'FUNDED' } });
      fundedSeq = (await queryOne<{ seq: number }>(tx, sql`SELECT max(seq)::int AS seq FROM audit_events`))!.seq;
      // The transaction goes on after the event: the checkpoint must wait for its commit.
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    await trails[0]!.checkpointer.idle();
    const lines = checkpointLines(ctx);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ v: 1, seq: fundedSeq, reason: 'money:payroll.funded' });
    expect(lines[0]!.sig).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(ctx.config.auditDir, checkpointFileName)).mode & 0o777).toBe(0o600);
    // An event that moves no money writes none.
    await recordEvents(ctx, actor, 1);
    await trails[0]!.checkpointer.idle();
    expect(checkpointLines(ctx)).toHaveLength(1);

    // A forged line (no key) is counted, not trusted.
    const forged = { ...lines[0]!, seq: lines[0]!.seq + 100 };
    const file = join(ctx.config.auditDir, checkpointFileName);
    await import('node:fs/promises').then((fs) => fs.appendFile(file, `${JSON.stringify(forged)}\n`));
    expect(await verifyAuditTrail(ctx)).toMatchObject({ ok: true, checkpoints: { badSignature: 1, ofThisChain: 1 } });
  });

  it('checkpoints on a timer while the trail is open, only when the head moved; none after stop', async () => {
    const { ctx, actor } = await fresh();
    const trail = await openTrail(ctx, 40);
    await expect.poll(() => checkpointLines(ctx).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await recordEvents(ctx, actor, 2);
    const head = await headSeq(ctx);
    await expect.poll(() => checkpointLines(ctx).some((line) => line.seq === head && line.reason === 'timer'), { timeout: 10_000 }).toBe(true);
    // Idle: the head did not move, the timer writes nothing more.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const idle = checkpointLines(ctx).length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(checkpointLines(ctx).length).toBe(idle);
    await trail.stop({ final: true });
    const stopped = checkpointLines(ctx);
    expect(stopped.at(-1)).toMatchObject({ reason: 'stop', seq: head });
    await recordEvents(ctx, actor, 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(checkpointLines(ctx)).toHaveLength(stopped.length);
  });

  it('never stores the key in the database: not the key, not a derived key, only its public identifier', async () => {
    const { ctx, actor } = await fresh();
    await recordEvents(ctx, actor, 3);
    const environment = loadConfig();
    const material = environment.auditKey ?? readFileSync(join(environment.auditDir, auditKeyFileName), 'utf8').trim();
    const keys = deriveAuditKeys(material, 'test');
    expect(keys.id).toBe(loadAuditKey(environment).id);
    const ids = await queryRows<{ keyId: string }>(ctx.db.orm, sql`SELECT DISTINCT key_id AS "keyId" FROM audit_events`);
    expect(ids).toEqual([{ keyId: keys.id }]);
    const secrets = [material, keys.chain.toString('hex'), keys.checkpoint.toString('hex'), keys.chain.toString('base64')];
    const tables = await queryRows<{ name: string }>(ctx.db.orm, sql`SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`);
    expect(tables.length).toBeGreaterThan(10);
    const found = await queryOne<{ hits: number }>(
      ctx.db.orm,
      sql.join(
        [sql`SELECT (0`, ...tables.map((table) => sql` + (SELECT count(*) FROM ${sql.raw(table.name)} t WHERE ${sql.join(secrets.map((secret) => sql`strpos(t::text, ${secret}) > 0`), sql` OR `)})`), sql`)::int AS hits`],
        sql``,
      ),
    );
    expect(found!.hits).toBe(0);
    const settings = await queryRows<{ setting: string }>(ctx.db.orm, sql`SELECT setting FROM pg_settings WHERE strpos(setting, ${material}) > 0`);
    expect(settings).toEqual([]);
    if (ctx.db.pglite) {
      // The embedded database's files, byte for byte.
      const dump = Buffer.from(await (await ctx.db.pglite.dumpDataDir('none')).arrayBuffer());
      for (const secret of secrets) expect(dump.includes(Buffer.from(secret, 'utf8'))).toBe(false);
      expect(dump.includes(keys.chain)).toBe(false);
    }
  });

  it('an older database: its unkeyed events are verified as before, then keyed from an audit.chain_keyed event that pins them', async () => {
    const { ctx, actor } = await fresh();
    await recordEvents(ctx, actor, 3);
    // As before migration 0029: every event unkeyed, its SHA-256 hash chained.
    await tamper(ctx.db.orm, sql.raw(unkeyAll));
    const legacyHead = await headSeq(ctx);
    expect(await verifyAuditChain(ctx.db.orm)).toMatchObject({ ok: true, keyedFrom: null });
    // The server's start keys it at once, and says so in the trail.
    await openTrail(ctx);
    const keyed = await queryRows<{ seq: number; action: string; chain: number; after: unknown }>(
      ctx.db.orm,
      sql`SELECT seq::int AS seq, action, chain::int AS chain, after FROM audit_events WHERE seq > ${legacyHead} ORDER BY seq`,
    );
    expect(keyed).toEqual([{ seq: legacyHead + 1, action: 'audit.chain_keyed', chain: 2, after: expect.objectContaining({ keyedFrom: legacyHead + 1, unkeyedEvents: legacyHead }) }]);
    await recordEvents(ctx, actor, 2);
    expect(await verifyAuditTrail(ctx)).toMatchObject({ ok: true, keyedFrom: legacyHead + 1 });

    // Rewriting an unkeyed event and recomputing the unkeyed hashes after it breaks the link the keyed event holds.
    await tamper(
      ctx.db.orm,
      sql.raw(`DO $$
        DECLARE r record; previous text;
        BEGIN
          UPDATE audit_events SET actor = 'mallory' WHERE seq = 2;
          FOR r IN SELECT seq FROM audit_events WHERE seq >= 2 AND chain = 1 ORDER BY seq LOOP
            IF previous IS NOT NULL THEN UPDATE audit_events SET prev_hash = previous WHERE seq = r.seq; END IF;
            UPDATE audit_events SET hash = audit_event_hash(prev_hash, seq, at, actor_user_id, actor, action, entity_type,
                                                           entity_id, unit_code, before, after, request_id)
            WHERE seq = r.seq RETURNING hash INTO previous;
          END LOOP;
        END $$`),
    );
    expect(await verifyAuditChain(ctx.db.orm)).toMatchObject({ ok: false, findings: [{ kind: 'REWRITTEN', seq: legacyHead + 1 }] });
  });

  it('an older database changed before any server start: its first keyed event is followed by audit.chain_keyed', async () => {
    const { ctx, actor } = await fresh();
    await tamper(ctx.db.orm, sql.raw(unkeyAll));
    const legacyHead = await headSeq(ctx);
    await recordEvents(ctx, actor, 1);
    const keyed = await queryRows<{ seq: number; action: string; after: unknown }>(ctx.db.orm, sql`SELECT seq::int AS seq, action, after FROM audit_events WHERE chain = 2 ORDER BY seq`);
    expect(keyed).toEqual([
      { seq: legacyHead + 1, action: 'test.event', after: expect.anything() },
      { seq: legacyHead + 2, action: 'audit.chain_keyed', after: expect.objectContaining({ keyedFrom: legacyHead + 1, unkeyedEvents: legacyHead }) },
    ]);
    expect(await verifyAuditChain(ctx.db.orm)).toMatchObject({ ok: true, keyedFrom: legacyHead + 1 });
  });

  it('refuses to commit an unsealed event and any change but the seal', async () => {
    const { ctx, actor } = await fresh();
    await expect(
      ctx.db.orm.execute(sql`INSERT INTO audit_events (actor, action, entity_type, prev_hash, hash) VALUES ('mallory', 'test.forged', 'test', '', '')`),
    ).rejects.toThrow();
    const [seq] = await recordEvents(ctx, actor, 1);
    await expect(ctx.db.orm.execute(sql`UPDATE audit_events SET hash = repeat('a', 64) WHERE seq = ${seq!}`)).rejects.toThrow();
    expect(await verifyAuditTrail(ctx)).toMatchObject({ ok: true });
  });
});

describe('asxh audit verify over the API and the CLI', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await auditedContext();
  });
  afterAll(async () => ctx.close());

  it('the auditor gets the report; an officer is refused; a damaged trail answers ok: false with its findings', async () => {
    const app = await createTestApp(ctx);
    const admin = await createTestUser(ctx, { username: 'quantri', role: 'admin' });
    await createTestUser(ctx, { username: 'kiemtoan', role: 'auditor' });
    await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    const auditor = await loginCookie(app, 'kiemtoan');
    const officer = await loginCookie(app, 'canbo');
    const clean = await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: { cookie: auditor } });
    expect(clean.statusCode).toBe(200);
    expect(json(clean)).toMatchObject({ ok: true, status: 'ok', findings: [] });
    expect((await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: { cookie: officer } })).statusCode).toBe(403);

    const seqs = [];
    for (let i = 0; i < 3; i++) {
      await recordAudit(ctx.db.orm, admin, { action: 'test.event', entityType: 'test', entityId: i });
      seqs.push(await headSeq(ctx));
    }
    await tamper(ctx.db.orm, sql`DELETE FROM audit_events WHERE seq = ${seqs[1]!}`);
    const command = await app.inject({ method: 'POST', url: '/api/v1/commands/audit.verify', headers: { cookie: auditor }, payload: {} });
    expect(command.statusCode).toBe(200);
    expect(json(command)).toMatchObject({ ok: false, status: 'GAP', findings: [{ kind: 'GAP', seq: seqs[1] }] });
    // The CLI prints the same report and exits with 1.
    expect(commandNamed('audit.verify')!.failed!(json(command))).toBe(true);
    expect(commandNamed('audit.verify')!.failed!(json(clean))).toBe(false);
    await app.close();
  });

  it.skipIf(onPostgres)('the real asxh exits with 1 on a damaged trail (embedded database)', async () => {
    const dataDir = tempDir('asxh-audit-cli-');
    const asxh = async (...args: string[]) => {
      try {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', join(rootDir, 'test/helpers/asxh-cli.ts'), ...args], {
          cwd: rootDir,
          env: { ...process.env, ASXH_DATA_DIR: dataDir, ASXH_AUDIT_DIR: '', ASXH_AUDIT_KEY: '', DATABASE_URL: '', ASXH_DEMO: '0' },
          timeout: 120_000,
        });
        return { stdout, code: 0 };
      } catch (error) {
        const failed = error as { stdout?: string; code?: number };
        return { stdout: failed.stdout ?? '', code: failed.code ?? 1 };
      }
    };
    const first = await asxh('audit', 'verify', '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ ok: true });
    // The key file was made in the data folder, readable by its owner only.
    expect(statSync(join(dataDir, auditKeyFileName)).mode & 0o777).toBe(0o600);
    const db = await openPglite(dataDir);
    try {
      await tamper(db.orm, sql`DELETE FROM audit_events WHERE seq = 2`);
    } finally {
      await db.close();
    }
    const damaged = await asxh('audit', 'verify', '--json');
    expect(damaged.code).toBe(1);
    expect(JSON.parse(damaged.stdout)).toMatchObject({ ok: false, status: 'GAP', findings: [{ kind: 'GAP', seq: 2 }] });
  }, 300_000);
});
