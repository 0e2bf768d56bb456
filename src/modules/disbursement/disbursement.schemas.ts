import { Type } from 'typebox';
import { Money, MoneyText, Nullable } from '../../app/schemas.js';

/**
 * What the disbursement routes answer (disbursement.routes.ts). Personal IDs arrive as the role
 * may see them (access/need-to-know.ts); the schemas name every field that may leave.
 */

const Str = Type.String();
const NullableStr = Nullable(Type.String());
const Int = Type.Integer();

export const Batch = Type.Object({
  id: Int,
  providerCode: Str,
  providerName: NullableStr,
  channelGroup: Str,
  round: Int,
  messageId: Str,
  itemCount: Int,
  controlSumVnd: Money(),
  sentAt: NullableStr,
  progress: Type.Object({ pending: Int, sent: Int, acknowledged: Int, paid: Int, failed: Int, returned: Int, onHold: Int, final: Int }),
});

export const BatchesCreated = Type.Object({ cycleId: Int, created: Type.Boolean(), batches: Type.Array(Batch) });

/** A batch handed over to its provider (handover.service.ts); `handedOver` false: it was before, nothing changed. */
export const HandOver = Type.Object({
  batchId: Int,
  messageId: Str,
  providerCode: Str,
  round: Int,
  items: Int,
  controlSumVnd: Money(),
  handedOver: Type.Boolean(),
  sentAt: Str,
});

const ProviderError = Type.Object({ status: Nullable(Type.Integer()), code: NullableStr, message: Str });

export const SendReport = Type.Object({
  cycleId: Int,
  batches: Type.Array(
    Type.Object({
      batchId: Int,
      messageId: Str,
      providerCode: Str,
      channelGroup: Str,
      round: Int,
      endpointKind: NullableStr,
      outcome: Str,
      requests: Int,
      resolvedBy: Type.Optional(Str),
      reason: Type.Optional(Str),
      error: Type.Optional(ProviderError),
    }),
  ),
  acknowledged: Int,
  rejected: Int,
  unknown: Int,
  skipped: Int,
});

export const PollReport = Type.Object({
  cycleId: Int,
  batches: Type.Array(
    Type.Object({
      batchId: Int,
      messageId: Str,
      providerCode: Str,
      endpointKind: Str,
      fetched: Int,
      ingested: Int,
      applied: Int,
      error: Type.Optional(ProviderError),
      reason: Type.Optional(Type.Literal('IN_PROGRESS', { description: 'another poll, on this server or another, is polling this batch right now' })),
    }),
  ),
  cycleStatus: Str,
  openItems: Int,
});

const EndToEndReason = Type.Object({ endToEndId: Str, reason: Str });

/** What a result file, a callback or cash confirmations changed (reconcile.service.ts). */
export const ReconcileReport = Type.Object({
  applied: Int,
  paid: Int,
  failed: Type.Record(Type.String(), Type.Integer(), { description: 'Failed items per reason code' }),
  returned: Int,
  onHold: Int,
  unmatched: Type.Array(EndToEndReason, {
    description: 'Records not applied: UNKNOWN_END_TO_END_ID, OTHER_PROVIDER, OTHER_CHANNEL, CASH_AGENT_ONLY, NOT_CASH, OTHER_CYCLE, AMOUNT_MISMATCH; '
      + 'of a camt report also OTHER_ACCOUNT (a return to an account that paid none of the provider\'s batches), AMOUNT_INVALID',
  }),
  held: Type.Integer({ description: 'Records for batches not handed over yet: held, applied when the batch is sent' }),
  duplicates: Int,
  conflicts: Type.Array(EndToEndReason, { description: 'Results kept for review: ALREADY_<outcome>_REPORTED_<status>, RETURN_BEFORE_PAYMENT (a return of an item not paid)' }),
  alreadyIngested: Type.Boolean(),
  otherEntries: Type.Optional(Type.Record(Type.String(), Type.Integer(), {
    description: 'camt.052/camt.054: entries that are not returns of our payments, per reason (NOT_A_CREDIT, NOT_BOOKED, NO_RETURN_INFORMATION, NO_PAYMENT_REFERENCE, NOT_VND, OTHER_ACCOUNT)',
  })),
  cycleId: Int,
  messageKey: Str,
  source: Str,
  cycleStatus: Str,
  cashFollowUps: Int,
});

