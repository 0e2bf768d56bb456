import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Command as CliCommand } from 'commander';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Type } from 'typebox';
import { buildApp } from '../src/app/build.js';
import { parameterKinds, type Command } from '../src/app/command.js';
import { commands, runCommand } from '../src/app/commands.js';
import { jsonSafe } from '../src/app/commands.routes.js';
import { dispatch, runRemote, type Invocation } from '../src/cli/dispatch.js';
import { invocationOptions } from '../src/cli/execute.js';
import { buildProgram } from '../src/cli/program.js';
import { loadConfig } from '../src/config.js';
import { isAppError } from '../src/core/errors.js';
import { rootDir } from '../src/core/paths.js';
import { queryOne } from '../src/db/client.js';
import { exampleRows, type TemplateRow } from '../src/modules/registry/validation/import-row.js';
import { startServer, type RunningServer } from '../src/server.js';
import { createTestContext, createTestUser, type TestContext } from './helpers/context.js';
import { onPostgres } from './helpers/db.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';

// The CLI's dispatch, observable: by default it runs as it is; the option walk below captures
// the invocation the CLI builds instead of running it.
vi.mock('../src/cli/dispatch.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/cli/dispatch.js')>();
  return { ...original, dispatch: vi.fn(original.dispatch) };
});

const run = promisify(execFile);

/** Two people of Phường Kon Tum (23293) and one row refused (its personal ID is too short). */
function smallImport(path: string): string {
  const [elderly, child] = exampleRows();
  const refused: Partial<TemplateRow> = { ...elderly, so_dinh_danh: '123', ho_ten: 'Người Sai Số' };
  return writeTemplateCsv(path, [
    { ...elderly, ma_don_vi: '23293' },
    { ...child, ma_don_vi: '23293' },
    { ...refused, ma_don_vi: '23293' },
  ]);
}

interface ImportReportJson {
  dryRun: boolean;
  batchId: number | null;
  rows: number;
  accepted: number;
  rejected: number;
}

async function registryCounts(ctx: { db: { orm: Parameters<typeof queryOne>[0] } }): Promise<{ persons: number; batches: number }> {
  return (await queryOne<{ persons: number; batches: number }>(
    ctx.db.orm,
    sql`SELECT (SELECT count(*) FROM persons)::int AS persons, (SELECT count(*) FROM import_batches)::int AS batches`,
  ))!;
}

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

  // Issue 18, item 1: through the server, --dry-run arrived as the string "true" (the endpoint's
  // validator coerced it) and the import wrote the people for real.
  it('import --dry-run through the server writes nothing, and reports as without the server', async () => {
    expect(server).toBeDefined();
    const file = smallImport(join(dataDir, 'danh-sach.csv'));
    const errorsOut = join(dataDir, 'loi-qua-may-chu.xlsx');
    const before = await registryCounts(server!.ctx);
    const through = await asxh(dataDir, 'import', 'beneficiaries', file, '--dry-run', '--json', '--as', 'canbo.cli', '--errors-out', errorsOut);
    expect(through.code).toBe(0);
    const report = JSON.parse(through.stdout) as ImportReportJson;
    expect(report).toMatchObject({ dryRun: true, batchId: null, rows: 3 });
    expect(report.accepted).toBeGreaterThan(0);
    expect(report.rejected).toBeGreaterThan(0);
    expect(await registryCounts(server!.ctx)).toEqual(before);
    expect(statSync(errorsOut).size).toBeGreaterThan(0);
    const shown = await asxh(dataDir, 'beneficiary', 'show', exampleRows()[0]!.so_dinh_danh, '--json');
    expect(JSON.parse(shown.stdout)).toMatchObject({ error: { code: 'NOT_FOUND' } });

    await server!.stop();
    server = undefined;
    const localErrorsOut = join(dataDir, 'loi-tai-cho.xlsx');
    const local = await asxh(dataDir, 'import', 'beneficiaries', file, '--dry-run', '--json', '--as', 'canbo.cli', '--errors-out', localErrorsOut);
    expect(local.code).toBe(0);
    expect(JSON.parse(local.stdout)).toEqual(report);
    expect(existsSync(localErrorsOut)).toBe(true);
    const stillAbsent = await asxh(dataDir, 'beneficiary', 'show', exampleRows()[0]!.so_dinh_danh, '--json');
    expect(JSON.parse(stillAbsent.stdout)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});

/**
 * The CLI commands that never reach the database, declared with commander in the CLI
 * (src/cli/local-commands.ts) rather than in the registry: nothing to forward, no API route. Every
 * other CLI command is built from a registered command's declaration.
 */
const localCliCommands = ['vietqr', 'sim population', 'sim accounts', 'sim sms', 'sim provider'];

function leaves(command: CliCommand, path: string[] = []): { path: string[]; command: CliCommand }[] {
  if (command.commands.length === 0) return [{ path, command }];
  return command.commands.flatMap((child) => leaves(child, [...path, child.name()]));
}

function everyCommand(command: CliCommand): CliCommand[] {
  return [command, ...command.commands.flatMap(everyCommand)];
}

/**
 * The CLI as the user runs it, on a fresh program (commander keeps parsed values), with the
 * invocation it would dispatch captured instead of run.
 */
async function captureInvocation(argv: string[]): Promise<Invocation | undefined> {
  const program = buildProgram();
  for (const command of everyCommand(program)) command.exitOverride();
  let captured: Invocation | undefined;
  vi.mocked(dispatch).mockImplementationOnce(async (invocation) => {
    captured = invocation;
    return {};
  });
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['node', 'asxh', ...argv]);
  } finally {
    write.mockRestore();
    vi.mocked(dispatch).mockReset();
    vi.mocked(dispatch).mockImplementation((await vi.importActual<typeof import('../src/cli/dispatch.js')>('../src/cli/dispatch.js')).dispatch);
    process.exitCode = undefined;
  }
  return captured;
}

