import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../src/app/commands.js';
import { vndToString } from '../src/core/money.js';
import type { Actor } from '../src/modules/access/scope.js';
import { proposeHomeDelivery, setStage } from '../src/modules/accounts/campaign.service.js';
import { approveProposal, proposeInstrument } from '../src/modules/accounts/proposals.service.js';
import { createBatches } from '../src/modules/disbursement/batches.service.js';
import { confirmCash } from '../src/modules/disbursement/cash.service.js';
import { addRound, cashList, listPoints, savePoint, schedulePoint, writeCashListXlsx, type CashList } from '../src/modules/disbursement/cashpoints.service.js';
import { exportBatchFile } from '../src/modules/disbursement/files.service.js';
import { ingestResults } from '../src/modules/disbursement/reconcile.service.js';
import { listNotifications } from '../src/modules/notifications/notices.service.js';
import { defaultTemplates, renderTemplate } from '../src/modules/notifications/templates.js';
import { approveCycle, fundCycle, generateCycle, submitCycle } from '../src/modules/payroll/payroll.service.js';
import { importBeneficiaries } from '../src/modules/registry/import/import.service.js';
import { createTestApp, createTestContext, createTestUser, loginCookie, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { createFundedCycle, fixturePeople, itemStates, walletCode } from './helpers/disbursement-fixture.js';
import { approveImportOf } from './helpers/imports.js';
import { approvePayers } from './helpers/payers.js';
import { idFor, personRow } from './helpers/people.js';

/**
 * Payment points and home delivery (issue 22 item 4): a commune's points with their dates per
 * cycle, home-delivery rounds, the cash list of each (address, village, phone, representative,
 * amount, signature column), the CASH_SCHEDULE SMS with the date and place, the area and the
 * provider's agent as the only readers, and the campaign's "needs home delivery" as a channel change
 * through maker-checker.
 */
const commune = '23293';
const cashPerson = (serial: number, name: string, values: Record<string, string>) =>
  personRow({ ho_ten: name, ngay_sinh: '03/03/1940', gioi_tinh: 'Nữ', so_dinh_danh: idFor('03/03/1940', 'Nữ', serial), ma_doi_tuong: 'BTXH_K5C', chi_tra_den_thang: '06/2024', ...values });
const atPointOne = cashPerson(41, 'Võ Thị Em', { dia_chi: 'Thôn 1, Phường Kon Tum', so_dien_thoai: '0912000041' });
const atPointTwelve = cashPerson(42, 'Bùi Thị Mai', { dia_chi: 'Thôn 12', so_dien_thoai: '0912000042' });
const atHome = cashPerson(43, 'Đỗ Thị Nga', {
  dia_chi: 'Thôn 1', so_dien_thoai: '0912000043', hinh_thuc_nhan: 'TAI_NHA',
  nguoi_nhan_thay_loai: 'GIAM_HO', nguoi_nhan_thay_ho_ten: 'Trần Văn Rộng', nguoi_nhan_thay_so_dinh_danh: idFor('01/01/1960', 'Nam', 44), nguoi_nhan_thay_quan_he: 'Con',
});
const idOf = (row: Partial<Record<string, string>>) => row.so_dinh_danh!;

async function xlsxRows(list: CashList): Promise<string[][]> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeCashListXlsx(stream, list);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((value) => (value === null || value === undefined ? '' : String(value)))));
  return rows;
}

