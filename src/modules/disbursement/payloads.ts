import { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { BatchSubmission, ProviderConnection } from '../../adapters/providers/provider-clients.js';
import { g2pOnStatusSuffix, g2pSenderId, postalListColumns } from '../../adapters/providers/provider-protocol.js';
import type { AppContext } from '../../app/context.js';
import { domainError } from '../../core/errors.js';
import { sumVnd, vndToString } from '../../core/money.js';
import type { Executor } from '../../db/client.js';
import type { Actor } from '../access/scope.js';
import { bankFa, buildDisburseRequest, mobileFa, neutraliseFormula, type DisbursementInput } from '../formats/index.js';
import type { EndpointKind, ProviderEndpoint } from './endpoints.service.js';
import { findCallbackBaseUrl, g2pCallbackUrl } from './endpoints.service.js';
import { exportBatchFile } from './files.service.js';
import { debtorOfBatch } from './debtor.js';
import { listSendableBatches, payloadItemPage, type PayloadItemRow, type SendableBatchRow } from './batches.repository.js';

/**
 * What is sent for a batch, per endpoint kind. Every builder is deterministic — the same batch
 * gives the same bytes in any process at any time — because a resend must carry exactly the
 * original content: banks refuse a MsgId with different bytes (DU01) and G2P providers a reused
 * Idempotency-Key with a different body (422). A G2P body's ed25519 `signature` is added at each
 * send (provider-clients.ts), around this content.
 */
export type SendableBatch = SendableBatchRow;

export type Submission = BatchSubmission;

const bounds = {
  /** A pain.001 is held in memory for signing and resending; far above a province's monthly file. */
  bankFileBytesMax: 256 * 1024 * 1024,
  /** Items of one API request (G2P Connect or a cash list). */
  apiItemsPerBatchMax: 200_000,
  pageRows: 5_000,
};

export async function loadSendableBatches(executor: Executor, cycleId: number): Promise<SendableBatch[]> {
  return listSendableBatches(executor, cycleId);
}

type ItemRow = PayloadItemRow;

async function batchItems(executor: Executor, batch: SendableBatch): Promise<ItemRow[]> {
  if (batch.itemCount > bounds.apiItemsPerBatchMax) {
    throw domainError('BATCH_TOO_LARGE_FOR_API', 400, `Lô ${batch.messageId} quá lớn để gửi qua API`, `Batch ${batch.messageId} is too large for the API`, { items: batch.itemCount });
  }
  const items: ItemRow[] = [];
  let afterId = 0;
  for (let page = 0; page * bounds.pageRows <= batch.itemCount; page++) {
    const rows = await payloadItemPage(executor, batch.id, afterId, bounds.pageRows);
    items.push(...rows);
    if (rows.length < bounds.pageRows) break;
    afterId = rows[rows.length - 1]!.id;
  }
  return items;
}

function remittance(month: string, endToEndId: string): string {
  return `TRO CAP T${month.slice(5, 7)} ${month.slice(0, 4)} MA ${endToEndId}`;
}

/** The paying account, as in the pain.001 (debtor.ts: the approved one of the province and programmes, no default). */
async function payerFa(executor: Executor, batch: SendableBatch): Promise<{ fa: string; name: string }> {
  const debtor = await debtorOfBatch(executor, batch.id);
  return { fa: bankFa(debtor.accountNumber, debtor.agentBin), name: debtor.name };
}

function payeeFa(item: ItemRow, providerCode: string): string {
  const account = item.accountNumber ?? '';
  return item.channel === 'TK_NGAN_HANG' ? bankFa(account, providerCode) : mobileFa(account, providerCode);
}

async function g2pBody(executor: Executor, batch: SendableBatch): Promise<string> {
  const payer = await payerFa(executor, batch);
  const callbackBase = await findCallbackBaseUrl(executor, batch.providerCode);
  const disbursements: DisbursementInput[] = (await batchItems(executor, batch)).map((item) => ({
    referenceId: item.endToEndId,
    payerFa: payer.fa,
    payeeFa: payeeFa(item, batch.providerCode),
    amountVnd: item.amountVnd,
    payeeName: (item.accountHolder ?? item.fullName).slice(0, 99),
    payerName: payer.name.slice(0, 99),
    note: remittance(batch.month, item.endToEndId),
    purpose: 'SSBE',
  }));
  const request = buildDisburseRequest({
    messageId: batch.messageId,
    messageTs: batch.createdAt,
    senderId: g2pSenderId,
    ...(callbackBase ? { senderUri: g2pCallbackUrl(callbackBase, batch.providerCode) } : {}),
    receiverId: batch.providerCode,
    transactionId: batch.messageId,
    disbursements,
  });
  return JSON.stringify(request);
}

async function postalBody(executor: Executor, batch: SendableBatch): Promise<Extract<Submission, { kind: 'POSTAL' }>> {
  const items = await batchItems(executor, batch);
  const rows = items.map((item) => [item.endToEndId, vndToString(item.amountVnd), neutraliseFormula(item.fullName)]);
  const body = stringify([[...postalListColumns], ...rows], { record_delimiter: 'windows' });
  return { kind: 'POSTAL', body, itemCount: items.length, controlSumVnd: vndToString(sumVnd(items.map((item) => item.amountVnd))) };
}

/**
 * The pain.001, through exportBatchFile so the bytes sent are the bytes recorded (SHA-256 in
 * disbursement_files) and a resend is checked to be identical. Writing it does not hand the batch
 * over: the provider's acknowledgement does (send.service).
 */
async function bankBody(ctx: AppContext, actor: Actor, batch: SendableBatch): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > bounds.bankFileBytesMax) return callback(domainError('FILE_TOO_LARGE', 400, 'Tệp pain.001 quá lớn', 'The pain.001 file is too large'));
      chunks.push(chunk);
      callback();
    },
  });
  await exportBatchFile(ctx, actor, { cycleId: batch.cycleId, providerCode: batch.providerCode, format: 'pain001', round: batch.round, output, handOver: false });
  return Buffer.concat(chunks);
}

/**
 * How a provider's system is called (send and poll). Signatures use wall-clock time, not
 * ctx.now(): the provider checks freshness against its own clock.
 */
export function providerConnection(endpoint: ProviderEndpoint, options: { timeoutMs: number; fetch: typeof fetch }): ProviderConnection {
  return {
    kind: endpoint.kind,
    baseUrl: endpoint.baseUrl,
    secret: endpoint.secret,
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
    now: () => new Date(),
    bearerToken: endpoint.bearerToken,
    signingKeyPem: endpoint.signingKeyPem,
    statusMode: endpoint.statusMode,
    onStatusUrl: endpoint.callbackBaseUrl === null ? null : g2pCallbackUrl(endpoint.callbackBaseUrl, endpoint.providerCode) + g2pOnStatusSuffix,
  };
}

export async function buildSubmission(ctx: AppContext, actor: Actor, batch: SendableBatch, kind: EndpointKind): Promise<Submission> {
  switch (kind) {
    case 'BANK_H2H':
      return { kind, body: await bankBody(ctx, actor, batch) };
    case 'G2P':
      return { kind, body: await g2pBody(ctx.db.orm, batch) };
    case 'POSTAL':
      return postalBody(ctx.db.orm, batch);
  }
}
