import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, chownSync, chmodSync, createWriteStream, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, type AppContext } from '../src/app/context.js';
import { openPostgres, queryOne, queryRows, type Database } from '../src/db/client.js';
import { openReadReplica } from '../src/db/replica.js';
import { verifyAuditChain } from '../src/modules/audit/audit.service.js';
import { exportBatchFile } from '../src/modules/disbursement/files.service.js';
import { checkLedger } from '../src/modules/disbursement/ledger-check.service.js';
import { reconcileFile } from '../src/modules/disbursement/reconcile.service.js';
import { cycleSettlement } from '../src/modules/disbursement/settlement.service.js';
import { monthlyReport } from '../src/modules/reporting/monthly.service.js';
import { createTestContext, type TestContext } from './helpers/context.js';
import { onPostgres } from './helpers/db.js';
import { bankCode, createFundedCycle, itemStates, type FundedCycle } from './helpers/disbursement-fixture.js';
import { tempDir } from './helpers/files.js';
import { databaseUrlFor } from './helpers/pg-url.js';

/**
 * Issue 23, item 4: a streaming replica of the local PostgreSQL (Debian's, a second cluster on
 * another port made here with `pg_basebackup -R`), the reports read through it, then the replica
 * promoted and the application continuing there with no payment lost or doubled
 * (docs/operations.md, "Replica and failover").
 */
const run = promisify(execFile);
const primaryUrl = process.env.TEST_DATABASE_URL ?? '';

interface Machine {
  bin: string;
  asPostgres: (command: string, args: string[]) => Promise<{ stdout: string; stderr: string }>;
  settings: Record<string, string>;
}

