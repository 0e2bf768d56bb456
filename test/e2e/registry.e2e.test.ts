import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { rootDir, webDistDir } from '../../src/core/paths.js';
import { foldVietnamese } from '../../src/core/text.js';
import { demoPassword } from '../../src/demo/seed.js';
import { exampleRows, type TemplateRow } from '../../src/modules/registry/validation/import-row.js';
import type { RunningServer } from '../../src/server.js';
import { writeTemplateXlsx } from '../helpers/files.js';
import { browserPages } from '../helpers/browser.js';
import { e2eServerEnv, startE2eServer } from './server-env.js';

/**
 * The registry, import and accounts pages against the real server, as the commune officer and
 * the approver of Phường Kon Tum: an Excel import with a bad row (its error, the XLSX report, the
 * fixed file imported again), a search by a name typed without diacritics, and an account change
 * proposed by the officer and approved by the approver. Screenshots go to test-results/.
 */

const screenshotDir = join(rootDir, 'test-results');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const konTum = '23293';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let filesDir: string;
const pages = browserPages(() => browser, screenshotDir, { viewport: { width: 1366, height: 860 } });
const { pageErrors, openPage } = pages;

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await pages.fillLogin(page, username, demoPassword);
  await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** GET as a demo user through the API (to pick test data from the demo registry). */
