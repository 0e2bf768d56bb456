import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor, sendAttachment } from '../../app/http.js';
import { fileResponse, mediaTypes } from '../../app/schemas.js';
import { domainError } from '../../core/errors.js';
import { limits } from '../../limits.js';
import { requirePermission } from '../access/permissions.js';
import { channels, enrolmentStatuses, programmes, statusReasons } from '../rules/categories.js';
import { approveImport, importChanges, listImports, rejectImport } from './import/approval.service.js';
import { ImportApprovalState, ImportBatchListItem, ImportChanges, ImportDecision } from './import/approval.schemas.js';
import { writeTemplateXlsx } from './import/report.xlsx.js';
import { confirmUpload, previewUpload, removeStaleUploads, uploadIssuesReport } from './import/upload.service.js';
import { loadProvidersFromDatabase } from './providers.js';
import { changeEnrolmentStatus, getBeneficiary, saveBeneficiaryRow, searchBeneficiaries } from './registry.service.js';
import { BeneficiaryDetail, BeneficiaryPage, ImportReport, Provider, StatusChangeResult, UploadReport } from './registry.schemas.js';

const PersonalIdParams = Type.Object({ personalId: Type.String({ pattern: '^\\d{12}$' }) });
const literalUnion = (values: readonly string[]) => Type.Union(values.map((value) => Type.Literal(value)));

const xlsxType = mediaTypes.xlsx;

