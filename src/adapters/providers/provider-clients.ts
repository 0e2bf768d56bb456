import { randomUUID } from 'node:crypto';
import {
  buildTxnStatusRequest, parseG2pAck, parseSyncTxnStatus, signG2pBody, type G2pAckResult, type G2pDisburseResult,
} from '../../modules/formats/g2p-connect.js';
import { exchange, type ProviderAnswer } from './provider-http.js';
import {
  controlSumHeader,
  g2pSenderId,
  g2pSignatureValiditySeconds,
  idempotencyKeyHeader,
  itemCountHeader,
  bankReportPath,
  bankReportTypes,
  providerPaths,
  vietnamTimestamp,
  type BankReportEntry,
  type BankReportList,
} from './provider-protocol.js';

/**
 * The calls ASXH Pay makes to a provider, per kind: hand a batch over, ask whether the provider
 * already has it (after a timeout, before any resend), and fetch results. One exchange each; the
 * retry policy belongs to the caller (send.service), which knows what is safe.
 */
export type ProviderEndpointKind = 'BANK_H2H' | 'G2P' | 'POSTAL';

export interface ProviderConnection {
  kind: ProviderEndpointKind;
  baseUrl: string;
  secret: string;
  timeoutMs: number;
  fetch: typeof fetch;
  now: () => Date;
  /** G2P Connect: sent as `Authorization: Bearer …` when set. */
  bearerToken?: string | null;
  /** G2P Connect: our ed25519 private key (PKCS#8 PEM); when set every body carries a `signature`. */
  signingKeyPem?: string | null;
  /** G2P Connect: ASYNC = /disburse/txn/status (an Ack, the result to on-status), SYNC = /disburse/sync/txn/status. */
  statusMode?: 'ASYNC' | 'SYNC';
  /** G2P Connect: where the provider sends on-status callbacks (the status request's `sender_uri`). */
  onStatusUrl?: string | null;
}

export type BatchSubmission =
  | { kind: 'BANK_H2H'; body: Buffer }
  | { kind: 'G2P'; body: string }
  | { kind: 'POSTAL'; body: string; itemCount: number; controlSumVnd: string };

/** A read's result: the body, or the answer that explains why there is none. */
export type Fetched = { ok: true; body: string } | { ok: false; answer: Exclude<ProviderAnswer, { kind: 'ok' }> };

/**
 * The provider has the batch, certainly does not have it, or could not say. RESEND_SAME_KEY: no
 * synchronous way to ask (a G2P provider whose status answers come by callback only), and a
 * resend with the same Idempotency-Key and message_id is answered from the provider's record.
 */
export type Probe = 'HAS_IT' | 'NOT_FOUND' | 'NO_ANSWER' | 'RESEND_SAME_KEY';

function nowSeconds(connection: ProviderConnection): number {
  return Math.floor(connection.now().getTime() / 1000);
}

function call(connection: ProviderConnection, request: { method: 'GET' | 'POST'; path: string; body?: string | Buffer; contentType?: string; headers?: Record<string, string> }): Promise<ProviderAnswer> {
  return exchange({
    ...request,
    baseUrl: connection.baseUrl,
    secret: connection.secret,
    ...(connection.kind === 'G2P' ? { bearerToken: connection.bearerToken ?? null } : {}),
    timeoutMs: connection.timeoutMs,
    fetch: connection.fetch,
    nowSeconds: nowSeconds(connection),
  });
}

/** A G2P body as sent: with our ed25519 `signature` when the connection has a signing key. */
function g2pWireBody(connection: ProviderConnection, envelope: { header: object; message?: unknown }): string {
  if (!connection.signingKeyPem) return JSON.stringify(envelope);
  return JSON.stringify(signG2pBody(envelope, { privateKeyPem: connection.signingKeyPem, senderId: g2pSenderId, createdSeconds: nowSeconds(connection), validitySeconds: g2pSignatureValiditySeconds }));
}

