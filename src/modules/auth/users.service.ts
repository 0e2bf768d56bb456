import { domainError, errors } from '../../core/errors.js';
import type { AppContext } from '../../app/context.js';
import { recordAudit } from '../audit/audit.service.js';
import { findCurrentUnit } from '../units/units.service.js';
import { checkPasswordPolicy, hashPassword } from './passwords.js';
import type { Executor } from '../../db/client.js';
import { permissions, requirePermission } from '../access/permissions.js';
import { roles, scopeContains, scopeUnitCode, type Actor, type Role, type Scope } from '../access/scope.js';
import { assertIndependentApprover, scopeOfUser } from './auth.service.js';
import {
  findUserByUsername,
  findUserById,
  findUserOrigin,
  insertUser,
  listUsersInScope,
  revokeAllSessions,
  setResetPassword,
  setUserAssignment,
  setUserStatus,
  type UserAssignment,
} from './users.repository.js';
import {
  closeUserChange,
  findUserChangeForUpdate,
  insertUserChange,
  listUserChanges as listUserChangeRows,
  type NewUserChange,
  type UserChangeKind,
  type UserChangeRow,
  type UserChangeStatus,
} from './user-changes.repository.js';
import type { UserRow } from './users.table.js';

/** How many user accounts exist (the first start creates the first administrator when none). */
export { countUsers, usersRelation } from './users.repository.js';

export interface CreateUserInput {
  username: string;
  password: string;
  role: Role;
  /** Province (2 digits) or commune (5 digits) code of the 2025 organisation; absent = national. */
  unitCode?: string | null;
  fullName?: string;
  providerCode?: string | null;
  phone?: string | null;
  mustChangePassword?: boolean;
}

export interface UserView {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  unitCode: string | null;
  scopeLevel: Scope['level'];
  providerCode: string | null;
  status: 'active' | 'disabled';
  locked: boolean;
  mustChangePassword: boolean;
}

export function toUserView(user: UserRow, now: Date = new Date()): UserView {
  const scope = scopeOfUser(user);
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    role: user.role,
    unitCode: scopeUnitCode(scope),
    scopeLevel: scope.level,
    providerCode: user.providerCode,
    status: user.status,
    locked: Boolean(user.lockedUntil && user.lockedUntil > now),
    mustChangePassword: user.mustChangePassword,
  };
}

function invalidField(field: string, vi: string, en: string) {
  return domainError('USER_INVALID', 400, vi, en, { field });
}

/** Resolves a unit code into a scope; `null` = national. */
export async function scopeOfUnitCode(ctx: AppContext, unitCode: string | null | undefined): Promise<{ scope: Scope; unitId: number | null }> {
  if (!unitCode) return { scope: { level: 'national' }, unitId: null };
  const unit = await findCurrentUnit(ctx.db.orm, unitCode);
  if (!unit) {
    throw domainError('UNIT_UNKNOWN', 400, `Mã đơn vị hành chính không tồn tại: ${unitCode}`, `Unknown administrative unit code: ${unitCode}`, {
      field: 'unit',
      value: unitCode,
    });
  }
  if (unit.level === 'province') return { scope: { level: 'province', provinceCode: unit.code }, unitId: unit.id };
  return { scope: { level: 'commune', provinceCode: unit.provinceCode, communeCode: unit.code }, unitId: unit.id };
}

/**
 * Roles that approve something another person proposed: any role holding an `….approve`
 * permission, or `users.manage` (which approves changes to accounts). Creating such a user needs
 * a second administrator (see `userChangesNeedApproval`).
 */
export const approvingRoles: readonly Role[] = roles.filter((role) =>
  Object.entries(permissions).some(([name, allowed]) => (/\.approve/.test(name) || name === 'users.manage') && (allowed as readonly Role[]).includes(role)),
);

/**
 * The machine operator: `asxh` on the server without `--as`, who holds the database anyway. The
 * only one who creates approving users, changes roles and resets passwords directly (the first
 * administrator, a lost last administrator's password); every logged-in user proposes and a
 * second administrator approves.
 */
