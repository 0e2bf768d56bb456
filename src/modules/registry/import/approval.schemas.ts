import { Type } from 'typebox';
import { Nullable } from '../../../app/schemas.js';

/**
 * What the import's approval answers (approval.service.ts), for its commands and routes. The
 * people in the list of account changes arrive masked by the service (need-to-know).
 */

const Str = Type.String();
const NullableStr = Nullable(Type.String());
const Int = Type.Integer();

export const importApprovals = ['NOT_NEEDED', 'PENDING', 'APPROVED', 'REJECTED'] as const;
export const ImportApprovalState = Type.Union([Type.Literal('NOT_NEEDED'), Type.Literal('PENDING'), Type.Literal('APPROVED'), Type.Literal('REJECTED')], {
  description: 'NOT_NEEDED: no account changes; PENDING: none of them is paid yet; APPROVED: all are paid; REJECTED: none ever is',
});

export const ImportDecision = Type.Object({
  batchId: Int,
  approval: ImportApprovalState,
  accountChanges: Type.Integer({ description: 'Accounts the file creates or changes (decided together)' }),
  decided: Type.Integer({ description: 'Accounts the decision activated (approved) or discarded (rejected)' }),
  replaced: Type.Integer({ description: 'Instruments the activated accounts replaced (no longer paid)' }),
  decidedBy: NullableStr,
  decidedAt: NullableStr,
  reason: NullableStr,
});

export const ImportBatchSummary = Type.Object({
  ...ImportDecision.properties,
  fileName: Str,
  importedBy: Str,
  importedAt: Str,
});

export const ImportBatchListItem = Type.Object({
  ...ImportBatchSummary.properties,
  rows: Int,
  accepted: Int,
});

export const ImportAccountChange = Type.Object({
  id: Int,
  personalId: Type.String({ description: 'Whole or masked, as the role may see it' }),
  fullName: Str,
  communeCode: Str,
  category: Type.String({ description: 'The category code, or PROTECTED' }),
  status: Type.String({ description: 'PENDING, APPROVED, REJECTED or CANCELLED (replaced by a later proposal)' }),
  channel: Str,
  providerCode: Str,
  accountNumber: NullableStr,
  accountHolder: NullableStr,
  oldChannel: Nullable(Type.String({ description: 'The instrument in use when the file was imported (null: none, paid in cash)' })),
  oldProviderCode: NullableStr,
  oldAccountNumber: NullableStr,
  oldAccountHolder: NullableStr,
});

export const ImportChanges = Type.Object({
  batch: ImportBatchSummary,
  changes: Type.Array(ImportAccountChange),
  nextAfter: Nullable(Type.Integer({ description: 'Pass as `after` for the next page; null on the last' })),
});
