import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor, sendAttachment } from '../../app/http.js';
import { fileResponse, mediaTypes } from '../../app/schemas.js';
import { addRound, cashList, listPoints, listRounds, savePoint, schedulePoint, writeCashListXlsx } from './cashpoints.service.js';
import { HomeRound, PaymentPoint, PointSaved, RoundSaved, ScheduleSet } from './cashpoints.schemas.js';

/**
 * Payment points, their dates per cycle, home-delivery rounds and the cash list of each over HTTP
 * (issue 22 item 4). Routes only translate HTTP; the service authorises.
 */
const errorsOf = errorResponses(400, 401, 403, 404, 409);
const answer = <T extends TSchema>(schema: T) => ({ 200: schema, ...errorsOf });
const Id = Type.Integer({ minimum: 1 });
const Commune = Type.String({ pattern: '^\\d{5}$' });
const Unit = Type.String({ pattern: '^(\\d{2}|\\d{5})$' });
const ProviderCode = Type.String({ pattern: '^([0-9]{6}|[A-Za-z][A-Za-z0-9_]{1,19})$' });
const Villages = Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { minItems: 1, maxItems: 50 });
const DateText = Type.String({ maxLength: 10, description: 'YYYY-MM-DD or dd/mm/yyyy' });

export function cashPointRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/cash/points',
      { schema: { tags: ['disbursement'], summary: 'Payment points of the area (a provider’s agent: those it pays), with the dates of a cycle', querystring: Type.Object({ unit: Type.Optional(Unit), cycle: Type.Optional(Id) }), response: answer(Type.Array(PaymentPoint)) } },
      async (request) => listPoints(ctx, requireActor(request), { unitCode: request.query.unit, cycleId: request.query.cycle }),
    );
    app.post(
      '/api/v1/cash/points',
      {
        schema: {
          tags: ['disbursement'],
          summary: 'Add (or update, by name) a payment point of a commune',
          body: Type.Object(
            {
              unit: Type.Optional(Commune),
              name: Type.String({ minLength: 1, maxLength: 120 }),
              address: Type.Optional(Type.String({ maxLength: 300 })),
              hours: Type.Optional(Type.String({ maxLength: 60 })),
              provider: Type.Optional(ProviderCode),
              agent: Type.Optional(Type.String({ maxLength: 120 })),
              villages: Type.Optional(Villages),
              active: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          response: answer(PointSaved),
        },
      },
      async (request) => {
        const { unit, name, address, hours, provider, agent, villages, active } = request.body;
        return savePoint(ctx, requireActor(request), { unitCode: unit, name, address, hours, providerCode: provider, agentName: agent, villages, active });
      },
    );
    app.post(
      '/api/v1/cash/points/:id/schedule',
      {
        schema: {
          tags: ['disbursement'],
          summary: 'Dates of a cycle at a payment point (added to those set; the people are told by SMS once their batch is handed over)',
          params: Type.Object({ id: Id }),
          body: Type.Object({ cycle: Id, dates: Type.Array(DateText, { minItems: 1, maxItems: 10 }) }, { additionalProperties: false }),
          response: answer(ScheduleSet),
        },
      },
      async (request) => schedulePoint(ctx, requireActor(request), { cycleId: request.body.cycle, pointId: request.params.id, dates: request.body.dates }),
    );
    app.get(
      '/api/v1/cash/rounds',
      { schema: { tags: ['disbursement'], summary: 'Home-delivery rounds of a cycle', querystring: Type.Object({ cycle: Id, unit: Type.Optional(Commune) }), response: answer(Type.Array(HomeRound)) } },
      async (request) => listRounds(ctx, requireActor(request), { cycleId: request.query.cycle, unitCode: request.query.unit }),
    );
    app.post(
      '/api/v1/cash/rounds',
      {
        schema: {
          tags: ['disbursement'],
          summary: 'Add a home-delivery round of a cycle (the TAI_NHA people of a commune or of its villages)',
          body: Type.Object(
            {
              cycle: Id,
              unit: Type.Optional(Commune),
              date: DateText,
              hours: Type.Optional(Type.String({ maxLength: 60 })),
              provider: Type.Optional(ProviderCode),
              agent: Type.Optional(Type.String({ maxLength: 120 })),
              villages: Type.Optional(Villages),
            },
            { additionalProperties: false },
          ),
          response: answer(RoundSaved),
        },
      },
      async (request) => {
        const { cycle, unit, date, hours, provider, agent, villages } = request.body;
        return addRound(ctx, requireActor(request), { cycleId: cycle, unitCode: unit, date, hours, providerCode: provider, agentName: agent, villages });
      },
    );
    app.get(
      '/api/v1/cash/list.xlsx',
      {
        schema: {
          tags: ['disbursement'],
          summary: 'Cash list of a payment point or a home-delivery round (address, phone, representative, amount, signature column); a provider’s agent: its own',
          querystring: Type.Object({ cycle: Id, point: Type.Optional(Id), round: Type.Optional(Id) }),
          response: { 200: fileResponse('The cash list (XLSX)', mediaTypes.xlsx), ...errorsOf },
        },
      },
      async (request, reply) => {
        const list = await cashList(ctx, requireActor(request), { cycleId: request.query.cycle, pointId: request.query.point, roundId: request.query.round });
        const stream = new PassThrough();
        void writeCashListXlsx(stream, list).then(
          () => stream.end(),
          (error: unknown) => stream.destroy(error as Error),
        );
        const name = `ds-tien-mat-${list.month}-${list.communeCode}-${list.kind === 'POINT' ? `diem-${list.pointId}` : `tai-nha-${list.roundId}`}.xlsx`;
        return sendAttachment(reply, name, mediaTypes.xlsx).send(stream);
      },
    );
  };
}
