import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { idempotencyKeyHeader, providerPaths, vietnamTimestamp, type G2pAck } from '../../adapters/providers/provider-protocol.js';
import type { G2pStatus } from '../../modules/formats/g2p-connect.js';
import { signWebhook } from '../../modules/formats/webhook.js';
import { isRejection, reasonTexts, simulatorBounds, unitHash } from './simulator-config.js';
import { sendError, unauthorized, type SimulatorRuntime } from './simulator-runtime.js';

/**
 * An e-wallet / Mobile Money provider speaking G2P Connect (PAYMENT-FORMATS §3.2, §6.3, §7):
 *
 * - POST /disburse with a required Idempotency-Key: same key and same body → the stored answer
 *   replayed; same key, different body → 422; a duplicate while the original is in progress → 409.
 * - After the ACK, on-disburse callbacks signed with X-Asxh-Signature go to the registered callback
 *   URL (or header.sender_uri): sometimes twice (same message_id), sometimes followed by a stale
 *   late "pdng"; with partial acceptance a first callback carries the rejections and "pdng".
 * - POST /disburse/txn/status answers synchronously with the current statuses, in the on-disburse
 *   envelope; an unknown transaction is 404, so the client knows a resend is safe.
 *
 * The ISO reason of a rejection travels as the prefix of status_reason_message ("AC04: …").
 */

interface StatusLine {
  reference_id: string;
  timestamp: string;
  status: G2pStatus;
  status_reason_code?: string;
  status_reason_message?: string;
  amount: string;
}

interface WalletTransaction {
  transactionId: string;
  key: string;
  receiverId: string | null;
  callbackUrl: string | null;
  statuses: StatusLine[];
  callbacks: number;
}

interface IdempotencyEntry {
  fingerprint: string;
  state: 'in_progress' | 'done';
  status: number;
  body: string;
}

interface DisburseRequest {
  senderId: string | null;
  senderUri: string | null;
  transactionId: string;
  disbursements: { referenceId: string; amount: string }[];
}

const amountPattern = /^\d{1,13}\.\d{1,2}$/;
const callbackTimeoutMs = 5_000;

class BadRequest extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadRequest('err.request.bad', `${path} must be an object`);
  return value as Record<string, unknown>;
}

function optionalText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Keys sorted at every level: the fingerprint ignores formatting and key order, not content. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function parseJson(body: unknown): unknown {
  try {
    return JSON.parse(typeof body === 'string' ? body : '');
  } catch {
    throw new BadRequest('err.request.bad', 'the body is not JSON');
  }
}

function parseDisburse(json: unknown): DisburseRequest {
  const root = record(json, 'body');
  const header = record(root.header, 'header');
  const message = record(root.message, 'message');
  if (header.action !== 'disburse') throw new BadRequest('rjct.action.invalid', 'header.action must be disburse');
  const transactionId = optionalText(message.transaction_id);
  if (transactionId === null || !/^\S{1,99}$/.test(transactionId)) throw new BadRequest('err.request.bad', 'message.transaction_id is required');
  const list = message.disbursements;
  if (!Array.isArray(list) || list.length === 0 || list.length > simulatorBounds.itemsPerBatchMax) throw new BadRequest('err.request.bad', 'message.disbursements must be a non-empty array');
  if (header.total_count !== list.length) throw new BadRequest('rjct.total_count.invalid', `header.total_count ≠ ${list.length}`);
  const disbursements = list.map((item, index) => {
    const entry = record(item, `disbursements[${index}]`);
    const referenceId = optionalText(entry.reference_id);
    const amount = optionalText(entry.amount);
    if (referenceId === null) throw new BadRequest('rjct.reference_id.invalid', `disbursements[${index}].reference_id is required`);
    if (amount === null || !amountPattern.test(amount)) throw new BadRequest('rjct.amount.invalid', `disbursements[${index}].amount must match ^\\d{1,13}\\.\\d{1,2}$`);
    return { referenceId, amount };
  });
  if (new Set(disbursements.map((item) => item.referenceId)).size !== disbursements.length) throw new BadRequest('rjct.reference_id.duplicate', 'reference_id not unique');
  return { senderId: optionalText(header.sender_id), senderUri: optionalText(header.sender_uri), transactionId, disbursements };
}

function ack(timestamp: string, correlationId: string): G2pAck {
  return { message: { ack_status: 'ACK', timestamp, correlation_id: correlationId } };
}

