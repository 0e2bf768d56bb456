import { sql } from 'drizzle-orm';
import { queryOne, type Executor } from '../../db/client.js';
import { ledgerEntriesRelation } from '../ledger/ledger.service.js';

/**
 * The ledger's entries counted and summed (decimal text: years of a country's movements may pass
 * 2^53 đồng), through the ledger's published relation: what a backup records of the ledger and a
 * restore compares.
 */
export async function ledgerTotals(executor: Executor): Promise<{ entries: number; amountVnd: string }> {
  const row = await queryOne<{ entries: number; amountVnd: string }>(
    executor,
    sql`SELECT count(*)::int AS entries, COALESCE(sum(e.amount_vnd), 0)::text AS "amountVnd" FROM ${ledgerEntriesRelation()} e`,
  );
  return row!;
}
