import { join } from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { changeEnrolmentStatus } from '../src/modules/registry/registry.service.js';
import { addOneOffPayment, addRecovery } from '../src/modules/payroll/adjustments.js';
import { approveCycle, fundCycle, generateCycle, payrollLines, rejectCycle, submitCycle, withdrawCycle } from '../src/modules/payroll/payroll.service.js';
import type { TemplateRow } from '../src/modules/registry/validation/import-row.js';
import { createTestContext, createTestUser, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { idFor, personRow } from './helpers/people.js';
import { importApproved } from './helpers/imports.js';

const child = personRow({ ho_ten: 'A Phúc', ngay_sinh: '10/07/2020', gioi_tinh: 'Nam', so_dinh_danh: idFor('10/07/2020', 'Nam', 1), ma_doi_tuong: 'BTXH_K1',
  nguoi_nhan_thay_loai: 'GIAM_HO', nguoi_nhan_thay_ho_ten: 'Y Lan', nguoi_nhan_thay_so_dinh_danh: '062180000099', nguoi_nhan_thay_quan_he: 'bà nội' });
const turning80 = personRow({ ho_ten: 'Đinh Văn Bảy', ngay_sinh: '05/07/1944', gioi_tinh: 'Nam', so_dinh_danh: idFor('05/07/1944', 'Nam', 2), ma_doi_tuong: 'BTXH_K5A' });
const parentK4 = personRow({ ho_ten: 'Lê Thị Cúc', ngay_sinh: '03/03/1984', gioi_tinh: 'Nữ', so_dinh_danh: idFor('03/03/1984', 'Nữ', 3), ma_doi_tuong: 'BTXH_K4', so_con: '2' });
const parentK6 = { ...parentK4, ma_doi_tuong: 'BTXH_K6_DBN', so_con: '' };
const dying = personRow({ ho_ten: 'Trần Thị Em', ngay_sinh: '01/01/1939', gioi_tinh: 'Nữ', so_dinh_danh: idFor('01/01/1939', 'Nữ', 5), ma_doi_tuong: 'BTXH_K5C' });
const adult = personRow({ ho_ten: 'Phạm Văn Gấm', ngay_sinh: '12/12/1970', gioi_tinh: 'Nam', so_dinh_danh: idFor('12/12/1970', 'Nam', 6), ma_doi_tuong: 'BTXH_K6_NANG',
  hinh_thuc_nhan: 'TK_NGAN_HANG', ma_to_chuc: '970405', so_tai_khoan: '5100205123456', chu_tai_khoan: 'PHAM VAN GAM' });
const lateDecision = personRow({ ho_ten: 'Võ Thị Dung', ngay_sinh: '20/05/1975', gioi_tinh: 'Nữ', so_dinh_danh: idFor('20/05/1975', 'Nữ', 4), ma_doi_tuong: 'BTXH_K6_NANG',
  ngay_quyet_dinh: '02/07/2024', thang_bat_dau: '04/2024', chi_tra_den_thang: '' });

type Line = { personalId: string; component: string; forMonth: string; amount: number; category: string; breakdown?: { parts?: { category: string }[] } & Record<string, unknown> };

function amounts(lines: Line[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const line of lines) result[`${line.personalId}/${line.component}/${line.forMonth}`] = line.amount;
  return result;
}

describe('monthly payroll: June and July 2024 in Phường Kon Tum', () => {
  let ctx: TestContext;
  let officer: Actor;
  let approver: Actor;
  let province: Actor;
  const dir = tempDir();

  beforeAll(async () => {
    ctx = await createTestContext('2024-06-10T03:00:00Z');
    officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    approver = await createTestUser(ctx, { username: 'duyet', role: 'approver', unitCode: '23293' });
    province = await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    const rows: Partial<TemplateRow>[] = [child, turning80, parentK4, parentK6, dying, adult];
    const report = await importApproved(ctx, officer, { path: writeTemplateCsv(join(dir, 'june.csv'), rows), dryRun: false });
    expect(report.errors).toEqual([]);
  });
  afterAll(async () => ctx.close());

  it('June 2024 at the 360,000 base level, maker-checker and Treasury funding', async () => {
    const cycle = await generateCycle(ctx, officer, { month: '2024-06', unitCode: '23293' });
    const lines = (await payrollLines(ctx, officer, cycle.id, { limit: 1000 })) as Line[];
    expect(amounts(lines)).toEqual({
      [`${child.so_dinh_danh}/MONTHLY/2024-06`]: 900_000,
      [`${turning80.so_dinh_danh}/MONTHLY/2024-06`]: 540_000,
      [`${parentK4.so_dinh_danh}/MONTHLY/2024-06`]: 1_440_000,
      [`${dying.so_dinh_danh}/MONTHLY/2024-06`]: 360_000,
      [`${adult.so_dinh_danh}/MONTHLY/2024-06`]: 540_000,
    });
    expect(cycle.totalVnd).toBe(900_000 + 540_000 + 1_440_000 + 360_000 + 540_000);
    const again = await generateCycle(ctx, officer, { month: '2024-06', unitCode: '23293' });
    expect(again).toMatchObject({ id: cycle.id, existing: true });

    // The maker takes the submitted list back (theirs only, before approval), audited, and submits it again.
    await submitCycle(ctx, officer, cycle.id);
    await expect(withdrawCycle(ctx, approver, cycle.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(withdrawCycle(ctx, province, cycle.id)).rejects.toMatchObject({ code: 'NOT_SUBMITTER' });
    expect(await withdrawCycle(ctx, officer, cycle.id, ' Thiếu một người ')).toMatchObject({ status: 'DRAFT', submittedBy: null });
    await expect(withdrawCycle(ctx, officer, cycle.id)).rejects.toMatchObject({ code: 'CYCLE_STATUS' });
    const withdrawn = await queryRows<{ actor: string; before: unknown; after: { status: string; comment: string } }>(
      ctx.db.orm,
      sql`SELECT actor, before, after FROM audit_events WHERE action = 'payroll.withdrawn' AND entity_id = ${String(cycle.id)}`,
    );
    expect(withdrawn).toEqual([{ actor: 'canbo', before: { status: 'SUBMITTED' }, after: expect.objectContaining({ status: 'DRAFT', comment: 'withdrawn by the submitter: Thiếu một người' }) }]);
    await submitCycle(ctx, officer, cycle.id);
    await expect(approveCycle(ctx, officer, cycle.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const provinceSubmitter = await createTestUser(ctx, { username: 'tinh.approver', role: 'province', unitCode: '51' });
    await expect(fundCycle(ctx, province, cycle.id, { reference: 'KB-1', amountVnd: cycle.totalVnd })).rejects.toMatchObject({ code: 'CYCLE_STATUS' });
    await rejectCycle(ctx, approver, cycle.id, 'Kiểm tra lại');
    await submitCycle(ctx, province, cycle.id);
    await expect(approveCycle(ctx, province, cycle.id)).rejects.toMatchObject({ code: 'MAKER_CHECKER' });
    await approveCycle(ctx, provinceSubmitter, cycle.id);
    await expect(withdrawCycle(ctx, province, cycle.id)).rejects.toMatchObject({ code: 'CYCLE_STATUS' });
    // the refusal's amounts with thousand separators (issue 22 item 7); its details keep the numbers
    await expect(fundCycle(ctx, province, cycle.id, { reference: 'KB-1', amountVnd: cycle.totalVnd - 1 })).rejects.toMatchObject({
      code: 'FUNDING_MISMATCH',
      text: { vi: expect.stringMatching(/^Số tiền chuyển \d{1,3}(\.\d{3})+ ₫ khác tổng danh sách \d{1,3}(\.\d{3})+ ₫$/) },
      details: { totalVnd: cycle.totalVnd, amountVnd: cycle.totalVnd - 1 },
    });
    const funded = await fundCycle(ctx, province, cycle.id, { reference: 'KBNN-2024-06-0001', amountVnd: cycle.totalVnd });
    expect(funded).toMatchObject({ status: 'FUNDED', fundedAmountVnd: cycle.totalVnd });
  });

  it('the database refuses what the service would never do', async () => {
    const [cycle] = await queryRows<{ id: number }>(ctx.db.orm, sql`SELECT id::int AS id FROM payroll_cycles WHERE month = '2024-06'`);
    // A frozen line cannot change, a second line for the same month cannot exist, skipping states fails.
    await expect(ctx.db.orm.execute(sql`UPDATE payroll_lines SET amount_vnd = amount_vnd + 1 WHERE cycle_id = ${cycle!.id}`)).rejects.toThrow();
    await expect(
      ctx.db.orm.execute(sql`INSERT INTO payroll_lines (cycle_id, person_id, programme, category, component, entitlement, for_month, amount_vnd, personal_id, full_name, province_code, commune_code, channel, provider_code)
        SELECT cycle_id, person_id, programme, category, 'ARREARS', 'REGULAR', for_month, amount_vnd, personal_id, full_name, province_code, commune_code, channel, provider_code
        FROM payroll_lines WHERE cycle_id = ${cycle!.id} LIMIT 1`),
    ).rejects.toMatchObject({ cause: expect.objectContaining({ message: expect.stringMatching(/payroll_lines_once/) }) });
    // Nor can the month be paid again as "another" entitlement: the check ties it to the component.
    await expect(
      ctx.db.orm.execute(sql`INSERT INTO payroll_lines (cycle_id, person_id, programme, category, component, entitlement, for_month, amount_vnd, personal_id, full_name, province_code, commune_code, channel, provider_code)
        SELECT cycle_id, person_id, programme, category, 'ARREARS', 'ARREARS', for_month, amount_vnd, personal_id, full_name, province_code, commune_code, channel, provider_code
        FROM payroll_lines WHERE cycle_id = ${cycle!.id} LIMIT 1`),
    ).rejects.toMatchObject({ cause: expect.objectContaining({ message: expect.stringMatching(/payroll_lines_entitlement_check/) }) });
    await expect(ctx.db.orm.execute(sql`UPDATE payroll_cycles SET status = 'CLOSED' WHERE id = ${cycle!.id}`)).rejects.toThrow();
    await expect(ctx.db.orm.execute(sql`UPDATE payroll_cycles SET funded_amount_vnd = funded_amount_vnd + 1 WHERE id = ${cycle!.id}`)).rejects.toThrow();
  });

  it('July 2024: the new base level, a child turning 4, a person turning 80, a late decision with arrears, a death in June', async () => {
    ctx.setNow('2024-06-20T03:00:00Z');
    await changeEnrolmentStatus(ctx, officer, { personalId: dying.so_dinh_danh!, action: 'terminate', reason: 'CHET', eventDate: '15/06/2024' });
    ctx.setNow('2024-07-05T03:00:00Z');
    const late = await importApproved(ctx, officer, { path: writeTemplateCsv(join(dir, 'late.csv'), [lateDecision]), dryRun: false });
    expect(late.errors).toEqual([]);
    const cycle = await generateCycle(ctx, officer, { month: '2024-07', unitCode: '23293' });
    const lines = (await payrollLines(ctx, officer, cycle.id, { limit: 1000 })) as Line[];
    expect(amounts(lines)).toEqual({
      [`${child.so_dinh_danh}/MONTHLY/2024-07`]: 750_000,
      [`${turning80.so_dinh_danh}/MONTHLY/2024-07`]: 1_000_000,
      [`${parentK4.so_dinh_danh}/MONTHLY/2024-07`]: 2_000_000,
      [`${adult.so_dinh_danh}/MONTHLY/2024-07`]: 750_000,
      [`${lateDecision.so_dinh_danh}/MONTHLY/2024-07`]: 750_000,
      [`${lateDecision.so_dinh_danh}/ARREARS/2024-04`]: 540_000,
      [`${lateDecision.so_dinh_danh}/ARREARS/2024-05`]: 540_000,
      [`${lateDecision.so_dinh_danh}/ARREARS/2024-06`]: 540_000,
      [`${dying.so_dinh_danh}/FUNERAL/2024-06`]: 7_200_000,
    });
    expect(cycle.totalVnd).toBe(750_000 + 1_000_000 + 2_000_000 + 750_000 + 750_000 + 3 * 540_000 + 7_200_000);
    // The single poor parent's line is one social-assistance line for the month: K4 ×2 plus K6 extremely severe.
    expect(lines.find((line) => line.personalId === parentK4.so_dinh_danh)?.category).toBe('BTXH_K4');
    // Each line says how it was priced: base level × coefficient, with the parts only when categories combine.
    expect(lines.find((line) => line.personalId === adult.so_dinh_danh)?.breakdown).toEqual({ baseLevelVnd: 500_000, coefficientX10: 15 });
    const parent = lines.find((line) => line.personalId === parentK4.so_dinh_danh)?.breakdown;
    expect(parent).toMatchObject({ baseLevelVnd: 500_000, coefficientX10: 40 });
    expect(parent?.parts?.map((part) => part.category).sort()).toEqual(['BTXH_K4', 'BTXH_K6_DBN']);
  });

  it('the database refuses a regular line for a month nobody may be paid, in a statement of one line or of ten thousand', async () => {
    const [cycle] = await queryRows<{ id: number }>(ctx.db.orm, sql`SELECT id::int AS id FROM payroll_cycles WHERE month = '2024-07' AND status = 'DRAFT'`);
    // The person who died in June: her enrolment ended from July.
    const linesFor = (month: string, enrolment: SQL, copies: number, personalId = dying.so_dinh_danh!) => sql`
      SELECT ${cycle!.id}, p.id, ${enrolment}, 'TGXH', 'BTXH_K5C', 'MONTHLY', 'REGULAR', ${month}, 'test-' || g, 500000, p.personal_id, p.full_name, p.province_code, p.commune_code, 'TIEN_MAT', 'VNPOST'
      FROM persons p JOIN enrolments e ON e.person_id = p.id CROSS JOIN generate_series(1, ${copies}::int) g WHERE p.personal_id = ${personalId}`;
    const insert = (select: SQL) => ctx.db.orm.execute(sql`
      INSERT INTO payroll_lines (cycle_id, person_id, enrolment_id, programme, category, component, entitlement, for_month, line_key, amount_vnd, personal_id, full_name, province_code, commune_code, channel, provider_code)
      ${select}`);
    // Drizzle wraps the database's error; its cause carries PostgreSQL's message.
    const notPayable = (error: { cause?: { message?: string } }) => /is not payable/.test(error.cause?.message ?? '');
    await expect(insert(linesFor('2024-07', sql`e.id`, 1))).rejects.toSatisfy(notPayable);
    await expect(insert(linesFor('2024-07', sql`NULL::bigint`, 1))).rejects.toSatisfy(notPayable);
    await expect(insert(linesFor('2024-07', sql`e.id`, 10_001))).rejects.toSatisfy(notPayable);
    // Still a month that may be paid: the same person in May (rolled back).
    await ctx.db.orm.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO payroll_lines (cycle_id, person_id, enrolment_id, programme, category, component, entitlement, for_month, line_key, amount_vnd, personal_id, full_name, province_code, commune_code, channel, provider_code)
        ${linesFor('2024-05', sql`e.id`, 10_001)}`);
      // the check left the planner's settings as they were
      const [setting] = await queryRows<{ value: string }>(tx, sql`SELECT current_setting('enable_nestloop') AS value`);
      expect(setting!.value).toBe('on');
      tx.rollback();
    }).catch((error: unknown) => {
      if (!String(error).includes('Rollback')) throw error;
    });
    // A suspended month is refused too, whichever way the statement is planned (rolled back).
    await ctx.db.orm.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO enrolment_suspensions (enrolment_id, from_month, to_month, reason)
        SELECT e.id, '2024-06', '2024-07', 'KHONG_NHAN_3_THANG' FROM enrolments e JOIN persons p ON p.id = e.person_id WHERE p.personal_id = ${adult.so_dinh_danh!}`);
      const insertInto = (select: SQL) => tx.transaction((savepoint) => savepoint.execute(sql`
        INSERT INTO payroll_lines (cycle_id, person_id, enrolment_id, programme, category, component, entitlement, for_month, line_key, amount_vnd, personal_id, full_name, province_code, commune_code, channel, provider_code)
        ${select}`));
      await expect(insertInto(linesFor('2024-07', sql`e.id`, 1, adult.so_dinh_danh!))).rejects.toSatisfy(notPayable);
      await expect(insertInto(linesFor('2024-06', sql`e.id`, 10_001, adult.so_dinh_danh!))).rejects.toSatisfy(notPayable);
      await expect(insertInto(linesFor('2024-07', sql`NULL::bigint`, 1, adult.so_dinh_danh!))).rejects.toSatisfy(notPayable);
      // the month after the suspension may be paid
      await insertInto(linesFor('2024-08', sql`e.id`, 10_001, adult.so_dinh_danh!));
      tx.rollback();
    }).catch((error: unknown) => {
      if (!String(error).includes('Rollback')) throw error;
    });
  });

  it('a province-wide cycle for July pays nobody twice', async () => {
    const provinceCycle = await generateCycle(ctx, province, { month: '2024-07', unitCode: '51' });
    expect(provinceCycle.lineCount).toBe(0);
    // every July month it looked at is on the commune's cycle already, and is reported as such
    const [paid] = await queryRows<{ count: number }>(ctx.db.orm, sql`SELECT count(*)::int AS count FROM payroll_lines WHERE component = 'MONTHLY' AND for_month = '2024-07'`);
    expect(paid!.count).toBeGreaterThan(0);
    expect(provinceCycle.generated?.alreadyPaid).toBe(paid!.count);
  });
  it('month after month each cycle pays only its own month, and a suspension resumed with arrears pays the gap', async () => {
    const adultId = adult.so_dinh_danh!;
    ctx.setNow('2024-07-20T03:00:00Z');
    await changeEnrolmentStatus(ctx, officer, { personalId: adultId, action: 'suspend', reason: 'KHONG_NHAN_3_THANG', eventDate: '10/07/2024' });
    const linesOf = async (month: string) => {
      const cycle = await generateCycle(ctx, officer, { month, unitCode: '23293' });
      return (await payrollLines(ctx, officer, cycle.id)) as unknown as Line[];
    };
    ctx.setNow('2024-08-10T03:00:00Z');
    const august = await linesOf('2024-08');
    expect(august.every((line) => line.component === 'MONTHLY' && line.forMonth === '2024-08')).toBe(true);
    expect(august.some((line) => line.personalId === adultId)).toBe(false);
    ctx.setNow('2024-09-10T03:00:00Z');
    const september = await linesOf('2024-09');
    expect(september.every((line) => line.component === 'MONTHLY' && line.forMonth === '2024-09')).toBe(true);
    expect(september.length).toBe(august.length);
    ctx.setNow('2024-10-05T03:00:00Z');
    await changeEnrolmentStatus(ctx, officer, { personalId: adultId, action: 'resume', eventDate: '05/10/2024', arrearsDue: true });
    const october = await linesOf('2024-10');
    const adultLines = october.filter((line) => line.personalId === adultId).map((line) => `${line.component} ${line.forMonth} ${line.amount}`).sort();
    // K6 severe disability, adult: 1.5 × 500,000 for each month, the suspended ones as arrears
    expect(adultLines).toEqual(['ARREARS 2024-08 750000', 'ARREARS 2024-09 750000', 'MONTHLY 2024-10 750000']);
    const others = october.filter((line) => line.personalId !== adultId);
    expect(others.every((line) => line.component === 'MONTHLY' && line.forMonth === '2024-10')).toBe(true);
    expect(others.length).toBe(september.length);
  });
  it('a recovery is netted against the following months, never beyond what they pay; a one-off is paid once', async () => {
    const adultId = adult.so_dinh_danh!;
    await addRecovery(ctx, officer, { personalId: adultId, programme: 'TGXH', amountVnd: '1.000.000', reason: 'Truy thu do hưởng sai', decisionRef: '12/QĐ-UBND' });
    await addOneOffPayment(ctx, officer, { personalId: adultId, programme: 'TGXH', forMonth: '2024-12', amountVnd: 300000, reason: 'Quà Tết', key: 'TET_2025' });
    const adultLines = async (month: string) => {
      ctx.setNow(`${month}-05T03:00:00Z`);
      const cycle = await generateCycle(ctx, officer, { month, unitCode: '23293' });
      const lines = (await payrollLines(ctx, officer, cycle.id)) as unknown as Line[];
      return lines.filter((line) => line.personalId === adultId).map((line) => `${line.component} ${line.forMonth} ${line.amount}`).sort();
    };
    expect(await adultLines('2024-11')).toEqual(['MONTHLY 2024-11 750000', 'RECOVERY 2024-11 -750000']);
    expect(await adultLines('2024-12')).toEqual(['MONTHLY 2024-12 750000', 'ONE_OFF 2024-12 300000', 'RECOVERY 2024-12 -250000']);
    expect(await adultLines('2025-01')).toEqual(['MONTHLY 2025-01 750000']);
  });
});
