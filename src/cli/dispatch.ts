import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { AppError, isAppError } from '../core/errors.js';
import { prepareDatabase } from '../app/bootstrap.js';
import type { Command } from '../app/command.js';
import { commandNamed, runCommand } from '../app/commands.js';
import { jsonSafe } from '../app/commands.routes.js';
import { createContext } from '../app/context.js';
import { acquireLock, readLock, type LockInfo } from '../app/instance-lock.js';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, unopenedDatabase } from '../db/client.js';
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

/** Takes the embedded database's folder for this process (nothing on PostgreSQL); returns how to give it back. */
function takeDataDir(config: Config, invocation: Invocation): () => void {
  if (config.databaseUrl) return () => {};
  const lock = acquireLock(config.dataDir, { kind: 'cli' });
  if (!lock.ok) {
    const server = lock.holder.kind === 'server';
    throw new AppError('DATA_DIR_BUSY', 409, {
      vi: `Thư mục dữ liệu ${config.dataDir} đang được tiến trình ${lock.holder.pid} sử dụng${server ? `: lệnh ${invocation.name} không chạy qua máy chủ, hãy dừng máy chủ trước` : ''}`,
      en: `The data folder ${config.dataDir} is in use by process ${lock.holder.pid}${server ? `: the command ${invocation.name} does not run through the server, stop the server first` : ''}`,
    }, { holder: lock.holder.kind, pid: lock.holder.pid });
  }
  return lock.release;
}

async function runLocal(config: Config, invocation: Invocation, opens: NonNullable<Command['opens']>): Promise<unknown> {
  const release = takeDataDir(config, invocation);
  try {
    if (opens === 'none') {
      // The command opens the database it needs itself (restore): nothing is opened for it here.
      const ctx = createContext(unopenedDatabase(config.databaseUrl ? 'postgres' : 'pglite'), config);
      return jsonSafe(await runCommand(ctx, { ...invocation, operator: operatorName(), requestId: `cli-${randomUUID()}` }));
    }
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const ctx = createContext(db, config);
    try {
      // Before anything is audited (the reference data of a first start is).
      openAuditKey(config);
      if (opens === 'prepared') await prepareDatabase(ctx);
      // No timer: a checkpoint after each money event the command records, written before it ends.
      const trail = await startAuditTrail(ctx, { intervalMs: 0 });
      try {
        return jsonSafe(await runCommand(ctx, { ...invocation, operator: operatorName(), requestId: `cli-${randomUUID()}` }));
      } finally {
        await trail.stop();
      }
    } finally {
      await ctx.replica.close();
      await db.close();
    }
  } finally {
    release();
  }
}

/**
 * Runs a registered command. On the embedded database, a running server owns the data folder, so
 * the command goes through it; otherwise (or on PostgreSQL) it runs in this process. A command
 * that opens no database (`opens: 'none'`, restore) always runs here, and only when no process
 * holds the data folder.
 */
export async function dispatch(invocation: Invocation, config: Config = loadConfig()): Promise<unknown> {
  const command = commandNamed(invocation.name);
  if (!command) throw new Error(`unknown command ${invocation.name}`);
  const opens = command.opens ?? 'prepared';
  if (!config.databaseUrl && opens !== 'none') {
    const holder = readLock(config.dataDir);
    if (holder?.kind === 'server' && holder.port) return runRemote(holder, invocation);
  }
  return runLocal(config, invocation, opens);
}

export function describeError(error: unknown): { code: string; message: string; messageEn: string; details: Record<string, unknown> } {
  if (isAppError(error)) return { code: error.code, message: error.text.vi, messageEn: error.text.en, details: error.details };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message, messageEn: message, details: {} };
}
