import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { idempotencyKeyHeader, providerPaths, vietnamTimestamp } from '../../adapters/providers/provider-protocol.js';
import { buildG2pAck, canonicalJson, signG2pBody, verifyG2pBody, type G2pAckStatus, type G2pStatus } from '../../modules/formats/g2p-connect.js';
import { signWebhook } from '../../modules/formats/webhook.js';
import { isRejection, reasonTexts, simulatorBounds, unitHash } from './simulator-config.js';
import { sendError, unauthorized, type G2pOperation, type SimulatorRuntime } from './simulator-runtime.js';

/**
 * An e-wallet / Mobile Money provider speaking G2P Connect as published (OpenAPI v1.0.0 draft,
 * PAYMENT-FORMATS §3.2, §6.3, §7):
 *
 * - Every request: the X-Asxh-Signature HMAC; `Authorization: Bearer` when a token is configured;
 *   the body's ed25519 `signature` when our public key is configured. Answers to asynchronous
 *   requests are Acks `{ message: { ack_status, timestamp, correlation_id, error? } }` (an invalid
 *   request: ERR with err.request.bad; `nackSubmissions`: a NACK at HTTP 200).
 * - POST /disburse with a required Idempotency-Key: same key and same content → the stored Ack
 *   replayed (the content is header and message: the body signature is transport, new on each
 *   send); same key, different content → 422; a duplicate while the original is in progress → 409.
 * - After the ACK, on-disburse callbacks go to the registered callback URL (or header.sender_uri):
 *   optionally a header-only `pdng` first, sometimes twice (same message_id), sometimes followed by
 *   a stale late "pdng"; with partial acceptance a first callback carries the rejections and "pdng".
 * - POST /disburse/txn/status answers only with an Ack; the statuses go to the caller's
 *   /disburse/txn/on-status (header.sender_uri, or the registered one), sometimes twice. An
 *   unknown transaction gets a header-only `rjct` there.
 * - POST /disburse/sync/txn/status answers at once with the `txnstatus_response` (header-only
 *   `rjct` for an unknown transaction).
 * - Callbacks and synchronous answers carry the provider's ed25519 `signature` when it has a key.
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
const signatureValiditySeconds = 600;
const providerSenderId = 'wallet.simulator';

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


/** What the status endpoints answer for one query: the transaction's statuses, or nothing known. */
interface StatusQuery {
  requestMessageId: string;
  senderUri: string | null;
  found: { transaction: WalletTransaction; statuses: StatusLine[] } | null;
}

/** A refusal of a received request, answered as the spec's Ack ERR (err.* codes only; the specific code leads the message). */
class Refusal extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function registerWalletRoutes(app: FastifyInstance, runtime: SimulatorRuntime): void {
  let keys = new Map<string, IdempotencyEntry>();
  let transactions = new Map<string, WalletTransaction>();
  let seenKeys = new Set<string>();
  let statusAnswers = 0;
  runtime.onReset(() => {
    keys = new Map();
    transactions = new Map();
    seenKeys = new Set();
    statusAnswers = 0;
  });

  const check = (part: 'request' | 'response', operation: G2pOperation, body: unknown, httpStatus: number | null) => runtime.validate?.(part, operation, body, httpStatus);

  /** Signed with the provider's key when it has one. */
  const outgoing = (body: { header: object; message?: unknown }): object =>
    runtime.config.signingKeyPem
      ? signG2pBody(body, { privateKeyPem: runtime.config.signingKeyPem, senderId: providerSenderId, createdSeconds: runtime.nowSeconds(), validitySeconds: signatureValiditySeconds })
      : body;

  const sendAck = (reply: FastifyReply, operation: G2pOperation, httpStatus: number, ackStatus: G2pAckStatus, correlationId: string, error?: { code: string; message: string }): FastifyReply => {
    const body = buildG2pAck(ackStatus, vietnamTimestamp(runtime.now()), correlationId.slice(0, 99), error);
    check('response', operation, body, httpStatus);
    return reply.code(httpStatus).type('application/json').send(JSON.stringify(body));
  };

  const refuse = (reply: FastifyReply, operation: G2pOperation, refusal: Refusal): FastifyReply => {
    runtime.stats.refused++;
    return sendAck(reply, operation, refusal.httpStatus, 'ERR', 'none', { code: refusal.code, message: refusal.message });
  };

