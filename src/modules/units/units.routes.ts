import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.js';
import { errorResponses, requireActor } from '../../app/http.js';
import { errors } from '../../core/errors.js';
import { foldVietnamese } from '../../core/text.js';
import { limits } from '../../limits.js';
import { requirePermission } from '../access/permissions.js';
import { containsLocality } from '../access/scope.js';
import { findCurrentUnit, findMappings, listCurrentUnits } from './units.repository.js';

const Unit = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    level: Type.String(),
    generation: Type.String(),
    name: Type.String(),
    nameWithType: Type.String(),
    provinceCode: Type.String(),
    parentCode: Type.Union([Type.String(), Type.Null()]),
    validFrom: Type.Union([Type.String(), Type.Null()]),
    validTo: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Unit' },
);

const Mapping = Type.Object({
  oldCode: Type.String(),
  oldLevel: Type.String(),
  oldName: Type.String(),
  oldProvinceCode: Type.String(),
  newCode: Type.String(),
  newName: Type.String(),
  newProvinceCode: Type.String(),
  mappingType: Type.String(),
  note: Type.String(),
});

export { Unit as UnitSchema };

export function unitRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/units',
      {
        schema: {
          tags: ['units'],
          summary: 'Current (2025) units within my scope: provinces and communes',
          querystring: Type.Object({
            level: Type.Optional(Type.Union([Type.Literal('province'), Type.Literal('commune')])),
            parent: Type.Optional(Type.String({ pattern: '^\\d{2}$' })),
            search: Type.Optional(Type.String({ maxLength: 100 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
          }),
          response: { 200: Type.Array(Type.Ref('Unit')), ...errorResponses(401) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, 'units.read');
        const { level, parent, search, limit } = request.query;
        return listCurrentUnits(ctx.db.orm, actor.scope, {
          level,
          parentCode: parent,
          search: search ? foldVietnamese(search) : undefined,
          limit: limit ?? 5000,
        });
      },
    );

    app.get(
      '/api/v1/units/:code',
      {
        schema: {
          tags: ['units'],
          summary: 'One current unit by its code (2-digit province or 5-digit commune) and what it was formed from',
          params: Type.Object({ code: Type.String({ pattern: '^(\\d{2}|\\d{5})$' }) }),
          response: { 200: Type.Object({ unit: Type.Ref('Unit'), formedFrom: Type.Array(Mapping) }), ...errorResponses(401, 404) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, 'units.read');
        const unit = await findCurrentUnit(ctx.db.orm, request.params.code);
        const visible =
          unit &&
          (containsLocality(actor.scope, unit.provinceCode, unit.level === 'commune' ? unit.code : null) ||
            (actor.scope.level === 'commune' && unit.level === 'province' && unit.code === actor.scope.provinceCode));
        if (!unit || !visible) throw errors.notFound({ entity: 'unit', code: request.params.code });
        const formedFrom = unit.level === 'commune' ? await findMappings(ctx.db.orm, { currentCode: unit.code }) : [];
        return { unit, formedFrom: formedFrom.slice(0, limits.pageSizeMax) };
      },
    );
  };
}
