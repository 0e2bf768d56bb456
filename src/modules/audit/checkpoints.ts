/**
 * Signed checkpoints of the audit chain head, kept OUTSIDE the database: `audit-checkpoints.log`
 * in the audit folder, one JSON line per checkpoint (sequence, hash, time, HMAC signature). The
 * chain alone cannot show that its newest events were deleted (what is left still verifies); a
 * checkpoint ahead of the database's head, or disagreeing with it, does.
 *
 * Written while the server runs (at start, every `auditCheckpointSeconds`, at stop) and after every
 * money event (cycle approval and funding, batches, files, provider answers, results,
 * reconciliation, payment-account changes). Several servers on one database may share the file:
 * each line is one write to a file opened with O_APPEND, so lines never interleave.
 */
import { existsSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../../db/client.js';
import { auditKeyById, checkpointMac, eventMac, sameDigest } from './chain-key.js';
import { lockedHead } from './audit.repository.js';

export const checkpointFileName = 'audit-checkpoints.log';

export function checkpointPath(auditDir: string): string {
  return join(auditDir, checkpointFileName);
}

/** The audit actions that move money or decide where it goes: each is followed by a checkpoint. */
export const moneyActions: ReadonlySet<string> = new Set([
  'payroll.approved',
  'payroll.funded',
  'payroll.reconciled',
  'payroll.one_off_added',
  'payroll.one_off_batch_approved',
  'payroll.recovery_added',
  'disbursement.batches_created',
  'disbursement.file_created',
  'disbursement.file_regenerated',
  'disbursement.batch_acknowledged',
  'disbursement.batch_handed_over',
  'disbursement.batch_rejected',
  'disbursement.results_ingested',
  'disbursement.held_results_applied',
  'disbursement.cash_correction_confirmed',
  'instrument.approved',
]);

export interface Checkpoint {
  v: 1;
  /** Identifier of the key that signed (the key of the chain's events). */
  key: string;
  /** The chain it belongs to: its first keyed event (sequence and hash). */
  chain: { from: number; hash: string };
  seq: number;
  hash: string;
  /** The database's clock when the head was read, ISO 8601 UTC. */
  at: string;
  /** `start`, `timer`, `stop`, `money:<action>`, `manual`. */
  reason: string;
  /** HMAC-SHA-256 (the checkpoint key) of the fields above, hex. */
  sig: string;
}

function signedText(checkpoint: Omit<Checkpoint, 'sig'>): string {
  return JSON.stringify([checkpoint.v, checkpoint.key, checkpoint.chain.from, checkpoint.chain.hash, checkpoint.seq, checkpoint.hash, checkpoint.at, checkpoint.reason]);
}

/** Whether a checkpoint's signature holds; `undefined` when this process lacks its key. */
export function checkpointSignatureValid(checkpoint: Checkpoint): boolean | undefined {
  const keys = auditKeyById(checkpoint.key);
  if (!keys) return undefined;
  return sameDigest(checkpointMac(keys, signedText(checkpoint)), checkpoint.sig);
}

function isCheckpoint(value: unknown): value is Checkpoint {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  const chain = c.chain as Record<string, unknown> | null | undefined;
  return c.v === 1 && typeof c.key === 'string' && typeof chain === 'object' && chain !== null &&
    Number.isSafeInteger(chain.from) && typeof chain.hash === 'string' && Number.isSafeInteger(c.seq) &&
    typeof c.hash === 'string' && typeof c.at === 'string' && typeof c.reason === 'string' && typeof c.sig === 'string';
}

/** Every line of the checkpoint file: the well-formed checkpoints and the number of other lines. */
export function readCheckpoints(auditDir: string): { exists: boolean; checkpoints: Checkpoint[]; malformed: number } {
  const path = checkpointPath(auditDir);
  if (!existsSync(path)) return { exists: false, checkpoints: [], malformed: 0 };
  const checkpoints: Checkpoint[] = [];
  let malformed = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (isCheckpoint(parsed)) checkpoints.push(parsed);
      else malformed += 1;
    } catch {
      malformed += 1;
    }
  }
  return { exists: true, checkpoints, malformed };
}

/** Appends one line with ONE write to a file opened O_APPEND (mode 0600 when created). */
async function appendLine(path: string, line: string): Promise<void> {
  const bytes = Buffer.from(`${line}\n`, 'utf8');
  const handle = await open(path, 'a', 0o600);
  try {
    const { bytesWritten } = await handle.write(bytes, 0, bytes.length);
    // A second write could interleave with another process's line: a short write is an error.
    if (bytesWritten !== bytes.length) throw new Error(`${path}: short write of an audit checkpoint (${bytesWritten} of ${bytes.length} bytes)`);
  } finally {
    await handle.close();
  }
}

