import { Type } from 'typebox';
import { Nullable } from '../../app/schemas.js';

/**
 * What the accounts routes answer (accounts.routes.ts): the approval queue of payment instruments,
 * the cashless campaign and the public self-service. Personal IDs and account numbers arrive
 * masked for roles that may not read them in full; the schemas name every field that may leave.
 */

const Str = Type.String();
const NullableStr = Nullable(Type.String());
const Int = Type.Integer();

/** The account-name inquiry's answer on a proposal (proposals.service.ts `ProposalVerification`). */
const ProposalVerification = Type.Object({ status: Str, accountName: NullableStr, nameMatches: Type.Boolean(), checkedAt: Str });

export const Proposal = Type.Object({
  id: Int,
  personalId: Str,
  fullName: Str,
  communeCode: Str,
  category: Str,
  status: Str,
  source: Str,
  channel: Str,
  providerCode: Str,
  accountNumber: NullableStr,
  accountHolder: NullableStr,
  holderKind: Str,
  oldChannel: NullableStr,
  oldProviderCode: NullableStr,
  oldAccountNumber: NullableStr,
  oldAccountHolder: NullableStr,
  // Typed `unknown` as the service reads the jsonb; the schema still names what leaves.
  verification: Type.Unsafe<unknown>(Nullable(ProposalVerification)),
  proposedBy: Str,
  proposedAt: Str,
  decidedBy: NullableStr,
  decidedAt: NullableStr,
  decisionReason: NullableStr,
});

export const ProposalCreated = Type.Object({
  proposalId: Int,
  proposalIds: Type.Array(Int),
  status: Str,
  unchanged: Int,
  verification: Nullable(ProposalVerification),
});

export const ProposalApproved = Type.Object({ proposalId: Int, status: Str, instrumentId: Int, effectiveMonth: Str, notified: Type.Boolean() });

export const ProposalRejected = Type.Object({ proposalId: Int, status: Str, reason: Str });

export const StageSet = Type.Object({ personalId: Str, stage: Str, changed: Type.Boolean() });

export const StagesSet = Type.Object({
  rows: Int,
  updated: Int,
  rejected: Int,
  errors: Type.Array(Type.Object({ row: Int, personalId: Str, code: Str, message: Str, messageEn: Str })),
});

export const TargetSet = Type.Object({ unitCode: Str, programme: NullableStr, period: Str, targetPct: Nullable(Type.Number()), targetPeople: Nullable(Type.Integer()) });

const ShareRow = Type.Object({
  unitCode: Str,
  unitName: Str,
  level: Str,
  beneficiaries: Int,
  withAccount: Int,
  sharePct: Type.Number(),
  targetPct: Nullable(Type.Number()),
  targetPeriod: NullableStr,
  meetsTarget: Nullable(Type.Boolean()),
  stages: Type.Record(Type.String(), Type.Integer(), { description: 'People per campaign stage' }),
});

export const CampaignDashboard = Type.Object({
  scope: Type.Object({ level: Str, provinceCode: Type.Optional(Str), communeCode: Type.Optional(Str) }),
  rows: Type.Array(ShareRow),
  total: ShareRow,
});

export const PersonOnCash = Type.Object({
  id: Int,
  personalId: Str,
  fullName: Str,
  birthDate: Str,
  phone: NullableStr,
  channel: Str,
  stage: NullableStr,
  stageNote: NullableStr,
});

/** The public self-service answers: never whether an ID exists. */
export const SelfServiceAnswer = Type.Object({ ok: Type.Boolean(), proposalId: Type.Optional(Int), message: Str, messageEn: Str });

/** What a run of the account verification did (verification.service.ts `AccountVerificationResult`): counts only. */
export const AccountVerification = Type.Object({
  runId: Str,
  checked: Int,
  idVerified: Int,
  accountVerified: Int,
  rejected: Type.Object({ closed: Int, blocked: Int, unknown: Int, nameMismatch: Int }),
  notIdentityChecked: Int,
  identityNotMatched: Int,
  errors: Int,
});

/** What a dispatch of the SMS outbox did (notifications.service.ts `DispatchResult`). */
export const NotificationDispatch = Type.Object({
  configured: Type.Boolean({ description: 'false: ASXH_SMS_URL is not set and nothing was sent' }),
  sent: Int,
  failed: Int,
  retrying: Int,
  pending: Int,
  stoppedBy: NullableStr,
});
