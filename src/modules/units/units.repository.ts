import { sql, type SQL } from 'drizzle-orm';
import { assert } from '../../core/assert.js';
import { arrayParam, queryOne, queryRows, type Executor } from '../../db/client.js';
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

/**
 * The administrative units other modules may join (read-only): each unit's generation, level,
 * code, names and province. Join on (generation, level, code), e.g. the current commune of a row:
 * `LEFT JOIN ${unitsRelation()} u ON u.generation = '2025' AND u.level = 'commune' AND u.code = x.commune_code`.
 */
export const unitsRelation = (): SQL => sql`(SELECT id, generation, level, code, name, name_with_type, province_code FROM admin_units)`;

/**
 * Where each unit from before 1 July 2025 went, as other modules may join it (read-only): one row
 * per legacy commune or district (`old_level`, `old_code`, `old_name`) and current commune it
 * became, whole or in part (`new_code`, `new_name`, `new_province_code`). A district's communes
 * are those of its own edges (an island district became a special zone) and of its communes'.
 * Legacy codes are of their generation: a current commune may carry the same code (README of
 * resources/admin-units), and two districts of different provinces may share one.
 */
export const legacyUnitTargetsRelation = (): SQL => sql`(
  SELECT o.level AS old_level, o.code AS old_code, o.name_with_type AS old_name,
         n.code AS new_code, n.name_with_type AS new_name, n.province_code AS new_province_code
  FROM admin_unit_mappings m
  JOIN admin_units o ON o.id = m.old_unit_id
  JOIN admin_units n ON n.id = m.new_unit_id
  UNION
  SELECT d.level, d.code, d.name_with_type, n.code, n.name_with_type, n.province_code
  FROM admin_units d
  JOIN admin_units w ON w.parent_id = d.id
  JOIN admin_unit_mappings m ON m.old_unit_id = w.id
  JOIN admin_units n ON n.id = m.new_unit_id
  WHERE d.generation = 'legacy' AND d.level = 'district')`;

/**
 * The payment providers' directory as other modules may join it (read-only): code, kind (BANK,
 * EWALLET, MOBILE_MONEY, POSTAL), names and whether it is active.
 */
export const providersRelation = (): SQL => sql`(SELECT code, kind, short_name, name, active FROM providers)`;

/** Whether the administrative units were loaded (a fresh database has none). */
export async function hasUnits(executor: Executor): Promise<boolean> {
  const row = await queryOne<{ loaded: boolean }>(executor, sql`SELECT EXISTS (SELECT 1 FROM admin_units) AS loaded`);
  return row?.loaded ?? false;
}

/** Whether the provider directory was loaded (a fresh database has none). */
export async function hasProviders(executor: Executor): Promise<boolean> {
  const row = await queryOne<{ loaded: boolean }>(executor, sql`SELECT EXISTS (SELECT 1 FROM providers) AS loaded`);
  return row?.loaded ?? false;
}

export interface UnitUpsertRow {
  code: string;
  name: string;
  nameWithType: string;
  unitType: string;
  nameFolded: string;
  provinceCode: string;
  parentCode: string | null;
  /** JSON array text. */
  formerNames: string;
}

/**
 * Upserts one level of units by (generation, level, province, code) in one statement, each under
 * its parent of `parentLevel`; returns the rows written and how many found no parent.
 */