/**
 * Reads the committed head under the append lock (so a money event that has just been written is
 * included once its transaction commits), checks its HMAC (a head that does not verify is never
 * signed) and appends its signed checkpoint. Null when the chain has no keyed event yet, or when
 * `unless` says the head is the one already checkpointed.
 */
export async function writeCheckpoint(
  db: Database,
  auditDir: string,
  reason: string,
  unless?: { seq: number; hash: string },
): Promise<Checkpoint | null> {
  const head = await db.orm.transaction((tx) => lockedHead(tx));
  if (!head || head.chain !== 2 || head.keyId === null || head.keyedFromSeq === null || head.keyedFromHash === null) return null;
  const seq = Number(head.seq);
  if (unless && unless.seq === seq && unless.hash === head.hash) return null;
  const keys = auditKeyById(head.keyId);
  if (!keys) throw new Error(`audit checkpoint: the chain head ${seq} was sealed with key ${head.keyId}, which this process does not have`);
  if (!sameDigest(eventMac(keys, head.canonical), head.hash)) throw new Error(`audit checkpoint: the chain head ${seq} does not verify; no checkpoint signed (run asxh audit verify)`);
  const unsigned: Omit<Checkpoint, 'sig'> = { v: 1, key: keys.id, chain: { from: Number(head.keyedFromSeq), hash: head.keyedFromHash }, seq, hash: head.hash, at: head.at, reason };
  const checkpoint: Checkpoint = { ...unsigned, sig: checkpointMac(keys, signedText(unsigned)) };
  await appendLine(checkpointPath(auditDir), JSON.stringify(checkpoint));
  return checkpoint;
}

/** A writer of checkpoints for one database: runs one at a time, coalescing requests. */
export interface Checkpointer {
  /** Asks for a checkpoint soon (after the current one, if one is being written). */
  request(reason: string): void;
  /** Resolves when no checkpoint is pending or being written. */
  idle(): Promise<void>;
  /** The last error of a checkpoint written in the background, if any. */
  readonly lastError: Error | undefined;
  /** The last checkpoint written. */
  readonly last: Checkpoint | undefined;
  /** Stops the timer and the money-event hook, waits for the checkpoint in progress, optionally writes a last one. */
  stop(options?: { final?: boolean }): Promise<void>;
}

/** The checkpointers of this process: a money event asks each for a checkpoint. */
const active = new Set<Checkpointer>();

/** After a money event: a checkpoint from every checkpointer of this process, once the event committed. */
export function requestMoneyCheckpoints(action: string): void {
  for (const checkpointer of active) checkpointer.request(`money:${action}`);
}

export function startCheckpointer(
  db: Database,
  auditDir: string,
  options: { intervalMs: number; onError?: (error: Error) => void },
): Checkpointer {
  let running: Promise<void> | undefined;
  let pending: string | undefined;
  let stopped = false;
  let lastError: Error | undefined;
  let last: Checkpoint | undefined;

  const runOnce = async (reason: string): Promise<void> => {
    try {
      // The timer writes only when the head moved; an event-driven request always writes.
      const unless = reason === 'timer' && last ? { seq: last.seq, hash: last.hash } : undefined;
      last = (await writeCheckpoint(db, auditDir, reason, unless)) ?? last;
    } catch (error) {
      lastError = error instanceof Error ? error : new Error(String(error));
      options.onError?.(lastError);
    }
  };
  const pump = () => {
    if (running || pending === undefined) return;
    const reason = pending;
    pending = undefined;
    // Not in the caller's turn: the money event's transaction must be free to go on and commit.
    running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => runOnce(reason))
      .finally(() => {
        running = undefined;
        pump();
      });
  };
  const checkpointer: Checkpointer = {
    request(reason) {
      if (stopped) return;
      pending = pending?.startsWith('money:') ? pending : reason;
      pump();
    },
    async idle() {
      while (running || pending !== undefined) {
        pump();
        await running;
      }
    },
    get lastError() {
      return lastError;
    },
    get last() {
      return last;
    },
    async stop(stopOptions = {}) {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      active.delete(checkpointer);
      await checkpointer.idle();
      if (stopOptions.final) await runOnce('stop');
    },
  };
  const timer = options.intervalMs > 0 ? setInterval(() => checkpointer.request('timer'), options.intervalMs) : undefined;
  // The timer alone never keeps the process alive (a CLI command or a test ends when its work does).
  timer?.unref();
  active.add(checkpointer);
  return checkpointer;
}
