/**
 * The audit module as other modules use it: every state change and every bulk view of personal
 * data is recorded through here, in the caller's transaction, and `asxh audit verify` checks it.
 *
 * The chain is keyed (migration 0029): each event's hash is an HMAC-SHA-256, by a key the
 * database never sees (chain-key.ts), over its canonical text (previous hash, sequence, every
 * field); signed checkpoints of the head are written outside the database (checkpoints.ts).
 */
import { existsSync, renameSync } from 'node:fs';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { domainError } from '../../core/errors.js';
import type { AppContext } from '../../app/context.js';
import { loadConfig } from '../../config.js';
import type { Executor } from '../../db/client.js';
import type { Actor } from '../access/scope.js';
import {
  chainAnomalies,
  chainHead,
  chainKeyIds,
  chainState,
  firstRewrittenAfterCheckpoints,
  hashesAt,
  insertPendingEvent,
  keyedEventsPage,
  sealEvent,
  type AuditEventInput,
  type ChainAnomaly,
  type ChainState,
} from './audit.repository.js';
import { auditKeyById, eventMac, existingAuditKey, preferredAuditKey, sameDigest, useAuditKey, type AuditKeySource } from './chain-key.js';
import {
  checkpointPath,
  checkpointSignatureValid,
  moneyActions,
  readCheckpoints,
  requestMoneyCheckpoints,
  startCheckpointer,
  type Checkpoint,
  type Checkpointer,
} from './checkpoints.js';

export type { AuditEventInput } from './audit.repository.js';
export { listAuditEvents } from './audit.repository.js';

/** Events of one transaction are appended one after the other (the previous one must be sealed). */
const appending = new WeakMap<object, Promise<unknown>>();

async function appendSealed(tx: Executor, actor: Actor, event: AuditEventInput): Promise<void> {
  const pending = await insertPendingEvent(tx, actor, event);
  const keys = pending.keyId === null ? preferredAuditKey() : auditKeyById(pending.keyId);
  if (!keys) {
    throw domainError(
      'AUDIT_KEY_MISSING',
      500,
      `Nhật ký kiểm toán được khóa bằng khóa ${pending.keyId}, máy chủ này không có khóa đó (ASXH_AUDIT_KEY hoặc tệp audit.key): không ghi được thay đổi nào`,
      `The audit trail is keyed with key ${pending.keyId}, which this server does not have (ASXH_AUDIT_KEY or the audit.key file): no change can be recorded`,
      { keyId: pending.keyId },
    );
  }
  await sealEvent(tx, pending.seq, keys.id, eventMac(keys, pending.canonical));
  // The first keyed event after the unkeyed ones of an older database: the trail says so itself.
  if (pending.keyId === null && pending.seq !== '1' && event.action !== chainKeyedAction) await appendSealed(tx, systemActor, chainKeyedEvent(pending.seq, keys.id));
}

const chainKeyedAction = 'audit.chain_keyed';

/** The event that says from which sequence the chain is keyed (the events before it are unkeyed). */
function chainKeyedEvent(keyedFrom: string, keyId: string): AuditEventInput {
  return { action: chainKeyedAction, entityType: 'audit_events', after: { keyedFrom: Number(keyedFrom), unkeyedEvents: Number(keyedFrom) - 1, keyId } };
}

const systemActor: Actor = { userId: null, username: 'system', role: 'admin', scope: { level: 'national' }, providerCode: null, requestId: 'audit-trail' };

/**
 * Appends one event in the caller's transaction, so the event commits or rolls back with the change
 * it describes (outside a transaction, in one of its own: the event and its seal commit together).
 * The database gives it its sequence and previous hash under the chain lock; the application seals
 * it with its keyed hash. A money event is followed by a checkpoint once it committed.
 */
