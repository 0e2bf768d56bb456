import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { rootDir, webDistDir } from '../../src/core/paths.js';
import { demoPassword } from '../../src/demo/seed.js';
import type { RunningServer } from '../../src/server.js';
import { screenshotFailures } from '../helpers/browser.js';
import { e2eServerEnv, startE2eServer } from './server-env.js';

/**
 * Web hardening in a real browser (docs/security.md, "Web hardening"): every page of the web app
 * and the API documentation load under the Content-Security-Policy without a single violation,
 * and a page of another application on the same host (another port: same site, so the
 * SameSite=Strict cookie goes along) cannot make the logged-in browser change anything.
 */

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let otherSite: Server;
let otherUrl: string;
const contexts: BrowserContext[] = [];
screenshotFailures(contexts, join(rootDir, 'test-results'));
/** CSP violations (the browser's own event), uncaught exceptions and console errors of every page. */
const problems: string[] = [];

async function openPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  contexts.push(context);
  await context.exposeFunction('reportCspViolation', (text: string) => problems.push(`csp: ${text}`));
  // Runs in the page (a string: the tests are compiled without the DOM's types).
  await context.addInitScript(`
    document.addEventListener('securitypolicyviolation', (event) => {
      void window.reportCspViolation(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') + ' on ' + location.pathname);
    });
  `);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs every 4xx response (e.g. /auth/me before login); those are expected.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  return page;
}

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(demoPassword);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

describe('web hardening in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(join(webDistDir, 'index.html'))) throw new Error(`The web app is not built (${webDistDir}/index.html missing): run "npm run build" first.`);
    if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
    dataDir = mkdtempSync(join(tmpdir(), 'asxh-e2e-security-'));
    const config = loadConfig(e2eServerEnv(dataDir, 100));
    server = await startE2eServer(config);
    // Another application on the same host: a page that posts to ASXH Pay when opened.
    otherSite = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(`<!doctype html><form id="f" method="post" action="${server.url}/api/v1/auth/logout"></form><script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((resolve) => otherSite.listen(0, '127.0.0.1', resolve));
    otherUrl = `http://localhost:${(otherSite.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await new Promise((resolve) => otherSite?.close(resolve));
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('every page of the web app and the API documentation load under the CSP with no violation', async () => {
    const page = await openPage();
    const first = await page.goto(`${server.url}/login`);
    expect(first?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(first?.headers()['x-frame-options']).toBe('DENY');
    await page.getByLabel('Tên đăng nhập').waitFor();
    await page.goto(`${server.url}/tu-dang-ky`);
    await page.waitForLoadState('networkidle');

    // A provincial officer sees most pages; the administrator the users and the audit log.
    for (const username of ['tinh.quangngai', 'admin']) {
      await logIn(page, username);
      for (const path of ['/', '/registry', '/import', '/accounts', '/campaign', '/payroll', '/disbursement', '/reports', '/audit', '/users']) {
        await page.goto(`${server.url}${path}`);
        await page.waitForLoadState('networkidle');
        expect(problems, `${username} on ${path}`).toEqual([]);
        expect(await page.locator('.ant-layout').count(), path).toBeGreaterThan(0);
      }
      await page.context().clearCookies();
    }

    const docs = await page.goto(`${server.url}/api/docs`);
    expect(docs?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.locator('.swagger-ui .information-container').waitFor();
    await page.waitForLoadState('networkidle');
    expect(problems).toEqual([]);
  });

  it('a page of another application on the same host cannot make the logged-in browser act', async () => {
    const page = await openPage();
    await logIn(page, 'canbo.kontum');
    const me = () => page.evaluate(async (url) => (await fetch(`${url}/api/v1/auth/me`)).status, server.url);
    expect(await me()).toBe(200);

    // Same site (localhost, another port): the SameSite=Strict cookie goes along, the origin check refuses.
    const attack = await page.context().newPage();
    const answer = page.context().waitForEvent('response', (response) => response.url().endsWith('/api/v1/auth/logout'));
    await attack.goto(otherUrl);
    const refused = await answer;
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain('CROSS_SITE_REQUEST_REFUSED');
    expect(await refused.request().headerValue('cookie')).toContain('asxh_session=');
    await attack.close();
    // Still logged in; the application's own logout (same origin) works.
    expect(await me()).toBe(200);
    const logout = await page.evaluate(async (url) => (await fetch(`${url}/api/v1/auth/logout`, { method: 'POST' })).status, server.url);
    expect(logout).toBe(204);
    expect(await me()).toBe(401);
    expect(problems.filter((problem) => !problem.includes('CROSS_SITE'))).toEqual([]);
  });
});
