import { sql } from 'drizzle-orm';
import { profiled } from '../core/profile.js';
import { limits } from '../limits.js';
import { arrayParam, queryOne, queryRows, type Executor } from './client.js';

/**
 * Bulk loads that add at least as many rows as a table already holds (a province's first import)
 * take the table's secondary indexes and foreign keys off and put them back afterwards, as
 * PostgreSQL's "Populating a Database" advises:
 *  - building an index sorts the rows once; maintaining it row by row under random keys does not
 *    fit the buffer cache, and a million-row insert becomes many times slower;
 *  - a foreign key checks each inserted row with its own query and row lock; adding the key back
 *    validates every row in one join.
 * Nothing is given up: the keys are validated and the indexes rebuilt before the transaction
 * commits, so a row that breaks them fails the whole load. Unique and primary-key indexes stay,
 * as they enforce invariants the load itself relies on.
 *
 * Everything happens in the caller's transaction: a failure brings the indexes and keys back with
 * the rest. DROP INDEX and DROP CONSTRAINT lock the table (and a key's referenced table) until
 * commit, so other sessions wait for the load — acceptable for a first load, which is why smaller
 * loads keep both.
 */
export interface BulkLoadPlan {
  table: string;
  /** Rows the load will add to the table (an estimate is enough). */
  newRows: number;
  /**
   * Unique indexes (not constraints) the load may take off too, when it does not read them
   * itself: rebuilding one checks its rule over every row, the new ones included, before the
   * transaction commits, and a duplicate fails the whole load as it would have failed the insert;
   * no other session writes meanwhile (DROP INDEX locks the table until commit). Maintaining a
   * unique index row by row is what grows faster than the load once the index no longer fits the
   * buffer cache.
   */
  uniqueIndexes?: readonly string[];
}


interface Definition {
  table: string;
  name: string;
  definition: string;
}

export async function withBulkLoad<T>(executor: Executor, plans: readonly BulkLoadPlan[], run: () => Promise<T>, rowsMin = limits.bulkLoadRowsMin): Promise<T> {
  const tables: string[] = [];
  for (const plan of plans) {
    if (plan.newRows < rowsMin) continue;
    // reltuples is -1 before the first ANALYZE; a table never analysed is treated as empty.
    const size = await queryOne<{ rows: number }>(executor, sql`SELECT GREATEST(reltuples, 0)::float8 AS rows FROM pg_class WHERE oid = to_regclass(${plan.table})`);
    if (size && plan.newRows >= size.rows) tables.push(plan.table);
  }
  if (tables.length === 0) return run();
  const relations = sql`(SELECT to_regclass(t) FROM unnest(${arrayParam(tables)}::text[]) AS t)`;
  const uniqueIndexes = plans.filter((plan) => tables.includes(plan.table)).flatMap((plan) => plan.uniqueIndexes ?? []);
  const indexes = await queryRows<Definition>(
    executor,
    sql`SELECT ix.indrelid::regclass::text AS table, ix.indexrelid::regclass::text AS name, pg_get_indexdef(ix.indexrelid) AS definition
        FROM pg_index ix
        WHERE ix.indrelid IN ${relations} AND NOT ix.indisprimary
          AND (NOT ix.indisunique OR ix.indexrelid::regclass::text = ANY(${arrayParam(uniqueIndexes)}::text[]))
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
        ORDER BY ix.indexrelid`,
  );
  const foreignKeys = await queryRows<Definition>(
    executor,
    sql`SELECT c.conrelid::regclass::text AS table, quote_ident(c.conname) AS name, pg_get_constraintdef(c.oid) AS definition
        FROM pg_constraint c
        WHERE c.conrelid IN ${relations} AND c.contype = 'f'
        ORDER BY c.oid`,
  );
  for (const key of foreignKeys) await executor.execute(sql.raw(`ALTER TABLE ${key.table} DROP CONSTRAINT ${key.name}`));
  for (const index of indexes) await executor.execute(sql.raw(`DROP INDEX ${index.name}`));
  const result = await run();
  // Sorting for the rebuild gets more memory than the 64 MB default, for this transaction only.
  await executor.execute(sql`SET LOCAL maintenance_work_mem = '256MB'`);
  await profiled(`rebuild ${indexes.length} indexes of ${tables.join(', ')}`, async () => {
    for (const index of indexes) await profiled(`  index ${index.name}`, () => executor.execute(sql.raw(index.definition)));
  });
  await profiled(`validate ${foreignKeys.length} foreign keys`, async () => {
    for (const key of foreignKeys) await profiled(`  key ${key.table}.${key.name}`, () => executor.execute(sql.raw(`ALTER TABLE ${key.table} ADD CONSTRAINT ${key.name} ${key.definition}`)));
  });
  return result;
}

/**
 * Settings for a transaction of set-based bulk statements (imports, payroll generation, result
 * ingestion, quality checks): hash joins and sorts over a million rows spill to disk at the
 * default 4 MB of work memory, and compiling these one-off statements (JIT) costs more than it
 * saves. Both are SET LOCAL: this transaction only.
 */
export async function useBulkSettings(executor: Executor, workMem: '64MB' | '256MB' = '256MB'): Promise<void> {
  await executor.execute(sql.raw(`SET LOCAL work_mem = '${workMem}'`));
  await executor.execute(sql`SET LOCAL jit = off`);
}

/**
 * Runs `run` with nested-loop joins off, for a statement whose joins the planner cannot estimate
 * (ranges of months and ages) and would otherwise loop over a million rows. SET LOCAL: the setting
 * is put back after `run`; a failure aborts the transaction, which discards it anyway.
 */
export async function withoutNestedLoops<T>(executor: Executor, run: () => Promise<T>): Promise<T> {
  const before = await queryOne<{ value: string }>(executor, sql`SELECT current_setting('enable_nestloop') AS value`);
  await executor.execute(sql`SET LOCAL enable_nestloop = off`);
  const result = await run();
  await executor.execute(sql`SELECT set_config('enable_nestloop', ${before?.value ?? 'on'}, true)`);
  return result;
}
