import { parentPort, workerData } from 'node:worker_threads';
import { assert } from '../../../core/assert.js';
import { ProviderDirectory, type Provider } from '../validation/providers.js';
import { readSheet, type SheetFormat } from './reader.js';
import { stageMessages } from './staged-batches.js';

/**
 * Worker thread of an import (see stage-source.ts): reads, validates and encodes the file and
 * posts its batches, at most `creditMax` ahead of what the importing thread has written, so memory
 * stays flat whatever the file size.
 */
export interface StageWorkerData {
  path: string;
  format: SheetFormat;
  today: string;
  currentMonth: string;
  providers: Provider[];
  batchRowsMax: number;
  creditMax: number;
}

const port = parentPort;
assert(port, 'stage.worker runs as a worker thread');
const data = workerData as StageWorkerData;
let credit = data.creditMax;
let wake: (() => void) | undefined;
port.on('message', (message: unknown) => {
  if (message !== 'more') return;
  credit += 1;
  wake?.();
  wake = undefined;
});

const options = { today: data.today, currentMonth: data.currentMonth, providers: new ProviderDirectory(data.providers) };
for await (const message of stageMessages(readSheet(data.path, data.format), options, data.batchRowsMax)) {
  while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
  if (message.kind === 'batch') credit -= 1;
  port.postMessage(message);
}
port.close();
