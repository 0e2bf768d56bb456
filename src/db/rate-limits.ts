import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from './client.js';

/**
 * The counters of the rate-limited routes (`rate_limit_counters`, owned by db, migration 0048):
 * one row per route and client address, shared by every server on the database. Windows are
 * fixed (they start at a key's first request) and timed by the database's clock, the one clock
 * every server shares.
 */
export interface RequestCount {
  /** Requests counted in the current window, this one included. */
  hits: number;
  /** Milliseconds until the window ends. */
  ttlMs: number;
}

/** Counts a request in ONE statement: a new window when none is running, else one more hit. */
export async function countRequest(executor: Executor, key: string, windowMs: number): Promise<RequestCount> {
  const row = await queryOne<RequestCount>(
    executor,
    sql`INSERT INTO rate_limit_counters AS c (key, hits, window_end)
        VALUES (${key}, 1, now() + ${windowMs}::int * interval '1 millisecond')
        ON CONFLICT (key) DO UPDATE
          SET hits = CASE WHEN c.window_end <= now() THEN 1 ELSE LEAST(c.hits, 2147483646) + 1 END,
              window_end = CASE WHEN c.window_end <= now() THEN EXCLUDED.window_end ELSE c.window_end END
        RETURNING c.hits, GREATEST(0, ceil(extract(epoch FROM c.window_end - now()) * 1000))::int AS "ttlMs"`,
  );
  return row!;
}

/** The current window's count without counting (0 when none is running). */
export async function readRequestCount(executor: Executor, key: string): Promise<RequestCount> {
  const row = await queryOne<RequestCount>(
    executor,
    sql`SELECT hits, GREATEST(0, ceil(extract(epoch FROM window_end - now()) * 1000))::int AS "ttlMs"
        FROM rate_limit_counters WHERE key = ${key} AND window_end > now()`,
  );
  return row ?? { hits: 0, ttlMs: 0 };
}

/** Forgets the windows that ended (a bounded number per call); returns how many. */
export async function forgetEndedWindows(executor: Executor, rowsMax: number): Promise<number> {
  const rows = await queryRows<{ key: string }>(
    executor,
    sql`DELETE FROM rate_limit_counters WHERE key IN (
          SELECT key FROM rate_limit_counters WHERE window_end <= now() ORDER BY window_end LIMIT ${rowsMax} FOR UPDATE SKIP LOCKED)
        RETURNING key`,
  );
  return rows.length;
}
