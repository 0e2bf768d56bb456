import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor } from '../../app/http.js';
import { domainError, errors } from '../../core/errors.js';
import { verifyWebhook } from '../formats/webhook.js';
import { limits } from '../../limits.js';
import { applyDeliveryReport, listNotifications, listTemplates, setPersonOptOut, setTemplate } from './notices.service.js';
import { NotificationView, OptOutResult, TemplateView } from './notifications.schemas.js';


/** The SMS outbox as officers follow it, the payment news wording, opt-outs, the gateway's delivery reports. */
export function notificationRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/notifications',
      {
        schema: {
          tags: ['notifications'],
          summary: 'SMS of a person or of a unit, newest first: sent, delivered',
          querystring: Type.Object({
            personalId: Type.Optional(Type.String({ pattern: '^\\d{12}$' })),
            unit: Type.Optional(Type.String({ pattern: '^(\\d{2}|\\d{5})$' })),
            status: Type.Optional(Type.Union([Type.Literal('PENDING'), Type.Literal('SENT'), Type.Literal('FAILED')])),
            delivery: Type.Optional(Type.Union([Type.Literal('DELIVERED'), Type.Literal('UNDELIVERED'), Type.Literal('NONE')])),
            kind: Type.Optional(Type.String({ pattern: '^[A-Z_]{3,40}$' })),
            beforeId: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.pageSizeMax })),
          }),
          response: { 200: Type.Array(NotificationView), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const query = request.query;
        return listNotifications(ctx, requireActor(request), {
          personalId: query.personalId, unitCode: query.unit, status: query.status, delivery: query.delivery, kind: query.kind, beforeId: query.beforeId, limit: query.limit,
        });
      },
    );

    app.get(
      '/api/v1/notifications/templates',
      {
        schema: {
          tags: ['notifications'],
          summary: 'The payment news wording in force for a province (its own, the national one or the default)',
          querystring: Type.Object({ province: Type.Optional(Type.String({ pattern: '^\\d{2}$' })) }),
          response: { 200: Type.Array(TemplateView), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => listTemplates(ctx, requireActor(request), { provinceCode: request.query.province }),
    );

    app.put(
      '/api/v1/notifications/templates/:kind',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Set (or with text null reset) the province’s wording of a payment message; at most 2 SMS with the longest values',
          params: Type.Object({ kind: Type.String({ pattern: '^[A-Z_]{3,40}$' }) }),
          body: Type.Object({ province: Type.Optional(Type.Union([Type.String({ pattern: '^\\d{2}$' }), Type.Null()])), text: Type.Union([Type.String({ maxLength: 480 }), Type.Null()]) }),
          response: { 200: TemplateView, ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => setTemplate(ctx, requireActor(request), { kind: request.params.kind, provinceCode: request.body.province ?? undefined, text: request.body.text }),
    );

    app.put(
      '/api/v1/beneficiaries/:personalId/sms-opt-out',
      {
        schema: {
          tags: ['notifications'],
          summary: 'The person stops (optOut true) or resumes receiving payment SMS',
          params: Type.Object({ personalId: Type.String({ pattern: '^\\d{12}$' }) }),
          body: Type.Object({ optOut: Type.Boolean(), reason: Type.Optional(Type.String({ maxLength: 300 })) }),
          response: { 200: OptOutResult, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => setPersonOptOut(ctx, requireActor(request), { personalId: request.params.personalId, optOut: request.body.optOut, reason: request.body.reason }),
    );

  };
}

const deliveryBodyBytesMax = 4 * 1024;
const signatureHeader = 'x-asxh-signature';

function deliveryReport(raw: string): { messageId: string; status: 'DELIVERED' | 'UNDELIVERED'; at?: string } {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    body = null;
  }
  const report = body as { messageId?: unknown; status?: unknown; at?: unknown } | null;
  const valid = report !== null && typeof report === 'object' && typeof report.messageId === 'string' && report.messageId.length >= 1 && report.messageId.length <= 200
    && (report.status === 'DELIVERED' || report.status === 'UNDELIVERED') && (report.at === undefined || typeof report.at === 'string');
  if (!valid) {
    throw domainError('DELIVERY_REPORT_INVALID', 400, 'Báo cáo gửi tin không hợp lệ: cần messageId, status DELIVERED|UNDELIVERED, at (tùy chọn)',
      'Invalid delivery report: messageId, status DELIVERED|UNDELIVERED and an optional at are required');
  }
  return { messageId: report.messageId as string, status: report.status as 'DELIVERED' | 'UNDELIVERED', at: report.at as string | undefined };
}

/**
 * The SMS gateway's delivery reports, signed like the providers' callbacks (X-Asxh-Signature,
 * HMAC of the raw body with ASXH_SMS_CALLBACK_KEY); without a configured key none is accepted.
 * Its own plugin: JSON stays a string here, because the signature covers the raw bytes.
 */
export function smsCallbackRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: deliveryBodyBytesMax }, (_request, body, done) => done(null, body));
    app.post(
      '/api/v1/callbacks/sms/delivery',
      {
        schema: {
          tags: ['notifications'],
          summary: 'The SMS gateway’s delivery report {messageId, status: DELIVERED|UNDELIVERED, at?}, signed with X-Asxh-Signature (ASXH_SMS_CALLBACK_KEY)',
          security: [],
          response: { 200: Type.Object({ applied: Type.Boolean() }), ...errorResponses(400, 401) },
        },
      },
      async (request) => {
        const key = ctx.config.smsCallbackKey;
        const raw = typeof request.body === 'string' ? request.body : '';
        const header = request.headers[signatureHeader];
        if (!key || typeof header !== 'string' || !verifyWebhook(key, raw, header).valid) throw errors.unauthenticated();
        return applyDeliveryReport(ctx, deliveryReport(raw));
      },
    );
  };
}
