import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows } from '../src/db/client.js';
import { verifyAuditChain } from '../src/modules/audit/audit.service.js';
import type { Actor } from '../src/modules/access/scope.js';
import { populationCommands } from '../src/modules/population/population.commands.js';
import { computeQualityFlags, qualityFlagSummary } from '../src/modules/quality/quality.service.js';
import { changeEnrolmentStatus } from '../src/modules/registry/registry.service.js';
import { exampleRows, type TemplateRow } from '../src/modules/registry/validation/import-row.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { importApproved } from './helpers/imports.js';

const [elderlyExample, childExample] = exampleRows();

function elderly(values: Partial<TemplateRow>): Partial<TemplateRow> {
  return {
    ...elderlyExample,
    so_cmnd: '', so_tai_khoan: '', chu_tai_khoan: '', hinh_thuc_nhan: 'TIEN_MAT', ma_to_chuc: 'VNPOST', ma_don_vi: '23293',
    ...values,
  };
}

const account = (number: string, holder: string): Partial<TemplateRow> => ({ hinh_thuc_nhan: 'TK_NGAN_HANG', ma_to_chuc: '970405', so_tai_khoan: number, chu_tai_khoan: holder });

const people = {
  twoCommunes: elderly({ ho_ten: 'Ngô Thị Lan', ngay_sinh: '10/01/1940', so_dinh_danh: '036140200001' }),
  duplicateA: elderly({ ho_ten: 'Phan Văn Minh', ngay_sinh: '02/02/1942', gioi_tinh: 'Nam', so_dinh_danh: '036042200002' }),
  duplicateB: elderly({ ho_ten: 'Phan Van Minh', ngay_sinh: '02/02/1942', gioi_tinh: 'Nam', so_dinh_danh: '036042200003', ma_don_vi: '23500' }),
  deceasedActive: elderly({ ho_ten: 'Hồ Thị Nga', ngay_sinh: '03/03/1939', so_dinh_danh: '036139200004' }),
  // Suspended from October for unclaimed money, died in October: payment already stopped.
  deceasedSuspended: elderly({
    ho_ten: 'Lý Thị Oanh', ngay_sinh: '04/04/1939', so_dinh_danh: '036139200005',
    trang_thai: 'TAM_DUNG', ly_do: 'KHONG_NHAN_3_THANG', ngay_su_kien: '15/09/2025',
  }),
  sharedA: elderly({ ho_ten: 'Đinh Thị Phương', ngay_sinh: '05/05/1938', so_dinh_danh: '036138200006', ...account('1234567890123', 'DINH THI PHUONG') }),
  sharedB: elderly({ ho_ten: 'Dương Thị Quỳnh', ngay_sinh: '06/06/1938', so_dinh_danh: '036138200007', ...account('1234567890123', 'DUONG THI QUYNH') }),
  // Two children paid into their grandmother's (the guardian's) account: normal, not flagged.
  childA: { ...childExample, ma_don_vi: '23293', ...account('5555666677778', 'LO THI HOA') },
  childB: { ...childExample, ho_ten: 'Lò Thị Mai', ngay_sinh: '21/07/2016', gioi_tinh: 'Nữ', so_dinh_danh: '011316004737', ma_don_vi: '23293', ...account('5555666677778', 'LO THI HOA') },
};
const id = (key: keyof typeof people) => people[key].so_dinh_danh!;

interface FlagRow {
  personalId: string;
  flag: string;
  details: Record<string, unknown>;
  computedAt: string;
}

