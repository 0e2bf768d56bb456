import { probeBatch, submitBatch, type BatchSubmission, type ProviderConnection } from '../../adapters/providers/provider-clients.js';
import type { ProviderAnswer } from '../../adapters/providers/provider-http.js';
import type { AppContext } from '../../app/context.js';
import { isAppError } from '../../core/errors.js';
import type { Executor } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { loadCycleForDisbursement } from './batches.service.js';
import { crashPoint } from './crash.js';
import { findEndpoint, type EndpointKind, type ProviderEndpoint } from './endpoints.service.js';
import { markBatchSent } from './files.service.js';
import { applyHeldResultsInTx, heldResultsPolicy } from './held.service.js';
import { buildSubmission, loadSendableBatches, providerConnection, type SendableBatch } from './payloads.js';
import { debtorOfBatch } from './debtor.js';
import { lockCycleOfResults } from './reconcile.service.js';
import {
  findLatestUnresolvedAttempt, finishAttemptRow, insertAcknowledgedAttempt, insertSendingAttempt, listAttemptStates, markAttemptsInterrupted, type AttemptStateRow,
} from './send.repository.js';

export { pollCycle, type PollReport, type BatchPollResult, type PollOptions } from './poll.service.js';

/**
 * Hands a cycle's batches to the providers' systems (PAYMENT-FORMATS §6.2), crash-safe:
 *
 * 1. An attempt row (SENDING, idempotency key = the batch's message id, the same forever) is
 *    committed before the network call, so a crash leaves a trace.
 * 2. The provider's acknowledgement marks the attempt ACKNOWLEDGED and the batch sent in one
 *    transaction: a 2xx, and for G2P Connect only a 2xx carrying an Ack with `ACK` (a 2xx
 *    without one leaves the outcome unknown; a NACK or ERR is read by its error code, below).
 * 3. A timeout or network error leaves the attempt UNKNOWN. Before anything is sent again the
 *    provider is asked whether it has the batch (the G2P synchronous txn/status, the bank's
 *    reports, the cash list); only "certainly not" leads to a resend, with the same key and
 *    identical content. A G2P provider whose status answers come by callback only (status mode
 *    ASYNC) cannot be asked synchronously: the same request goes again under the same key and
 *    message_id, which the provider answers from its record. No new id is
 *    ever made for the same payments.
 * 4. A 4xx (validation, key mismatch), or a G2P NACK/ERR, marks the attempt REJECTED with the
 *    provider's code: no automatic resend. A NACK/ERR whose code says "later" (err.request.timeout,
 *    err.request.too_many_requests, err.service.unavailable) is retried like a 503.
 *
 * Retries use exponential backoff with jitter, bounded by attempts and total time per batch.
 */
export interface SendOptions {
  fetch?: typeof fetch;
  /** Per request, reading the answer included. */
  timeoutMs?: number;
  /** Rounds per batch in this run (a status query and/or a submission each), the first included. */
  attemptsMax?: number;
  /** Time per batch in this run. */
  durationMsMax?: number;
  backoffMsBase?: number;
  backoffMsMax?: number;
  sleep?: (milliseconds: number) => Promise<void>;
  random?: () => number;
}

export type BatchSendOutcome = 'ACKNOWLEDGED' | 'ALREADY_ACKNOWLEDGED' | 'REJECTED' | 'UNKNOWN' | 'SKIPPED';

export interface BatchSendResult {
  batchId: number;
  messageId: string;
  providerCode: string;
  channelGroup: SendableBatch['channelGroup'];
  round: number;
  endpointKind: EndpointKind | null;
  outcome: BatchSendOutcome;
  /** Requests made in this run (submissions and status queries). */
  requests: number;
  /** How an acknowledgement was learnt: the provider's answer, or a status query after an unknown outcome. */
  resolvedBy?: 'submit' | 'status-query';
  /**
   * Why a batch was skipped or is final without a send: NO_ENDPOINT, ENDPOINT_KIND_MISMATCH, HANDED_OVER_BY_FILE, FILE_DOWNLOADED,
   * PREVIOUSLY_REJECTED, IN_PROGRESS (another run, on this server or another, is sending it right now).
   */
  reason?: string;
  error?: { status: number | null; code: string | null; message: string };
}

