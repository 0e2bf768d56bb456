/**
 * The double-entry ledger of a cycle's money as payroll and disbursement use it: the Treasury's
 * funding, what is dispatched to providers, each item's movements, and the entries as a read-only
 * relation (disbursement checks every account against its items with it). Entries are appended
 * in the caller's transaction, never updated.
 */
export {
  cycleMovements, ledgerBalance, ledgerEntriesRelation, postCorrectionMovements, postDispatch, postFunding, postItemMovements, postSettlement, type CycleMovements,
} from './ledger.repository.js';
