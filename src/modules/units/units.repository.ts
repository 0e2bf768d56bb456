import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Scope } from '../access/scope.js';

export interface UnitView {
  id: number;
  code: string;
  level: 'province' | 'district' | 'commune';
  generation: '2025' | 'legacy';
  name: string;
  nameWithType: string;
  provinceCode: string;
  parentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
}

const unitColumns = sql`u.id, u.code, u.level, u.generation, u.name, u.name_with_type AS "nameWithType",
  u.province_code AS "provinceCode", p.code AS "parentCode", u.valid_from::text AS "validFrom", u.valid_to::text AS "validTo"`;

/**
 * A current (2025) unit by its code: 2 digits = province, 5 digits = commune. This is how a
 * locality is addressed everywhere in the API, CLI and import files.
 */
export async function findCurrentUnit(executor: Executor, code: string): Promise<UnitView | undefined> {
  const level = code.length === 2 ? 'province' : code.length === 5 ? 'commune' : null;
  if (!level) return undefined;
  return queryOne<UnitView>(
    executor,
    sql`SELECT ${unitColumns} FROM admin_units u LEFT JOIN admin_units p ON p.id = u.parent_id
        WHERE u.generation = '2025' AND u.level = ${level} AND u.code = ${code}`,
  );
}

/** Current units inside the scope: provinces (and their communes) the user may pick. */
export async function listCurrentUnits(
  executor: Executor,
  scope: Scope,
  filter: { parentCode?: string; level?: 'province' | 'commune'; search?: string; limit: number },
): Promise<UnitView[]> {
  const scopeCondition = inScope(scope, {
    province: sql`u.province_code`,
    commune: sql`(CASE WHEN u.level = 'province' THEN NULL ELSE u.code END)`,
  });
  // A commune user still sees their own province row (as the parent in the picker).
  const ownProvince =
    scope.level === 'commune' ? sql`OR (u.level = 'province' AND u.code = ${scope.provinceCode})` : sql``;
  return queryRows<UnitView>(
    executor,
    sql`SELECT ${unitColumns} FROM admin_units u LEFT JOIN admin_units p ON p.id = u.parent_id
        WHERE u.generation = '2025' AND (${scopeCondition} ${ownProvince})
        ${filter.level ? sql`AND u.level = ${filter.level}` : sql``}
        ${filter.parentCode ? sql`AND p.code = ${filter.parentCode}` : sql``}
        ${filter.search ? sql`AND (u.name_folded LIKE ${'%' + filter.search + '%'} OR u.code = ${filter.search})` : sql``}
        ORDER BY u.level DESC, u.code
        LIMIT ${filter.limit}`,
  );
}

export interface UnitCounts {
  generation: string;
  level: string;
  count: number;
}

export async function countUnits(executor: Executor): Promise<UnitCounts[]> {
  return queryRows<UnitCounts>(
    executor,
    sql`SELECT generation, level, count(*)::int AS count FROM admin_units GROUP BY generation, level ORDER BY generation, level`,
  );
}

export interface UnitMappingView {
  oldCode: string;
  oldLevel: string;
  oldName: string;
  oldProvinceCode: string;
  newCode: string;
  newName: string;
  newProvinceCode: string;
  mappingType: string;
  note: string;
}

/** Where a legacy commune (or district) went, or what a current commune was formed from. */
export async function findMappings(executor: Executor, options: { legacyCode?: string; currentCode?: string }): Promise<UnitMappingView[]> {
  return queryRows<UnitMappingView>(
    executor,
    sql`SELECT o.code AS "oldCode", o.level AS "oldLevel", o.name_with_type AS "oldName", o.province_code AS "oldProvinceCode",
               n.code AS "newCode", n.name_with_type AS "newName", n.province_code AS "newProvinceCode",
               m.mapping_type AS "mappingType", m.note
        FROM admin_unit_mappings m
        JOIN admin_units o ON o.id = m.old_unit_id
        JOIN admin_units n ON n.id = m.new_unit_id
        WHERE ${options.legacyCode ? sql`o.code = ${options.legacyCode}` : sql`TRUE`}
          AND ${options.currentCode ? sql`n.code = ${options.currentCode}` : sql`TRUE`}
        ORDER BY o.code, n.code LIMIT 500`,
  );
}