describe('payment points, home-delivery rounds and the cash schedule SMS', () => {
  let ctx: TestContext;
  let officer: Actor;
  let approver: Actor;
  let otherOfficer: Actor;
  let agent: Actor;
  let bankAgent: Actor;
  let auditor: Actor;
  let cycleId: number;
  let pointOne: number;
  let pointTwelve: number;
  let roundId: number;

  beforeAll(async () => {
    ctx = await createTestContext();
    const admin = await createTestUser(ctx, { username: 'quantri', role: 'admin' });
    officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: commune });
    approver = await createTestUser(ctx, { username: 'duyet', role: 'approver', unitCode: commune });
    otherOfficer = await createTestUser(ctx, { username: 'canbo2', role: 'officer', unitCode: '23500' });
    agent = await createTestUser(ctx, { username: 'buudien', role: 'provider', unitCode: '51', providerCode: 'VNPOST' });
    bankAgent = await createTestUser(ctx, { username: 'agribank', role: 'provider', unitCode: '51', providerCode: '970405' });
    auditor = await createTestUser(ctx, { username: 'kiemtoan', role: 'auditor', unitCode: '51' });
    const path = writeTemplateCsv(join(tempDir(), 'people.csv'), [atPointOne, atPointTwelve, atHome]);
    const report = await importBeneficiaries(ctx, officer, { path, dryRun: false });
    expect(report.errors).toEqual([]);
    await approveImportOf(ctx, report, approver);
    const cycle = await generateCycle(ctx, officer, { month: '2024-07', unitCode: commune });
    await submitCycle(ctx, officer, cycle.id);
    await approveCycle(ctx, approver, cycle.id);
    await fundCycle(ctx, admin, cycle.id, { reference: 'KBNN-07', amountVnd: cycle.totalVnd });
    await approvePayers(ctx, '51');
    // The batches are made after the first dates are set (below): both orders tell the people.
    cycleId = cycle.id;
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('records a commune’s payment points (idempotent by name) and only in the officer’s own commune', async () => {
    const one = await savePoint(ctx, officer, { name: 'Nhà văn hoá thôn 1', address: 'Thôn 1, Phường Kon Tum', hours: '7h30-11h00', agentName: 'Nguyễn Văn Bưu', villages: 'Thôn 1' });
    expect(one).toMatchObject({ created: true, changed: true, point: { communeCode: commune, provinceCode: '51', providerCode: 'VNPOST', villages: ['Thôn 1'], active: true } });
    pointOne = one.point.id;
    const again = await savePoint(ctx, officer, { name: 'nhà văn hoá thôn 1', address: 'Thôn 1, Phường Kon Tum', hours: '7h30-11h00', agentName: 'Nguyễn Văn Bưu', villages: ['Thôn 1'] });
    expect(again).toMatchObject({ created: false, changed: false, point: { id: pointOne } });
    const twelve = await commands['cash.point.add']!.run(ctx, officer, { name: 'Bưu điện phường', hours: '13h30-16h30', villages: 'Thôn 12' });
    expect(Value.Check(commands['cash.point.add']!.result, twelve)).toBe(true);
    pointTwelve = (twelve as { point: { id: number } }).point.id;
    await expect(savePoint(ctx, otherOfficer, { unitCode: commune, name: 'Điểm lạ' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(savePoint(ctx, auditor, { unitCode: commune, name: 'Điểm lạ' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await listPoints(ctx, otherOfficer, {})).toEqual([]);
    expect((await listPoints(ctx, officer, {})).map((point) => point.name).sort()).toEqual(['Bưu điện phường', 'Nhà văn hoá thôn 1']);
  });

  it('sets a cycle’s dates at a point and adds a home-delivery round; nobody is told before the cycle has its cash items', async () => {
    const set = await schedulePoint(ctx, officer, { cycleId, pointId: pointOne, dates: '20/07/2024' });
    expect(set).toEqual({ cycleId, pointId: pointOne, dates: ['2024-07-20'], added: ['2024-07-20'], notices: 0 });
    await expect(schedulePoint(ctx, otherOfficer, { cycleId, pointId: pointOne, dates: '2024-07-20' })).rejects.toMatchObject({ code: expect.stringMatching(/^(NOT_FOUND|FORBIDDEN)$/) });
    const round = await addRound(ctx, officer, { cycleId, date: '2024-07-21', hours: '8h-17h', agentName: 'Nguyễn Văn Bưu' });
    expect(round).toMatchObject({ created: true, people: 0, notices: 0, round: { communeCode: commune, date: '2024-07-21', villages: null } });
    roundId = round.round.id;
    expect(await addRound(ctx, officer, { cycleId, date: '2024-07-21', hours: '8h-17h' })).toMatchObject({ created: false, round: { id: roundId } });
    const listed = await listPoints(ctx, officer, { cycleId });
    expect(listed.find((point) => point.id === pointOne)!.dates).toEqual(['2024-07-20']);
    expect(await listNotifications(ctx, officer, { personalId: idOf(atPointOne) })).toEqual([]);
  });

  it('tells each cash person the date and place by SMS when the batches are made or the date is set, once', async () => {
    await createBatches(ctx, officer, cycleId);
    const [atPoint] = await listNotifications(ctx, officer, { personalId: idOf(atPointOne) });
    expect(atPoint).toMatchObject({ kind: 'PAYMENT_CASH_SCHEDULE', status: 'PENDING' });
    const amount = /(\d{1,3}(?:\.\d{3})+)đ/.exec(atPoint!.text)![1]!;
    expect(atPoint!.text).toBe(renderTemplate(defaultTemplates['payment.cash_schedule'], {
      thang: '07/2024', so_tien: amount, ngay: '20/07', gio: '7h30-11h00', dia_diem: 'Nhà văn hoá thôn 1, Thôn 1, Phường Kon Tum',
    }));
    const [home] = await listNotifications(ctx, officer, { personalId: idOf(atHome) });
    expect(home!.text).toContain('ngày 21/07 8h-17h tại nhà');
    // Thôn 12 is not Thôn 1: its point has no date yet
    expect(await listNotifications(ctx, officer, { personalId: idOf(atPointTwelve) })).toEqual([]);
    const twelve = await schedulePoint(ctx, officer, { cycleId, pointId: pointTwelve, dates: ['2024-07-22', '2024-07-23'] });
    expect(twelve).toMatchObject({ dates: ['2024-07-22', '2024-07-23'], notices: 1 });
    const [late] = await listNotifications(ctx, officer, { personalId: idOf(atPointTwelve) });
    expect(late!.text).toContain('ngày 22/07 13h30-16h30 tại Bưu điện phường');
    // again: nothing new for anyone
    expect((await schedulePoint(ctx, officer, { cycleId, pointId: pointOne, dates: '2024-07-20' })).notices).toBe(0);
    expect((await addRound(ctx, officer, { cycleId, date: '2024-07-21', hours: '8h-17h' })).notices).toBe(0);
    await createBatches(ctx, officer, cycleId);
    await exportBatchFile(ctx, officer, { cycleId, providerCode: 'VNPOST', format: 'cash-list', output: new Writable({ write: (_c, _e, done) => done() }), handOver: true });
    for (const person of [atPointOne, atPointTwelve, atHome]) expect(await listNotifications(ctx, officer, { personalId: idOf(person) })).toHaveLength(1);
    const byKind = await commands['notifications.list']!.run(ctx, officer, { unit: commune, kind: 'PAYMENT_CASH_SCHEDULE' });
    expect((byKind as unknown[]).length).toBe(3);
  });

  it('writes the cash list of a point and of a home round with address, phone, representative, amount and a signature column', async () => {
    const point = await cashList(ctx, officer, { cycleId, pointId: pointOne });
    expect(point).toMatchObject({ kind: 'POINT', communeCode: commune, providerCode: 'VNPOST', dates: ['2024-07-20'], place: 'Nhà văn hoá thôn 1, Thôn 1, Phường Kon Tum' });
    expect(point.rows.map((row) => row.personalId)).toEqual([idOf(atPointOne)]);
    const rows = await xlsxRows(point);
    expect(rows[0]![0]).toBe('DANH SÁCH CHI TRẢ TẠI ĐIỂM CHI TRẢ THÁNG 07/2024');
    expect(rows[2]![0]).toContain('Ngày chi trả: 20/07/2024 — 7h30-11h00 — Nhân viên chi trả: Nguyễn Văn Bưu');
    // the provider by its name, not its code (issue 22 item 7)
    expect(point.providerName).toBe('VNPost');
    expect(rows[2]![0]).toMatch(/— Tổ chức chi trả: VNPost$/);
    expect(rows[3]).toEqual(['STT', 'Họ và tên', 'Số định danh', 'Địa chỉ (thôn, tổ)', 'Số điện thoại', 'Người nhận thay', 'Số tiền (đồng)', 'Mã chi trả', 'Ký nhận']);
    expect(rows[4]!.slice(0, 6)).toEqual(['1', 'Võ Thị Em', idOf(atPointOne), 'Thôn 1, Phường Kon Tum', '0912000041', '']);
    expect(rows[4]![6]).toBe(vndToString(point.rows[0]!.amountVnd));
    expect(rows.some((row) => row.includes('Đại diện UBND xã'))).toBe(true);

    const home = await cashList(ctx, officer, { cycleId, roundId });
    expect(home).toMatchObject({ kind: 'HOME', dates: ['2024-07-21'], place: 'Tại nhà — toàn xã' });
    expect(home.rows).toMatchObject([{ personalId: idOf(atHome), address: 'Thôn 1', phone: '0912000043', representativeName: 'Trần Văn Rộng' }]);
    const homeRows = await xlsxRows(home);
    expect(homeRows[0]![0]).toBe('DANH SÁCH CHI TRẢ TẠI NHÀ THÁNG 07/2024');
    expect(homeRows[4]![5]).toBe('Trần Văn Rộng');

    // the command writes the file
    const out = join(tempDir(), 'ds-diem-1.xlsx');
    const written = await commands['cash.list']!.run(ctx, officer, { cycle: cycleId, point: pointOne, out });
    expect(Value.Check(commands['cash.list']!.result, written)).toBe(true);
    expect(written).toMatchObject({ people: 1, kind: 'POINT', out });
    expect((await readFile(out)).subarray(0, 2).toString()).toBe('PK');
    await expect(cashList(ctx, officer, { cycleId })).rejects.toMatchObject({ code: 'CASH_LIST_TARGET' });
  });

  it('refuses another commune’s officer and the auditor; the agent reads only its own provider’s lists', async () => {
    await expect(cashList(ctx, otherOfficer, { cycleId, pointId: pointOne })).rejects.toMatchObject({ code: expect.stringMatching(/^(NOT_FOUND|FORBIDDEN)$/) });
    await expect(cashList(ctx, auditor, { cycleId, pointId: pointOne })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await cashList(ctx, agent, { cycleId, pointId: pointOne })).rows).toHaveLength(1);
    expect((await cashList(ctx, agent, { cycleId, roundId })).rows).toHaveLength(1);
    expect((await listPoints(ctx, agent, { unitCode: commune })).length).toBe(2);
    // a bank's agent: no VNPost point or round exists for it
    expect(await listPoints(ctx, bankAgent, {})).toEqual([]);
    await expect(cashList(ctx, bankAgent, { cycleId, pointId: pointOne })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(cashList(ctx, bankAgent, { cycleId, roundId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(savePoint(ctx, agent, { unitCode: commune, name: 'Điểm của bưu điện' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets the VNPost agent download its list over HTTP', async () => {
    const app: FastifyInstance = await createTestApp(ctx);
    try {
      const cookie = await loginCookie(app, 'buudien');
      const response = await app.inject({ method: 'GET', url: `/api/v1/cash/list.xlsx?cycle=${cycleId}&round=${roundId}`, headers: { cookie } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-disposition']).toContain(`ds-tien-mat-2024-07-${commune}-tai-nha-${roundId}.xlsx`);
      expect(response.rawPayload.subarray(0, 2).toString()).toBe('PK');
      const bank = await loginCookie(app, 'agribank');
      const refused = await app.inject({ method: 'GET', url: `/api/v1/cash/list.xlsx?cycle=${cycleId}&round=${roundId}`, headers: { cookie: bank } });
      expect(refused.statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('tells the person the day the agent records the cash as paid (to them or their representative), so a payment not received comes to light', async () => {
    const items = await itemStates(ctx, cycleId);
    const itemOf = (person: Partial<Record<string, string>>) => items.find((item) => item.personalId === idOf(person))!.endToEndId;
    await confirmCash(ctx, agent, {
      cycleId, requestId: 'cash-news-1',
      confirmations: [
        { endToEndId: itemOf(atHome), result: 'PAID_REPRESENTATIVE', date: '21/07/2024', receiptNumber: 'BN-43' },
        { endToEndId: itemOf(atPointTwelve), result: 'NOT_FOUND' },
      ],
    });
    const [paid] = (await listNotifications(ctx, officer, { personalId: idOf(atHome) })).filter((news) => news.kind === 'PAYMENT_CASH_PAID');
    const amount = /(\d{1,3}(?:\.\d{3})+)đ/.exec(paid!.text)![1]!;
    expect(paid!.text).toBe(renderTemplate(defaultTemplates['payment.cash_paid'], { thang: '07/2024', so_tien: amount, ngay: '21/07' }));
    expect(paid!.segments).toBeLessThanOrEqual(2);
    const [notFound] = (await listNotifications(ctx, officer, { personalId: idOf(atPointTwelve) })).filter((news) => news.kind === 'PAYMENT_FAILED');
    expect(notFound).toBeDefined();
    // once, whatever repeats the confirmation
    await confirmCash(ctx, agent, { cycleId, requestId: 'cash-news-2', confirmations: [{ endToEndId: itemOf(atHome), result: 'PAID_REPRESENTATIVE', date: '21/07/2024', receiptNumber: 'BN-43' }] });
    expect((await commands['notifications.list']!.run(ctx, officer, { unit: commune, kind: 'PAYMENT_CASH_PAID' }) as unknown[]).length).toBe(1);
  });

  it('moves a person to home delivery from the campaign stage, and back to the point, through maker-checker', async () => {
    await expect(proposeHomeDelivery(ctx, officer, { personalId: idOf(atPointTwelve) })).rejects.toMatchObject({ code: 'STAGE_NOT_HOME_DELIVERY' });
    await setStage(ctx, officer, { personalId: idOf(atPointTwelve), stage: 'NEEDS_HOME_DELIVERY', note: 'Liệt giường' });
    await expect(proposeHomeDelivery(ctx, otherOfficer, { personalId: idOf(atPointTwelve) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const proposed = await commands['campaign.propose-home']!.run(ctx, officer, { id: idOf(atPointTwelve) });
    expect(Value.Check(commands['campaign.propose-home']!.result, proposed)).toBe(true);
    const { proposalId } = proposed as { proposalId: number; status: string };
    expect(proposed).toMatchObject({ status: 'PENDING' });
    // the maker cannot approve their own proposal
    await expect(approveProposal(ctx, officer, proposalId)).rejects.toMatchObject({ status: 403 });
    const approved = await approveProposal(ctx, approver, proposalId);
    expect(approved).toMatchObject({ status: 'APPROVED', effectiveMonth: '2024-08' });
    // and back from home delivery to the payment point: a channel change like any other
    const back = await proposeInstrument(ctx, officer, { personalId: idOf(atHome), channel: 'TIEN_MAT', providerCode: 'VNPOST' });
    expect(back.status).toBe('PENDING');
    expect(await approveProposal(ctx, approver, back.proposalId)).toMatchObject({ status: 'APPROVED' });
  });
});

describe('a transfer that failed and is paid in cash the same cycle', () => {
  let ctx: TestContext;
  afterAll(async () => {
    await ctx.close();
  });

  it('tells the person the date and place of the commune’s point', async () => {
    ctx = await createTestContext();
    const cycle = await createFundedCycle(ctx, { failurePolicy: 'CASH_SAME_CYCLE' });
    const { point } = await savePoint(ctx, cycle.officer, { name: 'UBND phường', hours: '8h-11h' });
    await schedulePoint(ctx, cycle.officer, { cycleId: cycle.cycleId, pointId: point.id, dates: '25/07/2024' });
    await exportBatchFile(ctx, cycle.officer, { cycleId: cycle.cycleId, providerCode: walletCode, format: 'csv', output: new Writable({ write: (_c, _e, done) => done() }), handOver: true });
    const failedId = fixturePeople.find((person) => person.hinh_thuc_nhan === 'MOBILE_MONEY')!.so_dinh_danh!;
    const item = (await itemStates(ctx, cycle.cycleId)).find((state) => state.personalId === failedId && state.providerCode === walletCode)!;
    await ingestResults(ctx, cycle.officer, {
      cycleId: cycle.cycleId, source: 'csv', messageKey: 'cash-follow-up', binding: { providerCode: walletCode, channelGroup: 'WALLET', cash: 'refused' },
      records: [{ endToEndId: item.endToEndId, status: 'FAILED', reasonCode: 'AC04' }],
    });
    const messages = await listNotifications(ctx, cycle.officer, { personalId: failedId });
    expect(messages.map((message) => message.kind).sort()).toEqual(['PAYMENT_CASH_SCHEDULE', 'PAYMENT_FAILED']);
    expect(messages.find((message) => message.kind === 'PAYMENT_CASH_SCHEDULE')!.text).toContain('ngày 25/07 8h-11h tại UBND phường');
  });
});