describe('data-quality flags', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let province: Actor;
  let admin: Actor;
  const cookies: Record<string, string> = {};
  const dir = tempDir();

  const flags = () =>
    queryRows<FlagRow>(
      ctx.db.orm,
      sql`SELECT p.personal_id AS "personalId", f.flag, f.details, to_char(f.computed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "computedAt"
          FROM dq_flags f JOIN persons p ON p.id = f.person_id ORDER BY f.flag, p.personal_id`,
    );

  beforeAll(async () => {
    ctx = await createTestContext('2026-01-15T03:00:00Z');
    province = await createTestUser(ctx, { username: 'tinh51', role: 'province', unitCode: '51' });
    admin = await createTestUser(ctx, { username: 'adm', role: 'admin' });
    await createTestUser(ctx, { username: 'kontum', role: 'officer', unitCode: '23293' });
    await createTestUser(ctx, { username: 'dakha', role: 'officer', unitCode: '23500' });
    const first = await importApproved(ctx, province, { path: writeTemplateCsv(join(dir, 'a.csv'), Object.values(people)), dryRun: false });
    expect(first.errors).toEqual([]);
    // The same person also receives a people-with-merit allowance paid by another commune.
    const second = elderly({
      ...people.twoCommunes, ma_don_vi: '23500', chuong_trinh: 'NCC', ma_doi_tuong: 'NCC_THAN_NHAN_LS_1', so_quyet_dinh: '12/QĐ-SNV',
    });
    const other = await importApproved(ctx, province, { path: writeTemplateCsv(join(dir, 'b.csv'), [second]), dryRun: false });
    expect(other.errors).toEqual([]);
    // Deaths known to the registry (e.g. a family report) without the payment stopped.
    await ctx.db.orm.execute(sql`UPDATE persons SET death_date = '2025-10-05' WHERE personal_id IN (${id('deceasedActive')}, ${id('deceasedSuspended')})`);
    app = await createTestApp(ctx);
    for (const username of ['tinh51', 'kontum', 'dakha']) cookies[username] = await loginCookie(app, username);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('flags each case with details naming the other person or commune', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/quality/flags/recompute', headers: { cookie: cookies.tinh51! } });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toMatchObject({
      counts: { ACTIVE_IN_TWO_COMMUNES: 1, POSSIBLE_DUPLICATE: 2, DECEASED_BUT_ACTIVE: 1, ACCOUNT_SHARED: 2 },
      total: 6,
      computedAt: '2026-01-15T03:00:00Z',
    });
    const rows = await flags();
    const byFlag = (flag: string) => rows.filter((row) => row.flag === flag);
    expect(byFlag('ACTIVE_IN_TWO_COMMUNES')).toMatchObject([
      { personalId: id('twoCommunes'), details: { communes: ['23293', '23500'], otherCommunes: ['23293'] } },
    ]);
    expect(byFlag('POSSIBLE_DUPLICATE')).toMatchObject([
      { personalId: id('duplicateA'), details: { others: [{ personalIdTail: '0003', communeCode: '23500' }] } },
      { personalId: id('duplicateB'), details: { others: [{ personalIdTail: '0002', communeCode: '23293' }] } },
    ]);
    expect(byFlag('DECEASED_BUT_ACTIVE')).toMatchObject([{ personalId: id('deceasedActive'), details: { deathDate: '2025-10-05', enrolments: 1, communes: ['23293'] } }]);
    expect(byFlag('ACCOUNT_SHARED')).toMatchObject([
      { personalId: id('sharedA'), details: { providerCode: '970405', accountTail: '0123', others: [{ personalIdTail: '0007' }] } },
      { personalId: id('sharedB'), details: { providerCode: '970405', accountTail: '0123', others: [{ personalIdTail: '0006' }] } },
    ]);
  });

  it('counts only the flags of people in the caller’s area', async () => {
    const kontum = json<{ counts: Record<string, number> }>(await app.inject({ method: 'GET', url: '/api/v1/quality/flags/summary', headers: { cookie: cookies.kontum! } }));
    expect(kontum.counts).toEqual({ ACTIVE_IN_TWO_COMMUNES: 1, POSSIBLE_DUPLICATE: 1, DECEASED_BUT_ACTIVE: 1, ACCOUNT_SHARED: 2 });
    const dakha = json<{ counts: Record<string, number>; total: number }>(await app.inject({ method: 'GET', url: '/api/v1/quality/flags/summary', headers: { cookie: cookies.dakha! } }));
    expect(dakha).toMatchObject({ counts: { ACTIVE_IN_TWO_COMMUNES: 1, POSSIBLE_DUPLICATE: 1, DECEASED_BUT_ACTIVE: 0, ACCOUNT_SHARED: 0 }, total: 2 });
  });

  it('a recomputation replaces the old flags', async () => {
    const person = await queryOne<{ id: number }>(ctx.db.orm, sql`SELECT id::int AS id FROM persons WHERE personal_id = ${id('childA')}`);
    await ctx.db.orm.execute(sql`INSERT INTO dq_flags (person_id, flag, province_code, commune_code) VALUES (${person!.id}, 'DECEASED_BUT_ACTIVE', '51', '23293')`);
    await changeEnrolmentStatus(ctx, province, { personalId: id('deceasedActive'), action: 'terminate', reason: 'CHET', eventDate: '2025-10-05' });
    ctx.setNow('2026-01-20T03:00:00Z');
    const result = (await populationCommands['quality.check']!.run(ctx, admin, {})) as Awaited<ReturnType<typeof computeQualityFlags>>;
    expect(result.counts).toEqual({ ACTIVE_IN_TWO_COMMUNES: 1, POSSIBLE_DUPLICATE: 2, DECEASED_BUT_ACTIVE: 0, ACCOUNT_SHARED: 2 });
    const rows = await flags();
    expect(rows.filter((row) => row.flag === 'DECEASED_BUT_ACTIVE')).toEqual([]);
    expect(new Set(rows.map((row) => row.computedAt))).toEqual(new Set(['2026-01-20']));
    expect(await qualityFlagSummary(ctx, province)).toMatchObject({ total: 5, computedAt: '2026-01-20T03:00:00Z' });
  });

  it('audits every recomputation and keeps the chain intact', async () => {
    const events = await queryRows<{ after: { counts: Record<string, number> } }>(ctx.db.orm, sql`SELECT after FROM audit_events WHERE action = 'quality.flags_computed' ORDER BY seq`);
    expect(events.map((event) => event.after.counts.DECEASED_BUT_ACTIVE)).toEqual([1, 0]);
    expect(await verifyAuditChain(ctx.db.orm)).toMatchObject({ ok: true });
  });
});
