import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor, sendAttachment } from '../../app/http.js';
import { fileResponse, mediaTypes } from '../../app/schemas.js';
import { domainError, errors } from '../../core/errors.js';
import { requireFullExport } from '../access/need-to-know.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { createBatches, findBatchOfProvider, getBatches, loadCycleForDisbursement } from './batches.service.js';
import { confirmCash } from './cash.service.js';
import { endpointKinds, setProviderEndpoint, statusModes } from './endpoints.service.js';
import { batchFileName } from './file-names.js';
import { checkFileDebtor, exportBatchFile, type FileFormat } from './files.service.js';
import { handOverBatch } from './handover.service.js';
import { checkLedgerAs } from './ledger-check.service.js';
import { listItems } from './items.service.js';
import { applyHeldResults, listHeldResults } from './held.service.js';
import { reconcileFile, reconciliationReport, writeReconciliationXlsx, type ChannelGroup } from './reconcile.service.js';
import { pollCycle, sendCycle } from './send.service.js';
import {
  Batch, BatchesCreated, EndpointView, HandOver, HeldApplyReport, HeldResult, Item, LedgerCheck, PollReport, ReconcileReport, ReconciliationReport, SendReport,
} from './disbursement.schemas.js';

/**
 * Disbursement over HTTP: batches, sending to and polling the providers' systems, payment files,
 * result uploads, cash confirmations by the provider's agent, the reconciliation report and the
 * ledger check, and provider endpoints. Routes only translate HTTP; the services authorise.
 */
const CycleParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const providerPattern = '^([0-9]{6}|[A-Za-z][A-Za-z0-9_]{1,19})$';
const ProviderCode = Type.String({ pattern: providerPattern });
const fileFormats: readonly FileFormat[] = ['pain001', 'csv', 'xlsx', 'cash-list'];
const channelGroups: readonly ChannelGroup[] = ['BANK', 'WALLET', 'CASH'];
const errorsOf = errorResponses(400, 401, 403, 404, 409, 422);
const answer = <T extends TSchema>(schema: T) => ({ 200: schema, ...errorsOf });
const xlsxType = mediaTypes.xlsx;

const contentTypes: Record<FileFormat, { type: string }> = {
  pain001: { type: 'application/xml; charset=utf-8' },
  csv: { type: 'text/csv; charset=utf-8' },
  xlsx: { type: xlsxType },
  'cash-list': { type: xlsxType },
};