async function apiGet<T>(username: string, path: string): Promise<T> {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: demoPassword }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const response = await fetch(`${server.url}${path}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

interface ListItem {
  personalId: string;
  fullName: string;
  enrolments: { status: string }[];
}

/** The template's three example rows, moved to Phường Kon Tum; `badId` breaks the child's ID (row 3). */
function konTumRows(badId: boolean): Partial<TemplateRow>[] {
  return exampleRows().map((row, index) => ({
    ...row,
    ma_don_vi: konTum,
    ...(index === 1 && badId ? { so_dinh_danh: '01121500473' } : {}),
  }));
}

async function statisticValue(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).locator('.ant-statistic-content').first().textContent()) ?? '').trim();
}

describe('registry, import and accounts in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(join(webDistDir, 'index.html'))) {
      throw new Error(`The web app is not built (${webDistDir}/index.html missing): run "npm run build" first.`);
    }
    if (!existsSync(chromiumPath)) {
      throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
    }
    mkdirSync(screenshotDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'asxh-e2e-'));
    filesDir = mkdtempSync(join(tmpdir(), 'asxh-e2e-files-'));
    const config = loadConfig(e2eServerEnv(dataDir, 200));
    server = await startE2eServer(config);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  });

  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  it('imports an Excel file with a bad row, reports it, and imports the fixed file', async () => {
    const file = join(filesDir, 'danh-sach-kon-tum.xlsx');
    await writeTemplateXlsx(file, konTumRows(true));
    const page = await openPage();
    await logIn(page, 'canbo.kontum');
    await page.getByRole('menu').getByText('Nhập danh sách', { exact: true }).click();
    await page.getByRole('heading', { name: 'Nhập danh sách đối tượng' }).waitFor();
    await page.locator('input[type=file]').setInputFiles(file);

    // The check: 3 rows, 2 valid, row 3 rejected for its 11-digit ID, with the Excel row number.
    await page.getByTestId('import-counts').waitFor();
    expect(await statisticValue(page, 'import-counts')).toBe('3');
    expect(await page.getByTestId('import-counts').textContent()).toMatch(/Hợp lệ\s*2.*Có lỗi \(không nhập\)\s*1/);
    const issue = page.locator('[data-testid=import-issues] .ant-table-row').first();
    expect(await issue.locator('td').first().textContent()).toBe('3');
    expect(await issue.textContent()).toContain('so_dinh_danh');
    expect(await issue.textContent()).toContain('ID_FORMAT');
    expect(await issue.textContent()).toContain('Số định danh 01121500473 phải gồm đúng 12 chữ số');
    await screenshot(page, 'import-preview');

    // The full report as XLSX: the same row, column and code.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Tải báo cáo lỗi (Excel)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('bao-cao-loi-danh-sach-kon-tum.xlsx');
    const reportPath = join(filesDir, 'bao-cao.xlsx');
    await download.saveAs(reportPath);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(reportPath);
    const firstIssue = workbook.worksheets[0]!.getRow(2).values as unknown[];
    expect(firstIssue.slice(1, 4)).toEqual([3, 'so_dinh_danh', 'ID_FORMAT']);

    // Import the valid rows.
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByText('Xác nhận nhập danh sách').waitFor();
    expect(await page.getByText('sửa trong tệp và nhập lại tệp', { exact: false }).count()).toBe(1);
    await page.getByRole('button', { name: 'Nhập 2 dòng hợp lệ' }).click();
    await page.getByTestId('import-result').waitFor();
    expect(await statisticValue(page, 'result-personsCreated')).toBe('2');
    expect(await statisticValue(page, 'result-unchangedRows')).toBe('0');
    await screenshot(page, 'import-result');

    // The officer fixes the ID in the same file and imports it again: only the fixed row is new.
    await writeTemplateXlsx(file, konTumRows(false));
    await page.getByRole('button', { name: 'Nhập tệp khác' }).click();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-counts').waitFor();
    expect(await page.getByTestId('import-counts').textContent()).toMatch(/Hợp lệ\s*3.*Có lỗi \(không nhập\)\s*0/);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByRole('button', { name: 'Nhập 3 dòng hợp lệ' }).click();
    await page.getByTestId('import-result').waitFor();
    expect(await statisticValue(page, 'result-personsCreated')).toBe('1');
    expect(await statisticValue(page, 'result-unchangedRows')).toBe('2');
    await screenshot(page, 'import-result-fixed');

    // The child imported from the fixed row, with the guardian from the file.
    await page.getByRole('button', { name: 'Xem danh sách đối tượng' }).click();
    await page.getByLabel('Tìm đối tượng').fill('011215004736');
    await page.getByLabel('Tìm đối tượng').press('Enter');
    await page.locator('.ant-table-row', { hasText: 'Lò Văn Minh' }).getByText('Lò Văn Minh').click();
    await page.getByRole('heading', { name: 'Lò Văn Minh' }).waitFor();
    await page.getByText('Người nhận thay', { exact: true }).waitFor();
    expect(await page.getByText('Lò Thị Hoa', { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByText('Người giám hộ', { exact: true }).count()).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });

  it('finds a beneficiary by a name typed without diacritics and opens the record', async () => {
    const list = await apiGet<{ items: ListItem[] }>('canbo.kontum', `/api/v1/beneficiaries?commune=${konTum}&limit=100`);
    // A demo person whose name has diacritics (almost every Vietnamese name does).
    const person = list.items.find((item) => foldVietnamese(item.fullName) !== item.fullName.toLowerCase());
    expect(person).toBeDefined();
    const typed = foldVietnamese(person!.fullName);

    const page = await openPage();
    await logIn(page, 'canbo.kontum');
    await page.getByRole('menu').getByText('Đối tượng', { exact: true }).click();
    await page.getByRole('heading', { name: 'Đối tượng' }).waitFor();
    await page.getByLabel('Tìm đối tượng').fill(typed);
    await page.getByLabel('Tìm đối tượng').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(typed);
    // Every row found carries the typed name, whatever its diacritics (polled: the list reloads).
    const names = () => page.locator('.ant-table-row td:first-child a').allTextContents();
    await expect.poll(async () => (await names()).every((name) => foldVietnamese(name).includes(typed))).toBe(true);
    const row = page.locator('.ant-table-row', { hasText: person!.personalId });
    await row.waitFor();
    expect((await names()).length).toBeGreaterThan(0);
    await screenshot(page, 'registry-search');

    await row.getByText(person!.fullName, { exact: true }).click();
    await page.getByRole('heading', { name: person!.fullName }).waitFor();
    await page.getByText('Thông tin cá nhân').waitFor();
    expect(await page.getByTestId('amount-current').textContent()).toMatch(/^[\d.]+\s₫$/);
    await page.getByText('Lịch sử thay đổi').waitFor();
    await screenshot(page, 'registry-detail');
    // Back to the same filtered list.
    await page.getByRole('button', { name: 'Danh sách đối tượng' }).click();
    await page.locator('.ant-table-row', { hasText: person!.personalId }).waitFor();
    expect(await page.getByLabel('Tìm đối tượng').inputValue()).toBe(typed);
    expect(pageErrors).toEqual([]);
  });

  it('lets the officer propose an account change and the approver approve it', async () => {
    const list = await apiGet<{ items: ListItem[] }>('canbo.kontum', `/api/v1/beneficiaries?commune=${konTum}&channel=TIEN_MAT&status=DANG_HUONG&limit=100`);
    const person = list.items.find((item) => item.enrolments.length === 1 && item.enrolments[0]!.status === 'DANG_HUONG');
    expect(person).toBeDefined();
    const holder = foldVietnamese(person!.fullName).toUpperCase();

    // The officer proposes a bank account from the beneficiary's record.
    const officer = await openPage();
    await logIn(officer, 'canbo.kontum');
    await officer.goto(`${server.url}/registry?id=${person!.personalId}`);
    await officer.getByRole('heading', { name: person!.fullName }).waitFor();
    await officer.getByRole('button', { name: 'Đổi tài khoản nhận tiền' }).click();
    const dialog = officer.getByRole('dialog');
    await dialog.getByLabel('Ngân hàng, ví hoặc tổ chức chi trả').click();
    await officer.keyboard.type('agribank');
    await officer.locator('.ant-select-item-option', { hasText: 'Agribank (970405)' }).click();
    // the choice shows in the dialog (the list of options lives outside it)
    await dialog.getByTitle('Agribank (970405)').waitFor();
    await dialog.getByLabel('Số tài khoản ngân hàng').fill('5100201000011');
    await dialog.getByLabel('Tên chủ tài khoản').fill(holder);
    await dialog.getByRole('button', { name: 'Gửi đề xuất' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The lasting state, not the toast: a toast is gone after a few seconds on a slow machine.
    await officer.getByText('Đang chờ phê duyệt thay đổi tài khoản (1)').waitFor();
    await screenshot(officer, 'account-proposed');
    // The officer sees the queue but cannot approve.
    await officer.getByRole('menu').getByText('Tài khoản chi trả', { exact: true }).click();
    const officerCard = officer.locator('[data-testid^=proposal-]', { hasText: person!.fullName });
    await officerCard.waitFor();
    expect(await officerCard.getByRole('button', { name: 'Phê duyệt' }).count()).toBe(0);

    // The approver sees old and new side by side and approves.
    const approver = await openPage();
    await logIn(approver, 'duyet.kontum');
    await approver.getByRole('menu').getByText('Tài khoản chi trả', { exact: true }).click();
    const card = approver.locator('[data-testid^=proposal-]', { hasText: person!.fullName });
    await card.waitFor();
    expect(await card.textContent()).toContain('Đang dùng');
    expect(await card.textContent()).toContain('Tiền mặt tại điểm chi trả');
    expect(await card.textContent()).toContain('5100201000011');
    expect(await card.textContent()).toContain('Đề xuất bởi canbo.kontum');
    await screenshot(approver, 'accounts-queue');
    await card.getByRole('button', { name: 'Phê duyệt' }).click();
    await approver.getByRole('dialog').getByRole('button', { name: 'Phê duyệt' }).click();
    await approver.getByText('Tài khoản mới áp dụng từ tháng', { exact: false }).waitFor();
    await card.waitFor({ state: 'detached' });
    await approver.getByText('Đã phê duyệt', { exact: true }).click();
    const approved = approver.locator('[data-testid^=proposal-]', { hasText: person!.fullName });
    await approved.waitFor();
    expect(await approved.textContent()).toContain('Xử lý bởi duyet.kontum');
    await screenshot(approver, 'accounts-approved');

    // Back on the record: the bank account is active and the history shows the approval.
    await officer.goto(`${server.url}/registry?id=${person!.personalId}`);
    await officer.getByRole('heading', { name: person!.fullName }).waitFor();
    await officer.getByText('Đổi tài khoản (đã phê duyệt)').waitFor();
    expect(await officer.getByText('5100201000011').count()).toBeGreaterThan(0);
    expect(await officer.getByText('Đang chờ phê duyệt thay đổi tài khoản', { exact: false }).count()).toBe(0);
    await screenshot(officer, 'account-approved-record');
    expect(pageErrors).toEqual([]);
  });
});
