import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { templateHeader, type TemplateRow } from '../../src/modules/registry/validation/import-row.js';

export function tempDir(prefix = 'asxh-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A template CSV with the given rows (missing columns empty). */
export function writeTemplateCsv(path: string, rows: Partial<TemplateRow>[], header: string[] = templateHeader()): string {
  const lines = [header, ...rows.map((row) => header.map((key) => (row as Record<string, string>)[key] ?? ''))];
  writeFileSync(path, '\uFEFF' + stringify(lines));
  return path;
}

export async function writeTemplateXlsx(path: string, rows: Partial<TemplateRow>[]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  const header = templateHeader();
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(header.map((key) => (row as Record<string, string>)[key] ?? ''));
  await workbook.xlsx.writeFile(path);
  return path;
}
