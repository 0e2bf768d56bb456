import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { PassThrough } from 'node:stream';
import { errorResponses, requireActor, sendAttachment } from '../../app/http.js';
import { fileResponse, mediaTypes } from '../../app/schemas.js';
import { channels } from '../rules/categories.js';
import { cycleFees, cycleFeesReport, listFeeSchedules, setFeeSchedule } from './fees.service.js';
import { writeCycleFeesXlsx } from './fees.xlsx.js';
import { CycleFees, FeeSchedule, FeeScheduleSet } from './fees.schemas.js';

const errorsOf = errorResponses(400, 401, 403, 404, 409);
const answer = <T extends TSchema>(schema: T) => ({ 200: schema, ...errorsOf });
const ProviderCode = Type.String({ pattern: '^([0-9]{6}|[A-Z][A-Z0-9_]{1,19})$' });
const ProvinceCode = Type.String({ pattern: '^[0-9]{2}$' });
const Percent = Type.String({ pattern: '^\\d{1,3}([.,]\\d{1,4})?$', description: 'A percentage, exact decimal text (at most 4 decimals)' });
// Text first: the validator coerces, and "1.000" (thousands separator) must reach parseVnd as text, not as the number 1.
const Amount = Type.Union([Type.String({ maxLength: 20 }), Type.Integer({ minimum: 0 })], { description: 'Đồng per payment (a number, or text with thousands separators)' });

/** Fee schedules of the providers, and a cycle's fees (phí dịch vụ chi trả). */
export function feesRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/fee-schedules',
      {
        schema: {
          tags: ['fees'],
          summary: 'Fee schedules (national and my province’s), newest first per provider and channel',
          querystring: Type.Object({ provider: Type.Optional(ProviderCode), unit: Type.Optional(ProvinceCode) }),
          response: answer(Type.Array(FeeSchedule)),
        },
      },
      async (request) => listFeeSchedules(ctx, requireActor(request), { providerCode: request.query.provider, provinceCode: request.query.unit }),
    );
    app.post(
      '/api/v1/fee-schedules',
      {
        schema: {
          tags: ['fees'],
          summary: 'Set a fee schedule from a date (same terms again: unchanged; other terms the same day: 409 unless replace)',
          body: Type.Object({
            providerCode: ProviderCode,
            channel: Type.Union(channels.map((channel) => Type.Literal(channel))),
            validFrom: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
            provinceCode: Type.Optional(Type.Union([Type.Null(), ProvinceCode])),
            pct: Type.Optional(Percent),
            fixedVnd: Type.Optional(Amount),
            minVnd: Type.Optional(Amount),
            maxVnd: Type.Optional(Type.Union([Type.Null(), Amount], { description: 'null: no maximum' })),
            vatPct: Type.Optional(Percent),
            replace: Type.Optional(Type.Boolean()),
          }),
          response: answer(FeeScheduleSet),
        },
      },
      async (request) => setFeeSchedule(ctx, requireActor(request), request.body),
    );
    app.get(
      '/api/v1/payroll/cycles/:id/fees',
      {
        schema: {
          tags: ['fees'],
          summary: 'The fees of a cycle’s payments in my area, per provider, channel and batch (not deducted from what beneficiaries receive)',
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          response: answer(CycleFees),
        },
      },
      async (request) => cycleFees(ctx, requireActor(request), request.params.id),
    );
    app.get(
      '/api/v1/payroll/cycles/:id/fees.xlsx',
      {
        schema: {
          tags: ['fees'],
          summary: 'The fee report of a cycle (XLSX): per provider, per provider and channel with the cost per payment, per batch',
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          response: { 200: fileResponse('The fee report (XLSX)', mediaTypes.xlsx), ...errorsOf },
        },
      },
      async (request, reply) => {
        // Computed (and refused) before the first byte, so an error is an ordinary error response.
        const report = await cycleFeesReport(ctx, requireActor(request), request.params.id);
        const stream = new PassThrough();
        void writeCycleFeesXlsx(stream, report.fees, { cycleLabel: report.title }).then(
          () => stream.end(),
          (error: unknown) => stream.destroy(error as Error),
        );
        return sendAttachment(reply, `phi-dich-vu-ky-${request.params.id}.xlsx`, mediaTypes.xlsx).send(stream);
      },
    );
  };
}
