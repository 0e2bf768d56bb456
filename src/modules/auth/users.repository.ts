import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Scope } from '../access/scope.js';
import { sessions, users, type UserRow } from './users.table.js';

export async function findUserByUsername(executor: Executor, username: string): Promise<UserRow | undefined> {
  const rows = await executor.select().from(users).where(eq(users.username, username)).limit(1);
  return rows[0];
}

export async function findUserById(executor: Executor, id: number): Promise<UserRow | undefined> {
  const rows = await executor.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0];
}

/** How many user accounts exist (a fresh installation has none). */
export async function countUsers(executor: Executor): Promise<number> {
  const rows = await queryRows<{ count: number }>(executor, sql`SELECT count(*)::int AS count FROM users`);
  return rows[0]?.count ?? 0;
}

export interface NewUser {
  username: string;
  fullName: string;
  passwordHash: string;
  role: UserRow['role'];
  unitId: number | null;
  scopeProvinceCode: string | null;
  scopeCommuneCode: string | null;
  providerCode: string | null;
  phone: string | null;
  mustChangePassword: boolean;
  /** Who created it: that account never approves their proposals (null for the demo and bootstrap accounts). */
  createdBy?: string | null;
}

export async function insertUser(executor: Executor, user: NewUser): Promise<UserRow> {
  const rows = await executor
    .insert(users)
    .values({ ...user, status: 'active', failedLogins: 0, passwordChangedAt: new Date(), createdAt: new Date(), updatedAt: new Date() })
    .onConflictDoNothing({ target: users.username })
    .returning();
  return rows[0]!;
}

/** Counts a failed login; locks the account once `failedLoginsMax` is reached. Returns the new state. */
export async function registerFailedLogin(
  executor: Executor,
  userId: number,
  failedLoginsMax: number,
  lockoutMinutes: number,
  now: Date,
): Promise<{ failedLogins: number; lockedUntil: Date | null }> {
  const rows = await queryRows<{ failed_logins: number; locked_until: string | null }>(
    executor,
    sql`UPDATE users SET
          failed_logins = failed_logins + 1,
          locked_until = CASE WHEN failed_logins + 1 >= ${failedLoginsMax}
                              THEN ${now.toISOString()}::timestamptz + make_interval(mins => ${lockoutMinutes}) ELSE locked_until END,
          updated_at = now()
        WHERE id = ${userId}
        RETURNING failed_logins, locked_until::text`,
  );
  const row = rows[0]!;
  return { failedLogins: row.failed_logins, lockedUntil: row.locked_until ? new Date(row.locked_until) : null };
}

export async function resetFailedLogins(executor: Executor, userId: number): Promise<void> {
  await executor.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
}

export async function updatePasswordHash(executor: Executor, userId: number, passwordHash: string): Promise<void> {
  await executor
    .update(users)
    .set({ passwordHash, mustChangePassword: false, passwordChangedAt: new Date(), updatedAt: new Date(), failedLogins: 0, lockedUntil: null })
    .where(eq(users.id, userId));
}

export async function setUserStatus(executor: Executor, userId: number, status: 'active' | 'disabled'): Promise<void> {
  await executor.update(users).set({ status, updatedAt: new Date() }).where(eq(users.id, userId));
}

/** Users whose own scope lies inside `scope` (a provincial admin sees the province's users). */
export async function listUsersInScope(executor: Executor, scope: Scope): Promise<UserRow[]> {
  const condition =
    scope.level === 'national'
      ? sql`TRUE`
      : inScope(scope, { province: sql`${users.scopeProvinceCode}`, commune: sql`${users.scopeCommuneCode}` });
  return executor.select().from(users).where(condition).orderBy(users.username).limit(1000);
}

export async function insertSession(
  executor: Executor,
  session: { id: string; userId: number; expiresAt: Date; ip: string | null; userAgent: string | null; now: Date },
): Promise<void> {
  const { now, ...values } = session;
  await executor.insert(sessions).values({ ...values, createdAt: now, lastSeenAt: now });
}

/**
 * The user of a live session, marking it seen now: not revoked, before its absolute expiry, and
 * used within the idle timeout. One statement, so two servers on one database agree.
 */
export async function touchLiveSession(executor: Executor, id: string, now: Date, idleMinutes: number): Promise<{ userId: number } | undefined> {
  const nowText = now.toISOString();
  return queryOne<{ userId: number }>(
    executor,
    sql`UPDATE sessions SET last_seen_at = ${nowText}::timestamptz
        WHERE id = ${id} AND revoked_at IS NULL AND expires_at > ${nowText}::timestamptz
          AND last_seen_at > ${nowText}::timestamptz - make_interval(mins => ${idleMinutes})
        RETURNING user_id AS "userId"`,
  );
}