  /**
   * Transport and authentication of a received request: the bearer token, the HMAC, the JSON, the
   * published schema (the test's hook), and the ed25519 body signature. Returns the body, or the
   * reply already sent.
   */
  const receive = (request: FastifyRequest, reply: FastifyReply, operation: G2pOperation): { json: Record<string, unknown> } | { sent: FastifyReply } => {
    const token = runtime.config.bearerToken;
    if (token !== null && request.headers.authorization !== `Bearer ${token}`) {
      runtime.stats.unauthorized++;
      return { sent: sendError(reply, 401, 'err.request.unauthorized', 'missing or wrong bearer token') };
    }
    if (!runtime.verify(request)) return { sent: unauthorized(reply) };
    try {
      const json = record(parseJson(request.body), 'body');
      try {
        check('request', operation, json, null);
      } catch (error) {
        throw new Refusal(400, 'err.request.bad', `not as published: ${error instanceof Error ? error.message : String(error)}`.slice(0, 999));
      }
      const publicKeyPem = runtime.config.clientPublicKeyPem;
      if (publicKeyPem !== null) {
        const verdict = verifyG2pBody(json, { publicKeyPem, nowSeconds: runtime.nowSeconds(), toleranceSeconds: 300 });
        if (!verdict.valid) {
          runtime.stats.unauthorized++;
          throw new Refusal(401, verdict.reason === 'missing' ? 'err.signature.missing' : 'err.signature.invalid', `body signature ${verdict.reason}`);
        }
      }
      return { json };
    } catch (error) {
      if (error instanceof Refusal) return { sent: refuse(reply, operation, error) };
      if (error instanceof BadRequest) return { sent: refuse(reply, operation, new Refusal(400, 'err.request.bad', `${error.code}: ${error.message}`)) };
      throw error;
    }
  };

  const disburseStatus = (transaction: WalletTransaction, statuses: readonly StatusLine[]) => ({ transaction_id: transaction.transactionId, disbursements_status: statuses });

  const callbackHeader = (messageId: string, action: string, status: G2pStatus, counts: { total: number; completed: number }, receiverId: string | null, reason?: string) => ({
    version: '1.0.0',
    message_id: messageId,
    message_ts: vietnamTimestamp(runtime.now()),
    action,
    status,
    ...(reason ? { status_reason_message: reason } : {}),
    total_count: counts.total,
    completed_count: counts.completed,
    sender_id: providerSenderId,
    ...(receiverId ? { receiver_id: receiverId } : {}),
    is_msg_encrypted: false,
  });

  const completedOf = (statuses: readonly StatusLine[]) => statuses.filter((line) => line.status === 'succ' || line.status === 'rjct').length;

  const envelope = (transaction: WalletTransaction, messageId: string, statuses: readonly StatusLine[]) => {
    const completed = completedOf(statuses);
    return {
      header: callbackHeader(messageId, 'on-disburse', completed === statuses.length ? 'succ' : 'pdng', { total: statuses.length, completed }, transaction.receiverId),
      message: disburseStatus(transaction, statuses),
    };
  };

  /** The txnstatus answer (on-status callback or synchronous answer); header-only `rjct` for an unknown transaction. */
  const statusEnvelope = (query: StatusQuery, messageId: string, action: string) => {
    if (!query.found) return { header: callbackHeader(messageId, action, 'rjct', { total: 0, completed: 0 }, null, 'no such transaction') };
    const { transaction, statuses } = query.found;
    const completed = completedOf(statuses);
    return {
      header: callbackHeader(messageId, action, completed === statuses.length ? 'succ' : 'pdng', { total: statuses.length, completed }, transaction.receiverId),
      message: {
        transaction_id: transaction.transactionId,
        correlation_id: messageId,
        txnstatus_response: { txn_type: 'on-disburse', txn_status: disburseStatus(transaction, statuses) },
      },
    };
  };

