import { once } from 'node:events';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/modules/access/scope.js';
import { campaignDashboard, peopleOnCash, readStageList, setStage, setStages, setTarget, writeDashboardXlsx } from '../src/modules/accounts/campaign.service.js';
import { createTestContext, createTestUser, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { idFor, personRow } from './helpers/people.js';
import { importApproved } from './helpers/imports.js';

const banked = (serial: number, name: string) =>
  personRow({ ho_ten: name, ngay_sinh: '01/01/1960', gioi_tinh: 'Nam', so_dinh_danh: idFor('01/01/1960', 'Nam', serial), ma_doi_tuong: 'BTXH_K6_NANG',
    hinh_thuc_nhan: 'TK_NGAN_HANG', ma_to_chuc: '970405', so_tai_khoan: `51002010${String(serial).padStart(5, '0')}`, chu_tai_khoan: name });
const onCash = (serial: number, name: string, commune = '23293') =>
  personRow({ ho_ten: name, ngay_sinh: '02/02/1940', gioi_tinh: 'Nữ', so_dinh_danh: idFor('02/02/1940', 'Nữ', serial), ma_doi_tuong: 'BTXH_K5C', ma_don_vi: commune });

/** Phường Kon Tum: 3 of 5 paid into accounts; Xã Đăk Hà: 0 of 2. */
const people = [banked(1, 'Nguyễn Văn An'), banked(2, 'Trần Văn Bình'), banked(3, 'Lê Văn Cường'), onCash(4, 'Phạm Thị Dung'), onCash(5, 'Võ Thị Em'),
  onCash(6, 'Đỗ Thị Gấm', '23500'), onCash(7, 'Bùi Thị Hoa', '23500')];
const id = (index: number) => people[index]!.so_dinh_danh!;

describe('cashless campaign: stages, targets and the dashboard', () => {
  let ctx: TestContext;
  let officer: Actor;
  let otherOfficer: Actor;
  let province: Actor;
  const dir = tempDir();

  beforeAll(async () => {
    ctx = await createTestContext('2024-11-10T03:00:00Z');
    const admin = await createTestUser(ctx, { username: 'admin', role: 'admin' });
    officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    otherOfficer = await createTestUser(ctx, { username: 'canbo.dakha', role: 'officer', unitCode: '23500' });
    province = await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    const report = await importApproved(ctx, admin, { path: writeTemplateCsv(join(dir, 'people.csv'), people), dryRun: false });
    expect(report.errors).toEqual([]);
  });
  afterAll(async () => ctx.close());

  it('shows each locality’s cashless share against the target it inherits from its province', async () => {
    await expect(setTarget(ctx, officer, { unitCode: '51', period: '2024-12', targetPct: 40 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await setTarget(ctx, province, { unitCode: '51', period: '2024-12', targetPct: 40 });
    const byProvince = await campaignDashboard(ctx, province, { unitCode: '51' });
    const kontum = byProvince.rows.find((row) => row.unitCode === '23293')!;
    const dakha = byProvince.rows.find((row) => row.unitCode === '23500')!;
    expect(kontum).toMatchObject({ beneficiaries: 5, withAccount: 3, sharePct: 60, targetPct: 40, targetPeriod: '2024-12', meetsTarget: true });
    expect(dakha).toMatchObject({ beneficiaries: 2, withAccount: 0, sharePct: 0, targetPct: 40, meetsTarget: false });
    expect(byProvince.total).toMatchObject({ beneficiaries: 7, withAccount: 3, sharePct: 42.85, targetPct: 40, meetsTarget: true });
    // a commune's own target wins over its province's
    await setTarget(ctx, province, { unitCode: '23293', period: '2024-12', targetPct: 100 });
    const own = await campaignDashboard(ctx, officer, {});
    expect(own.total).toMatchObject({ unitCode: '23293', beneficiaries: 5, withAccount: 3, targetPct: 100, meetsTarget: false });
    // an officer sees only their commune
    await expect(campaignDashboard(ctx, otherOfficer, { unitCode: '23293' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('drills down to the people still on cash, and exports the figures to XLSX', async () => {
    const cash = await peopleOnCash(ctx, officer, { communeCode: '23293' });
    expect(cash.map((row) => row.fullName).sort()).toEqual(['Phạm Thị Dung', 'Võ Thị Em']);
    expect(await peopleOnCash(ctx, otherOfficer, { communeCode: '23293' })).toEqual([]);
    const path = join(dir, 'dashboard.xlsx');
    const output = createWriteStream(path);
    await writeDashboardXlsx(output, await campaignDashboard(ctx, province, { unitCode: '51' }));
    if (!output.writableFinished) await once(output, 'finish');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const values = workbook.worksheets[0]!.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1, 6));
    expect(values[0]).toEqual(['Mã', 'Đơn vị', 'Số đối tượng', 'Có tài khoản', 'Tỷ lệ (%)']);
    expect(values).toContainEqual(['23293', 'Phường Kon Tum', 5, 3, 60]);
  });

  it('updates stages one by one and from a list, reporting each bad row and changing nothing outside the area', async () => {
    await setStage(ctx, officer, { personalId: id(3), stage: 'CONTACTED' });
    await expect(setStage(ctx, officer, { personalId: id(4), stage: 'DECLINED' })).rejects.toMatchObject({ code: expect.stringMatching(/NOTE|REASON/) });
    const list = join(dir, 'tham-ho.csv');
    writeFileSync(
      list,
      '\uFEFFso_dinh_danh,giai_doan,ghi_chu\n' +
        `${id(3)},ACCOUNT_REQUESTED,Đã nộp hồ sơ Agribank\n` +
        `${id(4)},declined,Gia đình nhận thay tiền mặt\n` +
        `${id(4)},NEEDS_HOME_DELIVERY,\n` +
        `${id(0)},NO_SUCH_STAGE,\n` +
        `${id(3)},DECLINED,\n` +
        `${id(5)},CONTACTED,\n` +
        `062999999999,CONTACTED,\n`,
    );
    const result = await setStages(ctx, officer, await readStageList(list));
    expect(result).toMatchObject({ rows: 7, updated: 2, rejected: 5 });
    expect(result.errors.map((error) => [error.row, error.code])).toEqual([
      [3, 'DUPLICATE_IN_LIST'],
      [5, 'STAGE_INVALID'],
      [6, 'NOTE_REQUIRED'],
      [7, 'NOT_FOUND'], // Xã Đăk Hà is not this officer's area
      [8, 'NOT_FOUND'],
    ]);
    expect(result.errors.every((error) => error.message.length > 0 && error.messageEn.length > 0)).toBe(true);
    const dashboard = await campaignDashboard(ctx, officer, {});
    expect(dashboard.total.stages).toEqual({ ACCOUNT_REQUESTED: 1, NEEDS_HOME_DELIVERY: 1 });
    const cash = await peopleOnCash(ctx, officer, { communeCode: '23293' });
    expect(cash.find((row) => row.fullName === 'Phạm Thị Dung')).toMatchObject({ stage: 'ACCOUNT_REQUESTED', stageNote: 'Đã nộp hồ sơ Agribank' });
    expect(cash.find((row) => row.fullName === 'Võ Thị Em')).toMatchObject({ stage: 'NEEDS_HOME_DELIVERY' });
    await expect(readStageList(writeTemplateCsv(join(dir, 'wrong.csv'), []))).rejects.toMatchObject({ code: 'COLUMN_MISSING' });
    // a missing file is an error for the caller (it once stopped the server: the read error was not forwarded)
    await expect(readStageList(join(dir, 'missing.csv'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
