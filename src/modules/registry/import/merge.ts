import { withBulkLoad } from '../../../db/bulk.js';
import type { Executor } from '../../../db/client.js';
import { profiled } from '../../../core/profile.js';
import type { PaymentAccounts } from '../ports.js';
import {
  analyzeRegistry,
  countExpectedRows,
  countUnchangedRows,
  mergeEnrolments,
  mergePersons,
  mergeRepresentatives,
  prepareKeys,
  recordInstrumentWrites,
  stagedInstrumentsRelation,
  type MergeContext,
  type MergeState,
} from './merge.repository.js';

/**
 * Merges the surviving staged rows into the registry, set-based, inside the import's transaction
 * (the statements are in merge.repository.ts). The payment instruments belong to the accounts
 * module: the import hands them its staged rows through the registry's port (registry/ports.ts)
 * and records in its history what it wrote.
 */
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

/** Created rows from which the import refreshes the planner's statistics (cheap: ANALYZE samples). */
const analyzeAfterRows = 50_000;

async function mergeInstruments(executor: Executor, accounts: PaymentAccounts, state: MergeState, newEnrolments: number): Promise<{ created: number; proposals: number }> {
  const result = await accounts.writeImportInstruments(executor, {
    source: stagedInstrumentsRelation(),
    batchId: state.batchId,
    actor: { username: state.actor.username, userId: state.actor.userId },
    newEnrolments,
    existingEnrolments: state.existingEnrolments > 0,
  });
  if (result.written) await recordInstrumentWrites(executor, state, result.written);
  return { created: result.created, proposals: result.proposals };
}

export async function mergeIntoRegistry(executor: Executor, accounts: PaymentAccounts, context: MergeContext): Promise<MergeCounts> {
  await profiled('merge: prepare keys', () => prepareKeys(executor, context));
  const expected = await countExpectedRows(executor);
  const state: MergeState = { ...context, existingPersons: expected.existingPersons, existingEnrolments: expected.existingEnrolments };
  // A first load rebuilds secondary indexes and foreign keys instead of maintaining them row by row (db/bulk.ts).
  // Each new enrolment also brings a history row (and an instrument: the accounts module loads its own table).
  const plans = [
    { table: 'persons', newRows: expected.persons },
    { table: 'enrolments', newRows: expected.enrolments },
    { table: 'registry_history', newRows: expected.enrolments },
    { table: 'import_batch_rows', newRows: expected.enrolments },
  ];
  const { persons, enrolments, representativesChanged, instruments } = await withBulkLoad(executor, plans, async () => ({
    persons: await profiled('merge: persons', () => mergePersons(executor, state)),
    enrolments: await profiled('merge: enrolments', () => mergeEnrolments(executor, state)),
    representativesChanged: await profiled('merge: representatives', () => mergeRepresentatives(executor, state)),
    instruments: await profiled('merge: instruments', () => mergeInstruments(executor, accounts, state, expected.enrolments)),
  }));
  const unchangedRows = await countUnchangedRows(executor);
  // A first load of a province adds millions of rows: without fresh statistics the planner keeps
  // treating the tables as empty and the next searches and payrolls pick bad plans.
  if (persons.created + enrolments.created >= analyzeAfterRows) {
    await profiled('merge: analyze', async () => {
      await analyzeRegistry(executor);
      await accounts.analyzeInstruments(executor);
    });
  }
  return {
    personsCreated: persons.created,
    personsUpdated: persons.updated,
    enrolmentsCreated: enrolments.created,
    enrolmentsUpdated: enrolments.updated,
    representativesChanged,
    instrumentsCreated: instruments.created,
    proposals: instruments.proposals,
    unchangedRows,
  };
}
