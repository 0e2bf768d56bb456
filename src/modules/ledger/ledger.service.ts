/**
 * The double-entry ledger of a cycle's money as payroll and disbursement use it: the Treasury's
 * funding, what is dispatched to providers, each item's movements, and the check that every
 * account balances. Entries are appended in the caller's transaction, never updated.
 */
export { checkLedger, ledgerBalance, postDispatch, postFunding, postItemMovements, type LedgerCheck } from './ledger.repository.js';
