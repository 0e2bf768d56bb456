import { defineConfig } from 'vitest/config';

/**
 * Browser tests: the real server (PGlite or PostgreSQL) and Debian's Chromium through
 * playwright-core. They need the built web app (`npm run build` first). One file at a time:
 * each starts its own server and browser, and two Chromiums on a small CI machine only slow down.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    // Starting the server loads ~14,000 administrative units into a fresh database.
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
