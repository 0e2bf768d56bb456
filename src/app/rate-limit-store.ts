import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Database } from '../db/client.js';
import { countRequest, forgetEndedWindows, readRequestCount } from '../db/rate-limits.js';

/**
 * The store of @fastify/rate-limit in the database (`rate_limit_counters`) instead of the
 * plugin's memory: with two servers on one database a client's requests are counted once
 * whichever server answers them (docs/scaling.md, "Two servers on one database"). One upsert
 * per limited request (login, the public self-service pages: a few per person and minute).
 */
const housekeeping = {
  /** Ended windows are forgotten at most this often by one process… */
  intervalMs: 60_000,
  /** …and this many rows at a time. */
  rowsMax: 1_000,
};

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

export function databaseRateLimitStore(db: Database): FastifyRateLimitStoreCtor {
  let forgottenAtMs = 0;
  const forget = () => {
    const nowMs = Date.now();
    if (nowMs - forgottenAtMs < housekeeping.intervalMs) return;
    forgottenAtMs = nowMs;
    // Housekeeping only: a failure is retried at the next interval and never fails a request.
    forgetEndedWindows(db.orm, housekeeping.rowsMax).catch(() => undefined);
  };

  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    /** `<METHOD> <route>|` of the route this store counts for (empty for the plugin's own). */
    private readonly prefix: string;

    constructor(_options?: FastifyRateLimitOptions, prefix = '') {
      this.prefix = prefix;
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      countRequest(db.orm, `${this.prefix}${key}`, Math.max(1, Math.min(Math.trunc(timeWindow), 2_147_483_647))).then(
        (count) => {
          callback(null, { current: count.hits, ttl: count.ttlMs });
          forget();
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    /** The plugin's non-counting peek (`increment: false`). */
    read(key: string, callback: Callback): void {
      readRequestCount(db.orm, `${this.prefix}${key}`).then(
        (count) => callback(null, { current: count.hits, ttl: count.ttlMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(routeOptions: { method?: string | string[]; url?: string; routeInfo?: { method?: string | string[]; url?: string } }): FastifyRateLimitStore {
      const route = routeOptions.routeInfo ?? routeOptions;
      const method = Array.isArray(route.method) ? route.method.join(',') : (route.method ?? '');
      return new DatabaseRateLimitStore(undefined, `${method} ${route.url ?? ''}|`);
    }
  }
  return DatabaseRateLimitStore;
}
