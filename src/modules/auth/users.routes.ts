import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor } from '../../app/http.js';
import { limits } from '../../limits.js';
import { roles } from '../access/scope.js';
import { createUser, listUsers, resetPassword, setStatus } from './users.service.js';

const UserId = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export function userRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/users',
      { schema: { tags: ['users'], summary: 'Users within my scope', response: { 200: Type.Array(Type.Ref('UserView')), ...errorResponses(401, 403) } } },
      async (request) => listUsers(ctx, requireActor(request)),
    );

    app.post(
      '/api/v1/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Create a user scoped to a province or commune',
          body: Type.Object({
            username: Type.String({ minLength: 3, maxLength: limits.usernameLengthMax }),
            password: Type.String({ minLength: 1, maxLength: limits.passwordLengthMax }),
            role: Type.Union(roles.map((role) => Type.Literal(role))),
            unitCode: Type.Optional(Type.Union([Type.String({ pattern: '^(\\d{2}|\\d{5})$' }), Type.Null()])),
            fullName: Type.Optional(Type.String({ maxLength: 200 })),
            providerCode: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
            phone: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
          }),
          response: { 201: Type.Ref('UserView'), ...errorResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) => reply.code(201).send(await createUser(ctx, requireActor(request), { ...request.body, mustChangePassword: true })),
    );

    for (const status of ['active', 'disabled'] as const) {
      app.post(
        `/api/v1/users/:id/${status === 'active' ? 'enable' : 'disable'}`,
        { schema: { tags: ['users'], params: UserId, response: { 200: Type.Ref('UserView'), ...errorResponses(401, 403, 404) } } },
        async (request) => setStatus(ctx, requireActor(request), request.params.id, status),
      );
    }

    app.post(
      '/api/v1/users/:id/reset-password',
      {
        schema: {
          tags: ['users'],
          summary: 'Set a new password (also lifts a lock-out)',
          params: UserId,
          body: Type.Object({ newPassword: Type.String({ minLength: 1, maxLength: limits.passwordLengthMax }) }),
          response: { 200: Type.Ref('UserView'), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => resetPassword(ctx, requireActor(request), request.params.id, request.body.newPassword),
    );
  };
}
