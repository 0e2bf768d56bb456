import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { importBeneficiaries } from '../src/modules/registry/import/import.service.js';
import { exampleRows, type RowIssue, type TemplateRow } from '../src/modules/registry/validation/import-row.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { importApproved } from './helpers/imports.js';

/**
 * No oracle (issue 18): an officer of Phường Kon Tum (23293, province 51) previews and imports a
 * file naming people registered in Phường Ba Đình (00004, Hà Nội). The answer, the XLSX issues
 * file and the import's answer refuse or flag those rows with their usual codes, but tell nothing
 * of the people in Ba Đình; in the area, the detailed messages stay (never an HIV-related category
 * to a role that may not see it) and the preview is audited as a bulk view of personal data.
 */
const [elderly] = exampleRows();
const common: Partial<TemplateRow> = {
  so_quyet_dinh: '1/QĐ-UBND', ngay_quyet_dinh: '02/01/2025', thang_bat_dau: '01/2025', chi_tra_den_thang: '12/2025', hinh_thuc_nhan: 'TIEN_MAT',
};
/** Registered in Ba Đình: an elderly woman paid into a bank account, a man in an HIV-related category, a disabled woman. */
const b1: Partial<TemplateRow> = { ...elderly, ma_don_vi: '00004', so_quyet_dinh: '1/QĐ-UBND', ngay_quyet_dinh: '02/01/2025', thang_bat_dau: '01/2025', chi_tra_den_thang: '12/2025' };
const b2: Partial<TemplateRow> = {
  ...common, ho_ten: 'Phạm Văn Bảo', ngay_sinh: '10/10/1985', gioi_tinh: 'Nam', so_dinh_danh: '051085007777', ma_don_vi: '00004', chuong_trinh: 'TGXH', ma_doi_tuong: 'BTXH_K8',
};
const b3: Partial<TemplateRow> = {
  ...common, ho_ten: 'Trần Thị Mai', ngay_sinh: '05/05/1950', gioi_tinh: 'Nữ', so_dinh_danh: '001150000111', ma_don_vi: '00004', chuong_trinh: 'TGXH', ma_doi_tuong: 'BTXH_K6_DBN',
};

/** Kon Tum's file: rows 2–6 each meet one check against Ba Đình's people. */
const konTumFile: Partial<TemplateRow>[] = [
  // row 2: B1's ID with another date of birth
  { ...b1, ma_don_vi: '23293', ngay_sinh: '13/03/1941' },
  // row 3: B2, the same HIV-related category
  { ...b2, ma_don_vi: '23293' },
  // row 4: B2 again, another category: registered elsewhere
  { ...b2, ma_don_vi: '23293', ma_doi_tuong: 'BTXH_K6_DBN', so_quyet_dinh: '2/QĐ-UBND' },
  // row 5: B3's name and date of birth, another ID
  { ...b3, ma_don_vi: '23293', so_dinh_danh: '001150000222' },
  // row 6: someone new paid into B1's account
  {
    ...common, ho_ten: 'Lê Văn Tâm', ngay_sinh: '01/01/1945', gioi_tinh: 'Nam', so_dinh_danh: '001045000333', ma_don_vi: '23293', chuong_trinh: 'TGXH',
    ma_doi_tuong: 'BTXH_K5C', hinh_thuc_nhan: 'TK_NGAN_HANG', ma_to_chuc: '970405', so_tai_khoan: '3606205123456', chu_tai_khoan: 'LE VAN TAM',
  },
];

/** Whatever of Ba Đình's people must never reach Kon Tum's officer. */
const secrets = [
  '12/03/1941', '1941-03-12', '10/10/1985', '1985-10-10', '05/05/1950', '1950-05-05', // dates of birth
  '00004', 'Ba Đình', // commune
  'BTXH_', 'HIV', // categories
  '036141002857', '051085007777', '001150000111', // personal IDs
  '3606205123456', // account number
  'giới tính', 'sex ', // sex
];

const outsideCodes: [number, string, 'error' | 'warning'][] = [
  [2, 'ID_CONFLICT', 'error'],
  [3, 'ENROLMENT_ELSEWHERE', 'error'],
  [4, 'ALREADY_REGISTERED_ELSEWHERE', 'warning'],
  [5, 'POSSIBLE_DUPLICATE', 'warning'],
  [6, 'ACCOUNT_SHARED', 'warning'],
];

interface Report {
  rows: number;
  accepted: number;
  rejected: number;
  errors: RowIssue[];
  warnings: RowIssue[];
}

function multipart(fileName: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----asxhoracle' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function xlsxText(buffer: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.worksheets[0]!.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
  return cells.join('\n');
}

function expectNoSecret(text: string): void {
  for (const secret of secrets) expect(text, `leaks ${secret}`).not.toContain(secret);
}

function expectOutsideIssues(report: Report): void {
  for (const [row, code, severity] of outsideCodes) {
    const issues = (severity === 'error' ? report.errors : report.warnings).filter((issue) => issue.row === row && issue.code === code);
    expect(issues, `row ${row} ${code}`).toHaveLength(1);
    expect(issues[0]!.outsideScope).toBe(true);
    expect(issues[0]!.message).toMatch(/liên hệ cấp tỉnh/);
    expect(issues[0]!.messageEn).toMatch(/contact the province/i);
  }
}