export async function recordAudit(executor: Executor, actor: Actor, event: AuditEventInput): Promise<void> {
  if (executor instanceof PgTransaction) {
    const current = (appending.get(executor) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => appendSealed(executor, actor, event));
    appending.set(executor, current);
    await current;
  } else {
    await executor.transaction((tx) => appendSealed(tx, actor, event));
  }
  if (moneyActions.has(event.action)) requestMoneyCheckpoints(event.action);
}

export type AuditFindingKind = 'TRUNCATED' | 'REWRITTEN' | 'REORDERED' | 'GAP';

export interface AuditFinding {
  kind: AuditFindingKind;
  /** The first affected sequence number (for a gap or a truncation: the first one missing). */
  seq: number;
  vi: string;
  en: string;
}

export interface AuditCheckpointView {
  seq: number;
  hash: string;
  at: string;
  reason: string;
  /** Whether the database still holds this head (same sequence, same hash). */
  matched: boolean;
}

export interface AuditVerifyResult {
  ok: boolean;
  /** `ok`, or the kind of the earliest finding. */
  status: 'ok' | AuditFindingKind;
  events: number;
  head: { seq: number; hash: string } | null;
  /** The first keyed event; the events before it are unkeyed (older than migration 0029). */
  keyedFrom: number | null;
  /** The first affected sequence of each kind of damage found, in sequence order. */
  findings: AuditFinding[];
  /** The newest checkpoint of this chain that was checked. */
  checkpoint: AuditCheckpointView | null;
  checkpoints: {
    file: string;
    read: number;
    ofThisChain: number;
    otherChains: number;
    badSignature: number;
    unknownKey: number;
    malformed: number;
  } | null;
  warnings: string[];
  /** The first stored event that does not verify (for a truncation, the first missing sequence). */
  brokenAt?: number;
  /** missing_event, broken_link, hash_mismatch or truncated: `brokenAt`'s reason. */
  reason?: string;
}

const anomalyLimit = 1000;
const pageSize = 2000;
/** Seqs of events whose HMAC fails, kept for classifying broken links; beyond, only the count. */
const badKeptMax = 100_000;

interface ChainCheck {
  state: ChainState;
  findings: (AuditFinding & { brokenAt: number; reason: string })[];
  /** Events that fail on their own (hash, seal, key) or were moved. */
  damaged: Set<string>;
  warnings: string[];
}

const rewrittenBecause = {
  hmac: { vi: 'nội dung hoặc mã băm không khớp mã HMAC có khóa', en: 'its content or hash does not match its keyed HMAC' },
  link: { vi: 'liên kết đến sự kiện trước không khớp', en: 'its link to the previous event does not match' },
  unkeyed: { vi: 'mã SHA-256 (trước khi có khóa) không khớp', en: 'its unkeyed SHA-256 (before the key) does not match' },
  downgraded: { vi: 'một sự kiện có khóa bị biến thành sự kiện không khóa', en: 'a keyed event was turned into an unkeyed one' },
  unsealed: { vi: 'sự kiện chưa được niêm phong bằng khóa', en: 'it was never sealed with the key' },
};

const messages = {
  GAP: (seq: number, next: string) => ({
    vi: `Thiếu sự kiện từ số ${seq} (chuỗi nhảy đến số ${next})`,
    en: `Events are missing from sequence ${seq} (the chain jumps to ${next})`,
  }),
  REORDERED: (seq: number) => ({
    vi: `Sự kiện số ${seq} nối với một sự kiện khác sự kiện liền trước: các sự kiện đã bị đổi chỗ`,
    en: `Event ${seq} links to another event than the one before it: events were swapped or moved`,
  }),
  REWRITTEN: (seq: number, why: keyof typeof rewrittenBecause) => ({
    vi: `Sự kiện số ${seq} đã bị sửa: ${rewrittenBecause[why].vi}`,
    en: `Event ${seq} was altered: ${rewrittenBecause[why].en}`,
  }),
  TRUNCATED: (seq: number, checkpoint: Checkpoint) => ({
    vi: `Các sự kiện mới nhất đã bị xóa từ số ${seq}: điểm kiểm tra lúc ${checkpoint.at} ghi nhận sự kiện số ${checkpoint.seq}`,
    en: `The newest events were deleted from sequence ${seq}: the checkpoint of ${checkpoint.at} recorded event ${checkpoint.seq}`,
  }),
};

