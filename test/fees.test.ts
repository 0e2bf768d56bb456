import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, runCommand } from '../src/app/commands.js';
import { averageVnd, parseVnd, sumVnd, vnd, vndFromDb, vndToNumber, zeroVnd, type AmountVnd } from '../src/core/money.js';
import { queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { createBatches } from '../src/modules/disbursement/batches.service.js';
import { paymentFee, parsePercent, percentOf, type FeeTerms } from '../src/modules/fees/fee.js';
import { feeOfValues, paymentFeeRows } from '../src/modules/fees/fees.repository.js';
import { cycleFees, listFeeSchedules, setFeeSchedule } from '../src/modules/fees/fees.service.js';
import { approveCycle, cycleSummary, exportCycle, fundCycle, generateCycle, submitCycle } from '../src/modules/payroll/payroll.service.js';
import type { TemplateRow } from '../src/modules/registry/validation/import-row.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { importApproved } from './helpers/imports.js';
import { idFor, personRow } from './helpers/people.js';

/**
 * Payment service fees (issue 20, requirement 4): exact fees per payment (percentage, fixed part,
 * minimum and maximum, VAT, each rounded half up to the đồng), the SQL and the TypeScript reference
 * agreeing on random amounts and schedules, the schedule in force on the first day of the cycle's
 * month (a province's own before the national one), per payment, batch, provider and cycle totals
 * that reconcile to the đồng, before and after the batches, and each user's part of a province cycle.
 */
const terms = (t: Partial<FeeTerms>): FeeTerms => ({ ratePpm: 0, fixedVnd: zeroVnd, minVnd: zeroVnd, maxVnd: null, vatPpm: 0, ...t });

describe('the fee of one payment (fee.ts)', () => {
  it('takes the percentage rounded half up, adds the fixed part, holds it between the minimum and the maximum, then adds VAT rounded half up', () => {
    // 0.5 % of 1 234 567 = 6 172.835 → 6 173; VAT 10 % = 617.3 → 617
    expect(paymentFee(vnd(1_234_567n), terms({ ratePpm: 5_000, vatPpm: 100_000 }))).toEqual({ serviceVnd: 6_173n, vatVnd: 617n, feeVnd: 6_790n });
    // 0.05 % of 1 001 000 = 500.5 → 501 (half up); of 1 000 999 = 500.4995 → 500
    expect(paymentFee(vnd(1_001_000n), terms({ ratePpm: 500 })).feeVnd).toBe(501n);
    expect(paymentFee(vnd(1_000_999n), terms({ ratePpm: 500 })).feeVnd).toBe(500n);
    // the minimum: 0.05 % of 750 000 = 375 + 1 000 fixed = 1 375 → 3 300; VAT 10 % → 330
    expect(paymentFee(vnd(750_000n), terms({ ratePpm: 500, fixedVnd: vnd(1_000n), minVnd: vnd(3_300n), maxVnd: vnd(50_000n), vatPpm: 100_000 }))).toEqual({
      serviceVnd: 3_300n, vatVnd: 330n, feeVnd: 3_630n,
    });
    // the maximum: 1 % of 100 000 000 = 1 000 000 → 50 000; VAT 8 % → 4 000
    expect(paymentFee(vnd(100_000_000n), terms({ ratePpm: 10_000, maxVnd: vnd(50_000n), vatPpm: 80_000 })).feeVnd).toBe(54_000n);
    // VAT on an odd fee: 1 005 × 10 % = 100.5 → 101; 1 004 × 8 % = 80.32 → 80
    expect(paymentFee(vnd(1n), terms({ fixedVnd: vnd(1_005n), vatPpm: 100_000 })).vatVnd).toBe(101n);
    expect(paymentFee(vnd(1n), terms({ fixedVnd: vnd(1_004n), vatPpm: 80_000 })).vatVnd).toBe(80n);
    // a fixed fee alone, and no schedule terms at all
    expect(paymentFee(vnd(500_000n), terms({ fixedVnd: vnd(2_200n) })).feeVnd).toBe(2_200n);
    expect(paymentFee(vnd(500_000n), terms({})).feeVnd).toBe(0n);
  });

  it('reads percentages exactly, digit by digit, and refuses what is not one', () => {
    expect(parsePercent('0.05', 'pct')).toBe(500);
    expect(parsePercent('0,5', 'pct')).toBe(5_000);
    expect(parsePercent('10', 'pct')).toBe(100_000);
    expect(parsePercent('0.0001', 'pct')).toBe(1);
    expect(parsePercent('100', 'pct')).toBe(1_000_000);
    for (const bad of ['100.0001', '1.23456', '-1', '1e-3', '', 'abc', '0.1.2']) expect(() => parsePercent(bad, 'pct'), bad).toThrow(expect.objectContaining({ code: 'PERCENT_INVALID' }));
    expect([500, 5_000, 100_000, 1, 123_456].map(percentOf)).toEqual(['0.05', '0.5', '10', '0.0001', '12.3456']);
  });
});

describe('fees in the database', () => {
  let ctx: TestContext;
  let admin: Actor;
  let province: Actor;
  let officer: Actor;
  let dakhaOfficer: Actor;
  let agribankAgent: Actor;
  let approver: Actor;
  let cycleId: number;

  const bank = (serial: number, name: string, unit: string): Partial<TemplateRow> =>
    personRow({ ho_ten: name, ngay_sinh: '01/01/1970', gioi_tinh: 'Nam', so_dinh_danh: idFor('01/01/1970', 'Nam', serial), ma_doi_tuong: 'BTXH_K6_NANG', ma_don_vi: unit,
      hinh_thuc_nhan: 'TK_NGAN_HANG', ma_to_chuc: '970405', so_tai_khoan: `51002010000${serial}`, chu_tai_khoan: name, chi_tra_den_thang: '06/2024' });
  const wallet = (serial: number, name: string): Partial<TemplateRow> =>
    personRow({ ho_ten: name, ngay_sinh: '02/02/1965', gioi_tinh: 'Nữ', so_dinh_danh: idFor('02/02/1965', 'Nữ', serial), ma_doi_tuong: 'BTXH_K6_DBN',
      so_dien_thoai: `09612345${serial}`, hinh_thuc_nhan: 'MOBILE_MONEY', ma_to_chuc: '971005', so_tai_khoan: `09612345${serial}`, chu_tai_khoan: name, chi_tra_den_thang: '06/2024' });
  const cash = (serial: number, name: string, unit: string, atHome = false): Partial<TemplateRow> =>
    personRow({ ho_ten: name, ngay_sinh: '03/03/1940', gioi_tinh: 'Nữ', so_dinh_danh: idFor('03/03/1940', 'Nữ', serial), ma_doi_tuong: 'BTXH_K5C', ma_don_vi: unit,
      chi_tra_den_thang: '06/2024', ...(atHome ? { hinh_thuc_nhan: 'TAI_NHA' } : {}) });
  const people = [
    bank(11, 'Nguyễn Văn An', '23293'), bank(12, 'Trần Văn Bình', '23293'), bank(13, 'Lê Văn Cường', '23293'),
    wallet(21, 'Phạm Thị Dung'), wallet(22, 'Vũ Thị Hoa'),
    cash(31, 'Võ Thị Em', '23293'), cash(32, 'Bùi Thị Mai', '23293', true),
    bank(41, 'Lò Văn Hùng', '23500'), bank(42, 'Đinh Văn Khoa', '23500'), cash(43, 'Đỗ Thị Nga', '23500', true),
  ];

  /** The schedules this test sets, as the terms each (province, provider, channel) is priced by for July 2024. */
  const julyTerms: Record<string, FeeTerms> = {
    '970405/TK_NGAN_HANG': terms({ ratePpm: 500, fixedVnd: vnd(1_000n), minVnd: vnd(3_300n), maxVnd: vnd(50_000n), vatPpm: 100_000 }),
    '971005/MOBILE_MONEY': terms({ ratePpm: 3_000, vatPpm: 80_000 }),
    'VNPOST/TIEN_MAT': terms({ ratePpm: 6_000, minVnd: vnd(5_000n), vatPpm: 100_000 }),
    // the province's own row wins over the national one
    'VNPOST/TAI_NHA': terms({ ratePpm: 10_000, fixedVnd: vnd(10_000n), vatPpm: 100_000 }),
  };

  interface Item { id: number; batchId: number; providerCode: string; channel: string; communeCode: string; amountVnd: AmountVnd }
  const items = async (): Promise<Item[]> =>
    (
      await queryRows<Omit<Item, 'amountVnd'> & { amountVnd: string }>(
        ctx.db.orm,
        sql`SELECT id::int AS id, batch_id::int AS "batchId", provider_code AS "providerCode", channel, commune_code AS "communeCode", amount_vnd::text AS "amountVnd"
            FROM disbursement_items WHERE cycle_id = ${cycleId} AND outcome <> 'FAILED' ORDER BY id`,
      )
    ).map((row) => ({ ...row, amountVnd: vndFromDb(row.amountVnd) }));
  const expectedFee = (item: Item, priced: Record<string, FeeTerms> = julyTerms) => paymentFee(item.amountVnd, priced[`${item.providerCode}/${item.channel}`]!).feeVnd;
  const feeSum = (list: Item[], priced?: Record<string, FeeTerms>) => vndToNumber(sumVnd(list.map((item) => expectedFee(item, priced))));

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    admin = await createTestUser(ctx, { username: 'quantri', role: 'admin' });
    province = await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    dakhaOfficer = await createTestUser(ctx, { username: 'canbo.dakha', role: 'officer', unitCode: '23500' });
    approver = await createTestUser(ctx, { username: 'duyet', role: 'approver', unitCode: '51' });
    agribankAgent = await createTestUser(ctx, { username: 'agribank', role: 'provider', unitCode: '51', providerCode: '970405' });
    const report = await importApproved(ctx, province, { path: writeTemplateCsv(join(tempDir(), 'people.csv'), people), dryRun: false });
    expect(report.errors).toEqual([]);
    const cycle = await generateCycle(ctx, province, { month: '2024-07', unitCode: '51' });
    cycleId = cycle.id;
    await submitCycle(ctx, province, cycleId);
  });
  afterAll(async () => ctx.close());

  it('without a schedule, every payment is unpriced and the fee is 0; the payments are the lines grouped as they will be paid', async () => {
    const fees = await cycleFees(ctx, province, cycleId);
    expect(fees).toMatchObject({ cycleId, basis: 'lines', feeDate: '2024-07-01', payments: people.length, unpricedPayments: people.length, totalVnd: 0, byBatch: [] });
    expect(Object.keys(fees.byProvider).sort()).toEqual(['970405', '971005', 'VNPOST']);
  });

  it('sets schedules with the permission settings.manage, audited once, idempotent, a same-day change refused unless replaced', async () => {
    const set = (actor: Actor, input: Parameters<typeof setFeeSchedule>[2]) => setFeeSchedule(ctx, actor, input);
    await expect(set(officer, { providerCode: '970405', channel: 'TK_NGAN_HANG', validFrom: '2024-01-01', pct: '0.05' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(set(approver, { providerCode: '970405', channel: 'TK_NGAN_HANG', validFrom: '2024-01-01', pct: '0.05' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(set(province, { providerCode: '970405', channel: 'TK_NGAN_HANG', validFrom: '2024-01-01', provinceCode: '01' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(set(admin, { providerCode: '999999', channel: 'TK_NGAN_HANG', validFrom: '2024-01-01' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(set(admin, { providerCode: '970405', channel: 'SEC', validFrom: '2024-01-01' })).rejects.toMatchObject({ code: 'CHANNEL_INVALID' });
    await expect(set(admin, { providerCode: '970405', channel: 'TK_NGAN_HANG', validFrom: '2024-02-30' })).rejects.toMatchObject({ code: 'DATE_INVALID' });
    await expect(set(admin, { providerCode: '970405', channel: 'TK_NGAN_HANG', validFrom: '2024-01-01', minVnd: 5_000, maxVnd: 4_000 })).rejects.toMatchObject({ code: 'FEE_BOUNDS_INVALID' });
    await expect(set(admin, { providerCode: '970405', channel: 'TK_NGAN_HANG', validFrom: '2024-01-01', fixedVnd: '1.5' })).rejects.toMatchObject({ code: 'AMOUNT_INVALID' });

    const bankInput = { providerCode: '970405', channel: 'TK_NGAN_HANG', validFrom: '2024-01-01', pct: '0.05', fixedVnd: '1.000', minVnd: 3_300, maxVnd: '50000', vatPct: '10' };
    const first = await set(admin, bankInput);
    expect(first).toMatchObject({ changed: true, schedule: { provinceCode: null, pct: '0.05', ratePpm: 500, fixedVnd: 1_000, minVnd: 3_300, maxVnd: 50_000, vatPct: '10', vatPpm: 100_000, setBy: 'quantri' } });
    const auditCount = async () =>
      (await queryRows<{ n: number }>(ctx.db.orm, sql`SELECT count(*)::int AS n FROM audit_events WHERE action LIKE 'fees.%'`))[0]!.n;
    expect(await auditCount()).toBe(1);
    // the same again: nothing changes, nothing audited
    expect(await set(admin, { ...bankInput, fixedVnd: 1_000 })).toMatchObject({ changed: false, schedule: { id: first.schedule.id } });
    expect(await auditCount()).toBe(1);
    // other terms for the same day: refused, then replaced on request (audited with before and after)
    await expect(set(admin, { ...bankInput, pct: '0.06' })).rejects.toMatchObject({ code: 'FEE_SCHEDULE_EXISTS', status: 409 });
    const replaced = await set(admin, { ...bankInput, pct: '0.06', replace: true });
    expect(replaced).toMatchObject({ changed: true, schedule: { id: first.schedule.id, ratePpm: 600 } });
    const [event] = await queryRows<{ before: { ratePpm: number }; after: { ratePpm: number } }>(
      ctx.db.orm,
      sql`SELECT before, after FROM audit_events WHERE action = 'fees.schedule_replaced'`,
    );
    expect([event!.before.ratePpm, event!.after.ratePpm]).toEqual([500, 600]);
    await set(admin, { ...bankInput, replace: true });

    // a later row of another date: the July cycle is priced on 1 July, so a row from 15 July does not apply
    await set(admin, { providerCode: '970405', channel: 'TK_NGAN_HANG', validFrom: '2024-07-15', pct: '2' });
    await set(admin, { providerCode: '971005', channel: 'MOBILE_MONEY', validFrom: '2024-06-01', pct: '0.3', vatPct: '8' });
    await set(admin, { providerCode: 'VNPOST', channel: 'TIEN_MAT', validFrom: '2024-01-01', pct: '0.6', minVnd: 5_000, vatPct: '10' });
    await set(admin, { providerCode: 'VNPOST', channel: 'TAI_NHA', validFrom: '2024-05-01', pct: '0.6', vatPct: '10' });
    // the province's own schedule for home delivery, older than the national one: it still comes first in the province
    const own = await set(province, { providerCode: 'VNPOST', channel: 'TAI_NHA', validFrom: '2024-03-01', pct: '1', fixedVnd: 10_000, vatPct: '10' });
    expect(own.schedule.provinceCode).toBe('51');

    const listed = await listFeeSchedules(ctx, officer, { providerCode: 'VNPOST' });
    expect(listed.map((row) => [row.channel, row.provinceCode, row.validFrom])).toEqual([
      ['TAI_NHA', null, '2024-05-01'],
      ['TAI_NHA', '51', '2024-03-01'],
      ['TIEN_MAT', null, '2024-01-01'],
    ]);
    expect((await listFeeSchedules(ctx, agribankAgent, {})).every((row) => row.providerCode === '970405')).toBe(true);
  });

  it('prices the cycle before approval (the approver’s summary) exactly as the items afterwards, and the totals reconcile to the đồng', async () => {
    const before = await cycleFees(ctx, province, cycleId);
    expect(before).toMatchObject({ basis: 'lines', unpricedPayments: 0, payments: people.length });
    const summary = await cycleSummary(ctx, approver, cycleId);
    expect(summary.fees.feeVnd).toBe(before.totalVnd);
    expect(summary.totalVnd).toBe(before.amountVnd); // fees are not deducted from what the beneficiaries receive

    await approveCycle(ctx, approver, cycleId);
    await fundCycle(ctx, admin, cycleId, { reference: 'KBNN-07', amountVnd: summary.totalVnd });
    await createBatches(ctx, province, cycleId);
    const after = await cycleFees(ctx, province, cycleId);
    expect(after.basis).toBe('items');
    expect(after.byProvider).toEqual(before.byProvider);
    expect(after.totalVnd).toBe(before.totalVnd);

    // the reference: each item priced by fee.ts with the terms in force on 1 July
    const all = await items();
    expect(all).toHaveLength(people.length);
    expect(after.totalVnd).toBe(feeSum(all));
    for (const code of ['970405', '971005', 'VNPOST']) {
      const own = all.filter((item) => item.providerCode === code);
      expect(after.byProvider[code], code).toMatchObject({ payments: own.length, amountVnd: vndToNumber(sumVnd(own.map((i) => i.amountVnd))), feeVnd: feeSum(own) });
    }
    // per batch, and per payment as the SQL computes it: both add up to the cycle's total
    expect(after.byBatch.length).toBeGreaterThan(0);
    for (const batch of after.byBatch) expect(batch.feeVnd, batch.messageId).toBe(feeSum(all.filter((item) => item.batchId === batch.batchId)));
    expect(after.byBatch.reduce((sum, batch) => sum + batch.feeVnd, 0)).toBe(after.totalVnd);
    const rows = await paymentFeeRows(ctx.db.orm, { level: 'national' }, cycleId);
    expect(vndToNumber(sumVnd(rows.map((row) => row.serviceVnd + row.vatVnd).map(vnd)))).toBe(after.totalVnd);
    for (const row of rows) {
      const item = all.find((candidate) => candidate.id === row.itemId)!;
      expect(row.serviceVnd + row.vatVnd, `item ${item.id}`).toBe(expectedFee(item));
    }
    // the Treasury table's fee totals
    const treasury = await cycleSummary(ctx, province, cycleId);
    expect(treasury.fees.byProvider.map((row) => [row.providerCode, row.feeVnd])).toEqual(Object.entries(after.byProvider).map(([code, sums]) => [code, sums.feeVnd]));
  });

  it('gives each user their part of the province cycle: a commune officer their commune’s, a provider agent their own provider’s', async () => {
    const all = await items();
    const whole = await cycleFees(ctx, province, cycleId);
    const kontum = await cycleFees(ctx, officer, cycleId);
    const dakha = await cycleFees(ctx, dakhaOfficer, cycleId);
    expect(kontum.totalVnd).toBe(feeSum(all.filter((item) => item.communeCode === '23293')));
    expect(dakha.totalVnd).toBe(feeSum(all.filter((item) => item.communeCode === '23500')));
    expect(kontum.totalVnd + dakha.totalVnd).toBe(whole.totalVnd);
    expect(kontum.payments + dakha.payments).toBe(whole.payments);
    expect(Object.keys(dakha.byProvider).sort()).toEqual(['970405', 'VNPOST']);
    const agent = await cycleFees(ctx, agribankAgent, cycleId);
    expect(Object.keys(agent.byProvider)).toEqual(['970405']);
    expect(agent.totalVnd).toBe(whole.byProvider['970405']!.feeVnd);
    expect((await cycleSummary(ctx, officer, cycleId)).fees.feeVnd).toBe(kontum.totalVnd);
  });

  it('writes the fees per provider under the Treasury table (XLSX), the viewer’s part only', async () => {
    const rowsOf = async (actor: Actor) => {
      const output = new PassThrough();
      const chunks: Buffer[] = [];
      output.on('data', (chunk: Buffer) => chunks.push(chunk));
      await exportCycle(ctx, actor, cycleId, { format: 'summary-xlsx', output });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
      const rows: unknown[][] = [];
      workbook.eachSheet((sheet) => sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1))));
      return rows;
    };
    const whole = await cycleFees(ctx, province, cycleId);
    const rows = await rowsOf(province);
    const heading = rows.findIndex((row) => String(row[0]).startsWith('PHÍ DỊCH VỤ CHI TRẢ'));
    expect(heading).toBeGreaterThan(0);
    const feeRows = rows.slice(heading + 2);
    expect(feeRows.map((row) => row[7])).toEqual([...Object.values(whole.byProvider).map((sums) => sums.feeVnd), whole.totalVnd]);
    expect(feeRows.at(-1)![2]).toBe('Tổng phí');
    const kontum = await cycleFees(ctx, officer, cycleId);
    expect((await rowsOf(officer)).at(-1)![7]).toBe(kontum.totalVnd);
  });

  it('takes the latest row on or before the first day of the cycle’s month, and charges nothing for a failed payment', async () => {
    // a row from 1 July replaces January's for the July cycle; one from 30 June does not
    await setFeeSchedule(ctx, admin, { providerCode: '970405', channel: 'TK_NGAN_HANG', validFrom: '2024-06-30', pct: '5' });
    await setFeeSchedule(ctx, admin, { providerCode: '970405', channel: 'TK_NGAN_HANG', validFrom: '2024-07-01', pct: '0.1', vatPct: '10' });
    const priced = { ...julyTerms, '970405/TK_NGAN_HANG': terms({ ratePpm: 1_000, vatPpm: 100_000 }) };
    const all = await items();
    expect((await cycleFees(ctx, province, cycleId)).totalVnd).toBe(feeSum(all, priced));

    const bankItem = all.find((item) => item.providerCode === '970405')!;
    await ctx.db.orm.execute(sql`UPDATE disbursement_items SET outcome = 'FAILED', reason_code = 'AC04', is_final = true WHERE id = ${bankItem.id}`);
    const afterFailure = await cycleFees(ctx, province, cycleId);
    expect(afterFailure.totalVnd).toBe(feeSum(all, priced) - vndToNumber(expectedFee(bankItem, priced)));
    expect(afterFailure.byProvider['970405']!.payments).toBe(all.filter((item) => item.providerCode === '970405').length - 1);
  });

  it('computes in SQL exactly what fee.ts computes, on random amounts and schedules', async () => {
    // up to 9·10^12 đồng a payment: amount × rate stays within bigint (documented in fee.ts)
    const amount = fc.bigInt({ min: 1n, max: 9_000_000_000_000n }).map(vnd);
    const money = fc.bigInt({ min: 0n, max: 1_000_000_000n }).map(vnd);
    const schedule = fc
      .record({ ratePpm: fc.integer({ min: 0, max: 1_000_000 }), fixedVnd: money, minVnd: money, maxVnd: fc.option(money, { nil: null }), vatPpm: fc.integer({ min: 0, max: 1_000_000 }) })
      .map((t) => (t.maxVnd !== null && t.maxVnd < t.minVnd ? { ...t, minVnd: t.maxVnd, maxVnd: t.minVnd } : t));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ amountVnd: amount, terms: schedule }), { minLength: 1, maxLength: 50 }), async (cases) => {
        const fromSql = await feeOfValues(ctx.db.orm, cases);
        expect(fromSql).toEqual(cases.map((c) => {
          const fee = paymentFee(c.amountVnd, c.terms);
          return { serviceVnd: fee.serviceVnd, vatVnd: fee.vatVnd };
        }));
      }),
      { numRuns: 40 },
    );
  });

  describe('commands and routes', () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await createTestApp(ctx);
    });
    afterAll(async () => app.close());

    it('declares asxh providers fee set|list and asxh payroll fees, answering amounts as JSON numbers', async () => {
      expect(commands['providers.fee.set']!.cli).toEqual(['providers', 'fee', 'set']);
      expect(commands['providers.fee.list']!.cli).toEqual(['providers', 'fee', 'list']);
      const fees = (await runCommand(ctx, { name: 'payroll.fees', args: { cycle: String(cycleId) }, as: 'tinh', operator: 'test', requestId: 'fees-cli' })) as Record<string, unknown>;
      const direct = await cycleFees(ctx, province, cycleId);
      expect(fees).toEqual(direct);
      expect(typeof fees.totalVnd).toBe('number');
      const set = await runCommand(ctx, {
        name: 'providers.fee.set',
        args: { provider: '971005', channel: 'VI_DIEN_TU', from: '2024-08-01', pct: '0.25', vat: '8' },
        as: 'tinh',
        operator: 'test',
        requestId: 'fees-set',
      });
      expect(set).toMatchObject({ changed: true, schedule: { provinceCode: '51', providerCode: '971005', channel: 'VI_DIEN_TU', pct: '0.25', vatPct: '8' } });
    });

    it('serves the fee schedules and a cycle’s fees, scoped, and refuses a change without the permission', async () => {
      const officerCookie = await loginCookie(app, 'canbo');
      const provinceCookie = await loginCookie(app, 'tinh');
      const fees = await app.inject({ method: 'GET', url: `/api/v1/payroll/cycles/${cycleId}/fees`, headers: { cookie: officerCookie } });
      expect(fees.statusCode, fees.body).toBe(200);
      expect(json(fees)).toEqual(await cycleFees(ctx, officer, cycleId));
      const refused = await app.inject({
        method: 'POST', url: '/api/v1/fee-schedules', headers: { cookie: officerCookie },
        payload: { providerCode: '970405', channel: 'TK_NGAN_HANG', validFrom: '2024-09-01', pct: '0.05' },
      });
      expect(refused.statusCode).toBe(403);
      const created = await app.inject({
        method: 'POST', url: '/api/v1/fee-schedules', headers: { cookie: provinceCookie },
        payload: { providerCode: '970405', channel: 'TK_NGAN_HANG', validFrom: '2024-09-01', pct: '0.05', fixedVnd: '1.000', minVnd: 2_000, maxVnd: null, vatPct: '10' },
      });
      expect(created.statusCode, created.body).toBe(200);
      expect(json(created)).toMatchObject({ changed: true, schedule: { provinceCode: '51', fixedVnd: 1_000, minVnd: 2_000, maxVnd: null } });
      const listed = await app.inject({ method: 'GET', url: '/api/v1/fee-schedules?provider=970405', headers: { cookie: officerCookie } });
      expect(json<{ validFrom: string }[]>(listed).map((row) => row.validFrom)).toContain('2024-09-01');
    });

    it('writes the fee report of a cycle (XLSX) with the figures of the screen, per provider, channel and batch, the viewer’s part only', async () => {
      const sheetsOf = async (cookie: string) => {
        const response = await app.inject({ method: 'GET', url: `/api/v1/payroll/cycles/${cycleId}/fees.xlsx`, headers: { cookie } });
        expect(response.statusCode, response.body).toBe(200);
        expect(response.headers['content-disposition']).toContain(`phi-dich-vu-ky-${cycleId}.xlsx`);
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
        const sheets: Record<string, unknown[][]> = {};
        workbook.eachSheet((sheet) => {
          const rows: unknown[][] = [];
          sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
          sheets[sheet.name] = rows;
        });
        return sheets;
      };
      const whole = await cycleFees(ctx, province, cycleId);
      const sheets = await sheetsOf(await loginCookie(app, 'tinh'));
      expect(Object.keys(sheets)).toEqual(['Theo tổ chức', 'Theo hình thức', 'Theo lô']);
      const byProvider = sheets['Theo tổ chức']!;
      expect(String(byProvider[0]![0])).toMatch(/^BÁO CÁO PHÍ DỊCH VỤ CHI TRẢ — tháng 07\/2024/);
      const total = byProvider.at(-1)!;
      expect(total.slice(0, 7)).toEqual(['TỔNG CỘNG', '', whole.payments, whole.unpricedPayments, whole.amountVnd, whole.vatVnd, whole.totalVnd]);
      // the cost per payment, rounded half up to the đồng
      expect(total[7]).toBe(vndToNumber(averageVnd(parseVnd(whole.totalVnd), whole.payments)));
      expect(sheets['Theo hình thức']!.slice(1).map((row) => row[6])).toEqual(whole.byChannel.map((row) => row.feeVnd));
      expect(sheets['Theo lô']!.slice(1).reduce((sum, row) => sum + Number(row[7]), 0)).toBe(whole.totalVnd);
      // a provider's agent: its own provider only
      const agent = await sheetsOf(await loginCookie(app, 'agribank'));
      expect(agent['Theo tổ chức']!.slice(3, -1).map((row) => row[0])).toEqual(['970405']);
      expect(agent['Theo tổ chức']!.at(-1)![6]).toBe(whole.byProvider['970405']!.feeVnd);
    });
  });
});
