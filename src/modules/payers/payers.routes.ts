import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor } from '../../app/http.js';
import { PayerDecided, PayerProposed, PayerView } from './payers.schemas.js';
import { approvePayer, listPayers, proposePayer, rejectPayer } from './payers.service.js';

const answer = <T extends TSchema>(schema: T) => ({ 200: schema, ...errorResponses(400, 401, 403, 404, 409) });
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** Paying accounts per province and programme: proposed by one person, approved by another. */
export function payersRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/payers',
      {
        schema: {
          tags: ['payers'],
          summary: 'Paying accounts (in force, pending, history) of the caller’s area, or of one province',
          querystring: Type.Object({ unit: Type.Optional(Type.String({ pattern: '^\\d{2}$' })) }),
          response: answer(Type.Array(PayerView)),
        },
      },
      async (request) => listPayers(ctx, requireActor(request), { unitCode: request.query.unit ?? null }),
    );
    app.post(
      '/api/v1/payers',
      {
        schema: {
          tags: ['payers'],
          summary: 'Propose the paying account of a province and programme (a second person approves it)',
          body: Type.Object({
            unitCode: Type.String({ pattern: '^\\d{2}$', description: 'Province code' }),
            programme: Type.Union([Type.Literal('TGXH'), Type.Literal('NCC'), Type.Literal('HTXH')]),
            bin: Type.String({ pattern: '^\\d{6}$' }),
            accountNumber: Type.String({ minLength: 4, maxLength: 40 }),
            name: Type.String({ minLength: 1, maxLength: 140 }),
          }),
          response: answer(PayerProposed),
        },
      },
      async (request) => proposePayer(ctx, requireActor(request), request.body),
    );
    app.post(
      '/api/v1/payers/:id/approve',
      { schema: { tags: ['payers'], summary: 'Approve a proposed paying account (someone other than the proposer)', params: Id, response: answer(PayerDecided) } },
      async (request) => approvePayer(ctx, requireActor(request), request.params.id),
    );
    app.post(
      '/api/v1/payers/:id/reject',
      {
        schema: { tags: ['payers'], summary: 'Reject a proposed paying account, with a reason', params: Id, body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }), response: answer(PayerDecided) },
      },
      async (request) => rejectPayer(ctx, requireActor(request), request.params.id, request.body.reason),
    );
  };
}