function jsonOrNull(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

/** Ack error codes that say "not now" (the receiver does not have the message; the same one may go again). */
const g2pRetryableErrors: ReadonlySet<string> = new Set(['err.request.timeout', 'err.request.too_many_requests', 'err.service.unavailable']);

/**
 * A G2P answer to an asynchronous request read as its Ack: only an ACK means the provider has
 * the message. A 2xx without an Ack says nothing (the outcome is unknown); a NACK or ERR is a
 * refusal with its error code, or "busy" when the code says to try later.
 */
export function g2pAckAnswer(answer: ProviderAnswer): ProviderAnswer & { ack?: G2pAckResult } {
  if (answer.kind !== 'ok') return answer;
  const ack = parseG2pAck(jsonOrNull(answer.body));
  if (!ack) return { kind: 'no-answer', reason: `HTTP ${answer.status} without a G2P Connect Ack` };
  if (ack.ackStatus === 'ACK') return { ...answer, ack };
  if (ack.errorCode !== null && g2pRetryableErrors.has(ack.errorCode)) return { kind: 'busy', status: answer.status, code: ack.errorCode, retryAfterMs: null };
  return { kind: 'refused', status: answer.status, code: ack.errorCode ?? ack.ackStatus, message: ack.errorMessage ?? `${ack.ackStatus} without an error` };
}

function fetched(answer: ProviderAnswer): Fetched {
  return answer.kind === 'ok' ? { ok: true, body: answer.body } : { ok: false, answer };
}

/** Hands the batch over; the idempotency key is the batch's message id on every kind. */
export function submitBatch(connection: ProviderConnection, messageId: string, submission: BatchSubmission): Promise<ProviderAnswer> {
  const headers = { [idempotencyKeyHeader]: messageId };
  switch (submission.kind) {
    case 'BANK_H2H':
      return call(connection, { method: 'POST', path: providerPaths.bankUpload, body: submission.body, contentType: 'application/xml; charset=utf-8', headers });
    case 'G2P': {
      const body = g2pWireBody(connection, JSON.parse(submission.body) as { header: object; message: unknown });
      return call(connection, { method: 'POST', path: providerPaths.walletDisburse, body, contentType: 'application/json', headers }).then(g2pAckAnswer);
    }
    case 'POSTAL':
      return call(connection, {
        method: 'POST',
        path: providerPaths.postalLists,
        body: submission.body,
        contentType: 'text/csv; charset=utf-8',
        headers: { ...headers, [itemCountHeader]: String(submission.itemCount), [controlSumHeader]: submission.controlSumVnd },
      });
  }
}

export function listBankReports(connection: ProviderConnection, messageId: string): Promise<{ ok: true; reports: BankReportEntry[] } | { ok: false; answer: Exclude<ProviderAnswer, { kind: 'ok' }> }> {
  return call(connection, { method: 'GET', path: `${providerPaths.bankReports}?originalMessageId=${encodeURIComponent(messageId)}` }).then((answer) => {
    if (answer.kind !== 'ok') return { ok: false, answer };
    let parsed: Partial<BankReportList>;
    try {
      parsed = JSON.parse(answer.body) as Partial<BankReportList>;
    } catch {
      // Garbage from the bank is the bank's trouble: like an outage, try again later.
      return { ok: false, answer: { kind: 'busy', status: 502, code: 'BAD_RESPONSE', retryAfterMs: null } };
    }
    const reports = Array.isArray(parsed.reports) ? parsed.reports.filter((entry) => typeof entry.id === 'string' && bankReportTypes.includes(entry.type)) : [];
    return { ok: true, reports };
  });
}

export async function fetchBankReport(connection: ProviderConnection, report: BankReportEntry): Promise<Fetched> {
  return fetched(await call(connection, { method: 'GET', path: bankReportPath(report) }));
}

export async function fetchCashConfirmations(connection: ProviderConnection, messageId: string): Promise<Fetched> {
  return fetched(await call(connection, { method: 'GET', path: providerPaths.postalConfirmations(messageId) }));
}

export type G2pStatusAnswer =
  /** SYNC: the statuses (none, with a header `rjct`, when the provider does not know the transaction). */
  | { ok: true; mode: 'SYNC'; result: G2pDisburseResult }
  /** ASYNC: the provider acknowledged the query; the result comes to our on-status callback. */
  | { ok: true; mode: 'ASYNC'; ack: G2pAckResult }
  | { ok: false; answer: Exclude<ProviderAnswer, { kind: 'ok' }> };

/** Asks for a transaction's statuses by its id, the way the connection's status mode says. */
export async function queryG2pStatus(connection: ProviderConnection, messageId: string): Promise<G2pStatusAnswer> {
  const sync = connection.statusMode === 'SYNC';
  const request = buildTxnStatusRequest({
    messageId: randomUUID(),
    messageTs: vietnamTimestamp(connection.now()),
    senderId: g2pSenderId,
    ...(!sync && connection.onStatusUrl ? { senderUri: connection.onStatusUrl } : {}),
    transactionId: messageId,
    referenceId: randomUUID(),
    query: { attributeType: 'transaction_id', value: messageId },
    ...(sync ? { action: 'search' } : {}),
  });
  const answer = await call(connection, { method: 'POST', path: sync ? providerPaths.walletSyncStatus : providerPaths.walletStatus, body: g2pWireBody(connection, request) });
  if (!sync) {
    const read = g2pAckAnswer(answer);
    if (read.kind !== 'ok') return { ok: false, answer: read };
    return { ok: true, mode: 'ASYNC', ack: read.ack! };
  }
  if (answer.kind !== 'ok') return { ok: false, answer };
  const json = jsonOrNull(answer.body);
  // Garbage from the provider is the provider's trouble: like an outage, ask again later.
  if (json === null) return { ok: false, answer: { kind: 'busy', status: 502, code: 'BAD_RESPONSE', retryAfterMs: null } };
  return { ok: true, mode: 'SYNC', result: parseSyncTxnStatus(json) };
}

/** SYNC: statuses for the transaction mean the provider has it; a header-only answer or a 404 that it does not. */
async function probeG2p(connection: ProviderConnection, messageId: string): Promise<Probe> {
  if (connection.statusMode !== 'SYNC') return 'RESEND_SAME_KEY';
  let status: G2pStatusAnswer;
  try {
    status = await queryG2pStatus(connection, messageId);
  } catch {
    return 'NO_ANSWER';
  }
  if (!status.ok) return status.answer.kind === 'refused' && status.answer.status === 404 ? 'NOT_FOUND' : 'NO_ANSWER';
  if (status.mode !== 'SYNC') return 'NO_ANSWER';
  if (status.result.transactionId === messageId && status.result.statuses.length > 0) return 'HAS_IT';
  return status.result.header.status === 'rjct' ? 'NOT_FOUND' : 'NO_ANSWER';
}

function probeOf(result: Fetched, has: (body: string) => boolean): Probe {
  if (result.ok) return has(result.body) ? 'HAS_IT' : 'NOT_FOUND';
  return result.answer.kind === 'refused' && result.answer.status === 404 ? 'NOT_FOUND' : 'NO_ANSWER';
}

/**
 * Does the provider already have this batch? Banks: any status report about the MsgId (and a
 * re-upload with the same MsgId is deduplicated anyway); G2P: txn/status; VNPost: the list's
 * confirmations exist.
 */
export async function probeBatch(connection: ProviderConnection, messageId: string): Promise<Probe> {
  switch (connection.kind) {
    case 'BANK_H2H': {
      const listed = await listBankReports(connection, messageId);
      if (!listed.ok) return 'NO_ANSWER';
      return listed.reports.length > 0 ? 'HAS_IT' : 'NOT_FOUND';
    }
    case 'G2P':
      return probeG2p(connection, messageId);
    case 'POSTAL':
      return probeOf(await fetchCashConfirmations(connection, messageId), () => true);
  }
}
