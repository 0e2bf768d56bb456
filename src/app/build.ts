import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { Type } from 'typebox';
import { webDistDir } from '../core/paths.js';
import { limits } from '../limits.js';
import { auditRoutes } from '../modules/audit/audit.routes.js';
import { unitsRelation } from '../modules/units/units.service.js';
import { actorOfUser, assertSessionMayCall, userOfSession } from '../modules/auth/auth.service.js';
import { authRoutes, publicAuthRoutes, UserViewSchema } from '../modules/auth/auth.routes.js';
import { toUserView } from '../modules/auth/users.service.js';
import { userRoutes } from '../modules/auth/users.routes.js';
import { UnitSchema, unitRoutes } from '../modules/units/units.routes.js';
import { commandApiRoutes, commandTags } from './commands-api.routes.js';
import { commandRoutes } from './commands.routes.js';
import type { AppContext } from './context.js';
import { registerErrorHandling } from './errors.plugin.js';
import { databaseRateLimitStore } from './rate-limit-store.js';
import { appLoggerOptions, type LogDestination } from './logging.js';
import { registerSecurity, trustProxyOption } from './security.plugin.js';
import { ErrorBody, sessionCookieName } from './http.js';
import { FreeJson } from './schemas.js';
import { moduleRoutes } from './modules.js';

export interface BuildOptions {
  logger?: boolean | { level: string };
  /** Where log lines go when `logger` is on (stdout by default; the log redaction test captures them). */
  logStream?: LogDestination;
  /** Token that lets the `asxh` CLI run commands through this server (PGlite serves one process). */
  cliToken?: string;
  serveWeb?: boolean;
  /** Called for every route as it is registered (test/route-schemas.test.ts walks the route table with it). */
  onRoute?: (route: RouteOptions) => void;
}

/**
 * Builds the HTTP application without listening (Fastify's testing pattern: tests call `inject`).
 */
export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // Redaction and the serialisers that keep personal data out of the log (app/logging.ts).
    logger: appLoggerOptions(options.logger, options.logStream),
    // Behind a TLS proxy (ASXH_TRUST_PROXY), the client's address and scheme come from its headers.
    trustProxy: trustProxyOption(ctx.config.trustProxy),
    bodyLimit: limits.requestBodyBytesMax,
    requestTimeout: limits.requestTimeoutMsMax,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  if (options.onRoute) {
    const onRoute = options.onRoute;
    app.addHook('onRoute', (route) => onRoute(route));
  }

  app.addSchema(ErrorBody);
  app.addSchema(UserViewSchema);
  app.addSchema(UnitSchema);
  registerErrorHandling(app);

  await app.register(cookie);
  // Security headers, the same-origin rule for state-changing requests, no control characters in text.
  registerSecurity(app, ctx.config);
  await app.register(multipart, { limits: { fileSize: limits.uploadBytesMax, files: 1 } });
  // Counted in the database: every server on it counts the same client's requests (rate-limit-store.ts).
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(ctx.db) });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ASXH Pay API',
        description: 'Chi trả an sinh xã hội không dùng tiền mặt — cashless payment of social-assistance and people-with-merit allowances.',
        version: '1',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: sessionCookieName } } },
      security: [{ session: [] }],
      // The routes of the `asxh` commands (POST /api/v1/commands/<name>), one tag per command group.
      tags: commandTags(),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('userView', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[sessionCookieName];
    if (!token) return;
    const user = await userOfSession(ctx, token);
    if (!user) return;
    // A reset or first password: nothing but me, logout and the password change until it is changed.
    assertSessionMayCall(user, request.method, request.url);
    request.actor = actorOfUser(user, request.id);
    request.sessionToken = token;
    request.userView = toUserView(user, ctx.now());
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  app.get('/health', { schema: { hide: true, response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
  const OpenApiDocument = Type.Record(Type.String(), FreeJson('A part of the OpenAPI 3.1 document (@fastify/swagger)'), { description: 'The OpenAPI 3.1 document of this API' });
  app.get('/api/openapi.json', { schema: { hide: true, response: { 200: OpenApiDocument } } }, async () => app.swagger() as unknown as Record<string, unknown>);

  await app.register(publicAuthRoutes(ctx));
  await app.register(authRoutes(ctx));
  await app.register(userRoutes(ctx));
  await app.register(unitRoutes(ctx));
  await app.register(auditRoutes(ctx, { unitsRelation }));
  await app.register(moduleRoutes(ctx));
  await app.register(commandApiRoutes(ctx));
  if (options.cliToken) await app.register(commandRoutes(ctx, options.cliToken));

  if (options.serveWeb !== false && existsSync(join(webDistDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDistDir, prefix: '/', wildcard: false, index: ['index.html'] });
    // The single-page app handles its own routes: unknown non-API GETs get index.html. A catch-all
    // route rather than a second not-found handler, which Fastify refuses (errors.plugin.ts set one);
    // the router prefers every real route and static file over this wildcard.
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      if (!request.url.startsWith('/api/') && request.headers.accept?.includes('text/html')) return reply.sendFile('index.html');
      return reply.callNotFound();
    });
  }
  return app;
}
