import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createContext, type AppContext } from '../src/app/context.js';
import { dispatch } from '../src/cli/dispatch.js';
import { loadConfig, type Config } from '../src/config.js';
import { isAppError } from '../src/core/errors.js';
import { rootDir } from '../src/core/paths.js';
import { openPostgres, pgliteOptions, queryOne, queryRows, wrapPglite, type Database } from '../src/db/client.js';
import { limits } from '../src/limits.js';
import { recordAudit } from '../src/modules/audit/audit.service.js';
import { pollCycle } from '../src/modules/disbursement/poll.service.js';
import { sendCycle } from '../src/modules/disbursement/send.service.js';
import { createBackup, restoreBackup } from '../src/modules/operations/operations.service.js';
import { startServer } from '../src/server.js';
import { onPostgres } from './helpers/db.js';
import { connectEndpoints, createFundedCycle, itemStates, startSimulators, type FundedCycle } from './helpers/disbursement-fixture.js';
import { tempDir } from './helpers/files.js';
import { databaseUrlFor } from './helpers/pg-url.js';
import { adminDatabase, createTemplateCopy, dropDatabaseWhenIdle } from './helpers/safe-db.js';

/**
 * asxh backup / asxh restore (issue 23, item 5): a funded and paid cycle backed up, restored into
 * a new data folder (PGlite) or another database (PostgreSQL), the audit chain and the ledger
 * verified there, the same counts and sums; damaged, newer or foreign files refused before anything
 * is written; a backup through a server that keeps serving (and writing) while it is taken.
 */

interface RestoreJson {
  ok: boolean;
  kind: string;
  target: string;
  setAside: string | null;
  schema: { backup: number; now: number; applied: string[] };
  matchesBackup: boolean;
  differences: unknown[];
  audit: { ok: boolean; status: string; events: number; head: { seq: number; hash: string } | null; warnings: string[] };
  ledger: { ok: boolean; cycles: number; problems: unknown[] };
  eventsLostSinceBackup: { fromSeq: number; toSeq: number; checkpointLog: string | null } | null;
}

interface BackupJson {
  file: string;
  bytes: number;
  sha256: string;
  kind: string;
  contents: { auditEvents: number; auditHead: { seq: number; hash: string } | null; ledgerEntries: number; ledgerAmountVnd: string; secretKeyIds: string[]; auditKeyIds: string[] };
  keepBeside: string[];
}

/** What must come back the same: people, lines, items by outcome, ledger by kind, audit events. */
async function figures(db: Database): Promise<Record<string, unknown>> {
  return (await queryOne<Record<string, unknown>>(
    db.orm,
    sql`SELECT (SELECT count(*)::int FROM persons) AS persons,
               (SELECT count(*)::int FROM payroll_lines) AS lines,
               (SELECT sum(amount_vnd)::text FROM payroll_lines) AS "linesVnd",
               (SELECT json_object_agg(outcome, n) FROM (SELECT outcome, count(*)::int AS n FROM disbursement_items GROUP BY outcome) o) AS items,
               (SELECT json_object_agg(kind, v) FROM (SELECT kind, sum(amount_vnd)::text AS v FROM ledger_entries GROUP BY kind) l) AS ledger,
               (SELECT count(*)::int FROM audit_events) AS "auditEvents",
               (SELECT count(*)::int FROM secrets) AS secrets`,
  ))!;
}

/** A funded cycle, sent to the simulated providers and their results read: items paid, the ledger moved. */
async function paidCycle(ctx: AppContext): Promise<FundedCycle> {
  const fixture = await createFundedCycle(ctx);
  const simulators = await startSimulators();
  try {
    await connectEndpoints(ctx, fixture.admin, simulators);
    await sendCycle(ctx, fixture.officer, fixture.cycleId, { backoffMsBase: 50, backoffMsMax: 400 });
    await pollCycle(ctx, fixture.officer, fixture.cycleId);
  } finally {
    await simulators.close();
  }
  const outcomes = (await itemStates(ctx, fixture.cycleId)).map((item) => item.outcome);
  expect(outcomes.filter((outcome) => outcome === 'PAID').length).toBeGreaterThan(0);
  return fixture;
}

