import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor, sendAttachment } from '../../app/http.js';
import { fileResponse, mediaTypes } from '../../app/schemas.js';
import { addOneOffPayment, addRecovery } from './adjustments.js';
import { deadlineConfig, deadlineDashboard, setDeadlineConfig } from './deadlines.js';
import { suspensionProposals } from './suspensions.js';
import {
  approveCycle,
  cycleChanges,
  cycleSummary,
  fundCycle,
  generateCycle,
  getCycle,
  listPayrollCycles,
  payrollLines,
  prepareCycleExport,
  rejectCycle,
  submitCycle,
  withdrawCycle,
  type ExportFormat,
} from './payroll.service.js';
import { Cycle, CycleChanges, CycleDetail, CycleSummary, DeadlineConfig, DeadlineRow, GeneratedCycle, Line, OneOffPayment, Recovery, SuspensionProposal } from './payroll.schemas.js';

const CycleParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
const Comment = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 1000 })) });
const errorsOf = errorResponses(400, 401, 403, 404, 409);
const answer = <T extends TSchema>(schema: T) => ({ 200: schema, ...errorsOf });

const contentTypes: Record<ExportFormat, string> = {
  'summary-xlsx': mediaTypes.xlsx,
  'list-xlsx': mediaTypes.xlsx,
  'list-pdf': mediaTypes.pdf,
};

