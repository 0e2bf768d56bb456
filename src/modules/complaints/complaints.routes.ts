import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor } from '../../app/http.js';
import { assignComplaint, getAnswerDays, complaintList, fileComplaint, getComplaint, resolveComplaint, setAnswerDays } from './complaints.service.js';
import { AnswerDays, Complaint, FiledComplaint, Kind, Outcome } from './complaints.schemas.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Text = Type.String({ minLength: 1, maxLength: 2000 });
const errorsOf = errorResponses(400, 401, 403, 404, 409);
const answer = <T extends TSchema>(schema: T) => ({ 200: schema, ...errorsOf });

/**
 * Complaints and requests (khiếu nại, kiến nghị): list (with the overdue filter), file on a
 * person's behalf, assign, resolve; the province's answer deadline. The queries keep each caller
 * to their area; the text goes to those who handle complaints only (complaints.service.ts).
 */
export function complaintsRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/complaints',
      {
        schema: {
          tags: ['complaints'],
          summary: 'Complaints and requests of my area (or one unit inside it); overdue=true: the open ones past their due date',
          querystring: Type.Object({
            unit: Type.Optional(Type.String({ pattern: '^(\\d{2}|\\d{5})$' })),
            overdue: Type.Optional(Type.Boolean()),
            status: Type.Optional(Type.Union([Type.Literal('OPEN'), Type.Literal('ASSIGNED'), Type.Literal('RESOLVED')])),
          }),
          response: answer(Type.Array(Complaint)),
        },
      },
      async (request) => complaintList(ctx, requireActor(request), request.query),
    );
    app.post(
      '/api/v1/complaints',
      {
        schema: {
          tags: ['complaints'],
          summary: 'File a complaint on a beneficiary’s behalf (the same open complaint again changes nothing)',
          body: Type.Object({ personalId: Type.String({ pattern: '^\\d{12}$' }), kind: Kind, text: Text, cycleId: Type.Optional(Type.Integer({ minimum: 1 })) }),
          response: answer(FiledComplaint),
        },
      },
      async (request) => fileComplaint(ctx, requireActor(request), request.body),
    );
    app.get(
      '/api/v1/complaints/:id',
      { schema: { tags: ['complaints'], summary: 'One complaint', params: IdParams, response: answer(Complaint) } },
      async (request) => getComplaint(ctx, requireActor(request), request.params.id),
    );
    app.post(
      '/api/v1/complaints/:id/assign',
      { schema: { tags: ['complaints'], summary: 'Assign a complaint to an officer of the commune or province', params: IdParams, body: Type.Object({ to: Type.String({ minLength: 1, maxLength: 100 }) }), response: answer(Complaint) } },
      async (request) => assignComplaint(ctx, requireActor(request), request.params.id, request.body.to),
    );
    app.post(
      '/api/v1/complaints/:id/resolve',
      { schema: { tags: ['complaints'], summary: 'Resolve a complaint with an outcome and the answer given', params: IdParams, body: Type.Object({ outcome: Outcome, text: Text }), response: answer(Complaint) } },
      async (request) => resolveComplaint(ctx, requireActor(request), request.params.id, request.body),
    );
    app.get(
      '/api/v1/complaints/deadline/:provinceCode',
      { schema: { tags: ['complaints'], summary: 'The province’s complaint answer deadline (working days)', params: Type.Object({ provinceCode: Type.String({ pattern: '^\\d{2}$' }) }), response: answer(AnswerDays) } },
      async (request) => getAnswerDays(ctx, requireActor(request), request.params.provinceCode),
    );
    app.put(
      '/api/v1/complaints/deadline/:provinceCode',
      {
        schema: {
          tags: ['complaints'],
          summary: 'Set the province’s complaint answer deadline (working days, Mon–Fri)',
          params: Type.Object({ provinceCode: Type.String({ pattern: '^\\d{2}$' }) }),
          body: Type.Object({ workingDays: Type.Integer({ minimum: 1, maximum: 60 }) }),
          response: answer(AnswerDays),
        },
      },
      async (request) => setAnswerDays(ctx, requireActor(request), { provinceCode: request.params.provinceCode, workingDays: request.body.workingDays }),
    );
  };
}
