import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';

/** The Drizzle database, identical on PGlite and node-postgres. */
export type Orm = PgDatabase<PgQueryResultHKT>;
/** A transaction or the database itself: repositories accept either. */
export type Executor = Orm | PgTransaction<PgQueryResultHKT>;

export type DatabaseKind = 'pglite' | 'postgres';

/**
 * A lock between the processes of one database: a name (the kind of work) and the integer id of
 * what is worked on (a batch, 0 for a singleton). `withLock` holds it while the work runs.
 */
export interface LockName {
  name: string;
  id: number;
}

/** `withLock`'s answer: the work's value, or `acquired: false` when another holder had the lock (`wait: false`). */
export type Locked<T> = { acquired: true; value: T } | { acquired: false };

export interface Database {
  readonly kind: DatabaseKind;
  readonly orm: Orm;
  /** Runs a multi-statement SQL script in one transaction (migrations). */
  execScript(script: string): Promise<void>;
  /**
   * Runs `work` while holding `lock` against every other process on this database (two servers,
   * a server and the CLI) and every other caller in this one. PostgreSQL: a transaction-level
   * advisory lock taken by a connection of its own (`lockConnectionsMax`), open until `work` ends;
   * if the process dies its connection closes and the lock is free again, so a crash never leaves
   * work claimed. PGlite: within this process, the only one that opens its folder (asxh.lock).
   * `work` runs its statements on the database as usual, never on the lock's connection. With
   * `wait: false` the answer is `{ acquired: false }` at once when the lock is held.
   */
  withLock<T>(lock: LockName, work: () => Promise<T>, options: { wait: boolean }): Promise<Locked<T>>;
  close(): Promise<void>;
  /** The embedded instance, for `clone()` and `dumpDataDir()` in tests. */
  readonly pglite: PGlite | undefined;
}

/**
 * int8 comes back as a string from both drivers (never a lossy JS number); money code turns it into
 * `bigint`, counts are cast to `int` in SQL.
 */
const int8AsString = { 20: (value: string) => value };

/** Options every embedded instance is created with (the extensions the migrations use). */
export const pgliteOptions = { parsers: int8AsString, extensions: { pg_trgm } };

/**
 * Local buffers per session for temporary tables (import staging, payroll generation), 8 MB by
 * default: a million staged rows would then be read from disk again and again. They are
 * allocated only as a session uses them. PGlite's are half as many: they live in this process's
 * WebAssembly memory, which never shrinks, and a million staged rows (300 MB) outgrow either
 * size (with 256 MB an import of a million rows peaked at 1,036 MB).
 */
export const tempBuffers = '256MB';
const pgliteTempBuffers = '128MB';

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir, ...pgliteOptions });
  // Before any temporary table is used, as PostgreSQL requires (see tempBuffers).
  await client.exec(`SET temp_buffers = '${pgliteTempBuffers}'`);
  return wrapPglite(client);
}

/** The two integer keys of an advisory lock: the name's hash (hashtext, in SQL) and the id, asserted a 32-bit integer. */
function lockId(lock: LockName): number {
  if (!Number.isInteger(lock.id) || lock.id < -2_147_483_648 || lock.id > 2_147_483_647) throw new Error(`lock ${lock.name}: id ${lock.id} is not a 32-bit integer`);
  if (!/^[a-z][a-z0-9_.-]{0,62}$/.test(lock.name)) throw new Error(`lock name ${JSON.stringify(lock.name)} is not a lower-case word`);
  return lock.id;
}

/**
 * The locks of one embedded database, in this process: the tail of each lock's queue. PGlite runs
 * one transaction at a time for the whole database, so an advisory lock held by an open
 * transaction would stop everything else; one process opens the folder, so a lock in its memory
 * is the same lock.
 */
