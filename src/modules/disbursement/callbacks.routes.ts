import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { IncomingHttpHeaders } from 'node:http';
import { Type } from 'typebox';
import { g2pOnStatusSuffix, providerSignatureHeader, vietnamTimestamp, type G2pAck } from '../../adapters/providers/provider-protocol.js';
import type { AppContext } from '../../app/context.js';
import { errorResponses } from '../../app/http.js';
import { domainError } from '../../core/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../access/scope.js';
import { buildG2pAck, parseOnDisburse, parseOnTxnStatus, verifyG2pBody, type G2pDisburseResult } from '../formats/g2p-connect.js';
import { verifyWebhook } from '../formats/webhook.js';
import { findBatchByMessage } from './batches.service.js';
import { findEndpoint } from './endpoints.service.js';
import { applyG2pStatuses, g2pStatusesKey } from './g2p-results.js';

/**
 * G2P Connect callbacks (PAYMENT-FORMATS §3.2, §7): on-disburse at the provider's callback URL,
 * on-status (the answer to an asynchronous txn/status query) below it. The HMAC signature is
 * checked on the raw bytes (300 s tolerance, constant-time compare) with the provider endpoint's
 * secret; when the provider's profile holds its ed25519 public key, the body's `signature` is
 * required and verified too. The statuses are then ingested like any result, bound to the
 * provider's own items: an on-disburse keyed by the provider and its message_id, an on-status by
 * its content (as a polled synchronous answer, so the same statuses by either road apply once). A
 * redelivery changes nothing and a stale status never moves an item backwards. A callback with
 * only a header (`pdng`: still working; a header-level `rjct`) applies nothing and is recorded in
 * the audit trail. No session: the caller is a provider's system, attributed to the actor
 * `callback:<provider>`.
 */
const callbackBodyBytesMax = 16 * 1024 * 1024;
const signatureToleranceSeconds = 300;

const Params = Type.Object({ providerCode: Type.String({ pattern: '^([0-9]{6}|[A-Z][A-Z0-9_]{1,19})$' }) });
const AckBody = Type.Object({
  message: Type.Object({ ack_status: Type.String(), timestamp: Type.String(), correlation_id: Type.String() }),
});

type CallbackKind = 'on-disburse' | 'on-status';

/** What a callback handler reads of the request. */
interface CallbackRequest {
  id: string;
  params: { providerCode: string };
  headers: IncomingHttpHeaders;
  body: unknown;
}

export function callbackActor(providerCode: string, requestId: string): Actor {
  return { userId: null, username: `callback:${providerCode}`, role: 'admin', scope: { level: 'national' }, providerCode, requestId };
}

function signatureInvalid(reason: string) {
  return domainError('CALLBACK_SIGNATURE_INVALID', 401, 'Chữ ký callback không hợp lệ hoặc đã hết hạn', 'The callback signature is missing, invalid or expired', { reason });
}

function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw domainError('CALLBACK_BODY_INVALID', 400, 'Nội dung callback không phải JSON', 'The callback body is not JSON');
  }
}

/** The batch a transaction id names, for this provider only (one provider cannot report on another's batch). */
async function batchOf(ctx: AppContext, providerCode: string, transactionId: string): Promise<{ cycleId: number; sent: boolean; channelGroup: 'BANK' | 'WALLET' | 'CASH' }> {
  const batch = await findBatchByMessage(ctx.db.orm, providerCode, transactionId);
  if (!batch) {
    throw domainError('CALLBACK_TRANSACTION_UNKNOWN', 404, `Không có lô ${transactionId} của tổ chức ${providerCode}`, `No batch ${transactionId} of provider ${providerCode}`, { transactionId });
  }
  return batch;
}

