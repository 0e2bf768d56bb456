import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import { permissions } from '../src/modules/access/permissions.js';
import { roles } from '../src/modules/access/scope.js';
import { carriesPersonalData, categoriesOffLimits, dataActions, dataClasses, disclosure, hiddenCategories, needToKnow, sensitiveProgrammeCategoryCodes } from '../src/modules/access/need-to-know.js';
import { exportCycle, generateCycle } from '../src/modules/payroll/payroll.service.js';
import { categories, categoryByCode, hivCategoryCodes, programmes } from '../src/modules/rules/categories.js';
import type { TemplateRow } from '../src/modules/registry/validation/import-row.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { createFundedCycle, withDisbursementRoutes } from './helpers/disbursement-fixture.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { pdfText } from './helpers/pdf-text.js';
import { idFor, personRow } from './helpers/people.js';
import { importApproved } from './helpers/imports.js';

/**
 * Need to know (issue 18, item 2): what each role sees of a payroll's people, in every answer and
 * every file. A province cycle of Quảng Ngãi with two communes and people paid by a bank (970405),
 * a wallet (971005) and VNPost, two of them in an HIV-related category.
 */
const bank = (serial: number, name: string, category: string, birth: string, unit = '23293'): Partial<TemplateRow> =>
  personRow({ ho_ten: name, ngay_sinh: birth, gioi_tinh: 'Nam', so_dinh_danh: idFor(birth, 'Nam', serial), ma_doi_tuong: category, ma_don_vi: unit,
    hinh_thuc_nhan: 'TK_NGAN_HANG', ma_to_chuc: '970405', so_tai_khoan: `51002010000${serial}`, chu_tai_khoan: name, chi_tra_den_thang: '06/2024' });
const cash = (serial: number, name: string, category: string, birth: string, unit = '23293'): Partial<TemplateRow> =>
  personRow({ ho_ten: name, ngay_sinh: birth, gioi_tinh: 'Nữ', so_dinh_danh: idFor(birth, 'Nữ', serial), ma_doi_tuong: category, ma_don_vi: unit,
    dia_chi: 'Tổ 3', so_dien_thoai: `09123450${serial}`, chi_tra_den_thang: '06/2024' });

const people = {
  bankPlain: bank(11, 'Nguyễn Văn An', 'BTXH_K6_NANG', '01/01/1970'),
  bankHiv: bank(12, 'Trần Văn Bình', 'BTXH_K8', '10/10/1985'),
  cashPlain: cash(31, 'Võ Thị Em', 'BTXH_K5C', '03/03/1940'),
  cashHiv: cash(32, 'Bùi Thị Mai', 'BTXH_K8', '05/05/1980'),
  wallet: personRow({ ho_ten: 'Phạm Thị Dung', ngay_sinh: '02/02/1965', gioi_tinh: 'Nữ', so_dinh_danh: idFor('02/02/1965', 'Nữ', 21), ma_doi_tuong: 'BTXH_K6_DBN',
    so_dien_thoai: '0961234521', hinh_thuc_nhan: 'MOBILE_MONEY', ma_to_chuc: '971005', so_tai_khoan: '0961234521', chu_tai_khoan: 'Phạm Thị Dung', chi_tra_den_thang: '06/2024' }),
  dakhaCash: cash(41, 'Đỗ Thị Nga', 'BTXH_K5C', '03/03/1940', '23500'),
  dakhaBankHiv: bank(42, 'Lò Văn Hùng', 'BTXH_K8', '07/07/1975', '23500'),
};
const id = (person: Partial<TemplateRow>) => person.so_dinh_danh!;
const account = (person: Partial<TemplateRow>) => person.so_tai_khoan!;
const kontum = [people.bankPlain, people.bankHiv, people.cashPlain, people.cashHiv, people.wallet];
const vnpost = [people.cashPlain, people.cashHiv, people.dakhaCash];
const agribank = [people.bankPlain, people.bankHiv, people.dakhaBankHiv];
const everyone = Object.values(people);

/** HIV-related category codes and names, in Vietnamese and English, and the word itself. */
const hivWords = [...hivCategoryCodes, ...hivCategoryCodes.flatMap((code) => [categoryByCode.get(code)!.vi, categoryByCode.get(code)!.en]), 'HIV'];
const masked = /^•+\d{4}$/;

