import { Type } from 'typebox';

/**
 * What a check of the audit trail answers (audit.repository.ts `AuditVerifyResult`): whether every
 * hash and link holds, and the first broken event when one does not.
 */
export const AuditVerification = Type.Object({
  ok: Type.Boolean(),
  events: Type.Integer(),
  brokenAt: Type.Optional(Type.Integer({ description: 'The sequence number of the first event whose hash or link does not match' })),
  reason: Type.Optional(Type.String()),
});
