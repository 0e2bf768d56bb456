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

/**
 * Each paid payroll line's current payment (migration 0040, kept by triggers in the transaction of
 * every change of its payments): one row per line with at least one item — its latest item
 * (`item_id`) with channel, provider, reason and `paid_at`; `state` PAID, FAILED or RETURNED when
 * that item is final so, else OUTSTANDING; `carried` when one of its payments is owed again in a
 * later cycle (carryOverPaymentsRelation) — and the line's own cycle, units, programme, person,
 * amount and whether it was reversed. A line without items is in payroll's lines only:
 * `lineStatesCyclesRelation` counts each cycle's lines here, so that a reader looks for such lines
 * only in cycles with fewer of them than lines.
 */
export const lineStatesRelation = (): SQL =>
  sql`(SELECT line_id, cycle_id, person_id, province_code, commune_code, programme, amount_vnd, reversed, item_id, channel, provider_code,
              state, reason_code, paid_at, carried FROM line_states)`;

export const lineStatesCyclesRelation = (): SQL => sql`(SELECT cycle_id, lines FROM line_states_cycles)`;
