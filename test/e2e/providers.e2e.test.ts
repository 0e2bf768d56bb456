import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { rootDir, webDistDir } from '../../src/core/paths.js';
import { formatVnd, multiplyVnd, parseVnd, vnd, type AmountVnd } from '../../src/core/money.js';
import { demoPassword } from '../../src/demo/seed.js';
import { secretFingerprint } from '../../src/modules/disbursement/endpoints.service.js';
import type { RunningServer } from '../../src/server.js';
import { startProviderSimulator, type ProviderSimulator } from '../../src/simulators/providers/index.js';
import { browserPages } from '../helpers/browser.js';
import { g2pConformance, type G2pConformance } from '../helpers/g2p-openapi.js';
import { expectXsdValid } from '../helpers/xsd.js';
import { e2eServerEnv, startE2eServer } from './server-env.js';

/**
 * Issue #20's "Done when", in the browser against the real server and demo data: the system
 * administrator connects Agribank (970405) over host-to-host files and Viettel Money (971005) over
 * G2P Connect, each to a simulator started here; the province sets its own fees for both and
 * proposes a new paying account for social assistance, which the administrator approves (the
 * proposer may not); then a social-assistance list of Phường Kon Tum is prepared, approved and
 * funded with the fees in the Treasury table, and the commune officer downloads the bank's
 * pain.001 (valid against the official XSD, with the new debtor account) and sends the wallet's
 * batch, whose whole conversation is held to the published G2P Connect API.
 * Screenshots go to test-results/ for a human to look at.
 */

const screenshotDir = join(rootDir, 'test-results');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const bankCode = '970405';
const walletCode = '971005';
// Throwaway credentials shared with the simulators of this test only.
const bankSecret = 'e2e-agribank-h2h-secret-0001';
const walletSecret = 'e2e-viettel-g2p-secret-00001';
const walletToken = 'e2e-viettel-bearer-token-0001';
/** The province's new paying account for social assistance (TGXH). */
const payerAccount = '3900201051777';
const payerName = 'Sở Y tế tỉnh Quảng Ngãi - chi trợ giúp xã hội';
/** The province's fee terms: fixed parts only, so that the fee of every payment is known here. */
const bankFee = { fixedVnd: '3.300', vatPct: '10', perPaymentVnd: vnd(3_630n) };
const walletFee = { fixedVnd: '2.000', vatPct: '10', perPaymentVnd: vnd(2_200n) };

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let bank: ProviderSimulator;
let wallet: ProviderSimulator;
let g2p: G2pConformance;
/** Every ISO 20022 document the bank simulator accepted or published. */
const isoDocuments: string[] = [];
const pages = browserPages(() => browser, screenshotDir, { viewport: { width: 1440, height: 900 } });
const { pageErrors, openPage } = pages;

async function logIn(page: Page, username: string): Promise<void> {
  await pages.fillLogin(page, username, demoPassword);
}

/** A new browser session of `username`, logged in on the way to `path` (with its `query`). */
async function openAs(username: string, path: string, query = ''): Promise<Page> {
  const page = await openPage();
  await page.goto(`${server.url}${path}${query}`);
  await page.waitForURL('**/login');
  await logIn(page, username);
  await page.waitForURL((url) => url.pathname === path);
  return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Closes an antd modal by its close button (Escape reaches it only while the focus is inside). */
async function closeDialog(dialog: Locator): Promise<void> {
  await dialog.locator('.ant-modal-close').click();
  await dialog.waitFor({ state: 'hidden' });
}

/** A call to the API with the page's own session (same origin, its cookie), for what the UI does not do. */
async function apiCall(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown; text: string }> {
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
      return { status: response.status, json, text };
    },
    { method, path, body },
  );
}

/** Picks an option of the antd select labelled `label` (typing `search` first when it is searchable). */
async function choose(scope: Page | Locator, page: Page, label: string, option: string | RegExp, search?: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  if (search !== undefined) await input.fill(search);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: option }).first().click();
}

/**
 * The first day of next month in Vietnam (the app's and the browser's time zone, UTC+7 all year)
 * as "DD/MM/YYYY" and "YYYY-MM-DD", and the month as the month picker shows it.
 */
