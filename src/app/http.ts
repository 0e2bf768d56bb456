import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import { errors, type Language } from '../core/errors.js';
import type { Actor } from '../modules/access/scope.js';
import type { UserView } from '../modules/auth/users.service.js';

export const sessionCookieName = 'asxh_session';

export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable error code, e.g. AUTH_INVALID_CREDENTIALS' }),
    message: Type.String({ description: 'Message in the language of Accept-Language (Vietnamese by default)' }),
    details: Type.Record(Type.String(), Type.Unknown()),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** Standard error responses to document on every route. */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  const result: Record<number, TSchema> = {};
  for (const status of statuses) result[status] = Type.Ref('ErrorBody');
  return result;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on protected routes. */
    actor: Actor | null;
    sessionToken: string | null;
    userView: UserView | null;
  }
}

export function languageOf(request: FastifyRequest): Language {
  const query = request.query as { lang?: string } | undefined;
  if (query?.lang === 'en' || query?.lang === 'vi') return query.lang;
  const header = request.headers['accept-language'] ?? '';
  return header.trim().toLowerCase().startsWith('en') ? 'en' : 'vi';
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw errors.unauthenticated();
  return request.actor;
}

/** Attachment headers with an RFC 5987 file name (Vietnamese names survive). */
export function sendAttachment(reply: FastifyReply, fileName: string, contentType: string): FastifyReply {
  const ascii = fileName.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/"/g, '');
  return reply
    .header('content-type', contentType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
}