/** Replaces a registered command's handler by one that answers with what it received. */
async function withEchoHandler<T>(name: string, body: () => Promise<T>): Promise<T> {
  const original = commands[name]!;
  // What it received, declared as its result (runCommand shows only what the result schema names).
  const result = Type.Object({ args: Type.Record(Type.String(), Type.Union([Type.String(), Type.Boolean()])), as: Type.String() });
  const echo: Command = { ...original, result, run: async (_ctx, actor, args) => ({ args, as: actor.username }) };
  commands[name] = echo;
  try {
    return await body();
  } finally {
    commands[name] = original;
  }
}

function appErrorOf(error: unknown): { code: string; vi: string; en: string } {
  if (!isAppError(error)) throw error;
  return { code: error.code, vi: error.text.vi, en: error.text.en };
}

describe('every CLI option reaches the command unchanged, with or without the server', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const token = randomBytes(24).toString('base64url');
  let holder: { host: string; port: number; token: string };
  const dir = tempDir('asxh-cli-options-');
  const officer = 'canbo.options';

  beforeAll(async () => {
    ctx = await createTestContext('2026-01-15T03:00:00Z');
    await createTestUser(ctx, { username: officer, role: 'officer', unitCode: '23293' });
    app = await buildApp(ctx, { logger: false, serveWeb: false, cliToken: token });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address !== 'object') throw new Error('the server is not listening');
    holder = { host: '127.0.0.1', port: address.port, token };
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  const local = (invocation: Invocation) => runCommand(ctx, { ...invocation, operator: userInfo().username, requestId: 'test-local' });

  it('walks the command table: each option and argument, parsed, is received by the handler as parsed, locally and through the server', async () => {
    const reached: string[] = [];
    const walked = leaves(buildProgram());
    expect(walked.map(({ path }) => path.join(' ')).filter((label) => localCliCommands.includes(label)).sort()).toEqual([...localCliCommands].sort());
    for (const { path, command } of walked) {
      const label = path.join(' ');
      // Simulators run in the foreground until stopped, vietqr only prints: not run here.
      if (localCliCommands.includes(label)) continue;
      const argv = [...path];
      // What the CLI must pass on: every positional argument by name, every option by attribute name.
      const given: Record<string, { value: string | boolean; option: boolean }> = {};
      for (const argument of command.registeredArguments) {
        expect(argument.variadic, `${label} <${argument.name()}>`).toBe(false);
        const value = `arg-${argument.name()}`;
        argv.push(value);
        given[argument.name()] = { value, option: false };
      }
      for (const option of command.options) {
        const name = option.attributeName();
        expect(option.negate || option.variadic, `${label} ${option.flags}: a negatable or variadic option needs this test extended`).toBe(false);
        if (name === 'as') {
          argv.push(option.long!, officer);
        } else if (option.isBoolean()) {
          argv.push(option.long!);
          if (name !== 'json') given[name] = { value: true, option: true };
        } else {
          const value = option.argChoices?.[0] ?? `opt-${name}`;
          argv.push(option.long!, value);
          given[name] = { value, option: true };
        }
      }
      const invocation = await captureInvocation(argv);
      expect(invocation, `the CLI command "${label}" runs no registered command (a new local command belongs in localCliCommands)`).toBeDefined();
      const { name, args } = invocation!;
      reached.push(name);
      const registered = commands[name];
      expect(registered, `${label} runs ${name}, which is not registered`).toBeDefined();
      expect(registered!.cli.join(' '), `${label} runs ${name}, declared as another CLI command`).toBe(label);
      const kinds = parameterKinds(registered!);
      const globals = command.options.map((option) => option.attributeName()).filter((option) => invocationOptions.includes(option));
      expect(globals, `${label}: --json`).toContain('json');
      const as = globals.includes('as') ? officer : undefined;
      expect(invocation!.as, `${label}: --as`).toBe(as);

      // The CLI passes each one on: unchanged, paths made absolute.
      const expected: Record<string, string | boolean> = {};
      for (const [key, { value, option }] of Object.entries(given)) {
        const kind = kinds[key];
        expect(kind, `${label}: ${option ? 'option' : 'argument'} ${key} is not declared by the command ${name}`).toBeDefined();
        expect(kind === 'flag', `${label}: ${key} is ${kind} for ${name}`).toBe(typeof value === 'boolean');
        const passed = kind === 'path' ? resolve(String(value)) : value;
        expect(args[key], `${label}: ${key} is not passed on as parsed`).toEqual(passed);
        expected[key] = passed;
      }
      // Nothing else: the CLI adds no argument of its own.
      expect(Object.keys(args).sort(), `${label}: what the CLI passes on`).toEqual(Object.keys(given).sort());

      // The handler receives exactly that, in this process and through the server's endpoint.
      await withEchoHandler(name, async () => {
        const here = (await local(invocation!)) as { args: unknown; as: string };
        const there = (await runRemote(holder, invocation!)) as { args: unknown; as: string };
        const actor = as ?? `cli:${userInfo().username}`;
        expect(here, `${label} locally`).toEqual({ args: expected, as: actor });
        expect(there, `${label} through the server`).toEqual({ args: expected, as: actor });
      });
    }
    expect([...reached].sort(), 'every registered command has exactly one CLI command').toEqual(Object.keys(commands).sort());
  });

  it('import --dry-run through the server writes nothing; without --dry-run it imports (the real command)', async () => {
    const file = smallImport(join(dir, 'danh-sach.csv'));
    const errorsOut = join(dir, 'loi.xlsx');
    const dryRun = await captureInvocation(['import', 'beneficiaries', file, '--dry-run', '--json', '--as', officer, '--errors-out', errorsOut]);
    expect(dryRun!.args).toEqual({ file, dryRun: true, errorsOut });
    const before = await registryCounts(ctx);
    const report = (await runRemote(holder, dryRun!)) as ImportReportJson;
    expect(report).toMatchObject({ dryRun: true, batchId: null, rows: 3 });
    expect(report.accepted).toBeGreaterThan(0);
    expect(await registryCounts(ctx)).toEqual(before);
    expect(statSync(errorsOut).size).toBeGreaterThan(0);
    expect(jsonSafe(await local(dryRun!))).toEqual(report);
    expect(await registryCounts(ctx)).toEqual(before);

    const real = await captureInvocation(['import', 'beneficiaries', file, '--json', '--as', officer]);
    const imported = (await runRemote(holder, real!)) as ImportReportJson;
    expect(imported).toMatchObject({ dryRun: false, rows: 3, accepted: report.accepted, rejected: report.rejected });
    expect(imported.batchId).not.toBeNull();
    expect(await registryCounts(ctx)).toEqual({ persons: before.persons + report.accepted, batches: before.batches + 1 });

    // One more real command through the server: the person just imported, within the officer's area.
    const show = await captureInvocation(['beneficiary', 'show', exampleRows()[0]!.so_dinh_danh, '--json', '--as', officer]);
    expect(await runRemote(holder, show!)).toMatchObject({ person: { personalId: exampleRows()[0]!.so_dinh_danh, communeCode: '23293' } });
  });

  it('refuses an option the command does not declare, or one of the wrong kind, instead of ignoring it', async () => {
    const file = resolve(dir, 'x.csv');
    const cases: [Record<string, unknown>, string][] = [
      [{ file, dryRun: true, commune: '23293' }, 'COMMAND_OPTION_UNKNOWN'],
      [{ file, dryRun: 'true' }, 'COMMAND_OPTION_INVALID'],
      [{ file: 'x.csv' }, 'COMMAND_OPTION_INVALID'],
      [{ file, errorsOut: ['a.xlsx'] }, 'COMMAND_OPTION_INVALID'],
      [{ file, toString: 'x' }, 'COMMAND_OPTION_UNKNOWN'],
    ];
    for (const [args, code] of cases) {
      const invocation: Invocation = { name: 'import.beneficiaries', args, as: officer };
      const here = appErrorOf(await local(invocation).then(() => undefined, (error: unknown) => error));
      const there = appErrorOf(await runRemote(holder, invocation).then(() => undefined, (error: unknown) => error));
      expect(here.code, JSON.stringify(args)).toBe(code);
      expect(there).toEqual(here);
    }
    const unknown = appErrorOf(await runRemote(holder, { name: 'import.beneficiaries', args: { file, commune: '23293' } }).catch((error: unknown) => error));
    expect(unknown.vi).toContain('--commune');
    expect(unknown.en).toContain('has no option --commune');
    // The request itself: a field the endpoint does not know is refused too.
    const response = await fetch(`http://127.0.0.1:${holder.port}/api/internal/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-asxh-cli-token': token },
      body: JSON.stringify({ name: 'users.list', args: {}, operator: 'test', dryRun: true }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
