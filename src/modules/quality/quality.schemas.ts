import { Type } from 'typebox';
import { Nullable } from '../../app/schemas.js';
import { qualityFlags } from './quality.service.js';

/**
 * What a recomputation of the data-quality flags answers (quality.service.ts `FlagSummary`): the
 * people per flag in the actor's area, never who they are.
 */
export const FlagSummary = Type.Object({
  counts: Type.Object(Object.fromEntries(qualityFlags.map((flag) => [flag, Type.Integer()]))),
  total: Type.Integer(),
  computedAt: Nullable(Type.String()),
});