describe('import checks: no oracle outside the area', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let hanoi: Actor;
  let admin: Actor;
  let cookie: string;
  const dir = tempDir();

  beforeAll(async () => {
    ctx = await createTestContext('2026-01-15T03:00:00Z');
    ctx.config.dataDir = dir;
    app = await createTestApp(ctx);
    await createTestUser(ctx, { username: 'kontum', role: 'officer', unitCode: '23293' });
    hanoi = await createTestUser(ctx, { username: 'tinh01', role: 'province', unitCode: '01' });
    admin = await createTestUser(ctx, { username: 'quantri', role: 'admin', unitCode: null });
    // B1's bank account is approved by a second person, so that it is an account that pays
    const approver = await createTestUser(ctx, { username: 'duyet01', role: 'approver', unitCode: '01' });
    const seeded = await importApproved(ctx, hanoi, { path: writeTemplateCsv(join(dir, 'badinh.csv'), [b1, b2, b3]), dryRun: false }, approver);
    expect(seeded.errors).toEqual([]);
    cookie = await loginCookie(app, 'kontum');
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  const personalDataEvents = () =>
    queryRows<{ actor: string; action: string; after: { what: string; rows: number } }>(
      ctx.db.orm,
      sql`SELECT actor, action, after FROM audit_events WHERE action LIKE 'personal_data.%' AND entity_type = 'import_batch' ORDER BY seq`,
    );

  it('in the area the messages stay detailed, the preview is audited, and an HIV-related category shows as its programme to a role that may not see it', async () => {
    const rows: Partial<TemplateRow>[] = [
      { ...b1, ma_don_vi: '00008', ngay_sinh: '13/03/1941' },
      { ...b2, ma_don_vi: '00008' },
      { ...b3, ma_don_vi: '00008', so_dinh_danh: '001150000222' },
    ];
    const file = writeTemplateCsv(join(dir, 'hanoi.csv'), rows);
    const report = await importBeneficiaries(ctx, hanoi, { path: file, dryRun: true });
    const byCode = new Map<string, RowIssue>([...report.errors, ...report.warnings].map((issue) => [issue.code, issue]));
    expect(byCode.get('ID_CONFLICT')).toMatchObject({ row: 2, message: expect.stringContaining('12/03/1941') });
    expect(byCode.get('ID_CONFLICT')!.outsideScope).toBeUndefined();
    // the province officer may see HIV-related categories
    expect(byCode.get('ENROLMENT_ELSEWHERE')).toMatchObject({ row: 3, message: expect.stringContaining('BTXH_K8'), messageEn: expect.stringContaining('00004') });
    expect(byCode.get('POSSIBLE_DUPLICATE')).toMatchObject({ row: 4, message: expect.stringContaining('001150000111') });
    expect(await personalDataEvents()).toEqual([
      { actor: 'tinh01', action: 'personal_data.viewed', after: expect.objectContaining({ what: 'registry.import-preview', rows: 3 }) },
    ]);

    // the administrator imports (and sees IDs) but may not see HIV-related categories
    const asAdmin = await importBeneficiaries(ctx, admin, { path: file, dryRun: true });
    const enrolment = asAdmin.errors.find((issue) => (issue.code as string) === 'ENROLMENT_ELSEWHERE')!;
    expect(enrolment.message).toContain('chương trình TGXH');
    expect(enrolment.messageEn).toContain('programme TGXH');
    expect(JSON.stringify(asAdmin)).not.toContain('BTXH_K8');
  });

  it('the preview, the issues file and the import refuse or flag the rows, and tell nothing of the people elsewhere', async () => {
    const file = writeTemplateCsv(join(dir, 'kontum.csv'), konTumFile);
    const form = multipart('kontum.csv', readFileSync(file));
    const preview = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: { cookie, ...form.headers }, payload: form.payload });
    expect(preview.statusCode).toBe(200);
    expectNoSecret(preview.body);
    const { uploadId, report } = json<{ uploadId: string; report: Report }>(preview);
    expect(report).toMatchObject({ rows: 5, rejected: 2, accepted: 3 });
    expectOutsideIssues(report);
    // the only issues are those five
    expect(report.errors.length + report.warnings.length).toBe(5);

    const issuesFile = await app.inject({ method: 'GET', url: `/api/v1/imports/${uploadId}/report.xlsx`, headers: { cookie } });
    expect(issuesFile.statusCode).toBe(200);
    const text = await xlsxText(issuesFile.rawPayload);
    expect(text).toContain('ID_CONFLICT');
    expectNoSecret(text);

    const confirm = await app.inject({ method: 'POST', url: `/api/v1/imports/${uploadId}/confirm`, headers: { cookie } });
    expect(confirm.statusCode).toBe(200);
    expectNoSecret(confirm.body);
    const imported = json<{ report: Report }>(confirm).report;
    expect(imported).toMatchObject({ rows: 5, rejected: 2, accepted: 3 });
    expectOutsideIssues(imported);

    // nothing of registered people was shown: no bulk view recorded for Kon Tum's officer
    expect((await personalDataEvents()).filter((event) => event.actor === 'kontum')).toEqual([]);
  });
});
