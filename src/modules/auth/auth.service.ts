import { createHash, randomBytes } from 'node:crypto';
import { domainError, errors } from '../../core/errors.js';
import type { Executor } from '../../db/client.js';
import { limits } from '../../limits.js';
import type { AppContext } from '../../app/context.js';
import { recordAudit } from '../audit/audit.service.js';
import { checkPasswordPolicy, decoyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import type { Actor, Scope } from '../access/scope.js';
import type { UserRow } from './users.table.js';
import {
  findLoginSource,
  findUserById,
  findUserByUsername,
  findUserOrigin,
  insertSession,
  purgeStaleLoginSources,
  recordLoginFailure,
  recordLoginSuccess,
  registerFailedLogin,
  resetFailedLogins,
  revokeOtherSessions,
  revokeSession,
  touchLiveSession,
  updatePasswordHash,
  type LoginSource,
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
 * The login policy (docs/security.md, "Authentication and separation of duties"). An address from
 * which the user once logged in (within `trustedDays`) is the user's own: `failedLoginsMax`
 * consecutive failures from such addresses lock the account for `lockoutMinutes`. Failures from
 * any other address never lock it: after `strangerFailuresFree` failures that address waits
 * 2, 4, 8 … seconds (at most `strangerDelaySecondsMax`) between attempts for that username,
 * known or not, so a stranger can neither lock an account nor guess quickly, and the answers are
 * the same for unknown usernames. Counters live in the database (two servers on one database).
 */
export const loginPolicy = {
  trustedDays: 180,
  strangerFailuresFree: 3,
  strangerDelaySecondsMax: 15 * 60,
  /** Failure counts of addresses that never succeeded are forgotten after this quiet time. */
  strangerMemoryHours: 24,
} as const;

/** Seconds a stranger's address must still wait before trying this username again (0: it may try now). */
export function strangerDelaySeconds(source: Pick<LoginSource, 'failures' | 'lastFailureAt'>, now: Date): number {
  if (source.failures <= loginPolicy.strangerFailuresFree || !source.lastFailureAt) return 0;
  const delay = Math.min(2 ** (source.failures - loginPolicy.strangerFailuresFree), loginPolicy.strangerDelaySecondsMax);
  const waited = (now.getTime() - source.lastFailureAt.getTime()) / 1000;
  return Math.max(0, Math.ceil(delay - waited));
}

function throttled(retryAfterSeconds: number) {
  return domainError(
    'AUTH_THROTTLED',
    429,
    `Đăng nhập sai nhiều lần từ địa chỉ này; hãy đợi ${retryAfterSeconds} giây rồi thử lại`,
    `Too many failed logins from this address; wait ${retryAfterSeconds} seconds and try again`,
    { retryAfterSeconds },
  );
}

/**
 * Checks credentials under `loginPolicy`. Unknown usernames and wrong passwords get the same
 * answer (AUTH_INVALID_CREDENTIALS, no details, a password hash verified either way); a locked or
 * disabled account is only told to its own addresses or to whoever gives the right password.
 * Failures are counted and audited in their own transaction, which commits before the error.
 */
export async function login(ctx: AppContext, input: LoginInput): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase().slice(0, limits.usernameLengthMax);
  const source = (input.ip ?? 'unknown').slice(0, 100);
  const orm = ctx.db.orm;
  const now = ctx.now();
  const [user, known] = await Promise.all([findUserByUsername(orm, username), findLoginSource(orm, username, source)]);
  const trusted = Boolean(user && known?.succeededAt && now.getTime() - known.succeededAt.getTime() < loginPolicy.trustedDays * 86_400_000);
  if (!trusted && known) {
    const wait = strangerDelaySeconds(known, now);
    if (wait > 0) throw throttled(wait);
  }
  const locked = Boolean(user?.lockedUntil && user.lockedUntil > now);
  if (user && locked && trusted) {
    await recordAudit(orm, actorOfUser(user, input.requestId), { action: 'auth.login_refused_locked', entityType: 'user', entityId: user.id, after: { source } });
    throw errors.accountLocked({ lockedUntil: user.lockedUntil!.toISOString() });
  }
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyPassword(await decoyPasswordHash(), input.password)) && false;
  if (!user || !valid) {
    const lockedUntil = await orm.transaction(async (tx) => {
      const failures = await recordLoginFailure(tx, username, source, now);
      // Only failures from the user's own addresses count towards locking the account.
      const state = user && trusted && !locked ? await registerFailedLogin(tx, user.id, limits.failedLoginsMax, limits.lockoutMinutes, now) : undefined;
      const lockedNow = Boolean(state?.lockedUntil && state.lockedUntil > now);
      await recordAudit(tx, user ? actorOfUser(user, input.requestId) : anonymousActor(username, input.requestId), {
        action: lockedNow ? 'auth.locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        after: { reason: user ? 'wrong_password' : 'unknown_user', source, trustedSource: trusted, failuresFromSource: failures, failedLogins: state?.failedLogins ?? null },
      });
      await purgeStaleLoginSources(tx, new Date(now.getTime() - loginPolicy.strangerMemoryHours * 3600_000));
      return lockedNow ? state!.lockedUntil : null;
    });
    if (lockedUntil) throw errors.accountLocked({ lockedUntil: lockedUntil.toISOString() });
    throw errors.invalidCredentials();
  }
  // The right password: whoever gives it may learn that the account is locked or disabled.
  if (locked) {
    await recordAudit(orm, actorOfUser(user, input.requestId), { action: 'auth.login_refused_locked', entityType: 'user', entityId: user.id, after: { source } });
    throw errors.accountLocked({ lockedUntil: user.lockedUntil!.toISOString() });
  }
  if (user.status !== 'active') {
    await recordAudit(orm, actorOfUser(user, input.requestId), { action: 'auth.login_refused_disabled', entityType: 'user', entityId: user.id });
    throw errors.accountDisabled();
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + limits.sessionHoursMax * 3600_000);
  await orm.transaction(async (tx) => {
    await resetFailedLogins(tx, user.id);
    await recordLoginSuccess(tx, username, source, now);
    await insertSession(tx, { id: sessionIdOfToken(token), userId: user.id, expiresAt, ip: input.ip, userAgent: input.userAgent?.slice(0, 300) ?? null, now });
    await recordAudit(tx, actorOfUser(user, input.requestId), {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      after: { ip: input.ip, newSource: !known?.succeededAt, mustChangePassword: user.mustChangePassword },
    });
  });
  return { token, expiresAt, user };
}