export interface SendReport {
  cycleId: number;
  batches: BatchSendResult[];
  acknowledged: number;
  rejected: number;
  unknown: number;
  skipped: number;
}

interface Settings {
  fetch: typeof fetch;
  timeoutMs: number;
  attemptsMax: number;
  durationMsMax: number;
  backoffMsBase: number;
  backoffMsMax: number;
  sleep: (milliseconds: number) => Promise<void>;
  random: () => number;
}

const defaults = { timeoutMs: 30_000, attemptsMax: 5, durationMsMax: 120_000, backoffMsBase: 250, backoffMsMax: 10_000 };
/** Upper bounds whatever the caller asks (a limit on everything). */
const bounds = { timeoutMsMax: 300_000, attemptsMax: 10, durationMsMax: 15 * 60_000, backoffMsMax: 60_000 };

/** Which channel groups an endpoint kind can carry. */
const groupsByKind: Record<EndpointKind, readonly SendableBatch['channelGroup'][]> = { BANK_H2H: ['BANK'], G2P: ['BANK', 'WALLET'], POSTAL: ['CASH'] };

const sleepFor = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

function clamp(value: number | undefined, fallback: number, min: number, max: number): number {
  return Math.min(Math.max(value ?? fallback, min), max);
}

function settingsOf(options: SendOptions): Settings {
  return {
    fetch: options.fetch ?? fetch,
    timeoutMs: clamp(options.timeoutMs, defaults.timeoutMs, 1, bounds.timeoutMsMax),
    attemptsMax: clamp(options.attemptsMax, defaults.attemptsMax, 1, bounds.attemptsMax),
    durationMsMax: clamp(options.durationMsMax, defaults.durationMsMax, 0, bounds.durationMsMax),
    backoffMsBase: clamp(options.backoffMsBase, defaults.backoffMsBase, 0, bounds.backoffMsMax),
    backoffMsMax: clamp(options.backoffMsMax, defaults.backoffMsMax, 0, bounds.backoffMsMax),
    sleep: options.sleep ?? sleepFor,
    random: options.random ?? Math.random,
  };
}

/** base·2^(n−1), capped, with "equal jitter" (half fixed, half random) so retries spread out; a server's Retry-After wins when longer. */
function backoffMs(settings: Settings, round: number, retryAfterMs: number | null): number {
  const exponential = Math.min(settings.backoffMsBase * 2 ** (round - 1), settings.backoffMsMax);
  const jittered = exponential / 2 + (settings.random() * exponential) / 2;
  return Math.min(Math.max(jittered, retryAfterMs ?? 0), settings.backoffMsMax);
}

// ─── Attempts (the durable trace) ────────────────────────────────────────────────────────────────

type AttemptState = AttemptStateRow;

async function attemptStates(executor: Executor, cycleId: number): Promise<Map<number, AttemptState>> {
  const rows = await listAttemptStates(executor, cycleId);
  return new Map(rows.map((row) => [row.batchId, row]));
}

/** Committed on its own, before the network call: this row is what makes a crash recoverable. */
async function insertAttempt(executor: Executor, batch: SendableBatch, kind: EndpointKind, round: number): Promise<number> {
  return insertSendingAttempt(executor, { batchId: batch.id, idempotencyKey: batch.messageId, detail: { kind, round } });
}

async function finishAttempt(executor: Executor, attemptId: number, state: 'UNKNOWN' | 'REJECTED', detail: Record<string, unknown>): Promise<void> {
  await finishAttemptRow(executor, attemptId, state, detail);
}

/** A SENDING attempt found by the batch's claimant was interrupted (a crash: a live run would hold the claim): its outcome is unknown. */
async function markInterrupted(executor: Executor, batchId: number): Promise<void> {
  await markAttemptsInterrupted(executor, batchId);
}

