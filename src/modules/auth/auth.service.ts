import { createHash, randomBytes } from 'node:crypto';
import { errors } from '../../core/errors.js';
import { limits } from '../../limits.js';
import type { AppContext } from '../../app/context.js';
import { recordAudit } from '../audit/audit.service.js';
import { checkPasswordPolicy, decoyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import type { Actor, Scope } from '../access/scope.js';
import type { UserRow } from './users.table.js';
import {
  findLiveSession,
  findUserById,
  findUserByUsername,
  insertSession,
  registerFailedLogin,
  resetFailedLogins,
  revokeOtherSessions,
  revokeSession,
  updatePasswordHash,
} from './users.repository.js';

export function scopeOfUser(user: Pick<UserRow, 'scopeProvinceCode' | 'scopeCommuneCode'>): Scope {
  if (user.scopeCommuneCode && user.scopeProvinceCode) {
    return { level: 'commune', provinceCode: user.scopeProvinceCode, communeCode: user.scopeCommuneCode };
  }
  if (user.scopeProvinceCode) return { level: 'province', provinceCode: user.scopeProvinceCode };
  return { level: 'national' };
}

export function actorOfUser(user: UserRow, requestId: string): Actor {
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    scope: scopeOfUser(user),
    providerCode: user.providerCode,
    requestId,
  };
}

/** Anonymous actor for events before anyone is identified (failed logins). */
function anonymousActor(username: string, requestId: string): Actor {
  return { userId: null, username: `anonymous:${username.slice(0, 64)}`, role: 'auditor', scope: { level: 'national' }, providerCode: null, requestId };
}

export function sessionIdOfToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: UserRow;
}

/**
 * Checks credentials; locks the account after `failedLoginsMax` consecutive failures. Failed
 * attempts are counted and audited in their own transaction, which commits before the error.
 */
export async function login(ctx: AppContext, input: LoginInput): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const orm = ctx.db.orm;
  const user = await findUserByUsername(orm, username);
  if (!user) {
    await verifyPassword(await decoyPasswordHash(), input.password);
    await recordAudit(orm, anonymousActor(username, input.requestId), { action: 'auth.login_failed', entityType: 'user', after: { reason: 'unknown_user' } });
    throw errors.invalidCredentials();
  }
  const now = ctx.now();
  if (user.lockedUntil && user.lockedUntil > now) {
    await recordAudit(orm, actorOfUser(user, input.requestId), { action: 'auth.login_refused_locked', entityType: 'user', entityId: user.id });
    throw errors.accountLocked({ lockedUntil: user.lockedUntil.toISOString() });
  }
  if (user.status !== 'active') {
    await recordAudit(orm, actorOfUser(user, input.requestId), { action: 'auth.login_refused_disabled', entityType: 'user', entityId: user.id });
    throw errors.accountDisabled();
  }
  const valid = await verifyPassword(user.passwordHash, input.password);
  if (!valid) {
    const state = await orm.transaction(async (tx) => {
      const result = await registerFailedLogin(tx, user.id, limits.failedLoginsMax, limits.lockoutMinutes, now);
      await recordAudit(tx, actorOfUser(user, input.requestId), {
        action: result.lockedUntil && result.lockedUntil > now ? 'auth.locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        after: { failedLogins: result.failedLogins },
      });
      return result;
    });
    if (state.lockedUntil && state.lockedUntil > now) throw errors.accountLocked({ lockedUntil: state.lockedUntil.toISOString() });
    throw errors.invalidCredentials({ attemptsLeft: Math.max(0, limits.failedLoginsMax - state.failedLogins) });
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + limits.sessionHoursMax * 3600_000);
  await orm.transaction(async (tx) => {
    await resetFailedLogins(tx, user.id);
    await insertSession(tx, { id: sessionIdOfToken(token), userId: user.id, expiresAt, ip: input.ip, userAgent: input.userAgent?.slice(0, 300) ?? null });
    await recordAudit(tx, actorOfUser(user, input.requestId), { action: 'auth.login', entityType: 'user', entityId: user.id, after: { ip: input.ip } });
  });
  return { token, expiresAt, user };
}

/** The user behind a session cookie, or undefined when the session is unknown, expired or revoked. */
export async function userOfSession(ctx: AppContext, token: string): Promise<UserRow | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const session = await findLiveSession(ctx.db.orm, sessionIdOfToken(token), ctx.now());
  if (!session) return undefined;
  const user = await findUserById(ctx.db.orm, session.userId);
  if (!user || user.status !== 'active') return undefined;
  return user;
}

export async function logout(ctx: AppContext, actor: Actor, token: string): Promise<void> {
  await ctx.db.orm.transaction(async (tx) => {
    await revokeSession(tx, sessionIdOfToken(token));
    await recordAudit(tx, actor, { action: 'auth.logout', entityType: 'user', entityId: actor.userId });
  });
}

export async function changePassword(
  ctx: AppContext,
  actor: Actor,
  input: { currentPassword: string; newPassword: string; sessionToken: string | null },
): Promise<void> {
  if (actor.userId === null) throw errors.unauthenticated();
  const user = await findUserById(ctx.db.orm, actor.userId);
  if (!user) throw errors.unauthenticated();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw errors.invalidCredentials({ field: 'currentPassword' }, { vi: 'Mật khẩu hiện tại không đúng', en: 'The current password is wrong' });
  }
  checkPasswordPolicy(input.newPassword, user.username);
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.orm.transaction(async (tx) => {
    await updatePasswordHash(tx, user.id, passwordHash);
    await revokeOtherSessions(tx, user.id, input.sessionToken ? sessionIdOfToken(input.sessionToken) : null);
    await recordAudit(tx, actor, { action: 'auth.password_changed', entityType: 'user', entityId: user.id });
  });
}