/** The error code of a promise that must fail. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
  throw new Error('expected an error');
}

/** A configuration of its own: data folder (PGlite, keys, audit checkpoints), no demo, quiet. */
function configAt(dataDir: string, databaseUrl?: string): Config {
  return { ...loadConfig({ ASXH_DATA_DIR: dataDir, PORT: '0', ASXH_DEMO: '0', ASXH_LOG_LEVEL: 'silent' }), databaseUrl, demo: false };
}

/** The keys a restore needs, copied as docs/operations.md says (they are never inside the backup). */
function copyKeys(from: string, to: string): void {
  for (const name of ['audit.key', 'secrets.key']) if (existsSync(join(from, name))) copyFileSync(join(from, name), join(to, name));
}

async function openPgliteAt(dataDir: string): Promise<Database> {
  return wrapPglite(await PGlite.create({ dataDir, ...pgliteOptions }));
}

const run = promisify(execFile);

/** The real `asxh` in a child process, on the embedded database in `dataDir` (as test/cli.test.ts runs it). */
async function asxh(dataDir: string, ...args: string[]): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(rootDir, 'test/helpers/asxh-cli.ts'), ...args], {
      cwd: rootDir,
      env: { ...process.env, ASXH_DATA_DIR: dataDir, DATABASE_URL: '', ASXH_DEMO: '0' },
      timeout: 120_000,
    });
    return { stdout, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; code?: number };
    return { stdout: failed.stdout ?? '', code: failed.code ?? 1 };
  }
}

const restore = (config: Config, file: string, options: { database?: string; force?: boolean } = {}) =>
  dispatch({ name: 'restore', args: { file, ...options } }, config) as Promise<RestoreJson>;