export function registerWalletRoutes(app: FastifyInstance, runtime: SimulatorRuntime): void {
  let keys = new Map<string, IdempotencyEntry>();
  let transactions = new Map<string, WalletTransaction>();
  let seenKeys = new Set<string>();
  runtime.onReset(() => {
    keys = new Map();
    transactions = new Map();
    seenKeys = new Set();
  });

  const envelope = (transaction: WalletTransaction, messageId: string, statuses: readonly StatusLine[]) => {
    const completed = statuses.filter((line) => line.status === 'succ' || line.status === 'rjct').length;
    return {
      header: {
        version: '1.0.0',
        message_id: messageId,
        message_ts: vietnamTimestamp(runtime.now()),
        action: 'on-disburse',
        status: completed === statuses.length ? 'succ' : 'pdng',
        total_count: statuses.length,
        completed_count: completed,
        sender_id: 'wallet.simulator',
        ...(transaction.receiverId ? { receiver_id: transaction.receiverId } : {}),
        is_msg_encrypted: false,
      },
      message: { transaction_id: transaction.transactionId, disbursements_status: statuses },
    };
  };

  /** Bounded retries with backoff: our side may answer 409 while it records the ACK. */
  const deliver = async (url: string, body: string): Promise<void> => {
    for (let attempt = 1; attempt <= simulatorBounds.callbackAttemptsMax && !runtime.closed; attempt++) {
      runtime.stats.callbacks.sent++;
      try {
        const response = await runtime.fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-asxh-signature': signWebhook(runtime.secret, body, runtime.nowSeconds()) },
          body,
          signal: AbortSignal.timeout(callbackTimeoutMs),
        });
        await response.arrayBuffer();
        if (response.ok) {
          runtime.stats.callbacks.delivered++;
          return;
        }
      } catch {
        // unreachable receiver: retried below
      }
      await runtime.pause(100 * 2 ** (attempt - 1));
    }
    runtime.stats.callbacks.failed++;
  };

  const callback = async (transaction: WalletTransaction, statuses: readonly StatusLine[], late = false) => {
    if (!transaction.callbackUrl) return;
    transaction.callbacks++;
    const messageId = `${transaction.transactionId}-CB${transaction.callbacks}`;
    const body = JSON.stringify(envelope(transaction, messageId, statuses));
    if (late) runtime.stats.callbacks.late++;
    await deliver(transaction.callbackUrl, body);
    if (unitHash(runtime.seed, messageId, 'duplicate-callback') < runtime.config.duplicateRate) {
      runtime.stats.callbacks.duplicates++;
      await deliver(transaction.callbackUrl, body);
    }
  };

  const pendingView = (statuses: readonly StatusLine[]): StatusLine[] =>
    statuses.map((line) => (line.status === 'succ' ? { reference_id: line.reference_id, timestamp: line.timestamp, status: 'pdng', amount: line.amount } : line));

  const callbacks = async (transaction: WalletTransaction) => {
    await runtime.pause(runtime.config.callbackDelayMs);
    if (runtime.config.partialAcceptance) await callback(transaction, pendingView(transaction.statuses));
    await callback(transaction, transaction.statuses);
    if (unitHash(runtime.seed, transaction.transactionId, 'late-callback') < runtime.config.lateCallbackRate) {
      await runtime.pause(runtime.config.lateCallbackMs);
      // A stale "still pending" arriving after the final word: the receiver must not go backwards.
      await callback(transaction, pendingView(transaction.statuses), true);
    }
  };

  const processRequest = (request: DisburseRequest, key: string): WalletTransaction => {
    const timestamp = vietnamTimestamp(runtime.now());
    const statuses = request.disbursements.map(({ referenceId, amount }): StatusLine => {
      const outcome = runtime.outcomeOf(referenceId);
      if (!isRejection(outcome)) return { reference_id: referenceId, timestamp, status: 'succ', amount };
      return { reference_id: referenceId, timestamp, status: 'rjct', status_reason_code: 'rjct.payee_fa.invalid', status_reason_message: `${outcome}: ${reasonTexts[outcome]}`, amount };
    });
    const transaction: WalletTransaction = {
      transactionId: request.transactionId,
      key,
      receiverId: request.senderId,
      callbackUrl: runtime.config.callbackUrl ?? request.senderUri,
      statuses,
      callbacks: 0,
    };
    transactions.set(transaction.transactionId, transaction);
    runtime.recordProcessed(key, statuses.filter((line) => line.status === 'succ').map((line) => line.reference_id));
    runtime.track(callbacks(transaction));
    return transaction;
  };

  /** The idempotency rules of §6.3; undefined when the request is new and may be processed. */
  const replayOrConflict = (reply: FastifyReply, key: string, fingerprint: string): FastifyReply | undefined => {
    const entry = keys.get(key);
    if (!entry) return undefined;
    if (entry.fingerprint !== fingerprint) {
      runtime.stats.mismatches++;
      return sendError(reply, 422, 'err.idempotency_key.mismatch', 'Idempotency-Key reused with a different body');
    }
    if (entry.state === 'in_progress') {
      runtime.stats.conflicts++;
      return sendError(reply, 409, 'err.request.in_progress', 'the original request is still being processed');
    }
    runtime.stats.replays++;
    return reply.code(entry.status).type('application/json').send(entry.body);
  };

  app.post(providerPaths.walletDisburse, async (request, reply) => {
    runtime.stats.submissions++;
    if (!runtime.verify(request)) return unauthorized(reply);
    const key = request.headers[idempotencyKeyHeader];
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) return sendError(reply, 400, 'err.request.bad', 'Idempotency-Key header is required');
    let parsed: DisburseRequest;
    let fingerprint: string;
    try {
      const json = parseJson(request.body);
      fingerprint = createHash('sha256').update(canonical(json)).digest('hex');
      const early = replayOrConflict(reply, key, fingerprint);
      if (early) return early;
      parsed = parseDisburse(json);
    } catch (error) {
      runtime.stats.refused++;
      if (error instanceof BadRequest) return sendError(reply, 400, error.code, error.message);
      throw error;
    }
    const known = transactions.get(parsed.transactionId);
    if (known && known.key !== key) {
      runtime.stats.mismatches++;
      return sendError(reply, 422, 'rjct.reference_id.duplicate', `transaction ${parsed.transactionId} was already submitted under another key`);
    }
    if (runtime.config.refuseSubmissions) {
      // A validation failure stores nothing (Stripe's rule), so a corrected request may follow.
      runtime.stats.refused++;
      return sendError(reply, 400, runtime.config.refuseSubmissions, 'the disbursement was refused by validation');
    }
    if (transactions.size >= simulatorBounds.batchesMax) return sendError(reply, 503, 'err.service.unavailable', 'simulator full');
    const hang = !seenKeys.has(key) && runtime.config.hangFirstRequestMs > 0;
    seenKeys.add(key);
    if (hang && !runtime.config.hangProcesses) {
      await runtime.pause(runtime.config.hangFirstRequestMs);
      return sendError(reply, 503, 'err.request.timeout', 'lost');
    }
    keys.set(key, { fingerprint, state: 'in_progress', status: 0, body: '' });
    if (runtime.config.processingMs > 0) await runtime.pause(runtime.config.processingMs);
    processRequest(parsed, key);
    const body = JSON.stringify(ack(vietnamTimestamp(runtime.now()), key));
    keys.set(key, { fingerprint, state: 'done', status: 200, body });
    if (hang) await runtime.pause(runtime.config.hangFirstRequestMs);
    return reply.code(200).type('application/json').send(body);
  });

  const statusesFor = (message: Record<string, unknown>): { transaction: WalletTransaction; statuses: StatusLine[] } | null => {
    const query = typeof message.txnstatus_request === 'object' && message.txnstatus_request !== null ? (message.txnstatus_request as Record<string, unknown>) : {};
    if (query.attribute_type === 'reference_id_list' && Array.isArray(query.attribute_value)) {
      const wanted = new Set(query.attribute_value.filter((value): value is string => typeof value === 'string'));
      for (const transaction of transactions.values()) {
        const statuses = transaction.statuses.filter((line) => wanted.has(line.reference_id));
        if (statuses.length > 0) return { transaction, statuses };
      }
      return null;
    }
    const id = optionalText(query.attribute_value) ?? optionalText(message.transaction_id);
    const transaction = id === null ? undefined : transactions.get(id);
    return transaction ? { transaction, statuses: transaction.statuses } : null;
  };

  app.post(providerPaths.walletStatus, async (request, reply) => {
    if (!runtime.verify(request)) return unauthorized(reply);
    runtime.stats.statusQueries++;
    let message: Record<string, unknown>;
    try {
      message = record(record(parseJson(request.body), 'body').message, 'message');
    } catch (error) {
      if (error instanceof BadRequest) return sendError(reply, 400, error.code, error.message);
      throw error;
    }
    const found = statusesFor(message);
    if (!found) return sendError(reply, 404, 'err.request.not_found', 'no such transaction');
    const statusMessageId = `${found.transaction.transactionId}-ST${runtime.stats.statusQueries}`;
    return reply.type('application/json').send(JSON.stringify(envelope(found.transaction, statusMessageId, found.statuses)));
  });
}
