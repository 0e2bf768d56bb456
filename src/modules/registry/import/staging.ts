import type { Executor } from '../../../db/client.js';
import type { StageMessage } from './staged-batches.js';
import { insertStagedIssues, insertStagedRows } from './staging.repository.js';

/**
 * Writes the batches of staged-batches.ts into the staging tables (staging.repository.ts). The
 * batch being written overlaps the reading of the next one (on PostgreSQL the server inserts while
 * the worker parses); at most one is in flight, and its failure surfaces at the next write or at
 * `flush`.
 */
export class StagingWriter {
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly executor: Executor) {}

  async write(batch: Extract<StageMessage, { kind: 'batch' }>): Promise<void> {
    await this.inFlight;
    const writing = this.insert(batch);
    // Marked handled here; the error is rethrown where `inFlight` is awaited.
    writing.catch(() => undefined);
    this.inFlight = writing;
  }

  async flush(): Promise<void> {
    await this.inFlight;
  }

  private async insert(batch: Extract<StageMessage, { kind: 'batch' }>): Promise<void> {
    if (batch.count > 0) await insertStagedRows(this.executor, batch);
    if (batch.issues.length > 0) await insertStagedIssues(this.executor, batch.issues);
  }
}