function processLocks(): Database['withLock'] {
  const tails = new Map<string, Promise<void>>();
  return async (lock, work, options) => {
    const key = `${lock.name}:${lockId(lock)}`;
    const previous = tails.get(key);
    if (previous && !options.wait) return { acquired: false };
    let release = () => {};
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = (previous ?? Promise.resolve()).then(() => mine);
    tails.set(key, tail);
    try {
      await previous;
      return { acquired: true, value: await work() };
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

export function wrapPglite(client: PGlite): Database {
  const orm = drizzlePglite(client) as unknown as Orm;
  return {
    kind: 'pglite',
    orm,
    pglite: client,
    async execScript(script) {
      await client.transaction(async (tx) => {
        await tx.exec(script);
      });
    },
    withLock: processLocks(),
    async close() {
      if (!client.closed) await client.close();
    },
  };
}

/**
 * Connections that hold advisory locks (`withLock`), apart from the pool the work uses: a holder
 * never waits for a connection its own work needs. A caller beyond these waits for one.
 */
export const lockConnectionsMax = 4;

/** `withLock` on PostgreSQL: a connection of the lock pool, a transaction, the advisory lock of that transaction. */
function advisoryLocks(connectionString: string): { withLock: Database['withLock']; close(): Promise<void> } {
  let pool: pg.Pool | undefined;
  const connections = () => {
    if (!pool) {
      pool = new pg.Pool({ connectionString, max: lockConnectionsMax, application_name: 'asxh-pay-locks' });
      pool.on('error', () => undefined);
    }
    return pool;
  };
  return {
    async withLock(lock, work, options) {
      const id = lockId(lock);
      const connection = await connections().connect();
      let broken = false;
      try {
        await connection.query('BEGIN');
        const statement = options.wait
          ? 'SELECT true AS acquired FROM (SELECT pg_advisory_xact_lock(hashtext($1), $2::int)) waited'
          : 'SELECT pg_try_advisory_xact_lock(hashtext($1), $2::int) AS acquired';
        const result = await connection.query<{ acquired: boolean }>(statement, [lock.name, id]);
        if (!result.rows[0]?.acquired) return { acquired: false };
        return { acquired: true, value: await work() };
      } finally {
        // Nothing was written on this connection: the rollback ends the transaction and frees the lock.
        await connection.query('ROLLBACK').catch(() => (broken = true));
        connection.release(broken);
      }
    },
    async close() {
      await pool?.end();
    },
  };
}

export async function openPostgres(connectionString: string, poolSize = 10): Promise<Database> {
  // The pool closes idle sessions, and with them the local buffers they grew (tempBuffers).
  // JIT off for every session: it compiles any query the planner costs above 100,000, which a
  // search over a million people is, and the compiling (tens of milliseconds) is then most of the
  // answer time; bulk statements turned it off already (db/bulk.ts). PGlite has no JIT.
  const pool = new pg.Pool({ connectionString, max: poolSize, application_name: 'asxh-pay', options: `-c temp_buffers=${tempBuffers} -c jit=off` });
  // An idle connection can die (server restart, pg_terminate_backend, DROP DATABASE … FORCE): the
  // pool discards it and connects again on demand. Without a listener pg re-emits the error as an
  // uncaught exception and the whole process stops.
  pool.on('error', () => undefined);
  // Fail fast with a clear message when the server is unreachable.
  const probe = await pool.connect();
  probe.release();
  const orm = drizzleNodePg(pool) as unknown as Orm;
  const locks = advisoryLocks(connectionString);
  return {
    kind: 'postgres',
    orm,
    pglite: undefined,
    withLock: locks.withLock,
    async execScript(script) {
      const connection = await pool.connect();
      try {
        await connection.query('BEGIN');
        await connection.query(script);
        await connection.query('COMMIT');
      } catch (error) {
        await connection.query('ROLLBACK');
        throw error;
      } finally {
        connection.release();
      }
    },
    async close() {
      await locks.close();
      await pool.end();
    },
  };
}

export async function openDatabase(options: { databaseUrl: string | undefined; dataDir: string }): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}

const unopened = new WeakSet<Database>();

/**
 * The database of a command that opens its own (`restore` makes the database it then opens): a
 * stand-in that refuses every use, so that such a command cannot run on a database opened for it
 * (by the server, or by the CLI) by mistake. `isUnopened` tells it apart.
 */
export function unopenedDatabase(kind: DatabaseKind): Database {
  const refuse = (): never => {
    throw new Error('This command runs without an opened database: it opens the one it needs itself');
  };
  const db: Database = {
    kind,
    get orm(): Orm {
      return refuse();
    },
    execScript: async () => refuse(),
    withLock: async () => refuse(),
    close: async () => undefined,
    pglite: undefined,
  };
  unopened.add(db);
  return db;
}

export function isUnopened(db: Database): boolean {
  return unopened.has(db);
}

/** Raw SQL returning typed rows (both drivers expose `.rows`). */
export async function queryRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export async function queryOne<T>(executor: Executor, query: SQL): Promise<T | undefined> {
  const rows = await queryRows<T>(executor, query);
  return rows[0];
}

/** Bind a JS array as ONE array parameter (Drizzle would otherwise expand it into a list). */
export function arrayParam(values: readonly unknown[]): SQL {
  return sql`${sql.param(values)}`;
}