function expectNoHiv(text: string): void {
  for (const word of hivWords) expect(text, `"${word}" shown`).not.toContain(word);
}

/** Every cell of every sheet of a downloaded workbook, one row a line, cells separated by a tab. */
async function xlsxText(response: LightMyRequestResponse): Promise<{ rows: string[][]; text: string }> {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  return xlsxContent(response.rawPayload);
}

async function xlsxContent(bytes: Buffer): Promise<{ rows: string[][]; text: string }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1).map((value) => (value === null || value === undefined ? '' : String(value)));
      rows.push(values);
    }),
  );
  return { rows, text: rows.map((row) => row.join('\t')).join('\n') };
}

function pdfOf(response: LightMyRequestResponse): string {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return pdfText(response.rawPayload);
}

interface Line {
  personalId: string;
  fullName: string;
  communeCode: string;
  programme: string;
  category: string;
  provider: string;
  accountNumber: string | null;
  breakdown: unknown;
}

describe('need to know: the policy table', () => {
  it('covers every role, data class and action, and agrees with the registry permissions', () => {
    for (const role of roles) {
      for (const dataClass of dataClasses) for (const action of dataActions) expect(needToKnow[role].data[dataClass][action]).toMatch(/^(full|masked|none)$/);
      // Registry permissions are the same decision for the roles that read the registry.
      if ((permissions['registry.read'] as readonly string[]).includes(role)) {
        expect(needToKnow[role].data.personalId.view === 'full').toBe((permissions['registry.readSensitive'] as readonly string[]).includes(role));
        expect(needToKnow[role].data.sensitiveCategory.view === 'full').toBe((permissions['registry.readHiv'] as readonly string[]).includes(role));
      }
      // Never on a printed list, for anyone.
      expect(needToKnow[role].data.sensitiveCategory.export).toBe('none');
    }
    expect(needToKnow.provider.rows).toBe('ownProvider');
    expect(needToKnow.auditor.data.personalId).toEqual({ view: 'masked', export: 'masked' });
  });

  it('PROTECTED never singles out a sensitive category: within a programme it masks none or all (issue 18, item 5)', () => {
    for (const role of roles) {
      for (const action of dataActions) {
        const shown = disclosure({ role }, action);
        const hidden = new Set(hiddenCategories({ role }, action));
        for (const programme of programmes) {
          const codes = categories.filter((category) => category.programme === programme).map((category) => category.code);
          const masked = codes.filter((code) => shown.category(code) === 'PROTECTED');
          expect([0, codes.length], `${role} ${action} ${programme}: ${masked.join()}`).toContain(masked.length);
          // the SQL filters (hiddenCategories) and the answers (disclosure) decide alike
          expect(codes.filter((code) => hidden.has(code))).toEqual(masked);
        }
        // a role that may not see the HIV-related categories sees none of TGXH
        if (needToKnow[role].data.sensitiveCategory[action] !== 'full') {
          for (const code of hivCategoryCodes) expect(shown.category(code)).toBe('PROTECTED');
          for (const code of sensitiveProgrammeCategoryCodes) expect(shown.category(code)).toBe('PROTECTED');
        }
      }
    }
    expect(sensitiveProgrammeCategoryCodes).toEqual(expect.arrayContaining([...hivCategoryCodes, 'BTXH_K5C']));
    expect(disclosure({ role: 'auditor' }, 'view').category('NCC_BMVNAH')).toBe('NCC_BMVNAH');
    expect(disclosure({ role: 'province' }, 'view').category('BTXH_K8')).toBe('BTXH_K8');
    // what a role may not act on stays the HIV-related categories
    expect(categoriesOffLimits({ role: 'admin' })).toEqual(hivCategoryCodes);
    expect(categoriesOffLimits({ role: 'officer' })).toEqual([]);
  });

  it('masks a stored record (history, audit payload) by its keys and its free text', () => {
    const record = {
      personalId: '062180000032', legacyId: '0621800000', accountNumber: '5100201000011', phone: '0912345031', address: 'Tổ 3',
      category: 'BTXH_K8', childrenCount: 2, note: 'Điều trị ARV', fullName: 'Bùi Thị Mai',
      nested: [{ repPersonalId: '062180000099', categories: ['BTXH_K3', 'NCC_TKN'] }],
      message: 'Số định danh 062180000032 đã có ở xã khác (BTXH_K8 – Người nhiễm HIV thuộc hộ nghèo không có thu nhập)',
      shown: { personalId: 'masked', accountNumber: 'masked' },
    };
    expect(disclosure({ role: 'auditor' }, 'view').payload(record)).toEqual({
      personalId: '••••••••0032', legacyId: '••••••0000', accountNumber: '•••••••••0011', phone: '0912345031', address: 'Tổ 3',
      category: 'PROTECTED', childrenCount: null, note: null, fullName: 'Bùi Thị Mai',
      nested: [{ repPersonalId: '••••••••0099', categories: ['PROTECTED', 'NCC_TKN'] }],
      message: 'Số định danh ••••••••0032 đã có ở xã khác (PROTECTED – PROTECTED)',
      shown: { personalId: 'masked', accountNumber: 'masked' },
    });
    expect(disclosure({ role: 'officer' }, 'view').payload(record)).toEqual(record);
    const admin = disclosure({ role: 'admin' }, 'view').payload(record) as typeof record;
    expect(admin.personalId).toBe('062180000032');
    expect(admin.category).toBe('PROTECTED');
    expect(admin.message).not.toMatch(/BTXH_K8|HIV/);
    // a note of an enrolment whose category is masked goes with it, even when the record names no category
    expect(disclosure({ role: 'auditor' }, 'view').payload({ status: 'THOI_HUONG', note: 'Chuyển đi' }, 'BTXH_K8')).toEqual({ status: 'THOI_HUONG', note: null });
    expect(carriesPersonalData(record)).toBe(true);
    expect(carriesPersonalData({ what: 'payroll.lines', rows: 3, shown: { personalId: 'masked', contact: 'full', category: 'full' } })).toBe(false);
    expect(carriesPersonalData({ status: 'APPROVED', amountVnd: 500_000 })).toBe(false);
  });

  it('hides a category in a line’s parts and notes as in the line itself', () => {
    const breakdown = { baseLevelVnd: 500_000, parts: [{ category: 'BTXH_K8', coefficientX10: 15 }, { category: 'BTXH_K4', coefficientX10: 10 }, { category: 'NCC_THUONG_BINH', coefficientX10: 10 }] };
    // The auditor sees no TGXH category at all (K8 would otherwise be the lone PROTECTED), NCC in full.
    expect(disclosure({ role: 'auditor' }, 'view').breakdown(breakdown)).toEqual({
      ...breakdown,
      parts: [{ category: 'PROTECTED', coefficientX10: 15 }, { category: 'PROTECTED', coefficientX10: 10 }, { category: 'NCC_THUONG_BINH', coefficientX10: 10 }],
    });
    expect(disclosure({ role: 'officer' }, 'view').breakdown(breakdown)).toEqual(breakdown);
    expect(disclosure({ role: 'provider' }, 'view').breakdown(breakdown)).toMatchObject({ parts: [{ category: 'PROTECTED' }, { category: 'PROTECTED' }, { category: 'PROTECTED' }] });
    expect(disclosure({ role: 'auditor' }, 'view').note('BTXH_K8', 'Hỗ trợ điều trị')).toBeNull();
    expect(disclosure({ role: 'auditor' }, 'view').note('BTXH_K5C', 'Quà Tết')).toBeNull();
    expect(disclosure({ role: 'auditor' }, 'view').note('NCC_THUONG_BINH', 'Quà Tết')).toBe('Quà Tết');
    expect(disclosure({ role: 'auditor' }, 'export').personalId('062180000032')).toBe('••••••••0032');
    expect(disclosure({ role: 'province' }, 'export').category('BTXH_K8')).toBe('PROTECTED');
  });
});

