import { Type } from 'typebox';
import { Nullable } from '../../app/schemas.js';
import { StatusChangeResult } from '../registry/registry.schemas.js';

/** What the population routes answer beyond the counts (population.routes.ts). */

const NullableStr = Nullable(Type.String());

/**
 * What the registry holds, or what the population database proposes, for a review item: the
 * fields of its kind (population.repository.ts). Typed `unknown` values as the service has them.
 */
export const ReviewValue = Type.Unsafe<Record<string, unknown>>(
  Type.Object({
    fullName: Type.Optional(NullableStr),
    birthDate: Type.Optional(NullableStr),
    deathDate: Type.Optional(NullableStr),
    effectiveMonth: Type.Optional(NullableStr),
    communeCode: Type.Optional(NullableStr),
  }),
);

/** A resolved review item and what its resolution did: the correction, the termination(s), the new residence. */
export const ReviewResolution = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  status: Type.String(),
  action: Type.String(),
  note: NullableStr,
  applied: Type.Optional(Type.Unsafe<unknown>(Type.Object({ fullName: Type.Optional(Type.String()), birthDate: Type.Optional(Type.String()) }))),
  termination: Type.Optional(Type.Unsafe<unknown>(StatusChangeResult)),
  terminations: Type.Optional(Type.Unsafe<unknown>(Type.Array(StatusChangeResult))),
  residence: Type.Optional(Type.Unsafe<unknown>(Type.Object({ provinceCode: Type.String(), communeCode: Type.String() }))),
});
