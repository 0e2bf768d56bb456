import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { argInteger, argOptional, argString, type Command } from '../../app/command.js';
import { requirePermission } from '../access/permissions.js';
import { createBatches, getBatches } from './batches.service.js';
import { exportBatchFile, type FileFormat } from './files.service.js';
import { checkLedger } from '../ledger/ledger.service.js';
import { reconcileFile, reconciliationReport, writeReconciliationXlsx } from './reconcile.service.js';

async function writeTo(out: string, write: (output: NodeJS.WritableStream & import('node:stream').Writable) => Promise<unknown>) {
  const output = createWriteStream(out);
  await write(output);
  if (!output.writableFinished) {
    if (!output.writableEnded) output.end();
    await once(output, 'finish');
  }
}

export const disbursementCommands: Record<string, Command> = {
  'disburse.batches': {
    cli: ['disburse', 'batches'],
    database: true,
    options: { cycle: { kind: 'text', required: true, value: 'id' }, list: { kind: 'flag', description: 'only list, do not create' } },
    async run(ctx, actor, args) {
      const cycleId = argInteger(args, 'cycle');
      return args.list === true ? getBatches(ctx, actor, cycleId) : createBatches(ctx, actor, cycleId);
    },
  },
  export: {
    cli: ['export'],
    description: { en: 'Payment file of a batch: pain.001, bulk CSV/XLSX or VNPost cash list (identical bytes when regenerated)' },
    database: true,
    options: {
      cycle: { kind: 'text', required: true, value: 'id' },
      provider: { kind: 'text', required: true, value: 'code' },
      format: { kind: 'text', required: true, value: 'format', description: 'pain001, csv, xlsx or cash-list' },
      out: { kind: 'path', required: true, value: 'file' },
      round: { kind: 'text', value: 'n', description: 'cash follow-up round (default 1)' },
    },
    async run(ctx, actor, args) {
      const out = argString(args, 'out');
      let result: unknown;
      await writeTo(out, async (output) => {
        result = await exportBatchFile(ctx, actor, {
          cycleId: argInteger(args, 'cycle'),
          providerCode: argString(args, 'provider').toUpperCase(),
          format: argString(args, 'format') as FileFormat,
          round: args.round === undefined ? 1 : argInteger(args, 'round'),
          output,
        });
      });
      return { ...(result as object), out };
    },
  },
  reconcile: {
    cli: ['reconcile'],
    description: { en: 'Apply a result file (pain.002, CSV results, VNPost confirmations)' },
    database: true,
    options: { cycle: { kind: 'text', required: true, value: 'id' }, file: { kind: 'path', required: true, value: 'file' } },
    run: (ctx, actor, args) => reconcileFile(ctx, actor, { cycleId: argInteger(args, 'cycle'), path: argString(args, 'file') }),
  },
  'ledger.check': {
    cli: ['ledger', 'check'],
    database: true,
    options: { cycle: { kind: 'text', value: 'id' } },
    async run(ctx, actor, args) {
      requirePermission(actor, 'reports.read');
      return checkLedger(ctx.db.orm, args.cycle === undefined ? undefined : argInteger(args, 'cycle'));
    },
  },
  'disburse.report': {
    cli: ['disburse', 'report'],
    database: true,
    options: { cycle: { kind: 'text', required: true, value: 'id' }, out: { kind: 'path', value: 'file.xlsx' } },
    async run(ctx, actor, args) {
      const report = await reconciliationReport(ctx, actor, argInteger(args, 'cycle'));
      const out = argOptional(args, 'out');
      if (out) await writeTo(out, (output) => writeReconciliationXlsx(output, report));
      return out ? { ...report, out } : report;
    },
  },
};
