import { randomUUID } from 'node:crypto';
import { buildTxnStatusRequest } from '../../modules/formats/g2p-connect.js';
import { exchange, type ProviderAnswer } from './provider-http.js';
import {
  controlSumHeader,
  g2pSenderId,
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
}

export type BatchSubmission =
  | { kind: 'BANK_H2H'; body: Buffer }
  | { kind: 'G2P'; body: string }
  | { kind: 'POSTAL'; body: string; itemCount: number; controlSumVnd: string };

/** A read's result: the body, or the answer that explains why there is none. */
export type Fetched = { ok: true; body: string } | { ok: false; answer: Exclude<ProviderAnswer, { kind: 'ok' }> };

/** The provider has the batch, certainly does not have it, or could not say. */
export type Probe = 'HAS_IT' | 'NOT_FOUND' | 'NO_ANSWER';

function call(connection: ProviderConnection, request: { method: 'GET' | 'POST'; path: string; body?: string | Buffer; contentType?: string; headers?: Record<string, string> }): Promise<ProviderAnswer> {
  return exchange({ ...request, baseUrl: connection.baseUrl, secret: connection.secret, timeoutMs: connection.timeoutMs, fetch: connection.fetch, nowSeconds: Math.floor(connection.now().getTime() / 1000) });
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
    case 'G2P':
      return call(connection, { method: 'POST', path: providerPaths.walletDisburse, body: submission.body, contentType: 'application/json', headers });
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

/** POST /disburse/txn/status by transaction id; the answer is an on-disburse envelope. */
export async function queryG2pStatus(connection: ProviderConnection, messageId: string): Promise<Fetched> {
  const request = buildTxnStatusRequest({
    messageId: randomUUID(),
    messageTs: vietnamTimestamp(connection.now()),
    senderId: g2pSenderId,
    transactionId: messageId,
    referenceId: randomUUID(),
    query: { attributeType: 'transaction_id', value: messageId },
  });
  return fetched(await call(connection, { method: 'POST', path: providerPaths.walletStatus, body: JSON.stringify(request) }));
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
      return probeOf(await queryG2pStatus(connection, messageId), () => true);
    case 'POSTAL':
      return probeOf(await fetchCashConfirmations(connection, messageId), () => true);
  }
}