  /** Bounded retries with backoff: our side may answer 409 while it records the ACK. */
  const deliver = async (url: string, operation: G2pOperation, envelopeBody: { header: object; message?: unknown }): Promise<void> => {
    const signed = outgoing(envelopeBody);
    check('request', operation, signed, null);
    const body = JSON.stringify(signed);
    for (let attempt = 1; attempt <= simulatorBounds.callbackAttemptsMax && !runtime.closed; attempt++) {
      runtime.stats.callbacks.sent++;
      let answer: { status: number; text: string } | null = null;
      try {
        const response = await runtime.fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-asxh-signature': signWebhook(runtime.secret, body, runtime.nowSeconds()) },
          body,
          signal: AbortSignal.timeout(callbackTimeoutMs),
        });
        answer = { status: response.status, text: await response.text() };
      } catch {
        // unreachable receiver: retried below
      }
      if (answer && answer.status >= 200 && answer.status < 300) {
        // The receiver's answer must be an Ack too.
        check('response', operation, JSON.parse(answer.text) as unknown, answer.status);
        runtime.stats.callbacks.delivered++;
        return;
      }
      await runtime.pause(100 * 2 ** (attempt - 1));
    }
    runtime.stats.callbacks.failed++;
  };

  const callback = async (transaction: WalletTransaction, statuses: readonly StatusLine[], late = false) => {
    if (!transaction.callbackUrl) return;
    transaction.callbacks++;
    const messageId = `${transaction.transactionId}-CB${transaction.callbacks}`;
    const body = envelope(transaction, messageId, statuses);
    if (late) runtime.stats.callbacks.late++;
    await deliver(transaction.callbackUrl, '/on-disburse', body);
    if (unitHash(runtime.seed, messageId, 'duplicate-callback') < runtime.config.duplicateRate) {
      runtime.stats.callbacks.duplicates++;
      await deliver(transaction.callbackUrl, '/on-disburse', body);
    }
  };

  /** "Still working", with nothing but a header (the spec allows a callback without a message). */
  const headerOnlyCallback = async (transaction: WalletTransaction) => {
    if (!transaction.callbackUrl) return;
    transaction.callbacks++;
    const messageId = `${transaction.transactionId}-CB${transaction.callbacks}`;
    const header = callbackHeader(messageId, 'on-disburse', 'pdng', { total: transaction.statuses.length, completed: 0 }, transaction.receiverId);
    await deliver(transaction.callbackUrl, '/on-disburse', { header });
  };

  const pendingView = (statuses: readonly StatusLine[]): StatusLine[] =>
    statuses.map((line) => (line.status === 'succ' ? { reference_id: line.reference_id, timestamp: line.timestamp, status: 'pdng', amount: line.amount } : line));

  const callbacks = async (transaction: WalletTransaction) => {
    await runtime.pause(runtime.config.callbackDelayMs);
    if (runtime.config.headerOnlyPending) await headerOnlyCallback(transaction);
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
    const received = receive(request, reply, '/disburse');
    if ('sent' in received) return received.sent;
    const key = request.headers[idempotencyKeyHeader];
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) return refuse(reply, '/disburse', new Refusal(400, 'err.request.bad', 'Idempotency-Key header is required'));
    // The content is what the key guards; the body signature is new on every send.
    const fingerprint = createHash('sha256').update(canonicalJson({ header: received.json.header, message: received.json.message })).digest('hex');
    const early = replayOrConflict(reply, key, fingerprint);
    if (early) return early;
    let parsed: DisburseRequest;
    try {
      parsed = parseDisburse(received.json);
    } catch (error) {
      if (error instanceof BadRequest) return refuse(reply, '/disburse', new Refusal(400, 'err.request.bad', `${error.code}: ${error.message}`));
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
    if (runtime.config.nackSubmissions) {
      runtime.stats.refused++;
      return sendAck(reply, '/disburse', 200, 'NACK', key, { code: runtime.config.nackSubmissions, message: 'the disbursement is not taken' });
    }
    if (transactions.size >= simulatorBounds.batchesMax) return sendAck(reply, '/disburse', 503, 'ERR', key, { code: 'err.service.unavailable', message: 'simulator full' });
    const hang = !seenKeys.has(key) && runtime.config.hangFirstRequestMs > 0;
    seenKeys.add(key);
    if (hang && !runtime.config.hangProcesses) {
      await runtime.pause(runtime.config.hangFirstRequestMs);
      return sendError(reply, 503, 'err.request.timeout', 'lost');
    }
    keys.set(key, { fingerprint, state: 'in_progress', status: 0, body: '' });
    if (runtime.config.processingMs > 0) await runtime.pause(runtime.config.processingMs);
    processRequest(parsed, key);
    const ack = buildG2pAck('ACK', vietnamTimestamp(runtime.now()), key);
    check('response', '/disburse', ack, 200);
    const body = JSON.stringify(ack);
    keys.set(key, { fingerprint, state: 'done', status: 200, body });
    if (hang) await runtime.pause(runtime.config.hangFirstRequestMs);
    return reply.code(200).type('application/json').send(body);
  });

  const statusQuery = (json: Record<string, unknown>): StatusQuery => {
    const header = record(json.header, 'header');
    const message = record(json.message, 'message');
    const query = typeof message.txnstatus_request === 'object' && message.txnstatus_request !== null ? (message.txnstatus_request as Record<string, unknown>) : {};
    const base = { requestMessageId: optionalText(header.message_id) ?? 'unknown', senderUri: optionalText(header.sender_uri) };
    if (query.attribute_type === 'reference_id_list' && Array.isArray(query.attribute_value)) {
      const wanted = new Set(query.attribute_value.filter((value): value is string => typeof value === 'string'));
      for (const transaction of transactions.values()) {
        const statuses = transaction.statuses.filter((line) => wanted.has(line.reference_id));
        if (statuses.length > 0) return { ...base, found: { transaction, statuses } };
      }
      return { ...base, found: null };
    }
    const id = optionalText(query.attribute_value) ?? optionalText(message.transaction_id);
    const transaction = id === null ? undefined : transactions.get(id);
    return { ...base, found: transaction ? { transaction, statuses: transaction.statuses } : null };
  };

  const parsedQuery = (reply: FastifyReply, operation: G2pOperation, json: Record<string, unknown>): StatusQuery | FastifyReply => {
    try {
      return statusQuery(json);
    } catch (error) {
      if (error instanceof BadRequest) return refuse(reply, operation, new Refusal(400, 'err.request.bad', error.message));
      throw error;
    }
  };

  // Asynchronous: an Ack now, the statuses to the caller's on-status callback.
  app.post(providerPaths.walletStatus, async (request, reply) => {
    const received = receive(request, reply, '/disburse/txn/status');
    if ('sent' in received) return received.sent;
    runtime.stats.statusQueries++;
    const query = parsedQuery(reply, '/disburse/txn/status', received.json);
    if (!('found' in query)) return query;
    const url = runtime.config.statusCallbackUrl ?? query.senderUri;
    if (!url) return sendAck(reply, '/disburse/txn/status', 200, 'NACK', query.requestMessageId, { code: 'err.sender_uri.invalid', message: 'no on-status URL: neither registered nor in header.sender_uri' });
    const messageId = `ST${++statusAnswers}-${query.requestMessageId}`.slice(0, 99);
    const answer = statusEnvelope(query, messageId, 'on-disburse');
    const answerStatus = async () => {
      await runtime.pause(runtime.config.callbackDelayMs);
      await deliver(url, '/disburse/txn/on-status', answer);
      if (unitHash(runtime.seed, messageId, 'duplicate-callback') < runtime.config.duplicateRate) {
        runtime.stats.callbacks.duplicates++;
        await deliver(url, '/disburse/txn/on-status', answer);
      }
    };
    runtime.track(answerStatus());
    return sendAck(reply, '/disburse/txn/status', 200, 'ACK', messageId);
  });

  app.post(providerPaths.walletSyncStatus, async (request, reply) => {
    const received = receive(request, reply, '/disburse/sync/txn/status');
    if ('sent' in received) return received.sent;
    runtime.stats.statusQueries++;
    const query = parsedQuery(reply, '/disburse/sync/txn/status', received.json);
    if (!('found' in query)) return query;
    const body = outgoing(statusEnvelope(query, `ST${++statusAnswers}-${query.requestMessageId}`.slice(0, 99), 'on-search'));
    check('response', '/disburse/sync/txn/status', body, 200);
    return reply.code(200).type('application/json').send(JSON.stringify(body));
  });
}

