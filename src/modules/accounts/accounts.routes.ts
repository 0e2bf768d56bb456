import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor, sendAttachment } from '../../app/http.js';
import { fileResponse, mediaTypes } from '../../app/schemas.js';
import {
  CampaignDashboard,
  PersonOnCash,
  Proposal,
  ProposalApproved,
  ProposalCreated,
  ProposalRejected,
  SelfServiceAnswer,
  StageSet,
  StagesSet,
  TargetSet,
} from './accounts.schemas.js';
import { campaignDashboard, campaignStages, peopleOnCash, proposeHomeDelivery, setStage, setStages, setTarget, writeDashboardXlsx } from './campaign.service.js';
import { approveProposal, listProposals, proposeInstrument, rejectProposal } from './proposals.service.js';
import { proposeBySelfService, requestCode } from './self-service.service.js';

const errorsOf = errorResponses(400, 401, 403, 404, 409);
const answer = <T extends TSchema>(schema: T) => ({ 200: schema, ...errorsOf });
const PersonalId = Type.String({ pattern: '^\\d{12}$' });
const Instrument = {
  channel: Type.String({ maxLength: 20 }),
  providerCode: Type.Optional(Type.String({ maxLength: 20 })),
  accountNumber: Type.Optional(Type.String({ maxLength: 30 })),
  accountHolder: Type.Optional(Type.String({ maxLength: 200 })),
};