/** Keeps the first finding of each kind (the earliest sequence). */
function addFinding(findings: ChainCheck['findings'], finding: ChainCheck['findings'][number]): void {
  const existing = findings.find((item) => item.kind === finding.kind);
  if (!existing) findings.push(finding);
  else if (finding.seq < existing.seq) Object.assign(existing, finding);
}

/**
 * The chain on its own: the unkeyed prefix and the links in SQL (one pass), the keyed HMACs here
 * (the key never goes to the database), page by page.
 */
async function checkChain(executor: Executor): Promise<ChainCheck> {
  const state = await chainState(executor);
  const anomalies = await chainAnomalies(executor, anomalyLimit);
  const warnings: string[] = [];
  if (anomalies.length === anomalyLimit) warnings.push(`more than ${anomalyLimit} broken links or unkeyed events: only the first ones were classified`);

  const badMac = new Set<string>();
  let badMacCount = 0;
  let firstUnknownKey: { seq: string; keyId: string } | undefined;
  for (let after = '0'; ;) {
    const page = await keyedEventsPage(executor, after, pageSize);
    for (const row of page) {
      if (row.hash === '' || row.keyId === null) continue; // unsealed: an anomaly of the SQL pass
      const keys = auditKeyById(row.keyId);
      const valid = keys !== undefined && sameDigest(eventMac(keys, row.canonical), row.hash);
      if (keys === undefined) firstUnknownKey ??= { seq: row.seq, keyId: row.keyId };
      if (!valid) {
        badMacCount += 1;
        if (badMac.size < badKeptMax) badMac.add(row.seq);
      }
    }
    if (page.length < pageSize) break;
    after = page[page.length - 1]!.seq;
  }
  if (firstUnknownKey) warnings.push(`events from ${firstUnknownKey.seq} were sealed with key ${firstUnknownKey.keyId}, which this server does not have: they cannot be verified`);
  if (badMacCount > badKeptMax) warnings.push(`${badMacCount} events fail their keyed HMAC`);

  const bySeq = new Map<string, ChainAnomaly>(anomalies.map((anomaly) => [anomaly.seq, anomaly]));
  const failsOnItsOwn = (seq: string | null) => {
    if (seq === null) return false;
    const anomaly = bySeq.get(seq);
    return badMac.has(seq) || Boolean(anomaly && (anomaly.unkeyedMismatch || anomaly.downgraded || anomaly.unsealed));
  };
  const findings: ChainCheck['findings'] = [];
  const moved = new Set<string>();
  for (const anomaly of anomalies) {
    const seq = Number(anomaly.seq);
    if (anomaly.gap) {
      const missing = anomaly.previousSeq === null ? 1 : Number(anomaly.previousSeq) + 1;
      addFinding(findings, { kind: 'GAP', seq: missing, brokenAt: seq, reason: 'missing_event', ...messages.GAP(missing, anomaly.seq) });
    } else if (anomaly.linkBroken) {
      if (anomaly.linksElsewhere) {
        moved.add(anomaly.seq);
        addFinding(findings, { kind: 'REORDERED', seq, brokenAt: seq, reason: 'broken_link', ...messages.REORDERED(seq) });
      } else if (!failsOnItsOwn(anomaly.previousSeq)) {
        // (a link broken only because its predecessor was rewritten is that rewrite's consequence)
        addFinding(findings, { kind: 'REWRITTEN', seq, brokenAt: seq, reason: 'broken_link', ...messages.REWRITTEN(seq, 'link') });
      }
    }
    if (!moved.has(anomaly.seq)) {
      const why = anomaly.unkeyedMismatch ? 'unkeyed' : anomaly.downgraded ? 'downgraded' : anomaly.unsealed ? 'unsealed' : undefined;
      if (why) addFinding(findings, { kind: 'REWRITTEN', seq, brokenAt: seq, reason: 'hash_mismatch', ...messages.REWRITTEN(seq, why) });
    }
  }
  // The first keyed event whose HMAC fails and that was not moved (a moved event fails too: its sequence changed).
  const firstBad = [...badMac].map(Number).sort((a, b) => a - b).find((seq) => !moved.has(String(seq)));
  if (firstBad !== undefined) addFinding(findings, { kind: 'REWRITTEN', seq: firstBad, brokenAt: firstBad, reason: 'hash_mismatch', ...messages.REWRITTEN(firstBad, 'hmac') });

  const damaged = new Set<string>([...badMac, ...moved]);
  for (const anomaly of anomalies) if (failsOnItsOwn(anomaly.seq)) damaged.add(anomaly.seq);
  return { state, findings, damaged, warnings };
}

