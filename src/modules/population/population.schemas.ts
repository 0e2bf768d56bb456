import { Type } from 'typebox';
import { Nullable } from '../../app/schemas.js';
import { StatusChangeResult } from '../registry/registry.schemas.js';
import { reviewKinds, reviewStatuses } from './population.repository.js';

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

/** What a check against the population database found (population.service.ts `VerifyResult`): counts only. */
export const PopulationVerification = Type.Object({
  runId: Type.String(),
  checked: Type.Integer(),
  match: Type.Integer(),
  nameMismatch: Type.Integer(),
  dobMismatch: Type.Integer(),
  deceased: Type.Integer(),
  moved: Type.Integer(),
  notFound: Type.Integer(),
  errors: Type.Integer(),
  reviewItemsCreated: Type.Integer(),
});

/** A discrepancy to review, with the person's ID as the role may see it (population.repository.ts `ReviewItemRow`). */
export const ReviewItem = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ enum: [...reviewKinds] }),
  status: Type.String({ enum: [...reviewStatuses] }),
  personId: Type.Integer(),
  personalId: Type.String(),
  fullName: Type.String(),
  birthDate: Type.String(),
  communeCode: Type.String(),
  communeName: NullableStr,
  currentValue: ReviewValue,
  proposed: ReviewValue,
  checkedAt: Type.String(),
  runId: Type.String(),
  createdAt: Type.String(),
  resolvedAt: NullableStr,
  resolvedBy: NullableStr,
  resolutionNote: NullableStr,
});

/** A page of the review queue, newest first; `nextBeforeId` asks for the next one. */
export const ReviewPage = Type.Object({ items: Type.Array(ReviewItem), nextBeforeId: Nullable(Type.Integer()) });
