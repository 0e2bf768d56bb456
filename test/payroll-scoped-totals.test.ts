import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { cycleSummary, exportCycle, generateCycle, getCycle, listPayrollCycles } from '../src/modules/payroll/payroll.service.js';
import type { TemplateRow } from '../src/modules/registry/validation/import-row.js';
import { createTestApp, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { importApproved } from './helpers/imports.js';
import { idFor, personRow } from './helpers/people.js';
import { createSafeTestContext } from './helpers/safe-db.js';
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';

/**
 * A province's cycle seen from a commune or by a provider's agent (issue 18, item 8): a commune
 * officer sees only its commune's totals of a province cycle, a provider's agent only its own
 * provider's, in the list, the detail (with its components), the summary and the summary file.
 */
const bank = (serial: number, name: string, unit: string): Partial<TemplateRow> =>
  personRow({ ho_ten: name, ngay_sinh: '01/01/1970', gioi_tinh: 'Nam', so_dinh_danh: idFor('01/01/1970', 'Nam', serial), ma_doi_tuong: 'BTXH_K6_NANG', ma_don_vi: unit,
    hinh_thuc_nhan: 'TK_NGAN_HANG', ma_to_chuc: '970405', so_tai_khoan: `51002010000${serial}`, chu_tai_khoan: name, chi_tra_den_thang: '06/2024' });
const cash = (serial: number, name: string, unit: string): Partial<TemplateRow> =>
  personRow({ ho_ten: name, ngay_sinh: '03/03/1940', gioi_tinh: 'Nữ', so_dinh_danh: idFor('03/03/1940', 'Nữ', serial), ma_doi_tuong: 'BTXH_K5C', ma_don_vi: unit, chi_tra_den_thang: '06/2024' });

const people = [
  bank(11, 'Nguyễn Văn An', '23293'),
  bank(12, 'Trần Văn Bình', '23293'),
  cash(31, 'Võ Thị Em', '23293'),
  bank(42, 'Lò Văn Hùng', '23500'),
  cash(41, 'Đỗ Thị Nga', '23500'),
  cash(43, 'Hà Thị Lụa', '23500'),
];

describe('a province cycle’s totals, as each viewer may see them', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let cycleId: number;
  const actors: Record<string, Actor> = {};
  const totals = async (where: ReturnType<typeof sql>) =>
    (await queryRows<{ total: number; lines: number }>(ctx.db.orm, sql`SELECT COALESCE(sum(amount_vnd), 0)::int AS total, count(*)::int AS lines FROM payroll_lines WHERE cycle_id = ${cycleId} AND ${where}`))[0]!;

  beforeAll(async () => {
    ctx = await createSafeTestContext('2024-07-05T03:00:00Z');
    actors.tinh = await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    actors.canbo = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    actors.buudien = await createTestUser(ctx, { username: 'buudien', role: 'provider', unitCode: '51', providerCode: 'VNPOST' });
    const report = await importApproved(ctx, actors.tinh, { path: writeTemplateCsv(join(tempDir(), 'people.csv'), people), dryRun: false });
    expect(report.errors).toEqual([]);
    cycleId = (await generateCycle(ctx, actors.tinh, { month: '2024-07', unitCode: '51' })).id;
    app = await createTestApp(ctx);
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  const cases = [
    ['tinh', sql`TRUE`],
    ['canbo', sql`commune_code = '23293'`],
    ['buudien', sql`provider_code = 'VNPOST'`],
  ] as const;

  it.each(cases)('%s: the list, the detail, the summary and its file agree with the lines it may see', async (user, where) => {
    const expected = await totals(where);
    expect(expected.lines).toBeGreaterThan(0);
    const actor = actors[user]!;
    const listed = (await listPayrollCycles(ctx, actor, {})).find((cycle) => cycle.id === cycleId)!;
    expect([listed.totalVnd, listed.lineCount]).toEqual([expected.total, expected.lines]);
    const detail = await getCycle(ctx, actor, cycleId);
    expect([detail.totalVnd, detail.lineCount]).toEqual([expected.total, expected.lines]);
    const components = Object.values(detail.byComponent);
    expect(components.reduce((sum, part) => sum + part.amountVnd, 0)).toBe(expected.total);
    expect(components.reduce((sum, part) => sum + part.lines, 0)).toBe(expected.lines);
    const summary = await cycleSummary(ctx, actor, cycleId);
    expect([summary.cycle.totalVnd, summary.totalVnd]).toEqual([expected.total, expected.total]);
    // The summary table written to a file carries no other total than the viewer's.
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    await exportCycle(ctx, actor, cycleId, { format: 'summary-xlsx', output });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const numbers: number[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => (row.values as unknown[]).forEach((value) => typeof value === 'number' && numbers.push(value))));
    const full = await totals(sql`TRUE`);
    if (user !== 'tinh') expect(numbers).not.toContain(full.total);
    expect(numbers).toContain(expected.total);
  });

  it('over the API too: the commune officer’s list shows its commune’s total, never the province’s', async () => {
    const cookie = await loginCookie(app, 'canbo');
    const response = await app.inject({ method: 'GET', url: '/api/v1/payroll/cycles', headers: { cookie } });
    const listed = json<{ id: number; totalVnd: number; lineCount: number }[]>(response).find((cycle) => cycle.id === cycleId)!;
    const own = await totals(sql`commune_code = '23293'`);
    expect([listed.totalVnd, listed.lineCount]).toEqual([own.total, own.lines]);
    const detail = json<{ totalVnd: number; fundedAmountVnd: number | null }>(await app.inject({ method: 'GET', url: `/api/v1/payroll/cycles/${cycleId}`, headers: { cookie } }));
    expect(detail.totalVnd).toBe(own.total);
  });
});