export function isMachineOperator(actor: Pick<Actor, 'userId' | 'username'>): boolean {
  return actor.userId === null && actor.username.startsWith('cli:');
}

/** How long a proposed change to an account may wait for its approval. */
export const userChangeDaysMax = 7;

export interface UserChangeView {
  id: number;
  kind: UserChangeKind;
  status: UserChangeStatus;
  userId: number | null;
  username: string;
  role: Role | null;
  unitCode: string | null;
  providerCode: string | null;
  fullName: string | null;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  /** Whether the caller may approve it (not the proposer, nor the account itself, independent of the proposer, in time). */
  mayApprove: boolean;
}

function toUserChangeView(row: UserChangeRow, mayApprove: boolean): UserChangeView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    userId: row.userId,
    username: row.username,
    role: row.role,
    unitCode: row.scopeCommuneCode ?? row.scopeProvinceCode,
    providerCode: row.providerCode,
    fullName: row.fullName,
    proposedBy: row.proposedBy,
    proposedAt: row.proposedAt.toISOString(),
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionReason: row.decisionReason,
    mayApprove,
  };
}

/** The result of a change that needs a second administrator: the user when applied at once, or the waiting request. */
export type UserChangeResult = UserView | PendingUserChange;
export interface PendingUserChange {
  status: 'pending';
  request: UserChangeView;
}

export function isPendingChange(result: UserChangeResult): result is PendingUserChange {
  return 'request' in result;
}

interface Assignment extends UserAssignment {
  scope: Scope;
}

/** Checks a role, unit and provider for an account and resolves the unit (shared by creation and role changes). */
async function resolveAssignment(ctx: AppContext, actor: Actor, input: { role: Role; unitCode?: string | null; providerCode?: string | null }): Promise<Assignment> {
  if (!roles.includes(input.role)) throw invalidField('role', `Vai trò không hợp lệ: ${input.role}`, `Unknown role: ${input.role}`);
  const { scope, unitId } = await scopeOfUnitCode(ctx, input.unitCode);
  if (scope.level === 'national' && !['admin', 'auditor'].includes(input.role)) {
    throw invalidField('unit', 'Vai trò này cần mã tỉnh hoặc xã (--unit)', 'This role needs a province or commune code (--unit)');
  }
  if (input.role === 'province' && scope.level !== 'province') {
    throw invalidField('unit', 'Cán bộ cấp tỉnh cần mã tỉnh (2 chữ số)', 'A provincial officer needs a province code (2 digits)');
  }
  if (input.role === 'provider' && !input.providerCode) {
    throw invalidField('providerCode', 'Nhân viên tổ chức chi trả cần mã tổ chức (--provider)', 'A payment-provider agent needs a provider code (--provider)');
  }
  if (!scopeContains(actor.scope, scope)) throw errors.forbidden({ reason: 'unit outside your scope' });
  if (input.role === 'admin' && actor.role !== 'admin') throw errors.forbidden({ reason: 'only an admin creates admins' });
  return {
    scope,
    role: input.role,
    unitId,
    scopeProvinceCode: scope.level === 'national' ? null : scope.provinceCode,
    scopeCommuneCode: scope.level === 'commune' ? scope.communeCode : null,
    providerCode: input.role === 'provider' ? (input.providerCode ?? null) : null,
  };
}

function userExists(username: string) {
  return domainError('USER_EXISTS', 409, `Tên đăng nhập đã tồn tại: ${username}`, `Username already exists: ${username}`, { field: 'username' });
}

