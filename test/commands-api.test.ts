import { join } from 'node:path';
import type { Command as CliCommand } from 'commander';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parameterKinds, readsOrWritesFiles } from '../src/app/command.js';
import { apiCommand, commandUrl } from '../src/app/commands-api.routes.js';
import { commands, runCommand } from '../src/app/commands.js';
import { jsonSafe } from '../src/app/commands.routes.js';
import { buildProgram } from '../src/cli/program.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { idFor, personRow } from './helpers/people.js';
import { importApproved } from './helpers/imports.js';

/**
 * Issue 19, requirement 5: a command is declared once (src/app/command.ts); the `asxh` program and
 * the API routes with their OpenAPI entries are built from the registry.
 */

/** The CLI's own commands (src/cli/local-commands.ts): no database, so no declaration in the registry and no API route. */
const localCliCommands = ['vietqr', 'sim population', 'sim accounts', 'sim sms', 'sim provider'];

/** The commands that read or write files of the machine that runs them (a `path` parameter): CLI only. */
const cliOnly = ['backup', 'restore', 'units.import', 'import.beneficiaries', 'providers.import', 'campaign.stages', 'payroll.export', 'export', 'reconcile', 'disburse.report', 'db.migrate', 'demo.seed', 'users.create', 'report.monthly', 'providers.template.set', 'providers.template.preview', 'cash.list', 'oneoff.import'];

function leaves(command: CliCommand, path: string[] = []): string[] {
  if (command.commands.length === 0) return [path.join(' ')];
  return command.commands.flatMap((child) => leaves(child, [...path, child.name()]));
}

interface OpenApi {
  paths: Record<string, Record<string, { tags?: string[]; summary?: string; requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> } }>>;
  tags?: { name: string; description?: string }[];
}

interface ErrorAnswer {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

describe('commands declared once: CLI, API route and OpenAPI entry', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const cookies: Record<string, string> = {};
  const post = (name: string, payload: unknown, cookie?: string) =>
    app.inject({ method: 'POST', url: commandUrl(name), payload: payload as Record<string, unknown>, headers: cookie ? { cookie } : {} });

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    const officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    await createTestUser(ctx, { username: 'kiemtoan', role: 'auditor' });
    const people = [1, 2, 3].map((n) =>
      personRow({ ho_ten: `Người Số ${n}`, ngay_sinh: '01/01/1970', gioi_tinh: 'Nam', so_dinh_danh: idFor('01/01/1970', 'Nam', 700 + n), ma_doi_tuong: 'BTXH_K6_NANG', chi_tra_den_thang: '06/2024' }),
    );
    const report = await importApproved(ctx, officer, { path: writeTemplateCsv(join(tempDir(), 'p.csv'), people), dryRun: false });
    expect(report.errors).toEqual([]);
    app = await createTestApp(ctx);
    cookies.canbo = await loginCookie(app, 'canbo');
    cookies.kiemtoan = await loginCookie(app, 'kiemtoan');
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('every registered command has exactly one CLI command and, unless it reads or writes files, one API route and one OpenAPI path', async () => {
    const cli = leaves(buildProgram());
    const declared = Object.values(commands).map((command) => command.cli.join(' '));
    for (const [name, command] of Object.entries(commands)) {
      expect(cli.filter((label) => label === command.cli.join(' ')), `${name}: CLI commands`).toHaveLength(1);
    }
    expect(cli.filter((label) => !declared.includes(label)).sort(), 'CLI commands not in the registry').toEqual([...localCliCommands].sort());

    expect(Object.keys(commands).filter((name) => !apiCommand(commands[name]!)).sort(), 'CLI-only commands').toEqual([...cliOnly].sort());
    const document = app.swagger() as OpenApi;
    const commandPaths = Object.keys(document.paths).filter((path) => path.startsWith('/api/v1/commands/'));
    expect(commandPaths.sort()).toEqual(Object.keys(commands).filter((name) => !cliOnly.includes(name)).map(commandUrl).sort());
    for (const [name, command] of Object.entries(commands)) {
      const url = commandUrl(name);
      if (readsOrWritesFiles(command) || cliOnly.includes(name)) {
        expect(app.hasRoute({ method: 'POST', url }), `${name} reads or writes files, or is the operator's: no API route`).toBe(false);
        continue;
      }
      expect(app.hasRoute({ method: 'POST', url }), `${name}: API route`).toBe(true);
      const operations = document.paths[url]!;
      expect(Object.keys(operations), `${name}: one operation`).toEqual(['post']);
      const operation = operations.post!;
      expect(operation.tags, name).toEqual([`asxh ${command.cli[0]}`]);
      expect(operation.summary, name).toBeTruthy();
      if (command.description) expect(operation.summary).toBe(command.description.en);
      // The body: every argument and option the command declares, nothing else; flags are booleans.
      const schema = operation.requestBody!.content['application/json']!.schema;
      const kinds = parameterKinds(command);
      expect(Object.keys(schema.properties ?? {}).sort(), `${name}: body`).toEqual(Object.keys(kinds).sort());
      for (const [key, kind] of Object.entries(kinds)) {
        const property = schema.properties![key] as { type?: string; anyOf?: unknown[] };
        if (kind === 'flag') expect(property.type, `${name}.${key}`).toBe('boolean');
        else expect(property.type ?? (property.anyOf ? 'choice' : undefined), `${name}.${key}`).toMatch(/^(string|choice)$/);
      }
      const required = [...(command.arguments ?? []).map((argument) => argument.name), ...Object.entries(command.options).filter(([, option]) => option.required).map(([key]) => key)];
      expect([...(schema.required ?? [])].sort(), `${name}: required`).toEqual(required.sort());
    }
    // A tag per command group, with the group's text; the internal CLI route stays out of the document.
    expect(document.tags).toContainEqual({ name: 'asxh payroll', description: 'Danh sách chi trả hằng tháng / monthly payroll' });
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/api/internal'))).toEqual([]);
  });

  it('runs a command as the logged-in user, with the permission and area checks of the command', async () => {
    expect((await post('payroll.generate', { month: '2024-07', unit: '23293' })).statusCode).toBe(401);

    const refused = await post('payroll.generate', { month: '2024-07', unit: '23293' }, cookies.kiemtoan);
    expect(refused.statusCode).toBe(403);
    expect(json<ErrorAnswer>(refused)).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'payroll.prepare' } });

