import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { rootDir, webDistDir } from '../../src/core/paths.js';
import { demoPassword } from '../../src/demo/seed.js';
import type { RunningServer } from '../../src/server.js';
import { screenshotFailures } from '../helpers/browser.js';
import { e2eServerEnv, startE2eServer } from './server-env.js';

/**
 * The web app against the real server: log in through the form, the Vietnamese dashboard with the
 * user's locality, the language switch, the audit log and users pages as admin, a wrong password.
 * Screenshots go to test-results/ for a human to look at.
 */

const screenshotDir = join(rootDir, 'test-results');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
const contexts: BrowserContext[] = [];
screenshotFailures(contexts, screenshotDir);
/** Uncaught exceptions and console errors of every page, checked after each test. */
const pageErrors: string[] = [];

async function openPage(viewport = { width: 1366, height: 860 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs every 4xx response (e.g. /auth/me before login); those are expected.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${message.text()}`);
  });
  return page;
}

async function logIn(page: Page, username: string, password = demoPassword): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

async function sessionOf(username: string): Promise<string> {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: demoPassword }),
  });
  expect(login.status).toBe(200);
  return (login.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/**
 * Creates a user through the API as admin; new users must change their password at first login.
 * A user who approves waits for a second administrator (202): the provincial officer approves it.
 */
async function createUser(body: { username: string; password: string; role: string; unitCode: string; fullName: string }): Promise<void> {
  const created = await fetch(`${server.url}/api/v1/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: await sessionOf('admin') },
    body: JSON.stringify(body),
  });
  expect([201, 202]).toContain(created.status);
  if (created.status === 202) {
    const { request } = (await created.json()) as { request: { id: number } };
    const approved = await fetch(`${server.url}/api/v1/users/changes/${request.id}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: await sessionOf('tinh.quangngai'), origin: server.url },
      body: JSON.stringify({}),
    });
    expect(approved.status).toBe(200);
  }
}

/**
 * Types into the search of a form's Ant Design select and clicks the option, until the field
 * shows it: a click that lands while the options are re-rendered (the list arriving from the
 * server as the dialog opens) is lost on a slow machine.
 */
async function choose(page: Page, form: Locator, label: string, typed: string, option: string): Promise<void> {
  const item = form.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });
  await expect
    .poll(
      async () => {
        await item.getByLabel(label, { exact: true }).fill(typed);
        await page.locator('.ant-select-item-option', { hasText: option }).first().click({ timeout: 5_000 }).catch(() => undefined);
        return (await item.textContent())?.includes(option) ?? false;
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(true);
}

async function screenshot(page: Page, name: string): Promise<void> {
  // Let fonts, lazy chunks and antd's motion settle so the picture shows the final state.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

describe('web app in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(join(webDistDir, 'index.html'))) {
      throw new Error(`The web app is not built (${webDistDir}/index.html missing): run "npm run build" first.`);
    }
    if (!existsSync(chromiumPath)) {
      throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
    }
    mkdirSync(screenshotDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'asxh-e2e-'));
    const config = loadConfig(e2eServerEnv(dataDir, 200));
    server = await startE2eServer(config);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs a commune officer in and shows the Vietnamese dashboard of Phường Kon Tum', async () => {
    const page = await openPage();
    await page.goto(server.url);
    await page.waitForURL('**/login');
    await screenshot(page, 'login');
    await logIn(page, 'canbo.kontum');

    await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
    await expect.poll(() => page.getByTestId('dashboard-locality').textContent()).toContain('Phường Kon Tum');
    expect(await page.getByTestId('locality-picker').textContent()).toContain('Phường Kon Tum, Tỉnh Quảng Ngãi');
    expect(await page.getByTestId('user-role').textContent()).toBe('Cán bộ xã');
    expect(await page.getByText('Nguyễn Thị Lan (Phường Kon Tum)').count()).toBeGreaterThan(0);
    // The menu follows the officer's permissions: registry yes, user management and audit no.
    const menu = page.getByRole('menu');
    expect(await menu.getByText('Đối tượng', { exact: true }).isVisible()).toBe(true);
    expect(await menu.getByText('Danh sách chi trả', { exact: true }).isVisible()).toBe(true);
    expect(await menu.getByText('Người dùng', { exact: true }).count()).toBe(0);
    expect(await menu.getByText('Nhật ký', { exact: true }).count()).toBe(0);
    await screenshot(page, 'dashboard-vi');

    // English, remembered across a reload, then back to Vietnamese.
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await page.getByTestId('user-role').textContent()).toBe('Commune officer');
    // A string expression: this file is type-checked for Node, where there is no localStorage.
    expect(await page.evaluate<string | null>("window.localStorage.getItem('asxh.language')")).toBe('en');
    await screenshot(page, 'dashboard-en');
    await page.reload();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByText('VI', { exact: true }).click();
    await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
    expect(await page.getByTestId('user-role').textContent()).toBe('Cán bộ xã');

    // A module opens inside the same frame.
    await menu.getByText('Đối tượng', { exact: true }).click();
    await page.getByRole('heading', { name: 'Đối tượng' }).waitFor();
    await page.getByRole('tab', { name: 'Danh sách đối tượng' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('works on a phone: the menu becomes a drawer', async () => {
    const page = await openPage({ width: 390, height: 844 });
    await page.goto(server.url);
    await logIn(page, 'canbo.kontum');
    await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
    await screenshot(page, 'dashboard-mobile');
    await page.getByRole('button', { name: 'Mở hoặc thu gọn menu' }).click();
    await page.getByRole('menu').getByText('Danh sách chi trả', { exact: true }).click();
    await page.getByRole('heading', { name: 'Danh sách chi trả' }).waitFor();
    await screenshot(page, 'payroll-mobile');
    expect(pageErrors).toEqual([]);
  });

  it('takes the admin back to the audit page after login, pages the log and verifies the hash chain', async () => {
    const page = await openPage();
    await page.goto(`${server.url}/audit`);
    await page.waitForURL('**/login');
    await logIn(page, 'admin');
    await page.getByRole('heading', { name: 'Nhật ký' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/audit');
    // Newest first: the admin's own login heads the log.
    await page.locator('.ant-table-row').first().waitFor();
    // Actions and records in words (auth.login, user.created … are in their tooltips).
    expect(await page.locator('.ant-table-row').first().textContent()).toContain('Đăng nhập');
    // Filtered by record type, chosen by its name: the demo users' creations.
    await page.getByLabel('Loại dữ liệu').click();
    await page.getByLabel('Loại dữ liệu').fill('Người dùng');
    await page.locator('.ant-select-item-option', { hasText: /^Người dùng$/ }).click();
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByText('Tạo người dùng').first().waitFor();
    // The record column (after the expander, number, time, actor and action) names users only.
    await expect.poll(async () => (await page.locator('.ant-table-row td:nth-child(6)').allTextContents()).every((record) => /^Người dùng\b/.test(record))).toBe(true);

    await page.getByRole('button', { name: 'Kiểm tra chuỗi băm' }).click();
    const result = page.getByTestId('audit-verify-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('Chuỗi băm toàn vẹn');
    // What it was checked against: the newest event of the database and the last checkpoint outside it.
    expect(await result.getByTestId('audit-verify-head').textContent()).toMatch(/^Sự kiện mới nhất: số [\d.]+, mã băm [0-9a-f]{16}…$/);
    expect(await result.getByTestId('audit-verify-checkpoint').textContent()).toMatch(/^Điểm kiểm tra gần nhất \(.+\): sự kiện số [\d.]+, khớp với cơ sở dữ liệu\.$/);
    await screenshot(page, 'audit');

    // The users page: the demo users and a new commune officer created through the form.
    await page.getByRole('menu').getByText('Người dùng', { exact: true }).click();
    await page.getByRole('heading', { name: 'Người dùng' }).waitFor();
    await page.getByText('canbo.kontum', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên đăng nhập').fill('canbo.e2e');
    await dialog.getByLabel('Họ và tên').fill('Đặng Thị Thu');
    await choose(page, dialog, 'Tỉnh, thành phố', 'quang ngai', 'Tỉnh Quảng Ngãi');
    await choose(page, dialog, 'Xã, phường', '23293', 'Phường Kon Tum');
    await dialog.getByLabel('Mật khẩu ban đầu').fill('Mat-khau-tam-2025');
    await screenshot(page, 'users-create');
    await dialog.getByRole('button', { name: 'Tạo' }).click();
    await page.getByText('Đã tạo người dùng canbo.e2e').waitFor();
    await page.getByText('canbo.e2e', { exact: true }).waitFor();
    await screenshot(page, 'users');

    // A national user narrows the locality in the header: province, then commune.
    await page.getByRole('menu').getByText('Tổng quan', { exact: true }).click();
    await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
    expect(await page.getByTestId('dashboard-locality').textContent()).toBe('Toàn quốc');
    await page.getByLabel('Tỉnh, thành phố').fill('quang ngai');
    await page.locator('.ant-select-item-option', { hasText: 'Tỉnh Quảng Ngãi' }).click();
    await page.getByLabel('Xã, phường').fill('kon tum');
    await page.locator('.ant-select-item-option', { hasText: /^Phường Kon Tum$/ }).click();
    await expect.poll(() => page.getByTestId('dashboard-locality').textContent()).toBe('Phường Kon Tum, Tỉnh Quảng Ngãi');
    await screenshot(page, 'dashboard-admin');
    expect(pageErrors).toEqual([]);
  });

  it('limits a provincial officer to the communes of their province', async () => {
    const page = await openPage();
    await page.goto(`${server.url}/login`);
    await logIn(page, 'tinh.quangngai');
    await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
    await expect.poll(() => page.getByTestId('locality-picker').textContent()).toContain('Tỉnh Quảng Ngãi');
    expect(await page.getByTestId('dashboard-locality').textContent()).toBe('Tỉnh Quảng Ngãi');
    // No province choice, only the communes of Quảng Ngãi.
    expect(await page.getByLabel('Tỉnh, thành phố').count()).toBe(0);
    await page.getByLabel('Xã, phường').click();
    const options = page.locator('.ant-select-item-option');
    await options.first().waitFor();
    expect(await options.count()).toBeGreaterThan(5);
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('user-role').textContent()).toBe('Cán bộ tỉnh');
    await screenshot(page, 'dashboard-province');
    expect(pageErrors).toEqual([]);
  });

  it('makes a new user choose a password before anything else', async () => {
    await createUser({ username: 'duyet.e2e', password: 'Mat-khau-tam-2025', role: 'approver', unitCode: '23500', fullName: 'Võ Văn Duyệt' });
    const page = await openPage();
    await page.goto(`${server.url}/login`);
    await logIn(page, 'duyet.e2e', 'Mat-khau-tam-2025');
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Hãy đặt mật khẩu mới trước khi tiếp tục', { exact: false }).waitFor();
    // The dialog cannot be dismissed: no close button, Escape does nothing.
    expect(await page.locator('.ant-modal-close').count()).toBe(0);
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Mật khẩu hiện tại').fill('Mat-khau-tam-2025');
    await dialog.getByLabel('Mật khẩu mới', { exact: true }).fill('Mat-khau-moi-2025');
    await dialog.getByLabel('Nhập lại mật khẩu mới').fill('Mat-khau-khac-2025');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.getByText('Hai mật khẩu mới không khớp').waitFor();
    await screenshot(page, 'password-forced');
    await dialog.getByLabel('Nhập lại mật khẩu mới').fill('Mat-khau-moi-2025');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã đổi mật khẩu', { exact: false }).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('dashboard-locality').textContent()).toBe('Xã Đăk Hà, Tỉnh Quảng Ngãi');
    expect(await page.getByTestId('user-role').textContent()).toBe('Người phê duyệt');
    expect(pageErrors).toEqual([]);
  });

  it('answers a wrong password and an unknown user alike, never with attempts left, and makes a stranger wait', async () => {
    const page = await openPage();
    await page.goto(`${server.url}/login`);
    const loginAnswer = async (submit: Promise<void>) => {
      const [response] = await Promise.all([page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/auth/login'), submit]);
      return { status: response.status(), body: (await response.json()) as { code: string; message: string; details: Record<string, unknown> } };
    };
    const wrongPassword = await loginAnswer(logIn(page, 'canbo.dakha', 'sai-mat-khau'));
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body.code).toBe('AUTH_INVALID_CREDENTIALS');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Tên đăng nhập hoặc mật khẩu không đúng');
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'login-error');

    // An unknown username gets exactly the same answer: the form is no oracle of who has an account.
    const stranger = 'khong.co.ai.e2e';
    await page.getByLabel('Tên đăng nhập').fill(stranger);
    const unknownUser = await loginAnswer(page.getByRole('button', { name: 'Đăng nhập' }).click());
    expect(unknownUser).toEqual(wrongPassword);
    expect(await alert.textContent()).toBe('Tên đăng nhập hoặc mật khẩu không đúng');
    expect(await page.getByText(/lần thử/).count()).toBe(0);

    // A few failures from this address are free, then it waits 2, 4, 8 … seconds between tries of
    // this username. Fail until the wait is at least 4 seconds, so the form's try lands inside it
    // even on a slow machine.
    let waitSeconds = 0;
    for (let attempt = 0; attempt < 10 && waitSeconds < 4; attempt++) {
      const answer = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: stranger, password: 'sai-mat-khau' }),
      });
      if (answer.status === 401) continue;
      expect(answer.status).toBe(429);
      waitSeconds = ((await answer.json()) as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds;
      if (waitSeconds < 4) await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));
    }
    expect(waitSeconds).toBeGreaterThanOrEqual(4);
    const throttledAnswer = await loginAnswer(page.getByRole('button', { name: 'Đăng nhập' }).click());
    expect(throttledAnswer.status).toBe(429);
    expect(throttledAnswer.body.code).toBe('AUTH_THROTTLED');
    await page.getByText(`Hãy đợi ${String(throttledAnswer.body.details.retryAfterSeconds)} giây rồi thử lại.`).waitFor();
    expect(await alert.textContent()).toContain('Đăng nhập sai nhiều lần từ địa chỉ này');
    expect(await page.getByText(/lần thử/).count()).toBe(0);
    await screenshot(page, 'login-throttled');
    expect(pageErrors).toEqual([]);
  });
});
