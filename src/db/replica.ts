import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { tempBuffers, type Database, type Orm } from './client.js';

/**
 * Reads that may come from a streaming replica (ASXH_REPLICA_URL): the reports that tolerate a
 * replica's small lag (the monthly results report, the trends). Never for anything that writes or
 * that must see its own transaction's writes: those use `ctx.db` as always.
 */
export interface ReadReplica {
  /** Whether a replica is configured (PostgreSQL and ASXH_REPLICA_URL set). */
  readonly configured: boolean;
  /**
   * Runs read-only `work` on the replica; on the primary when no replica is configured (or on
   * PGlite), and again on the primary when the replica cannot be reached (logged once per outage).
   * `work` must only read: it may run twice.
   */
  read<T>(work: (db: Orm) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Connections of the replica's pool: reports only. */
export const replicaPoolSize = 5;

/**
 * The errors after which a report is read on the primary instead: the replica cannot be reached or
 * is not serving (network errors, timeouts, class 08 connection exceptions, 57P01–57P03 shut down /
 * starting up, 53300 too many connections) or cancelled the query for a conflict with recovery
 * (40001 on a hot standby). Anything else (a bug in the query) is the report's own error.
 */
export function isReplicaUnavailable(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN'].includes(code)) return true;
      if (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300', '40001'].includes(code)) return true;
    }
    if (typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message)) return true;
  }
  return false;
}

/**
 * The read pool of the replica: read-only sessions (`default_transaction_read_only=on`: a write
 * sent there by mistake fails even if the server were a primary), created on first use.
 */
export function openReadReplica(primary: Database, replicaUrl: string | undefined, log: (line: string) => void = (line) => console.warn(line)): ReadReplica {
  if (primary.kind !== 'postgres' || !replicaUrl) {
    return { configured: false, read: (work) => work(primary.orm), close: async () => undefined };
  }
  let pool: pg.Pool | undefined;
  let orm: Orm | undefined;
  let down = false;
  const replica = (): Orm => {
    if (!orm) {
      pool = new pg.Pool({
        connectionString: replicaUrl,
        max: replicaPoolSize,
        application_name: 'asxh-pay-reports',
        connectionTimeoutMillis: 3000,
        // Idle connections do not keep the process alive: the pool is closed with the context when it can be.
        allowExitOnIdle: true,
        options: `-c default_transaction_read_only=on -c temp_buffers=${tempBuffers} -c jit=off`,
      });
      pool.on('error', () => undefined);
      orm = drizzleNodePg(pool) as unknown as Orm;
    }
    return orm;
  };
  return {
    configured: true,
    async read(work) {
      let value;
      try {
        value = await work(replica());
      } catch (error) {
        if (!isReplicaUnavailable(error)) throw error;
        if (!down) log(`Replica unavailable (${error instanceof Error ? error.message : String(error)}): reports are read on the primary until it answers again`);
        down = true;
        return work(primary.orm);
      }
      if (down) log('Replica available again: reports are read on it');
      down = false;
      return value;
    },
    async close() {
      const open = pool;
      pool = undefined;
      orm = undefined;
      await open?.end();
    },
  };
}
