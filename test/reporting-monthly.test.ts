import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/app/commands.js';
import { averageVnd, parseVnd, vndFromDb, vndInWords, vndToNumber } from '../src/core/money.js';
import { queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { setTarget } from '../src/modules/accounts/campaign.service.js';
import { exportBatchFile } from '../src/modules/disbursement/files.service.js';
import { reconcileFile } from '../src/modules/disbursement/reconcile.service.js';
import { cycleFees, setFeeSchedule } from '../src/modules/fees/fees.service.js';
import { monthlyReport, periodReport, trendsReport, type MonthlyRow } from '../src/modules/reporting/monthly.service.js';
import { generateCycle } from '../src/modules/payroll/payroll.service.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { bankCode, createFundedCycle, fixturePeople, type FundedCycle } from './helpers/disbursement-fixture.js';
import { tempDir } from './helpers/files.js';
import { pdfText } from './helpers/pdf-text.js';

/**
 * The monthly results report (issue 21, requirement 1): a commune's July, with three bank payments
 * made, one refused, one returned after success and the rest not yet paid; every line counted in
 * exactly one state so the amounts reconcile to the đồng, people counted once, failures and returns
 * by reason, the cashless share over the people paid, the fees of the payments, and the same figures
 * rolled up in the province's report, inside each reader's scope.
 */
describe('the monthly results report', () => {
  let ctx: TestContext;
  let fixture: FundedCycle;
  let province: Actor;
  let otherOfficer: Actor;
  const dir = tempDir();
  let bankItems: { e2e: string; amountVnd: number }[];

  const reconciles = (row: MonthlyRow) =>
    expect(row.paid.amountVnd + row.failed.amountVnd + row.returned.amountVnd + row.outstanding.amountVnd, `${row.unit}`).toBe(row.dueVnd);

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx, { failurePolicy: 'CARRY_OVER' });
    province = await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    otherOfficer = await createTestUser(ctx, { username: 'canbo.dakha', role: 'officer', unitCode: '23500' });
    await setFeeSchedule(ctx, fixture.admin, { providerCode: bankCode, channel: 'TK_NGAN_HANG', validFrom: '2024-01-01', pct: '0.05', minVnd: 2_000, vatPct: '10' });
    const output = createWriteStream(join(dir, 'bank.csv'));
    await exportBatchFile(ctx, fixture.officer, { cycleId: fixture.cycleId, providerCode: bankCode, format: 'csv', output, handOver: true });
    if (!output.writableFinished) await once(output, 'finish');
    bankItems = (
      await queryRows<{ e2e: string; amountVnd: string }>(
        ctx.db.orm,
        sql`SELECT end_to_end_id AS e2e, amount_vnd::text AS "amountVnd" FROM disbursement_items WHERE cycle_id = ${fixture.cycleId} AND provider_code = ${bankCode} ORDER BY id`,
      )
    ).map((item) => ({ e2e: item.e2e, amountVnd: vndToNumber(vndFromDb(item.amountVnd)) }));
    expect(bankItems).toHaveLength(5);
    const [returned, refused, ...paid] = bankItems;
    const path = join(dir, 'results.csv');
    writeFileSync(
      path,
      [
        'MaThamChieu,TrangThai,MaLyDo,NgayChi',
        `${returned!.e2e},ACSC,,2024-07-08`,
        `${returned!.e2e},RETURNED,AC04,`,
        `${refused!.e2e},RJCT,AC01,`,
        // paid 3, 3 and 7 days after the Treasury's funding on 5 July
        ...paid.map((item, index) => `${item.e2e},ACSC,,${index === 2 ? '2024-07-12' : '2024-07-08'}`),
      ].join('\n') + '\n',
    );
    const report = await reconcileFile(ctx, fixture.officer, { cycleId: fixture.cycleId, path, providerCode: bankCode });
    expect(report).toMatchObject({ applied: 5, paid: 3, returned: 1 });
  });
  afterAll(async () => ctx.close());

  it('counts each line once by its latest payment, people once per row, and reconciles to the đồng', async () => {
    const report = await monthlyReport(ctx, fixture.officer, { month: '2024-07' });
    expect(report).toMatchObject({ month: '2024-07', unit: '23293', programme: null });
    expect(report.rows.map((row) => row.unit)).toEqual(['23293']);
    const total = report.total;
    expect(total).toEqual({ ...report.rows[0], unit: '23293', name: report.name });
    const [returned, refused, ...paid] = bankItems;
    const paidVnd = paid.reduce((sum, item) => sum + item.amountVnd, 0);
    const cycleTotal = await queryRows<{ total: string }>(ctx.db.orm, sql`SELECT total_vnd::text AS total FROM payroll_cycles WHERE id = ${fixture.cycleId}`);
    expect(total.people).toBe(fixturePeople.length);
    expect(total.dueVnd).toBe(vndToNumber(vndFromDb(cycleTotal[0]!.total)));
    expect(total.paid).toEqual({ people: 3, amountVnd: paidVnd, byChannel: { TK_NGAN_HANG: { people: 3, amountVnd: paidVnd } }, byProvider: { [bankCode]: { people: 3, amountVnd: paidVnd } } });
    expect(total.failed).toEqual({ people: 1, amountVnd: refused!.amountVnd, byReason: { AC01: 1 } });
    expect(total.returned).toEqual({ people: 1, amountVnd: returned!.amountVnd, byReason: { AC04: 1 } });
    // under the province's CARRY_OVER policy both are owed again next month
    expect(total.carriedOver).toEqual({ people: 2, amountVnd: refused!.amountVnd + returned!.amountVnd });
    expect(total.outstanding.people).toBe(fixturePeople.length - 5);
    reconciles(total);
    expect(total.cashlessShare).toBe(1);
    expect(total.cashlessPeople).toBe(3);
    expect(total.daysToPayment).toEqual({ median: 3, p90: 7 });
  });

  it('counts the fees of the month’s payments as the fee module prices them', async () => {
    const report = await monthlyReport(ctx, fixture.officer, { month: '2024-07' });
    const fees = await cycleFees(ctx, fixture.officer, fixture.cycleId);
    expect(fees.totalVnd).toBeGreaterThan(0);
    expect(report.total.feesVnd).toBe(fees.totalVnd);
  });

  it('prices each payment by the row in force as the fee module does: the province’s own before the national one, none not yet in force', async () => {
    const before = await monthlyReport(ctx, province, { month: '2024-07' });
    // the province's own row for the bank (in force from June), a national one from August (not yet for July)
    await setFeeSchedule(ctx, fixture.admin, { providerCode: bankCode, channel: 'TK_NGAN_HANG', provinceCode: '51', validFrom: '2024-06-01', pct: '0.2', minVnd: 1_000, vatPct: '8' });
    await setFeeSchedule(ctx, fixture.admin, { providerCode: bankCode, channel: 'TK_NGAN_HANG', validFrom: '2024-08-01', pct: '3', vatPct: '10' });
    const report = await monthlyReport(ctx, province, { month: '2024-07' });
    const fees = await cycleFees(ctx, fixture.officer, fixture.cycleId);
    expect(report.total.feesVnd).toBe(fees.totalVnd);
    expect(report.total.feesVnd).not.toBe(before.total.feesVnd);
    expect(report.total.feesByChannel.TK_NGAN_HANG!.feeVnd).toBe(fees.totalVnd);
  });

  it('rolls the communes up in the province’s report, and filters by programme', async () => {
    const commune = await monthlyReport(ctx, fixture.officer, { month: '2024-07' });
    const provincial = await monthlyReport(ctx, province, { month: '2024-07' });
    expect(provincial.unit).toBe('51');
    expect(provincial.rows).toHaveLength(1);
    expect(provincial.rows[0]).toEqual(commune.rows[0]);
    expect({ ...provincial.total, unit: null, name: null }).toEqual({ ...commune.total, unit: null, name: null });
    const national = await monthlyReport(ctx, fixture.admin, { month: '2024-07', unit: 'VN' });
    expect(national.rows.map((row) => row.unit)).toEqual(['51']);
    expect(national.rows[0]!.dueVnd).toBe(commune.total.dueVnd);
    reconciles(national.total);

    const tgxh = await monthlyReport(ctx, province, { month: '2024-07', programme: 'TGXH' });
    expect(tgxh.total.dueVnd).toBe(commune.total.dueVnd);
    const ncc = await monthlyReport(ctx, province, { month: '2024-07', programme: 'NCC' });
    expect(ncc.rows).toEqual([]);
    expect(ncc.total).toMatchObject({ people: 0, dueVnd: 0, feesVnd: 0, cashlessShare: null });
    expect((await monthlyReport(ctx, province, { month: '2024-08' })).total.people).toBe(0);
  });

  it('sets each row against its target in force: its own, else its province’s, the nearest not yet past', async () => {
    expect((await monthlyReport(ctx, province, { month: '2024-07' })).rows[0]!.target).toBeNull();
    await setTarget(ctx, province, { unitCode: '51', period: '2024-12', targetPct: 80 });
    let report = await monthlyReport(ctx, province, { month: '2024-07' });
    expect(report.rows[0]!.target).toEqual({ pct: 80, people: null, period: '2024-12', met: true });
    expect(report.total.target).toEqual({ pct: 80, people: null, period: '2024-12', met: true });
    await setTarget(ctx, province, { unitCode: '23293', period: '2024-06', targetPct: 100 });
    await setTarget(ctx, province, { unitCode: '23293', period: '2024-09', targetPct: 99.5 });
    report = await monthlyReport(ctx, province, { month: '2024-07' });
    // the commune's own, due in September (June's is past); 3 of 3 people paid into accounts
    expect(report.rows[0]!.target).toEqual({ pct: 99.5, people: null, period: '2024-09', met: true });
    expect(report.total.target).toEqual({ pct: 80, people: null, period: '2024-12', met: true });
    // a target in people, counted against the people paid into an account (3 here)
    await setTarget(ctx, province, { unitCode: '23293', period: '2024-08', targetPeople: 3 });
    expect((await monthlyReport(ctx, province, { month: '2024-07' })).rows[0]!.target).toEqual({ pct: null, people: 3, period: '2024-08', met: true });
    await setTarget(ctx, province, { unitCode: '23293', period: '2024-08', targetPeople: 4 });
    expect((await monthlyReport(ctx, province, { month: '2024-07' })).rows[0]!.target).toEqual({ pct: null, people: 4, period: '2024-08', met: false });
    await expect(setTarget(ctx, province, { unitCode: '23293', period: '2024-08', targetPeople: 4, targetPct: 50 })).rejects.toMatchObject({ code: 'TARGET_INVALID' });
    await expect(setTarget(ctx, province, { unitCode: '23293', period: '2024-08', targetPeople: 0 })).rejects.toMatchObject({ code: 'TARGET_INVALID' });
  });

  it('publishes with small cells suppressed: counts of 1–4 people as "< 5", their amounts withheld, no person named', async () => {
    const report = await monthlyReport(ctx, province, { month: '2024-07' });
    const cli = (await runCommand(ctx, { name: 'report.monthly', args: { month: '2024-07', publish: true }, as: 'tinh', operator: 'test', requestId: 'publish' })) as Record<string, unknown>;
    expect(cli).toMatchObject({ published: true, month: '2024-07', unit: '51' });
    const total = (cli as { total: Record<string, unknown> }).total;
    expect(total).toMatchObject({
      people: report.total.people, // 11: shown
      dueVnd: report.total.dueVnd,
      paid: { people: '< 5', amountVnd: null, byChannel: { TK_NGAN_HANG: { people: '< 5', amountVnd: null } } },
      failed: { people: '< 5', amountVnd: null, byReason: { AC01: '< 5' } },
      returned: { people: '< 5', amountVnd: null, byReason: { AC04: '< 5' } },
      outstanding: { people: report.total.outstanding.people, amountVnd: report.total.outstanding.amountVnd },
      cashlessShare: null,
      feesVnd: null,
      daysToPayment: { median: null, p90: null },
    });
    expect(JSON.stringify(cli)).not.toMatch(/Nguyễn|Trần|Lê Văn/);
    const app = await createTestApp(ctx);
    try {
      const response = await app.inject({ method: 'GET', url: '/api/v1/reports/monthly/published?month=2024-07', headers: { cookie: await loginCookie(app, 'tinh') } });
      expect(response.statusCode, response.body).toBe(200);
      expect(json(response)).toEqual(cli);
      // the forms in their published form: "< 5" for the small counts, "—" for the withheld amounts, no amount in words
      const xlsx = await app.inject({ method: 'GET', url: '/api/v1/reports/monthly/published.xlsx?month=2024-07', headers: { cookie: await loginCookie(app, 'tinh') } });
      expect(xlsx.statusCode, xlsx.body).toBe(200);
      expect(xlsx.headers['content-disposition']).toContain('bao-cao-ket-qua-chi-tra-cong-bo-2024-07-51.xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const rows: unknown[][] = [];
      workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(String(rows[2]![0])).toMatch(/^Số liệu công bố/);
      const totalRow = rows.find((row) => row[1] === 'TỔNG CỘNG')!;
      expect(totalRow.slice(2, 6)).toEqual([report.total.people, report.total.dueVnd, '< 5', '—']);
      expect(rows.some((row) => String(row[0]).startsWith('Tổng số tiền đã chi bằng chữ'))).toBe(false);
      const pdf = await app.inject({ method: 'GET', url: '/api/v1/reports/monthly/published.pdf?month=2024-07', headers: { cookie: await loginCookie(app, 'tinh') } });
      expect(pdf.statusCode, pdf.body).toBe(200);
      expect(pdfText(pdf.rawPayload)).toContain('< 5');
      const out = join(dir, 'published.xlsx');
      expect(await runCommand(ctx, { name: 'report.monthly', args: { month: '2024-07', publish: true, format: 'xlsx', out }, as: 'tinh', operator: 'test', requestId: 'publish-xlsx' })).toEqual({ out, format: 'xlsx' });
    } finally {
      await app.close();
    }
  });

  it('follows the months: a row per payment month, the period counting each person once, the cost per payment by channel, and the period beside the year before', async () => {
    const july = await monthlyReport(ctx, province, { month: '2024-07' });
    // the July cost per bank payment: its fees over its payments that were not refused
    const bank = july.total.feesByChannel.TK_NGAN_HANG!;
    expect(bank.payments).toBe(4);
    expect(bank.feeVnd).toBe(july.total.feesVnd);
    expect(bank.perPaymentVnd).toBe(vndToNumber(averageVnd(parseVnd(bank.feeVnd), bank.payments)));
    await generateCycle(ctx, fixture.officer, { month: '2024-08', unitCode: '23293' });
    const trends = await trendsReport(ctx, province, { from: '2024-06', to: '2024-08' });
    expect(trends.months.map((row) => row.unit)).toEqual(['2024-07', '2024-08']);
    const [julyRow, august] = trends.months;
    expect({ ...julyRow!, unit: null, name: null, target: null }).toEqual({ ...july.total, unit: null, name: null, target: null });
    // August: a draft list, nothing paid yet, the refused and returned July payments carried into it
    expect(august).toMatchObject({ paid: { people: 0 }, outstanding: { people: august!.people } });
    expect(august!.dueVnd).toBeGreaterThan(julyRow!.dueVnd);
    expect(trends.total.people).toBe(julyRow!.people);
    expect(trends.total.dueVnd).toBe(julyRow!.dueVnd + august!.dueVnd);

    const half = await periodReport(ctx, province, { year: 2024, period: 'H2' });
    expect(half.current).toMatchObject({ from: '2024-07', to: '2024-12' });
    expect(half.current.total.dueVnd).toBe(trends.total.dueVnd);
    expect(half.previous).toMatchObject({ from: '2023-07', to: '2023-12', months: [] });
    expect(half.previous.total.people).toBe(0);
    await expect(trendsReport(ctx, province, { from: '2024-08', to: '2024-07' })).rejects.toMatchObject({ code: 'PERIOD_INVALID' });
    await expect(trendsReport(ctx, province, { from: '2021-01', to: '2024-08' })).rejects.toMatchObject({ code: 'PERIOD_INVALID' });
  });

  it('keeps each reader in their area, with coded errors for what is not a month, unit or programme', async () => {
    await expect(monthlyReport(ctx, fixture.officer, { month: '2024-07', unit: '51' })).rejects.toMatchObject({ status: 404 });
    await expect(monthlyReport(ctx, otherOfficer, { month: '2024-07', unit: '23293' })).rejects.toMatchObject({ status: 404 });
    await expect(monthlyReport(ctx, province, { month: '2024-07', unit: 'VN' })).rejects.toMatchObject({ status: 403 });
    expect((await monthlyReport(ctx, otherOfficer, { month: '2024-07' })).total.people).toBe(0);
    await expect(monthlyReport(ctx, province, { month: '07/2024' })).rejects.toMatchObject({ code: 'MONTH_INVALID' });
    await expect(monthlyReport(ctx, province, { month: '2024-07', programme: 'XYZ' })).rejects.toMatchObject({ code: 'PROGRAMME_INVALID' });
    await expect(monthlyReport(ctx, province, { month: '2024-07', unit: '99999' })).rejects.toMatchObject({ code: 'UNIT_UNKNOWN' });
    await expect(monthlyReport(ctx, fixture.agent, { month: '2024-07' })).rejects.toMatchObject({ status: 403 });
  });

  it('answers asxh report monthly and GET /api/v1/reports/monthly with the same figures', async () => {
    const direct = await monthlyReport(ctx, province, { month: '2024-07', unit: '51' });
    const cli = await runCommand(ctx, { name: 'report.monthly', args: { month: '2024-07', unit: '51' }, as: 'tinh', operator: 'test', requestId: 'report-cli' });
    expect(cli).toEqual(direct);
    const app = await createTestApp(ctx);
    try {
      const response = await app.inject({ method: 'GET', url: '/api/v1/reports/monthly?month=2024-07&unit=51', headers: { cookie: await loginCookie(app, 'tinh') } });
      expect(response.statusCode, response.body).toBe(200);
      expect(json(response)).toEqual(direct);
    } finally {
      await app.close();
    }
  });

  it('writes the form to sign as XLSX and PDF: the unit, the period, the rows and total, the amount in words, three signature blocks', async () => {
    const report = await monthlyReport(ctx, province, { month: '2024-07' });
    const words = vndInWords(parseVnd(report.total.paid.amountVnd));
    const app = await createTestApp(ctx);
    try {
      const cookie = await loginCookie(app, 'tinh');
      const xlsx = await app.inject({ method: 'GET', url: '/api/v1/reports/monthly.xlsx?month=2024-07', headers: { cookie } });
      expect(xlsx.statusCode, xlsx.body).toBe(200);
      expect(xlsx.headers['content-disposition']).toContain('bao-cao-ket-qua-chi-tra-2024-07-51.xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const rows: unknown[][] = [];
      workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows[0]).toEqual(['BÁO CÁO KẾT QUẢ CHI TRẢ THÁNG 07/2024']);
      expect(String(rows[1]![0])).toBe(`${report.name} — tất cả chương trình`);
      const total = rows.find((row) => row[1] === 'TỔNG CỘNG')!;
      expect(total.slice(2, 6)).toEqual([report.total.people, report.total.dueVnd, report.total.paid.people, report.total.paid.amountVnd]);
      expect(rows.some((row) => row[0] === `Tổng số tiền đã chi bằng chữ: ${words}`)).toBe(true);
      expect(rows.flat()).toEqual(expect.arrayContaining(['Người lập biểu', 'Kế toán', 'Thủ trưởng đơn vị']));

      const pdf = await app.inject({ method: 'GET', url: '/api/v1/reports/monthly.pdf?month=2024-07&programme=TGXH', headers: { cookie } });
      expect(pdf.statusCode, pdf.body).toBe(200);
      const text = pdfText(pdf.rawPayload);
      expect(text).toContain('BÁO CÁO KẾT QUẢ CHI TRẢ THÁNG 07/2024');
      expect(text).toContain('Trợ giúp xã hội');
      expect(text).toContain(report.rows[0]!.name!);
      expect(text.replace(/\s+/g, ' ')).toContain(words);
      for (const title of ['Người lập biểu', 'Kế toán', 'Thủ trưởng đơn vị']) expect(text).toContain(title);
      // another area's form is refused like its figures
      const refused = await app.inject({ method: 'GET', url: '/api/v1/reports/monthly.pdf?month=2024-07&unit=23293', headers: { cookie: await loginCookie(app, 'canbo.dakha') } });
      expect(refused.statusCode).toBe(404);
    } finally {
      await app.close();
    }
    const out = join(dir, 'report.pdf');
    expect(await runCommand(ctx, { name: 'report.monthly', args: { month: '2024-07', format: 'pdf', out }, as: 'tinh', operator: 'test', requestId: 'report-pdf' })).toEqual({ out, format: 'pdf' });
    expect(pdfText(readFileSync(out))).toContain('BÁO CÁO KẾT QUẢ CHI TRẢ THÁNG 07/2024');
    await expect(runCommand(ctx, { name: 'report.monthly', args: { month: '2024-07', format: 'xlsx' }, as: 'tinh', operator: 'test', requestId: 'report-no-out' })).rejects.toMatchObject({ code: 'OUTPUT_MISSING' });
  });
});
