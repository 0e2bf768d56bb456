import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryOne, queryRows } from '../src/db/client.js';
import { importBeneficiaries, type ImportReport } from '../src/modules/registry/import/import.service.js';
import { exampleRows, type TemplateRow } from '../src/modules/registry/validation/import-row.js';
import type { Actor } from '../src/modules/access/scope.js';
import { createTestContext, createTestUser, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';

/**
 * Issue 22 item 6: unit codes from before 1 July 2025 go through the official conversion table
 * (resources/admin-units/mappings.json), and MIS Posasoft-style Vietnamese headers are taken as
 * the template's columns. The codes are real: 23281 Phường Quang Trung (Kon Tum) merged whole into
 * 23293 Phường Kon Tum; 21142 Xã Trà Bùi (Quảng Ngãi) was split between 21136 Xã Cà Đam and 21157
 * Xã Tây Trà Bồng; district 536 Lý Sơn became the special zone 21548; district 608 (Kon Tum city)
 * became six communes.
 */
const [elderly, child] = exampleRows() as [TemplateRow, TemplateRow, TemplateRow];
const cash = { ...child, nguoi_nhan_thay_loai: '', nguoi_nhan_thay_ho_ten: '', nguoi_nhan_thay_so_dinh_danh: '', nguoi_nhan_thay_quan_he: '' };

/** Rows of different people (the child's row without its guardian is an adult, paid in cash). */
function person(index: number, unitCode: string): Partial<TemplateRow> {
  const birthYear = 1940 + index;
  return {
    ...cash, ho_ten: `Nguyễn Văn ${String.fromCharCode(65 + index)}`, ngay_sinh: `01/01/${birthYear}`, gioi_tinh: 'Nam',
    so_dinh_danh: `0510${String(birthYear).slice(2)}${String(100000 + index)}`, ma_don_vi: unitCode, ma_doi_tuong: 'HTXH_75', chuong_trinh: 'HTXH',
  };
}

function issues(report: ImportReport, severity: 'errors' | 'warnings') {
  return report[severity].map((issue) => [issue.row, issue.field, issue.code]);
}

describe('import: unit codes from before 1 July 2025 and Posasoft headers', () => {
  let ctx: TestContext;
  let officer: Actor;
  let province: Actor;
  const dir = tempDir();

  beforeEach(async () => {
    ctx = await createTestContext('2026-01-15T03:00:00Z');
    officer = await createTestUser(ctx, { username: 'officer.kontum', role: 'officer', unitCode: '23293' });
    province = await createTestUser(ctx, { username: 'province.51', role: 'province', unitCode: '51' });
  });
  afterEach(async () => ctx.close());

  it('a former commune merged whole imports with UNIT_LEGACY_MAPPED and the person is in the new commune', async () => {
    const file = writeTemplateCsv(join(dir, 'old-commune.csv'), [person(0, '23281'), person(1, '23293')]);
    const report = await importBeneficiaries(ctx, officer, { path: file, dryRun: false });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ rows: 2, accepted: 2, rejected: 0 });
    expect(issues(report, 'warnings')).toEqual([[2, 'ma_don_vi', 'UNIT_LEGACY_MAPPED']]);
    const [warning] = report.warnings;
    expect(warning!.message).toContain('23281 (Phường Quang Trung)');
    expect(warning!.message).toContain('23293 (Phường Kon Tum)');
    expect(warning!.messageEn).toContain('Code 23281 (Phường Quang Trung) is from before 1 July 2025; mapped to the current commune 23293');
    const persons = await queryRows<{ personal_id: string; commune_code: string; province_code: string }>(
      ctx.db.orm,
      sql`SELECT personal_id, commune_code, province_code FROM persons ORDER BY personal_id`,
    );
    expect(persons.map((row) => [row.commune_code, row.province_code])).toEqual([['23293', '51'], ['23293', '51']]);
    const enrolment = await queryOne<{ commune_code: string }>(ctx.db.orm, sql`SELECT e.commune_code FROM enrolments e JOIN persons p ON p.id = e.person_id WHERE p.personal_id = ${person(0, '').so_dinh_danh!}`);
    expect(enrolment).toEqual({ commune_code: '23293' });
  });

  it('a former district that became one commune is mapped too; two rows of one person in the old and new code agree', async () => {
    const first = person(2, '536');
    const again = { ...first, ma_doi_tuong: 'BTXH_K6_NANG', chuong_trinh: 'TGXH', ma_don_vi: '21548' };
    const report = await importBeneficiaries(ctx, province, { path: writeTemplateCsv(join(dir, 'island.csv'), [first, again]), dryRun: true });
    expect(report.errors).toEqual([]);
    expect(issues(report, 'warnings')).toEqual([[2, 'ma_don_vi', 'UNIT_LEGACY_MAPPED']]);
    expect(report.warnings[0]!.message).toContain('21548 (Đặc khu Lý Sơn)');
    expect(report.warnings[0]!.message).toContain('Huyện Lý Sơn');
  });

  it('a split commune is refused naming the candidates; a district of several communes asks for the commune', async () => {
    const rows = [person(3, '21142'), person(4, '608'), person(5, '999'), person(6, '23521'), person(7, '21142')];
    const report = await importBeneficiaries(ctx, officer, { path: writeTemplateCsv(join(dir, 'split.csv'), rows), dryRun: false });
    expect(report).toMatchObject({ rows: 5, accepted: 0, rejected: 5 });
    expect(issues(report, 'errors')).toEqual([
      [2, 'ma_don_vi', 'UNIT_LEGACY_SPLIT'],
      [3, 'ma_don_vi', 'UNIT_LEGACY_DISTRICT'],
      [4, 'ma_don_vi', 'UNIT_UNKNOWN'],
      [5, 'ma_don_vi', 'UNIT_UNKNOWN'],
      [6, 'ma_don_vi', 'UNIT_LEGACY_SPLIT'],
    ]);
    const [split, district, short, outside] = report.errors;
    // the file's code and every candidate, with names
    expect(split!.message).toContain('21142 (Xã Trà Bùi)');
    expect(split!.message).toContain('21136 Xã Cà Đam, 21157 Xã Tây Trà Bồng');
    expect(split!.messageEn).toContain('was split among several current communes: 21136 Xã Cà Đam, 21157 Xã Tây Trà Bồng');
    expect(district!.message).toContain('Mã 608 là mã quận/huyện trước 01/07/2025 (Thành phố Kon Tum)');
    expect(district!.messageEn).toContain('the code of the commune (5 digits) where this person lives is needed');
    expect(short!.messageEn).toContain('Commune code 999 must be 5 digits');
    // mapped, then outside the officer's commune: the file's code stays visible
    expect(outside!.message).toBe('Mã đơn vị 23500 (mã cũ 23521 trong tệp) nằm ngoài địa bàn bạn được giao');
    expect(report.warnings).toEqual([]);
    const counted = await queryOne<{ count: number }>(ctx.db.orm, sql`SELECT count(*)::int AS count FROM persons`);
    expect(counted).toEqual({ count: 0 });
  });

  it('a file with MIS Posasoft headers imports (case, diacritics and a serial-number column ignored; the bank by name)', async () => {
    const header = [
      'STT', 'Họ và tên', 'NGAY SINH', 'Giới tính', 'Số CCCD', 'Mã xã', 'Địa chỉ', 'Chương trình', 'Đối tượng', 'Số quyết định',
      'Ngày quyết định', 'Tháng bắt đầu hưởng', 'Đã chi trả đến tháng', 'Hình thức chi trả', 'Ngân hàng', 'Số tài khoản', 'Chủ tài khoản',
    ];
    const row = (index: number, values: TemplateRow) => [
      String(index), values.ho_ten, values.ngay_sinh, values.gioi_tinh, values.so_dinh_danh, values.ma_don_vi, values.dia_chi, values.chuong_trinh,
      values.ma_doi_tuong, values.so_quyet_dinh, values.ngay_quyet_dinh, values.thang_bat_dau, values.chi_tra_den_thang, values.hinh_thuc_nhan,
      values.ma_to_chuc, values.so_tai_khoan, values.chu_tai_khoan,
    ];
    const file = join(dir, 'posasoft.csv');
    writeFileSync(file, '\uFEFF' + stringify([
      header,
      row(1, { ...elderly, ma_don_vi: '23281', ma_to_chuc: 'Agribank' }),
      row(2, { ...(person(8, '23293') as TemplateRow), ma_to_chuc: '' }),
    ]));
    const report = await importBeneficiaries(ctx, officer, { path: file, dryRun: false });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ rows: 2, accepted: 2, rejected: 0 });
    expect(issues(report, 'warnings')).toEqual([[2, 'ma_don_vi', 'UNIT_LEGACY_MAPPED']]);
    expect(report.changes).toMatchObject({ personsCreated: 2, enrolmentsCreated: 2 });
    const enrolled = await queryOne<{ full_name: string; commune_code: string; category: string }>(
      ctx.db.orm,
      sql`SELECT p.full_name, p.commune_code, e.category FROM persons p JOIN enrolments e ON e.person_id = p.id WHERE p.personal_id = ${elderly.so_dinh_danh}`,
    );
    expect(enrolled).toEqual({ full_name: 'Nguyễn Thị Đào', commune_code: '23293', category: 'BTXH_K5C' });
    // the bank named "Agribank" is the provider 970405, its account waiting for approval
    expect(report).toMatchObject({ accountChanges: 1, approval: 'PENDING' });
  });

  it('an alias and its key in one header are one column given twice', async () => {
    const file = writeTemplateCsv(join(dir, 'twice.csv'), [], ['ho_ten', 'Họ và tên']);
    const report = await importBeneficiaries(ctx, officer, { path: file, dryRun: true });
    expect(report.errors.find((issue) => issue.code === 'COLUMN_UNKNOWN')!.message).toBe('Cột ho_ten (Họ và tên) xuất hiện hai lần (lần sau ở cột B)');
  });
});
