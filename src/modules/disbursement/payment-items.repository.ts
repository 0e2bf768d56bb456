import { sql, type SQL } from 'drizzle-orm';

/**
 * The cycle's payments as the fees module reads them (read-only, set-based): each item with its
 * batch, amount, channel, provider, locality and outcome, and the batches they belong to.
 */
export const paymentItemsRelation = (): SQL =>
  sql`(SELECT id, batch_id, cycle_id, amount_vnd, channel, provider_code, province_code, commune_code, outcome FROM disbursement_items)`;

export const paymentBatchesRelation = (): SQL => sql`(SELECT id, cycle_id, provider_code, channel_group, round, message_id FROM disbursement_batches)`;