const Confirmation = Type.Object(
  {
    endToEndId: Type.String({ pattern: '^[A-Za-z0-9]{1,35}$' }),
    result: Type.Union([Type.Literal('PAID_SELF'), Type.Literal('PAID_REPRESENTATIVE'), Type.Literal('NOT_FOUND'), Type.Literal('REFUSED'), Type.Literal('DECEASED')]),
    date: Type.Optional(Type.String({ maxLength: 10 })),
    receiptNumber: Type.Optional(Type.String({ maxLength: 50 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/**
 * Checks what exportBatchFile would refuse before the first byte is streamed (then errors are
 * normal responses); answers the file's name (file-names.ts).
 */
async function checkBatchFile(ctx: AppContext, actor: Actor, cycleId: number, input: { providerCode: string; format: FileFormat; round: number }): Promise<string> {
  requirePermission(actor, 'disbursement.send');
  requireFullExport(actor, ['personalId', 'accountNumber']);
  const cycle = await loadCycleForDisbursement(ctx.db.orm, actor, cycleId);
  const batch = await findBatchOfProvider(ctx.db.orm, cycleId, input.providerCode, input.round);
  if (!batch) throw errors.notFound({ entity: 'disbursement_batch', cycleId, providerCode: input.providerCode, round: input.round });
  if (input.format === 'pain001' && batch.channelGroup !== 'BANK') throw domainError('FORMAT_CHANNEL', 400, 'pain.001 chỉ dùng cho lô chuyển khoản ngân hàng', 'pain.001 is for bank batches only');
  if (input.format === 'cash-list' && batch.channelGroup !== 'CASH') throw domainError('FORMAT_CHANNEL', 400, 'Danh sách tiền mặt chỉ dùng cho lô chi tiền mặt', 'The cash list is for cash batches only');
  await checkFileDebtor(ctx, actor, { cycleId, ...input });
  return batchFileName(cycle, input, input.format);
}

/** The upload is kept in a private temporary folder only while it is applied. */
async function withUploadedFile<T>(fileName: string, content: NodeJS.ReadableStream, use: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'asxh-result-'));
  try {
    const path = join(dir, `upload${extname(basename(fileName)).toLowerCase().replace(/[^.a-z0-9]/g, '')}`);
    await pipeline(content, createWriteStream(path, { mode: 0o600 }));
    return await use(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function disbursementRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const base = '/api/v1/disbursement/cycles/:id';
    app.get(`${base}/batches`, { schema: { tags: ['disbursement'], summary: 'Batches of a cycle with progress', params: CycleParams, response: answer(Type.Array(Batch)) } }, async (request) =>
      getBatches(ctx, requireActor(request), request.params.id),
    );
    app.post(`${base}/batches`, { schema: { tags: ['disbursement'], summary: 'Split a funded cycle into batches (idempotent)', params: CycleParams, response: answer(BatchesCreated) } }, async (request) =>
      createBatches(ctx, requireActor(request), request.params.id),
    );
    app.post(
      `${base}/send`,
      {
        schema: {
          tags: ['disbursement'],
          summary: 'Send the batches not yet acknowledged to the providers (idempotent, crash-safe)',
          params: CycleParams,
          body: Type.Optional(Type.Object({ timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 300_000 })) }, { additionalProperties: false })),
          response: answer(SendReport),
        },
      },
      async (request) => sendCycle(ctx, requireActor(request), request.params.id, { timeoutMs: request.body?.timeoutMs }),
    );
    app.post(`${base}/poll`, { schema: { tags: ['disbursement'], summary: 'Fetch and apply the providers’ results (reports, returns, confirmations, statuses)', params: CycleParams, response: answer(PollReport) } }, async (request) =>
      pollCycle(ctx, requireActor(request), request.params.id),
    );
    app.get(
      `${base}/files`,
      {
        schema: {
          tags: ['disbursement'],
          summary: 'Payment file of a batch (identical bytes when downloaded again), named by month, locality, provider and round; does not hand the batch over',
          params: CycleParams,
          querystring: Type.Object({
            provider: ProviderCode,
            format: Type.Union(fileFormats.map((format) => Type.Literal(format))),
            round: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
          }),
          response: {
            200: fileResponse('The payment file: pain.001 (XML), CSV, XLSX, or the cash list (XLSX)', mediaTypes.xml, mediaTypes.csv, xlsxType),
            ...errorsOf,
          },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const input = { providerCode: request.query.provider.toUpperCase(), format: request.query.format as FileFormat, round: request.query.round ?? 1 };
        const fileName = await checkBatchFile(ctx, actor, request.params.id, input);
        const stream = new PassThrough();
        void exportBatchFile(ctx, actor, { cycleId: request.params.id, ...input, output: stream }).catch((error: unknown) => stream.destroy(error as Error));
        return sendAttachment(reply, fileName, contentTypes[input.format].type).send(stream);
      },
    );
    app.post(
      `${base}/batches/:batchId/hand-over`,
      {
        schema: {
          tags: ['disbursement'],
          summary: 'Hand a batch over to its provider after its file was given to it: items SENT, the money to the provider (audited, idempotent)',
          params: Type.Object({ id: Type.Integer({ minimum: 1 }), batchId: Type.Integer({ minimum: 1 }) }),
          response: answer(HandOver),
        },
      },
      async (request) => handOverBatch(ctx, requireActor(request), { cycleId: request.params.id, batchId: request.params.batchId }),
    );
    app.post(
      `${base}/reconcile`,
      {
        schema: {
          tags: ['disbursement'],
          summary: 'Apply a result file (pain.002, CSV results, VNPost confirmations) of the provider named, to its own items only; results for batches not handed over yet are held',
          consumes: ['multipart/form-data'],
          params: CycleParams,
          querystring: Type.Object({
            provider: Type.String({ pattern: providerPattern, description: 'The provider the file comes from (a provider’s agent: its own)' }),
            channel: Type.Optional(Type.Union(channelGroups.map((group) => Type.Literal(group)), { description: 'The channel group of the batch the file reports on' })),
          }),
          response: answer(ReconcileReport),
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, 'reconciliation.ingest');
        const file = await request.file();
        if (!file) throw domainError('FILE_MISSING', 400, 'Chưa chọn tệp', 'No file was uploaded');
        return withUploadedFile(file.filename, file.file, async (path) => {
          if (file.file.truncated) throw domainError('FILE_TOO_LARGE', 400, 'Tệp quá lớn', 'The file is too large');
          return reconcileFile(ctx, actor, { cycleId: request.params.id, path, providerCode: request.query.provider, channelGroup: request.query.channel ?? null });
        });
      },
    );
    app.get(`${base}/held-results`, { schema: { tags: ['disbursement'], summary: 'Results held until their batch is handed over, and when they were applied', params: CycleParams, response: answer(Type.Array(HeldResult)) } }, async (request) =>
      listHeldResults(ctx, requireActor(request), request.params.id),
    );
    app.post(
      `${base}/held-results/apply`,
      { schema: { tags: ['disbursement'], summary: 'Apply the held results whose batch is handed over by now (each once)', params: CycleParams, response: answer(HeldApplyReport) } },
      async (request) => applyHeldResults(ctx, requireActor(request), request.params.id),
    );
    app.get(
      `${base}/items`,
      {
        schema: {
          tags: ['disbursement'],
          summary: 'Payments of a cycle (a provider agent sees only their own), keyset paging with `after`',
          params: CycleParams,
          querystring: Type.Object({
            provider: Type.Optional(Type.String({ maxLength: 20 })),
            outcome: Type.Optional(Type.String({ maxLength: 20 })),
            channel: Type.Optional(Type.String({ maxLength: 20 })),
            commune: Type.Optional(Type.String({ pattern: '^\\d{5}$' })),
            after: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
          }),
          response: answer(Type.Array(Item)),
        },
      },
      async (request) => {
        const { provider, outcome, channel, commune, after, limit } = request.query;
        return listItems(ctx, requireActor(request), request.params.id, { providerCode: provider, outcome, channel, communeCode: commune, afterId: after, limit });
      },
    );
    app.get(`${base}/report`, { schema: { tags: ['disbursement'], summary: 'Reconciliation by provider, commune, outcome and reason', params: CycleParams, response: answer(ReconciliationReport) } }, async (request) =>
      reconciliationReport(ctx, requireActor(request), request.params.id),
    );
    app.get(
      `${base}/report.xlsx`,
      { schema: { tags: ['disbursement'], summary: 'Reconciliation report (XLSX)', params: CycleParams, response: { 200: fileResponse('The reconciliation report (XLSX)', xlsxType), ...errorsOf } } },
      async (request, reply) => {
        const report = await reconciliationReport(ctx, requireActor(request), request.params.id, 'export');
        const stream = new PassThrough();
        void writeReconciliationXlsx(stream, report).then(
          () => stream.end(),
          (error: unknown) => stream.destroy(error as Error),
        );
        return sendAttachment(reply, `doi-soat-ky-${request.params.id}.xlsx`, xlsxType).send(stream);
      },
    );
    app.post(
      `${base}/cash-confirmations`,
      {
        schema: {
          tags: ['disbursement'],
          summary: 'Cash paid or not, by the provider’s agent (a retry with the same x-request-id is applied once)',
          params: CycleParams,
          body: Type.Object({ confirmations: Type.Array(Confirmation, { minItems: 1, maxItems: 10_000 }) }, { additionalProperties: false }),
          response: answer(ReconcileReport),
        },
      },
      async (request) => confirmCash(ctx, requireActor(request), { cycleId: request.params.id, confirmations: request.body.confirmations, requestId: request.id }),
    );
    app.get(
      '/api/v1/ledger/check',
      { schema: { tags: ['disbursement'], summary: 'Re-derive every balance and compare it with the ledger', querystring: Type.Object({ cycle: Type.Optional(Type.Integer({ minimum: 1 })) }), response: answer(LedgerCheck) } },
      async (request) => checkLedgerAs(ctx.db.orm, requireActor(request), request.query.cycle),
    );
    app.put(
      '/api/v1/providers/:code/endpoint',
      {
        schema: {
          tags: ['disbursement'],
          summary: 'A provider’s profile: protocol, endpoint, credentials, status mode, callback URL (system administrators; no credential is ever returned)',
          params: Type.Object({ code: ProviderCode }),
          body: Type.Object(
            {
              kind: Type.Union(endpointKinds.map((kind) => Type.Literal(kind))),
              baseUrl: Type.String({ minLength: 8, maxLength: 500 }),
              secret: Type.Optional(Type.String({ minLength: 16, maxLength: 256, description: 'required for a new connection; left out: unchanged' })),
              bearerToken: Type.Optional(Type.Union([Type.String({ minLength: 16, maxLength: 4096 }), Type.Null()], { description: 'left out: unchanged; null: removed' })),
              signingKeyPem: Type.Optional(Type.Union([Type.String({ minLength: 40, maxLength: 4096 }), Type.Null()], { description: 'ed25519 private key, PKCS#8 PEM; left out: unchanged; null: removed' })),
              generateSigningKey: Type.Optional(Type.Boolean({ description: 'make a new ed25519 key here (not with signingKeyPem)' })),
              statusMode: Type.Optional(Type.Union(statusModes.map((mode) => Type.Literal(mode)))),
              callbackBaseUrl: Type.Optional(Type.Union([Type.String({ minLength: 8, maxLength: 500 }), Type.Null()])),
              defaultCallbackBaseUrl: Type.Optional(Type.Union([Type.String({ minLength: 8, maxLength: 500 }), Type.Null()])),
              providerPublicKey: Type.Optional(
                Type.Union([Type.String({ minLength: 44, maxLength: 1000 }), Type.Null()], { description: 'the provider’s ed25519 public key (SPKI PEM or 32 bytes base64); with one, callbacks must be signed; null: removed' }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: EndpointView, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => setProviderEndpoint(ctx, requireActor(request), { providerCode: request.params.code, ...request.body }),
    );
  };
}
