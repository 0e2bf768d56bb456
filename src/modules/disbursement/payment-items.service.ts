/**
 * What the modules above read of the payments in their set-based SQL: the fees module the cycle's
 * items and batches, the reports each line's payments with their outcomes.
 */
export { lineStatesCyclesRelation, lineStatesRelation, linePaymentOutcomesRelation, paymentBatchesRelation, paymentItemsRelation } from './payment-items.repository.js';
export { carryOverPaymentsRelation } from './line-payments.repository.js';
