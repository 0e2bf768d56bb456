import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { rootDir, webDistDir } from '../../src/core/paths.js';
import { demoPassword } from '../../src/demo/seed.js';
import type { RunningServer } from '../../src/server.js';
import { browserPages } from '../helpers/browser.js';
import { e2eServerEnv, startE2eServer } from './server-env.js';

/**
 * The monthly payroll in the browser, against the real server and demo data: a provincial officer
 * prepares next month's list for Phường Kon Tum and submits it; the server refuses her own
 * approval (maker-checker) and the page shows why; the commune's approver reads the change list
 * and approves; the provincial officer records the Treasury funding, typing the amount from the document;
 * the commune officer then splits the funded list into batches and downloads a payment file.
 * Screenshots go to test-results/ for a human to look at.
 */

const screenshotDir = join(rootDir, 'test-results');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
const pages = browserPages(() => browser, screenshotDir, { viewport: { width: 1440, height: 900 } });
const { pageErrors, openPage } = pages;

async function logIn(page: Page, username: string): Promise<void> {
  await pages.fillLogin(page, username, demoPassword);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** "MM/YYYY" of next month, as the month picker shows it. */
function nextMonthText(): string {
  const now = new Date();
  const next = new Date(now.getFullYear(), now.getMonth() + 1, 1);
  return `${String(next.getMonth() + 1).padStart(2, '0')}/${next.getFullYear()}`;
}

async function cycleStatus(page: Page): Promise<string | null> {
  return page.getByTestId('cycle-status').first().textContent();
}

describe('payroll in Chromium', () => {
  let cycleUrl = '';

  beforeAll(async () => {
    if (!existsSync(join(webDistDir, 'index.html'))) {
      throw new Error(`The web app is not built (${webDistDir}/index.html missing): run "npm run build" first.`);
    }
    if (!existsSync(chromiumPath)) {
      throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
    }
    mkdirSync(screenshotDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'asxh-e2e-payroll-'));
    const config = loadConfig(e2eServerEnv(dataDir, 300));
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

  it('prepares next month’s list, refuses self-approval, is approved by another user and funded', async () => {
    const month = nextMonthText();

    // The provincial officer prepares the list of Phường Kon Tum for next month.
    const maker = await openPage();
    await maker.goto(`${server.url}/payroll`);
    await maker.waitForURL('**/login');
    await logIn(maker, 'tinh.quangngai');
    await maker.getByRole('heading', { name: 'Danh sách chi trả' }).waitFor();
    await maker.getByLabel('Xã, phường').fill('kon tum');
    await maker.locator('.ant-select-item-option', { hasText: /^Phường Kon Tum$/ }).click();
    await maker.getByRole('button', { name: 'Lập danh sách' }).first().click();
    const generate = maker.getByRole('dialog');
    await generate.waitFor();
    expect(await maker.getByTestId('generate-locality').textContent()).toBe('Phường Kon Tum, Tỉnh Quảng Ngãi');
    expect(await generate.getByRole('textbox').first().inputValue()).toBe(month);
    await screenshot(maker, 'payroll-generate');
    await generate.getByRole('button', { name: 'Lập danh sách' }).click();

    await maker.getByRole('heading', { name: `Danh sách chi trả tháng ${month}` }).waitFor({ timeout: 120_000 });
    await expect.poll(() => cycleStatus(maker)).toBe('Nháp');
    cycleUrl = new URL(maker.url()).search;
    expect(cycleUrl).toMatch(/^\?cycle=\d+$/);
    // The change list against last month, with its counts, and the summary with the total in words.
    await maker.getByTestId('change-counts').waitFor();
    expect(await maker.getByTestId('change-counts').textContent()).toContain('Tăng mới');
    await maker.getByRole('tab', { name: 'Bảng tổng hợp' }).click();
    await maker.getByTestId('summary-in-words').waitFor();
    expect(await maker.getByTestId('summary-in-words').textContent()).toMatch(/đồng/);
    await screenshot(maker, 'payroll-draft');

    await maker.getByTestId('action-submit').click();
    await maker.getByRole('dialog').getByRole('button', { name: 'Trình duyệt' }).click();
    await maker.getByText('Đã trình danh sách').waitFor();
    await expect.poll(() => cycleStatus(maker)).toBe('Đã trình');

    // The same person may not approve: the server refuses and the dialog says why.
    await maker.getByTestId('action-approve').click();
    const approveOwn = maker.getByRole('dialog');
    await approveOwn.waitFor();
    if ((await approveOwn.getByRole('checkbox').count()) > 0) await approveOwn.getByRole('checkbox').check();
    await approveOwn.getByRole('button', { name: 'Phê duyệt' }).click();
    await maker.getByTestId('action-error').waitFor();
    expect(await maker.getByTestId('action-error').textContent()).toContain('Người lập và trình danh sách không được tự phê duyệt');
    await screenshot(maker, 'payroll-maker-checker');
    await approveOwn.getByRole('button', { name: 'Huỷ' }).click();
    await expect.poll(() => cycleStatus(maker)).toBe('Đã trình');
    // The maker takes the list back to draft and submits it again.
    await maker.getByTestId('action-withdraw').click();
    await maker.getByRole('dialog').getByRole('button', { name: 'Rút lại để sửa' }).click();
    await maker.getByText('Đã rút lại danh sách về bản nháp').waitFor();
    await expect.poll(() => cycleStatus(maker)).toBe('Nháp');
    await maker.getByTestId('action-submit').click();
    await maker.getByRole('dialog').getByRole('button', { name: 'Trình duyệt' }).click();
    await expect.poll(() => cycleStatus(maker)).toBe('Đã trình');

    // A commune officer sees the submitted list but has no approval action.
    const officer = await openPage();
    await officer.goto(`${server.url}/payroll${cycleUrl}`);
    await logIn(officer, 'canbo.kontum');
    await officer.getByTestId('cycle-steps').waitFor();
    await expect.poll(() => cycleStatus(officer)).toBe('Đã trình');
    expect(await officer.getByTestId('action-approve').count()).toBe(0);

    // The commune's approver reads the changes and the warnings, then approves.
    const checker = await openPage();
    await checker.goto(`${server.url}/payroll${cycleUrl}`);
    await logIn(checker, 'duyet.kontum');
    await checker.getByTestId('cycle-steps').waitFor();
    await checker.getByTestId('change-counts').waitFor();
    await screenshot(checker, 'payroll-approver');
    await checker.getByTestId('action-approve').click();
    const approve = checker.getByRole('dialog');
    await approve.waitFor();
    if ((await approve.getByRole('checkbox').count()) > 0) await approve.getByRole('checkbox').check();
    await approve.getByLabel('Ý kiến (không bắt buộc)').fill('Đã kiểm tra danh sách tăng, giảm.');
    await approve.getByRole('button', { name: 'Phê duyệt' }).click();
    await checker.getByText('Đã phê duyệt danh sách').waitFor();
    await expect.poll(() => cycleStatus(checker)).toBe('Đã duyệt');

    // The provincial officer records the Treasury transfer, typing the amount from the Treasury's document (not prefilled).
    await maker.reload();
    await expect.poll(() => cycleStatus(maker)).toBe('Đã duyệt');
    await maker.getByTestId('action-fund').click();
    const fund = maker.getByRole('dialog');
    await fund.waitFor();
    expect(await fund.getByLabel('Số tiền (đồng)').inputValue()).toBe('');
    // The document's amount is the list's total (the dialog names it).
    const amount = /tổng danh sách: ([\d.]+)/.exec((await fund.textContent()) ?? '')?.[1] ?? '';
    expect(amount).toMatch(/^\d{1,3}(\.\d{3})+$/);
    await fund.getByLabel('Số tiền (đồng)').fill(amount.replace(/\./g, ''));
    await fund.getByLabel('Số chứng từ chuyển tiền').fill('KBNN-QN-E2E-0001');
    await fund.getByRole('button', { name: 'Ghi nhận cấp kinh phí' }).click();
    await maker.getByText('Đã ghi nhận kinh phí của Kho bạc').waitFor();
    await expect.poll(() => cycleStatus(maker)).toBe('Đã cấp kinh phí');
    expect(await maker.getByText(`Kho bạc đã chuyển ${amount}`, { exact: false }).count()).toBe(1);
    await screenshot(maker, 'payroll-funded');
    expect(pageErrors).toEqual([]);
  });

  it('splits the funded list into batches and downloads a payment file', async () => {
    expect(cycleUrl).not.toBe('');
    const page = await openPage();
    await page.goto(`${server.url}/disbursement${cycleUrl}`);
    await logIn(page, 'canbo.kontum');
    await page.getByTestId('create-batches').click();
    // The totals are on the page before the batches exist ("0 lô"): wait for the created batches.
    await page.getByTestId('batches-totals').waitFor();
    await expect.poll(() => page.getByTestId('batches').textContent()).toContain('Khớp tổng danh sách');

    const notHandedOver = () => page.getByText('Chưa bàn giao', { exact: true }).count();
    const before = await notHandedOver();
    const bank = page.locator('[data-testid^="files-"][data-testid*="-BANK-"]');
    const hasBank = (await bank.count()) > 0;
    await (hasBank ? bank.first() : page.locator('[data-testid^="files-"]').first()).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: hasBank ? /pain\.001/ : /CSV/ }).click(),
    ]);
    const saved = join(dataDir, download.suggestedFilename());
    await download.saveAs(saved);
    const content = readFileSync(saved, 'utf8');
    if (hasBank) expect(content).toContain('<CstmrCdtTrfInitn>');
    else expect(content).toContain('MaThamChieu');
    // The file is named by month, locality, provider and round; downloading does not hand the batch over.
    expect(download.suggestedFilename()).toMatch(/^chi-tra-\d{4}-\d{2}-\d+(-[a-z0-9]+)+-dot1\.(xml|csv)$/);
    expect(await notHandedOver()).toBe(before);
    // Handing over is its own act, confirmed.
    await (hasBank ? page.locator('[data-testid^="hand-over-"][data-testid*="-BANK-"]') : page.locator('[data-testid^="hand-over-"]')).first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Bàn giao', exact: true }).click();
    await expect.poll(notHandedOver).toBe(before - 1);
    await screenshot(page, 'disbursement-batches');
    expect(pageErrors).toEqual([]);
  });
});