describe.skipIf(onPostgres)('backup and restore on PGlite', () => {
  const sourceDir = tempDir('asxh-backup-source-');
  const files = tempDir('asxh-backup-files-');
  const config = configAt(sourceDir);
  let ctx: AppContext;
  let db: Database;
  let fixture: FundedCycle;
  let before: Record<string, unknown>;
  let backup: BackupJson;

  beforeAll(async () => {
    // The run's migrated template, loaded into a data folder on disk (a server's database).
    const dump = readFileSync(inject('pgliteDump'));
    db = wrapPglite(await PGlite.create({ dataDir: sourceDir, loadDataDir: new Blob([dump]), ...pgliteOptions }));
    // The template's chain is sealed with the test run's audit key: the folder's own key, as on a
    // server, so that the CLI processes below (whose key is their data folder's) hold it too.
    copyFileSync(join(loadConfig().auditDir, 'audit.key'), join(sourceDir, 'audit.key'));
    chmodSync(join(sourceDir, 'audit.key'), 0o600);
    ctx = createContext(db, config, () => new Date('2024-07-05T03:00:00Z'));
    fixture = await paidCycle(ctx);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('backs up a funded and paid cycle into one file with its manifest, and restores it into a new folder where the chain and the ledger verify', async () => {
    before = await figures(db);
    const out = join(files, 'sao-luu.asxhbak');
    backup = (await createBackup(ctx, fixture.admin, { out })) as BackupJson;
    expect(backup).toMatchObject({ file: out, kind: 'pglite', bytes: readFileSync(out).length });
    expect(backup.contents.ledgerEntries).toBeGreaterThan(0);
    expect(backup.contents.secretKeyIds.length).toBeGreaterThan(0);
    expect(backup.keepBeside.join('\n')).toContain('audit.key');
    // The header: the magic line and the manifest; the payload a gzipped tar without the keys.
    const header = readFileSync(out).subarray(0, limits.backupHeaderBytes).toString('utf8');
    expect(header.split('\n')[0]).toBe('ASXH-BACKUP 1');
    const manifest = JSON.parse(header.split('\n')[1]!) as { kind: string; schema: { version: number }; payload: { sha256: string; encoding: string } };
    expect(manifest).toMatchObject({ kind: 'pglite', payload: { sha256: backup.sha256, encoding: 'tar+gzip' } });
    expect(manifest.schema.version).toBeGreaterThan(40);
    const payload = readFileSync(out).subarray(limits.backupHeaderBytes);
    const { gunzipSync } = await import('node:zlib');
    const tar = gunzipSync(payload).toString('latin1');
    expect(tar).toContain('PG_VERSION');
    expect(tar).not.toContain('secrets.key');
    expect(tar).not.toContain('audit.key');
    // The backup is audited (after the copy: the event is not in it).
    const event = await queryOne<{ n: number }>(db.orm, sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'backup.created'`);
    expect(event?.n).toBe(1);
    await expect(codeOf(createBackup(ctx, fixture.admin, { out }))).resolves.toBe('BACKUP_FILE_EXISTS');
    await expect(codeOf(createBackup(ctx, fixture.officer, { out: join(files, 'x.bak') }))).resolves.toBe('FORBIDDEN');

    // Never on a database opened for it (a server's, through its command route): restore runs alone.
    await expect(codeOf(restoreBackup(ctx, fixture.admin, { file: out, force: true }))).resolves.toBe('RESTORE_NOT_ALONE');

    // A new folder without the keys: refused before anything is written.
    const targetDir = tempDir('asxh-backup-target-');
    const target = configAt(targetDir);
    await expect(codeOf(restore(target, out))).resolves.toBe('RESTORE_KEY_MISSING');
    expect(existsSync(join(targetDir, 'PG_VERSION'))).toBe(false);
    copyKeys(sourceDir, targetDir);

    const restored = await restore(target, out);
    expect(restored).toMatchObject({ ok: true, kind: 'pglite', target: targetDir, setAside: null, matchesBackup: true, differences: [], eventsLostSinceBackup: null });
    expect(restored.audit).toMatchObject({ ok: true, status: 'ok', head: backup.contents.auditHead });
    expect(restored.ledger).toMatchObject({ ok: true, problems: [] });
    expect(restored.ledger.cycles).toBeGreaterThan(0);

    const copy = await openPgliteAt(targetDir);
    try {
      // The same people, lines, items and ledger; the audit trail as backed up, plus the restore's event.
      expect({ ...(await figures(copy)), auditEvents: 0 }).toEqual({ ...before, auditEvents: 0 });
      expect((await figures(copy)).auditEvents).toBe((before.auditEvents as number) + 1);
      const actions = await queryRows<{ action: string }>(copy.orm, sql`SELECT action FROM audit_events ORDER BY seq DESC LIMIT 1`);
      expect(actions.map((row) => row.action)).toEqual(['backup.restored']);
    } finally {
      await copy.close();
    }
    // The restored folder is a database now: a second restore is refused.
    await expect(codeOf(restore(target, out))).resolves.toBe('RESTORE_TARGET_NOT_EMPTY');
  });

  it('refuses a damaged, cut, foreign, newer or other-kind file before writing anything', async () => {
    const good = readFileSync(backup.file);
    const write = (name: string, bytes: Buffer) => {
      const path = join(files, name);
      writeFileSync(path, bytes);
      return path;
    };
    const flipped = Buffer.from(good);
    flipped[limits.backupHeaderBytes + 1000] = flipped[limits.backupHeaderBytes + 1000]! ^ 0xff;
    const newerSchema = Buffer.from(good);
    const headerText = newerSchema.subarray(0, limits.backupHeaderBytes).toString('utf8');
    const manifest = JSON.parse(headerText.split('\n')[1]!) as Record<string, unknown>;
    const rewrite = (bytes: Buffer, first: string, changed: Record<string, unknown>) => {
      const text = `${first}\n${JSON.stringify(changed)}\n`;
      bytes.write(text.padEnd(limits.backupHeaderBytes - 1, ' ') + '\n', 0, 'utf8');
      return bytes;
    };
    const cases: [string, Buffer, string][] = [
      ['flipped.bak', flipped, 'BACKUP_DAMAGED'],
      ['cut.bak', good.subarray(0, good.length - 100), 'BACKUP_DAMAGED'],
      ['header-only.bak', good.subarray(0, 1000), 'BACKUP_DAMAGED'],
      ['foreign.bak', Buffer.from('PGDMP not ours'), 'BACKUP_NOT_A_BACKUP'],
      ['newer-format.bak', rewrite(Buffer.from(good), 'ASXH-BACKUP 2', { ...manifest, format: 2 }), 'BACKUP_FORMAT_NEWER'],
      ['newer-schema.bak', rewrite(newerSchema, 'ASXH-BACKUP 1', { ...manifest, schema: { version: 9999, name: '9999_future' } }), 'BACKUP_SCHEMA_NEWER'],
      ['postgres.bak', rewrite(Buffer.from(good), 'ASXH-BACKUP 1', { ...manifest, kind: 'postgres' }), 'BACKUP_KIND_MISMATCH'],
    ];
    for (const [name, bytes, code] of cases) {
      const targetDir = tempDir('asxh-backup-refused-');
      copyKeys(sourceDir, targetDir);
      const keys = readdirSync(targetDir).sort();
      await expect(codeOf(restore(configAt(targetDir), write(name, bytes))), name).resolves.toBe(code);
      expect(readdirSync(targetDir).sort(), `${name}: nothing written`).toEqual(keys);
    }
    await expect(codeOf(restore(configAt(tempDir()), join(files, 'missing.bak')))).resolves.toBe('BACKUP_FILE_MISSING');
  });

  it('backs up through the running server while it serves and writes; restore is refused while the server holds the folder; --force restores into it after', async () => {
    await db.close();
    const server = await startServer(config, () => undefined);
    const out = join(files, 'qua-may-chu.asxhbak');
    const address = server.app.server.address();
    const port = address && typeof address === 'object' ? address.port : 0;
    let writing = true;
    let written = 0;
    let answered = 0;
    // Changes and requests all the while: the server serves them before and after the copy.
    const writer = (async () => {
      while (writing) {
        await recordAudit(server.ctx.db.orm, fixture.admin, { action: 'test.during_backup', entityType: 'test', entityId: written });
        written += 1;
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        if (response.ok) answered += 1;
      }
    })();
    let backupThroughServer: BackupJson;
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const writtenBefore = written;
      // The real CLI, another process: it finds the server in the folder's lock and sends it the command.
      const backedUp = await asxh(sourceDir, 'backup', '--out', out, '--json');
      expect(backedUp.code, backedUp.stdout).toBe(0);
      backupThroughServer = JSON.parse(backedUp.stdout) as BackupJson;
      await new Promise((resolve) => setTimeout(resolve, 200));
      writing = false;
      await writer;
      expect(written).toBeGreaterThan(writtenBefore);
      expect(answered).toBeGreaterThan(0);
      expect(backupThroughServer).toMatchObject({ file: out, kind: 'pglite' });
      // The backup was taken by the server (its audit event is in the server's database).
      const event = await queryOne<{ n: number }>(server.ctx.db.orm, sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'backup.created' AND after->>'file' = ${out}`);
      expect(event?.n).toBe(1);
      // The server holds the folder: restore does not go through it, and refuses, --force or not.
      const refused = await asxh(sourceDir, 'restore', out, '--force', '--json');
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'DATA_DIR_BUSY' } });
    } finally {
      writing = false;
      await writer.catch(() => undefined);
      await server.stop();
    }

    // Into a new folder: exactly the snapshot (its head is the manifest's), chain and ledger whole.
    const targetDir = tempDir('asxh-backup-served-');
    copyKeys(sourceDir, targetDir);
    const restored = await restore(configAt(targetDir), out);
    expect(restored).toMatchObject({ ok: true, matchesBackup: true });
    expect(restored.audit.head).toEqual(backupThroughServer.contents.auditHead);

    // Back into the server's own folder with --force (the real CLI): the database there is moved
    // aside, the events written after the backup are reported lost (the checkpoints recorded them),
    // their checkpoint file kept, and the chain verifies.
    const forced = await asxh(sourceDir, 'restore', out, '--force', '--json');
    expect(forced.code, forced.stdout).toBe(0);
    const again = JSON.parse(forced.stdout) as RestoreJson;
    expect(again.ok).toBe(true);
    expect(again.setAside).toMatch(/\.before-restore-/);
    expect(existsSync(join(again.setAside!, 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(again.setAside!, 'secrets.key'))).toBe(false);
    expect(existsSync(join(sourceDir, 'secrets.key'))).toBe(true);
    expect(again.eventsLostSinceBackup).toMatchObject({ fromSeq: backupThroughServer.contents.auditHead!.seq + 1 });
    expect(again.eventsLostSinceBackup!.toSeq).toBeGreaterThan(backupThroughServer.contents.auditHead!.seq);
    expect(existsSync(again.eventsLostSinceBackup!.checkpointLog!)).toBe(true);
    expect(again.audit).toMatchObject({ ok: true, status: 'ok' });
    // The folder serves again, and asxh audit verify agrees.
    const verified = await asxh(sourceDir, 'audit', 'verify', '--json');
    expect(verified.code, verified.stdout).toBe(0);
    // Without a server the CLI opens the folder itself for a backup (as it is: nothing migrated first);
    // its head is the restore's own event, recorded after the verification.
    const local = await asxh(sourceDir, 'backup', '--out', join(files, 'sans-serveur.asxhbak'), '--json');
    expect(local.code, local.stdout).toBe(0);
    expect(JSON.parse(local.stdout)).toMatchObject({ kind: 'pglite', contents: { auditHead: { seq: again.audit.head!.seq + 1 } } });
    expect(readdirSync(sourceDir).filter((name) => name.startsWith('.')), 'no copy left behind').toEqual([]);
    // Five CLI processes (each starts tsx): 35 s on a quiet machine, past a minute at load 12.
  }, 240_000);
});