describe('need to know: payroll answers and files', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let cycleId: number;
  const cookies: Record<string, string> = {};
  const get = (user: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie: cookies[user]! } });
  const lines = async (user: string, query = '') => {
    const response = await get(user, `/api/v1/payroll/cycles/${cycleId}/lines${query}`);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    return { body: json<Line[]>(response), text: response.body };
  };
  const exported = (user: string, format: string, commune?: string) =>
    get(user, `/api/v1/payroll/cycles/${cycleId}/export?format=${format}${commune ? `&commune=${commune}` : ''}`);

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    const province = await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    await createTestUser(ctx, { username: 'quantri', role: 'admin' });
    await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    await createTestUser(ctx, { username: 'canbo.dakha', role: 'officer', unitCode: '23500' });
    await createTestUser(ctx, { username: 'duyet', role: 'approver', unitCode: '23293' });
    await createTestUser(ctx, { username: 'kiemtoan', role: 'auditor' });
    await createTestUser(ctx, { username: 'buudien', role: 'provider', unitCode: '51', providerCode: 'VNPOST' });
    await createTestUser(ctx, { username: 'agribank', role: 'provider', unitCode: '51', providerCode: '970405' });
    const report = await importApproved(ctx, province, { path: writeTemplateCsv(join(tempDir(), 'people.csv'), everyone), dryRun: false });
    expect(report.errors).toEqual([]);
    cycleId = (await generateCycle(ctx, province, { month: '2024-07', unitCode: '51' })).id;
    app = await createTestApp(ctx);
    for (const username of ['tinh', 'quantri', 'canbo', 'canbo.dakha', 'duyet', 'kiemtoan', 'buudien', 'agribank']) cookies[username] = await loginCookie(app, username);
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  it('the VNPost agent gets only VNPost lines: its own payees in full, no other provider’s person or account, no category', async () => {
    const { body, text } = await lines('buudien');
    expect(body.map((line) => line.provider)).toEqual(vnpost.map(() => 'VNPOST'));
    expect(body.map((line) => line.personalId).sort()).toEqual(vnpost.map(id).sort());
    for (const person of [...agribank, people.wallet]) {
      expect(text).not.toContain(id(person));
      expect(text).not.toContain(account(person));
      expect(text).not.toContain(person.ho_ten!);
    }
    expectNoHiv(text);
    // A person of another provider is not found by their ID either.
    expect((await lines('buudien', `?personalId=${id(people.bankPlain)}`)).body).toEqual([]);
  });

  it('a bank’s agent gets only its own lines, with its own accounts', async () => {
    const { body, text } = await lines('agribank');
    expect(body.map((line) => line.personalId).sort()).toEqual(agribank.map(id).sort());
    expect(body.map((line) => line.accountNumber).sort()).toEqual(agribank.map(account).sort());
    expect(text).not.toContain(account(people.wallet));
    expectNoHiv(text);
  });

  it('the agents have no business with the change list; their summary is their own', async () => {
    expect((await get('buudien', `/api/v1/payroll/cycles/${cycleId}/changes`)).statusCode).toBe(403);
    const summary = json<{ rows: { providerCode: string; persons: number }[]; totalVnd: number }>(await get('buudien', `/api/v1/payroll/cycles/${cycleId}/summary`));
    expect(new Set(summary.rows.map((row) => row.providerCode))).toEqual(new Set(['VNPOST']));
    expect(summary.rows.reduce((sum, row) => sum + row.persons, 0)).toBe(vnpost.length);
    const file = await xlsxText(await exported('buudien', 'summary-xlsx'));
    expect(file.text).not.toContain('970405');
    expect(file.text).not.toContain('971005');
  });

  it('the VNPost agent’s printed lists (XLSX, PDF) hold only its own payees, and no HIV category', async () => {
    const xlsx = await xlsxText(await exported('buudien', 'list-xlsx', '23293'));
    expect(xlsx.text).toContain(id(people.cashPlain));
    expect(xlsx.text).toContain(id(people.cashHiv));
    for (const person of [people.bankPlain, people.bankHiv, people.wallet]) {
      expect(xlsx.text).not.toContain(id(person));
      expect(xlsx.text).not.toContain(account(person));
      expect(xlsx.text).not.toContain(person.ho_ten!);
    }
    expectNoHiv(xlsx.text);
    const pdf = pdfOf(await exported('buudien', 'list-pdf', '23293'));
    expect(pdf).toContain(people.cashHiv.ho_ten!);
    for (const person of [people.bankPlain, people.bankHiv, people.wallet]) {
      expect(pdf).not.toContain(id(person));
      expect(pdf).not.toContain(person.ho_ten!);
    }
    expectNoHiv(pdf);
  });

  it('the auditor sees every line of the area with masked IDs and accounts and no HIV category', async () => {
    const { body, text } = await lines('kiemtoan');
    expect(body).toHaveLength(everyone.length);
    for (const line of body) {
      expect(line.personalId).toMatch(masked);
      if (line.accountNumber !== null) expect(line.accountNumber).toMatch(masked);
    }
    for (const person of everyone) expect(text).not.toContain(id(person));
    expectNoHiv(text);
    // Every line is of TGXH, the programme of the HIV-related categories: all are PROTECTED, none stands out.
    expect(body.map((line) => line.category)).toEqual(body.map(() => 'PROTECTED'));
    expect(new Set(body.map((line) => line.programme))).toEqual(new Set(['TGXH']));
    const changes = await get('kiemtoan', `/api/v1/payroll/cycles/${cycleId}/changes`);
    expect(changes.statusCode).toBe(200);
    const { changes: rows } = json<{ changes: { personalId: string; category: string | null }[] }>(changes);
    expect(rows).toHaveLength(everyone.length);
    for (const row of rows) expect(row.personalId).toMatch(masked);
    expectNoHiv(changes.body);
  });

  it('the auditor’s printed lists have masked IDs and accounts and no HIV category', async () => {
    const xlsx = await xlsxText(await exported('kiemtoan', 'list-xlsx', '23293'));
    for (const person of kontum) {
      expect(xlsx.text).toContain(person.ho_ten!);
      expect(xlsx.text).not.toContain(id(person));
      if (person.so_tai_khoan) expect(xlsx.text).not.toContain(account(person));
    }
    expectNoHiv(xlsx.text);
    const pdf = pdfOf(await exported('kiemtoan', 'list-pdf', '23293'));
    for (const person of kontum) {
      expect(pdf).toContain(person.ho_ten!);
      expect(pdf).not.toContain(id(person));
    }
    expectNoHiv(pdf);
  });

  it('the commune officer still gets their commune in full, HIV categories on screen but never on the printed list', async () => {
    const { body } = await lines('canbo');
    expect(body.map((line) => line.personalId).sort()).toEqual(kontum.map(id).sort());
    expect(body.find((line) => line.personalId === id(people.cashHiv))!.category).toBe('BTXH_K8');
    expect(body.find((line) => line.personalId === id(people.bankHiv))!.accountNumber).toBe(account(people.bankHiv));
    const xlsx = await xlsxText(await exported('canbo', 'list-xlsx', '23293'));
    for (const person of kontum) expect(xlsx.text).toContain(id(person));
    for (const person of [people.bankPlain, people.bankHiv, people.wallet]) expect(xlsx.text).toContain(account(person));
    expectNoHiv(xlsx.text);
    // The printed list shows the programme on every row: a row of a sensitive category does not stand out.
    const rowOf = (person: Partial<TemplateRow>) => xlsx.rows.find((row) => row.includes(id(person)))!;
    const header = xlsx.rows.find((row) => row.includes('Số định danh'))!;
    const programmeColumn = header.indexOf('Chương trình');
    expect(programmeColumn).toBeGreaterThan(0);
    expect(rowOf(people.cashHiv)[programmeColumn]).toBe('Trợ giúp xã hội');
    expect(rowOf(people.cashPlain)[programmeColumn]).toBe('Trợ giúp xã hội');
    // Codes in words (issue 22 item 7): the component and the channel, and a bank by its short name, never its BIN.
    const column = (title: string) => header.indexOf(title);
    expect(rowOf(people.cashPlain)[column('Khoản')]).toBe('Trợ cấp hằng tháng');
    expect(rowOf(people.cashPlain)[column('Hình thức')]).toBe('Tiền mặt tại điểm chi trả');
    expect(rowOf(people.bankPlain)[column('Tổ chức')]).toBe('Agribank');
    const pdf = pdfOf(await exported('canbo', 'list-pdf', '23293'));
    for (const person of kontum) expect(pdf).toContain(id(person));
    expectNoHiv(pdf);
    // Another commune's list is not theirs to print.
    expect((await exported('canbo.dakha', 'list-xlsx', '23293')).statusCode).toBe(403);
    expect((await exported('canbo.dakha', 'list-pdf', '23293')).statusCode).toBe(403);
  });

  it('the approver and the province see HIV categories on screen (they handle the case); the administrator does not', async () => {
    const approver = await lines('duyet');
    expect(approver.body.find((line) => line.personalId === id(people.cashHiv))!.category).toBe('BTXH_K8');
    const province = await lines('tinh');
    expect(province.body).toHaveLength(everyone.length);
    expect(province.body.filter((line) => line.category === 'BTXH_K8')).toHaveLength(3);
    const admin = await lines('quantri');
    expect(admin.body.map((line) => line.personalId).sort()).toEqual(everyone.map(id).sort());
    expectNoHiv(admin.text);
    const changes = await get('quantri', `/api/v1/payroll/cycles/${cycleId}/changes`);
    expectNoHiv(changes.body);
  });

  it('every bulk view and export of people is audited: who, what, how many rows', async () => {
    await lines('buudien');
    await xlsxText(await exported('buudien', 'list-xlsx', '23293'));
    pdfOf(await exported('kiemtoan', 'list-pdf', '23293'));
    await get('kiemtoan', `/api/v1/payroll/cycles/${cycleId}/changes`);
    const events = await queryRows<{ actor: string; action: string; entityId: string; unitCode: string | null; after: { what: string; rows: number } }>(
      ctx.db.orm,
      sql`SELECT actor, action, entity_id AS "entityId", unit_code AS "unitCode", after FROM audit_events WHERE action LIKE 'personal_data.%' ORDER BY seq`,
    );
    const seen = (actor: string, action: string, what: string) => events.filter((event) => event.actor === actor && event.action === action && event.after.what === what);
    expect(seen('buudien', 'personal_data.viewed', 'payroll.lines').at(-1)).toMatchObject({ entityId: String(cycleId), after: { rows: vnpost.length } });
    expect(seen('buudien', 'personal_data.exported', 'payroll.list-xlsx').at(-1)).toMatchObject({ unitCode: '23293', after: { rows: 2 } });
    expect(seen('kiemtoan', 'personal_data.exported', 'payroll.list-pdf').at(-1)).toMatchObject({ unitCode: '23293', after: { rows: kontum.length } });
    expect(seen('kiemtoan', 'personal_data.viewed', 'payroll.changes').at(-1)).toMatchObject({ after: { rows: everyone.length } });
  });
});

