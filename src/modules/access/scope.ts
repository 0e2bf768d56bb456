import type { SQL } from 'drizzle-orm';
import { unreachable } from '../../core/assert.js';
import { scopeCondition } from './scope.repository.js';

export const roles = ['admin', 'officer', 'approver', 'province', 'provider', 'auditor'] as const;
export type Role = (typeof roles)[number];

/**
 * A user's locality scope: the whole country, one province (with all its communes) or one commune.
 * Every scoped table carries `province_code` and `commune_code` (current 2025 codes), so the scope
 * becomes a plain, indexed WHERE clause in every query.
 */
export type Scope =
  | { level: 'national' }
  | { level: 'province'; provinceCode: string }
  | { level: 'commune'; provinceCode: string; communeCode: string };

export const nationalScope: Scope = { level: 'national' };

/**
 * A scope as the integer id of a lock (`db.withLock`): a run over one area claims it, so the same
 * run asked of two servers at once runs once. 0 the country, 100000 + the province code, the
 * commune code (five digits, below 100000).
 */
export function scopeLockId(scope: Scope): number {
  if (scope.level === 'national') return 0;
  return scope.level === 'province' ? 100_000 + Number(scope.provinceCode) : Number(scope.communeCode);
}

/** The person or process a change is attributed to (audit `actor`). */
export interface Actor {
  userId: number | null;
  username: string;
  role: Role;
  scope: Scope;
  providerCode: string | null;
  requestId: string;
}

/** SQL condition: the row's locality lies inside the scope (its SQL lives in scope.repository.ts). */
export function inScope(scope: Scope, columns: { province: SQL; commune: SQL }): SQL {
  return scopeCondition(scope, columns);
}

/** Whether a (province, commune) locality lies inside the scope, for checks before a write. */
export function containsLocality(scope: Scope, provinceCode: string, communeCode: string | null): boolean {
  switch (scope.level) {
    case 'national':
      return true;
    case 'province':
      return provinceCode === scope.provinceCode;
    case 'commune':
      return communeCode === scope.communeCode;
    default:
      return unreachable(scope);
  }
}

/** Whether `inner` lies inside `outer` (a user may only create users inside their own scope). */
export function scopeContains(outer: Scope, inner: Scope): boolean {
  if (inner.level === 'national') return outer.level === 'national';
  return containsLocality(outer, inner.provinceCode, inner.level === 'commune' ? inner.communeCode : null) &&
    !(outer.level === 'commune' && inner.level === 'province');
}

export function scopeUnitCode(scope: Scope): string | null {
  if (scope.level === 'national') return null;
  return scope.level === 'province' ? scope.provinceCode : scope.communeCode;
}
