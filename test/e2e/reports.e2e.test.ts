import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { rootDir, webDistDir } from '../../src/core/paths.js';
import { parseVnd, type AmountVnd } from '../../src/core/money.js';
import { demoPassword } from '../../src/demo/seed.js';
import type { RunningServer } from '../../src/server.js';
import { browserPages } from '../helpers/browser.js';
import { pdfText } from '../helpers/pdf-text.js';
import { e2eServerEnv, startE2eServer } from './server-env.js';

/**
 * Issue #21's "Done when", in the browser against the real server and the demo data of a first
 * start (a year of history): Phường Kon Tum's officer opens Reports, reads last month's results,
 * their charts and the twelve months' trends, downloads the form (XLSX and PDF) and submits the
 * report, late; the commune's approver confirms it (the officer may not); the province sees each
 * commune's status and its roll-up; and the figures on the page agree with the ledger's settlement
 * of the month's cycle to the đồng. Last month is always closed in the demo, whatever today's date.
 * Screenshots go to test-results/ for a human to look at.
 */

const screenshotDir = join(rootDir, 'test-results');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
const pages = browserPages(() => browser, screenshotDir, { viewport: { width: 1440, height: 900 } });
const { pageErrors, openPage } = pages;

/** A month in Vietnam (UTC+7, the app's and the browser's time zone): `back` months before this one. */
function vietnamMonth(back: number): { iso: string; text: string } {
  const vietnam = new Date(Date.now() + 7 * 3_600_000);
  const month = new Date(Date.UTC(vietnam.getUTCFullYear(), vietnam.getUTCMonth() - back, 1));
  const yyyy = month.getUTCFullYear();
  const mm = String(month.getUTCMonth() + 1).padStart(2, '0');
  return { iso: `${yyyy}-${mm}`, text: `${mm}/${yyyy}` };
}

const lastMonth = vietnamMonth(1);
const thisMonth = vietnamMonth(0);

/** A new browser session of `username`, logged in on the way to the Reports page. */
async function openReports(username: string): Promise<Page> {
  const page = await openPage();
  await page.goto(`${server.url}/reports`);
  await page.waitForURL('**/login');
  await pages.fillLogin(page, username, demoPassword);
  await page.waitForURL((url) => url.pathname === '/reports');
  await page.getByTestId('report-monthly').waitFor();
  return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Chooses the month of the monthly report (the month picker's "MM/YYYY"), waiting for its figures. */
async function chooseMonth(page: Page, month: { iso: string; text: string }): Promise<void> {
  const loaded = page.waitForResponse((response) => {
    const url = new URL(response.url());
    return url.pathname === '/api/v1/reports/monthly' && url.searchParams.get('month') === month.iso && response.ok();
  });
  const picker = page.getByLabel('Tháng chi trả');
  await picker.click();
  await picker.fill(month.text);
  await picker.press('Enter');
  await loaded;
  await expect.poll(() => picker.inputValue()).toBe(month.text);
  await page.getByTestId('monthly-total').waitFor();
}

/** The least-squares slope of a series against its index: positive when it rises overall. */
function slope(values: number[]): number {
  const n = values.length;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((sum, value) => sum + value, 0) / n;
  const covariance = values.reduce((sum, value, index) => sum + (index - meanX) * (value - meanY), 0);
  const variance = values.reduce((sum, _value, index) => sum + (index - meanX) ** 2, 0);
  return covariance / variance;
}

/** A call to the API with the page's own session (same origin, its cookie), for what the UI does not do. */
async function apiCall(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      return { status: response.status, json };
    },
    { method, path, body },
  );
}

/** An amount as the page prints it ("12.345.600 ₫", Vietnamese grouping with dots) in đồng. */
function parseDong(text: string | null): AmountVnd {
  const match = /([\d.]+)\s*₫/.exec(text ?? '');
  if (!match) throw new Error(`no amount in "${text}"`);
  expect(match[1]).toMatch(/^\d{1,3}(\.\d{3})*$/);
  return parseVnd(match[1]!);
}

/** The due and paid amounts of the report's total row ("Tổng cộng"), as the page shows them. */
async function pageTotals(page: Page): Promise<{ due: AmountVnd; paid: AmountVnd; paidPeople: number }> {
  const cells = page.getByTestId('monthly-total').locator('td');
  const due = parseDong(await cells.nth(2).textContent());
  const paidCell = cells.nth(3);
  const paid = parseDong(await paidCell.getByText('₫').textContent());
  const paidPeople = Number((await paidCell.locator('span').first().textContent())?.replaceAll('.', ''));
  return { due, paid, paidPeople };
}

