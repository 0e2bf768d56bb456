import { withBulkLoad } from '../../db/bulk.js';
import type { Executor } from '../../db/client.js';
import { profiled } from '../../core/profile.js';
import type { ImportInstrumentsBatch, ImportInstrumentsResult, PaymentAccounts } from '../registry/ports.js';
import {
  activeInstrumentsRelation,
  analyzeInstruments,
  cancelProposalsReplacedByImport,
  createImportWrites,
  importWritesRelation,
  insertInstrumentsOfNewEnrolments,
  insertInstrumentsOfRegisteredEnrolments,
  insertProposalsOfImport,
  listInstruments,
  listPendingProposals,
} from './registry-port.repository.js';

/** A person's instruments with their provider's name (the registry's page and the VietQR card). */
export { listInstruments } from './registry-port.repository.js';

/**
 * A new enrolment gets its instrument directly (collected, to be verified). A different account on
 * a registered enrolment is the easiest way to steal a beneficiary's money, so it becomes a
 * proposal that another user must approve — never a change.
 */
async function writeImportInstruments(executor: Executor, batch: ImportInstrumentsBatch): Promise<ImportInstrumentsResult> {
  const { source } = batch;
  // A first load rebuilds the table's secondary indexes and foreign keys instead of maintaining them row by row (db/bulk.ts).
  const createdWithEnrolment = await withBulkLoad(executor, [{ table: 'payment_instruments', newRows: batch.newEnrolments }], () =>
    profiled('instruments: new enrolments', () => insertInstrumentsOfNewEnrolments(executor, source)),
  );
  // Everything below concerns enrolments registered before.
  if (!batch.existingEnrolments) return { created: createdWithEnrolment, proposals: 0, written: null };
  await createImportWrites(executor);
  const createdAlone = await insertInstrumentsOfRegisteredEnrolments(executor, source);
  await cancelProposalsReplacedByImport(executor, source, batch.actor.username);
  const proposals = await insertProposalsOfImport(executor, source, batch);
  return { created: createdWithEnrolment + createdAlone, proposals, written: importWritesRelation() };
}

/** What the accounts module provides to the registry (registry/ports.ts), wired in src/app/context.ts. */
export const paymentAccountsOfRegistry: PaymentAccounts = {
  activeInstrumentsRelation,
  listInstruments,
  listPendingProposals,
  writeImportInstruments,
  analyzeInstruments,
};
