import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.js';
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
  session: { id: string; userId: number; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<void> {
  await executor.insert(sessions).values({ ...session, createdAt: new Date(), lastSeenAt: new Date() });
}

export async function findLiveSession(executor: Executor, id: string, now: Date): Promise<{ userId: number } | undefined> {
  const rows = await executor
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .limit(1);
  return rows[0];
}

export async function revokeSession(executor: Executor, id: string): Promise<void> {
  await executor.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

/** After a password change every other session of the user ends. */
export async function revokeOtherSessions(executor: Executor, userId: number, keepId: string | null): Promise<void> {
  await executor.execute(sql`UPDATE sessions SET revoked_at = now()
    WHERE user_id = ${userId} AND revoked_at IS NULL ${keepId ? sql`AND id <> ${keepId}` : sql``}`);
}
