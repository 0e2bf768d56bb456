/** Chi trả & đối soát: the module lives in ./disbursement (batches, files, results, cash confirmations, ledger). */
export { default } from './disbursement/DisbursementModule';
