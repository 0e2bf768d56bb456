import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor, sessionCookieName } from '../../app/http.js';
import { limits } from '../../limits.js';
import { changePassword, login, logout } from './auth.service.js';
import { can, permissions, type Permission } from '../access/permissions.js';
import { roles } from '../access/scope.js';
import { toUserView } from './users.service.js';

export const UserViewSchema = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    fullName: Type.String(),
    role: Type.Union(roles.map((role) => Type.Literal(role))),
    unitCode: Type.Union([Type.String(), Type.Null()]),
    scopeLevel: Type.Union([Type.Literal('national'), Type.Literal('province'), Type.Literal('commune')]),
    providerCode: Type.Union([Type.String(), Type.Null()]),
    status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
    locked: Type.Boolean(),
    mustChangePassword: Type.Boolean(),
  },
  { $id: 'UserView' },
);

const Credentials = Type.Object({
  username: Type.String({ minLength: 1, maxLength: limits.usernameLengthMax }),
  password: Type.String({ minLength: 1, maxLength: limits.passwordLengthMax }),
});

function isSecureRequest(ctx: AppContext, protocol: string, hostname: string): boolean {
  if (ctx.config.cookieSecure === 'always') return true;
  if (ctx.config.cookieSecure === 'never') return false;
  // Browsers treat http://localhost as a secure context and accept Secure cookies there.
  const host = hostname.replace(/:\d+$/, '');
  return protocol === 'https' || host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/** Public routes: log in. */
export function publicAuthRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Log in; sets an httpOnly session cookie',
          body: Credentials,
          response: { 200: Type.Object({ user: Type.Ref('UserView') }), ...errorResponses(400, 401, 403, 423, 429) },
        },
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const result = await login(ctx, {
          username: request.body.username,
          password: request.body.password,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          requestId: request.id,
        });
        reply.setCookie(sessionCookieName, result.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: isSecureRequest(ctx, request.protocol, request.hostname),
          expires: result.expiresAt,
        });
        return { user: toUserView(result.user, ctx.now()) };
      },
    );
  };
}

/** Routes for a logged-in user. */
export function authRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/auth/logout',
      { schema: { tags: ['auth'], summary: 'End the session', response: { 204: Type.Null(), ...errorResponses(401) } } },
      async (request, reply) => {
        await logout(ctx, requireActor(request), request.sessionToken ?? '');
        reply.clearCookie(sessionCookieName, { path: '/' });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/auth/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'The current user and what they may do',
          response: { 200: Type.Object({ user: Type.Ref('UserView'), permissions: Type.Array(Type.String()) }), ...errorResponses(401) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const granted = (Object.keys(permissions) as Permission[]).filter((permission) => can(actor, permission));
        return { user: request.userView!, permissions: granted };
      },
    );

    app.post(
      '/api/v1/auth/password',
      {
        schema: {
          tags: ['auth'],
          summary: 'Change my password (other sessions end)',
          body: Type.Object({
            currentPassword: Type.String({ minLength: 1, maxLength: limits.passwordLengthMax }),
            newPassword: Type.String({ minLength: 1, maxLength: limits.passwordLengthMax }),
          }),
          response: { 204: Type.Null(), ...errorResponses(400, 401) },
        },
      },
      async (request, reply) => {
        await changePassword(ctx, requireActor(request), { ...request.body, sessionToken: request.sessionToken });
        return reply.code(204).send(null);
      },
    );
  };
}