/** Whether this machine can make a second cluster that replicates the test server, or why not. */
async function machine(): Promise<Machine | string> {
  if (!onPostgres) return 'PostgreSQL only (TEST_DATABASE_URL unset: PGlite has no replication)';
  const host = new URL(primaryUrl).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) return `the test server ${host} is not this machine's: the replica is made beside it`;
  const client = new pg.Client({ connectionString: primaryUrl });
  try {
    await client.connect();
    const settings = Object.fromEntries(
      (await client.query<{ name: string; setting: string }>(
        `SELECT name, setting FROM pg_settings WHERE name IN ('server_version_num', 'wal_level', 'max_wal_senders', 'max_connections', 'max_worker_processes', 'max_prepared_transactions', 'max_locks_per_transaction', 'port')`,
      )).rows.map((row) => [row.name, row.setting]),
    ) as Record<string, string>;
    if (!['replica', 'logical'].includes(settings.wal_level!)) return `wal_level is ${settings.wal_level} (replica needed; changing it restarts the shared server)`;
    const senders = (await client.query<{ used: number }>('SELECT count(*)::int AS used FROM pg_stat_replication')).rows[0]!.used;
    if (Number(settings.max_wal_senders) - senders < 1) return `no free WAL sender (max_wal_senders ${settings.max_wal_senders}, ${senders} in use)`;
    const hba = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_hba_file_rules WHERE error IS NULL AND 'replication' = ANY(database) AND (type = 'local' OR address IN ('127.0.0.1', '::1') OR address IS NULL OR address = 'all')`,
    );
    if (hba.rows[0]!.n === 0) return 'pg_hba.conf allows no replication connection from this machine (add "host replication all 127.0.0.1/32 trust" and reload)';
    const bin = `/usr/lib/postgresql/${Math.floor(Number(settings.server_version_num) / 10000)}/bin`;
    for (const tool of ['pg_basebackup', 'pg_ctl']) if (!existsSync(join(bin, tool))) return `${join(bin, tool)} is missing (Debian's postgresql package)`;
    const root = process.getuid?.() === 0;
    if (root && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) return 'running as root without runuser: the cluster must run as the postgres user';
    const asPostgres = (command: string, args: string[]) => (root ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args]) : run(join(bin, command), args));
    if (root) {
      try {
        await run('id', ['-u', 'postgres']);
      } catch {
        return 'no postgres OS user to own the second cluster';
      }
    }
    return { bin, asPostgres, settings };
  } catch (error) {
    return `the test server cannot be asked (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 50; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free && !existsSync(`/tmp/.s.PGSQL.${port}`)) return port;
  }
  throw new Error(`no free port from ${from}`);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

const found = await machine();
const skipReason = typeof found === 'string' ? found : null;
if (skipReason) console.info(`test/replica.test.ts skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('a streaming replica: reports read there, then promoted with no payment lost or doubled', () => {
  const host = found as Machine;
  let dataDir = '';
  let files = '';
  let started = false;
  let port = 0;
  let ctx: TestContext;
  let fixture: FundedCycle;
  let database = '';
  let replicaUrl = '';
  let bankItems: string[] = [];
  const opened: { close(): Promise<void> }[] = [];
  const slot = `asxh_test_replica_${process.pid}`;
  let passed = 0;
  const dropSlots = async (statement: string) => {
    const client = new pg.Client({ connectionString: primaryUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };

  const resultsFile = (name: string, endToEndIds: string[]) => {
    const path = join(files, name);
    writeFileSync(path, ['MaThamChieu,TrangThai,MaLyDo', ...endToEndIds.map((id) => `${id},ACSC,`)].join('\n') + '\n');
    return path;
  };
  const replicaLsnReached = async (target: string) => {
    const client = new pg.Client({ connectionString: replicaUrl });
    await client.connect();
    try {
      const row = (await client.query<{ caught: boolean; replayed: string; received: string; receiver: string | null }>(
        `SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), $1::pg_lsn) >= 0 AS caught, pg_last_wal_replay_lsn()::text AS replayed,
                pg_last_wal_receive_lsn()::text AS received, (SELECT status FROM pg_stat_wal_receiver) AS receiver`,
        [target],
      )).rows[0];
      if (!row?.caught) throw new Error(`replayed ${row?.replayed}, received ${row?.received} (receiver ${row?.receiver ?? 'not running'}), primary at ${target}`);
      return true;
    } finally {
      await client.end();
    }
  };
  const primaryLsn = async (db: Database) => (await queryOne<{ lsn: string }>(db.orm, sql`SELECT pg_current_wal_lsn()::text AS lsn`))!.lsn;

  beforeAll(async () => {
    dataDir = join(tempDir('asxh-replica-'), 'data');
    files = tempDir('asxh-replica-files-');
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    database = (await queryOne<{ name: string }>(ctx.db.orm, sql`SELECT current_database() AS name`))!.name;
    // The replica: a base backup of the whole server, with the standby's settings (-R), owned by postgres.
    const parent = join(dataDir, '..');
    if (process.getuid?.() === 0) chownSync(parent, Number((await run('id', ['-u', 'postgres'])).stdout), Number((await run('id', ['-g', 'postgres'])).stdout));
    chmodSync(parent, 0o700);
    const primary = new URL(primaryUrl);
    // A slot of its own (-C -S, written into the standby's settings by -R) keeps the WAL the replica
    // has not received yet: on a busy server the segments after the backup are recycled in seconds.
    // Slots left by an earlier run that died before its cleanup are dropped first.
    await dropSlots(`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE 'asxh_test_replica_%' AND NOT active`);
    for (let attempt = 1; ; attempt++) {
      try {
        await host.asPostgres('pg_basebackup', ['-h', primary.hostname, '-p', primary.port || '5432', '-U', primary.username || 'postgres', '-D', dataDir, '-R', '-X', 'stream', '-c', 'fast', '-C', '-S', slot]);
        break;
      } catch (error) {
        // Another test's DROP DATABASE … FORCE or a burst of checkpoints can cut the stream: once more.
        await dropSlots(`SELECT pg_drop_replication_slot('${slot}') FROM pg_replication_slots WHERE slot_name = '${slot}' AND NOT active`);
        rmSync(dataDir, { recursive: true, force: true });
        if (attempt === 2) throw error;
      }
    }
    port = await freePort(5439);
    // Debian keeps the server's configuration in /etc, outside the data folder: the replica gets its
    // own. A hot standby needs these limits at least as high as its primary's.
    const limits = ['max_connections', 'max_worker_processes', 'max_prepared_transactions', 'max_locks_per_transaction', 'max_wal_senders'];
    writeFileSync(
      join(dataDir, 'postgresql.conf'),
      [`listen_addresses = '127.0.0.1'`, `port = ${port}`, `unix_socket_directories = '/tmp'`, 'hot_standby = on', 'shared_buffers = 32MB', 'fsync = off',
        ...limits.map((name) => `${name} = ${host.settings[name]}`)].join('\n') + '\n',
    );
    writeFileSync(join(dataDir, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n');
    writeFileSync(join(dataDir, 'pg_ident.conf'), '');
    const owner = statSync(dataDir);
    for (const name of ['postgresql.conf', 'pg_hba.conf', 'pg_ident.conf']) chownSync(join(dataDir, name), owner.uid, owner.gid);
    expect(readFileSync(join(dataDir, 'postgresql.auto.conf'), 'utf8')).toContain('primary_conninfo');
    started = true;
    await host.asPostgres('pg_ctl', ['-D', dataDir, '-l', join(dataDir, 'replica.log'), '-o', `-p ${port} -k /tmp`, '-w', '-t', '120', 'start']);
    replicaUrl = databaseUrlFor(`postgres://postgres@127.0.0.1:${port}/postgres`, database);
    const inRecovery = await until('the replica to accept connections', async () => {
      const client = new pg.Client({ connectionString: replicaUrl });
      await client.connect();
      try {
        return (await client.query<{ recovery: boolean }>('SELECT pg_is_in_recovery() AS recovery')).rows[0]!.recovery;
      } finally {
        await client.end();
      }
    });
    expect(inRecovery).toBe(true);
    await until('the replica to replay the primary', async () => replicaLsnReached(await primaryLsn(ctx.db)));

    fixture = await createFundedCycle(ctx);
    const output = createWriteStream(join(files, 'bank.csv'));
    await exportBatchFile(ctx, fixture.officer, { cycleId: fixture.cycleId, providerCode: bankCode, format: 'csv', output, handOver: true });
    if (!output.writableFinished) await once(output, 'finish');
    bankItems = (await itemStates(ctx, fixture.cycleId)).filter((item) => item.providerCode === bankCode).map((item) => item.endToEndId);
  }, 600_000);

  afterAll(async () => {
    for (const item of opened) await item.close().catch(() => undefined);
    // Always: the second cluster stopped and removed, even when a step failed.
    if (started) await host.asPostgres('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    if (passed < 2 && existsSync(join(dataDir, 'replica.log'))) console.info(`replica.log:\n${readFileSync(join(dataDir, 'replica.log'), 'utf8').split('\n').slice(-25).join('\n')}`);
    // The slot holds the primary's WAL for the replica: never left behind.
    await until('the replica slot to be released', async () => {
      await dropSlots(`SELECT pg_drop_replication_slot('${slot}') FROM pg_replication_slots WHERE slot_name = '${slot}'`);
      return true;
    }, 30_000).catch((error: unknown) => console.error(`replication slot ${slot} not dropped: ${(error as Error).message}`));
    if (dataDir) rmSync(join(dataDir, '..'), { recursive: true, force: true });
    if (files) rmSync(files, { recursive: true, force: true });
    await ctx?.close();
  }, 120_000);

  it('reads the report on the replica (read-only sessions), equal to the primary once it has replayed; the primary while the replica is down', async () => {
    expect(bankItems).toHaveLength(5);
    const first = await reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path: resultsFile('part-1.csv', bankItems.slice(0, 3)), providerCode: bankCode });
    expect(first).toMatchObject({ applied: 3, paid: 3, duplicates: 0, alreadyIngested: false });

    const reading: AppContext = createContext(ctx.db, { ...ctx.config, replicaUrl }, ctx.now);
    opened.push(reading.replica);
    expect(reading.replica.configured).toBe(true);
    const target = await primaryLsn(ctx.db);
    await until('the replica to replay the payments', () => replicaLsnReached(target));
    const input = { month: '2024-07', unit: '23293' };
    const onPrimary = await monthlyReport(ctx, fixture.officer, input);
    const onReplica = await monthlyReport(reading, fixture.officer, input, { reads: 'replica' });
    expect(onPrimary.total.paid.people).toBe(3);
    expect(onReplica).toEqual(onPrimary);

    // The report's pool is connected to the replica, in read-only sessions.
    const sessions = await reading.replica.read((db) =>
      queryRows<{ recovery: boolean; readOnly: string; app: string }>(
        db,
        sql`SELECT pg_is_in_recovery() AS recovery, current_setting('default_transaction_read_only') AS "readOnly", current_setting('application_name') AS app`,
      ),
    );
    expect(sessions).toEqual([{ recovery: true, readOnly: 'on', app: 'asxh-pay-reports' }]);

    // A replica that does not answer: the report is read on the primary, the outage logged once.
    const lines: string[] = [];
    const down = openReadReplica(ctx.db, `postgres://postgres@127.0.0.1:${await freePort(port + 1)}/${database}`, (line) => lines.push(line));
    opened.push(down);
    const fallback = { ...reading, replica: down };
    expect(await monthlyReport(fallback, fixture.officer, input, { reads: 'replica' })).toEqual(onPrimary);
    expect(await monthlyReport(fallback, fixture.officer, input, { reads: 'replica' })).toEqual(onPrimary);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Replica unavailable/);
    passed += 1;
  });

  it('after the promotion the application continues on the replica: nothing committed lost, each payment counted once', async () => {
    // Everything committed on the primary has reached the replica before it takes over (the
    // operator's check before a planned switch; after a crash, what had not reached it is the loss
    // synchronous replication would prevent).
    const before = await itemStates(ctx, fixture.cycleId);
    const target = await primaryLsn(ctx.db);
    await until('the replica to replay everything committed', () => replicaLsnReached(target));
    await host.asPostgres('pg_ctl', ['-D', dataDir, '-w', '-t', '120', 'promote']);

    // DATABASE_URL changed to the promoted replica: a new context, as a restarted server would open.
    const promoted = await openPostgres(replicaUrl, 4);
    opened.push(promoted);
    const moved = createContext(promoted, ctx.config, ctx.now);
    expect((await queryOne<{ recovery: boolean }>(promoted.orm, sql`SELECT pg_is_in_recovery() AS recovery`))!.recovery).toBe(false);
    expect(await itemStates(moved, fixture.cycleId)).toEqual(before);
    expect(before.filter((item) => item.outcome === 'PAID').map((item) => item.endToEndId).sort()).toEqual(bankItems.slice(0, 3).sort());

    // The bank sends its first file again (it did not know which server had taken it), then the rest.
    const again = await reconcileFile(moved, fixture.officer, { cycleId: fixture.cycleId, path: join(files, 'part-1.csv'), providerCode: bankCode });
    expect(again).toMatchObject({ applied: 0, paid: 0, alreadyIngested: true });
    const overlapping = await reconcileFile(moved, fixture.officer, { cycleId: fixture.cycleId, path: resultsFile('part-2.csv', bankItems.slice(2)), providerCode: bankCode });
    expect(overlapping).toMatchObject({ paid: 2, duplicates: 1, alreadyIngested: false });

    const after = await itemStates(moved, fixture.cycleId);
    const paid = after.filter((item) => item.outcome === 'PAID');
    expect(paid.map((item) => item.endToEndId).sort()).toEqual([...bankItems].sort());
    // Each payment once in the ledger: beneficiaries hold exactly what the items say was paid.
    const ledger = await checkLedger(promoted.orm, fixture.cycleId);
    expect(ledger.problems).toEqual([]);
    expect(ledger.ok).toBe(true);
    const bank = ledger.providers.find((row) => row.providerCode === bankCode)!;
    const payouts = await queryRows<{ endToEndId: string; entries: number }>(
      promoted.orm,
      sql`SELECT i.end_to_end_id AS "endToEndId", count(e.id)::int AS entries FROM disbursement_items i LEFT JOIN ledger_entries e ON e.item_id = i.id AND e.kind = 'PAYOUT'
          WHERE i.cycle_id = ${fixture.cycleId} AND i.provider_code = ${bankCode} GROUP BY 1 ORDER BY 1`,
    );
    expect(payouts).toEqual([...bankItems].sort().map((endToEndId) => ({ endToEndId, entries: 1 })));
    const settlement = await cycleSettlement(moved, fixture.officer, fixture.cycleId);
    expect(settlement.problems).not.toContain('LEDGER_DISAGREES_WITH_ITEMS');
    expect(settlement.paidVnd).toBe(bank.paidVnd);
    expect((await verifyAuditChain(promoted.orm)).ok).toBe(true);
    // The report on the new primary counts the five paid people once.
    expect((await monthlyReport(moved, fixture.officer, { month: '2024-07', unit: '23293' })).total.paid.people).toBe(5);
    passed += 1;
  });
});
