import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor } from '../../app/http.js';
import { programmes } from '../rules/categories.js';
import { monthlyReport } from './monthly.service.js';
import { MonthlyReport } from './reporting.schemas.js';

const errorsOf = errorResponses(400, 401, 403, 404);

/** The reports: read-only views over the other modules' published relations. */
export function reportingRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/reports/monthly',
      {
        schema: {
          tags: ['reports'],
          summary: 'The monthly results report of a unit: a row per child unit and the total, in my area',
          querystring: Type.Object({
            month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }),
            unit: Type.Optional(Type.String({ pattern: '^(VN|\\d{2}|\\d{5})$' })),
            programme: Type.Optional(Type.Union(programmes.map((code) => Type.Literal(code)))),
          }),
          response: { 200: MonthlyReport, ...errorsOf },
        },
      },
      async (request) => monthlyReport(ctx, requireActor(request), { month: request.query.month, unit: request.query.unit, programme: request.query.programme }),
    );
  };
}
