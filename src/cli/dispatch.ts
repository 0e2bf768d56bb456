import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { AppError, isAppError } from '../core/errors.js';
import { prepareDatabase } from '../app/bootstrap.js';
import { commandNamed, runCommand } from '../app/commands.js';
import { jsonSafe } from '../app/commands.routes.js';
import { createContext } from '../app/context.js';
import { acquireLock, readLock, type LockInfo } from '../app/instance-lock.js';
import { loadConfig, type Config } from '../config.js';
import { openDatabase } from '../db/client.js';
import { openAuditKey, startAuditTrail } from '../modules/audit/audit.service.js';

export interface Invocation {
  name: string;
  /** The arguments exactly as the CLI parsed them; the command checks them (`checkCommandArgs`). */
  args: Readonly<Record<string, unknown>>;
  as?: string;
}

function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'operator';
  }
}

/** The body the CLI posts to the server's command endpoint: the invocation as it is, nothing mapped. */
export function forwardedBody(invocation: Invocation): { name: string; args: Readonly<Record<string, unknown>>; as?: string; operator: string } {
  return { name: invocation.name, args: invocation.args, as: invocation.as, operator: operatorName() };
}

/** Runs a command through the server that holds the data folder (its lock gives port and token). */
export async function runRemote(holder: Pick<LockInfo, 'host' | 'port' | 'token'>, invocation: Invocation): Promise<unknown> {
  const host = !holder.host || holder.host === '0.0.0.0' || holder.host === '::' ? '127.0.0.1' : holder.host;
  const response = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${holder.port}/api/internal/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-asxh-cli-token': holder.token ?? '', 'accept-language': 'vi' },
    body: JSON.stringify(forwardedBody(invocation)),
  });
  const body = (await response.json()) as { result?: unknown; code?: string; message?: string; details?: Record<string, unknown> };
  if (!response.ok) {
    const details = body.details ?? {};
    throw new AppError(body.code ?? 'INTERNAL', response.status, {
      vi: String(details.messageVi ?? body.message ?? ''),
      en: String(details.messageEn ?? body.message ?? ''),
    }, details);
  }
  return body.result;
}

async function runLocal(config: Config, invocation: Invocation): Promise<unknown> {
  let release = () => {};
  if (!config.databaseUrl) {
    const lock = acquireLock(config.dataDir, { kind: 'cli' });
    if (!lock.ok) {
      throw new AppError('DATA_DIR_BUSY', 409, {
        vi: `Thư mục dữ liệu ${config.dataDir} đang được tiến trình ${lock.holder.pid} sử dụng`,
        en: `The data folder ${config.dataDir} is in use by process ${lock.holder.pid}`,
      });
    }
    release = lock.release;
  }
  try {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const ctx = createContext(db, config);
      // Before anything is audited (the reference data of a first start is).
      openAuditKey(config);
      await prepareDatabase(ctx);
      // No timer: a checkpoint after each money event the command records, written before it ends.
      const trail = await startAuditTrail(ctx, { intervalMs: 0 });
      try {
        return jsonSafe(await runCommand(ctx, { ...invocation, operator: operatorName(), requestId: `cli-${randomUUID()}` }));
      } finally {
        await trail.stop();
      }
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}

/**
 * Runs a registered command. On the embedded database, a running server owns the data folder, so
 * the command goes through it; otherwise (or on PostgreSQL) it runs in this process.
 */
export async function dispatch(invocation: Invocation, config: Config = loadConfig()): Promise<unknown> {
  if (!commandNamed(invocation.name)) throw new Error(`unknown command ${invocation.name}`);
  if (!config.databaseUrl) {
    const holder = readLock(config.dataDir);
    if (holder?.kind === 'server' && holder.port) return runRemote(holder, invocation);
  }
  return runLocal(config, invocation);
}

export function describeError(error: unknown): { code: string; message: string; messageEn: string; details: Record<string, unknown> } {
  if (isAppError(error)) return { code: error.code, message: error.text.vi, messageEn: error.text.en, details: error.details };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message, messageEn: message, details: {} };
}
