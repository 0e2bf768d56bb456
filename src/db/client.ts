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

export interface Database {
  readonly kind: DatabaseKind;
  readonly orm: Orm;
  /** Runs a multi-statement SQL script in one transaction (migrations). */
  execScript(script: string): Promise<void>;
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
    async close() {
      if (!client.closed) await client.close();
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
  return {
    kind: 'postgres',
    orm,
    pglite: undefined,
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
