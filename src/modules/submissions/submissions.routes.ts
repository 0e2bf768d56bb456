import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor } from '../../app/http.js';
import { programmes } from '../rules/categories.js';
import { confirmSubmission, getSubmission, remindLateUnits, returnSubmission, submissionStatus, submitReport } from './submissions.service.js';
import { Reminded, Submission, SubmissionStatus, SubmissionWithReport, SubmitResult } from './submissions.schemas.js';

const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
const Unit = Type.Optional(Type.String({ pattern: '^(VN|\\d{2}|\\d{5})$' }));
const Programme = Type.Optional(Type.Union(programmes.map((code) => Type.Literal(code))));
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const errorsOf = errorResponses(400, 401, 403, 404, 409);
const answer = <T extends TSchema>(schema: T) => ({ 200: schema, ...errorsOf });

/** The monthly results report as units submit it up, confirm it, return it, and remind the late. */
export function submissionsRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/reports/submissions',
      { schema: { tags: ['reports'], summary: 'Submit the month’s report (a frozen version; the same figures again change nothing)', body: Type.Object({ month: Month, unit: Unit, programme: Programme }), response: answer(SubmitResult) } },
      async (request) => submitReport(ctx, requireActor(request), request.body),
    );
    app.get(
      '/api/v1/reports/submissions',
      { schema: { tags: ['reports'], summary: 'Each unit’s report status for the month, and who is late', querystring: Type.Object({ month: Month, unit: Unit, programme: Programme }), response: answer(SubmissionStatus) } },
      async (request) => submissionStatus(ctx, requireActor(request), request.query),
    );
    app.get(
      '/api/v1/reports/submissions/:id',
      { schema: { tags: ['reports'], summary: 'A submitted report with its figures as submitted and its versions', params: IdParams, response: answer(SubmissionWithReport) } },
      async (request) => getSubmission(ctx, requireActor(request), request.params.id),
    );
    app.post(
      '/api/v1/reports/submissions/:id/confirm',
      { schema: { tags: ['reports'], summary: 'Confirm a submitted report (never its submitter)', params: IdParams, body: Type.Object({ comment: Type.Optional(Type.String({ maxLength: 500 })) }), response: answer(Submission) } },
      async (request) => confirmSubmission(ctx, requireActor(request), request.params.id),
    );
    app.post(
      '/api/v1/reports/submissions/:id/return',
      { schema: { tags: ['reports'], summary: 'Return a report for correction', params: IdParams, body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }), response: answer(Submission) } },
      async (request) => returnSubmission(ctx, requireActor(request), request.params.id, request.body.reason),
    );
    app.post(
      '/api/v1/reports/submissions/remind',
      { schema: { tags: ['reports'], summary: 'Remind the late units by SMS (once a unit a day)', body: Type.Object({ month: Month, unit: Unit }), response: answer(Reminded) } },
      async (request) => remindLateUnits(ctx, requireActor(request), request.body),
    );
  };
}
