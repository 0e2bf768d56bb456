import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor, sendAttachment } from '../../app/http.js';
import { fileResponse, mediaTypes } from '../../app/schemas.js';
import { notificationLimits, sendNotifications } from '../notifications/notifications.service.js';
import { AccountVerification, NotificationDispatch } from './accounts.schemas.js';
import { beneficiaryCard, writeCardPdf } from './card.service.js';
import { verifyAccounts } from './verification.service.js';

const PersonalIdParams = Type.Object({ personalId: Type.String({ pattern: '^\\d{12}$' }) });

const CardSchema = Type.Object({
  personalIdMasked: Type.String(),
  fullName: Type.String(),
  communeCode: Type.String(),
  communeName: Type.Union([Type.String(), Type.Null()]),
  programmes: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  accounts: Type.Array(
    Type.Object({
      channel: Type.String(),
      channelName: Type.String(),
      providerCode: Type.String(),
      providerName: Type.Union([Type.String(), Type.Null()]),
      accountNumber: Type.String(),
      accountHolder: Type.Union([Type.String(), Type.Null()]),
      holderKind: Type.String(),
      payload: Type.String(),
      qrDataUrl: Type.String(),
    }),
  ),
});

/**
 * Account verification (name inquiry), the beneficiary card with its VietQR, and the SMS outbox
 * dispatch. HTTP only: the rules live in verification.service.ts, card.service.ts and
 * notifications.service.ts.
 */
export function verificationRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/accounts/verify',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Verify the payment accounts of my area (or of one unit inside it): identity, then account-name inquiry',
          body: Type.Optional(Type.Object({ unitCode: Type.Optional(Type.String({ pattern: '^\\d{2}(\\d{3})?$' })) })),
          response: { 200: AccountVerification, ...errorResponses(400, 401, 403, 409, 502, 503) },
        },
      },
      async (request) => verifyAccounts(ctx, requireActor(request), { unitCode: request.body?.unitCode }),
    );

    app.get(
      '/api/v1/beneficiaries/:personalId/card',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Beneficiary card: name, commune, programmes and a VietQR per verified account',
          params: PersonalIdParams,
          response: { 200: CardSchema, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => beneficiaryCard(ctx, requireActor(request), request.params.personalId),
    );

    app.get(
      '/api/v1/beneficiaries/:personalId/card.pdf',
      {
        schema: {
          tags: ['accounts'],
          summary: 'The beneficiary card as a printable A6 PDF',
          params: PersonalIdParams,
          response: { 200: fileResponse('The card (PDF)', mediaTypes.pdf), ...errorResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        // Built before streaming, so a 403/404 is a proper error answer, not a broken download.
        const card = await beneficiaryCard(ctx, requireActor(request), request.params.personalId);
        const stream = new PassThrough();
        void writeCardPdf(stream, card).catch((error: unknown) => stream.destroy(error as Error));
        return sendAttachment(reply, `the-nhan-tro-cap-${card.personalIdMasked.slice(-4)}.pdf`, mediaTypes.pdf).send(stream);
      },
    );

    app.post(
      '/api/v1/notifications/dispatch',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Send pending SMS now (administrators); without ASXH_SMS_URL nothing is sent',
          body: Type.Optional(Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: notificationLimits.dispatchLimitMax })) })),
          response: { 200: NotificationDispatch, ...errorResponses(401, 403) },
        },
      },
      async (request) => sendNotifications(ctx, requireActor(request), { limit: request.body?.limit }),
    );
  };
}