/**
 * The user behind a session cookie, or undefined when the session is unknown, revoked, past its
 * absolute expiry (`sessionHoursMax`) or idle for longer than `config.sessionIdleMinutes`. Each
 * request marks the session as seen.
 */
export async function userOfSession(ctx: AppContext, token: string): Promise<UserRow | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const session = await touchLiveSession(ctx.db.orm, sessionIdOfToken(token), ctx.now(), ctx.config.sessionIdleMinutes);
  if (!session) return undefined;
  const user = await findUserById(ctx.db.orm, session.userId);
  if (!user || user.status !== 'active') return undefined;
  return user;
}

/** What a session whose password must be changed may still call: who am I, change it, log out. */
const allowedBeforePasswordChange: ReadonlySet<string> = new Set(['GET /api/v1/auth/me', 'POST /api/v1/auth/password', 'POST /api/v1/auth/logout']);

/**
 * Enforced by the API for every request with a session (app/build.ts): after a password reset or
 * for a new account, nothing but `allowedBeforePasswordChange` until the user has chosen their own
 * password; anything else is 403 PASSWORD_CHANGE_REQUIRED.
 */
export function assertSessionMayCall(user: Pick<UserRow, 'mustChangePassword'>, method: string, url: string): void {
  if (!user.mustChangePassword) return;
  const path = url.split('?')[0]!;
  if (!path.startsWith('/api/v1/') || allowedBeforePasswordChange.has(`${method.toUpperCase()} ${path}`)) return;
  throw domainError(
    'PASSWORD_CHANGE_REQUIRED',
    403,
    'Bạn phải đổi mật khẩu (do quản trị viên đặt) trước khi tiếp tục',
    'You must change your password (set by an administrator) before going on',
    { allowed: [...allowedBeforePasswordChange] },
  );
}

/**
 * The one check of approver independence, called by every maker-checker approval (account
 * proposals, payroll cycles, user changes, import batches …): the approver is not the proposer,
 * and the proposer did not create the approver's account nor last reset its password (whoever
 * did knew its password and could approve their own proposal through it). `proposer` is the
 * username recorded as maker. The machine operator (CLI without --as) has no account to check.
 */
export async function assertIndependentApprover(executor: Executor, approver: Pick<Actor, 'userId' | 'username'>, proposer: string | null | undefined): Promise<void> {
  if (!proposer) return;
  if (proposer === approver.username) {
    throw domainError('MAKER_CHECKER', 403, 'Người đề xuất không được tự phê duyệt', 'The proposer cannot approve their own proposal', { proposer });
  }
  if (approver.userId === null) return;
  const origin = await findUserOrigin(executor, approver.username);
  if (origin?.createdBy === proposer) {
    throw domainError(
      'APPROVER_NOT_INDEPENDENT',
      403,
      `Bạn không được phê duyệt đề xuất của ${proposer}, người đã tạo tài khoản của bạn`,
      `You cannot approve a proposal of ${proposer}, who created your account`,
      { proposer, relation: 'created_by' },
    );
  }
  if (origin?.passwordResetBy === proposer) {
    throw domainError(
      'APPROVER_NOT_INDEPENDENT',
      403,
      `Bạn không được phê duyệt đề xuất của ${proposer}, người đã đặt lại mật khẩu của bạn`,
      `You cannot approve a proposal of ${proposer}, who last reset your password`,
      { proposer, relation: 'password_reset_by' },
    );
  }
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
  await checkPasswordPolicy(input.newPassword, user.username);
  if (await verifyPassword(user.passwordHash, input.newPassword)) {
    throw domainError('PASSWORD_REUSED', 400, 'Mật khẩu mới phải khác mật khẩu hiện tại', 'The new password must differ from the current one', { field: 'newPassword' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.orm.transaction(async (tx) => {
    await updatePasswordHash(tx, user.id, passwordHash);
    await revokeOtherSessions(tx, user.id, input.sessionToken ? sessionIdOfToken(input.sessionToken) : null);
    await recordAudit(tx, actor, { action: 'auth.password_changed', entityType: 'user', entityId: user.id });
  });
}
