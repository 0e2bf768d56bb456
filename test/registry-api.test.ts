import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne } from '../src/db/client.js';
import { exampleRows, type TemplateRow } from '../src/modules/registry/validation/import-row.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { importApproved } from './helpers/imports.js';

const [elderly, child] = exampleRows();
const kontumElderly: Partial<TemplateRow> = { ...elderly, ma_don_vi: '23293' };
const dakhaChild: Partial<TemplateRow> = { ...child, ma_don_vi: '23500' };
const hivAdult: Partial<TemplateRow> = {
  ho_ten: 'Phạm Văn Bảo', ngay_sinh: '10/10/1985', gioi_tinh: 'Nam', so_dinh_danh: '051085007777', ma_don_vi: '23293',
  chuong_trinh: 'TGXH', ma_doi_tuong: 'BTXH_K8', so_quyet_dinh: '9/QĐ-UBND', ngay_quyet_dinh: '05/01/2025', thang_bat_dau: '01/2025',
  chi_tra_den_thang: '12/2025', hinh_thuc_nhan: 'TIEN_MAT',
};

function multipart(fileName: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----asxhtest' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('registry API', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const cookies: Record<string, string> = {};
  const dir = tempDir();

  beforeAll(async () => {
    ctx = await createTestContext('2026-01-15T03:00:00Z');
    ctx.config.dataDir = dir;
    app = await createTestApp(ctx);
    const province = await createTestUser(ctx, { username: 'tinh51', role: 'province', unitCode: '51' });
    await createTestUser(ctx, { username: 'kontum', role: 'officer', unitCode: '23293' });
    await createTestUser(ctx, { username: 'dakha', role: 'officer', unitCode: '23500' });
    await createTestUser(ctx, { username: 'audit', role: 'auditor', unitCode: null });
    await createTestUser(ctx, { username: 'adm', role: 'admin', unitCode: null });
    const file = writeTemplateCsv(join(dir, 'seed.csv'), [kontumElderly, dakhaChild, hivAdult]);
    const report = await importApproved(ctx, province, { path: file, dryRun: false });
    expect(report.errors).toEqual([]);
    for (const username of ['tinh51', 'kontum', 'dakha', 'audit', 'adm']) cookies[username] = await loginCookie(app, username);
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  const get = (user: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie: cookies[user]! } });

  it('a commune officer sees only their commune, and gets 404 for another commune’s person', async () => {
    const list = json<{ items: { personalId: string; communeCode: string }[] }>(await get('kontum', '/api/v1/beneficiaries'));
    expect(list.items.map((item) => item.communeCode).sort()).toEqual(['23293', '23293']);
    expect((await get('kontum', '/api/v1/beneficiaries/011215004736')).statusCode).toBe(404);
    expect((await get('dakha', '/api/v1/beneficiaries/011215004736')).statusCode).toBe(200);
    const search = json<{ items: unknown[] }>(await get('kontum', '/api/v1/beneficiaries?q=011215004736'));
    expect(search.items).toEqual([]);
    // Nor can they change it.
    const change = await app.inject({
      method: 'POST', url: '/api/v1/beneficiaries/011215004736/status', headers: { cookie: cookies.kontum! },
      payload: { action: 'terminate', reason: 'CHET', eventDate: '01/01/2026' },
    });
    expect(change.statusCode).toBe(404);
    const province = json<{ items: unknown[] }>(await get('tinh51', '/api/v1/beneficiaries'));
    expect(province.items).toHaveLength(3);
  });

  it('searches by name without diacritics, by ID and by phone', async () => {
    const byName = json<{ items: { fullName: string }[] }>(await get('tinh51', '/api/v1/beneficiaries?q=nguyen%20thi%20dao'));
    expect(byName.items.map((item) => item.fullName)).toEqual(['Nguyễn Thị Đào']);
    const accented = json<{ items: { fullName: string }[] }>(await get('tinh51', `/api/v1/beneficiaries?q=${encodeURIComponent('Đào')}`));
    expect(accented.items.map((item) => item.fullName)).toEqual(['Nguyễn Thị Đào']);
    const byPhone = json<{ items: { fullName: string }[] }>(await get('tinh51', '/api/v1/beneficiaries?q=0389123456'));
    expect(byPhone.items.map((item) => item.fullName)).toEqual(['Lò Văn Minh']);
  });

  it('shows and filters by each person’s payment channels and data-quality flags (from the accounts and quality modules)', async () => {
    await ctx.db.orm.execute(sql`
      INSERT INTO dq_flags (person_id, flag, details, province_code, commune_code)
      SELECT id, 'POSSIBLE_DUPLICATE', '{"others": [{"personId": 3, "personalIdTail": "7777", "communeCode": "23293"}]}', province_code, commune_code FROM persons WHERE personal_id = '036141002857'`);
    try {
      type Row = { personalId: string; channels: string[]; flags: string[] };
      const flagged = json<{ items: Row[] }>(await get('tinh51', '/api/v1/beneficiaries?flag=POSSIBLE_DUPLICATE'));
      expect(flagged.items.map((item) => [item.personalId, item.flags])).toEqual([['036141002857', ['POSSIBLE_DUPLICATE']]]);
      const all = json<{ items: Row[] }>(await get('tinh51', '/api/v1/beneficiaries'));
      const cash = json<{ items: Row[] }>(await get('tinh51', '/api/v1/beneficiaries?channel=TIEN_MAT'));
      expect(cash.items.map((item) => item.personalId)).toContain('051085007777');
      expect(cash.items.map((item) => item.personalId)).toEqual(all.items.filter((item) => item.channels.includes('TIEN_MAT')).map((item) => item.personalId));
      expect(all.items.every((item) => item.channels.length === 1)).toBe(true);
      const detail = json<{ flags: { flag: string; details: unknown }[]; activeInstruments: { providerName: string | null; active: boolean }[]; pendingProposals: unknown[] }>(
        await get('tinh51', '/api/v1/beneficiaries/036141002857'),
      );
      expect(detail.flags).toEqual([{ flag: 'POSSIBLE_DUPLICATE', details: { others: [{ personId: 3, personalIdTail: '7777', communeCode: '23293' }] } }]);
      expect(detail.activeInstruments).toHaveLength(1);
      expect(detail.activeInstruments[0]!.providerName).toEqual(expect.any(String));
      expect(detail.pendingProposals).toEqual([]);
    } finally {
      await ctx.db.orm.execute(sql`DELETE FROM dq_flags`);
    }
  });

  it('masks personal IDs and accounts for the auditor and hides HIV categories from roles that need not know', async () => {
    const detail = json<{ person: { personalId: string }; instruments: { accountNumber: string }[]; amountDue: { current: { totalVnd: number } } }>(
      await get('audit', '/api/v1/beneficiaries/036141002857'),
    );
    expect(detail.person.personalId).toBe('••••••••2857');
    expect(detail.instruments[0]!.accountNumber).toBe('•••••••••3456');
    expect(detail.amountDue.current.totalVnd).toBe(500_000);
    const officerView = json<{ person: { personalId: string } }>(await get('kontum', '/api/v1/beneficiaries/036141002857'));
    expect(officerView.person.personalId).toBe('036141002857');
    const hidden = json<{ enrolments: { category: string }[] }>(await get('adm', '/api/v1/beneficiaries/051085007777'));
    expect(hidden.enrolments.map((item) => item.category)).toEqual(['PROTECTED']);
    const shown = json<{ enrolments: { category: string }[] }>(await get('kontum', '/api/v1/beneficiaries/051085007777'));
    expect(shown.enrolments.map((item) => item.category)).toEqual(['BTXH_K8']);
    expect((await get('adm', '/api/v1/beneficiaries?category=BTXH_K8')).statusCode).toBe(403);
  });

  it('terminates from the month after a death, records it, and a second call changes nothing', async () => {
    const body = { action: 'terminate', reason: 'CHET', eventDate: '05/01/2026' };
    const first = await app.inject({ method: 'POST', url: '/api/v1/beneficiaries/036141002857/status', headers: { cookie: cookies.kontum! }, payload: body });
    expect(json(first)).toMatchObject({ action: 'terminate', effectiveMonth: '2026-02', changed: ['BTXH_K5C'] });
    const second = await app.inject({ method: 'POST', url: '/api/v1/beneficiaries/036141002857/status', headers: { cookie: cookies.kontum! }, payload: body });
    expect(json(second)).toMatchObject({ changed: [], unchanged: 1 });
    const person = await queryOne<{ death_date: string }>(ctx.db.orm, sql`SELECT death_date::text FROM persons WHERE personal_id = '036141002857'`);
    expect(person).toEqual({ death_date: '2026-01-05' });
    const detail = json<{ amountDue: { current: { totalVnd: number }; next: { totalVnd: number } }; history: { action: string }[] }>(
      await get('kontum', '/api/v1/beneficiaries/036141002857'),
    );
    expect(detail.amountDue.current.totalVnd).toBe(500_000);
    expect(detail.amountDue.next.totalVnd).toBe(0);
    expect(detail.history.map((entry) => entry.action)).toContain('enrolment.terminate');
  });

  it('the form uses the import checks and messages', async () => {
    const bad = await app.inject({
      method: 'POST', url: '/api/v1/beneficiaries', headers: { cookie: cookies.kontum!, 'accept-language': 'vi' },
      payload: { ...kontumElderly, so_dinh_danh: '123', ma_doi_tuong: 'BTXH_K9' },
    });
    expect(bad.statusCode).toBe(400);
    const body = json<{ code: string; details: { issues: { field: string; code: string }[] } }>(bad);
    expect(body.code).toBe('BENEFICIARY_INVALID');
    expect(body.details.issues.map((issue) => issue.code)).toEqual(expect.arrayContaining(['ID_FORMAT', 'CATEGORY_UNKNOWN']));
  });

  it('uploads a file for preview, downloads the XLSX error report, then confirms', async () => {
    const rows = [{ ...kontumElderly, so_dinh_danh: '036141002858', ho_ten: 'Nguyễn Thị Lụa', chu_tai_khoan: 'NGUYEN THI LUA' }, { ...kontumElderly, ngay_sinh: '32/13/1941', so_dinh_danh: '036141002859' }];
    const file = writeTemplateCsv(join(dir, 'upload.csv'), rows);
    const form = multipart('danh-sach.csv', readFileSync(file));
    const preview = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: { cookie: cookies.kontum!, ...form.headers }, payload: form.payload });
    expect(preview.statusCode).toBe(200);
    const { uploadId, report } = json<{ uploadId: string; report: { rows: number; accepted: number; rejected: number; dryRun: boolean } }>(preview);
    expect(report).toMatchObject({ rows: 2, accepted: 1, rejected: 1, dryRun: true });
    expect(await queryOne(ctx.db.orm, sql`SELECT 1 FROM persons WHERE personal_id = '036141002858'`)).toBeUndefined();

    const xlsx = await get('kontum', `/api/v1/imports/${uploadId}/report.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const issues: unknown[][] = [];
    sheet.eachRow((row, number) => {
      if (number > 1) issues.push([row.getCell(1).value, row.getCell(3).value]);
    });
    expect(issues).toContainEqual([3, 'DOB_INVALID']);
    expect(issues).toContainEqual([2, 'ACCOUNT_SHARED']);
    // Each issue repeats the original row beside it, under the file's own headers.
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    const original = (column: string) => headers.indexOf(`Dữ liệu gốc: ${column}`);
    expect(original('ngay_sinh')).toBeGreaterThan(0);
    let dobRow: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(3).value === 'DOB_INVALID') dobRow = row;
    });
    expect(dobRow!.getCell(original('ngay_sinh')).value).toBe('32/13/1941');
    expect(dobRow!.getCell(original('so_dinh_danh')).value).toBe('036141002859');

    // Another user cannot use this upload.
    expect((await app.inject({ method: 'POST', url: `/api/v1/imports/${uploadId}/confirm`, headers: { cookie: cookies.dakha! } })).statusCode).toBe(404);
    const confirm = await app.inject({ method: 'POST', url: `/api/v1/imports/${uploadId}/confirm`, headers: { cookie: cookies.kontum! } });
    expect(json(confirm)).toMatchObject({ report: { accepted: 1, rejected: 1, dryRun: false } });
    expect(await queryOne(ctx.db.orm, sql`SELECT 1 AS one FROM persons WHERE personal_id = '036141002858'`)).toEqual({ one: 1 });

    const template = await get('kontum', '/api/v1/imports/template.xlsx');
    expect(template.statusCode).toBe(200);
    expect(template.headers['content-disposition']).toContain('mau-nhap-doi-tuong.xlsx');
  });
});
