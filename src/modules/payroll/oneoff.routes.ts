import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor, sendAttachment } from '../../app/http.js';
import { fileResponse, mediaTypes } from '../../app/schemas.js';
import { domainError } from '../../core/errors.js';
import { requirePermission } from '../access/permissions.js';
import { writeChangeListXlsx } from './changes.xlsx.js';
import { writeOneOffIssuesXlsx } from './oneoff.report.js';
import { cycleChanges } from './payroll.service.js';
import {
  approveOneOffBatch,
  getOneOffBatch,
  importOneOffList,
  listOneOffBatches,
  oneOffBatchIssues,
  oneOffCap,
  rejectOneOffBatch,
  setOneOffCap,
} from './oneoff.service.js';
import { OneOffBatch, OneOffBatchDetail, OneOffCap, OneOffDecision, OneOffImportReport } from './oneoff.schemas.js';

const BatchParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const ProvinceParams = Type.Object({ provinceCode: Type.String({ pattern: '^\\d{2}$' }) });
const errorsOf = errorResponses(400, 401, 403, 404, 409);

/**
 * Bulk one-off payments: the upload (multipart, like the registry's imports), the batches and their
 * approval, the cap per person; and the payroll operations screen's download of a cycle's
 * increases and decreases as XLSX.
 */
export function oneOffRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/one-off-batches',
      {
        schema: {
          tags: ['payroll'],
          summary: 'Upload a list of one-off payments (CSV/XLSX): checked, and kept as a batch waiting for approval unless dryRun',
          consumes: ['multipart/form-data'],
          querystring: Type.Object({
            month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }),
            reason: Type.String({ minLength: 1, maxLength: 500 }),
            dryRun: Type.Optional(Type.Boolean()),
          }),
          response: { 200: OneOffImportReport, ...errorsOf },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, 'payroll.prepare');
        const file = await request.file();
        if (!file) throw domainError('FILE_MISSING', 400, 'Chưa chọn tệp', 'No file was uploaded');
        const dir = join(ctx.config.dataDir, 'uploads');
        mkdirSync(dir, { recursive: true });
        const path = join(dir, `oneoff-${randomUUID()}`);
        try {
          await pipeline(file.file, createWriteStream(path));
          if (file.file.truncated) throw domainError('FILE_TOO_LARGE', 400, 'Tệp quá lớn', 'The file is too large');
          return await importOneOffList(ctx, actor, { path, fileName: file.filename, forMonth: request.query.month, reason: request.query.reason, dryRun: request.query.dryRun === true });
        } finally {
          rmSync(path, { force: true });
        }
      },
    );
    app.get(
      '/api/v1/one-off-batches',
      {
        schema: {
          tags: ['payroll'],
          summary: 'Bulk one-off batches of my area, newest first',
          querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('PENDING'), Type.Literal('APPROVED'), Type.Literal('REJECTED')])) }),
          response: { 200: Type.Array(OneOffBatch), ...errorsOf },
        },
      },
      async (request) => listOneOffBatches(ctx, requireActor(request), request.query),
    );
    app.get('/api/v1/one-off-batches/:id', { schema: { tags: ['payroll'], summary: 'A batch with its rejected rows', params: BatchParams, response: { 200: OneOffBatchDetail, ...errorsOf } } }, async (request) =>
      getOneOffBatch(ctx, requireActor(request), request.params.id),
    );
    app.get(
      '/api/v1/one-off-batches/:id/report.xlsx',
      {
        schema: {
          tags: ['payroll'],
          summary: 'The rejected rows of a batch, each as it was in the file with its errors (XLSX)',
          params: BatchParams,
          response: { 200: fileResponse('The error report (XLSX)', mediaTypes.xlsx), ...errorsOf },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const batch = await getOneOffBatch(ctx, actor, request.params.id);
        const stream = new PassThrough();
        void writeOneOffIssuesXlsx(stream, oneOffBatchIssues(ctx, actor, batch.id), batch.fileName).then(
          () => stream.end(),
          (error: unknown) => stream.destroy(error as Error),
        );
        return sendAttachment(reply, `bao-cao-loi-chi-mot-lan-${batch.id}.xlsx`, mediaTypes.xlsx).send(stream);
      },
    );
    app.post(
      '/api/v1/one-off-batches/:id/approve',
      {
        schema: {
          tags: ['payroll'],
          summary: 'Approve a batch (never by its importer): its accepted rows are paid in the next generated cycle',
          params: BatchParams,
          body: Type.Object({ comment: Type.Optional(Type.String({ maxLength: 1000 })) }),
          response: { 200: OneOffDecision, ...errorsOf },
        },
      },
      async (request) => approveOneOffBatch(ctx, requireActor(request), request.params.id, request.body.comment),
    );
    app.post(
      '/api/v1/one-off-batches/:id/reject',
      {
        schema: { tags: ['payroll'], summary: 'Reject a batch', params: BatchParams, body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }), response: { 200: OneOffDecision, ...errorsOf } },
      },
      async (request) => rejectOneOffBatch(ctx, requireActor(request), request.params.id, request.body.reason),
    );
    app.get(
      '/api/v1/one-off-caps/:provinceCode',
      { schema: { tags: ['payroll'], summary: 'The cap per person and batch of one-off payments in a province', params: ProvinceParams, response: { 200: OneOffCap, ...errorsOf } } },
      async (request) => {
        requireActor(request);
        return oneOffCap(ctx, request.params.provinceCode);
      },
    );
    app.put(
      '/api/v1/one-off-caps/:provinceCode',
      {
        schema: {
          tags: ['payroll'],
          summary: 'Set the cap per person and batch of the province (settings managers)',
          params: ProvinceParams,
          body: Type.Object({ capVnd: Type.Union([Type.Integer({ minimum: 1 }), Type.String({ maxLength: 20 })]) }),
          response: { 200: OneOffCap, ...errorsOf },
        },
      },
      async (request) => setOneOffCap(ctx, requireActor(request), { provinceCode: request.params.provinceCode, capVnd: request.body.capVnd }),
    );
    app.get(
      '/api/v1/payroll/cycles/:id/changes.xlsx',
      {
        schema: {
          tags: ['payroll'],
          summary: 'The increases and decreases of a cycle (danh sách tăng, giảm) as XLSX, kinds and reasons in words',
          params: BatchParams,
          response: { 200: fileResponse('The change list (XLSX)', mediaTypes.xlsx), ...errorsOf },
        },
      },
      async (request, reply) => {
        const list = await cycleChanges(ctx, requireActor(request), request.params.id);
        const stream = new PassThrough();
        void writeChangeListXlsx(stream, list, `DANH SÁCH TĂNG, GIẢM ĐỐI TƯỢNG — KỲ #${list.cycleId}`).then(
          () => stream.end(),
          (error: unknown) => stream.destroy(error as Error),
        );
        return sendAttachment(reply, `danh-sach-tang-giam-ky-${list.cycleId}-${list.month}.xlsx`, mediaTypes.xlsx).send(stream);
      },
    );
  };
}
