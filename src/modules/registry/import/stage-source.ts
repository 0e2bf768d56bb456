import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../core/errors.js';
import { limits } from '../../../limits.js';
import type { ImportRowOptions } from '../validation/import-row.js';
import { readSheet, type SheetFormat, type SheetRow } from './reader.js';
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

export function stageBatches(source: StageSource, options: ImportRowOptions): AsyncGenerator<StageMessage> {
  if (source.kind === 'rows') return stageMessages(source.sheet(), options);
  if (statSync(source.path).size < limits.importWorkerBytesMin) return stageMessages(readSheet(source.path, source.format), options);
  return workerBatches(source.path, source.format, options);
}

/**
 * The worker thread. Built code loads stage.worker.js; run from TypeScript sources (tests,
 * `npm run asxh`) the thread first loads tsx, which then loads stage.worker.ts.
 */
function startWorker(workerData: StageWorkerData): Worker {
  // Parsing makes many short-lived strings: a young generation of 64 MB instead of V8's 16 MB
  // takes a tenth off the reading of a million rows (measured: 22.9 s → 20.7 s).
  const options = { workerData, resourceLimits: { maxYoungGenerationSizeMb: 64 } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./stage.worker.js', import.meta.url), options);
  const module = new URL('./stage.worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(module)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(bootstrap, { ...options, eval: true });
}

async function* workerBatches(path: string, format: SheetFormat, options: ImportRowOptions): AsyncGenerator<StageMessage> {
  const workerData: StageWorkerData = {
    path, format, today: options.today, currentMonth: options.currentMonth, providers: [...options.providers.providers],
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
        if (message.kind === 'error') {
          const { code, status, vi, en, details } = message.error;
          throw new AppError(code, status, { vi, en }, details);
        }
        yield message;
        if (message.kind === 'batch') worker.postMessage('more');
        if (message.kind === 'done' || message.kind === 'header') return;
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
