import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, shapeResult, type Command } from '../src/app/command.js';
import { apiCommand, commandApiRoutes, commandUrl } from '../src/app/commands-api.routes.js';
import { commands, runCommand } from '../src/app/commands.js';
import { jsonSafe } from '../src/app/commands.routes.js';
import { ErrorBody } from '../src/app/http.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { createFundedCycle, fixturePeople, postalCode, type FundedCycle } from './helpers/disbursement-fixture.js';

/**
 * Issue 19, requirement 3, for the commands: every command declares what it returns (`result` of
 * app/command.ts), its API route answers through that schema (fields it does not name never leave
 * the server), the OpenAPI document shows it, and the CLI prints the same shape. Personal data is
 * still masked by the services as app/access/need-to-know.ts says.
 */

type JsonSchema = Record<string, unknown>;

/** Where a schema lets anything through without saying what (as test/route-schemas.test.ts judges a route's answer). */
function openSpots(schema: unknown, path = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return schema === true ? [`${path || '/'} (true)`] : [];
  const node = schema as JsonSchema;
  const keywords = Object.keys(node).filter((key) => !['description', 'title', 'examples', 'default'].includes(key));
  if (keywords.length === 0) return node.description ? [] : [`${path || '/'} (empty schema without a description)`];
  const spots: string[] = node.additionalProperties === true ? [`${path || '/'} (additionalProperties: true)`] : [];
  for (const [name, value] of Object.entries((node.properties as JsonSchema | undefined) ?? {})) spots.push(...openSpots(value, `${path}/${name}`));
  for (const [pattern, value] of Object.entries((node.patternProperties as JsonSchema | undefined) ?? {})) spots.push(...openSpots(value, `${path}/{${pattern}}`));
  if (typeof node.additionalProperties === 'object') spots.push(...openSpots(node.additionalProperties, `${path}/*`));
  if (node.items !== undefined) spots.push(...openSpots(node.items, `${path}/[]`));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = node[key];
    if (Array.isArray(list)) list.forEach((item, index) => spots.push(...openSpots(item, `${path}/${key}[${index}]`)));
  }
  return spots;
}

/** The property names of an object schema, or of the items of an array schema. */
function propertyNames(schema: unknown): string[] {
  const node = schema as JsonSchema;
  const object = (node.type === 'array' ? node.items : node) as JsonSchema;
  return Object.keys((object.properties as JsonSchema | undefined) ?? {}).sort();
}

/** Fails with the first errors when the value does not validate against the schema. */
function expectValid(name: string, schema: TSchema, value: unknown): void {
  const errors = Value.Check(schema, value) ? [] : [...Value.Errors(schema, value)].slice(0, 5).map((error) => JSON.stringify(error));
  expect(errors, `${name}: the answer does not match its declared result`).toEqual([]);
}

/** A personal ID masked to its last 4 digits. */
const masked = /^•+\d{4}$/;

describe('every command declares its result', () => {
  it('the registry holds no command without a definite result schema', () => {
    const missing: string[] = [];
    for (const [name, declared] of Object.entries(commands)) {
      const result = (declared as Partial<Command>).result;
      if (result === undefined) missing.push(`${name}: no result schema`);
      else for (const spot of openSpots(result)) missing.push(`${name}: ${spot}`);
    }
    expect(missing).toEqual([]);
    expect(Object.keys(commands).length).toBeGreaterThan(40);
  });
});

