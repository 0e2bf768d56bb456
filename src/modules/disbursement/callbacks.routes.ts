import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { providerSignatureHeader, vietnamTimestamp, type G2pAck } from '../../adapters/providers/provider-protocol.js';
import type { AppContext } from '../../app/context.js';
import { errorResponses } from '../../app/http.js';
import { domainError } from '../../core/errors.js';
import type { Actor } from '../access/scope.js';
import { parseOnDisburse } from '../formats/g2p-connect.js';
import { verifyWebhook } from '../formats/webhook.js';
import { findBatchByMessage } from './batches.service.js';
import { findEndpoint } from './endpoints.service.js';
import { g2pResultRecords } from './g2p-results.js';
import { ingestResults } from './reconcile.service.js';

/**
 * G2P Connect on-disburse callbacks (PAYMENT-FORMATS §3.2, §7): the signature is checked on the
 * raw bytes (300 s tolerance, constant-time compare) with the provider endpoint's secret, then the
 * statuses are ingested like any result, keyed by the provider and the callback's message_id, so a
 * redelivery changes nothing and a stale status never moves an item backwards. No session: the
 * caller is a provider's system, attributed to the actor `callback:<provider>`.
 */
const callbackBodyBytesMax = 16 * 1024 * 1024;
const signatureToleranceSeconds = 300;

const Params = Type.Object({ providerCode: Type.String({ pattern: '^([0-9]{6}|[A-Z][A-Z0-9_]{1,19})$' }) });
const AckBody = Type.Object({
  message: Type.Object({ ack_status: Type.String(), timestamp: Type.String(), correlation_id: Type.String() }),
});

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

export function g2pCallbackRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Scoped to this plugin: here JSON stays a string, because the signature covers the raw bytes.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: callbackBodyBytesMax }, (_request, body, done) => done(null, body));

    app.post(
      '/api/v1/callbacks/g2p/:providerCode',
      {
        schema: {
          tags: ['disbursement'],
          summary: 'G2P Connect on-disburse callback (signed with X-Asxh-Signature)',
          security: [],
          params: Params,
          response: { 200: AckBody, ...errorResponses(400, 401, 404, 409, 422) },
        },
      },
      async (request): Promise<G2pAck> => {
        const providerCode = request.params.providerCode;
        const endpoint = await findEndpoint(ctx.db.orm, providerCode);
        if (!endpoint || endpoint.kind !== 'G2P') throw domainError('CALLBACK_ENDPOINT_UNKNOWN', 404, `Chưa cấu hình kết nối G2P cho ${providerCode}`, `No G2P endpoint for ${providerCode}`);
        const raw = typeof request.body === 'string' ? request.body : '';
        const header = request.headers[providerSignatureHeader];
        if (typeof header !== 'string') throw signatureInvalid('missing');
        // Transport freshness is wall-clock time, like the provider's signing clock.
        const verification = verifyWebhook(endpoint.secret, raw, header, { toleranceSeconds: signatureToleranceSeconds });
        if (!verification.valid) throw signatureInvalid(verification.reason);
        const result = parseOnDisburse(parseBody(raw));
        const correlation = result.header.messageId;
        if (result.transactionId !== null) {
          const batch = await batchOf(ctx, providerCode, result.transactionId);
          // A callback racing our own recording of the ACK: refuse for now, the provider retries.
          if (!batch.sent) throw domainError('CALLBACK_BATCH_NOT_SENT', 409, 'Lô chưa được ghi nhận đã gửi, hãy gửi lại sau', 'The batch is not recorded as sent yet; retry later');
          await ingestResults(ctx, callbackActor(providerCode, request.id), {
            cycleId: batch.cycleId,
            source: 'callback',
            messageKey: `${providerCode}:${result.header.messageId}`,
            records: g2pResultRecords(result),
            // The signature names the provider: its statuses apply to its own items of the batch's channel group only.
            binding: { providerCode, channelGroup: batch.channelGroup, cash: 'allowed' },
          });
        }
        return { message: { ack_status: 'ACK', timestamp: vietnamTimestamp(new Date()), correlation_id: correlation } };
      },
    );
  };
}