export function payrollRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/payroll/cycles',
      { schema: { tags: ['payroll'], summary: 'Payroll cycles of my area', querystring: Type.Object({ month: Type.Optional(Month), status: Type.Optional(Type.String({ maxLength: 20 })) }), response: answer(Type.Array(Cycle)) } },
      async (request) => listPayrollCycles(ctx, requireActor(request), request.query),
    );
    app.post(
      '/api/v1/payroll/cycles',
      {
        schema: {
          tags: ['payroll'],
          summary: 'Generate the cycle of a month and locality (returns the existing one if any; regenerate refreshes a draft)',
          body: Type.Object({
            month: Month,
            unitCode: Type.String({ pattern: '^(\\d{2}|\\d{5})$' }),
            programme: Type.Optional(Type.Union([Type.Literal('TGXH'), Type.Literal('NCC'), Type.Literal('HTXH'), Type.Null()])),
            monthsCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 })),
            regenerate: Type.Optional(Type.Boolean()),
          }),
          response: answer(GeneratedCycle),
        },
      },
      async (request) => generateCycle(ctx, requireActor(request), request.body),
    );
    app.get('/api/v1/payroll/cycles/:id', { schema: { tags: ['payroll'], params: CycleParams, response: answer(CycleDetail) } }, async (request) =>
      getCycle(ctx, requireActor(request), request.params.id),
    );
    app.get(
      '/api/v1/payroll/cycles/:id/lines',
      {
        schema: {
          tags: ['payroll'],
          summary: 'Lines of a cycle (keyset paging with `after`)',
          params: CycleParams,
          querystring: Type.Object({
            commune: Type.Optional(Type.String({ pattern: '^\\d{5}$' })),
            personalId: Type.Optional(Type.String({ pattern: '^\\d{12}$' })),
            component: Type.Optional(Type.String({ maxLength: 20 })),
            after: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          }),
          response: answer(Type.Array(Line)),
        },
      },
      async (request) => {
        const { commune, personalId, component, after, limit } = request.query;
        return payrollLines(ctx, requireActor(request), request.params.id, { communeCode: commune, personalId, component, afterId: after, limit: limit ?? 200 });
      },
    );
    app.get('/api/v1/payroll/cycles/:id/changes', { schema: { tags: ['payroll'], summary: 'Increases, decreases, adjustments and approver warnings', params: CycleParams, response: answer(CycleChanges) } }, async (request) =>
      cycleChanges(ctx, requireActor(request), request.params.id),
    );
    app.get('/api/v1/payroll/cycles/:id/summary', { schema: { tags: ['payroll'], summary: 'Summary per locality × channel × provider', params: CycleParams, response: answer(CycleSummary) } }, async (request) =>
      cycleSummary(ctx, requireActor(request), request.params.id),
    );
    app.get(
      '/api/v1/payroll/cycles/:id/export',
      {
        schema: {
          tags: ['payroll'],
          summary: 'Summary table (XLSX) or a commune list (XLSX or PDF)',
          params: CycleParams,
          querystring: Type.Object({
            format: Type.Union([Type.Literal('summary-xlsx'), Type.Literal('list-xlsx'), Type.Literal('list-pdf')]),
            commune: Type.Optional(Type.String({ pattern: '^\\d{5}$' })),
          }),
          response: { 200: fileResponse('The summary table (XLSX) or the commune list (XLSX or PDF)', mediaTypes.xlsx, mediaTypes.pdf), ...errorsOf },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const stream = new PassThrough();
        // Validate before streaming (cycle, commune, what the role may have): errors must become a normal error response.
        const prepared = await prepareCycleExport(ctx, actor, request.params.id, { format: request.query.format, communeCode: request.query.commune });
        const fileName = request.query.format === 'summary-xlsx' ? `bang-tong-hop-ky-${request.params.id}.xlsx` : `danh-sach-chi-tra-ky-${request.params.id}-${request.query.commune ?? ''}.${request.query.format === 'list-pdf' ? 'pdf' : 'xlsx'}`;
        void prepared.write(stream).then(
          () => stream.end(),
          (error: unknown) => stream.destroy(error as Error),
        );
        return sendAttachment(reply, fileName, contentTypes[request.query.format]).send(stream);
      },
    );
    app.post('/api/v1/payroll/cycles/:id/submit', { schema: { tags: ['payroll'], params: CycleParams, body: Comment, response: answer(Cycle) } }, async (request) =>
      submitCycle(ctx, requireActor(request), request.params.id, request.body.comment),
    );
    app.post('/api/v1/payroll/cycles/:id/approve', { schema: { tags: ['payroll'], summary: 'Approve (never by the submitter)', params: CycleParams, body: Comment, response: answer(Cycle) } }, async (request) =>
      approveCycle(ctx, requireActor(request), request.params.id, request.body.comment),
    );
    app.post(
      '/api/v1/payroll/cycles/:id/withdraw',
      { schema: { tags: ['payroll'], summary: 'Take a submitted list back to draft before it is approved (the submitter only)', params: CycleParams, body: Comment, response: answer(Cycle) } },
      async (request) => withdrawCycle(ctx, requireActor(request), request.params.id, request.body.comment),
    );
    app.post(
      '/api/v1/payroll/cycles/:id/reject',
      { schema: { tags: ['payroll'], summary: 'Return to draft with a comment', params: CycleParams, body: Type.Object({ comment: Type.String({ minLength: 1, maxLength: 1000 }) }), response: answer(Cycle) } },
      async (request) => rejectCycle(ctx, requireActor(request), request.params.id, request.body.comment),
    );
    app.post(
      '/api/v1/payroll/cycles/:id/fund',
      {
        schema: {
          tags: ['payroll'],
          summary: 'Record the Treasury transfer (amount must equal the total)',
          params: CycleParams,
          body: Type.Object({ reference: Type.String({ minLength: 1, maxLength: 100 }), amountVnd: Type.Union([Type.Integer({ minimum: 0 }), Type.String({ maxLength: 20 })]), date: Type.Optional(Type.String({ maxLength: 10 })) }),
          response: answer(Cycle),
        },
      },
      async (request) => fundCycle(ctx, requireActor(request), request.params.id, request.body),
    );
    app.post(
      '/api/v1/payroll/one-offs',
      {
        schema: {
          tags: ['payroll'],
          summary: 'A one-off payment for the next cycle (e.g. a Tết gift)',
          body: Type.Object({ personalId: Type.String({ pattern: '^\\d{12}$' }), programme: Type.String({ maxLength: 4 }), forMonth: Month, amountVnd: Type.Union([Type.Integer({ minimum: 1 }), Type.String({ maxLength: 20 })]), reason: Type.String({ minLength: 1, maxLength: 500 }), key: Type.String({ minLength: 1, maxLength: 40 }) }),
          response: answer(OneOffPayment),
        },
      },
      async (request) => addOneOffPayment(ctx, requireActor(request), request.body),
    );
    app.post(
      '/api/v1/payroll/recoveries',
      {
        schema: {
          tags: ['payroll'],
          summary: 'An overpayment to recover (truy thu), netted in the next cycles',
          body: Type.Object({ personalId: Type.String({ pattern: '^\\d{12}$' }), programme: Type.String({ maxLength: 4 }), amountVnd: Type.Union([Type.Integer({ minimum: 1 }), Type.String({ maxLength: 20 })]), reason: Type.String({ minLength: 1, maxLength: 500 }), decisionRef: Type.Optional(Type.String({ maxLength: 100 })) }),
          response: answer(Recovery),
        },
      },
      async (request) => addRecovery(ctx, requireActor(request), request.body),
    );
    app.get(
      '/api/v1/payroll/suspension-proposals',
      { schema: { tags: ['payroll'], summary: 'Social-assistance beneficiaries with 3 consecutive unclaimed months (propose suspension)', response: answer(Type.Array(SuspensionProposal)) } },
      async (request) => suspensionProposals(ctx, requireActor(request)),
    );
    app.get(
      '/api/v1/payroll/deadlines',
      { schema: { tags: ['payroll'], summary: 'What is due and what is late for a payment month', querystring: Type.Object({ month: Month }), response: answer(Type.Array(DeadlineRow)) } },
      async (request) => deadlineDashboard(ctx, requireActor(request), request.query.month),
    );
    app.get(
      '/api/v1/payroll/deadlines/config/:provinceCode',
      { schema: { tags: ['payroll'], params: Type.Object({ provinceCode: Type.String({ pattern: '^\\d{2}$' }) }), response: answer(DeadlineConfig) } },
      async (request) => {
        requireActor(request);
        return deadlineConfig(ctx, request.params.provinceCode);
      },
    );
    app.put(
      '/api/v1/payroll/deadlines/config/:provinceCode',
      {
        schema: {
          tags: ['payroll'],
          params: Type.Object({ provinceCode: Type.String({ pattern: '^\\d{2}$' }) }),
          body: Type.Object({ listDueDay: Type.Integer({ minimum: 1, maximum: 28 }), reportDueDay: Type.Integer({ minimum: 1, maximum: 28 }), failurePolicy: Type.Optional(Type.Union([Type.Literal('CASH_SAME_CYCLE'), Type.Literal('CARRY_OVER')])) }),
          response: answer(DeadlineConfig),
        },
      },
      async (request) => setDeadlineConfig(ctx, requireActor(request), { provinceCode: request.params.provinceCode, ...request.body }),
    );
  };
}
