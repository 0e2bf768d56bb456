import { domainError, errors } from '../../core/errors.js';
import type { AppContext } from '../../app/context.js';
import { recordAudit } from '../audit/audit.service.js';
import { findCurrentUnit } from '../units/units.service.js';
import { checkPasswordPolicy, hashPassword } from './passwords.js';
import { requirePermission } from '../access/permissions.js';
import { roles, scopeContains, scopeUnitCode, type Actor, type Role, type Scope } from '../access/scope.js';
import { scopeOfUser } from './auth.service.js';
import { findUserByUsername, findUserById, insertUser, listUsersInScope, setUserStatus, updatePasswordHash } from './users.repository.js';
import type { UserRow } from './users.table.js';

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

export async function createUser(ctx: AppContext, actor: Actor, input: CreateUserInput): Promise<UserView> {
  requirePermission(actor, 'users.manage');
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(username)) {
    throw invalidField('username', 'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch; 3–64 ký tự', 'Username: 3–64 lower-case letters, digits, dots, dashes');
  }
  if (!roles.includes(input.role)) throw invalidField('role', `Vai trò không hợp lệ: ${input.role}`, `Unknown role: ${input.role}`);
  checkPasswordPolicy(input.password, username);
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
  if (await findUserByUsername(ctx.db.orm, username)) {
    throw domainError('USER_EXISTS', 409, `Tên đăng nhập đã tồn tại: ${username}`, `Username already exists: ${username}`, { field: 'username' });
  }
  const passwordHash = await hashPassword(input.password);
  return ctx.db.orm.transaction(async (tx) => {
    const user = await insertUser(tx, {
      username,
      fullName: input.fullName?.normalize('NFC').trim() ?? '',
      passwordHash,
      role: input.role,
      unitId,
      scopeProvinceCode: scope.level === 'national' ? null : scope.provinceCode,
      scopeCommuneCode: scope.level === 'commune' ? scope.communeCode : null,
      providerCode: input.providerCode ?? null,
      phone: input.phone ?? null,
      mustChangePassword: input.mustChangePassword ?? false,
    });
    if (!user) throw domainError('USER_EXISTS', 409, `Tên đăng nhập đã tồn tại: ${username}`, `Username already exists: ${username}`);
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

export async function setStatus(ctx: AppContext, actor: Actor, userId: number, status: 'active' | 'disabled'): Promise<UserView> {
  const user = await loadManagedUser(ctx, actor, userId);
  if (user.id === actor.userId) throw errors.forbidden({ reason: 'cannot change your own status' });
  await ctx.db.orm.transaction(async (tx) => {
    await setUserStatus(tx, user.id, status);
    await recordAudit(tx, actor, { action: `user.${status}`, entityType: 'user', entityId: user.id, before: { status: user.status }, after: { status } });
  });
  return toUserView({ ...user, status }, ctx.now());
}

/** An administrator sets a new password (e.g. after a lock-out); the user must change it at next login. */
export async function resetPassword(ctx: AppContext, actor: Actor, userId: number, newPassword: string): Promise<UserView> {
  const user = await loadManagedUser(ctx, actor, userId);
  checkPasswordPolicy(newPassword, user.username);
  const passwordHash = await hashPassword(newPassword);
  await ctx.db.orm.transaction(async (tx) => {
    await updatePasswordHash(tx, user.id, passwordHash);
    await recordAudit(tx, actor, { action: 'user.password_reset', entityType: 'user', entityId: user.id });
  });
  return toUserView({ ...user, lockedUntil: null, failedLogins: 0 }, ctx.now());
}