/** A message's results held until their batch is handed over (held.service.ts). */
export const HeldResult = Type.Object({
  id: Int,
  batchId: Int,
  batchMessageId: Str,
  batchSent: Type.Boolean(),
  source: Str,
  providerCode: Str,
  channelGroup: NullableStr,
  recordCount: Int,
  state: Type.Union([Type.Literal('HELD'), Type.Literal('APPLIED')]),
  heldBy: Str,
  heldAt: Str,
  appliedBy: NullableStr,
  appliedAt: NullableStr,
  applied: Nullable(Int),
  unmatched: Nullable(Int),
});

/** What applying the held results did (held.service.ts). */
export const HeldApplyReport = Type.Object({
  cycleId: Int,
  heldApplied: Type.Array(HeldResult),
  applied: Int,
  paid: Int,
  failed: Type.Record(Type.String(), Type.Integer(), { description: 'Failed items per reason code' }),
  returned: Int,
  onHold: Int,
  unmatched: Type.Array(EndToEndReason),
  duplicates: Int,
  conflicts: Type.Array(EndToEndReason),
  cycleStatus: Str,
  cashFollowUps: Int,
});

export const Item = Type.Object({
  id: Int,
  endToEndId: Str,
  batchRound: Int,
  personalId: Str,
  fullName: Str,
  communeCode: Str,
  channel: Str,
  providerCode: Str,
  amountVnd: Money(),
  representativeName: NullableStr,
  transmission: Str,
  outcome: Str,
  reasonCode: NullableStr,
  reasonText: NullableStr,
  isFinal: Type.Boolean(),
  paidTo: NullableStr,
  receiptNumber: NullableStr,
  followUp: NullableStr,
});

export const ReconciliationReport = Type.Object({
  cycleId: Int,
  rows: Type.Array(
    Type.Object({ providerCode: Str, communeCode: Str, outcome: Str, reasonCode: NullableStr, items: Int, amountVnd: Money(), reason: NullableStr }),
  ),
  failed: Type.Array(
    Type.Object({
      endToEndId: Str,
      personalId: Str,
      fullName: Str,
      communeCode: Str,
      providerCode: Str,
      outcome: Str,
      reasonCode: NullableStr,
      amountVnd: Money(),
      followUp: NullableStr,
      replacedBy: NullableStr,
    }),
  ),
});

export const LedgerCheck = Type.Object({
  ok: Type.Boolean(),
  cycles: Int,
  problems: Type.Array(
    Type.Object({ cycleId: Int, check: Str, expected: MoneyText(), actual: MoneyText(), providerCode: Type.Optional(Str) }),
  ),
  providers: Type.Array(
    Type.Object({ cycleId: Int, providerCode: Str, dispatchedVnd: Money(), paidVnd: Money(), returnedVnd: Money(), failedVnd: Money(), outstandingVnd: Money() }),
  ),
});

export const EndpointView = Type.Object({
  providerCode: Str,
  kind: Str,
  baseUrl: Str,
  /** The secret is stored encrypted and never returned: only that there is one, and its fingerprint. */
  hasSecret: Type.Literal(true),
  secretFingerprint: Str,
  hasBearerToken: Type.Boolean(),
  bearerTokenFingerprint: NullableStr,
  /** The public half of the ed25519 signing key (raw 32 bytes, base64), which the provider registers. */
  signingPublicKey: NullableStr,
  /** The provider's ed25519 public key (raw 32 bytes, base64) its signed callback bodies are checked with. */
  providerPublicKey: NullableStr,
  statusMode: Type.Union([Type.Literal('ASYNC'), Type.Literal('SYNC')]),
  /** The provider's own callback base URL; null: `defaultCallbackBaseUrl` applies. */
  callbackBaseUrl: NullableStr,
  defaultCallbackBaseUrl: NullableStr,
  updatedBy: Str,
});
