import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sql } from 'drizzle-orm';
import { assert } from '../../core/assert.js';
import { domainError } from '../../core/errors.js';
import { resourcesDir } from '../../core/paths.js';
import { foldVietnamese } from '../../core/text.js';
import { arrayParam, queryOne, type Executor } from '../../db/client.js';
import { legacyValidTo, reformDate } from './units.table.js';

/** The files of the official lists, as shipped in `resources/admin-units/` (vietnam-address-kit format). */
export const unitFiles = [
  'current-provinces.json',
  'current-wards.json',
  'legacy-provinces.json',
  'legacy-districts.json',
  'legacy-wards.json',
  'mappings.json',
] as const;
type UnitFile = (typeof unitFiles)[number];

interface UnitRecord {
  code: string;
  name: string;
  type: string;
  nameWithType: string;
  provinceCode?: string;
  districtCode?: string;
  formerNames?: unknown[];
}

interface MappingRecord {
  oldProvinceCode: string;
  oldDistrictCode?: string;
  oldWardCode?: string;
  newProvinceCode: string;
  newWardCode: string;
  type: string;
  note?: string;
}

export interface UnitsImportResult {
  files: string[];
  provinces2025: number;
  communes2025: number;
  legacyProvinces: number;
  legacyDistricts: number;
  legacyCommunes: number;
  mappings: number;
}

function invalidFile(file: string, reason: string) {
  return domainError(
    'UNITS_FILE_INVALID',
    400,
    `Tệp danh mục đơn vị hành chính không hợp lệ (${file}): ${reason}`,
    `Invalid administrative-units file (${file}): ${reason}`,
    { file },
  );
}

function readJsonArray<T>(path: string): T[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw invalidFile(basename(path), (error as Error).message);
  }
  if (!Array.isArray(parsed)) throw invalidFile(basename(path), 'expected a JSON array');
  return parsed as T[];
}

function checkUnits(file: string, records: UnitRecord[], codeLength: number, needs: ('provinceCode' | 'districtCode')[]) {
  records.forEach((record, index) => {
    const where = `record ${index + 1}`;
    if (typeof record.code !== 'string' || !new RegExp(`^\\d{${codeLength}}$`).test(record.code)) throw invalidFile(file, `${where}: code must be ${codeLength} digits`);
    if (typeof record.name !== 'string' || record.name.trim() === '') throw invalidFile(file, `${where}: name missing`);
    for (const key of needs) if (typeof record[key] !== 'string') throw invalidFile(file, `${where}: ${key} missing`);
  });
}

/**
 * Resolves what to import: a folder holding any of the six files, or one of those files by name.
 */
export function resolveUnitFiles(path: string): Partial<Record<UnitFile, string>> {
  if (!existsSync(path)) throw domainError('FILE_NOT_FOUND', 400, `Không tìm thấy tệp: ${path}`, `File not found: ${path}`);
  const found: Partial<Record<UnitFile, string>> = {};
  if (statSync(path).isDirectory()) {
    for (const file of unitFiles) if (existsSync(join(path, file))) found[file] = join(path, file);
  } else {
    const name = basename(path) as UnitFile;
    if (!unitFiles.includes(name)) {
      throw invalidFile(name, `file name must be one of ${unitFiles.join(', ')}`);
    }
    found[name] = path;
  }
  if (Object.keys(found).length === 0) throw invalidFile(path, `none of ${unitFiles.join(', ')} found`);
  return found;
}

/**
 * Upserts units by (generation, level, code) with set-based statements: names and validity are
 * updated, rows are never deleted (historic records keep pointing at them).
 */
