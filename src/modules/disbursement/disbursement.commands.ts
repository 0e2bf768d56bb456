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
    database: true,
    options: { cycle: 'text', list: 'flag' },
    async run(ctx, actor, args) {
      const cycleId = argInteger(args, 'cycle');
      return args.list === true ? getBatches(ctx, actor, cycleId) : createBatches(ctx, actor, cycleId);
    },
  },
  export: {
    database: true,
    options: { cycle: 'text', provider: 'text', format: 'text', out: 'path', round: 'text' },
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
    database: true,
    options: { cycle: 'text', file: 'path' },
    run: (ctx, actor, args) => reconcileFile(ctx, actor, { cycleId: argInteger(args, 'cycle'), path: argString(args, 'file') }),
  },
  'ledger.check': {
    database: true,
    options: { cycle: 'text' },
    async run(ctx, actor, args) {
      requirePermission(actor, 'reports.read');
      return checkLedger(ctx.db.orm, args.cycle === undefined ? undefined : argInteger(args, 'cycle'));
    },
  },
  'disburse.report': {
    database: true,
    options: { cycle: 'text', out: 'path' },
    async run(ctx, actor, args) {
      const report = await reconciliationReport(ctx, actor, argInteger(args, 'cycle'));
      const out = argOptional(args, 'out');
      if (out) await writeTo(out, (output) => writeReconciliationXlsx(output, report));
      return out ? { ...report, out } : report;
    },
  },
};