function resultOf(check: ChainCheck, checkpoints: Pick<AuditVerifyResult, 'checkpoint' | 'checkpoints'>): AuditVerifyResult {
  const findings = [...check.findings].sort((a, b) => a.seq - b.seq);
  const first = [...check.findings].sort((a, b) => a.brokenAt - b.brokenAt)[0];
  const { state } = check;
  return {
    ok: findings.length === 0,
    status: findings[0]?.kind ?? 'ok',
    events: state.events,
    head: state.headSeq === null || state.headHash === null ? null : { seq: Number(state.headSeq), hash: state.headHash },
    keyedFrom: state.keyedFromSeq === null ? null : Number(state.keyedFromSeq),
    findings: findings.map(({ kind, seq, vi, en }) => ({ kind, seq, vi, en })),
    ...checkpoints,
    warnings: check.warnings,
    ...(first ? { brokenAt: first.brokenAt, reason: first.reason } : {}),
  };
}

/**
 * Verifies the chain stored in the database: gaps, moved events, rewritten events (their keyed
 * HMAC; the unkeyed SHA-256 before the first keyed event). Without the checkpoints, so it cannot
 * see the newest events deleted: `verifyAuditTrail` can.
 */
export async function verifyAuditChain(executor: Executor): Promise<AuditVerifyResult> {
  return resultOf(await checkChain(executor), { checkpoint: null, checkpoints: null });
}

/**
 * `asxh audit verify`: the chain, and every checkpoint of the audit folder that belongs to it
 * (signed by its key for the same first keyed event). A checkpoint ahead of the head, or one whose
 * sequence now holds another event written after the checkpoint, means the newest events were
 * deleted (TRUNCATED, from the first sequence missing or written again).
 */
