import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { domainError } from '../../core/errors.js';
import { resourcesDir } from '../../core/paths.js';
import { foldVietnamese } from '../../core/text.js';
import type { Executor } from '../../db/client.js';
import { analyzeUnits, upsertMappingRows, upsertUnitRows } from './units.repository.js';
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
 * Upserts units by (generation, level, code) with set-based statements (units.repository.ts):
 * names and validity are updated, rows are never deleted (historic records keep pointing at them).
 */
async function upsertUnits(
  executor: Executor,
  options: { generation: '2025' | 'legacy'; level: 'province' | 'district' | 'commune'; parentLevel: 'province' | 'district' | null; records: UnitRecord[] },
): Promise<number> {
  const { generation, level, parentLevel, records } = options;
  if (records.length === 0) return 0;
  const result = await upsertUnitRows(executor, {
    generation,
    level,
    parentLevel,
    validFrom: generation === '2025' ? reformDate : null,
    validTo: generation === 'legacy' ? legacyValidTo : null,
    rows: records.map((record) => ({
      code: record.code,
      name: record.name.normalize('NFC'),
      nameWithType: (record.nameWithType ?? record.name).normalize('NFC'),
      unitType: record.type ?? level,
      nameFolded: foldVietnamese(record.name),
      provinceCode: record.provinceCode ?? record.code,
      parentCode: parentLevel === 'province' ? (record.provinceCode ?? null) : parentLevel === 'district' ? (record.districtCode ?? null) : null,
      formerNames: JSON.stringify(record.formerNames ?? []),
    })),
  });
  if (parentLevel && result.orphans > 0) {
    throw invalidFile(`${generation} ${level}`, `${result.orphans} units refer to an unknown ${parentLevel}`);
  }
  return result.count;
}

async function upsertMappings(executor: Executor, records: MappingRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  const result = await upsertMappingRows(
    executor,
    records.map((record) => ({
      oldLevel: record.oldWardCode ? 'commune' : 'district',
      oldCode: record.oldWardCode ?? record.oldDistrictCode ?? '',
      oldProvinceCode: record.oldProvinceCode,
      newCode: record.newWardCode,
      mappingType: record.type,
      note: record.note ?? '',
    })),
  );
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
  await analyzeUnits(executor);
  return result;
}
