import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor } from '../../app/http.js';
import { FreeJson } from '../../app/schemas.js';
import { limits } from '../../limits.js';
import { requirePermission } from '../access/permissions.js';
import { AuditVerification } from './audit.schemas.js';
import { verifyAuditTrail } from './audit.service.js';
import { readAuditEvents } from './events.service.js';
import type { AuditPorts } from './ports.js';

const AuditEvent = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  unitCode: Type.Union([Type.String(), Type.Null()]),
  before: FreeJson('The audited entity before the action, as recorded in the hash-chained audit trail, with personal data shown as the reader may see it (need-to-know)'),
  after: FreeJson('The audited entity after the action, as recorded in the hash-chained audit trail, with personal data shown as the reader may see it (need-to-know)'),
  requestId: Type.Union([Type.String(), Type.Null()]),
});

export function auditRoutes(ctx: AppContext, ports: AuditPorts): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/audit',
      {
        schema: {
          tags: ['audit'],
          summary: 'Audit events of my area, newest first; personal data in their payloads shown as my role may see it',
          querystring: Type.Object({
            entityType: Type.Optional(Type.String({ maxLength: 50 })),
            entityId: Type.Optional(Type.String({ maxLength: 100 })),
            before: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.pageSizeMax })),
          }),
          response: { 200: Type.Array(AuditEvent), ...errorResponses(401, 403) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, 'audit.read');
        const { entityType, entityId, before, limit } = request.query;
        return readAuditEvents(ctx.db.orm, actor, { entityType, entityId, beforeSeq: before, limit: limit ?? 50 }, ports.unitsRelation());
      },
    );

    app.get(
      '/api/v1/audit/verify',
      {
        schema: {
          tags: ['audit'],
          summary: 'Verify the keyed audit chain and its checkpoints: TRUNCATED, REWRITTEN, REORDERED, GAP with the first affected sequence',
          response: { 200: AuditVerification, ...errorResponses(401, 403) },
        },
      },
      async (request) => {
        requirePermission(requireActor(request), 'audit.verify');
        return verifyAuditTrail(ctx);
      },
    );
  };
}
