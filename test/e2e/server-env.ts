import { sql } from 'drizzle-orm';
import type { Config } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';

/**
 * The environment of the server each browser test file starts: PGlite in the file's temporary
 * folder, or the PostgreSQL database the CI names (E2E_DATABASE_URL). On PostgreSQL the files'
 * servers run one after the other over the same database, like one installation restarted, so they
 * share its keys as a deployment's ASXH_AUDIT_KEY and ASXH_SECRET_KEY would: each file's own data
 * folder would otherwise hold new key files, and a server without the key of the audit chain
 * records no change, one without the key of the secrets at rest opens none of them.
 */
/**
 * The months of demo history: a year where the test reads it (the reports) and on PostgreSQL, where
 * whichever file starts first loads the data every file then shares; three elsewhere, enough for a
 * previous month and a closed cycle, and a quarter of the first start's time on PGlite.
 */
function demoMonths(yearOfHistory: boolean): number {
  return yearOfHistory || process.env.E2E_DATABASE_URL ? 12 : 3;
}

/** The demo's size on PostgreSQL, the largest a file asks for (the payment news file needs a commune's home deliveries). */
const sharedDemoSize = 300;

export function e2eServerEnv(dataDir: string, demoSize: number, options: { yearOfHistory?: boolean } = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    ASXH_DATA_DIR: dataDir,
    ASXH_DEMO: '1',
    // On PostgreSQL whichever file starts first loads the data all files share: the same size for all.
    ASXH_DEMO_SIZE: String(process.env.E2E_DATABASE_URL ? sharedDemoSize : demoSize),
    ASXH_DEMO_MONTHS: String(demoMonths(options.yearOfHistory ?? false)),
    ASXH_LOG_LEVEL: 'warn',
    // Test keys, not secrets: only the browser tests' throwaway databases are sealed with them.
    ASXH_AUDIT_KEY: process.env.ASXH_AUDIT_KEY || 'e2e-audit-key-0123456789abcdef0123456789abcdef',
    ASXH_SECRET_KEY: process.env.ASXH_SECRET_KEY || 'YXN4aC1lMmUtc2VjcmV0cy1rZXktbm90LXNlY3JldCE=',
    DATABASE_URL: process.env.E2E_DATABASE_URL ?? '',
  };
}

/**
 * Starts the file's server. On PostgreSQL the files' servers share the rate limits' counters (a
 * table, as two servers of one installation do): a file begins as if the previous file's minute
 * were over, or the logins of the files before would refuse its own (429).
 */
export async function startE2eServer(config: Config): Promise<RunningServer> {
  const server = await startServer(config, () => {});
  await server.ctx.db.orm.execute(sql`DELETE FROM rate_limit_counters`);
  return server;
}
