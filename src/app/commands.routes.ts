import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors } from '../core/errors.js';
import { errorResponses } from './http.js';
import { FreeJson } from './schemas.js';
import type { AppContext } from './context.js';
import { runCommand } from './commands.js';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Lets the `asxh` CLI run its commands inside this process when the server holds the embedded
 * database (PGlite serves one process at a time). Authorised by a random token that only the
 * server's OS user can read (`<data dir>/server.json`, mode 0600); hidden from the API docs.
 */
export function commandRoutes(ctx: AppContext, cliToken: string): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/internal/commands',
      {
        schema: {
          hide: true,
          // The arguments are taken exactly as the CLI parsed them: no schema type on their values,
          // since the server's validator coerces types (a union of string, number and boolean made
          // `--dry-run`'s `true` the string "true", which the import read as "not a dry run").
          // runCommand checks them against the command's declared options, as it does locally.
          body: Type.Object(
            {
              name: Type.String({ maxLength: 100 }),
              args: Type.Record(Type.String(), Type.Unknown()),
              as: Type.Optional(Type.String({ maxLength: 64 })),
              operator: Type.String({ maxLength: 100 }),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ result: FreeJson('What the command returned, as JSON (bigints as numbers, or as text beyond 2^53)') }),
            ...errorResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => {
        const token = request.headers['x-asxh-cli-token'];
        if (typeof token !== 'string' || !sameToken(token, cliToken)) throw errors.unauthenticated();
        const result = await runCommand(ctx, { ...request.body, requestId: request.id });
        return { result: jsonSafe(result) };
      },
    );
  };
}

/** bigint → number when exact (all realistic amounts), else string, for JSON transport. */
export function jsonSafe(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value ?? null, (_key, item: unknown) => {
      if (typeof item !== 'bigint') return item;
      return item <= BigInt(Number.MAX_SAFE_INTEGER) && item >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(item) : item.toString();
    }),
  );
}