describe('a command route answers only what the result schema names', () => {
  let app: FastifyInstance;
  let ctx: TestContext;
  const secretive = command({
    cli: ['audit', 'secretive'],
    database: true,
    options: {},
    result: Type.Object({ ok: Type.Boolean(), people: Type.Array(Type.Object({ personalId: Type.String() })) }),
    // Returns more than it declares: a field at the top and one inside a nested object.
    run: async () => ({ ok: true, people: [{ personalId: '•••••••••123', accountNumber: '510020100001' }], passwordHash: 'argon2id$…' }) as never,
  });

  beforeAll(async () => {
    ctx = await createTestContext();
    const admin = await createTestUser(ctx, { username: 'quantri', role: 'admin' });
    app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
    app.addSchema(ErrorBody);
    app.decorateRequest('actor', null);
    app.addHook('onRequest', async (request) => {
      request.actor = admin;
    });
    await app.register(commandApiRoutes(ctx, { 'audit.secretive': secretive }));
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('drops the fields the handler returned but the schema does not name, at every depth, over the API and in the CLI output', async () => {
    const response = await app.inject({ method: 'POST', url: commandUrl('audit.secretive'), payload: {} });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).not.toContain('passwordHash');
    expect(response.body).not.toContain('accountNumber');
    expect(json(response)).toEqual({ ok: true, people: [{ personalId: '•••••••••123' }] });
    // The CLI's output (runCommand shapes it the same way).
    expect(shapeResult(secretive, await secretive.run(ctx, null as never, {}))).toEqual({ ok: true, people: [{ personalId: '•••••••••123' }] });
  });
});

describe('commands over the API answer their declared result, with personal data as need-to-know says', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let fixture: FundedCycle;
  const cookies: Record<string, string> = {};
  const post = (name: string, payload: Record<string, unknown>, user: string) => app.inject({ method: 'POST', url: commandUrl(name), payload, headers: { cookie: cookies[user]! } });
  const get = (url: string, user: string) => app.inject({ method: 'GET', url, headers: { cookie: cookies[user]! } });
  /** Runs the command over the API, checks it answered 200 and the answer validates against the command's result schema. */
  async function answer<T>(name: string, payload: Record<string, unknown>, user: string): Promise<T> {
    const response = await post(name, payload, user);
    expect(response.statusCode, `${name}: ${response.body.slice(0, 500)}`).toBe(200);
    const body = json<T>(response);
    expectValid(name, commands[name]!.result, body);
    // The CLI (`asxh … --as user --json`) prints the same.
    expect(jsonSafe(await runCommand(ctx, { name, args: payload, as: user, operator: 'test', requestId: `test-${name}` })), `${name}: CLI`).toEqual(body);
    return body;
  }

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx);
    await createTestUser(ctx, { username: 'kiemtoan', role: 'auditor' });
    app = await createTestApp(ctx);
    for (const user of ['canbo', 'kiemtoan', 'buudien']) cookies[user] = await loginCookie(app, user);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('payroll: lines, changes and the audit validate; the auditor sees masked IDs, the provider agent only its own payees', async () => {
    const cycle = String(fixture.cycleId);
    const officerLines = await answer<{ personalId: string; provider: string }[]>('payroll.lines', { cycle }, 'canbo');
    expect(officerLines).toHaveLength(fixturePeople.length);
    expect(officerLines.map((line) => line.personalId).sort()).toEqual(fixturePeople.map((person) => person.so_dinh_danh).sort());
    // Only the fields the command declares: no account, representative or breakdown.
    for (const line of officerLines) expect(Object.keys(line).sort()).toEqual(propertyNames(commands['payroll.lines']!.result));

    const auditorLines = await answer<{ personalId: string; fullName: string }[]>('payroll.lines', { cycle }, 'kiemtoan');
    expect(auditorLines).toHaveLength(fixturePeople.length);
    for (const line of auditorLines) expect(line.personalId).toMatch(masked);
    // The same people as the lines route shows the auditor, field by field.
    const routeLines = json<Record<string, unknown>[]>(await get(`/api/v1/payroll/cycles/${cycle}/lines?limit=1000`, 'kiemtoan'));
    const fields = propertyNames(commands['payroll.lines']!.result);
    expect(auditorLines).toEqual(routeLines.map((line) => Object.fromEntries(fields.map((field) => [field, line[field]]))));

    const agentLines = await answer<{ personalId: string; provider: string; category: string }[]>('payroll.lines', { cycle }, 'buudien');
    expect(agentLines.length).toBe(3);
    for (const line of agentLines) {
      expect(line.provider).toBe(postalCode);
      expect(line.category).toBe('PROTECTED');
    }

    const changes = await answer<{ changes: { personalId: string }[] }>('payroll.diff', { cycle }, 'kiemtoan');
    expect(changes.changes.length).toBeGreaterThan(0);
    for (const change of changes.changes) expect(change.personalId).toMatch(masked);

    const audit = await answer<{ people: number; findings: unknown[] }>('payroll.audit', { unit: '23293', from: '2024-07', to: '2024-07' }, 'canbo');
    expect(audit).toMatchObject({ people: fixturePeople.length, findings: [] });
    await answer('payroll.deadlines', { month: '2024-07' }, 'canbo');
  });

  it('registry: a beneficiary as the route shows it, masked for the auditor; the review queue', async () => {
    const personalId = fixturePeople[0]!.so_dinh_danh!;
    const officer = await answer<{ person: { personalId: string }; instruments: { accountNumber: string | null }[] }>('beneficiary.show', { personalId }, 'canbo');
    expect(officer.person.personalId).toBe(personalId);
    expect(officer.instruments[0]!.accountNumber).toBe(fixturePeople[0]!.so_tai_khoan);

    const auditor = await answer<{ person: { personalId: string }; instruments: { accountNumber: string | null }[] }>('beneficiary.show', { personalId }, 'kiemtoan');
    expect(auditor.person.personalId).toMatch(masked);
    expect(auditor.instruments[0]!.accountNumber).toMatch(masked);
    // The history's before/after (the stored records, an import's row with its ID and account) are masked too.
    const history = (auditor as unknown as { history: { action: string }[] }).history;
    expect(history.map((entry) => entry.action)).toContain('person.created');
    expect(JSON.stringify(auditor)).not.toContain(personalId);
    expect(JSON.stringify(auditor)).not.toContain(fixturePeople[0]!.so_tai_khoan!);
    // Exactly what the beneficiary route answers the auditor, history included.
    const route = json<Record<string, unknown>>(await get(`/api/v1/beneficiaries/${personalId}`, 'kiemtoan'));
    expect(auditor).toEqual(route);

    // A provider agent sees no beneficiary file at all.
    expect((await post('beneficiary.show', { personalId }, 'buudien')).statusCode).toBeGreaterThanOrEqual(400);
    await answer('review.list', {}, 'canbo');
  });

  it('disbursement: the batches listed or created, and the ledger check of a cycle of the area only', async () => {
    const cycle = String(fixture.cycleId);
    const listed = await answer<{ providerCode: string }[]>('disburse.batches', { cycle, list: true }, 'canbo');
    expect(listed.map((batch) => batch.providerCode).sort()).toEqual(['970405', '971005', postalCode].sort());
    const created = await answer<{ created: boolean; batches: unknown[] }>('disburse.batches', { cycle }, 'canbo');
    expect(created).toMatchObject({ created: false, batches: expect.any(Array) });
    expect(created.batches).toHaveLength(3);

    const ledger = await answer<{ ok: boolean; cycles: number }>('ledger.check', { cycle }, 'kiemtoan');
    expect(ledger).toMatchObject({ ok: true, cycles: 1 });
    // As the ledger route: without a cycle the check covers the country, for national users only.
    expect((await post('ledger.check', {}, 'canbo')).statusCode).toBe(403);
    await answer('ledger.check', {}, 'kiemtoan');
  });

  it('the OpenAPI document shows each command’s result as the answer of its route', () => {
    const document = app.swagger() as { paths: Record<string, { post?: { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> } }> };
    const differences: string[] = [];
    for (const [name, declared] of Object.entries(commands)) {
      if (!apiCommand(declared)) continue;
      const schema = document.paths[commandUrl(name)]?.post?.responses?.['200']?.content?.['application/json']?.schema as JsonSchema | undefined;
      if (!schema) {
        differences.push(`${name}: no 200 answer`);
        continue;
      }
      const expected = declared.result as JsonSchema;
      if (schema.type !== expected.type) differences.push(`${name}: type ${String(schema.type)} instead of ${String(expected.type)}`);
      if (propertyNames(schema).join() !== propertyNames(expected).join()) differences.push(`${name}: ${propertyNames(schema).join()} instead of ${propertyNames(expected).join()}`);
    }
    expect(differences).toEqual([]);
  });
});
