import { Type } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.Object>>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * What a check of the audit trail answers (audit.service.ts `AuditVerifyResult`): whether the
 * keyed chain and its checkpoints hold, each kind of damage with the first affected sequence, the
 * head and the last checkpoint checked.
 */
export const AuditVerification = Type.Object({
  ok: Type.Boolean(),
  status: Type.Union([Type.Literal('ok'), Type.Literal('TRUNCATED'), Type.Literal('REWRITTEN'), Type.Literal('REORDERED'), Type.Literal('GAP')], {
    description: 'ok, or the kind of the earliest finding',
  }),
  events: Type.Integer(),
  head: Nullable(Type.Object({ seq: Type.Integer(), hash: Type.String() }, { description: 'The newest event in the database' })),
  keyedFrom: Type.Union([Type.Integer(), Type.Null()], { description: 'The first keyed event; earlier ones are unkeyed (older than the keyed chain)' }),
  findings: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('TRUNCATED'), Type.Literal('REWRITTEN'), Type.Literal('REORDERED'), Type.Literal('GAP')], {
        description: 'TRUNCATED: the newest events deleted (a checkpoint is ahead of the database); REWRITTEN: an event does not match its keyed HMAC; REORDERED: events swapped or moved; GAP: events missing in the middle',
      }),
      seq: Type.Integer({ description: 'The first affected sequence number (for GAP and TRUNCATED the first one missing)' }),
      vi: Type.String(),
      en: Type.String(),
    }),
  ),
  checkpoint: Nullable(
    Type.Object(
      {
        seq: Type.Integer(),
        hash: Type.String(),
        at: Type.String(),
        reason: Type.String(),
        matched: Type.Boolean({ description: 'Whether the database still holds this head' }),
      },
      { description: 'The newest checkpoint of this chain that was checked' },
    ),
  ),
  checkpoints: Nullable(
    Type.Object({
      file: Type.String(),
      read: Type.Integer(),
      ofThisChain: Type.Integer(),
      otherChains: Type.Integer(),
      badSignature: Type.Integer(),
      unknownKey: Type.Integer(),
      malformed: Type.Integer(),
    }),
  ),
  warnings: Type.Array(Type.String()),
  brokenAt: Type.Optional(Type.Integer({ description: 'The first stored event that does not verify (for a truncation, the first missing sequence)' })),
  reason: Type.Optional(Type.String({ description: 'missing_event, broken_link, hash_mismatch or truncated' })),
});