/** Records a proposed change; a second administrator applies it (`approveUserChange`). */
async function proposeUserChange(ctx: AppContext, actor: Actor, change: Omit<NewUserChange, 'proposedBy' | 'proposedByUserId' | 'proposedAt'>): Promise<UserChangeResult> {
  return ctx.db.orm.transaction(async (tx) => {
    const row = await insertUserChange(tx, { ...change, proposedBy: actor.username, proposedByUserId: actor.userId, proposedAt: ctx.now() });
    if (!row) {
      throw domainError(
        'USER_CHANGE_PENDING',
        409,
        `Đã có một thay đổi đang chờ phê duyệt cho tài khoản ${change.username}`,
        `A change of the account ${change.username} is already waiting for approval`,
        { username: change.username },
      );
    }
    await recordAudit(tx, actor, {
      action: 'user.change_proposed',
      entityType: 'user_change_request',
      entityId: row.id,
      unitCode: row.scopeCommuneCode ?? row.scopeProvinceCode,
      after: { kind: row.kind, username: row.username, userId: row.userId, role: row.role, unitCode: row.scopeCommuneCode ?? row.scopeProvinceCode },
    });
    return { status: 'pending' as const, request: toUserChangeView(row, false) };
  });
}

/**
 * Creates an account. A user with an approving role (`approvingRoles`) proposed by a logged-in
 * administrator waits for a second administrator; other roles, and the machine operator, are
 * created at once. The account records who created it; its password must be changed at first login.
 */
export async function createUser(ctx: AppContext, actor: Actor, input: CreateUserInput): Promise<UserChangeResult> {
  requirePermission(actor, 'users.manage');
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(username)) {
    throw invalidField('username', 'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch; 3–64 ký tự', 'Username: 3–64 lower-case letters, digits, dots, dashes');
  }
  if (!roles.includes(input.role)) throw invalidField('role', `Vai trò không hợp lệ: ${input.role}`, `Unknown role: ${input.role}`);
  await checkPasswordPolicy(input.password, username);
  const assignment = await resolveAssignment(ctx, actor, input);
  if (await findUserByUsername(ctx.db.orm, username)) throw userExists(username);
  const passwordHash = await hashPassword(input.password);
  const fullName = input.fullName?.normalize('NFC').trim() ?? '';
  const { scope: _scope, ...columns } = assignment;
  if (approvingRoles.includes(input.role) && !isMachineOperator(actor)) {
    return proposeUserChange(ctx, actor, { kind: 'create', userId: null, username, ...columns, fullName, phone: input.phone ?? null, passwordHash });
  }
  return ctx.db.orm.transaction(async (tx) => {
    const user = await insertUser(tx, { username, fullName, passwordHash, ...columns, phone: input.phone ?? null, mustChangePassword: input.mustChangePassword ?? true, createdBy: actor.username });
    if (!user) throw userExists(username);
    const view = toUserView(user, ctx.now());
    await recordAudit(tx, actor, { action: 'user.created', entityType: 'user', entityId: user.id, unitCode: view.unitCode, after: view });
    return view;
  });
}

export async function listUsers(ctx: AppContext, actor: Actor): Promise<UserView[]> {
  requirePermission(actor, 'users.read');
  const rows = await listUsersInScope(ctx.db.orm, actor.scope);
  return rows.map((row) => toUserView(row, ctx.now()));
}

async function loadManagedUser(ctx: AppContext, actor: Actor, userId: number): Promise<UserRow> {
  requirePermission(actor, 'users.manage');
  const user = await findUserById(ctx.db.orm, userId);
  // Users outside the actor's scope are "not found", not "forbidden": their existence is not disclosed.
  if (!user || !scopeContains(actor.scope, scopeOfUser(user))) throw errors.notFound({ entity: 'user', id: userId });
  return user;
}

/** A user by username, as `loadManagedUser` (the CLI names users, the API numbers them). */
export async function userIdOfUsername(ctx: AppContext, actor: Actor, username: string): Promise<number> {
  requirePermission(actor, 'users.read');
  const user = await findUserByUsername(ctx.db.orm, username.trim().toLowerCase());
  if (!user || !scopeContains(actor.scope, scopeOfUser(user))) throw errors.notFound({ entity: 'user', username });
  return user.id;
}

export async function setStatus(ctx: AppContext, actor: Actor, userId: number, status: 'active' | 'disabled'): Promise<UserView> {
  const user = await loadManagedUser(ctx, actor, userId);
  if (user.id === actor.userId) throw errors.forbidden({ reason: 'cannot change your own status' });
  await ctx.db.orm.transaction(async (tx) => {
    await setUserStatus(tx, user.id, status);
    await recordAudit(tx, actor, { action: `user.${status}`, entityType: 'user', entityId: user.id, before: { status: user.status }, after: { status } });
  });
  return toUserView({ ...user, status }, ctx.now());
}

