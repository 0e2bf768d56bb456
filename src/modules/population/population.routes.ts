import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor } from '../../app/http.js';
import { limits } from '../../limits.js';
import { reviewKinds, reviewStatuses } from './population.repository.js';
import { PopulationVerification, ReviewPage, ReviewResolution } from './population.schemas.js';
import { listReviewItems, resolveReviewItem, reviewActions, verifyPopulation } from './population.service.js';

const literalUnion = (values: readonly string[]) => Type.Union(values.map((value) => Type.Literal(value)));

/**
 * Checks against the national population database (CSDLQG về dân cư) and the review queue of the
 * discrepancies they find. HTTP only: every rule lives in population.service.ts.
 */
export function populationRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/population/verify',
      {
        schema: {
          tags: ['population'],
          summary: 'Check the people of my area (or of one unit inside it) against the national population database',
          body: Type.Object({ unitCode: Type.Optional(Type.String({ pattern: '^\\d{2}(\\d{3})?$' })) }),
          response: { 200: PopulationVerification, ...errorResponses(400, 401, 403, 409, 502, 503) },
        },
        // The whole area is the common case: a POST without a body means `{}`.
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      async (request) => verifyPopulation(ctx, requireActor(request), { unitCode: request.body.unitCode }),
    );

    app.get(
      '/api/v1/review-items',
      {
        schema: {
          tags: ['population'],
          summary: 'Discrepancies to review (name, date of birth, death, move, unknown ID) in my area; keyset paging',
          querystring: Type.Object({
            status: Type.Optional(literalUnion(reviewStatuses)),
            kind: Type.Optional(literalUnion(reviewKinds)),
            commune: Type.Optional(Type.String({ pattern: '^\\d{5}$' })),
            before: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.pageSizeMax })),
          }),
          response: { 200: ReviewPage, ...errorResponses(401, 403) },
        },
      },
      async (request) => {
        const { status, kind, commune, before, limit } = request.query;
        return listReviewItems(ctx, requireActor(request), { status, kind, communeCode: commune, beforeId: before, limit });
      },
    );

    app.post(
      '/api/v1/review-items/:id/resolve',
      {
        schema: {
          tags: ['population'],
          summary: 'Accept the corrected data, terminate for a death (from the month after), or dismiss with a reason',
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          body: Type.Object({
            action: literalUnion(reviewActions),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          }),
          response: { 200: ReviewResolution, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        resolveReviewItem(ctx, requireActor(request), request.params.id, { action: request.body.action as (typeof reviewActions)[number], note: request.body.note }),
    );
  };
}
