import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { rootDir } from '../src/core/paths.js';
import { startServer, type RunningServer } from '../src/server.js';
import { onPostgres } from './helpers/db.js';
import { tempDir } from './helpers/files.js';

const run = promisify(execFile);

/** The real `asxh` in a child process, on the embedded database in `dataDir`. */
async function asxh(dataDir: string, ...args: string[]): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(rootDir, 'test/helpers/asxh-cli.ts'), ...args], {
      cwd: rootDir,
      env: { ...process.env, ASXH_DATA_DIR: dataDir, DATABASE_URL: '', ASXH_DEMO: '0' },
      timeout: 120_000,
    });
    return { stdout, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; code?: number };
    return { stdout: failed.stdout ?? '', code: failed.code ?? 1 };
  }
}

// PGlite-specific (one process per data folder); PostgreSQL needs no coordination.
describe.skipIf(onPostgres)('asxh works with and without the server on the same data folder', () => {
  const dataDir = tempDir('asxh-cli-');
  let server: RunningServer | undefined;
  afterAll(async () => server?.stop());

  it('runs in its own process when no server holds the folder', async () => {
    const created = await asxh(dataDir, 'users', 'create', '--username', 'canbo.cli', '--password', 'Canbo-cli-2025', '--role', 'officer', '--unit', '23293', '--json');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ username: 'canbo.cli', role: 'officer', unitCode: '23293' });
    const verified = await asxh(dataDir, 'audit', 'verify', '--json');
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
  });

  it('goes through the running server, which holds the embedded database', async () => {
    server = await startServer({ ...loadConfig({ ASXH_DATA_DIR: dataDir, PORT: '0', ASXH_DEMO: '0', ASXH_LOG_LEVEL: 'silent' }) }, () => undefined);
    const listed = await asxh(dataDir, 'users', 'list', '--json');
    expect(listed.stdout).not.toContain('error');
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { username: string }[]).map((user) => user.username)).toContain('canbo.cli');
    const wrong = await asxh(dataDir, 'users', 'create', '--username', 'x.y', '--password', 'short', '--role', 'officer', '--unit', '23293', '--json');
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ error: { code: 'PASSWORD_WEAK' } });
    const asOfficer = await asxh(dataDir, 'audit', 'verify', '--json', '--as', 'canbo.cli');
    expect(JSON.parse(asOfficer.stdout)).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});