export function registryRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Uploads that expired while the server was down are removed now, not at the next upload.
    removeStaleUploads(ctx);
    app.get(
      '/api/v1/beneficiaries',
      {
        schema: {
          tags: ['registry'],
          summary: 'Search beneficiaries in my area (name without diacritics, personal ID, phone); keyset paging',
          querystring: Type.Object({
            q: Type.Optional(Type.String({ maxLength: 100 })),
            commune: Type.Optional(Type.String({ pattern: '^\\d{5}$' })),
            category: Type.Optional(Type.String({ maxLength: 40 })),
            programme: Type.Optional(literalUnion(programmes)),
            status: Type.Optional(literalUnion(enrolmentStatuses)),
            channel: Type.Optional(literalUnion(channels)),
            flag: Type.Optional(Type.String({ maxLength: 40 })),
            before: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.pageSizeMax })),
          }),
          response: { 200: BeneficiaryPage, ...errorResponses(401, 403) },
        },
      },
      async (request) => {
        const { q, commune, category, programme, status, channel, flag, before, limit } = request.query;
        return searchBeneficiaries(ctx, requireActor(request), { query: q, communeCode: commune, category, programme, status, channel, flag, beforeId: before, limit });
      },
    );

    app.get(
      '/api/v1/beneficiaries/:personalId',
      {
        schema: {
          tags: ['registry'],
          summary: 'One beneficiary: enrolments, amount due, representatives, payment instruments, timeline',
          params: PersonalIdParams,
          response: { 200: BeneficiaryDetail, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => getBeneficiary(ctx, requireActor(request), request.params.personalId),
    );

    app.post(
      '/api/v1/beneficiaries',
      {
        schema: {
          tags: ['registry'],
          summary: 'Create or update one enrolment from the form (same checks and messages as the import)',
          body: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 300 })),
          response: { 200: ImportReport, ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => saveBeneficiaryRow(ctx, requireActor(request), request.body),
    );

    app.post(
      '/api/v1/beneficiaries/:personalId/status',
      {
        schema: {
          tags: ['registry'],
          summary: 'Terminate, suspend or resume enrolments (effective from the month after the event)',
          params: PersonalIdParams,
          body: Type.Object({
            action: Type.Union([Type.Literal('terminate'), Type.Literal('suspend'), Type.Literal('resume')]),
            reason: Type.Optional(literalUnion(statusReasons)),
            eventDate: Type.Optional(Type.String({ maxLength: 10 })),
            category: Type.Optional(Type.String({ maxLength: 40 })),
            arrearsDue: Type.Optional(Type.Boolean()),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          }),
          response: { 200: StatusChangeResult, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => changeEnrolmentStatus(ctx, requireActor(request), { personalId: request.params.personalId, ...request.body }),
    );

    app.get(
      '/api/v1/providers',
      { schema: { tags: ['registry'], summary: 'Provider directory (banks, e-wallets, Mobile Money, VNPost)', response: { 200: Type.Array(Provider), ...errorResponses(401) } } },
      async (request) => {
        requireActor(request);
        return (await loadProvidersFromDatabase(ctx.db.orm)).providers.map((provider) => ({ ...provider, channels: [...provider.channels] }));
      },
    );

    app.get(
      '/api/v1/imports/template.xlsx',
      { schema: { tags: ['import'], summary: 'Empty import template with examples and codes', response: { 200: fileResponse('The template (XLSX)', xlsxType), ...errorResponses(401) } } },
      async (request, reply) => {
        requireActor(request);
        const stream = new PassThrough();
        void writeTemplateXlsx(stream).then(() => stream.end(), (error: unknown) => stream.destroy(error as Error));
        return sendAttachment(reply, 'mau-nhap-doi-tuong.xlsx', xlsxType).send(stream);
      },
    );

    app.post(
      '/api/v1/imports',
      {
        schema: {
          tags: ['import'],
          summary: 'Upload a CSV/XLSX file and preview it (a dry run: nothing is written)',
          consumes: ['multipart/form-data'],
          response: { 200: UploadReport, ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, 'registry.import');
        const file = await request.file();
        if (!file) throw domainError('FILE_MISSING', 400, 'Chưa chọn tệp', 'No file was uploaded');
        return previewUpload(ctx, actor, { fileName: file.filename, content: file.file });
      },
    );

    app.post(
      '/api/v1/imports/:uploadId/confirm',
      {
        schema: {
          tags: ['import'],
          summary: 'Import the previewed file: valid rows are committed in one transaction',
          params: Type.Object({ uploadId: Type.String({ maxLength: 36 }) }),
          response: { 200: UploadReport, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        return confirmUpload(ctx, requireActor(request), request.params.uploadId);
      },
    );

    // The approval of an import's accounts as a whole (approval.service.ts), by a second person.
    const BatchParams = Type.Object({ batchId: Type.Integer({ minimum: 1 }) });

    app.get(
      '/api/v1/import-batches',
      {
        schema: {
          tags: ['import'],
          summary: 'Imports of my area (and my own), newest first; approval=PENDING lists those whose accounts wait for a second person',
          querystring: Type.Object({
            approval: Type.Optional(ImportApprovalState),
            before: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.pageSizeMax })),
          }),
          response: { 200: Type.Array(ImportBatchListItem), ...errorResponses(401, 403) },
        },
      },
      async (request) => listImports(ctx, requireActor(request), request.query),
    );

    app.get(
      '/api/v1/import-batches/:batchId/changes',
      {
        schema: {
          tags: ['import'],
          summary: "The import's account changes (old → new), masked as the role may see them",
          params: BatchParams,
          querystring: Type.Object({
            after: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.pageSizeMax })),
          }),
          response: { 200: ImportChanges, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => importChanges(ctx, requireActor(request), request.params.batchId, request.query),
    );

    app.post(
      '/api/v1/import-batches/:batchId/approve',
      {
        schema: {
          tags: ['import'],
          summary: "Approve all the import's account changes at once (not the importer; approving again answers the same)",
          params: BatchParams,
          response: { 200: ImportDecision, ...errorResponses(401, 403, 404, 409) },
        },
      },
      async (request) => approveImport(ctx, requireActor(request), request.params.batchId),
    );

    app.post(
      '/api/v1/import-batches/:batchId/reject',
      {
        schema: {
          tags: ['import'],
          summary: "Reject all the import's account changes: none is ever paid",
          params: BatchParams,
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
          response: { 200: ImportDecision, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => rejectImport(ctx, requireActor(request), request.params.batchId, request.body.reason),
    );

    app.get(
      '/api/v1/imports/:uploadId/report.xlsx',
      {
        schema: {
          tags: ['import'],
          summary: 'Every error and warning of an uploaded file, as XLSX',
          params: Type.Object({ uploadId: Type.String({ maxLength: 36 }) }),
          response: { 200: fileResponse('The errors and warnings (XLSX)', xlsxType), ...errorResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const stream = new PassThrough();
        const report = uploadIssuesReport(ctx, requireActor(request), request.params.uploadId, stream);
        void report.done.then(() => stream.end(), (error: unknown) => stream.destroy(error as Error));
        const name = report.fileName.replace(/\.(csv|xlsx)$/i, '');
        return sendAttachment(reply, `bao-cao-loi-${name}.xlsx`, xlsxType).send(stream);
      },
    );
  };
}
