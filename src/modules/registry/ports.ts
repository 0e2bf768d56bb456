import type { SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';

/**
 * What the registry needs from modules above it: the payment accounts (module `accounts`, which
 * owns `payment_instruments` and `instrument_proposals`) and the data-quality flags (module
 * `quality`, `dq_flags`). The registry may not import them, so it declares here what it reads and
 * writes, and the composition (src/app/context.ts) provides the implementations. A relation is a
 * read-only subquery for set-based SQL, with exactly the columns listed.
 */

/** A payment instrument as the beneficiary's page shows it. */
export interface InstrumentRow {
  id: number;
  enrolmentId: number;
  channel: string;
  providerCode: string;
  providerName: string | null;
  accountNumber: string | null;
  accountHolder: string | null;
  holderKind: 'SELF' | 'REPRESENTATIVE';
  verification: string;
  verificationNote: string | null;
  verifiedAt: string | null;
  needsReverification: boolean;
  active: boolean;
  createdAt: string;
  supersededAt: string | null;
}

/** A change of account waiting for a second user's decision. */
export interface PendingProposalRow {
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

/**
 * The payment instruments of one import, handed to the accounts module as a source relation of
 * staged rows (one per surviving row) with the columns `enrolment_id`, `person_id`,
 * `enrolment_is_new`, `channel`, `provider_code`, `account_number`, `account_holder`,
 * `holder_folded`, `holder_kind`, `representative_id`, `effective_month`, `province_code`,
 * `commune_code`.
 */
export interface ImportInstrumentsBatch {
  source: SQL;
  batchId: number;
  actor: { username: string; userId: number | null };
  /** Rows of enrolments the import creates (each brings its instrument): sizes the bulk load. */
  newEnrolments: number;
  /** Whether any row's enrolment was registered before; otherwise only new instruments are written. */
  existingEnrolments: boolean;
}

export interface ImportInstrumentsResult {
  /**
   * Cash instruments created (no account): with a new enrolment, or for a registered enrolment
   * that had none. Paid at once: nothing to steal.
   */
  created: number;
  /**
   * Accounts the import creates or changes, written as proposals of the batch: none is paid
   * before a second person approves the batch as a whole.
   */
  proposals: number;
  /**
   * What the registry records in its history (null when only new enrolments were written, whose
   * creation history already tells their instrument): `kind` ('instrument' | 'proposal'), `id`,
   * `person_id`, `enrolment_id`, `after` (jsonb: channel, providerCode, accountNumber,
   * accountHolder, holderKind).
   */
  written: SQL | null;
}

/** The account changes an import wrote and the smallest locality holding them (null: more than one). */
export interface ImportAccountSummary {
  count: number;
  provinceCode: string | null;
  communeCode: string | null;
}

/** A decision on an import's account changes, taken as a whole. */
export interface ImportAccountsDecision {
  batchId: number;
  actor: { username: string; userId: number | null };
  /** The month a change of an existing account is shown as effective from (the next payroll month). */
  effectiveMonth: string;
}

export interface ImportAccountsApproval {
  /** Accounts now paid. */
  activated: number;
  /** Instruments they replaced, no longer paid. */
  replaced: number;
  /**
   * The replacements, for the registry's history (new accounts are told by their creation's row
   * and the batch's decision): `person_id`, `id` (the new instrument), `before`, `after` (jsonb).
   */
  changes: SQL;
}

export interface PaymentAccounts {
  /**
   * Active instruments: `person_id`, `enrolment_id`, `channel`, `provider_code`,
   * `account_number`, `holder_kind`, `representative_id`.
   */
  activeInstrumentsRelation(): SQL;
  /** A person's instruments, active first, newest first. */
  listInstruments(executor: Executor, personId: number): Promise<InstrumentRow[]>;
  /** A person's pending proposals, oldest first. */
  listPendingProposals(executor: Executor, personId: number): Promise<PendingProposalRow[]>;
  /**
   * Writes the import's instruments in the import's transaction: a new enrolment gets its
   * instrument directly; a registered enrolment without one gets it too; a different account on a
   * registered enrolment becomes a proposal (the previous pending one of the enrolment cancelled).
   * Unchanged accounts write nothing.
   */
  writeImportInstruments(executor: Executor, batch: ImportInstrumentsBatch): Promise<ImportInstrumentsResult>;
  /** The pending account changes of an import batch. */
  importAccountSummary(executor: Executor, batchId: number): Promise<ImportAccountSummary>;
  /**
   * Activates every pending account of the batch at once (set-based), deactivating the instruments
   * they replace. The batch must already be recorded as approved (the database refuses otherwise).
   */
  approveImportAccounts(executor: Executor, decision: ImportAccountsDecision): Promise<ImportAccountsApproval>;
  /** Rejects every pending account of the batch; returns how many. */
  rejectImportAccounts(executor: Executor, decision: ImportAccountsDecision & { reason: string }): Promise<number>;
  /**
   * The batch's account changes (proposals, any status): `id`, `person_id`, `enrolment_id`,
   * `province_code`, `commune_code`, `status`, `channel`, `provider_code`, `account_number`,
   * `account_holder`, and the instrument in use when the file was imported: `old_channel`,
   * `old_provider_code`, `old_account_number`, `old_account_holder` (null when none).
   */
  importAccountChangesRelation(batchId: number): SQL;
  /** Refreshes the planner's statistics after a large import. */
  analyzeInstruments(executor: Executor): Promise<void>;
}

export interface QualityFlags {
  /** The data-quality flags of people: `person_id`, `flag`, `details`. */
  personFlagsRelation(): SQL;
}
