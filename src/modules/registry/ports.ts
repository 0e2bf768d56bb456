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
  /** Instruments created: with a new enrolment, or for a registered enrolment that had none. */
  created: number;
  /** Changes of account on registered enrolments, written as proposals for a second user. */
  proposals: number;
  /**
   * What the registry records in its history (null when only new enrolments were written, whose
   * creation history already tells their instrument): `kind` ('instrument' | 'proposal'), `id`,
   * `person_id`, `enrolment_id`, `after` (jsonb: channel, providerCode, accountNumber,
   * accountHolder, holderKind).
   */
  written: SQL | null;
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
  /** Refreshes the planner's statistics after a large import. */
  analyzeInstruments(executor: Executor): Promise<void>;
}

export interface QualityFlags {
  /** The data-quality flags of people: `person_id`, `flag`, `details`. */
  personFlagsRelation(): SQL;
}
