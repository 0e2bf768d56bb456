import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app/build.js';
import { createTestContext, type TestContext } from './helpers/context.js';

/**
 * Issue 19: what leaves the server is decided by the route's response schema (Fastify's serializer
 * drops every property the schema does not name), not by masking in the services. This test walks
 * the route table and fails for each route whose success answer has no schema that says what it
 * sends:
 *
 * - every method and URL registered on the app declares `schema.response` with at least one 2xx
 *   status, and each 2xx schema is definite: no open object (`additionalProperties: true`) and no
 *   empty schema (`Type.Unknown()`, `{}`) anywhere in it unless it carries a `description` that
 *   says what the free-form value is (a documented choice, e.g. the audited entity as stored);
 * - a file download (XLSX, PDF, XML, CSV streamed as an attachment) declares its content types with
 *   a binary string schema instead: `fileResponse(...)` of src/app/schemas.ts, i.e.
 *   `{ content: { '<media type>': { schema: { type: 'string', format: 'binary' } } } }`. That is
 *   the marker this test accepts for a body that is not JSON;
 * - the OpenAPI document shows a success response with content for every route it lists.
 *
 * Not checked: the HEAD routes Fastify adds beside each GET (they share its schema), and the routes
 * of @fastify/swagger-ui under /api/docs (its static files and the document as JSON or YAML).
 */
const thirdPartyRoutes = /^\/api\/docs(\/|$)/;

type JsonSchema = Record<string, unknown>;

const successStatus = (status: string) => /^2(\d\d|xx)$/.test(status);
const isJsonMediaType = (type: string) => /^application\/(.+\+)?json\b/.test(type);
const isBinary = (schema: unknown) => typeof schema === 'object' && schema !== null && (schema as JsonSchema).type === 'string' && (schema as JsonSchema).format === 'binary';

/** Where a schema lets anything through undocumented (paths inside the schema). */
function openSpots(schema: unknown, shared: Map<string, JsonSchema>, path = '', seen = new Set<string>()): string[] {
  if (schema === true) return [`${path || '/'} (true)`];
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as JsonSchema;
  if (typeof node.$ref === 'string') {
    const id = node.$ref.replace(/#$/, '');
    if (seen.has(id)) return [];
    const target = shared.get(id);
    if (!target) return [`${path || '/'} ($ref ${id} unknown)`];
    return openSpots(target, shared, path, new Set([...seen, id]));
  }
  const keywords = Object.keys(node).filter((key) => !['description', 'title', '$id', 'examples', 'default'].includes(key));
  if (keywords.length === 0) return node.description ? [] : [`${path || '/'} (empty schema without a description)`];
  const spots: string[] = [];
  if (node.additionalProperties === true) spots.push(`${path || '/'} (additionalProperties: true)`);
  for (const [name, value] of Object.entries((node.properties as Record<string, unknown> | undefined) ?? {})) spots.push(...openSpots(value, shared, `${path}/${name}`, seen));
  for (const [pattern, value] of Object.entries((node.patternProperties as Record<string, unknown> | undefined) ?? {})) spots.push(...openSpots(value, shared, `${path}/{${pattern}}`, seen));
  if (typeof node.additionalProperties === 'object') spots.push(...openSpots(node.additionalProperties, shared, `${path}/*`, seen));
  if (node.items !== undefined) spots.push(...openSpots(node.items, shared, `${path}/[]`, seen));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = node[key];
    if (Array.isArray(list)) list.forEach((item, index) => spots.push(...openSpots(item, shared, `${path}/${key}[${index}]`, seen)));
  }
  return spots;
}

/** What is wrong with the 2xx answers of one route (empty when nothing). */
function problemsOf(route: RouteOptions, shared: Map<string, JsonSchema>): string[] {
  const response = (route.schema as { response?: Record<string, unknown> } | undefined)?.response;
  if (!response) return ['no response schema'];
  const statuses = Object.keys(response).filter(successStatus);
  if (statuses.length === 0) return [`no 2xx response schema (only ${Object.keys(response).join(', ')})`];
  const problems: string[] = [];
  for (const status of statuses) {
    const schema = response[status] as JsonSchema;
    const content = schema.content as Record<string, { schema?: unknown }> | undefined;
    if (content) {
      for (const [mediaType, entry] of Object.entries(content)) {
        if (isJsonMediaType(mediaType)) problems.push(...openSpots(entry.schema, shared).map((spot) => `${status} ${mediaType}: ${spot}`));
        else if (!isBinary(entry.schema)) problems.push(`${status} ${mediaType}: a file download needs the binary marker { type: 'string', format: 'binary' }`);
      }
    } else problems.push(...openSpots(schema, shared).map((spot) => `${status}: ${spot}`));
  }
  return problems;
}

describe('response schemas (issue 19)', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const routes: RouteOptions[] = [];

  beforeAll(async () => {
    ctx = await createTestContext();
    // With the CLI token, so that the internal command route is registered and checked too.
    app = await buildApp(ctx, { logger: false, serveWeb: false, cliToken: 'route-schemas-test-token-0123456789', onRoute: (route) => routes.push(route) });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  it('every route declares a definite schema for each success answer', () => {
    const shared = new Map(Object.entries(app.getSchemas() as Record<string, JsonSchema>));
    const checked: string[] = [];
    const failures: string[] = [];
    for (const route of routes) {
      if (thirdPartyRoutes.test(route.url)) continue;
      for (const method of ([] as string[]).concat(route.method)) {
        if (method === 'HEAD') continue;
        checked.push(`${method} ${route.url}`);
        for (const problem of problemsOf(route, shared)) failures.push(`${method} ${route.url}: ${problem}`);
      }
    }
    expect(checked.length).toBeGreaterThan(70);
    expect(failures, `${new Set(failures.map((failure) => failure.split(': ')[0])).size} of ${checked.length} routes:\n${failures.join('\n')}`).toEqual([]);
  });

  it('the OpenAPI document shows a success response with its content for every route', () => {
    const document = app.swagger() as { paths: Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>> };
    const missing: string[] = [];
    let operations = 0;
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        operations += 1;
        const success = Object.entries(operation.responses ?? {}).filter(([status]) => successStatus(status));
        // 204 No Content has no body to describe.
        if (success.length === 0 || success.some(([status, answer]) => status !== '204' && !answer.content)) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(operations).toBeGreaterThan(60);
    expect(missing).toEqual([]);
  });
});
