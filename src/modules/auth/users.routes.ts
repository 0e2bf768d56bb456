import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor } from '../../app/http.js';
import { limits } from '../../limits.js';
import { roles } from '../access/scope.js';
import { approveUserChange, changeRole, createUser, isPendingChange, listUserChanges, listUsers, rejectUserChange, resetPassword, setStatus, type UserChangeResult } from './users.service.js';
import { PendingUserChange, UserChange } from './users.schemas.js';

const UserId = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const RoleOf = Type.Union(roles.map((role) => Type.Literal(role)));
const UnitCode = Type.String({ pattern: '^(\\d{2}|\\d{5})$' });

/** 200/201 with the user when applied at once (the machine operator, a role that approves nothing), 202 with the request when it waits for a second administrator. */
function answer(reply: { code(status: number): { send(body: unknown): unknown } }, result: UserChangeResult, appliedStatus: 200 | 201) {
  return isPendingChange(result) ? reply.code(202).send(result) : reply.code(appliedStatus).send(result);
}

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
          description: 'A user with an approving role waits for a second administrator (202 with the request); other roles are created at once (201).',
          body: Type.Object({
            username: Type.String({ minLength: 3, maxLength: limits.usernameLengthMax }),
            password: Type.String({ minLength: 1, maxLength: limits.passwordLengthMax }),
            role: RoleOf,
            unitCode: Type.Optional(Type.Union([UnitCode, Type.Null()])),
            fullName: Type.Optional(Type.String({ maxLength: 200 })),
            providerCode: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
            phone: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
          }),
          response: { 201: Type.Ref('UserView'), 202: PendingUserChange, ...errorResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) => answer(reply, await createUser(ctx, requireActor(request), { ...request.body, mustChangePassword: true }), 201),
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
          summary: 'Propose a new password for a user (a second administrator approves)',
          description: 'When approved: every session of the user ends, the lock-out is lifted and the user must change the password at next login.',
          params: UserId,
          body: Type.Object({ newPassword: Type.String({ minLength: 1, maxLength: limits.passwordLengthMax }) }),
          response: { 200: Type.Ref('UserView'), 202: PendingUserChange, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => answer(reply, await resetPassword(ctx, requireActor(request), request.params.id, request.body.newPassword), 200),
    );

    app.post(
      '/api/v1/users/:id/role',
      {
        schema: {
          tags: ['users'],
          summary: 'Propose a new role (and unit, provider) for a user (a second administrator approves)',
          params: UserId,
          body: Type.Object({
            role: RoleOf,
            unitCode: Type.Optional(Type.Union([UnitCode, Type.Null()])),
            providerCode: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
          }),
          response: { 200: Type.Ref('UserView'), 202: PendingUserChange, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => answer(reply, await changeRole(ctx, requireActor(request), request.params.id, request.body), 200),
    );

    app.get(
      '/api/v1/users/changes',
      {
        schema: {
          tags: ['users'],
          summary: 'Proposed changes of accounts in my scope (newest first), each saying whether I may approve it',
          querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')])) }),
          response: { 200: Type.Array(UserChange), ...errorResponses(401, 403) },
        },
      },
      async (request) => listUserChanges(ctx, requireActor(request), { status: request.query.status }),
    );

    app.post(
      '/api/v1/users/changes/:id/approve',
      {
        schema: {
          tags: ['users'],
          summary: 'Approve a proposed change of an account (never its proposer, nor someone whose account the proposer created or reset)',
          params: UserId,
          body: Type.Optional(Type.Object({ comment: Type.Optional(Type.String({ maxLength: 500 })) })),
          response: { 200: UserChange, ...errorResponses(401, 403, 404, 409) },
        },
      },
      async (request) => approveUserChange(ctx, requireActor(request), request.params.id, request.body?.comment),
    );

    app.post(
      '/api/v1/users/changes/:id/reject',
      {
        schema: {
          tags: ['users'],
          summary: 'Reject a proposed change of an account (or withdraw my own proposal)',
          params: UserId,
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
          response: { 200: UserChange, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => rejectUserChange(ctx, requireActor(request), request.params.id, request.body.reason),
    );
  };
}