async function upsertUnits(
  executor: Executor,
  options: { generation: '2025' | 'legacy'; level: 'province' | 'district' | 'commune'; parentLevel: 'province' | 'district' | null; records: UnitRecord[] },
): Promise<number> {
  const { generation, level, parentLevel, records } = options;
  if (records.length === 0) return 0;
  const parentCodes = records.map((record) => {
    if (parentLevel === 'province') return record.provinceCode ?? null;
    if (parentLevel === 'district') return record.districtCode ?? null;
    return null;
  });
  const validFrom = generation === '2025' ? reformDate : null;
  const validTo = generation === 'legacy' ? legacyValidTo : null;
  const result = await queryOne<{ count: number; orphans: number }>(
    executor,
    sql`
    WITH input AS (
      SELECT * FROM unnest(
        ${arrayParam(records.map((r) => r.code))}::text[],
        ${arrayParam(records.map((r) => r.name.normalize('NFC')))}::text[],
        ${arrayParam(records.map((r) => (r.nameWithType ?? r.name).normalize('NFC')))}::text[],
        ${arrayParam(records.map((r) => r.type ?? level))}::text[],
        ${arrayParam(records.map((r) => foldVietnamese(r.name)))}::text[],
        ${arrayParam(records.map((r) => r.provinceCode ?? r.code))}::text[],
        ${arrayParam(parentCodes)}::text[],
        ${arrayParam(records.map((r) => JSON.stringify(r.formerNames ?? [])))}::jsonb[]
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
  const orphans = result.orphans;
  if (parentLevel && orphans > 0) {
    throw invalidFile(`${generation} ${level}`, `${orphans} units refer to an unknown ${parentLevel}`);
  }
  return result.count;
}

async function upsertMappings(executor: Executor, records: MappingRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  const oldLevel = records.map((r) => (r.oldWardCode ? 'commune' : 'district'));
  const oldCode = records.map((r) => r.oldWardCode ?? r.oldDistrictCode ?? '');
  const result = await queryOne<{ count: number; unresolved: number }>(
    executor,
    sql`
    WITH input AS (
      SELECT * FROM unnest(${arrayParam(oldLevel)}::text[], ${arrayParam(oldCode)}::text[],
                           ${arrayParam(records.map((r) => r.oldProvinceCode))}::text[],
                           ${arrayParam(records.map((r) => r.newWardCode))}::text[],
                           ${arrayParam(records.map((r) => r.type))}::text[],
                           ${arrayParam(records.map((r) => r.note ?? ''))}::text[])
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
  if (result.unresolved > 0) throw invalidFile('mappings.json', `${result.unresolved} edges refer to unknown units`);
  return result.count;
}

/** Imports the lists in dependency order (provinces before their communes, units before mappings). */
export async function importUnits(executor: Executor, path: string = join(resourcesDir, 'admin-units')): Promise<UnitsImportResult> {
  const files = resolveUnitFiles(path);
  const load = <T>(file: UnitFile): T[] => (files[file] ? readJsonArray<T>(files[file]!) : []);
  const currentProvinces = load<UnitRecord>('current-provinces.json');
  const currentWards = load<UnitRecord>('current-wards.json');
  const legacyProvinces = load<UnitRecord>('legacy-provinces.json');
  const legacyDistricts = load<UnitRecord>('legacy-districts.json');
  const legacyWards = load<UnitRecord>('legacy-wards.json');
  const mappings = load<MappingRecord>('mappings.json');
  checkUnits('current-provinces.json', currentProvinces, 2, []);
  checkUnits('current-wards.json', currentWards, 5, ['provinceCode']);
  checkUnits('legacy-provinces.json', legacyProvinces, 2, []);
  checkUnits('legacy-districts.json', legacyDistricts, 3, ['provinceCode']);
  checkUnits('legacy-wards.json', legacyWards, 5, ['provinceCode', 'districtCode']);
  const result: UnitsImportResult = {
    files: Object.keys(files),
    provinces2025: await upsertUnits(executor, { generation: '2025', level: 'province', parentLevel: null, records: currentProvinces }),
    communes2025: await upsertUnits(executor, { generation: '2025', level: 'commune', parentLevel: 'province', records: currentWards }),
    legacyProvinces: await upsertUnits(executor, { generation: 'legacy', level: 'province', parentLevel: null, records: legacyProvinces }),
    legacyDistricts: await upsertUnits(executor, { generation: 'legacy', level: 'district', parentLevel: 'province', records: legacyDistricts }),
    legacyCommunes: await upsertUnits(executor, { generation: 'legacy', level: 'commune', parentLevel: 'district', records: legacyWards }),
    mappings: await upsertMappings(executor, mappings),
  };
  // Every list joins the units for their names. Without statistics (PGlite has no autovacuum, and
  // a server's comes a minute later) the planner takes the 3,321 communes for one row and scans
  // them all for each person listed.
  await executor.execute(sql`ANALYZE admin_units, admin_unit_mappings`);
  return result;
}
