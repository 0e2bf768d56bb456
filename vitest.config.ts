import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // web/src: the web app's component tests, each in jsdom by its `// @vitest-environment jsdom`
    // docblock (the API is stubbed at fetch: they need no database), and its pure modules' tests.
    include: ['test/**/*.test.ts', 'src/**/*.spec.ts', 'web/src/**/*.test.ts', 'web/src/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**', 'dist/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores here: more workers than that only adds PGlite start-up time.
    maxWorkers: 2,
  },
});