    const generated = await post('payroll.generate', { month: '2024-07', unit: '23293' }, cookies.canbo);
    expect(generated.statusCode).toBe(200);
    const cycle = json<{ cycleId: number; lines: number; status: string }>(generated);
    expect(cycle).toMatchObject({ lines: 3, status: 'DRAFT' });

    // The same command through the API as through the CLI (`asxh payroll lines --cycle N --as canbo`).
    const lines = await post('payroll.lines', { cycle: String(cycle.cycleId) }, cookies.canbo);
    expect(lines.statusCode).toBe(200);
    expect(json<{ personalId: string }[]>(lines)).toHaveLength(3);
    const viaCli = jsonSafe(await runCommand(ctx, { name: 'payroll.lines', args: { cycle: String(cycle.cycleId) }, as: 'canbo', operator: 'test', requestId: 'test-cli' }));
    expect(json(lines)).toEqual(viaCli);

    const audited = await post('payroll.audit', { unit: '23293', from: '2024-07', to: '2024-07' }, cookies.canbo);
    expect(audited.statusCode).toBe(200);
    expect(json(audited)).toMatchObject({ unit: '23293', from: '2024-07', to: '2024-07', people: 3, personMonths: 3 });
    // Outside the officer's commune: refused by the command's own scope check.
    expect((await post('payroll.audit', { unit: '51', from: '2024-07', to: '2024-07' }, cookies.canbo)).statusCode).toBe(403);

    // A command without options takes an empty object; its permission decides.
    const notAllowed = await post('audit.verify', {}, cookies.canbo);
    expect(notAllowed.statusCode).toBe(403);
    expect(json<ErrorAnswer>(notAllowed)).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'audit.verify' } });
    const verified = await post('audit.verify', {}, cookies.kiemtoan);
    expect(verified.statusCode).toBe(200);
    expect(json(verified)).toMatchObject({ ok: true });
  });

  it('refuses an undeclared option or one of the wrong kind, as from the CLI, and has no route for a command that reads or writes files', async () => {
    const unknown = await post('payroll.generate', { month: '2024-08', unit: '23293', commune: '23293' }, cookies.canbo);
    expect(unknown.statusCode).toBe(400);
    expect(json<ErrorAnswer>(unknown)).toMatchObject({ code: 'COMMAND_OPTION_UNKNOWN', details: { command: 'payroll.generate', option: 'commune' } });
    expect(json<ErrorAnswer>(unknown).message).toContain('--commune');
    const english = await app.inject({ method: 'POST', url: commandUrl('payroll.generate'), payload: { month: '2024-08', unit: '23293', commune: '23293' }, headers: { cookie: cookies.canbo!, 'accept-language': 'en' } });
    expect(json<ErrorAnswer>(english).message).toContain('has no option --commune');
    expect(json<ErrorAnswer>(await post('payroll.generate', { month: '2024-08', unit: '23293', toString: 'x' }, cookies.canbo)).code).toBe('COMMAND_OPTION_UNKNOWN');

    // No coercion: a flag is a boolean, a text a string.
    expect(json<ErrorAnswer>(await post('payroll.generate', { month: '2024-08', unit: '23293', regenerate: 'true' }, cookies.canbo)).code).toBe('COMMAND_OPTION_INVALID');
    expect(json<ErrorAnswer>(await post('payroll.lines', { cycle: 1 }, cookies.canbo)).code).toBe('COMMAND_OPTION_INVALID');
    // A required option missing, a choice not among its values: the body schema.
    expect(json<ErrorAnswer>(await post('payroll.generate', { unit: '23293' }, cookies.canbo)).code).toBe('VALIDATION_FAILED');
    // (the one command with choices, users.create, is the operator's: no API route; its enum is in the CLI test)
    // Nothing was generated by the refused requests.
    const cycles = json<unknown[]>(await app.inject({ method: 'GET', url: '/api/v1/payroll/cycles?month=2024-08', headers: { cookie: cookies.canbo! } }));
    expect(cycles).toEqual([]);

    for (const name of cliOnly) expect((await post(name, {}, cookies.canbo)).statusCode, name).toBe(404);
  });
});
