import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.js';
import type { Scope } from '../access/scope.js';

/** A cycle's items as listed (keyset paging), and the checks on items named by end-to-end id. */
export interface ItemDbRow {
  id: number;
  endToEndId: string;
  batchRound: number;
  personalId: string;
  fullName: string;
  communeCode: string;
  channel: string;
  providerCode: string;
  /** Decimal text. */
  amountVnd: string;
  representativeName: string | null;
  transmission: string;
  outcome: string;
  reasonCode: string | null;
  reasonText: string | null;
  isFinal: boolean;
  paidTo: string | null;
  receiptNumber: string | null;
  followUp: string | null;
}

export interface ItemFilter {
  /** A provider's agent: only that provider's items. */
  ownProvider: string | null;
  providerCode?: string;
  outcome?: string;
  channel?: string;
  communeCode?: string;
  afterId?: number;
  limit: number;
}

export async function listItemRows(executor: Executor, scope: Scope, cycleId: number, filter: ItemFilter): Promise<ItemDbRow[]> {
  return queryRows<ItemDbRow>(
    executor,
    sql`SELECT i.id::int AS id, i.end_to_end_id AS "endToEndId", b.round AS "batchRound", i.personal_id AS "personalId", i.full_name AS "fullName",
               i.commune_code AS "communeCode", i.channel, i.provider_code AS "providerCode", i.amount_vnd::text AS "amountVnd",
               i.representative_name AS "representativeName", i.transmission, i.outcome, i.reason_code AS "reasonCode", i.reason_text AS "reasonText",
               i.is_final AS "isFinal", i.paid_to AS "paidTo", i.receipt_number AS "receiptNumber", i.follow_up AS "followUp"
        FROM disbursement_items i JOIN disbursement_batches b ON b.id = i.batch_id
        WHERE i.cycle_id = ${cycleId}
          ${filter.ownProvider === null ? sql`` : sql`AND i.provider_code = ${filter.ownProvider}`}
          ${filter.providerCode ? sql`AND i.provider_code = ${filter.providerCode}` : sql``}
          ${filter.outcome ? sql`AND i.outcome = ${filter.outcome}` : sql``}
          ${filter.channel ? sql`AND i.channel = ${filter.channel}` : sql``}
          ${filter.communeCode ? sql`AND i.commune_code = ${filter.communeCode}` : sql``}
          ${scope.level === 'commune' ? sql`AND i.commune_code = ${scope.communeCode}` : sql``}
          ${filter.afterId ? sql`AND i.id > ${filter.afterId}` : sql``}
        ORDER BY i.id LIMIT ${filter.limit}`,
  );
}

/** Of the given end-to-end ids (upper case), those of items paid through another provider than `providerCode`. */
export async function endToEndIdsOfOtherProviders(executor: Executor, endToEndIds: readonly string[], providerCode: string): Promise<string[]> {
  const foreign = await queryRows<{ e2e: string }>(
    executor,
    sql`SELECT e2e FROM unnest(${sql.param(endToEndIds)}::text[]) AS t(e2e)
        JOIN disbursement_items i ON i.end_to_end_id = t.e2e WHERE i.provider_code <> ${providerCode}`,
  );
  return foreign.map((row) => row.e2e);
}