function notOwnAccount(actor: Actor, user: UserRow, vi: string, en: string): void {
  if (user.id === actor.userId) throw domainError('USER_CHANGE_OWN_ACCOUNT', 403, vi, en, { userId: user.id });
  // An administrator's account is changed by administrators only (proposed and approved).
  if (user.role === 'admin' && actor.role !== 'admin') throw errors.forbidden({ reason: 'only an admin changes an admin' });
}

/** Applies a password reset: the user must change it at next login, every session of theirs ends. */
async function applyPasswordReset(tx: Executor, ctx: AppContext, actor: Actor, user: UserRow, passwordHash: string, resetBy: string): Promise<UserView> {
  await setResetPassword(tx, user.id, passwordHash, resetBy, ctx.now());
  await revokeAllSessions(tx, user.id);
  await recordAudit(tx, actor, { action: 'user.password_reset', entityType: 'user', entityId: user.id, after: { resetBy, sessionsEnded: true, mustChangePassword: true } });
  return toUserView({ ...user, lockedUntil: null, failedLogins: 0, mustChangePassword: true }, ctx.now());
}

/**
 * An administrator sets a new password (e.g. after a lock-out). Proposed by a logged-in
 * administrator, it waits for a second one; the machine operator applies it at once. When applied,
 * every session of the user ends and the API lets them do nothing but change it.
 */
export async function resetPassword(ctx: AppContext, actor: Actor, userId: number, newPassword: string): Promise<UserChangeResult> {
  const user = await loadManagedUser(ctx, actor, userId);
  notOwnAccount(actor, user, 'Hãy dùng chức năng đổi mật khẩu cho tài khoản của chính mình', 'Use the password change for your own account');
  await checkPasswordPolicy(newPassword, user.username);
  const passwordHash = await hashPassword(newPassword);
  if (!isMachineOperator(actor)) {
    const scope = scopeOfUser(user);
    return proposeUserChange(ctx, actor, {
      kind: 'password_reset',
      userId: user.id,
      username: user.username,
      role: null,
      unitId: user.unitId,
      scopeProvinceCode: scope.level === 'national' ? null : scope.provinceCode,
      scopeCommuneCode: scope.level === 'commune' ? scope.communeCode : null,
      providerCode: null,
      fullName: null,
      phone: null,
      passwordHash,
    });
  }
  return ctx.db.orm.transaction((tx) => applyPasswordReset(tx, ctx, actor, user, passwordHash, actor.username));
}

/**
 * Changes the role (and unit, provider) of an account: always a second administrator's decision,
 * but for the machine operator. The proposer's and approver's scopes must hold both the old and the new unit.
 */
export async function changeRole(ctx: AppContext, actor: Actor, userId: number, input: { role: Role; unitCode?: string | null; providerCode?: string | null }): Promise<UserChangeResult> {
  const user = await loadManagedUser(ctx, actor, userId);
  notOwnAccount(actor, user, 'Không được tự thay đổi vai trò của chính mình', 'You cannot change your own role');
  const assignment = await resolveAssignment(ctx, actor, {
    role: input.role,
    unitCode: input.unitCode === undefined ? scopeUnitCode(scopeOfUser(user)) : input.unitCode,
    providerCode: input.providerCode === undefined ? user.providerCode : input.providerCode,
  });
  const { scope: _scope, ...columns } = assignment;
  if (!isMachineOperator(actor)) {
    return proposeUserChange(ctx, actor, { kind: 'role', userId: user.id, username: user.username, ...columns, fullName: null, phone: null, passwordHash: null });
  }
  return ctx.db.orm.transaction((tx) => applyRoleChange(tx, ctx, actor, user, columns));
}