describe('need to know: a list written to a file (as `asxh payroll export` does)', () => {
  it('is whole, follows the table and is audited', async () => {
    const ctx = await createTestContext('2024-07-05T03:00:00Z');
    try {
      const province = await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
      const auditor = await createTestUser(ctx, { username: 'kiemtoan', role: 'auditor' });
      const report = await importApproved(ctx, province, { path: writeTemplateCsv(join(tempDir(), 'people.csv'), kontum), dryRun: false });
      expect(report.errors).toEqual([]);
      const cycle = await generateCycle(ctx, province, { month: '2024-07', unitCode: '23293' });
      const dir = tempDir();
      for (const format of ['list-pdf', 'list-xlsx', 'summary-xlsx'] as const) {
        const path = join(dir, format);
        const output = createWriteStream(path);
        await exportCycle(ctx, auditor, cycle.id, { format, output });
        if (!output.writableFinished) {
          output.end();
          await once(output, 'finish');
        }
        const bytes = readFileSync(path);
        const text = format === 'list-pdf' ? pdfText(bytes) : (await xlsxContent(bytes)).text;
        if (format !== 'summary-xlsx') for (const person of kontum) expect(text).toContain(person.ho_ten!);
        for (const person of kontum) expect(text).not.toContain(id(person));
        expectNoHiv(text);
      }
      const events = await queryRows<{ after: { what: string; rows: number } }>(ctx.db.orm, sql`SELECT after FROM audit_events WHERE action = 'personal_data.exported' ORDER BY seq`);
      expect(events.map((event) => [event.after.what, event.after.rows])).toEqual([['payroll.list-pdf', kontum.length], ['payroll.list-xlsx', kontum.length], ['payroll.summary-xlsx', 3]]);
    } finally {
      await ctx.close();
    }
  });
});

