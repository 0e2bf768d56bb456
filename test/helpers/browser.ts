import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach } from 'vitest';

/**
 * After a failed browser test, a full-page screenshot of every page still open, named after the
 * test, in `dir`: a flaky failure on a loaded CI machine is otherwise only a timeout message.
 */
export function screenshotFailures(contexts: readonly BrowserContext[], dir: string): void {
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    mkdirSync(dir, { recursive: true });
    const name = context.task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
    let index = 0;
    for (const browserContext of contexts) {
      for (const page of browserContext.pages()) {
        index += 1;
        const path = join(dir, `failed-${name}-${index}.png`);
        // a page that crashed or closed cannot be captured; the test's own error says enough then
        await page.screenshot({ path, fullPage: true }).catch(() => undefined);
        console.error(`screenshot of the failed test: ${path} (${page.url()})`);
      }
    }
  });
}

/**
 * The pages of a browser test file: each opened in its own context (Vietnamese locale, Vietnam's
 * time zone, downloads accepted), failures screenshotted into `screenshotDir`, and every page error
 * and console error collected in `pageErrors` (the 4xx/5xx responses the browser logs are left
 * out: the pages report those themselves).
 */
export function browserPages(browser: () => Browser, screenshotDir: string, defaults: { viewport: { width: number; height: number } }) {
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  screenshotFailures(contexts, screenshotDir);
  async function openPage(viewport = defaults.viewport): Promise<Page> {
    const context = await browser().newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${message.text()}`);
    });
    return page;
  }
  /** Fills the login form the page shows (the caller has navigated to it). */
  async function fillLogin(page: Page, username: string, password: string): Promise<void> {
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
  }
  async function closeAll(): Promise<void> {
    for (const context of contexts) await context.close().catch(() => {});
  }
  return { contexts, pageErrors, openPage, fillLogin, closeAll };
}