async function latestUnresolvedAttempt(executor: Executor, batchId: number): Promise<number | null> {
  return findLatestUnresolvedAttempt(executor, batchId);
}

/** The provider has the batch: attempt ACKNOWLEDGED and the batch handed over, atomically. */
async function recordAcknowledged(ctx: AppContext, actor: Actor, batch: SendableBatch, kind: EndpointKind, attemptId: number | null, resolvedBy: 'submit' | 'status-query'): Promise<void> {
  const policy = await heldResultsPolicy(ctx, batch.cycleId);
  await ctx.db.orm.transaction(async (tx) => {
    // Its held results are applied here: the cycle's row first, as every application of results does.
    await lockCycleOfResults(tx, batch.cycleId);
    if (attemptId === null) {
      await insertAcknowledgedAttempt(tx, { batchId: batch.id, idempotencyKey: batch.messageId, detail: { kind, resolvedBy } });
    } else {
      await finishAttemptRow(tx, attemptId, 'ACKNOWLEDGED', { resolvedBy });
    }
    await markBatchSent(tx, batch.id);
    // Results that came before the hand-over are applied with it (held.service.ts).
    await applyHeldResultsInTx(tx, actor, batch.cycleId, policy, { batchId: batch.id });
    await recordAudit(tx, actor, { action: 'disbursement.batch_acknowledged', entityType: 'disbursement_batch', entityId: batch.id, after: { messageId: batch.messageId, kind, resolvedBy } });
  });
}

async function recordRejected(ctx: AppContext, actor: Actor, batch: SendableBatch, attemptId: number, error: NonNullable<BatchSendResult['error']>): Promise<void> {
  await ctx.db.orm.transaction(async (tx) => {
    await finishAttempt(tx, attemptId, 'REJECTED', { error });
    await recordAudit(tx, actor, { action: 'disbursement.batch_rejected', entityType: 'disbursement_batch', entityId: batch.id, after: { messageId: batch.messageId, error } });
  });
}

function answerDetail(answer: Exclude<ProviderAnswer, { kind: 'ok' }>): Record<string, unknown> {
  return answer.kind === 'no-answer' ? { outcome: 'no-answer', reason: answer.reason } : { outcome: answer.kind, status: answer.status, code: answer.code };
}

// ─── One batch ───────────────────────────────────────────────────────────────────────────────────

interface BatchRun {
  ctx: AppContext;
  actor: Actor;
  batch: SendableBatch;
  endpoint: ProviderEndpoint;
  settings: Settings;
  /** An earlier attempt's outcome is unknown: ask the provider before sending anything. */
  mustProbe: boolean;
}

type RunResult = Pick<BatchSendResult, 'outcome' | 'requests' | 'resolvedBy' | 'error'>;

function connectionOf(run: BatchRun): ProviderConnection {
  return providerConnection(run.endpoint, run.settings);
}

/** Builds the submission, or explains why our own data cannot be sent (then nothing is retried). */
async function buildOrReject(run: BatchRun, attemptId: number): Promise<BatchSubmission | RunResult> {
  try {
    return await buildSubmission(run.ctx, run.actor, run.batch, run.endpoint.kind);
  } catch (error) {
    if (!isAppError(error)) throw error;
    const detail = { status: null, code: error.code, message: error.text.en };
    await recordRejected(run.ctx, run.actor, run.batch, attemptId, detail);
    return { outcome: 'REJECTED', requests: 0, error: detail };
  }
}

