import { sql } from 'drizzle-orm';
import { queryOne, type Executor } from '../../../db/client.js';

/** An import that writes (not a dry run) is recorded as a batch; its counts are set when it ends. */
export async function insertImportBatch(executor: Executor, batch: { fileName: string; fileSha256: string; actor: string }): Promise<number> {
  const row = await queryOne<{ id: string }>(
    executor,
    sql`INSERT INTO import_batches (file_name, file_sha256, actor, dry_run) VALUES (${batch.fileName}, ${batch.fileSha256}, ${batch.actor}, false) RETURNING id`,
  );
  return Number(row!.id);
}

export interface ImportBatchCounts {
  rows: number;
  accepted: number;
  rejected: number;
  created: number;
  updated: number;
  unchanged: number;
  proposals: number;
}

export async function finishImportBatch(executor: Executor, batchId: number, counts: ImportBatchCounts): Promise<void> {
  await executor.execute(sql`
    UPDATE import_batches SET rows = ${counts.rows}, accepted = ${counts.accepted}, rejected = ${counts.rejected},
      created = ${counts.created}, updated = ${counts.updated},
      unchanged = ${counts.unchanged}, proposals = ${counts.proposals}, finished_at = now()
    WHERE id = ${batchId}`);
}
