import { PassThrough, type Writable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor, sendAttachment } from '../../app/http.js';
import { fileResponse, mediaTypes } from '../../app/schemas.js';
import { programmes } from '../rules/categories.js';
import { writeMonthlyPdf, writeMonthlyXlsx, type FormReport } from './monthly.forms.js';
import { monthlyReport, periodReport, trendsReport } from './monthly.service.js';
import { publishedReport } from './publication.js';
import { MonthlyReport, PeriodReport, PublishedMonthlyReport, TrendsReport } from './reporting.schemas.js';

const errorsOf = errorResponses(400, 401, 403, 404);
const MonthlyQuery = Type.Object({
  month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }),
  unit: Type.Optional(Type.String({ pattern: '^(VN|\\d{2}|\\d{5})$' })),
  programme: Type.Optional(Type.Union(programmes.map((code) => Type.Literal(code)))),
});

const forms: Record<'xlsx' | 'pdf', { type: string; write: (output: Writable, report: FormReport) => Promise<void> }> = {
  xlsx: { type: mediaTypes.xlsx, write: writeMonthlyXlsx },
  pdf: { type: mediaTypes.pdf, write: writeMonthlyPdf },
};

/** The reports: read-only views over the other modules' published relations. */
export function reportingRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/reports/monthly',
      {
        schema: {
          tags: ['reports'],
          summary: 'The monthly results report of a unit: a row per child unit and the total, in my area',
          querystring: MonthlyQuery,
          response: { 200: MonthlyReport, ...errorsOf },
        },
      },
      async (request) => monthlyReport(ctx, requireActor(request), request.query, { reads: 'replica' }),
    );
    app.get(
      '/api/v1/reports/monthly/published',
      {
        schema: {
          tags: ['reports'],
          summary: 'The monthly results report for publication: counts of 1–4 people as "< 5", their amounts withheld, no person named',
          querystring: MonthlyQuery,
          response: { 200: PublishedMonthlyReport, ...errorsOf },
        },
      },
      async (request) => publishedReport(await monthlyReport(ctx, requireActor(request), request.query, { reads: 'replica' })),
    );
    app.get(
      '/api/v1/reports/trends',
      {
        schema: {
          tags: ['reports'],
          summary: 'Month by month over a period (at most 36 months), in my area',
          querystring: Type.Object({ from: MonthlyQuery.properties.month, to: MonthlyQuery.properties.month, unit: MonthlyQuery.properties.unit, programme: MonthlyQuery.properties.programme }),
          response: { 200: TrendsReport, ...errorsOf },
        },
      },
      async (request) => trendsReport(ctx, requireActor(request), request.query),
    );
    app.get(
      '/api/v1/reports/period',
      {
        schema: {
          tags: ['reports'],
          summary: 'The six-monthly report or the annual (November) review, beside the same months a year before',
          querystring: Type.Object({
            year: Type.Integer({ minimum: 2000, maximum: 2100 }),
            period: Type.Union([Type.Literal('H1'), Type.Literal('H2'), Type.Literal('YEAR')]),
            unit: MonthlyQuery.properties.unit,
            programme: MonthlyQuery.properties.programme,
          }),
          response: { 200: PeriodReport, ...errorsOf },
        },
      },
      async (request) => periodReport(ctx, requireActor(request), request.query),
    );
    for (const format of ['xlsx', 'pdf'] as const) {
      for (const published of [false, true]) {
        app.get(
          `/api/v1/reports/monthly${published ? '/published' : ''}.${format}`,
          {
            schema: {
              tags: ['reports'],
              summary: published
                ? `The monthly results report for publication as a form (${format.toUpperCase()}): counts of 1–4 people as "< 5", withheld figures as "—"`
                : `The monthly results report as the form to sign (${format.toUpperCase()}): unit, period, totals in words, signature blocks`,
              querystring: MonthlyQuery,
              response: { 200: fileResponse(`The form (${format.toUpperCase()})`, forms[format].type), ...errorsOf },
            },
          },
          async (request, reply) => {
            // Computed (and refused) before the first byte, so an error is an ordinary error response.
            const figures = await monthlyReport(ctx, requireActor(request), request.query, { reads: 'replica' });
            const report = published ? publishedReport(figures) : figures;
            const stream = new PassThrough();
            void forms[format].write(stream, report).then(
              () => stream.end(),
              (error: unknown) => stream.destroy(error as Error),
            );
            const fileName = `bao-cao-ket-qua-chi-tra-${published ? 'cong-bo-' : ''}${report.month}-${report.unit ?? 'VN'}${report.programme ? `-${report.programme}` : ''}.${format}`;
            return sendAttachment(reply, fileName, forms[format].type).send(stream);
          },
        );
      }
    }
  };
}
