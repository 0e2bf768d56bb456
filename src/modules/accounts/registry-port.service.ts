import { withBulkLoad } from '../../db/bulk.js';
import type { Executor } from '../../db/client.js';
import { profiled } from '../../core/profile.js';
import type { ImportAccountsApproval, ImportAccountsDecision, ImportInstrumentsBatch, ImportInstrumentsResult, PaymentAccounts } from '../registry/ports.js';
import {
  activeInstrumentsRelation,
  analyzeInstruments,
  approveImportProposals,
  cancelProposalsReplacedByImport,
  createImportWrites,
  importAccountSummary,
  importApprovalChangesRelation,
  importWritesRelation,
  insertInstrumentsOfApproval,
  insertInstrumentsOfNewEnrolments,
  insertInstrumentsOfRegisteredEnrolments,
  insertProposalsOfImport,
  insertProposalsOfNewEnrolments,
  importAccountChangesRelation,
  listInstruments,
  listPendingProposals,
  rejectImportProposals,
  supersedeInstrumentsOfApproval,
} from './registry-port.repository.js';

/** A person's instruments with their provider's name (the registry's page and the VietQR card). */
export { listInstruments } from './registry-port.repository.js';

/**
 * A different account is the easiest way to steal a beneficiary's money, and a file can carry
 * thousands: every account the import creates or changes becomes a proposal of the batch, paid
 * only once a second person approves the batch as a whole. Cash needs no account and is written
 * directly (with a new enrolment, or for a registered one that had no instrument).
 */
async function writeImportInstruments(executor: Executor, batch: ImportInstrumentsBatch): Promise<ImportInstrumentsResult> {
  const { source } = batch;
  // A first load rebuilds the tables' secondary indexes and foreign keys instead of maintaining them row by row (db/bulk.ts).
  const plans = [
    { table: 'payment_instruments', newRows: batch.newEnrolments },
    { table: 'instrument_proposals', newRows: batch.newEnrolments },
  ];
  const withEnrolment = await withBulkLoad(executor, plans, async () => ({
    created: await profiled('instruments: new enrolments (cash)', () => insertInstrumentsOfNewEnrolments(executor, source, batch.batchId)),
    proposals: await profiled('instruments: new enrolments (accounts)', () => insertProposalsOfNewEnrolments(executor, source, batch)),
  }));
  // Everything below concerns enrolments registered before.
  if (!batch.existingEnrolments) return { ...withEnrolment, written: null };
  await createImportWrites(executor);
  await cancelProposalsReplacedByImport(executor, source, batch.actor.username);
  const createdAlone = await insertInstrumentsOfRegisteredEnrolments(executor, source, batch.batchId);
  const proposals = await insertProposalsOfImport(executor, source, batch);
  return { created: withEnrolment.created + createdAlone, proposals: withEnrolment.proposals + proposals, written: importWritesRelation() };
}

/** All of the batch's pending accounts at once: three set-based statements in the caller's transaction. */
async function approveImportAccounts(executor: Executor, decision: ImportAccountsDecision): Promise<ImportAccountsApproval> {
  const approved = await approveImportProposals(executor, decision);
  const replaced = await supersedeInstrumentsOfApproval(executor);
  const activated = await withBulkLoad(executor, [{ table: 'payment_instruments', newRows: approved }], () =>
    profiled('approval: instruments', () => insertInstrumentsOfApproval(executor, decision)),
  );
  return { activated, replaced, changes: importApprovalChangesRelation() };
}

/** What the accounts module provides to the registry (registry/ports.ts), wired in src/app/context.ts. */
export const paymentAccountsOfRegistry: PaymentAccounts = {
  activeInstrumentsRelation,
  listInstruments,
  listPendingProposals,
  writeImportInstruments,
  importAccountSummary,
  approveImportAccounts,
  rejectImportAccounts: rejectImportProposals,
  importAccountChangesRelation,
  analyzeInstruments,
};