async function applyRoleChange(tx: Executor, ctx: AppContext, actor: Actor, user: UserRow, assignment: UserAssignment): Promise<UserView> {
  await setUserAssignment(tx, user.id, assignment, ctx.now());
  const before = toUserView(user, ctx.now());
  const after = toUserView({ ...user, ...assignment }, ctx.now());
  await recordAudit(tx, actor, {
    action: 'user.role_changed',
    entityType: 'user',
    entityId: user.id,
    unitCode: after.unitCode,
    before: { role: before.role, unitCode: before.unitCode, providerCode: before.providerCode },
    after: { role: after.role, unitCode: after.unitCode, providerCode: after.providerCode },
  });
  return after;
}

/**
 * Whether the actor may approve the request, and why not. Checks that need no database: the
 * proposer never approves (nor the account changed), an admin's creation or promotion needs an
 * admin, the request is still open and in time.
 */
function refusalOf(ctx: AppContext, actor: Actor, row: UserChangeRow): ReturnType<typeof domainError> | null {
  if (row.status !== 'pending') {
    return domainError('USER_CHANGE_CLOSED', 409, `Yêu cầu #${row.id} đã được xử lý (${row.status})`, `Request #${row.id} is already ${row.status}`, { status: row.status });
  }
  if (ctx.now().getTime() - row.proposedAt.getTime() > userChangeDaysMax * 86_400_000) {
    return domainError('USER_CHANGE_EXPIRED', 409, `Yêu cầu #${row.id} đã quá ${userChangeDaysMax} ngày; hãy đề xuất lại`, `Request #${row.id} is older than ${userChangeDaysMax} days; propose it again`, {});
  }
  if (row.proposedBy === actor.username) {
    return domainError('MAKER_CHECKER', 403, 'Người đề xuất không được tự phê duyệt thay đổi tài khoản', 'The person who proposed a change of an account cannot approve it', {});
  }
  if (row.userId !== null && row.userId === actor.userId) {
    return domainError('USER_CHANGE_OWN_ACCOUNT', 403, 'Không được phê duyệt thay đổi tài khoản của chính mình', 'You cannot approve a change of your own account', {});
  }
  if (row.role === 'admin' && actor.role !== 'admin') return errors.forbidden({ reason: 'only an admin approves an admin' });
  return null;
}

/**
 * A second administrator approves a proposed change, which is applied in the same transaction:
 * the account created (its creator is the proposer, who chose its first password), the role
 * changed, or the password reset (sessions ended, change forced; the proposer is recorded as
 * the one who reset it). Refused to the proposer, to the account itself, and to an approver whose
 * own account the proposer created or reset (`assertIndependentApprover`).
 */