/** The provider's G2P endpoint, and the body once both signatures hold. */
async function verifiedBody(ctx: AppContext, request: CallbackRequest): Promise<unknown> {
  const providerCode = request.params.providerCode;
  const endpoint = await findEndpoint(ctx.db.orm, providerCode);
  if (!endpoint || endpoint.kind !== 'G2P') throw domainError('CALLBACK_ENDPOINT_UNKNOWN', 404, `Chưa cấu hình kết nối G2P cho ${providerCode}`, `No G2P endpoint for ${providerCode}`);
  const raw = typeof request.body === 'string' ? request.body : '';
  const header = request.headers[providerSignatureHeader];
  if (typeof header !== 'string') throw signatureInvalid('missing');
  // Transport freshness is wall-clock time, like the provider's signing clock.
  const verification = verifyWebhook(endpoint.secret, raw, header, { toleranceSeconds: signatureToleranceSeconds });
  if (!verification.valid) throw signatureInvalid(verification.reason);
  const body = parseBody(raw);
  const publicKeyPem = endpoint.providerPublicKeyPem;
  if (publicKeyPem !== null) {
    const check = verifyG2pBody(body, { publicKeyPem, nowSeconds: Math.floor(Date.now() / 1000), toleranceSeconds: signatureToleranceSeconds });
    if (!check.valid) throw signatureInvalid(`body signature ${check.reason}`);
  }
  return body;
}

async function receive(ctx: AppContext, request: CallbackRequest, kind: CallbackKind): Promise<G2pAck> {
  const providerCode = request.params.providerCode;
  const body = await verifiedBody(ctx, request);
  const result: G2pDisburseResult = kind === 'on-disburse' ? parseOnDisburse(body) : parseOnTxnStatus(body);
  const actor = callbackActor(providerCode, request.id);
  if (result.transactionId === null) {
    // Header only: nothing to apply; the provider's word is kept.
    const { messageId, status, statusReasonCode, statusReasonMessage } = result.header;
    await recordAudit(ctx.db.orm, actor, {
      action: 'disbursement.g2p_callback_header_only', entityType: 'provider', entityId: providerCode,
      after: { callback: kind, messageId, status, statusReasonCode, statusReasonMessage },
    });
  } else {
    const batch = await batchOf(ctx, providerCode, result.transactionId);
    // A callback racing our own recording of the ACK: refuse for now, the provider retries.
    if (!batch.sent) throw domainError('CALLBACK_BATCH_NOT_SENT', 409, 'Lô chưa được ghi nhận đã gửi, hãy gửi lại sau', 'The batch is not recorded as sent yet; retry later');
    await applyG2pStatuses(ctx, actor, {
      cycleId: batch.cycleId,
      ...(kind === 'on-disburse'
        ? { source: 'callback', messageKey: `${providerCode}:${result.header.messageId}` }
        : { source: 'status-query', messageKey: g2pStatusesKey(providerCode, result) }),
      result,
      // The signature names the provider: its statuses apply to its own items of the batch's channel group only.
      providerCode,
      channelGroup: batch.channelGroup,
    });
  }
  return buildG2pAck('ACK', vietnamTimestamp(new Date()), result.header.messageId);
}

export function g2pCallbackRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Scoped to this plugin: here JSON stays a string, because the signature covers the raw bytes.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: callbackBodyBytesMax }, (_request, body, done) => done(null, body));

    const schema = (summary: string) => ({
      tags: ['disbursement'],
      summary,
      security: [],
      params: Params,
      response: { 200: AckBody, ...errorResponses(400, 401, 404, 409, 422) },
    });
    app.post('/api/v1/callbacks/g2p/:providerCode', { schema: schema('G2P Connect on-disburse callback (signed with X-Asxh-Signature)') }, (request) => receive(ctx, request, 'on-disburse'));
    app.post(`/api/v1/callbacks/g2p/:providerCode${g2pOnStatusSuffix}`, { schema: schema('G2P Connect on-status callback: the answer to an asynchronous txn/status query') }, (request) =>
      receive(ctx, request, 'on-status'),
    );
  };
}
