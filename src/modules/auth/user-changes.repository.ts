import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Role, type Scope } from '../access/scope.js';

export type UserChangeKind = 'create' | 'role' | 'password_reset';
export type UserChangeStatus = 'pending' | 'approved' | 'rejected';

export interface UserChangeRow {
  id: number;
  kind: UserChangeKind;
  status: UserChangeStatus;
  userId: number | null;
  username: string;
  role: Role | null;
  unitId: number | null;
  scopeProvinceCode: string | null;
  scopeCommuneCode: string | null;
  providerCode: string | null;
  fullName: string | null;
  phone: string | null;
  passwordHash: string | null;
  proposedBy: string;
  proposedByUserId: number | null;
  proposedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
}

const columns = sql`id, kind, status, user_id AS "userId", username, role, unit_id AS "unitId", scope_province_code AS "scopeProvinceCode",
  scope_commune_code AS "scopeCommuneCode", provider_code AS "providerCode", full_name AS "fullName", phone, password_hash AS "passwordHash",
  proposed_by AS "proposedBy", proposed_by_user_id AS "proposedByUserId", proposed_at::text AS "proposedAt", decided_by AS "decidedBy",
  decided_at::text AS "decidedAt", decision_reason AS "decisionReason"`;

type RawRow = Omit<UserChangeRow, 'proposedAt' | 'decidedAt'> & { proposedAt: string; decidedAt: string | null };

function toRow(raw: RawRow): UserChangeRow {
  return { ...raw, proposedAt: new Date(raw.proposedAt), decidedAt: raw.decidedAt ? new Date(raw.decidedAt) : null };
}

export interface NewUserChange {
  kind: UserChangeKind;
  userId: number | null;
  username: string;
  role: Role | null;
  unitId: number | null;
  scopeProvinceCode: string | null;
  scopeCommuneCode: string | null;
  providerCode: string | null;
  fullName: string | null;
  phone: string | null;
  passwordHash: string | null;
  proposedBy: string;
  proposedByUserId: number | null;
  proposedAt: Date;
}

/** Undefined when a change of the same account is already waiting (one pending request per username). */
export async function insertUserChange(executor: Executor, change: NewUserChange): Promise<UserChangeRow | undefined> {
  const raw = await queryOne<RawRow>(
    executor,
    sql`INSERT INTO user_change_requests (kind, user_id, username, role, unit_id, scope_province_code, scope_commune_code, provider_code,
          full_name, phone, password_hash, proposed_by, proposed_by_user_id, proposed_at)
        VALUES (${change.kind}, ${change.userId}, ${change.username}, ${change.role}, ${change.unitId}, ${change.scopeProvinceCode},
          ${change.scopeCommuneCode}, ${change.providerCode}, ${change.fullName}, ${change.phone}, ${change.passwordHash}, ${change.proposedBy},
          ${change.proposedByUserId}, ${change.proposedAt.toISOString()}::timestamptz)
        ON CONFLICT (username) WHERE status = 'pending' DO NOTHING
        RETURNING ${columns}`,
  );
  return raw && toRow(raw);
}

/** A request in the actor's scope, locked for the decision (two administrators deciding at once: one wins). */
export async function findUserChangeForUpdate(executor: Executor, scope: Scope, id: number): Promise<UserChangeRow | undefined> {
  const raw = await queryOne<RawRow>(
    executor,
    sql`SELECT ${columns} FROM user_change_requests q
        WHERE q.id = ${id} AND ${scopeCondition(scope)}
        FOR UPDATE`,
  );
  return raw && toRow(raw);
}

function scopeCondition(scope: Scope) {
  return scope.level === 'national' ? sql`TRUE` : inScope(scope, { province: sql`q.scope_province_code`, commune: sql`q.scope_commune_code` });
}

export async function listUserChanges(executor: Executor, scope: Scope, filter: { status?: UserChangeStatus; limit: number }): Promise<UserChangeRow[]> {
  const rows = await queryRows<RawRow>(
    executor,
    sql`SELECT ${columns} FROM user_change_requests q
        WHERE ${scopeCondition(scope)} ${filter.status ? sql`AND q.status = ${filter.status}` : sql``}
        ORDER BY q.proposed_at DESC, q.id DESC
        LIMIT ${filter.limit}`,
  );
  return rows.map(toRow);
}

/** Closes a pending request; the password hash it carried is dropped. False when it was no longer pending. */
export async function closeUserChange(
  executor: Executor,
  id: number,
  decision: { status: 'approved' | 'rejected'; userId: number | null; decidedBy: string; decidedByUserId: number | null; decidedAt: Date; reason: string | null },
): Promise<boolean> {
  const row = await queryOne<{ id: number }>(
    executor,
    sql`UPDATE user_change_requests SET status = ${decision.status}, user_id = COALESCE(user_id, ${decision.userId}), decided_by = ${decision.decidedBy},
          decided_by_user_id = ${decision.decidedByUserId}, decided_at = ${decision.decidedAt.toISOString()}::timestamptz,
          decision_reason = ${decision.reason}, password_hash = NULL
        WHERE id = ${id} AND status = 'pending'
        RETURNING id`,
  );
  return row !== undefined;
}