export function accountsRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/accounts/proposals',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Account change proposals (approval queue), old and new side by side',
          querystring: Type.Object({ status: Type.Optional(Type.String({ maxLength: 20 })), commune: Type.Optional(Type.String({ pattern: '^\\d{5}$' })), before: Type.Optional(Type.Integer({ minimum: 1 })) }),
          response: answer(Type.Array(Proposal)),
        },
      },
      async (request) => listProposals(ctx, requireActor(request), { status: request.query.status, communeCode: request.query.commune, beforeId: request.query.before }),
    );
    app.post(
      '/api/v1/accounts/proposals',
      { schema: { tags: ['accounts'], summary: 'Propose a new or changed payment instrument', body: Type.Object({ personalId: PersonalId, category: Type.Optional(Type.String({ maxLength: 40 })), ...Instrument }), response: answer(ProposalCreated) } },
      async (request) => proposeInstrument(ctx, requireActor(request), { ...request.body, source: 'API' }),
    );
    app.post(
      '/api/v1/accounts/proposals/:id/approve',
      { schema: { tags: ['accounts'], summary: 'Approve (another user than the proposer)', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: Type.Object({ comment: Type.Optional(Type.String({ maxLength: 500 })) }), response: answer(ProposalApproved) } },
      async (request) => approveProposal(ctx, requireActor(request), request.params.id, request.body.comment),
    );
    app.post(
      '/api/v1/accounts/proposals/:id/reject',
      { schema: { tags: ['accounts'], params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }), response: answer(ProposalRejected) } },
      async (request) => rejectProposal(ctx, requireActor(request), request.params.id, request.body.reason),
    );

    app.get('/api/v1/campaign/stages', { schema: { tags: ['campaign'], response: answer(Type.Array(Type.String())) } }, async (request) => {
      requireActor(request);
      return [...campaignStages];
    });
    app.put(
      '/api/v1/campaign/stages/:personalId',
      { schema: { tags: ['campaign'], params: Type.Object({ personalId: PersonalId }), body: Type.Object({ stage: Type.String({ maxLength: 30 }), note: Type.Optional(Type.String({ maxLength: 500 })) }), response: answer(StageSet) } },
      async (request) => setStage(ctx, requireActor(request), { personalId: request.params.personalId, ...request.body }),
    );
    app.post(
      '/api/v1/campaign/home-delivery/:personalId',
      {
        schema: {
          tags: ['campaign'],
          summary: 'Propose home delivery (TAI_NHA) for a person at the stage NEEDS_HOME_DELIVERY; another user approves the proposal',
          params: Type.Object({ personalId: PersonalId }),
          body: Type.Optional(Type.Object({ provider: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{1,19}$' })) }, { additionalProperties: false })),
          response: answer(ProposalCreated),
        },
      },
      async (request) => proposeHomeDelivery(ctx, requireActor(request), { personalId: request.params.personalId, providerCode: request.body?.provider }),
    );
    app.post(
      '/api/v1/campaign/stages',
      {
        schema: {
          tags: ['campaign'],
          summary: 'Bulk stage update from a list',
          body: Type.Array(Type.Object({ personalId: Type.String({ maxLength: 12 }), stage: Type.String({ maxLength: 30 }), note: Type.Optional(Type.String({ maxLength: 500 })) }), { maxItems: 100_000 }),
          response: answer(StagesSet),
        },
      },
      async (request) => setStages(ctx, requireActor(request), request.body),
    );
    app.put(
      '/api/v1/campaign/targets',
      {
        schema: {
          tags: ['campaign'],
          body: Type.Object({ unitCode: Type.String({ pattern: '^(\\d{2}|\\d{5})$' }), programme: Type.Optional(Type.Union([Type.String({ maxLength: 4 }), Type.Null()])), period: Type.String({ maxLength: 7 }), targetPct: Type.Optional(Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 100 }), Type.Null()])), targetPeople: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])) }),
          response: answer(TargetSet),
        },
      },
      async (request) => setTarget(ctx, requireActor(request), request.body),
    );
    const DashboardQuery = Type.Object({ unit: Type.Optional(Type.String({ pattern: '^(\\d{2}|\\d{5})$' })), group: Type.Optional(Type.Union([Type.Literal('ALL'), Type.Literal('SOCIAL'), Type.Literal('NCC')])) });
    app.get('/api/v1/campaign/dashboard', { schema: { tags: ['campaign'], summary: 'Cashless share against targets, per child locality', querystring: DashboardQuery, response: answer(CampaignDashboard) } }, async (request) =>
      campaignDashboard(ctx, requireActor(request), { unitCode: request.query.unit, group: request.query.group }),
    );
    app.get(
      '/api/v1/campaign/dashboard.xlsx',
      { schema: { tags: ['campaign'], querystring: DashboardQuery, response: { 200: fileResponse('The cashless shares (XLSX)', mediaTypes.xlsx), ...errorsOf } } },
      async (request, reply) => {
        const dashboard = await campaignDashboard(ctx, requireActor(request), { unitCode: request.query.unit, group: request.query.group });
        const stream = new PassThrough();
        void writeDashboardXlsx(stream, dashboard).then(() => stream.end(), (error: unknown) => stream.destroy(error as Error));
        return sendAttachment(reply, `ty-le-khong-dung-tien-mat-${request.query.unit ?? 'toan-quoc'}.xlsx`, mediaTypes.xlsx).send(stream);
      },
    );
    app.get(
      '/api/v1/campaign/cash/:communeCode',
      { schema: { tags: ['campaign'], summary: 'People of a commune still paid in cash', params: Type.Object({ communeCode: Type.String({ pattern: '^\\d{5}$' }) }), querystring: Type.Object({ before: Type.Optional(Type.Integer({ minimum: 1 })) }), response: answer(Type.Array(PersonOnCash)) } },
      async (request) => peopleOnCash(ctx, requireActor(request), { communeCode: request.params.communeCode, beforeId: request.query.before }),
    );

    // Public self-service (no login), rate-limited per address; answers never reveal whether an ID exists.
    app.post(
      '/api/public/self-service/code',
      { schema: { tags: ['self-service'], security: [], body: Type.Object({ personalId: Type.String({ maxLength: 12 }), birthDate: Type.String({ maxLength: 10 }), purpose: Type.Optional(Type.Union([Type.Literal('account'), Type.Literal('status')])) }), response: answer(SelfServiceAnswer) }, config: { rateLimit: { max: 5, timeWindow: '1 minute' } } },
      async (request) => requestCode(ctx, { ...request.body, requestId: request.id }),
    );
    app.post(
      '/api/public/self-service/proposal',
      {
        schema: { tags: ['self-service'], security: [], body: Type.Object({ personalId: Type.String({ maxLength: 12 }), birthDate: Type.String({ maxLength: 10 }), code: Type.String({ maxLength: 6 }), ...Instrument }), response: answer(SelfServiceAnswer) },
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      },
      async (request) => proposeBySelfService(ctx, { ...request.body, requestId: request.id }),
    );
  };
}
