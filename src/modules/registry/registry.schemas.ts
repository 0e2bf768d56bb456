import { Type } from 'typebox';
import { FreeJson, Money, Nullable } from '../../app/schemas.js';

/**
 * What the registry's routes answer (registry.routes.ts). Personal IDs, account numbers, phones
 * and addresses are masked or left out by the service (need-to-know); the schemas name every field
 * that may leave, nothing else does.
 */

const Str = Type.String();
const NullableStr = Nullable(Type.String());
const Int = Type.Integer();

/** One row of the beneficiary search. */
export const BeneficiaryListItem = Type.Object({
  id: Int,
  personalId: Type.String({ description: 'Masked to the last 4 digits unless the role needs it' }),
  fullName: Str,
  birthDate: Str,
  sex: Str,
  phone: Nullable(Type.String({ description: 'Null unless the role may see contacts' })),
  communeCode: Str,
  communeName: NullableStr,
  deathDate: NullableStr,
  enrolments: Type.Array(Type.Object({ category: Str, programme: Str, status: Str })),
  channels: Type.Array(Str),
  flags: Type.Array(Str),
});

export const BeneficiaryPage = Type.Object({ items: Type.Array(BeneficiaryListItem), nextBeforeId: Nullable(Type.Integer()) });

const Person = Type.Object({
  id: Int,
  personalId: Str,
  legacyId: NullableStr,
  fullName: Str,
  birthDate: Str,
  sex: Str,
  phone: NullableStr,
  provinceCode: Str,
  communeCode: Str,
  communeName: NullableStr,
  address: NullableStr,
  deathDate: NullableStr,
  version: Int,
});

const Enrolment = Type.Object({
  id: Int,
  programme: Str,
  category: Type.String({ description: 'A protected category shows as such to roles that need not know it' }),
  childrenCount: Nullable(Type.Integer()),
  injuryRate: Nullable(Type.Integer()),
  decisionNumber: Str,
  decisionDate: Str,
  decisionAuthority: NullableStr,
  firstMonth: Str,
  paidThroughMonth: NullableStr,
  status: Str,
  statusReason: NullableStr,
  statusEventDate: NullableStr,
  statusEffectiveMonth: NullableStr,
  provinceCode: Str,
  communeCode: Str,
  version: Int,
  suspensions: Type.Array(Type.Object({ from: Str, to: NullableStr, arrearsDue: Type.Boolean() })),
});

const Representative = Type.Object({
  id: Int,
  kind: Str,
  fullName: Str,
  personalId: Str,
  relationship: NullableStr,
  validUntil: NullableStr,
  active: Type.Boolean(),
});

const Instrument = Type.Object({
  id: Int,
  enrolmentId: Int,
  channel: Str,
  providerCode: Str,
  providerName: NullableStr,
  accountNumber: NullableStr,
  accountHolder: NullableStr,
  holderKind: Str,
  verification: Str,
  verificationNote: NullableStr,
  verifiedAt: NullableStr,
  needsReverification: Type.Boolean(),
  active: Type.Boolean(),
  createdAt: Str,
  supersededAt: NullableStr,
});

const PendingProposal = Type.Object({
  id: Int,
  enrolmentId: Int,
  channel: Str,
  providerCode: Str,
  accountNumber: NullableStr,
  accountHolder: NullableStr,
  source: Str,
  proposedBy: Str,
  proposedAt: Str,
});

/** The amount due in a month, by the rules engine (rules/). */
const AmountDue = Type.Object({
  month: Str,
  totalVnd: Money(),
  lines: Type.Array(
    Type.Object({
      programme: Str,
      category: Str,
      amountVnd: Money(),
      breakdown: Type.Array(
        Type.Object({ category: Str, coefficientX10: Nullable(Type.Integer()), baseLevelVnd: Nullable(Money()), componentVnd: Money(), note: Str }),
      ),
    }),
  ),
  excluded: Type.Array(Type.Object({ programme: Str, category: Str, reason: Str })),
});

/** Another person named in a data-quality flag: the last 4 digits of the ID only. */
const FlaggedOther = Type.Object({ personId: Int, personalIdTail: Str, communeCode: Str });

/** The details of a data-quality flag (quality.service.ts), by flag. */
export const FlagDetails = Type.Object({
  communes: Type.Optional(Type.Array(Str)),
  otherCommunes: Type.Optional(Type.Array(Str)),
  others: Type.Optional(Type.Array(FlaggedOther)),
  deathDate: Type.Optional(NullableStr),
  enrolments: Type.Optional(Type.Integer()),
  providerCode: Type.Optional(Str),
  accountTail: Type.Optional(Str),
});

const HistoryEntry = Type.Object({
  id: Int,
  entityType: Str,
  entityId: Int,
  action: Str,
  before: FreeJson('The record before the change, as the history stored it'),
  after: FreeJson('The record after the change (for a creation by import, the row of the file)'),
  actor: Str,
  at: Str,
  importBatchId: Nullable(Type.Integer()),
});

export const BeneficiaryDetail = Type.Object({
  person: Person,
  enrolments: Type.Array(Enrolment),
  representatives: Type.Array(Representative),
  instruments: Type.Array(Instrument),
  activeInstruments: Type.Array(Instrument),
  pendingProposals: Type.Array(PendingProposal),
  amountDue: Type.Object({ current: AmountDue, next: AmountDue }),
  flags: Type.Array(Type.Object({ flag: Str, details: FlagDetails })),
  history: Type.Array(HistoryEntry),
});

export const StatusChangeResult = Type.Object({
  personalId: NullableStr,
  action: Str,
  effectiveMonth: Str,
  changed: Type.Array(Type.String({ description: 'The category of each enrolment changed' })),
  unchanged: Int,
});

const RowIssue = Type.Object({
  row: Int,
  field: Str,
  code: Str,
  message: Str,
  messageEn: Str,
  outsideScope: Type.Optional(Type.Boolean({ description: 'About a registered person outside your area: the message tells nothing of them; contact the province' })),
});

export const ImportReport = Type.Object({
  file: Str,
  fileSha256: Str,
  dryRun: Type.Boolean(),
  batchId: Nullable(Type.Integer()),
  rows: Int,
  accepted: Int,
  rejected: Int,
  changes: Nullable(
    Type.Object({
      personsCreated: Int,
      personsUpdated: Int,
      enrolmentsCreated: Int,
      enrolmentsUpdated: Int,
      representativesChanged: Int,
      instrumentsCreated: Int,
      proposals: Int,
      unchangedRows: Int,
    }),
  ),
  /** Accounts created or changed, none paid before a second person approves the batch (null on a dry run). */
  accountChanges: Nullable(Int),
  approval: Nullable(Type.Union([Type.Literal('NOT_NEEDED'), Type.Literal('PENDING')])),
  errors: Type.Array(RowIssue),
  warnings: Type.Array(RowIssue),
  countsByCode: Type.Record(Type.String(), Type.Integer()),
  truncated: Type.Boolean(),
});

export const UploadReport = Type.Object({ uploadId: Str, report: ImportReport });

export const Provider = Type.Object({
  code: Str,
  kind: Str,
  shortName: Str,
  name: Str,
  vietqrCode: NullableStr,
  channels: Type.Array(Str),
});
