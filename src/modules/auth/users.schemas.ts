import { Type, type Static } from 'typebox';
import { roles, type Role } from '../access/scope.js';
import { UserViewSchema } from './auth.routes.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

/** A user as the users routes show it, without the shared schema's `$id` (for command results and unions). */
export const UserInline = Type.Object({ ...UserViewSchema.properties, role: Type.Unsafe<Role>(UserViewSchema.properties.role) });

/** A proposed change of an account waiting for (or decided by) a second administrator. */
export const UserChange = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('create'), Type.Literal('role'), Type.Literal('password_reset')], {
    description: 'create: a user with an approving role; role: a new role or unit; password_reset: a password set by an administrator',
  }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
  userId: Nullable(Type.Integer()),
  username: Type.String(),
  role: Nullable(Type.Unsafe<Role>(Type.Union(roles.map((role) => Type.Literal(role))))),
  unitCode: Nullable(Type.String()),
  providerCode: Nullable(Type.String()),
  fullName: Nullable(Type.String()),
  proposedBy: Type.String(),
  proposedAt: Type.String({ description: 'ISO 8601 time' }),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String({ description: 'ISO 8601 time' })),
  decisionReason: Nullable(Type.String()),
  mayApprove: Type.Boolean({ description: 'whether the caller may approve it' }),
});

export const PendingUserChange = Type.Object({ status: Type.Literal('pending'), request: UserChange });

/** A change that needs a second administrator: the user when applied at once (as the API's 200/201), or the waiting request (as its 202). */
export const UserChangeResult = Type.Union([UserInline, PendingUserChange]);
export type UserChangeResultSchema = Static<typeof UserChangeResult>;
