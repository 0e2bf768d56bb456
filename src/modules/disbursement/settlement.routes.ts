import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor } from '../../app/http.js';
import { closeCycle, cycleSettlement } from './settlement.service.js';
import { Settlement, SettlementClosed } from './settlement.schemas.js';

const CycleParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** A cycle's settlement (quyết toán) and its close. */
export function settlementRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/payroll/cycles/:id/settlement',
      { schema: { tags: ['disbursement'], summary: 'The settlement of a cycle from its ledger', params: CycleParams, response: { 200: Settlement, ...errorResponses(401, 403, 404) } } },
      async (request) => cycleSettlement(ctx, requireActor(request), request.params.id),
    );
    app.post(
      '/api/v1/payroll/cycles/:id/close',
      {
        schema: {
          tags: ['disbursement'],
          summary: 'Close a reconciled cycle whose settlement balances (the remainder goes back to the Treasury)',
          params: CycleParams,
          body: Type.Object({ comment: Type.Optional(Type.String({ maxLength: 500 })) }),
          response: { 200: SettlementClosed, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => closeCycle(ctx, requireActor(request), request.params.id, request.body.comment),
    );
  };
}
