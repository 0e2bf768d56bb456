import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { importBeneficiaries, type ImportReport } from '../src/modules/registry/import/import.service.js';
import { textLengthMax, type TemplateRow } from '../src/modules/registry/validation/import-row.js';
import { createTestContext, createTestUser, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv, writeTemplateXlsx } from './helpers/files.js';

/**
 * Free text the database would refuse is refused by the row validation, with the row, the field and
 * a stable code, so that the preview and the import agree (issue 18): a name or decision number
 * over its column's length (TEXT_TOO_LONG), a control character in any cell of a CSV or XLSX file
 * (TEXT_FORBIDDEN_CHARACTER) instead of an error naming no row.
 */
const base: Partial<TemplateRow> = {
  ngay_sinh: '12/03/1941', gioi_tinh: 'Nữ', ma_don_vi: '23293', chuong_trinh: 'TGXH', ma_doi_tuong: 'BTXH_K5C',
  so_quyet_dinh: '125/QĐ-UBND', ngay_quyet_dinh: '15/01/2025', thang_bat_dau: '01/2025', chi_tra_den_thang: '12/2025', hinh_thuc_nhan: 'TIEN_MAT',
};
/** A Vietnamese name of exactly `length` characters (NFC). */
const nameOf = (length: number) => `Nguyễn Thị ${'ạ'.repeat(length - 'Nguyễn Thị '.length)}`;
const row = (id: string, values: Partial<TemplateRow>): Partial<TemplateRow> => ({ ...base, ho_ten: 'Nguyễn Thị Đào', so_dinh_danh: id, ...values });

const issuesOf = (report: ImportReport) => report.errors.map((issue) => [issue.row, issue.field, issue.code]);

describe('import text: lengths and control characters', () => {
  let ctx: TestContext;
  let officer: Actor;
  const dir = tempDir();

  beforeAll(async () => {
    ctx = await createTestContext('2026-01-15T03:00:00Z');
    officer = await createTestUser(ctx, { username: 'kontum', role: 'officer', unitCode: '23293' });
  });
  afterAll(async () => ctx.close());

  it('a name or decision number longer than its column is refused by the preview and the import alike; at the bound it is imported', async () => {
    expect(textLengthMax).toMatchObject({ ho_ten: 200, so_quyet_dinh: 100 });
    const file = writeTemplateCsv(join(dir, 'long.csv'), [
      row('036141000001', { ho_ten: nameOf(300) }),
      row('036141000002', { ho_ten: nameOf(200) }),
      row('036141000003', { so_quyet_dinh: `1/${'Q'.repeat(99)}` }),
      row('036141000004', { so_quyet_dinh: `1/${'Q'.repeat(98)}` }),
      row('036141000005', { dia_chi: 'Thôn '.repeat(61) }),
      row('036141000006', { ho_ten: nameOf(201) }),
    ]);
    const expected = [
      [2, 'ho_ten', 'TEXT_TOO_LONG'],
      [4, 'so_quyet_dinh', 'TEXT_TOO_LONG'],
      [6, 'dia_chi', 'TEXT_TOO_LONG'],
      [7, 'ho_ten', 'TEXT_TOO_LONG'],
    ];
    const preview = await importBeneficiaries(ctx, officer, { path: file, dryRun: true });
    expect(issuesOf(preview)).toEqual(expected);
    expect(preview.errors[0]).toMatchObject({ message: 'Họ và tên dài 300 ký tự, quá giới hạn 200 ký tự', messageEn: 'Full name is 300 characters long, more than the 200 allowed' });

    const imported = await importBeneficiaries(ctx, officer, { path: file, dryRun: false });
    expect(issuesOf(imported)).toEqual(expected);
    expect(imported).toMatchObject({ rows: 6, accepted: 2, rejected: 4 });
    const stored = await queryRows<{ personal_id: string; name_length: number; decision_length: number }>(
      ctx.db.orm,
      sql`SELECT p.personal_id, length(p.full_name) AS name_length, length(e.decision_number) AS decision_length
          FROM persons p JOIN enrolments e ON e.person_id = p.id ORDER BY p.personal_id`,
    );
    expect(stored).toEqual([
      { personal_id: '036141000002', name_length: 200, decision_length: 11 },
      { personal_id: '036141000004', name_length: 14, decision_length: 100 },
    ]);
  });

  it('a NUL or another control character in a CSV cell is refused for its row and field; the other rows are imported', async () => {
    const file = writeTemplateCsv(join(dir, 'control.csv'), [
      row('036141000011', { ho_ten: 'Nguyễn\u0000Thị Lan' }),
      row('036141000012', { dia_chi: 'Thôn\u0007 Đông', so_quyet_dinh: '7/QĐ\u001B' }),
      row('036141000013', {}),
    ]);
    const expected = [
      [2, 'ho_ten', 'TEXT_FORBIDDEN_CHARACTER'],
      [3, 'dia_chi', 'TEXT_FORBIDDEN_CHARACTER'],
      [3, 'so_quyet_dinh', 'TEXT_FORBIDDEN_CHARACTER'],
    ];
    const preview = await importBeneficiaries(ctx, officer, { path: file, dryRun: true });
    expect(issuesOf(preview)).toEqual(expected);
    expect(preview.errors[0]).toMatchObject({ message: expect.stringContaining('U+0000'), messageEn: expect.stringContaining('U+0000') });
    // no message repeats the cell
    expect(JSON.stringify(preview)).not.toMatch(/\\u000[07]|\\u001b/i);
    const imported = await importBeneficiaries(ctx, officer, { path: file, dryRun: false });
    expect(issuesOf(imported)).toEqual(expected);
    expect(imported).toMatchObject({ accepted: 1, rejected: 2 });
  });

  it('the same in an XLSX file (a C1 control character, which XML allows)', async () => {
    const file = await writeTemplateXlsx(join(dir, 'control.xlsx'), [
      row('036141000021', { ho_ten: 'Nguyễn Thị\u0085 Hoa' }),
      row('036141000022', {}),
    ]);
    const report = await importBeneficiaries(ctx, officer, { path: file, dryRun: false });
    expect(issuesOf(report)).toEqual([[2, 'ho_ten', 'TEXT_FORBIDDEN_CHARACTER']]);
    expect(report.errors[0]!.message).toContain('U+0085');
    expect(report).toMatchObject({ accepted: 1, rejected: 1 });
  });

  it('a header cell with a control character is reported without it', async () => {
    const path = join(dir, 'header.csv');
    writeFileSync(path, `ho_ten,x\u0000y\nNguyễn Thị Lan,1\n`);
    const report = await importBeneficiaries(ctx, officer, { path, dryRun: true });
    const unknown = report.errors.find((issue) => issue.code === 'COLUMN_UNKNOWN')!;
    expect(unknown.message).toContain('x\uFFFDy');
    expect(JSON.stringify(report)).not.toContain('\\u0000');
  });
});
