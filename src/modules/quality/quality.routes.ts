import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor } from '../../app/http.js';
import { FlagSummary } from './quality.schemas.js';
import { computeQualityFlags, qualityFlagSummary } from './quality.service.js';

/** Data-quality flags: recomputation over the whole registry and counts in the caller's area. */
export function qualityRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/quality/flags/recompute',
      {
        schema: {
          tags: ['quality'],
          summary: 'Recompute the data-quality flags over the whole registry; returns the counts in my area',
          response: { 200: FlagSummary, ...errorResponses(401, 403) },
        },
      },
      async (request) => computeQualityFlags(ctx, requireActor(request)),
    );

    app.get(
      '/api/v1/quality/flags/summary',
      {
        schema: {
          tags: ['quality'],
          summary: 'Counts per data-quality flag among the people of my area',
          response: { 200: FlagSummary, ...errorResponses(401, 403) },
        },
      },
      async (request) => qualityFlagSummary(ctx, requireActor(request)),
    );
  };
}