/** Downloads the file a button of the page builds, into the test's folder. */
async function download(page: Page, button: Locator): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const saved = join(dataDir, file.suggestedFilename());
  await file.saveAs(saved);
  return readFileSync(saved);
}

interface TrendMonth {
  unit: string | null;
  cashlessShare: number | null;
  paid: { people: number };
}
interface SubmissionRow {
  unit: string;
  status: string;
  late: boolean;
  submission: { id: number; submittedBy: string } | null;
}
interface CycleRow {
  id: number;
  month: string;
  provinceCode: string;
  communeCode: string | null;
  status: string;
}
interface Settlement {
  fundedVnd: string;
  paidVnd: string;
  balances: boolean;
  status: string;
}

describe('monthly reports in Chromium (issue #21)', () => {
  /** Phường Kon Tum's totals of last month as the officer's page shows them. */
  let communeTotals: { due: AmountVnd; paid: AmountVnd; paidPeople: number } | undefined;

  beforeAll(async () => {
    if (!existsSync(join(webDistDir, 'index.html'))) {
      throw new Error(`The web app is not built (${webDistDir}/index.html missing): run "npm run build" first.`);
    }
    if (!existsSync(chromiumPath)) {
      throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
    }
    mkdirSync(screenshotDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'asxh-e2e-reports-'));
    const config = loadConfig(e2eServerEnv(dataDir, 300, { yearOfHistory: true }));
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
  });

  it('shows the commune officer a year of trends, last month’s results and charts, the forms, and takes the late report', async () => {
    // The page opens on this month: its trends are the year of history, the cashless share rising.
    const trendsLoaded = (month: string) =>
      (response: { url(): string; ok(): boolean }) => {
        const url = new URL(response.url());
        return url.pathname === '/api/v1/reports/trends' && url.searchParams.get('to') === month && response.ok();
      };
    const page = await openPage();
    const trendsResponse = page.waitForResponse(trendsLoaded(thisMonth.iso));
    await page.goto(`${server.url}/reports`);
    await page.waitForURL('**/login');
    await pages.fillLogin(page, 'canbo.kontum', demoPassword);
    const trends = ((await (await trendsResponse).json()) as { months: TrendMonth[] }).months;
    expect(trends.map((month) => month.unit)).toEqual(Array.from({ length: 12 }, (_, index) => vietnamMonth(11 - index).iso));
    // The closed months (this month is still being paid, and on its first days has little paid yet).
    const closed = trends.slice(0, -1).map((month) => month.cashlessShare);
    expect(closed.every((share) => share !== null && share > 0 && share <= 1)).toBe(true);
    // The campaign opens accounts month by month: the share climbs over the year. Refused transfers
    // are paid in cash the same month in Quảng Ngãi, so a month may dip below the one before; the
    // trend (least-squares slope) rises, and every closed month of the second half is above the first.
    const shares = closed as number[];
    expect(slope(shares)).toBeGreaterThan(0);
    expect(shares.at(-1)!).toBeGreaterThan(shares[0]!);
    expect(Math.min(...shares.slice(6))).toBeGreaterThan(shares[0]!);
    const trendsCard = page.getByTestId('trends-card');
    // Three charts (channels, share against the target, failures), each drawn.
    await expect.poll(() => trendsCard.locator('.recharts-wrapper').count()).toBe(3);
    await expect.poll(() => trendsCard.locator('.recharts-line-curve').count()).toBeGreaterThan(0);

    // Last month: the commune's results with their figures, and the charts drawn.
    await chooseMonth(page, lastMonth);
    const table = page.getByTestId('monthly-table');
    await table.getByText('Phường Kon Tum').first().waitFor();
    communeTotals = await pageTotals(page);
    expect(communeTotals.due).toBeGreaterThan(0n);
    expect(communeTotals.paid).toBeGreaterThan(0n);
    expect(communeTotals.paid).toBeLessThanOrEqual(communeTotals.due);
    expect(communeTotals.paidPeople).toBeGreaterThan(0);
    const channels = page.getByTestId('chart-channels');
    await channels.locator('.recharts-wrapper').waitFor();
    await expect.poll(() => channels.locator('.recharts-bar-rectangle path').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('trends-card').getByText(`Xu hướng 12 tháng đến ${lastMonth.text}`).count()).toBe(1);
    await screenshot(page, 'reports-commune-month');

    // The form to sign, as XLSX: the unit, the month, the total row and the three signature blocks.
    const xlsx = await download(page, page.getByTestId('monthly-xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]![0]).toBe(`BÁO CÁO KẾT QUẢ CHI TRẢ THÁNG ${lastMonth.text}`);
    expect(rows[1]![0]).toBe('Phường Kon Tum — tất cả chương trình');
    const totalRow = rows.find((row) => row[1] === 'TỔNG CỘNG');
    expect(totalRow).toBeDefined();
    // STT, unit, people, due, paid people, paid amount: the page's figures to the đồng.
    expect(parseVnd(totalRow![3] as number)).toBe(communeTotals.due);
    expect(totalRow![4]).toBe(communeTotals.paidPeople);
    expect(parseVnd(totalRow![5] as number)).toBe(communeTotals.paid);
    const words = rows.flat().map(String);
    for (const block of ['Người lập biểu', 'Kế toán', 'Thủ trưởng đơn vị']) expect(words).toContain(block);
    expect(words.some((cell) => cell.startsWith('Tổng số tiền đã chi bằng chữ:'))).toBe(true);

    // The same form as PDF, to print and sign.
    const pdf = await download(page, page.getByTestId('monthly-pdf'));
    expect(pdf.length).toBeGreaterThan(1_000);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const printed = pdfText(pdf);
    expect(printed).toContain(`BÁO CÁO KẾT QUẢ CHI TRẢ THÁNG ${lastMonth.text}`);
    expect(printed).toContain('Thủ trưởng đơn vị');

    // The report of last month is overdue; the officer submits it, late.
    const panel = page.getByTestId('submission-commune');
    await expect.poll(() => panel.textContent()).toContain('Chưa nộp');
    expect(await panel.getByTestId('late-23293').textContent()).toBe('Quá hạn');
    await panel.getByRole('button', { name: 'Nộp báo cáo' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await page.getByText('Đã nộp báo cáo (phiên bản 1)').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => panel.textContent()).toContain('Đã nộp, chờ xác nhận');
    expect(await panel.getByTestId('late-23293').textContent()).toBe('Nộp muộn');
    expect(await panel.textContent()).toContain('Nộp bởi canbo.kontum');
    await screenshot(page, 'reports-commune-submitted');
    await page.getByTestId('submission-panel').screenshot({ path: join(screenshotDir, 'reports-commune-submission.png') });

    // The officer is not offered the confirmation, and the server refuses it to them all the same.
    expect(await panel.getByRole('button', { name: 'Xác nhận báo cáo' }).count()).toBe(0);
    const list = await apiCall(page, 'GET', `/api/v1/reports/submissions?month=${lastMonth.iso}&unit=23293`);
    expect(list.status).toBe(200);
    const own = (list.json as { rows: SubmissionRow[] }).rows.find((row) => row.unit === '23293');
    expect(own).toMatchObject({ status: 'SUBMITTED', late: true, submission: { submittedBy: 'canbo.kontum' } });
    const refused = await apiCall(page, 'POST', `/api/v1/reports/submissions/${own!.submission!.id}/confirm`, {});
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    const after = await apiCall(page, 'GET', `/api/v1/reports/submissions?month=${lastMonth.iso}&unit=23293`);
    expect((after.json as { rows: SubmissionRow[] }).rows.find((row) => row.unit === '23293')?.status).toBe('SUBMITTED');
    expect(pageErrors).toEqual([]);
  });

  it('lets the commune’s approver confirm the report', async () => {
    const page = await openReports('duyet.kontum');
    await chooseMonth(page, lastMonth);
    const panel = page.getByTestId('submission-commune');
    await expect.poll(() => panel.textContent()).toContain('Đã nộp, chờ xác nhận');
    // The approver checks the same figures the officer submitted.
    expect(await pageTotals(page)).toEqual(communeTotals);
    await panel.getByRole('button', { name: 'Xác nhận báo cáo' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Ý kiến (không bắt buộc)').fill('Đã đối chiếu số liệu với danh sách chi trả.');
    await dialog.getByRole('button', { name: 'Xác nhận báo cáo' }).click();
    await page.getByText('Đã xác nhận báo cáo').first().waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => panel.textContent()).toContain('Đã xác nhận');
    expect(await panel.textContent()).toContain('Xác nhận bởi duyet.kontum');
    expect(await panel.getByTestId('late-23293').textContent()).toBe('Nộp muộn');
    expect(await panel.getByRole('button', { name: 'Xác nhận báo cáo' }).count()).toBe(0);
    await screenshot(page, 'reports-commune-confirmed');
    expect(pageErrors).toEqual([]);
  });

  it('shows the province every commune’s status and its roll-up, and the figures agree with the ledger to the đồng', async () => {
    const page = await openReports('tinh.quangngai');
    await chooseMonth(page, lastMonth);
    const table = page.getByTestId('monthly-table');
    for (const name of ['Phường Kon Tum', 'Xã Đăk Hà', 'Xã Tây Trà Bồng']) await table.getByText(name, { exact: true }).waitFor();
    const province = await pageTotals(page);
    expect(province.due).toBeGreaterThan(communeTotals!.due);
    expect(province.paid).toBeGreaterThan(communeTotals!.paid);
    await page.getByTestId('chart-shares').locator('.recharts-wrapper').waitFor();

    // Each commune's report: Kon Tum confirmed (late), Đăk Hà confirmed, Tây Trà Bồng waiting for its approver.
    const statuses = page.getByTestId('submission-communes');
    const statusOf = (name: string) => statuses.locator('tr', { hasText: name }).textContent();
    await expect.poll(() => statusOf('Phường Kon Tum')).toContain('Đã xác nhận');
    expect(await statusOf('Phường Kon Tum')).toContain('Nộp muộn');
    expect(await statusOf('Xã Đăk Hà')).toContain('Đã xác nhận');
    expect(await statusOf('Xã Đăk Hà')).not.toContain('Nộp muộn');
    expect(await statusOf('Xã Tây Trà Bồng')).toContain('Đã nộp, chờ xác nhận');
    expect(await statuses.locator('tbody tr.ant-table-row').count()).toBe(3);
    expect(await page.getByTestId('submission-panel').textContent()).toContain('3/3 đơn vị đã nộp, 2 đã xác nhận');
    await screenshot(page, 'reports-province');
    await page.getByTestId('submission-panel').screenshot({ path: join(screenshotDir, 'reports-province-submissions.png') });
    await page.getByTestId('monthly-table').screenshot({ path: join(screenshotDir, 'reports-province-table.png') });

    // The province's year: the same twelve months, its cashless share rising too.
    const provinceTrends = await apiCall(page, 'GET', `/api/v1/reports/trends?from=${vietnamMonth(11).iso}&to=${thisMonth.iso}&unit=51`);
    expect(provinceTrends.status).toBe(200);
    const provinceMonths = (provinceTrends.json as { months: TrendMonth[] }).months;
    expect(provinceMonths.map((month) => month.unit)).toEqual(Array.from({ length: 12 }, (_, index) => vietnamMonth(11 - index).iso));
    const provinceShares = provinceMonths.slice(0, -1).map((month) => month.cashlessShare ?? 0);
    expect(slope(provinceShares)).toBeGreaterThan(0);
    expect(provinceShares.at(-1)!).toBeGreaterThan(provinceShares[0]!);

    // The ledger: the settlement of last month's cycle of the province, from the Treasury's funding to the payouts.
    const cycles = await apiCall(page, 'GET', `/api/v1/payroll/cycles?month=${lastMonth.iso}`);
    expect(cycles.status).toBe(200);
    const cycle = (cycles.json as CycleRow[]).find((row) => row.provinceCode === '51' && row.communeCode === null && row.month === lastMonth.iso);
    expect(cycle).toMatchObject({ status: 'CLOSED' });
    const settlement = await apiCall(page, 'GET', `/api/v1/payroll/cycles/${cycle!.id}/settlement`);
    expect(settlement.status).toBe(200);
    const ledger = settlement.json as Settlement;
    expect(ledger.balances).toBe(true);
    expect(parseVnd(ledger.fundedVnd)).toBe(province.due);
    expect(parseVnd(ledger.paidVnd)).toBe(province.paid);
    expect(pageErrors).toEqual([]);
  });
});
