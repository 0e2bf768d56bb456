import { parentPort, workerData } from 'node:worker_threads';
import { assert } from '../../../core/assert.js';
import { isAppError } from '../../../core/errors.js';
import type { ImportColumnKey } from '../validation/import-row.js';
import { ProviderDirectory, type Provider } from '../validation/providers.js';
import { parseChunk, type RecordDelimiter } from './csv-chunks.js';
import { csvUnreadable, readSheet, type SheetFormat } from './reader.js';
import { errorMessage, RowStager, stageMessages, type StageMessage } from './staged-batches.js';

/**
 * Worker thread of an import (see stage-source.ts). Either it reads, validates and encodes a whole
 * file and posts its batches, at most `creditMax` ahead of what the importing thread has written
 * (flat memory whatever the file size); or it is one of several threads that each parse and
 * validate the pieces of a CSV file they are sent (stage-chunks.ts).
 */
interface CommonData {
  today: string;
  currentMonth: string;
  providers: Provider[];
  batchRowsMax: number;
}

export type StageWorkerData =
  | (CommonData & { mode: 'sheet'; path: string; format: SheetFormat; creditMax: number })
  | (CommonData & { mode: 'chunks'; columns: (ImportColumnKey | null)[]; recordDelimiter: RecordDelimiter });

/** A piece of a CSV file sent to a chunk worker (the bytes are transferred, not copied). */
export interface ChunkRequest {
  firstRow: number;
  records: number;
  bytes: Uint8Array;
}

/** What a chunk worker posts: the piece's batches, then that the piece is done. */
export type ChunkWorkerMessage = StageMessage | { kind: 'chunk-done'; rows: number };

const port = parentPort;
assert(port, 'stage.worker runs as a worker thread');
const data = workerData as StageWorkerData;
const options = { today: data.today, currentMonth: data.currentMonth, providers: new ProviderDirectory(data.providers) };

if (data.mode === 'chunks') {
  const { columns, recordDelimiter, batchRowsMax } = data;
  const post = (message: ChunkWorkerMessage) => port.postMessage(message);
  port.on('message', (chunk: ChunkRequest) => {
    try {
      let records: string[][];
      try {
        records = parseChunk(chunk, recordDelimiter);
      } catch (error) {
        throw csvUnreadable(chunk.firstRow + Number((error as { records?: number }).records ?? 0), error as Error);
      }
      // The splitter and the parser agree on every well-formed file (csv-chunks.ts).
      assert(records.length === chunk.records, `a piece of ${chunk.records} records parsed as ${records.length}`);
      const stager = new RowStager(columns, options, batchRowsMax);
      for (let index = 0; index < records.length; index++) {
        const batch = stager.add({ rowNumber: chunk.firstRow + index, cells: records[index]! });
        if (batch) post(batch);
      }
      const rest = stager.rest();
      if (rest) post(rest);
      post({ kind: 'chunk-done', rows: stager.rows });
    } catch (error) {
      if (!isAppError(error)) throw error;
      post(errorMessage(error));
    }
  });
} else {
  let credit = data.creditMax;
  let wake: (() => void) | undefined;
  port.on('message', (message: unknown) => {
    if (message !== 'more') return;
    credit += 1;
    wake?.();
    wake = undefined;
  });
  for await (const message of stageMessages(readSheet(data.path, data.format), options, data.batchRowsMax)) {
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
    if (message.kind === 'batch') credit -= 1;
    port.postMessage(message);
  }
  port.close();
}
