import { sql, type SQL } from 'drizzle-orm';

/**
 * The cycle's payments as the fees module reads them (read-only, set-based): each item with its
 * batch, amount, channel, provider, locality and outcome, and the batches they belong to.
 */
export const paymentItemsRelation = (): SQL =>
  sql`(SELECT id, batch_id, cycle_id, amount_vnd, channel, provider_code, province_code, commune_code, outcome FROM disbursement_items)`;

export const paymentBatchesRelation = (): SQL => sql`(SELECT id, cycle_id, provider_code, channel_group, round, message_id FROM disbursement_batches)`;

/**
 * Every payment of a payroll line with its outcome, as the reports read them (read-only): one row
 * per item and line it pays. A later payment of a line has a higher `item_id` (a cash payment
 * replacing a failed transfer comes after it); `paid_at` is when the provider says it paid.
 */
export const linePaymentOutcomesRelation = (): SQL =>
  sql`(SELECT il.line_id, i.id AS item_id, i.cycle_id, i.person_id, i.amount_vnd AS item_amount_vnd, i.channel, i.provider_code, i.commune_code,
              i.outcome, i.reason_code, i.is_final, i.paid_at, i.replaced_by_item_id
       FROM disbursement_item_lines il JOIN disbursement_items i ON i.id = il.item_id)`;
