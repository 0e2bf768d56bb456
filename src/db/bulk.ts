import { sql } from 'drizzle-orm';
import { profiled } from '../core/profile.js';
import { arrayParam, queryOne, queryRows, type Executor } from './client.js';

/**
 * Bulk loads that add at least as many rows as a table already holds (a province's first import)
 * drop the table's secondary indexes and build them again afterwards. Building an index sorts the
 * rows once; maintaining it row by row under random keys does not fit the buffer cache (measured on
 * a default PostgreSQL 15: the eight indexes of `persons` turn a 0.9 s insert of 1,000,000 rows
 * into 21 s). Unique and primary-key indexes stay, as they enforce invariants during the load.
 *
 * Everything happens in the caller's transaction: a failure brings the indexes back with the rest.
 * DROP INDEX locks the table until commit, so other sessions wait for the load — acceptable for a
 * first load, which is why smaller loads keep their indexes.
 */
export interface IndexRebuildPlan {
  table: string;
  /** Rows the load will add to the table (an estimate is enough). */
  newRows: number;
}

/** Below this many new rows maintaining the indexes is cheap enough, whatever the table's size. */
export const indexRebuildRowsMin = 100_000;

export async function withSecondaryIndexesRebuilt<T>(executor: Executor, plans: readonly IndexRebuildPlan[], run: () => Promise<T>, rowsMin = indexRebuildRowsMin): Promise<T> {
  const tables: string[] = [];
  for (const plan of plans) {
    if (plan.newRows < rowsMin) continue;
    // reltuples is -1 before the first ANALYZE; a table never analysed is treated as empty.
    const size = await queryOne<{ rows: number }>(executor, sql`SELECT GREATEST(reltuples, 0)::float8 AS rows FROM pg_class WHERE oid = to_regclass(${plan.table})`);
    if (size && plan.newRows >= size.rows) tables.push(plan.table);
  }
  if (tables.length === 0) return run();
  const indexes = await queryRows<{ name: string; definition: string }>(
    executor,
    sql`SELECT ix.indexrelid::regclass::text AS name, pg_get_indexdef(ix.indexrelid) AS definition
        FROM pg_index ix
        WHERE ix.indrelid IN (SELECT to_regclass(t) FROM unnest(${arrayParam(tables)}::text[]) AS t)
          AND NOT ix.indisunique AND NOT ix.indisprimary
        ORDER BY ix.indexrelid`,
  );
  for (const index of indexes) await executor.execute(sql.raw(`DROP INDEX ${index.name}`));
  const result = await run();
  // Sorting for the rebuild gets more memory than the 64 MB default, for this transaction only.
  await executor.execute(sql`SET LOCAL maintenance_work_mem = '256MB'`);
  await profiled(`rebuild ${indexes.length} indexes of ${tables.join(', ')}`, async () => {
    for (const index of indexes) await executor.execute(sql.raw(index.definition));
  });
  return result;
}