export async function verifyAuditTrail(ctx: Pick<AppContext, 'db' | 'config'>): Promise<AuditVerifyResult> {
  const executor = ctx.db.orm;
  const check = await checkChain(executor);
  const { state } = check;
  const file = readCheckpoints(ctx.config.auditDir);
  let badSignature = 0;
  let unknownKey = 0;
  const valid: Checkpoint[] = [];
  for (const checkpoint of file.checkpoints) {
    const signature = checkpointSignatureValid(checkpoint);
    if (signature === undefined) unknownKey += 1;
    else if (!signature) badSignature += 1;
    else valid.push(checkpoint);
  }
  const keyedFrom = state.keyedFromSeq === null ? null : Number(state.keyedFromSeq);
  const ours = keyedFrom === null ? valid : valid.filter((c) => c.chain.from === keyedFrom && c.chain.hash === state.keyedFromHash);
  const otherChains = valid.length - (keyedFrom === null ? 0 : ours.length);
  const headSeq = state.headSeq === null ? 0 : Number(state.headSeq);

  const truncated = (seq: number, checkpoint: Checkpoint) =>
    addFinding(check.findings, { kind: 'TRUNCATED', seq, brokenAt: seq, reason: 'truncated', ...messages.TRUNCATED(seq, checkpoint) });
  const matched = new Set<Checkpoint>();
  if (keyedFrom === null) {
    // No keyed event left, yet checkpoints of a keyed chain: it was deleted, or turned back into unkeyed events.
    for (const checkpoint of ours) {
      if (checkpoint.chain.from > headSeq) truncated(headSeq + 1, checkpoint);
      else addFinding(check.findings, { kind: 'REWRITTEN', seq: checkpoint.chain.from, brokenAt: checkpoint.chain.from, reason: 'hash_mismatch', ...messages.REWRITTEN(checkpoint.chain.from, 'downgraded') });
    }
  } else {
    for (const checkpoint of ours.filter((c) => c.seq > headSeq)) truncated(headSeq + 1, checkpoint);
    const within = ours.filter((c) => c.seq <= headSeq);
    const stored = new Map((await hashesAt(executor, [...new Set(within.map((c) => String(c.seq)))])).map((row) => [row.seq, row.hash]));
    const replaced: Checkpoint[] = [];
    for (const checkpoint of within) {
      const hash = stored.get(String(checkpoint.seq));
      if (hash === checkpoint.hash) matched.add(checkpoint);
      // (a missing or damaged event is already a finding of the chain)
      else if (hash !== undefined && !check.damaged.has(String(checkpoint.seq))) replaced.push(checkpoint);
    }
    if (replaced.length > 0) {
      const first = await firstRewrittenAfterCheckpoints(executor, replaced.map((c) => ({ seq: String(c.seq), at: c.at })));
      const earliest = replaced.reduce((a, b) => (b.seq < a.seq ? b : a));
      truncated(first === null ? earliest.seq : Number(first), earliest);
    }
  }

  const newest = ours.reduce<Checkpoint | undefined>((a, b) => (!a || b.seq > a.seq || (b.seq === a.seq && b.at > a.at) ? b : a), undefined);
  if (!file.exists || ours.length === 0) {
    if (keyedFrom !== null) check.warnings.push(`no checkpoint of this chain in ${checkpointPath(ctx.config.auditDir)}: a deletion of the newest events cannot be detected`);
  }
  if (keyedFrom !== null && otherChains > 0) {
    check.warnings.push(`${otherChains} checkpoints of another chain signed with this key: another database shares the audit folder, or this chain was replaced from its first keyed event`);
  }
  if (badSignature > 0) check.warnings.push(`${badSignature} checkpoints have a wrong signature (forged or altered lines)`);
  if (unknownKey > 0) check.warnings.push(`${unknownKey} checkpoints are signed with a key this server does not have`);
  if (file.malformed > 0) check.warnings.push(`${file.malformed} lines of the checkpoint file are not checkpoints`);
  return resultOf(check, {
    checkpoint: newest ? { seq: newest.seq, hash: newest.hash, at: newest.at, reason: newest.reason, matched: matched.has(newest) } : null,
    checkpoints: {
      file: checkpointPath(ctx.config.auditDir),
      read: file.checkpoints.length + file.malformed,
      ofThisChain: ours.length,
      otherChains,
      badSignature,
      unknownKey,
      malformed: file.malformed,
    },
  });
}

export interface AuditTrail {
  readonly checkpointer: Checkpointer;
  /** Writes a checkpoint now (after the events committed so far). */
  checkpoint(reason?: string): Promise<void>;
  /** Stops the timer and the money-event checkpoints; `final` writes a last checkpoint first. */
  stop(options?: { final?: boolean }): Promise<void>;
}

/**
 * Makes a configuration's audit key the one this process seals new chains with (and knows): call it
 * before anything is recorded, i.e. before `prepareDatabase`, whose reference data is audited.
 */
