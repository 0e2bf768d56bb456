import { resolve } from 'node:path';

/** Runtime configuration, read once from the environment. Every knob is documented in README.md. */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL server; when unset the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined;
  /**
   * A streaming replica of that server (ASXH_REPLICA_URL, optional): the reports that tolerate a
   * replica's small lag read there (db/replica.ts), and on the primary when it is unset, on PGlite,
   * or while the replica cannot be reached. docs/operations.md, "Replica and failover".
   */
  replicaUrl: string | undefined;
  dataDir: string;
  /** Load demo data on first start (ASXH_DEMO=0 turns it off). */
  demo: boolean;
  demoSize: number;
  /** Months of paid history in the demo data of a first start (ASXH_DEMO_MONTHS). */
  demoMonths: number;
  /** `auto`: Secure cookies over HTTPS and on localhost; `always`; `never` (plain-HTTP intranet only). */
  cookieSecure: 'auto' | 'always' | 'never';
  /**
   * Which hops may tell the client's address and scheme (X-Forwarded-For / -Proto / -Host), as
   * Fastify's `trustProxy`: `false` (default: the socket is the client), `true` (any hop), a number
   * of hops, or addresses and CIDR ranges of the TLS proxy. Behind a TLS proxy this makes the
   * request HTTPS as the browser sees it: Secure cookies and HSTS follow from it.
   */
  trustProxy: boolean | number | string[];
  /**
   * Origins besides the server's own from which a logged-in browser may send state-changing
   * requests (security.plugin.ts), e.g. `https://asxh.example.gov.vn`. Empty by default.
   */
  allowedOrigins: string[];
  /** Minutes without a request after which a session ends (ASXH_SESSION_IDLE_MINUTES, default 30), besides its absolute expiry. */
  sessionIdleMinutes: number;
  /**
   * The audit key (ASXH_AUDIT_KEY, at least 32 characters, e.g. `openssl rand -hex 32`): the
   * HMAC key of the audit chain and its checkpoints. A secret: never logged, never in the database.
   * When unset, the key file `audit.key` of `auditDir` is used (created once, mode 0600).
   */
  auditKey: string | undefined;
  /**
   * The audit folder (ASXH_AUDIT_DIR, default the data folder): the key file when ASXH_AUDIT_KEY is
   * unset, and `audit-checkpoints.log`, the signed checkpoints of the chain head. Set it on
   * PostgreSQL deployments, which need no data folder; one folder per database.
   */
  auditDir: string;
  /** Seconds between checkpoints of the audit chain head while the server runs (ASXH_AUDIT_CHECKPOINT_SECONDS, default 300). */
  auditCheckpointSeconds: number;
  /**
   * The key of the secrets at rest (ASXH_SECRET_KEY: 32 bytes in base64, e.g. `openssl rand -base64 32`):
   * providers' secrets, tokens and private keys are stored encrypted under it (AES-256-GCM). A
   * secret: never logged, never in the database. When unset, the key file `secrets.key` of the data
   * folder is used (created once, mode 0600).
   */
  secretKey: string | undefined;
  /** The key before the last change of ASXH_SECRET_KEY (ASXH_SECRET_KEY_PREVIOUS), read only to re-encrypt (`asxh secrets rotate`). */
  secretKeyPrevious: string | undefined;
  logLevel: string;
  production: boolean;
  populationUrl: string | undefined;
  accountsUrl: string | undefined;
  smsUrl: string | undefined;
  /** Send SMS without Vietnamese diacritics (GSM-7, 160 characters a segment) for gateways that need it (ASXH_SMS_ASCII=1); by default as written (Unicode, 70). */
  smsAscii: boolean;
  /** The key the SMS gateway's delivery reports carry (ASXH_SMS_CALLBACK_KEY); unset: delivery reports are refused. */
  smsCallbackKey: string | undefined;
  /** Seconds between the server's runs of the SMS outbox (ASXH_SMS_DISPATCH_SECONDS, default 30). */
  smsDispatchSeconds: number;
}

/** ASXH_TRUST_PROXY: unset, `false` or `0` → false; `true` → true; a whole number → hops; else a comma list of addresses / CIDR ranges. */
export function parseTrustProxy(value: string | undefined): Config['trustProxy'] {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number.parseInt(text, 10);
  const list = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  for (const item of list) {
    if (!/^(?:[\d.]+|[\da-fA-F:]+)(?:\/\d{1,3})?$/.test(item) && !['loopback', 'linklocal', 'uniquelocal'].includes(item)) {
      throw new Error(`ASXH_TRUST_PROXY: "${item}" is not true, false, a number of hops, an address or a CIDR range`);
    }
  }
  return list;
}

/** ASXH_ALLOWED_ORIGINS: a comma list of `scheme://host[:port]` origins. */
export function parseOrigins(value: string | undefined): string[] {
  const list = (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
  return list.map((item) => {
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      throw new Error(`ASXH_ALLOWED_ORIGINS: "${item}" is not an origin such as https://asxh.example.gov.vn`);
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== item.replace(/\/$/, '')) {
      throw new Error(`ASXH_ALLOWED_ORIGINS: "${item}" is not an origin such as https://asxh.example.gov.vn (scheme, host and port only)`);
    }
    return url.origin;
  });
}

function integer(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new Error(`Expected an integer, got "${value}"`);
  return parsed;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cookieSecure = (env.ASXH_COOKIE_SECURE ?? 'auto') as Config['cookieSecure'];
  if (!['auto', 'always', 'never'].includes(cookieSecure)) throw new Error('ASXH_COOKIE_SECURE must be auto, always or never');
  return {
    port: integer(env.PORT, 3000),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    replicaUrl: env.ASXH_REPLICA_URL || undefined,
    dataDir: resolve(env.ASXH_DATA_DIR ?? './data'),
    demo: env.ASXH_DEMO !== '0',
    demoSize: integer(env.ASXH_DEMO_SIZE, 3000),
    demoMonths: integer(env.ASXH_DEMO_MONTHS, 12),
    cookieSecure,
    trustProxy: parseTrustProxy(env.ASXH_TRUST_PROXY),
    allowedOrigins: parseOrigins(env.ASXH_ALLOWED_ORIGINS),
    sessionIdleMinutes: Math.max(1, integer(env.ASXH_SESSION_IDLE_MINUTES, 30)),
    auditKey: env.ASXH_AUDIT_KEY || undefined,
    auditDir: resolve(env.ASXH_AUDIT_DIR || (env.ASXH_DATA_DIR ?? './data')),
    auditCheckpointSeconds: Math.max(1, integer(env.ASXH_AUDIT_CHECKPOINT_SECONDS, 300)),
    secretKey: env.ASXH_SECRET_KEY || undefined,
    secretKeyPrevious: env.ASXH_SECRET_KEY_PREVIOUS || undefined,
    logLevel: env.ASXH_LOG_LEVEL ?? 'info',
    production: env.NODE_ENV === 'production',
    populationUrl: env.ASXH_POPULATION_URL || undefined,
    accountsUrl: env.ASXH_ACCOUNTS_URL || undefined,
    smsUrl: env.ASXH_SMS_URL || undefined,
    smsAscii: env.ASXH_SMS_ASCII === '1',
    smsCallbackKey: env.ASXH_SMS_CALLBACK_KEY || undefined,
    smsDispatchSeconds: Math.max(1, integer(env.ASXH_SMS_DISPATCH_SECONDS, 30)),
  };
}
