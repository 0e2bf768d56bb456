/** What the fees module reads of the cycle's items and batches in its set-based SQL. */
export { paymentBatchesRelation, paymentItemsRelation } from './payment-items.repository.js';