export async function approveUserChange(ctx: AppContext, actor: Actor, requestId: number, comment?: string): Promise<UserChangeView> {
  requirePermission(actor, 'users.manage');
  return ctx.db.orm.transaction(async (tx) => {
    const row = await findUserChangeForUpdate(tx, actor.scope, requestId);
    if (!row) throw errors.notFound({ entity: 'user_change_request', id: requestId });
    const refusal = refusalOf(ctx, actor, row);
    if (refusal) throw refusal;
    await assertIndependentApprover(tx, actor, row.proposedBy);
    const assignment: UserAssignment = {
      role: row.role ?? 'officer',
      unitId: row.unitId,
      scopeProvinceCode: row.scopeProvinceCode,
      scopeCommuneCode: row.scopeCommuneCode,
      providerCode: row.providerCode,
    };
    let userId = row.userId;
    if (row.kind === 'create') {
      const user = await insertUser(tx, {
        username: row.username,
        fullName: row.fullName ?? '',
        passwordHash: row.passwordHash!,
        ...assignment,
        phone: row.phone,
        mustChangePassword: true,
        createdBy: row.proposedBy,
      });
      if (!user) throw userExists(row.username);
      userId = user.id;
      const view = toUserView(user, ctx.now());
      await recordAudit(tx, actor, { action: 'user.created', entityType: 'user', entityId: user.id, unitCode: view.unitCode, after: { ...view, createdBy: row.proposedBy, requestId: row.id } });
    } else {
      const user = await findUserById(tx, row.userId!);
      // The account must still lie in the approver's scope (it may have moved since the proposal).
      if (!user || !scopeContains(actor.scope, scopeOfUser(user))) throw errors.notFound({ entity: 'user', id: row.userId });
      if (user.role === 'admin' && actor.role !== 'admin') throw errors.forbidden({ reason: 'only an admin approves a change of an admin' });
      if (row.kind === 'role') await applyRoleChange(tx, ctx, actor, user, assignment);
      else await applyPasswordReset(tx, ctx, actor, user, row.passwordHash!, row.proposedBy);
    }
    const decidedAt = ctx.now();
    const reason = comment?.trim() || null;
    if (!(await closeUserChange(tx, row.id, { status: 'approved', userId, decidedBy: actor.username, decidedByUserId: actor.userId, decidedAt, reason }))) {
      throw domainError('USER_CHANGE_CLOSED', 409, `Yêu cầu #${row.id} đã được xử lý`, `Request #${row.id} is already decided`, {});
    }
    await recordAudit(tx, actor, {
      action: 'user.change_approved',
      entityType: 'user_change_request',
      entityId: row.id,
      unitCode: row.scopeCommuneCode ?? row.scopeProvinceCode,
      after: { kind: row.kind, username: row.username, userId, proposedBy: row.proposedBy, comment: reason },
    });
    return toUserChangeView({ ...row, status: 'approved', userId, decidedBy: actor.username, decidedAt, decisionReason: reason, passwordHash: null }, false);
  });
}

/** Another administrator rejects a proposed change, or its proposer withdraws it; a reason is required. */
export async function rejectUserChange(ctx: AppContext, actor: Actor, requestId: number, reason: string): Promise<UserChangeView> {
  requirePermission(actor, 'users.manage');
  const text = reason?.trim() ?? '';
  if (!text) throw domainError('REASON_REQUIRED', 400, 'Cần ghi lý do từ chối', 'A reason for rejecting is required', { field: 'reason' });
  return ctx.db.orm.transaction(async (tx) => {
    const row = await findUserChangeForUpdate(tx, actor.scope, requestId);
    if (!row) throw errors.notFound({ entity: 'user_change_request', id: requestId });
    const decidedAt = ctx.now();
    if (row.status !== 'pending' || !(await closeUserChange(tx, row.id, { status: 'rejected', userId: null, decidedBy: actor.username, decidedByUserId: actor.userId, decidedAt, reason: text }))) {
      throw domainError('USER_CHANGE_CLOSED', 409, `Yêu cầu #${row.id} đã được xử lý (${row.status})`, `Request #${row.id} is already ${row.status}`, { status: row.status });
    }
    await recordAudit(tx, actor, {
      action: row.proposedBy === actor.username ? 'user.change_withdrawn' : 'user.change_rejected',
      entityType: 'user_change_request',
      entityId: row.id,
      unitCode: row.scopeCommuneCode ?? row.scopeProvinceCode,
      after: { kind: row.kind, username: row.username, reason: text },
    });
    return toUserChangeView({ ...row, status: 'rejected', decidedBy: actor.username, decidedAt, decisionReason: text, passwordHash: null }, false);
  });
}

/** Proposed changes of accounts in the actor's scope, newest first, each saying whether the actor may approve it. */
export async function listUserChanges(ctx: AppContext, actor: Actor, filter: { status?: UserChangeStatus } = {}): Promise<UserChangeView[]> {
  requirePermission(actor, 'users.read');
  const rows = await listUserChangeRows(ctx.db.orm, actor.scope, { status: filter.status, limit: 500 });
  const manages = (permissions['users.manage'] as readonly Role[]).includes(actor.role);
  const origin = actor.userId === null ? undefined : await findUserOrigin(ctx.db.orm, actor.username);
  return rows.map((row) =>
    toUserChangeView(
      row,
      manages && refusalOf(ctx, actor, row) === null && origin?.createdBy !== row.proposedBy && origin?.passwordResetBy !== row.proposedBy,
    ),
  );
}
