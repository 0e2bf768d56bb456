import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor } from '../../app/http.js';
import { confirmCashCorrection, listCashCorrections, proposeCashCorrection, rejectCashCorrection } from './cash-corrections.service.js';
import { CashCorrection, CashCorrectionConfirmed, CashCorrectionProposed, CashCorrectionRejected, CorrectionResult } from './cash-corrections.schemas.js';

/**
 * Corrections of a cycle's cash results over HTTP (issue 22 item 7): proposed by the provider's
 * agent, confirmed or rejected by a second one. Routes only translate HTTP; the service authorises.
 */
const errorsOf = errorResponses(400, 401, 403, 404, 409);
const answer = <T extends TSchema>(schema: T) => ({ 200: schema, ...errorsOf });
const Id = Type.Integer({ minimum: 1 });
const CycleParams = Type.Object({ id: Id });
const DecisionParams = Type.Object({ id: Id, correctionId: Id });
const DecisionBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
const base = '/api/v1/disbursement/cycles/:id/cash-corrections';

export function cashCorrectionRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      base,
      {
        schema: {
          tags: ['disbursement'],
          summary: 'The corrections of a cycle’s cash results (a provider’s agent: its own provider’s), newest first',
          params: CycleParams,
          querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('PENDING'), Type.Literal('CONFIRMED'), Type.Literal('REJECTED')])) }),
          response: answer(Type.Array(CashCorrection)),
        },
      },
      async (request) => listCashCorrections(ctx, requireActor(request), { cycleId: request.params.id, status: request.query.status }),
    );
    app.post(
      base,
      {
        schema: {
          tags: ['disbursement'],
          summary: 'Propose the correction of a final cash result (the same proposal again answers the existing one); a second agent confirms it',
          params: CycleParams,
          body: Type.Object(
            {
              endToEndId: Type.String({ minLength: 1, maxLength: 35 }),
              result: CorrectionResult,
              date: Type.Optional(Type.String({ maxLength: 10, description: 'the day paid (YYYY-MM-DD or dd/mm/yyyy), for a payment' })),
              receiptNumber: Type.Optional(Type.String({ maxLength: 50 })),
              reason: Type.String({ minLength: 1, maxLength: 500 }),
            },
            { additionalProperties: false },
          ),
          response: answer(CashCorrectionProposed),
        },
      },
      async (request) => proposeCashCorrection(ctx, requireActor(request), { cycleId: request.params.id, ...request.body }),
    );
    app.post(
      `${base}/:correctionId/confirm`,
      {
        schema: {
          tags: ['disbursement'],
          summary: 'Confirm a correction (another agent of the provider, or an administrator): the payment takes the corrected result',
          params: DecisionParams,
          body: DecisionBody,
          response: answer(CashCorrectionConfirmed),
        },
      },
      async (request) => confirmCashCorrection(ctx, requireActor(request), { correctionId: request.params.correctionId, cycleId: request.params.id, note: request.body.note }),
    );
    app.post(
      `${base}/:correctionId/reject`,
      {
        schema: {
          tags: ['disbursement'],
          summary: 'Reject a correction (its proposer: withdraw it); nothing else changes',
          params: DecisionParams,
          body: DecisionBody,
          response: answer(CashCorrectionRejected),
        },
      },
      async (request) => rejectCashCorrection(ctx, requireActor(request), { correctionId: request.params.correctionId, cycleId: request.params.id, note: request.body.note }),
    );
  };
}
