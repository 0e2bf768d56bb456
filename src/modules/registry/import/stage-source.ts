import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { limits } from '../../../limits.js';
import type { ImportRowOptions } from '../validation/import-row.js';
import { readSheet, type SheetFormat, type SheetRow } from './reader.js';
import { recordDelimiterOf } from './csv-chunks.js';
import { chunkedCsvBatches } from './stage-chunks.js';
import { stageMessages, type StageMessage } from './staged-batches.js';
import type { StageWorkerData } from './stage.worker.js';

/**
 * Where an import's validated batches come from. A file is read in a worker thread: parsing and
 * validating a million rows takes the better part of a minute of CPU, which would otherwise stop
 * the server answering anyone else, and runs beside the database's inserts instead of taking turns
 * with them. Rows given in memory (a form) and small files are validated inline.
 */
export type StageSource = { kind: 'file'; path: string; format: SheetFormat } | { kind: 'rows'; sheet: () => AsyncIterable<SheetRow> };

/** Batches the worker may post before the importing thread has taken them (flat memory). */
const workerCreditMax = 2;

export async function* stageBatches(source: StageSource, options: ImportRowOptions): AsyncGenerator<StageMessage> {
  if (source.kind === 'rows') return yield* stageMessages(source.sheet(), options);
  if (statSync(source.path).size < limits.importWorkerBytesMin) return yield* stageMessages(readSheet(source.path, source.format), options);
  // A CSV file is read by several threads at once (stage-chunks.ts); an XLSX file is one zipped
  // stream, and a CSV file without line feeds (old Mac line ends) cannot be cut into records.
  const recordDelimiter = source.format === 'csv' ? await recordDelimiterOf(source.path) : null;
  if (recordDelimiter === null) return yield* workerBatches(source.path, source.format, options);
  const threads = Math.max(1, Math.min(limits.importThreadsMax, availableParallelism()));
  return yield* chunkedCsvBatches(source.path, recordDelimiter, options, threads, startWorker);
}

const chunkWorkerOldGenerationMb = 128;

/**
 * The worker thread. Built code loads stage.worker.js; run from TypeScript sources (tests,
 * `npm run asxh`) the thread first loads tsx, which then loads stage.worker.ts.
 */
function startWorker(workerData: StageWorkerData): Worker {
  // V8's default young generation: a larger one saved little time and added to each thread's peak
  // memory. A thread reading pieces of a CSV file holds one piece (a few MB) and a batch; without a
  // cap V8 lets garbage pile up far beyond that before collecting it, and a much lower cap makes
  // it collect all the time (docs/performance.md). A whole-sheet reader (XLSX) keeps its shared
  // strings, so it keeps V8's limit.
  const options = { workerData, ...(workerData.mode === 'chunks' ? { resourceLimits: { maxOldGenerationSizeMb: chunkWorkerOldGenerationMb } } : {}) };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./stage.worker.js', import.meta.url), options);
  const module = new URL('./stage.worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(module)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(bootstrap, { ...options, eval: true });
}

async function* workerBatches(path: string, format: SheetFormat, options: ImportRowOptions): AsyncGenerator<StageMessage> {
  const workerData: StageWorkerData = {
    mode: 'sheet', path, format, today: options.today, currentMonth: options.currentMonth, providers: [...options.providers.providers],
    batchRowsMax: limits.bulkBatchRowsMax, creditMax: workerCreditMax,
  };
  const worker = startWorker(workerData);
  const queue: StageMessage[] = [];
  let failure: Error | undefined;
  let exited = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: StageMessage) => {
    queue.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure = error;
    notify();
  });
  worker.on('exit', () => {
    exited = true;
    notify();
  });
  try {
    while (true) {
      const message = queue.shift();
      if (message) {
        yield message;
        if (message.kind === 'batch') worker.postMessage('more');
        // the importing thread raises a file's error
        if (message.kind === 'done' || message.kind === 'header' || message.kind === 'error') return;
        continue;
      }
      if (failure) throw failure;
      if (exited) throw new Error('the import worker stopped before the end of the file');
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    // Also when the import fails or is abandoned half-way: nothing keeps reading the file.
    await worker.terminate();
  }
}
