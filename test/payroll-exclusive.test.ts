import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/app/bootstrap.js';
import { addMonths } from '../src/core/month.js';
import { queryRows } from '../src/db/client.js';
import { seedDemoBeneficiaries } from '../src/demo/seed.js';
import type { Actor } from '../src/modules/access/scope.js';
import { generateCycle } from '../src/modules/payroll/payroll.service.js';
import { auditPayrollPeriod } from '../src/modules/payroll/period-audit.service.js';
import { categories } from '../src/modules/rules/categories.js';
import { createTestContext, createTestUser, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { idFor, personRow } from './helpers/people.js';
import { importApproved } from './helpers/imports.js';

/**
 * Decree 176/2025: social pension (HTXH) or monthly social allowance (TGXH), only the higher, for
 * every month, whichever cycle pays it. Cycles of consecutive months are generated and every
 * person-month of the period is compared with the rules engine (the payroll audit), for crafted
 * people holding both benefits and for the demo population, which covers every category.
 */
/** A year of monthly cycles. */
const months = Array.from({ length: 12 }, (_, index) => addMonths('2025-07', index));

const both = { id: idFor('10/03/1940', 'Nam', 501), birth: '10/03/1940' };
const tie = { id: idFor('11/04/1944', 'Nữ', 502), birth: '11/04/1944' };
const lateDecision = { id: idFor('12/05/1945', 'Nam', 503), birth: '12/05/1945' };
const foundLater = { id: idFor('13/06/1943', 'Nữ', 504), birth: '13/06/1943' };

const firstFile = [
  // K5A at 85 (2.0 × 500,000) and the social pension (500,000): only the allowance, every month
  personRow({ ho_ten: 'Trần Văn Hai', ngay_sinh: both.birth, gioi_tinh: 'Nam', so_dinh_danh: both.id, ma_doi_tuong: 'BTXH_K5A', chi_tra_den_thang: '06/2025' }),
  personRow({ ho_ten: 'Trần Văn Hai', ngay_sinh: both.birth, gioi_tinh: 'Nam', so_dinh_danh: both.id, ma_doi_tuong: 'HTXH_75', ngay_quyet_dinh: '15/07/2025', thang_bat_dau: '07/2025', chi_tra_den_thang: '' }),
  // aged 80+ without a pension (1.0 × 500,000) and the social pension (500,000): a tie keeps the allowance
  personRow({ ho_ten: 'Lê Thị Bằng', ngay_sinh: tie.birth, gioi_tinh: 'Nữ', so_dinh_danh: tie.id, ma_doi_tuong: 'BTXH_K5C', thang_bat_dau: '05/2024', chi_tra_den_thang: '06/2025' }),
  personRow({ ho_ten: 'Lê Thị Bằng', ngay_sinh: tie.birth, gioi_tinh: 'Nữ', so_dinh_danh: tie.id, ma_doi_tuong: 'HTXH_75', ngay_quyet_dinh: '20/07/2025', thang_bat_dau: '07/2025', chi_tra_den_thang: '' }),
  // the social pension alone first; the disability allowance (higher, certificate of July) is decided in September
  personRow({ ho_ten: 'Võ Thị Sau', ngay_sinh: foundLater.birth, gioi_tinh: 'Nữ', so_dinh_danh: foundLater.id, ma_doi_tuong: 'HTXH_75', ngay_quyet_dinh: '05/07/2025', thang_bat_dau: '07/2025', chi_tra_den_thang: '' }),
  // categories the demo population does not draw (or draws rarely): the rest of the rules table
  personRow({ ho_ten: 'Đỗ Văn Bảy', ngay_sinh: '14/05/1953', gioi_tinh: 'Nam', so_dinh_danh: idFor('14/05/1953', 'Nam', 505), ma_doi_tuong: 'HTXH_70_NGHEO', ngay_quyet_dinh: '10/07/2025', thang_bat_dau: '07/2025', chi_tra_den_thang: '' }),
  personRow({ ho_ten: 'Hà Văn Tám', ngay_sinh: '15/01/1925', gioi_tinh: 'Nam', so_dinh_danh: idFor('15/01/1925', 'Nam', 506), ma_doi_tuong: 'NCC_LTCM_TL', chi_tra_den_thang: '06/2025' }),
  personRow({ ho_ten: 'Hà Văn Chín', ngay_sinh: '16/02/1926', gioi_tinh: 'Nam', so_dinh_danh: idFor('16/02/1926', 'Nam', 507), ma_doi_tuong: 'NCC_LTCM_KTL', chi_tra_den_thang: '06/2025' }),
  personRow({ ho_ten: 'Hà Văn Mười', ngay_sinh: '17/03/1928', gioi_tinh: 'Nam', so_dinh_danh: idFor('17/03/1928', 'Nam', 508), ma_doi_tuong: 'NCC_TKN', chi_tra_den_thang: '06/2025' }),
  personRow({ ho_ten: 'Lò Thị Một', ngay_sinh: '18/04/1940', gioi_tinh: 'Nữ', so_dinh_danh: idFor('18/04/1940', 'Nữ', 509), ma_doi_tuong: 'NCC_THAN_NHAN_LS_3', chi_tra_den_thang: '06/2025' }),
  personRow({ ho_ten: 'Lò Văn Hai', ngay_sinh: '19/05/1950', gioi_tinh: 'Nam', so_dinh_danh: idFor('19/05/1950', 'Nam', 510), ma_doi_tuong: 'NCC_THUONG_BINH_B', ty_le_ton_thuong: '41', chi_tra_den_thang: '06/2025' }),
  personRow({ ho_ten: 'Mai Thị Năm', ngay_sinh: '21/07/1950', gioi_tinh: 'Nữ', so_dinh_danh: idFor('21/07/1950', 'Nữ', 512), ma_doi_tuong: 'BTXH_K5D', chi_tra_den_thang: '06/2025' }),
  personRow({
    ho_ten: 'Mai Văn Út', ngay_sinh: '22/08/2015', gioi_tinh: 'Nam', so_dinh_danh: idFor('22/08/2015', 'Nam', 513), ma_doi_tuong: 'BTXH_K3', chi_tra_den_thang: '06/2025',
    nguoi_nhan_thay_loai: 'GIAM_HO', nguoi_nhan_thay_ho_ten: 'Mai Thị Nội', nguoi_nhan_thay_so_dinh_danh: idFor('01/01/1960', 'Nữ', 514), nguoi_nhan_thay_quan_he: 'bà nội',
  }),
  personRow({ ho_ten: 'Lò Thị Ba', ngay_sinh: '20/06/1925', gioi_tinh: 'Nữ', so_dinh_danh: idFor('20/06/1925', 'Nữ', 511), ma_doi_tuong: 'NCC_BMVNAH', chi_tra_den_thang: '06/2025' }),
];
const septemberFile = [
  // the file says July, the commune chairman signed in September: paid from September
  personRow({ ho_ten: 'Phạm Văn Muộn', ngay_sinh: lateDecision.birth, gioi_tinh: 'Nam', so_dinh_danh: lateDecision.id, ma_doi_tuong: 'HTXH_75', ngay_quyet_dinh: '10/09/2025', thang_bat_dau: '07/2025', chi_tra_den_thang: '' }),
  personRow({ ho_ten: 'Võ Thị Sau', ngay_sinh: foundLater.birth, gioi_tinh: 'Nữ', so_dinh_danh: foundLater.id, ma_doi_tuong: 'BTXH_K6_DBN', ngay_quyet_dinh: '05/09/2025', thang_bat_dau: '07/2025', chi_tra_den_thang: '' }),
];

interface LineRow {
  month: string;
  programme: string;
  component: string;
  amount: number;
  settles: string[] | null;
}

describe('exclusive benefits over consecutive cycles', () => {
  let ctx: TestContext;
  let officer: Actor;
  let province: Actor;

  async function linesOf(personalId: string): Promise<LineRow[]> {
    return queryRows<LineRow>(
      ctx.db.orm,
      sql`SELECT l.for_month AS month, l.programme, l.component, l.amount_vnd::int AS amount, l.settles_programmes AS settles
          FROM payroll_lines l JOIN persons p ON p.id = l.person_id
          WHERE p.personal_id = ${personalId} AND l.entitlement = 'REGULAR' ORDER BY l.for_month, l.programme`,
    );
  }

  beforeAll(async () => {
    ctx = await createTestContext('2025-07-05T03:00:00Z');
    officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    province = await createTestUser(ctx, { username: 'tinh51', role: 'province', unitCode: '51' });
    const demo = await seedDemoBeneficiaries(ctx, systemActor('test'), 500, { seed: 11 });
    expect(demo.rejected).toBe(0);
    ctx.setNow('2025-07-25T03:00:00Z');
    const report = await importApproved(ctx, officer, { path: writeTemplateCsv(join(tempDir(), 'first.csv'), firstFile), dryRun: false });
    expect(report.errors).toEqual([]);
    expect(report.warnings.filter((warning) => warning.code === 'START_BEFORE_DECISION')).toEqual([]);

    for (const month of months) {
      ctx.setNow(`${month}-05T03:00:00Z`);
      if (month === '2025-09') {
        ctx.setNow('2025-09-12T03:00:00Z');
        const later = await importApproved(ctx, officer, { path: writeTemplateCsv(join(tempDir(), 'sep.csv'), septemberFile), dryRun: false });
        expect(later.errors).toEqual([]);
        // the social pension starts in the month the decision is signed; a disability from its certificate
        const late = later.warnings.filter((warning) => warning.code === 'START_BEFORE_DECISION');
        expect(late).toHaveLength(1);
        expect(late[0]).toMatchObject({ row: 2, field: 'thang_bat_dau' });
        expect(late[0]!.message).toContain('09/2025');
        expect(late[0]!.messageEn).toContain('2025-09');
      }
      await generateCycle(ctx, province, { month, unitCode: '51' });
    }
  }, 300_000);
  afterAll(async () => ctx.close());

  it('pays only the higher benefit for every month, and the month stays settled for the lower one', async () => {
    const lines = await linesOf(both.id);
    expect(lines.map((line) => [line.month, line.programme, line.component, line.amount])).toEqual(
      months.map((month) => [month, 'TGXH', 'MONTHLY', 1_000_000]),
    );
    expect(lines.every((line) => line.settles?.join() === 'HTXH')).toBe(true);
  });

  it('on a tie keeps the social allowance, month after month', async () => {
    const lines = await linesOf(tie.id);
    expect(lines.map((line) => [line.month, line.programme, line.amount])).toEqual(months.map((month) => [month, 'TGXH', 500_000]));
  });

  it('never pays before the month the decision was signed', async () => {
    const lines = await linesOf(lateDecision.id);
    expect(lines.map((line) => [line.month, line.programme, line.amount])).toEqual(
      months.filter((month) => month >= '2025-09').map((month) => [month, 'HTXH', 500_000]),
    );
  });

  it('the database refuses a line for a month before the decision month', async () => {
    const insert = ctx.db.orm.execute(sql`
      INSERT INTO payroll_lines (cycle_id, person_id, enrolment_id, programme, category, component, entitlement, for_month, amount_vnd, breakdown,
                                 province_code, commune_code, personal_id, full_name, channel, provider_code)
      SELECT l.cycle_id, l.person_id, l.enrolment_id, l.programme, l.category, 'ARREARS', 'REGULAR', '2025-08', l.amount_vnd, '{}'::jsonb,
             l.province_code, l.commune_code, l.personal_id, l.full_name, l.channel, l.provider_code
      FROM payroll_lines l WHERE l.personal_id = ${lateDecision.id} AND l.for_month = '2025-09'`);
    await expect(insert).rejects.toSatisfy((error: { cause?: { message?: string } }) => /is not payable/.test(error.cause?.message ?? ''));
  });

  it('pays the difference only for months the other benefit paid before the higher one was decided', async () => {
    const lines = await linesOf(foundLater.id);
    expect(lines.map((line) => [line.month, line.programme, line.component, line.amount])).toEqual([
      ['2025-07', 'HTXH', 'MONTHLY', 500_000],
      ['2025-07', 'TGXH', 'ARREARS', 750_000],
      ['2025-08', 'HTXH', 'MONTHLY', 500_000],
      ['2025-08', 'TGXH', 'ARREARS', 750_000],
      ...months.filter((month) => month >= '2025-09').map((month) => [month, 'TGXH', 'MONTHLY', 1_250_000]),
    ]);
  });

  it('the payroll audit over the whole period agrees with the rules engine for every person and month', async () => {
    // every category of the rules table is held by someone of the province
    const held = await queryRows<{ category: string }>(ctx.db.orm, sql`SELECT DISTINCT category FROM enrolments WHERE province_code = '51'`);
    expect(categories.map((category) => category.code).filter((code) => !held.some((row) => row.category === code))).toEqual([]);
    const audit = await auditPayrollPeriod(ctx, province, { unitCode: '51', from: '2025-01', to: '2026-06' });
    expect(audit.people).toBeGreaterThan(100);
    expect(audit.paidVnd).toBeGreaterThan(0);
    expect(audit.findings).toEqual([]);
    expect(audit.paidVnd).toBe(audit.dueVnd);
  });

  it('the audit names a month paid twice, with its cycles', async () => {
    // the defect this replaced: the lower benefit's month paid again as arrears by the next cycle
    await ctx.db.orm.execute(sql`
      INSERT INTO payroll_lines (cycle_id, person_id, enrolment_id, programme, category, component, entitlement, for_month, amount_vnd, breakdown,
                                 province_code, commune_code, personal_id, full_name, channel, provider_code)
      SELECT l.cycle_id, l.person_id, e.id, 'HTXH', e.category, 'ARREARS', 'REGULAR', '2025-10', 500000, '{}'::jsonb,
             l.province_code, l.commune_code, l.personal_id, l.full_name, l.channel, l.provider_code
      FROM payroll_lines l JOIN enrolments e ON e.person_id = l.person_id AND e.programme = 'HTXH'
      WHERE l.personal_id = ${both.id} AND l.for_month = '2025-11'`);
    const audit = await auditPayrollPeriod(ctx, officer, { unitCode: '23293', from: '2025-07', to: '2026-06' });
    expect(audit.findings).toHaveLength(1);
    expect(audit.findings[0]).toMatchObject({
      month: '2025-10',
      dueVnd: 1_000_000,
      paidVnd: 1_500_000,
      differenceVnd: 500_000,
      byProgramme: { TGXH: { dueVnd: 1_000_000, paidVnd: 1_000_000 }, HTXH: { dueVnd: 0, paidVnd: 500_000 } },
    });
    expect(audit.findings[0]!.cycleIds).toHaveLength(2);
    // a bulk view of people: recorded (who, what, how many)
    const events = await queryRows<{ rows: number }>(
      ctx.db.orm,
      sql`SELECT (after->>'rows')::int AS rows FROM audit_events WHERE action = 'personal_data.viewed' AND after->>'what' = 'payroll.audit'`,
    );
    expect(events).toEqual([{ rows: 1 }]);
  });

  it('is refused to a payment provider’s agent, who sees its own payees only', async () => {
    const agent = await createTestUser(ctx, { username: 'vnpost51', role: 'provider', unitCode: '51', providerCode: 'VNPOST' });
    await expect(auditPayrollPeriod(ctx, agent, { unitCode: '51', from: '2025-07', to: '2025-12' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