async function sendBatch(run: BatchRun): Promise<RunResult> {
  const { ctx, batch, settings } = run;
  const connection = connectionOf(run);
  const deadline = Date.now() + settings.durationMsMax;
  let submission: BatchSubmission | null = null;
  let requests = 0;
  let retryAfterMs: number | null = null;
  let lastError: BatchSendResult['error'];
  for (let round = 1; round <= settings.attemptsMax; round++) {
    if (round > 1) {
      const wait = backoffMs(settings, round - 1, retryAfterMs);
      if (Date.now() + wait > deadline) break;
      await settings.sleep(wait);
    }
    if (run.mustProbe) {
      const probe = await probeBatch(connection, batch.messageId);
      if (probe !== 'RESEND_SAME_KEY') requests++;
      if (probe === 'HAS_IT') {
        await recordAcknowledged(ctx, run.actor, batch, run.endpoint.kind, await latestUnresolvedAttempt(ctx.db.orm, batch.id), 'status-query');
        return { outcome: 'ACKNOWLEDGED', requests, resolvedBy: 'status-query' };
      }
      if (probe === 'NO_ANSWER') continue;
      // NOT_FOUND: the provider certainly lacks it, so the same request may go again; RESEND_SAME_KEY:
      // the same request goes again, and a provider that has it answers from its record.
    }
    const attemptId = await insertAttempt(ctx.db.orm, batch, run.endpoint.kind, round);
    crashPoint('send.after-attempt-committed');
    if (submission === null) {
      const built = await buildOrReject(run, attemptId);
      if ('outcome' in built) return { ...built, requests };
      submission = built;
    }
    requests++;
    const answer = await submitBatch(connection, batch.messageId, submission);
    crashPoint('send.after-provider-answered');
    if (answer.kind === 'ok') {
      await recordAcknowledged(ctx, run.actor, batch, run.endpoint.kind, attemptId, 'submit');
      crashPoint('send.after-marked-sent');
      return { outcome: 'ACKNOWLEDGED', requests, resolvedBy: 'submit' };
    }
    if (answer.kind === 'refused') {
      const error = { status: answer.status, code: answer.code, message: answer.message };
      await recordRejected(ctx, run.actor, batch, attemptId, error);
      return { outcome: 'REJECTED', requests, error };
    }
    await finishAttempt(ctx.db.orm, attemptId, 'UNKNOWN', answerDetail(answer));
    lastError = answer.kind === 'busy' ? { status: answer.status, code: answer.code, message: 'provider busy' } : { status: null, code: null, message: answer.reason };
    retryAfterMs = answer.kind === 'busy' ? answer.retryAfterMs : null;
    run.mustProbe = true;
  }
  return { outcome: 'UNKNOWN', requests, ...(lastError ? { error: lastError } : {}) };
}

// ─── The cycle ───────────────────────────────────────────────────────────────────────────────────

type Decision = { send: true; endpoint: ProviderEndpoint; mustProbe: boolean } | { send: false; outcome: BatchSendOutcome; reason?: string };

function decide(batch: SendableBatch, state: AttemptState | undefined, endpoint: ProviderEndpoint | undefined): Decision {
  if (state?.acknowledged) return { send: false, outcome: 'ALREADY_ACKNOWLEDGED' };
  if (state?.lastState === 'REJECTED') return { send: false, outcome: 'REJECTED', reason: 'PREVIOUSLY_REJECTED' };
  if (batch.sentAt !== null && (state?.attempts ?? 0) === 0) return { send: false, outcome: 'SKIPPED', reason: 'HANDED_OVER_BY_FILE' };
  // Its file was downloaded (and may be with the provider already): the officer hands it over
  // (handover.service.ts); sending it through the connection too could pay twice.
  if (batch.fileMade && (state?.attempts ?? 0) === 0) return { send: false, outcome: 'SKIPPED', reason: 'FILE_DOWNLOADED' };
  if (!endpoint) return { send: false, outcome: 'SKIPPED', reason: 'NO_ENDPOINT' };
  if (!groupsByKind[endpoint.kind].includes(batch.channelGroup)) return { send: false, outcome: 'SKIPPED', reason: 'ENDPOINT_KIND_MISMATCH' };
  return { send: true, endpoint, mustProbe: state?.lastState === 'SENDING' || state?.lastState === 'UNKNOWN' };
}

function summarise(cycleId: number, batches: BatchSendResult[]): SendReport {
  const count = (...outcomes: BatchSendOutcome[]) => batches.filter((batch) => outcomes.includes(batch.outcome)).length;
  return { cycleId, batches, acknowledged: count('ACKNOWLEDGED', 'ALREADY_ACKNOWLEDGED'), rejected: count('REJECTED'), unknown: count('UNKNOWN'), skipped: count('SKIPPED') };
}