describe('need to know: disbursement answers and files', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let cycleId: number;
  const cookies: Record<string, string> = {};
  const get = (user: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie: cookies[user]! } });

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    ({ cycleId } = await createFundedCycle(ctx));
    await createTestUser(ctx, { username: 'kiemtoan', role: 'auditor' });
    app = await withDisbursementRoutes(await createTestApp(ctx), ctx);
    for (const username of ['buudien', 'kiemtoan', 'canbo']) cookies[username] = await loginCookie(app, username);
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  it('the agent lists only its own items; the auditor sees masked IDs; both are audited', async () => {
    const mine = json<{ providerCode: string; personalId: string }[]>(await get('buudien', `/api/v1/disbursement/cycles/${cycleId}/items`));
    expect(mine).toHaveLength(3);
    for (const item of mine) {
      expect(item.providerCode).toBe('VNPOST');
      expect(item.personalId).toMatch(/^\d{12}$/);
    }
    // Asking for another provider's items gives nothing.
    expect(json(await get('buudien', `/api/v1/disbursement/cycles/${cycleId}/items?provider=970405`))).toEqual([]);
    const audited = json<{ personalId: string }[]>(await get('kiemtoan', `/api/v1/disbursement/cycles/${cycleId}/items`));
    expect(audited).toHaveLength(11);
    for (const item of audited) expect(item.personalId).toMatch(masked);
    const events = await queryRows<{ actor: string; after: { what: string; rows: number } }>(
      ctx.db.orm,
      sql`SELECT actor, after FROM audit_events WHERE action = 'personal_data.viewed' AND after ->> 'what' = 'disbursement.items' ORDER BY seq`,
    );
    expect(events.map((event) => [event.actor, event.after.rows])).toEqual([['buudien', 3], ['kiemtoan', 11]]);
  });

  it('payment files with full IDs and accounts go only to roles whose job is to send them', async () => {
    expect((await get('kiemtoan', `/api/v1/disbursement/cycles/${cycleId}/files?provider=VNPOST&format=cash-list`)).statusCode).toBe(403);
    expect((await get('buudien', `/api/v1/disbursement/cycles/${cycleId}/files?provider=970405&format=csv`)).statusCode).toBe(403);
    const file = await get('canbo', `/api/v1/disbursement/cycles/${cycleId}/files?provider=VNPOST&format=cash-list`);
    const { text } = await xlsxText(file);
    expect(text).toMatch(/\d{12}/);
    // The file is recorded once it is complete (after the last byte).
    await expect
      .poll(async () => (await queryRows<{ actor: string; after: unknown }>(ctx.db.orm, sql`SELECT actor, after FROM audit_events WHERE action = 'disbursement.file_created' ORDER BY seq`)).at(-1), { timeout: 10_000 })
      .toMatchObject({ actor: 'canbo', after: { format: 'cash-list', rows: 3 } });
    // Then the officer hands the batch over (downloading does not).
    const batch = json<{ id: number; providerCode: string }[]>(await get('canbo', `/api/v1/disbursement/cycles/${cycleId}/batches`)).find((row) => row.providerCode === 'VNPOST')!;
    const handedOver = await app.inject({ method: 'POST', url: `/api/v1/disbursement/cycles/${cycleId}/batches/${batch.id}/hand-over`, headers: { cookie: cookies.canbo! } });
    expect(handedOver.json()).toMatchObject({ handedOver: true });
  });

  it('the reconciliation report masks IDs for the auditor and its download is audited', async () => {
    // One cash payment not collected (the VNPost batch was handed over above).
    const [item] = json<{ endToEndId: string; personalId: string }[]>(await get('buudien', `/api/v1/disbursement/cycles/${cycleId}/items`));
    const confirmed = await app.inject({
      method: 'POST', url: `/api/v1/disbursement/cycles/${cycleId}/cash-confirmations`, headers: { cookie: cookies.buudien! },
      payload: { confirmations: [{ endToEndId: item!.endToEndId, result: 'NOT_FOUND' }] },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const shown = json<{ failed: { personalId: string }[] }>(await get('kiemtoan', `/api/v1/disbursement/cycles/${cycleId}/report`));
    expect(shown.failed.map((line) => line.personalId)).toEqual([`••••••••${item!.personalId.slice(-4)}`]);
    const { text } = await xlsxText(await get('kiemtoan', `/api/v1/disbursement/cycles/${cycleId}/report.xlsx`));
    expect(text).toContain(item!.personalId.slice(-4));
    expect(text).not.toContain(item!.personalId);
    const events = await queryRows<{ actor: string; after: { what: string } }>(
      ctx.db.orm,
      sql`SELECT actor, after FROM audit_events WHERE action = 'personal_data.exported' AND after ->> 'what' = 'disbursement.report-xlsx'`,
    );
    expect(events.map((event) => event.actor)).toEqual(['kiemtoan']);
  });
});
