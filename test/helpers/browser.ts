import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
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