export async function upsertUnitRows(
  executor: Executor,
  options: {
    generation: '2025' | 'legacy';
    level: 'province' | 'district' | 'commune';
    parentLevel: 'province' | 'district' | null;
    validFrom: string | null;
    validTo: string | null;
    rows: readonly UnitUpsertRow[];
  },
): Promise<{ count: number; orphans: number }> {
  const { generation, level, parentLevel, validFrom, validTo, rows } = options;
  const result = await queryOne<{ count: number; orphans: number }>(
    executor,
    sql`
    WITH input AS (
      SELECT * FROM unnest(
        ${arrayParam(rows.map((r) => r.code))}::text[],
        ${arrayParam(rows.map((r) => r.name))}::text[],
        ${arrayParam(rows.map((r) => r.nameWithType))}::text[],
        ${arrayParam(rows.map((r) => r.unitType))}::text[],
        ${arrayParam(rows.map((r) => r.nameFolded))}::text[],
        ${arrayParam(rows.map((r) => r.provinceCode))}::text[],
        ${arrayParam(rows.map((r) => r.parentCode))}::text[],
        ${arrayParam(rows.map((r) => r.formerNames))}::jsonb[]
      ) AS t(code, name, name_with_type, unit_type, name_folded, province_code, parent_code, former_names)
    ), resolved AS (
      SELECT input.*, parent.id AS parent_id,
             COALESCE(parent.path, ${generation}) || '/' || input.code AS path,
             COALESCE(parent.depth, 0) + 1 AS depth
      FROM input
      -- A district is found within the unit's province (legacy district codes repeat, see migration 0001).
      LEFT JOIN admin_units parent
        ON parent.generation = ${generation} AND parent.level = ${parentLevel ?? 'none'} AND parent.code = input.parent_code
       AND (parent.level = 'province' OR parent.province_code = input.province_code)
    ), upserted AS (
      INSERT INTO admin_units (generation, level, code, parent_id, name, name_with_type, unit_type, name_folded,
                               province_code, path, depth, valid_from, valid_to, former_names)
      SELECT ${generation}, ${level}, code, parent_id, name, name_with_type, unit_type, name_folded,
             province_code, path, depth, ${validFrom}::date, ${validTo}::date, former_names
      FROM resolved
      ON CONFLICT (generation, level, province_code, code) DO UPDATE SET
        parent_id = EXCLUDED.parent_id, name = EXCLUDED.name, name_with_type = EXCLUDED.name_with_type,
        unit_type = EXCLUDED.unit_type, name_folded = EXCLUDED.name_folded,
        province_code = EXCLUDED.province_code, path = EXCLUDED.path, depth = EXCLUDED.depth,
        former_names = EXCLUDED.former_names
      RETURNING parent_id
    )
    SELECT count(*)::int AS count, count(*) FILTER (WHERE parent_id IS NULL)::int AS orphans FROM upserted`,
  );
  assert(result, 'upsert returned no row');
  return result;
}

export interface MappingUpsertRow {
  oldLevel: 'commune' | 'district';
  oldCode: string;
  oldProvinceCode: string;
  newCode: string;
  mappingType: string;
  note: string;
}

/** Upserts the edges from legacy units to current communes; returns those written and those naming unknown units. */
export async function upsertMappingRows(executor: Executor, rows: readonly MappingUpsertRow[]): Promise<{ count: number; unresolved: number }> {
  const result = await queryOne<{ count: number; unresolved: number }>(
    executor,
    sql`
    WITH input AS (
      SELECT * FROM unnest(${arrayParam(rows.map((r) => r.oldLevel))}::text[], ${arrayParam(rows.map((r) => r.oldCode))}::text[],
                           ${arrayParam(rows.map((r) => r.oldProvinceCode))}::text[],
                           ${arrayParam(rows.map((r) => r.newCode))}::text[],
                           ${arrayParam(rows.map((r) => r.mappingType))}::text[],
                           ${arrayParam(rows.map((r) => r.note))}::text[])
        AS t(old_level, old_code, old_province_code, new_code, mapping_type, note)
    ), resolved AS (
      SELECT old_unit.id AS old_unit_id, new_unit.id AS new_unit_id, input.mapping_type, input.note
      FROM input
      LEFT JOIN admin_units old_unit ON old_unit.generation = 'legacy' AND old_unit.level = input.old_level AND old_unit.code = input.old_code
       AND (old_unit.level = 'commune' OR old_unit.province_code = input.old_province_code)
      LEFT JOIN admin_units new_unit ON new_unit.generation = '2025' AND new_unit.level = 'commune' AND new_unit.code = input.new_code
    ), upserted AS (
      INSERT INTO admin_unit_mappings (old_unit_id, new_unit_id, mapping_type, note)
      SELECT old_unit_id, new_unit_id, mapping_type, note FROM resolved
      WHERE old_unit_id IS NOT NULL AND new_unit_id IS NOT NULL
      ON CONFLICT (old_unit_id, new_unit_id) DO UPDATE SET mapping_type = EXCLUDED.mapping_type, note = EXCLUDED.note
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM upserted)::int AS count,
           (SELECT count(*) FROM resolved WHERE old_unit_id IS NULL OR new_unit_id IS NULL)::int AS unresolved`,
  );
  assert(result, 'mapping upsert returned no row');
  return result;
}

/**
 * Every list joins the units for their names. Without statistics (PGlite has no autovacuum, and
 * a server's comes a minute later) the planner takes the 3,321 communes for one row and scans
 * them all for each person listed.
 */
export async function analyzeUnits(executor: Executor): Promise<void> {
  await executor.execute(sql`ANALYZE admin_units, admin_unit_mappings`);
}
