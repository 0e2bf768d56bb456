import { sql, type SQL } from 'drizzle-orm';
import { unreachable } from '../../core/assert.js';

/**
 * The SQL of access: no table of its own, only the scope condition that every scoped query
 * composes (through `inScope` of access/scope.ts). The scope is described here by the fields the
 * condition reads, so that this file needs nothing of scope.ts (which re-exports the condition).
 */
export type ScopeLocality =
  | { level: 'national' }
  | { level: 'province'; provinceCode: string }
  | { level: 'commune'; communeCode: string };

/** SQL condition: the row's locality lies inside the scope. */
export function scopeCondition(scope: ScopeLocality, columns: { province: SQL; commune: SQL }): SQL {
  switch (scope.level) {
    case 'national':
      return sql`TRUE`;
    case 'province':
      return sql`${columns.province} = ${scope.provinceCode}`;
    case 'commune':
      return sql`${columns.commune} = ${scope.communeCode}`;
    default:
      return unreachable(scope);
  }
}
