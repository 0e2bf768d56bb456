import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor } from '../../app/http.js';
import { shippedTemplateNames, previewProviderTemplate, setProviderTemplate, showProviderTemplate } from './file-templates.service.js';
import { ProviderProfileSchema, ProviderProfilesSchema, TemplatePreviewSchema, TemplateViewSchema } from './providers.schemas.js';
import { listProviderProfiles, showProviderProfile } from './providers.service.js';
import { previewBatchFile } from './files.service.js';

const answer = <T extends TSchema>(schema: T) => ({ 200: schema, ...errorResponses(400, 401, 403, 404, 409) });
const Code = Type.Object({ code: Type.String({ pattern: '^([0-9]{6}|[A-Za-z][A-Za-z0-9_]{1,19})$' }) });
/** A template as JSON: its shape is checked by the service, with errors naming the column. */
const TemplateJson = Type.Record(Type.String(), Type.Unknown());

/** The providers' profiles and file templates (the providers' page); the connection itself is PUT /api/v1/providers/:code/endpoint. */
export function providerProfileRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/provider-profiles',
      { schema: { tags: ['disbursement'], summary: 'Every provider with its connection profile (no credential) and file template', response: answer(ProviderProfilesSchema) } },
      async (request) => ({ providers: await listProviderProfiles(ctx, requireActor(request)) }),
    );
    app.get(
      '/api/v1/providers/:code/profile',
      { schema: { tags: ['disbursement'], summary: 'A provider’s profile (no credential)', params: Code, response: answer(ProviderProfileSchema) } },
      async (request) => showProviderProfile(ctx, requireActor(request), request.params.code),
    );
    app.get(
      '/api/v1/providers/:code/template',
      { schema: { tags: ['disbursement'], summary: 'The file template a provider’s CSV/XLSX files are written with', params: Code, response: answer(TemplateViewSchema) } },
      async (request) => showProviderTemplate(ctx, requireActor(request), request.params.code),
    );
    app.put(
      '/api/v1/providers/:code/template',
      {
        schema: {
          tags: ['disbursement'],
          summary: 'Give a provider its own file template, a new version (system administrators)',
          params: Code,
          body: Type.Object(
            {
              template: Type.Optional(TemplateJson),
              shipped: Type.Optional(Type.String({ enum: [...shippedTemplateNames] })),
            },
            { additionalProperties: false },
          ),
          response: answer(TemplateViewSchema),
        },
      },
      async (request) => setProviderTemplate(ctx, requireActor(request), { providerCode: request.params.code, ...request.body }),
    );
    app.post(
      '/api/v1/providers/:code/template/preview',
      {
        schema: {
          tags: ['disbursement'],
          summary: 'The first lines of a provider’s file, its template in force or a draft: from made-up data, or from its batch of a cycle (identifiers as the role sees them)',
          params: Code,
          body: Type.Object(
            {
              template: Type.Optional(TemplateJson),
              rows: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
              cycleId: Type.Optional(Type.Integer({ minimum: 1, description: 'the first items of the provider’s batch of this cycle' })),
            },
            { additionalProperties: false },
          ),
          response: answer(TemplatePreviewSchema),
        },
      },
      async (request) => {
        const { cycleId, ...input } = request.body;
        const actor = requireActor(request);
        return cycleId === undefined
          ? previewProviderTemplate(ctx, actor, { providerCode: request.params.code, ...input })
          : previewBatchFile(ctx, actor, { providerCode: request.params.code, cycleId, rows: input.rows ?? 5, ...(input.template === undefined ? {} : { template: input.template }) });
      },
    );
  };
}
