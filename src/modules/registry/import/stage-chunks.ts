import type { Worker } from 'node:worker_threads';
import { limits } from '../../../limits.js';
import { validateHeader, type ImportRowOptions } from '../validation/import-row.js';
import { csvChunks, parseChunk, type RecordDelimiter } from './csv-chunks.js';
import { emptyFileIssue, tooLargeError, type StageMessage } from './staged-batches.js';
import type { ChunkRequest, ChunkWorkerMessage, StageWorkerData } from './stage.worker.js';

/**
 * Parsing and validating a CSV file of a million rows takes far more CPU on one thread (csv-parse a
 * third of it, the checks of every row the rest) than the database needs to stage the rows. The file is therefore cut into pieces of whole records (csv-chunks.ts), which `threads`
 * worker threads parse and validate at once, each piece on its own; the batches reach the
 * importing thread in whatever order the pieces finish (every staged row and issue carries its row
 * number, and the report sorts by it).
 *
 * Memory stays flat: each thread has at most `chunksPerThreadMax` pieces it was sent whose
 * batches the importing thread has not yet taken, so a slow database holds the file back instead
 * of queueing it.
 */
const chunksPerThreadMax = 2;

export type StartWorker = (data: Extract<StageWorkerData, { mode: 'chunks' }>) => Worker;

interface Received {
  thread: number;
  message: ChunkWorkerMessage;
}

export async function* chunkedCsvBatches(
  path: string,
  recordDelimiter: RecordDelimiter,
  options: ImportRowOptions,
  threads: number,
  startWorker: StartWorker,
): AsyncGenerator<StageMessage> {
  const chunks = csvChunks(path, recordDelimiter, limits.importChunkBytes);
  const first = await chunks.next();
  if (first.done) {
    yield { kind: 'header', errors: [emptyFileIssue] };
    return;
  }
  const header = validateHeader(parseChunk(first.value, recordDelimiter)[0] ?? []);
  if (header.errors.length > 0) {
    await chunks.return(undefined);
    yield { kind: 'header', errors: header.errors };
    return;
  }
  const data = {
    mode: 'chunks' as const, columns: header.columns, recordDelimiter, today: options.today, currentMonth: options.currentMonth,
    providers: [...options.providers.providers], batchRowsMax: limits.bulkBatchRowsMax,
  };
  const workers = Array.from({ length: threads }, () => startWorker(data));
  const outstanding = workers.map(() => 0);
  const queue: Received[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let wakePump: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  workers.forEach((worker, thread) => {
    worker.on('message', (message: ChunkWorkerMessage) => {
      queue.push({ thread, message });
      notify();
    });
    worker.on('error', (error) => {
      failure ??= error;
      notify();
    });
    worker.on('exit', () => {
      failure ??= new Error('an import worker stopped before the end of the file');
      notify();
    });
  });
  let stopped = false;
  let sent = 0;
  let allSent = false;
  // Sends each piece to the thread with the fewest outstanding, waiting while all have their fill.
  const pump = (async () => {
    for await (const chunk of chunks) {
      let thread = outstanding.indexOf(Math.min(...outstanding));
      while (!stopped && outstanding[thread]! >= chunksPerThreadMax) {
        await new Promise<void>((resolve) => (wakePump = resolve));
        thread = outstanding.indexOf(Math.min(...outstanding));
      }
      if (stopped) return;
      outstanding[thread]! += 1;
      const request: ChunkRequest = { firstRow: chunk.firstRow, records: chunk.records, bytes: chunk.bytes };
      workers[thread]!.postMessage(request, [chunk.bytes.buffer as ArrayBuffer]);
      sent += 1;
    }
    allSent = true;
    notify();
  })().catch((error: unknown) => {
    failure ??= error as Error;
    notify();
  });
  try {
    let done = 0;
    let rows = 0;
    while (true) {
      const received = queue.shift();
      if (received) {
        const { thread, message } = received;
        if (message.kind === 'chunk-done') {
          done += 1;
          rows += message.rows;
          if (rows > limits.importRowsMax) throw tooLargeError();
          outstanding[thread]! -= 1;
          wakePump?.();
          wakePump = undefined;
          continue;
        }
        yield message;
        // the importing thread raises a file's error; nothing more is read
        if (message.kind === 'error') return;
        continue;
      }
      if (failure) throw failure;
      if (allSent && done === sent) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    yield { kind: 'done', rows };
  } finally {
    stopped = true;
    wakePump?.();
    await pump;
    // Also when the import fails or is abandoned half-way: nothing keeps reading the file.
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