function nextMonth(): { day: string; iso: string; month: string } {
  const vietnam = new Date(Date.now() + 7 * 3_600_000);
  const next = new Date(Date.UTC(vietnam.getUTCFullYear(), vietnam.getUTCMonth() + 1, 1));
  const yyyy = next.getUTCFullYear();
  const mm = String(next.getUTCMonth() + 1).padStart(2, '0');
  return { day: `01/${mm}/${yyyy}`, iso: `${yyyy}-${mm}-01`, month: `${mm}/${yyyy}` };
}

/** "1.234.567 ₫" as the Money component prints it (with a no-break space before the sign). */
function moneyText(value: AmountVnd): string {
  return formatVnd(value).replace(' ₫', '\u00a0₫');
}

async function cycleStatus(page: Page): Promise<string | null> {
  return page.getByTestId('cycle-status').first().textContent();
}

interface CycleFees {
  basis: string;
  totalVnd: string;
  byProvider: Record<string, { payments: number; amountVnd: string; feeVnd: string }>;
}

describe('providers, fees and paying accounts in Chromium (issue #20)', () => {
  let cycleQuery = '';
  let payerProposal = 0;

  beforeAll(async () => {
    if (!existsSync(join(webDistDir, 'index.html'))) {
      throw new Error(`The web app is not built (${webDistDir}/index.html missing): run "npm run build" first.`);
    }
    if (!existsSync(chromiumPath)) {
      throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
    }
    mkdirSync(screenshotDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'asxh-e2e-providers-'));
    // The simulators: the bank hands every ISO document to the XSD check, the wallet every G2P
    // message to the OpenAPI check, and asks for the bearer token the profile is given below.
    g2p = g2pConformance();
    [bank, wallet] = await Promise.all([
      startProviderSimulator({ kind: 'bank', port: 0, seed: 20, secret: bankSecret, isoDocument: (_direction, xml) => void isoDocuments.push(xml) }),
      // The wallet's on-disburse callback waits (the test shortens the wait once it has asked for the statuses).
      startProviderSimulator({ kind: 'wallet', port: 0, seed: 20, secret: walletSecret, validate: g2p.check, config: { bearerToken: walletToken, callbackDelayMs: 120_000 } }),
    ]);
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
    // The simulators first: a callback still waiting is dropped, not posted to a stopped server.
    await Promise.all([bank?.close(), wallet?.close()]);
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('connects the bank over host-to-host files and the wallet over G2P Connect, showing fingerprints and never a secret', async () => {
    const admin = await openAs('admin', '/providers');
    const profiles = admin.getByTestId('provider-profiles');
    const bankRow = profiles.locator('tr', { hasText: `(${bankCode})` });
    const walletRow = profiles.locator('tr', { hasText: `(${walletCode})` });
    await bankRow.waitFor();

    // Agribank: host-to-host files (the first protocol offered to a bank), its API and secret.
    await bankRow.getByRole('button', { name: 'Kết nối' }).click();
    let dialog = admin.getByRole('dialog');
    await dialog.waitFor();
    await choose(dialog, admin, 'Giao thức', 'Ngân hàng: tệp host-to-host (pain.001)');
    await dialog.getByLabel('Địa chỉ API của tổ chức').fill(bank.url);
    await dialog.getByLabel('Khoá bí mật HMAC').fill(bankSecret);
    await dialog.getByRole('button', { name: 'Lưu kết nối' }).click();
    await admin.getByText('Đã lưu kết nối').first().waitFor();
    // The form forgets the secret once saved; the dialog now offers to keep it by its fingerprint.
    await expect.poll(() => dialog.getByLabel('Khoá bí mật HMAC').inputValue()).toBe('');
    await closeDialog(dialog);
    await expect.poll(() => bankRow.textContent()).toContain('Ngân hàng: tệp host-to-host');
    expect(await bankRow.textContent()).toContain(`Khoá HMAC ${secretFingerprint(bankSecret)}`);

    // Viettel Money: G2P Connect with secret, bearer token, asynchronous status queries, and this
    // server as the callback base URL (the simulator posts on-disburse and on-status there).
    await walletRow.getByRole('button', { name: 'Kết nối' }).click();
    dialog = admin.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Giao thức', { exact: true }).count()).toBe(1);
    await dialog.getByLabel('Địa chỉ API của tổ chức').fill(wallet.url);
    await dialog.getByLabel('Khoá bí mật HMAC').fill(walletSecret);
    await dialog.getByLabel('Bearer token').fill(walletToken);
    await choose(dialog, admin, 'Cách hỏi trạng thái', /^Bất đồng bộ/);
    await dialog.getByLabel('Địa chỉ nhận callback của hệ thống').fill(server.url);
    await screenshot(admin, 'providers-wallet-connection');
    await dialog.getByRole('button', { name: 'Lưu kết nối' }).click();
    await expect.poll(() => walletRow.textContent()).toContain(`Khoá HMAC ${secretFingerprint(walletSecret)}`);
    await closeDialog(dialog);
    const walletText = (await walletRow.textContent()) ?? '';
    expect(walletText).toContain('G2P');
    expect(walletText).toContain('Token');
    expect(walletText).toContain('Bất đồng bộ');
    expect(walletText).toContain(`${server.url}/api/v1/callbacks/g2p/${walletCode}`);

    // Reopened, the dialog keeps the credentials by fingerprint and shows none of them.
    await walletRow.getByRole('button', { name: 'Kết nối' }).click();
    dialog = admin.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Khoá bí mật HMAC').inputValue()).toBe('');
    expect(await dialog.getByLabel('Bearer token').inputValue()).toBe('');
    expect(await dialog.textContent()).toContain(`Để trống: giữ khoá hiện tại (${secretFingerprint(walletSecret)})`);
    await closeDialog(dialog);
    await screenshot(admin, 'providers-connected');

    // Neither the page nor the API it reads carries a secret or the token.
    const html = await admin.content();
    const profilesApi = await apiCall(admin, 'GET', '/api/v1/provider-profiles');
    expect(profilesApi.status).toBe(200);
    for (const secret of [bankSecret, walletSecret, walletToken]) {
      expect(html).not.toContain(secret);
      expect(profilesApi.text).not.toContain(secret);
    }
    expect(pageErrors).toEqual([]);
  });

  it('the province sets its own fees for the bank and the wallet from next month', async () => {
    const { day } = nextMonth();
    const province = await openAs('tinh.quangngai', '/fees');
    const form = province.getByTestId('fee-form');
    await form.waitFor();
    const schedules = province.getByTestId('fee-schedules');
    const ownRows = schedules.locator('tr', { hasText: 'Tỉnh 51' });
    for (const [channel, providerCode, terms] of [
      ['Tài khoản ngân hàng', bankCode, bankFee],
      ['Mobile Money', walletCode, walletFee],
    ] as const) {
      const before = await ownRows.count();
      await choose(form, province, 'Hình thức', channel);
      await choose(form, province, 'Tổ chức chi trả', `(${providerCode})`, providerCode);
      const date = form.getByLabel('Áp dụng từ ngày');
      await date.fill(day);
      // Tab, not Enter: Enter in the picker would submit the form before the terms are typed.
      await date.press('Tab');
      await form.getByLabel('Tỷ lệ (%)').fill('0');
      await form.getByLabel('Phí cố định / món').fill(terms.fixedVnd);
      await form.getByLabel('Thuế GTGT (%)').fill(terms.vatPct);
      await form.getByRole('button', { name: 'Lưu biểu phí' }).click();
      await expect.poll(() => ownRows.count()).toBe(before + 1);
      const row = ownRows.filter({ hasText: `(${providerCode})` });
      expect(await row.count()).toBe(1);
      expect(await row.textContent()).toContain(moneyText(parseVnd(terms.fixedVnd)));
      expect(await row.textContent()).toContain(day.split('/').reverse().join('-'));
    }
    await screenshot(province, 'providers-fees');
    expect(pageErrors).toEqual([]);
  });

  it('the province proposes a paying account for social assistance and the administrator approves it, not the proposer', async () => {
    const province = await openAs('tinh.quangngai', '/payers');
    const form = province.getByTestId('payer-form');
    await form.waitFor();
    expect(await form.getByLabel('Mã tỉnh').inputValue()).toBe('51');
    await choose(form, province, 'Chương trình', 'Trợ giúp xã hội');
    await choose(form, province, 'Ngân hàng', `(${bankCode})`, bankCode);
    await form.getByLabel('Số tài khoản').fill(payerAccount);
    await form.getByLabel('Đơn vị chi trả (tên chủ tài khoản)').fill(payerName);
    await form.getByRole('button', { name: 'Gửi đề xuất' }).click();
    const proposed = province.getByText(/^Đã gửi đề xuất #\d+/);
    await proposed.waitFor();
    payerProposal = Number(/#(\d+)/.exec((await proposed.textContent()) ?? '')?.[1]);
    expect(payerProposal).toBeGreaterThan(0);

    // The proposer is not offered the approval, and the server refuses it anyway.
    const ownRow = province.getByTestId('payers').locator('tr', { hasText: payerAccount });
    await ownRow.waitFor();
    expect(await ownRow.textContent()).toContain('Chờ phê duyệt');
    expect(await ownRow.textContent()).toContain('Đề xuất của bạn: người khác phê duyệt');
    expect(await ownRow.getByTestId(`approve-${payerProposal}`).count()).toBe(0);
    const ownApproval = await apiCall(province, 'POST', `/api/v1/payers/${payerProposal}/approve`);
    expect(ownApproval.status).toBe(403);
    expect(ownApproval.text).toContain('"MAKER_CHECKER"');
    await screenshot(province, 'providers-payer-proposed');

    // The administrator approves it; the demo's account for the programme is replaced.
    const admin = await openAs('admin', '/payers');
    const row = admin.getByTestId('payers').locator('tr', { hasText: payerAccount });
    await row.getByTestId(`approve-${payerProposal}`).click();
    await admin.locator('.ant-popconfirm').getByRole('button', { name: 'Phê duyệt' }).click();
    await expect.poll(() => row.textContent()).toContain('Đang dùng');
    expect(await row.textContent()).toContain('admin');
    const replaced = admin.getByTestId('payers').locator('tr', { hasText: 'Đã thay thế' }).filter({ hasText: 'Trợ giúp xã hội' });
    expect(await replaced.count()).toBeGreaterThanOrEqual(1);
    await screenshot(admin, 'providers-payer-approved');
    expect(pageErrors).toEqual([]);
  });

  it('prepares, approves and funds a social-assistance list with the fees in the Treasury table', async () => {
    const { iso, month } = nextMonth();
    const maker = await openAs('tinh.quangngai', '/payroll');
    await maker.getByRole('heading', { name: 'Danh sách chi trả' }).waitFor();
    await maker.getByLabel('Xã, phường').fill('kon tum');
    await maker.locator('.ant-select-item-option', { hasText: /^Phường Kon Tum$/ }).click();
    await maker.getByRole('button', { name: 'Lập danh sách' }).first().click();
    const generate = maker.getByRole('dialog');
    await generate.waitFor();
    expect(await generate.getByRole('textbox').first().inputValue()).toBe(month);
    // One programme: social assistance is paid from its own account (a list mixing programmes
    // paid from different accounts would be refused at the payment file, PAYER_ACCOUNTS_DIFFER).
    await generate.locator('label', { hasText: 'Trợ giúp xã hội' }).click();
    await expect.poll(() => generate.getByRole('radio', { name: 'Trợ giúp xã hội' }).isChecked()).toBe(true);
    await generate.getByRole('button', { name: 'Lập danh sách' }).click();
    await maker.getByRole('heading', { name: new RegExp(`^Danh sách chi trả tháng ${month}`) }).waitFor({ timeout: 120_000 });
    await expect.poll(() => cycleStatus(maker)).toBe('Nháp');
    cycleQuery = new URL(maker.url()).search;
    expect(cycleQuery).toMatch(/^\?cycle=\d+$/);
    const cycleId = Number(cycleQuery.slice('?cycle='.length));

    // The Treasury table: the fees per provider, priced by the province's schedules of next month.
    await maker.getByRole('tab', { name: 'Bảng tổng hợp' }).click();
    const feesPanel = maker.getByTestId('cycle-fees');
    await feesPanel.getByTestId('cycle-fees-total').waitFor();
    const fees = await apiCall(maker, 'GET', `/api/v1/payroll/cycles/${cycleId}/fees`);
    expect(fees.status).toBe(200);
    const cycleFees = fees.json as CycleFees & { feeDate: string };
    expect(cycleFees.feeDate).toBe(iso);
    for (const [providerCode, terms] of [[bankCode, bankFee], [walletCode, walletFee]] as const) {
      const sums = cycleFees.byProvider[providerCode];
      expect(sums, `the demo's Phường Kon Tum has social-assistance payments through ${providerCode}`).toBeDefined();
      expect(sums!.payments).toBeGreaterThan(0);
      const feeVnd = multiplyVnd(terms.perPaymentVnd, sums!.payments);
      expect(parseVnd(sums!.feeVnd)).toBe(feeVnd);
      const row = feesPanel.locator('tr', { hasText: `(${providerCode})` });
      expect(await row.textContent()).toContain(moneyText(feeVnd));
    }
    expect(await feesPanel.getByTestId('cycle-fees-total').textContent()).toBe(moneyText(parseVnd(cycleFees.totalVnd)));
    await screenshot(maker, 'providers-treasury-fees');

    await maker.getByTestId('action-submit').click();
    await maker.getByRole('dialog').getByRole('button', { name: 'Trình duyệt' }).click();
    await maker.getByText('Đã trình danh sách').waitFor();
    await expect.poll(() => cycleStatus(maker)).toBe('Đã trình');

    // The commune's approver sees the same fees before approving.
    const checker = await openAs('duyet.kontum', '/payroll', cycleQuery);
    await checker.getByTestId('cycle-steps').waitFor();
    await checker.getByRole('tab', { name: 'Bảng tổng hợp' }).click();
    await expect.poll(() => checker.getByTestId('cycle-fees-total').textContent()).toBe(moneyText(parseVnd(cycleFees.totalVnd)));
    await checker.getByTestId('action-approve').click();
    const approve = checker.getByRole('dialog');
    await approve.waitFor();
    if ((await approve.getByRole('checkbox').count()) > 0) await approve.getByRole('checkbox').check();
    await approve.getByRole('button', { name: 'Phê duyệt' }).click();
    await checker.getByText('Đã phê duyệt danh sách').waitFor();
    await expect.poll(() => cycleStatus(checker)).toBe('Đã duyệt');

    await maker.reload();
    await expect.poll(() => cycleStatus(maker)).toBe('Đã duyệt');
    await maker.getByTestId('action-fund').click();
    const fund = maker.getByRole('dialog');
    await fund.waitFor();
    // The amount is typed from the Treasury's document (never prefilled): here, the list's total the dialog names.
    const total = /tổng danh sách: ([\d.]+)/.exec((await fund.textContent()) ?? '')?.[1] ?? '';
    expect(total).toMatch(/^\d{1,3}(\.\d{3})+$/);
    await fund.getByLabel('Số tiền (đồng)').fill(total.replace(/\./g, ''));
    await fund.getByLabel('Số chứng từ chuyển tiền').fill('KBNN-QN-E2E-0020');
    await fund.getByRole('button', { name: 'Ghi nhận cấp kinh phí' }).click();
    await maker.getByText('Đã ghi nhận kinh phí của Kho bạc').waitFor();
    await expect.poll(() => cycleStatus(maker)).toBe('Đã cấp kinh phí');
    expect(pageErrors).toEqual([]);
  });

  it('downloads the bank’s pain.001 (valid against the XSD, from the new account) and sends the wallet’s batch over G2P Connect', async () => {
    expect(cycleQuery).not.toBe('');
    const officer = await openAs('canbo.kontum', '/disbursement', cycleQuery);
    await officer.getByTestId('create-batches').click();
    await officer.getByTestId('batches-totals').waitFor();
    await expect.poll(() => officer.getByTestId('batches').textContent()).toContain('Khớp tổng danh sách');
    const batches = officer.getByTestId('batches');
    const bankFiles = batches.locator('tr', { hasText: `(${bankCode})` }).locator('[data-testid^="files-"]');
    const walletFiles = batches.locator('tr', { hasText: `(${walletCode})` }).locator('[data-testid^="files-"]');
    expect(await bankFiles.count()).toBe(1);
    expect(await walletFiles.count()).toBe(1);
    const walletMessageId = ((await walletFiles.getAttribute('data-testid')) ?? '').slice('files-'.length);

    // The bank's file: pain.001 against the official XSD, the province's new account as debtor.
    await bankFiles.click();
    const [download] = await Promise.all([officer.waitForEvent('download'), officer.getByRole('menuitem', { name: /pain\.001/ }).click()]);
    const saved = join(dataDir, download.suggestedFilename());
    await download.saveAs(saved);
    const pain001 = readFileSync(saved, 'utf8');
    await expectXsdValid(pain001);
    expect(pain001).toContain('<CstmrCdtTrfInitn>');
    expect(pain001).toContain(payerAccount);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^chi-tra-\\d{4}-\\d{2}-\\d+-([a-z0-9]+-)?${bankCode.toLowerCase()}-dot1\\.xml$`));
    // The file is with the bank: the officer hands the batch over (confirmed), so the connection carries nothing of it.
    await batches.getByTestId(`hand-over-${((await bankFiles.getAttribute('data-testid')) ?? '').slice('files-'.length)}`).click();
    await officer.getByRole('dialog').getByRole('button', { name: 'Bàn giao', exact: true }).click();
    await officer.getByText(/^Đã bàn giao lô/).first().waitFor();

    // The wallet's batch through its connection: acknowledged by Viettel Money.
    await batches.getByRole('button', { name: 'Gửi qua kết nối' }).click();
    const report = batches.locator('.ant-alert', { hasText: 'Kết quả gửi lô' });
    await report.waitFor();
    const walletLine = report.locator('li', { hasText: walletMessageId });
    expect(await walletLine.textContent()).toContain('Đã tiếp nhận');
    await screenshot(officer, 'providers-sent');

    // The wallet has paid but holds its on-disburse callback back (configured below), so the items
    // stay open until the officer asks: an asynchronous txn/status query, Acked, whose statuses
    // come to this server's on-status callback route.
    const walletRow = batches.locator('tr', { hasText: `(${walletCode})` });
    expect(await walletRow.textContent()).toMatch(/0\/\d+ có kết quả cuối cùng/);
    wallet.configure({ callbackDelayMs: 20 });
    await batches.getByRole('button', { name: 'Lấy kết quả chi trả' }).click();
    await officer.getByText(/^Đã lấy kết quả/).first().waitFor();
    await expect.poll(() => wallet.stats().callbacks.delivered, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect
      .poll(async () => {
        await officer.getByRole('button', { name: 'Làm mới' }).first().click();
        return walletRow.textContent();
      }, { timeout: 30_000 })
      .toMatch(/(\d+)\/\1 có kết quả cuối cùng/);
    expect(wallet.stats().unauthorized).toBe(0);
    expect(wallet.stats().statusQueries).toBeGreaterThan(0);
    await screenshot(officer, 'providers-results');

    // Every G2P Connect message of the conversation, both ways, as the published API says.
    expect(g2p.violations).toEqual([]);
    for (const message of ['/disburse', '/disburse/txn/status', '/disburse/txn/on-status']) {
      expect(g2p.checked[`request ${message}`], `request ${message}`).toBeGreaterThan(0);
      expect(g2p.checked[`response ${message}`], `response ${message}`).toBeGreaterThan(0);
    }
    // The bank's batch was handed over by file, so its connection carried nothing; whatever ISO
    // document it did see would be held to its XSD too.
    for (const xml of isoDocuments) await expectXsdValid(xml);
    expect(pageErrors).toEqual([]);
  });
});