export function openAuditKey(config: AppContext['config']): { keyId: string } {
  return { keyId: useAuditKey(config).id };
}

/**
 * Opens the audit trail of a server or a CLI run: its key becomes the one a new chain starts with;
 * a database whose newest event is still unkeyed (older than migration 0029) records that the
 * chain is keyed from now on; a checkpoint follows every money event, and with `intervalMs` every
 * so often and at start (the server's timer, unref'd, cleared by `stop`).
 */
export async function startAuditTrail(
  ctx: Pick<AppContext, 'db' | 'config'>,
  options: { intervalMs: number; onError?: (error: Error) => void },
): Promise<AuditTrail> {
  const keys = useAuditKey(ctx.config);
  // An older database is keyed at once, not at its next change: its unkeyed events are pinned from now.
  const head = await chainHead(ctx.db.orm);
  if (head?.chain === 1) await recordAudit(ctx.db.orm, systemActor, chainKeyedEvent(String(Number(head.seq) + 1), keys.id));
  const checkpointer = startCheckpointer(ctx.db, ctx.config.auditDir, options);
  if (options.intervalMs > 0) checkpointer.request('start');
  return {
    checkpointer,
    async checkpoint(reason = 'manual') {
      checkpointer.request(reason);
      await checkpointer.idle();
    },
    stop: (stopOptions) => checkpointer.stop(stopOptions),
  };
}

/**
 * A server refuses to start without the key of the chain it would extend: every change it
 * recorded would fail (AUDIT_KEY_MISSING). With several servers on one database this is the key
 * they must share (ASXH_AUDIT_KEY, or the same audit.key file), said at start rather than at the
 * first change. A database without a keyed event yet takes the server's key.
 */
export async function assertAuditKeyOfChain(ctx: Pick<AppContext, 'db' | 'config'>): Promise<void> {
  const head = await chainHead(ctx.db.orm);
  if (!head || head.chain !== 2 || head.keyId === null) return;
  if (auditKeyById(head.keyId)) return;
  const own = useAuditKey(ctx.config);
  throw new Error(
    `The audit chain of this database is sealed with key ${head.keyId}, and this server's audit key (${own.source}) is ${own.id}: ` +
      'every server of one database needs the same audit key (ASXH_AUDIT_KEY, or a copy of the same audit.key file)',
  );
}

/**
 * The chain as a backup records it, read in the backup's snapshot: how many events, the head, and
 * the identifiers of the keys that sealed them (public; the keys stay outside the database and the
 * backup). A restore compares the restored chain with it.
 */
export async function auditChainSummary(executor: Executor): Promise<{ events: number; head: { seq: number; hash: string } | null; keyIds: string[] }> {
  const state = await chainState(executor);
  return {
    events: state.events,
    head: state.headSeq === null || state.headHash === null ? null : { seq: Number(state.headSeq), hash: state.headHash },
    keyIds: await chainKeyIds(executor),
  };
}

/**
 * The identifiers of the audit keys this process can check a chain with, none created: the
 * configuration's (ASXH_AUDIT_KEY or its key file) and the environment's, as `auditKeyById` finds them.
 */
export function existingAuditKeyIds(source: AuditKeySource): string[] {
  const ids = [source, loadConfig()].map((candidate) => existingAuditKey(candidate)?.id).filter((id): id is string => id !== undefined);
  return [...new Set(ids)];
}

/**
 * Renames the audit folder's checkpoint file to `audit-checkpoints.log.<suffix>` (kept, not
 * deleted) so that a new file starts: after a restore, whose chain ends before checkpoints written
 * since the backup (the events lost by the restore, which its own audit event records). Returns
 * the new path, or null when there was no file.
 */
export function setCheckpointsAside(auditDir: string, suffix: string): string | null {
  const path = checkpointPath(auditDir);
  if (!existsSync(path)) return null;
  const aside = `${path}.${suffix}`;
  renameSync(path, aside);
  return aside;
}