/** Every session of the user ends (a password reset, a role change). */
export async function revokeAllSessions(executor: Executor, userId: number): Promise<void> {
  await executor.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

/** A password set by someone else: the user must change it at next login; lock-out lifted. */
export async function setResetPassword(executor: Executor, userId: number, passwordHash: string, resetBy: string, now: Date): Promise<void> {
  await executor
    .update(users)
    .set({ passwordHash, mustChangePassword: true, passwordResetBy: resetBy, passwordResetAt: now, passwordChangedAt: now, updatedAt: now, failedLogins: 0, lockedUntil: null })
    .where(eq(users.id, userId));
}

export interface UserAssignment {
  role: UserRow['role'];
  unitId: number | null;
  scopeProvinceCode: string | null;
  scopeCommuneCode: string | null;
  providerCode: string | null;
}

export async function setUserAssignment(executor: Executor, userId: number, assignment: UserAssignment, now: Date): Promise<void> {
  await executor.update(users).set({ ...assignment, updatedAt: now }).where(eq(users.id, userId));
}

/** Who created the account and who last reset its password (the approver-independence check). */
export async function findUserOrigin(executor: Executor, username: string): Promise<{ createdBy: string | null; passwordResetBy: string | null } | undefined> {
  const rows = await executor
    .select({ createdBy: users.createdBy, passwordResetBy: users.passwordResetBy })
    .from(users)
    .where(eq(users.username, username))
    .limit(1);
  return rows[0];
}

export interface LoginSource {
  succeededAt: Date | null;
  failures: number;
  lastFailureAt: Date | null;
}

export async function findLoginSource(executor: Executor, username: string, source: string): Promise<LoginSource | undefined> {
  const row = await queryOne<{ succeeded_at: string | null; failures: number; last_failure_at: string | null }>(
    executor,
    sql`SELECT succeeded_at::text, failures, last_failure_at::text FROM login_sources WHERE username = ${username} AND source = ${source}`,
  );
  if (!row) return undefined;
  return {
    succeededAt: row.succeeded_at ? new Date(row.succeeded_at) : null,
    failures: row.failures,
    lastFailureAt: row.last_failure_at ? new Date(row.last_failure_at) : null,
  };
}

/** Counts a failure of this username from this address (atomic: concurrent failures all count). */
export async function recordLoginFailure(executor: Executor, username: string, source: string, now: Date): Promise<number> {
  const row = await queryOne<{ failures: number }>(
    executor,
    sql`INSERT INTO login_sources (username, source, failures, last_failure_at) VALUES (${username}, ${source}, 1, ${now.toISOString()}::timestamptz)
        ON CONFLICT (username, source) DO UPDATE SET failures = login_sources.failures + 1, last_failure_at = excluded.last_failure_at
        RETURNING failures`,
  );
  return row!.failures;
}

/** The address becomes one of the user's own; its failures are forgotten. */
export async function recordLoginSuccess(executor: Executor, username: string, source: string, now: Date): Promise<void> {
  await executor.execute(
    sql`INSERT INTO login_sources (username, source, succeeded_at, failures) VALUES (${username}, ${source}, ${now.toISOString()}::timestamptz, 0)
        ON CONFLICT (username, source) DO UPDATE SET succeeded_at = excluded.succeeded_at, failures = 0, last_failure_at = NULL`,
  );
}

/** Forgets failures of addresses that never succeeded and have been quiet for a while (unknown usernames included). */
export async function purgeStaleLoginSources(executor: Executor, before: Date): Promise<void> {
  await executor.execute(sql`DELETE FROM login_sources WHERE succeeded_at IS NULL AND last_failure_at < ${before.toISOString()}::timestamptz`);
}

export async function revokeSession(executor: Executor, id: string): Promise<void> {
  await executor.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

/** After a password change every other session of the user ends. */
export async function revokeOtherSessions(executor: Executor, userId: number, keepId: string | null): Promise<void> {
  await executor.execute(sql`UPDATE sessions SET revoked_at = now()
    WHERE user_id = ${userId} AND revoked_at IS NULL ${keepId ? sql`AND id <> ${keepId}` : sql``}`);
}

/**
 * The users as other modules may read them in set-based SQL (read-only): who they are, their
 * role, area and phone, and whether the account is active. Never their credentials.
 */
export const usersRelation = (): SQL => sql`(SELECT id, username, full_name, role, scope_province_code, scope_commune_code, phone, status FROM users)`;
