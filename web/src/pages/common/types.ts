import type { Vnd } from '../../money';

/**
 * Shapes of the registry, import, review and accounts API responses (src/modules/registry,
 * population, quality and accounts). Only what the pages read.
 */

export interface BeneficiaryListItem {
  id: number;
  /** Full for roles with `registry.readSensitive`, otherwise •••••••1234. */
  personalId: string;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  phone: string | null;
  communeCode: string;
  communeName: string | null;
  deathDate: string | null;
  enrolments: { category: string; programme: string; status: string }[];
  channels: string[];
  flags: string[];
}

export interface BeneficiaryPage {
  items: BeneficiaryListItem[];
  nextBeforeId: number | null;
}

export interface Person {
  id: number;
  personalId: string;
  legacyId: string | null;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  phone: string | null;
  provinceCode: string;
  communeCode: string;
  communeName: string | null;
  address: string | null;
  deathDate: string | null;
  version: number;
}

export interface Enrolment {
  id: number;
  programme: string;
  category: string;
  childrenCount: number | null;
  injuryRate: number | null;
  decisionNumber: string;
  decisionDate: string;
  decisionAuthority: string | null;
  firstMonth: string;
  paidThroughMonth: string | null;
  status: string;
  statusReason: string | null;
  statusEventDate: string | null;
  statusEffectiveMonth: string | null;
  provinceCode: string;
  communeCode: string;
  version: number;
  suspensions: { from: string; to: string | null; arrearsDue: boolean }[];
}

export interface Representative {
  id: number;
  kind: string;
  fullName: string;
  personalId: string;
  relationship: string | null;
  validUntil: string | null;
  active: boolean;
}

export interface Instrument {
  id: number;
  enrolmentId: number;
  channel: string;
  providerCode: string;
  providerName: string | null;
  accountNumber: string | null;
  accountHolder: string | null;
  holderKind: string;
  verification: string;
  verificationNote: string | null;
  verifiedAt: string | null;
  needsReverification: boolean;
  active: boolean;
  createdAt: string;
  supersededAt: string | null;
}

export interface PendingProposal {
  id: number;
  enrolmentId: number;
  channel: string;
  providerCode: string;
  accountNumber: string | null;
  accountHolder: string | null;
  source: string;
  proposedBy: string;
  proposedAt: string;
}

export interface AmountBreakdownItem {
  category: string;
  coefficientX10: number | null;
  baseLevelVnd: Vnd | null;
  componentVnd: Vnd;
  note: string;
}

export interface AmountLine {
  programme: string;
  category: string;
  amountVnd: Vnd;
  breakdown: AmountBreakdownItem[];
}

export interface AmountDue {
  month: string;
  totalVnd: Vnd;
  lines: AmountLine[];
  excluded: { programme: string; category: string; reason: string }[];
}

export interface HistoryEntry {
  id: number;
  entityType: string;
  entityId: number;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  actor: string;
  at: string;
  importBatchId: number | null;
}

export interface BeneficiaryDetail {
  person: Person;
  enrolments: Enrolment[];
  representatives: Representative[];
  instruments: Instrument[];
  activeInstruments: Instrument[];
  pendingProposals: PendingProposal[];
  amountDue: { current: AmountDue; next: AmountDue };
  flags: { flag: string; details: Record<string, unknown> }[];
  history: HistoryEntry[];
}

/** One error or warning of an import (or of the form, which is a one-row import). */
export interface RowIssue {
  row: number;
  field: string;
  code: string;
  message: string;
  messageEn: string;
}

export interface MergeCounts {
  personsCreated: number;
  personsUpdated: number;
  enrolmentsCreated: number;
  enrolmentsUpdated: number;
  representativesChanged: number;
  instrumentsCreated: number;
  proposals: number;
  unchangedRows: number;
}

export interface ImportReport {
  file: string;
  fileSha256: string;
  dryRun: boolean;
  batchId: number | null;
  rows: number;
  accepted: number;
  rejected: number;
  changes: MergeCounts | null;
  /** Accounts the file creates or changes: none is paid before a second person approves the batch (null on a preview). */
  accountChanges: number | null;
  approval: 'NOT_NEEDED' | 'PENDING' | null;
  errors: RowIssue[];
  warnings: RowIssue[];
  countsByCode: Record<string, number>;
  truncated: boolean;
}

/** GET /api/v1/import-batches: an import and the decision on its accounts. */
export interface ImportBatch {
  batchId: number;
  approval: 'NOT_NEEDED' | 'PENDING' | 'APPROVED' | 'REJECTED';
  accountChanges: number;
  decided: number;
  replaced: number;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  fileName: string;
  importedBy: string;
  importedAt: string;
  rows?: number;
  accepted?: number;
}

/** One account change of an import: the account in use (null: none) and the file's. */
export interface ImportAccountChange {
  id: number;
  personalId: string;
  fullName: string;
  communeCode: string;
  category: string;
  status: string;
  channel: string;
  providerCode: string;
  accountNumber: string | null;
  accountHolder: string | null;
  oldChannel: string | null;
  oldProviderCode: string | null;
  oldAccountNumber: string | null;
  oldAccountHolder: string | null;
}

/** GET /api/v1/import-batches/{id}/changes */
export interface ImportChanges {
  batch: ImportBatch;
  changes: ImportAccountChange[];
  nextAfter: number | null;
}

export interface ImportResponse {
  uploadId: string;
  report: ImportReport;
}

export interface Provider {
  code: string;
  kind: string;
  shortName: string;
  name: string;
  channels: string[];
}

/** GET /api/v1/accounts/proposals */
export interface AccountProposal {
  id: number;
  personalId: string;
  fullName: string;
  communeCode: string;
  category: string;
  status: string;
  source: string;
  channel: string;
  providerCode: string;
  accountNumber: string | null;
  accountHolder: string | null;
  holderKind: string;
  oldChannel: string | null;
  oldProviderCode: string | null;
  oldAccountNumber: string | null;
  oldAccountHolder: string | null;
  /** The account-name inquiry at proposal time (ACTIVE, CLOSED, BLOCKED, UNKNOWN), when the service answered. */
  verification: { status?: string; accountName?: string | null; nameMatches?: boolean; checkedAt?: string } | null;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

export interface ReviewItem {
  id: number;
  kind: string;
  status: string;
  personId: number;
  personalId: string;
  fullName: string;
  birthDate: string;
  communeCode: string;
  communeName: string | null;
  currentValue: Record<string, unknown>;
  proposed: Record<string, unknown>;
  checkedAt: string;
  runId: string;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
}

export interface ReviewPage {
  items: ReviewItem[];
  nextBeforeId: number | null;
}

export interface FlagSummary {
  counts: Record<string, number>;
  total: number;
  computedAt: string | null;
}

export interface PopulationVerifyResult {
  runId: string;
  checked: number;
  match: number;
  nameMismatch: number;
  dobMismatch: number;
  deceased: number;
  moved: number;
  notFound: number;
  errors: number;
  reviewItemsCreated: number;
}

export interface AccountVerifyResult {
  runId: string;
  checked: number;
  idVerified: number;
  accountVerified: number;
  rejected: { closed: number; blocked: number; unknown: number; nameMismatch: number };
  notIdentityChecked: number;
  identityNotMatched: number;
  errors: number;
}