describe.skipIf(!onPostgres)('backup and restore on PostgreSQL', () => {
  const url = process.env.TEST_DATABASE_URL!;
  const files = tempDir('asxh-backup-pg-');
  let source: { name: string; url: string };
  let targetName: string;
  let db: Database;
  let ctx: AppContext;
  let fixture: FundedCycle;

  beforeAll(async () => {
    source = await createTemplateCopy(url, 'bk');
    targetName = `${source.name}_restored`;
    db = await openPostgres(source.url, 4);
    ctx = createContext(db, configAt(tempDir('asxh-backup-pg-dir-'), source.url), () => new Date('2024-07-05T03:00:00Z'));
    fixture = await paidCycle(ctx);
  });
  afterAll(async () => {
    await db?.close();
    if (source) await dropDatabaseWhenIdle(url, source.name);
    if (targetName) await dropDatabaseWhenIdle(url, targetName);
  });

  it('dumps a snapshot with pg_dump, restores it into an empty database where the chain and the ledger verify, and refuses a database that is not empty', async () => {
    const out = join(files, 'sao-luu.asxhbak');
    // Changes committed all the while on other connections: pg_dump copies the snapshot the
    // manifest's contents were read in, whatever commits during the dump.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await recordAudit(db.orm, fixture.admin, { action: 'test.during_backup', entityType: 'test', entityId: written });
        written += 1;
      }
    })();
    let backup: BackupJson;
    try {
      backup = (await createBackup(ctx, fixture.admin, { out })) as BackupJson;
    } finally {
      writing = false;
      await writer;
    }
    expect(written).toBeGreaterThan(0);
    expect(backup).toMatchObject({ kind: 'postgres', bytes: readFileSync(out).length });
    const manifest = JSON.parse(readFileSync(out).subarray(0, limits.backupHeaderBytes).toString('utf8').split('\n')[1]!) as { payload: { encoding: string }; database: { tool: string } };
    expect(manifest.payload.encoding).toBe('pg_dump-custom');
    expect(manifest.database.tool).toMatch(/^pg_dump \(PostgreSQL\) \d+/);
    expect(readFileSync(out).subarray(limits.backupHeaderBytes, limits.backupHeaderBytes + 5).toString('latin1')).toBe('PGDMP');

    // Not into the database it came from (not empty), nor a PGlite folder.
    await expect(codeOf(restore(ctx.config, out, { database: source.url }))).resolves.toBe('RESTORE_TARGET_NOT_EMPTY');
    await expect(codeOf(restore(configAt(tempDir()), out))).resolves.toBe('BACKUP_KIND_MISMATCH');
    await expect(codeOf(restore(ctx.config, out, { database: source.url, force: true }))).resolves.toBe('RESTORE_FORCE_PGLITE_ONLY');

    await (await adminDatabase(url)).orm.execute(sql.raw(`CREATE DATABASE ${targetName}`));
    const targetUrl = databaseUrlFor(url, targetName);
    const restored = await restore(ctx.config, out, { database: targetUrl });
    expect(restored).toMatchObject({ ok: true, kind: 'postgres', matchesBackup: true, differences: [] });
    expect(restored.audit).toMatchObject({ ok: true, head: backup.contents.auditHead });
    expect(restored.ledger.ok).toBe(true);

    const copy = await openPostgres(targetUrl, 1);
    try {
      // The same people, lines, items and ledger; the audit events of the snapshot and the restore's.
      const now = await figures(db);
      expect({ ...(await figures(copy)), auditEvents: 0 }).toEqual({ ...now, auditEvents: 0 });
      expect((await figures(copy)).auditEvents).toBe(backup.contents.auditEvents + 1);
    } finally {
      await copy.close();
    }
    await expect(codeOf(restore(ctx.config, out, { database: targetUrl }))).resolves.toBe('RESTORE_TARGET_NOT_EMPTY');
  });
});