/**
 * Sends every batch of the cycle that the provider has not acknowledged yet, one after the other
 * (a provider prefers one file at a time, and the trace stays readable). Safe to run again at any
 * moment, including after a crash or alongside another run on this server or another one: each
 * batch is claimed (`withLock`) while it is sent, and a batch claimed elsewhere is SKIPPED with
 * IN_PROGRESS.
 */
export async function sendCycle(ctx: AppContext, actor: Actor, cycleId: number, options: SendOptions = {}): Promise<SendReport> {
  requirePermission(actor, 'disbursement.send');
  await loadCycleForDisbursement(ctx.db.orm, actor, cycleId);
  const settings = settingsOf(options);
  const batches = await loadSendableBatches(ctx.db.orm, cycleId);
  const states = await attemptStates(ctx.db.orm, cycleId);
  // Without an approved paying account for a bank or wallet batch still to send, the cycle stops
  // here: no request, no attempt recorded (PAYER_ACCOUNT_MISSING, debtor.ts).
  for (const batch of batches) {
    const state = states.get(batch.id);
    if (batch.channelGroup !== 'CASH' && batch.sentAt === null && !state?.acknowledged && state?.lastState !== 'REJECTED') await debtorOfBatch(ctx.db.orm, batch.id);
  }
  const results: BatchSendResult[] = [];
  for (const batch of batches) {
    const base = { batchId: batch.id, messageId: batch.messageId, providerCode: batch.providerCode, channelGroup: batch.channelGroup, round: batch.round };
    const endpoint = await findEndpoint(ctx.db.orm, batch.providerCode);
    const decision = decide(batch, states.get(batch.id), endpoint);
    if (!decision.send) {
      results.push({ ...base, endpointKind: endpoint?.kind ?? null, outcome: decision.outcome, requests: 0, ...(decision.reason ? { reason: decision.reason } : {}) });
      continue;
    }
    // One sender per batch across every server on the database (and every request to this one):
    // the batch is claimed for the whole send; another run meanwhile skips it (IN_PROGRESS).
    const claimed = await ctx.db.withLock({ name: 'disbursement.send', id: batch.id }, () => sendClaimed(ctx, actor, cycleId, batch.id, settings), { wait: false });
    results.push(claimed.acquired ? { ...base, ...claimed.value } : { ...base, endpointKind: decision.endpoint.kind, outcome: 'SKIPPED', requests: 0, reason: 'IN_PROGRESS' });
  }
  return summarise(cycleId, results);
}

/**
 * A claimed batch: its state is read again (another server may have sent it since the cycle was
 * read, and released it), and only then is it sent. A SENDING attempt found here was left by a run
 * that is gone (a live one would hold the claim): its outcome is unknown, so the provider is asked
 * first.
 */
async function sendClaimed(ctx: AppContext, actor: Actor, cycleId: number, batchId: number, settings: Settings): Promise<Omit<BatchSendResult, keyof SendableBatchBase>> {
  const batch = (await loadSendableBatches(ctx.db.orm, cycleId)).find((candidate) => candidate.id === batchId);
  if (!batch) throw new Error(`batch ${batchId} of cycle ${cycleId} is no longer sendable`);
  const state = (await attemptStates(ctx.db.orm, cycleId)).get(batchId);
  const endpoint = await findEndpoint(ctx.db.orm, batch.providerCode);
  const decision = decide(batch, state, endpoint);
  if (!decision.send) return { endpointKind: endpoint?.kind ?? null, outcome: decision.outcome, requests: 0, ...(decision.reason ? { reason: decision.reason } : {}) };
  await markInterrupted(ctx.db.orm, batch.id);
  const result = await sendBatch({ ctx, actor, batch, endpoint: decision.endpoint, settings, mustProbe: decision.mustProbe });
  return { endpointKind: decision.endpoint.kind, ...result };
}

type SendableBatchBase = Pick<BatchSendResult, 'batchId' | 'messageId' | 'providerCode' | 'channelGroup' | 'round'>;
