import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor } from '../../app/http.js';
import { Money, Nullable } from '../../app/schemas.js';
import { Kind } from '../complaints/complaints.schemas.js';
import { personPaymentHistory } from './history.service.js';
import { fileComplaintBySelfService, selfServiceStatus } from './status.service.js';

const Payment = Type.Object({
  month: Type.String(),
  cycleId: Type.Integer(),
  amountVnd: Money(),
  channel: Type.String(),
  channelName: Type.String(),
  channelNameEn: Type.String(),
  status: Type.Union([Type.Literal('PAID'), Type.Literal('FAILED'), Type.Literal('RETURNED'), Type.Literal('IN_PROGRESS'), Type.Literal('NOT_SENT')]),
  statusText: Type.String(),
  statusTextEn: Type.String(),
  paidAt: Nullable(Type.String({ description: 'The day it was paid (YYYY-MM-DD, Vietnam)' })),
  cashPlace: Nullable(Type.String({ description: 'Where to collect cash; null for transfers' })),
});

const HistoryRow = Type.Object({
  ...Payment.properties,
  reasonCode: Nullable(Type.String()),
  reason: Nullable(Type.String({ description: 'why a payment failed or came back, in words' })),
  next: Nullable(Type.String({ description: 'what happens next, in Vietnamese' })),
  nextEn: Nullable(Type.String()),
});

const SelfServiceStatus = Type.Object({
  ok: Type.Boolean(),
  fromMonth: Type.String(),
  payments: Type.Array(Payment),
  collectedFor: Type.Array(Type.Object({ name: Type.String({ description: 'Masked name of the person represented' }), payments: Type.Array(Payment) })),
  token: Type.String({ description: 'Lets the same person file a complaint for the next 30 minutes' }),
  tokenExpiresAt: Type.String(),
});

const Identity = { personalId: Type.String({ maxLength: 12 }), birthDate: Type.String({ maxLength: 10 }) };
const errorsOf = errorResponses(400, 429);

/**
 * The beneficiary's public page (no login), after the accounts' self-service code: payment status
 * and complaints. Rate-limited per address here, per ID and per phone where the code is sent.
 */
export function beneficiaryRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/beneficiaries/:personalId/payments',
      {
        schema: {
          tags: ['registry'],
          summary: 'A person’s payments of the last 24 months: month, amount, channel, status, reason and what happens next',
          params: Type.Object({ personalId: Type.String({ pattern: '^\\d{12}$' }) }),
          response: { 200: Type.Array(HistoryRow), ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => personPaymentHistory(ctx, requireActor(request), request.params.personalId),
    );

    app.post(
      '/api/public/self-service/status',
      {
        schema: {
          tags: ['self-service'],
          summary: 'My payments of the last 12 months (ID, date of birth and the code sent to the phone on file)',
          security: [],
          body: Type.Object({ ...Identity, code: Type.String({ maxLength: 6 }) }),
          response: { 200: SelfServiceStatus, ...errorsOf },
        },
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      },
      async (request) => selfServiceStatus(ctx, { ...request.body, requestId: request.id }),
    );
    app.post(
      '/api/public/self-service/complaint',
      {
        schema: {
          tags: ['self-service'],
          summary: 'File a complaint or request about my payments (with the token of my status answer)',
          security: [],
          body: Type.Object({
            ...Identity,
            token: Type.String({ maxLength: 200 }),
            kind: Kind,
            text: Type.String({ minLength: 1, maxLength: 2000 }),
            cycleId: Type.Optional(Type.Integer({ minimum: 1 })),
          }),
          response: { 200: Type.Object({ ok: Type.Boolean(), complaintId: Type.Integer(), dueDate: Type.String(), message: Type.String(), messageEn: Type.String() }), ...errorsOf },
        },
        config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
      },
      async (request) => fileComplaintBySelfService(ctx, { ...request.body, requestId: request.id }),
    );
  };
}
