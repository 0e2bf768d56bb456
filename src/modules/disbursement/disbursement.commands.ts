import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Type } from 'typebox';
import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { Money } from '../../app/schemas.js';
import { createBatches, getBatches } from './batches.service.js';
import { checkFileDebtor, exportBatchFile, type FileFormat } from './files.service.js';
import { exportFileName, handOverBatchOfProvider } from './handover.service.js';
import { checkLedgerAs } from './ledger-check.service.js';
import { applyHeldResults, listHeldResults } from './held.service.js';
import { reconcileFile, reconciliationReport, writeReconciliationXlsx, type ChannelGroup } from './reconcile.service.js';
import { Batch, BatchesCreated, HandOver, HeldApplyReport, HeldResult, LedgerCheck, ReconcileReport, ReconciliationReport } from './disbursement.schemas.js';

/** `disburse batches --list` lists a cycle's batches; without it, creates them (idempotent) and answers what it made. */
const BatchesListedOrCreated = Type.Union([Type.Array(Batch), BatchesCreated]);

/** What `export` wrote: the batch's file, its digest and size (the same bytes when regenerated), and where. */
const ExportedFile = Type.Object({
  batchId: Type.Integer(),
  messageId: Type.String(),
  format: Type.String(),
  sha256: Type.String(),
  bytes: Type.Integer(),
  items: Type.Integer(),
  controlSumVnd: Money(),
  regenerated: Type.Boolean(),
  out: Type.String({ description: 'The file written' }),
});

/** The reconciliation report, and the XLSX file written with `--out`. */
const ReportWritten = Type.Object({ ...ReconciliationReport.properties, out: Type.Optional(Type.String({ description: 'The XLSX file written, with --out' })) });

async function writeTo(out: string, write: (output: NodeJS.WritableStream & import('node:stream').Writable) => Promise<unknown>) {
  const output = createWriteStream(out);
  await write(output);
  if (!output.writableFinished) {
    if (!output.writableEnded) output.end();
    await once(output, 'finish');
  }
}

export const disbursementCommands: Record<string, Command> = {
  'disburse.batches': command({
    cli: ['disburse', 'batches'],
    database: true,
    options: { cycle: { kind: 'text', required: true, value: 'id' }, list: { kind: 'flag', description: 'only list, do not create' } },
    result: BatchesListedOrCreated,
    async run(ctx, actor, args) {
      const cycleId = argInteger(args, 'cycle');
      return args.list === true ? getBatches(ctx, actor, cycleId) : createBatches(ctx, actor, cycleId);
    },
  }),
  export: command({
    cli: ['export'],
    description: { en: 'Payment file of a batch: pain.001, bulk CSV/XLSX or VNPost cash list (identical bytes when regenerated)' },
    database: true,
    options: {
      cycle: { kind: 'text', required: true, value: 'id' },
      provider: { kind: 'text', required: true, value: 'code' },
      format: { kind: 'text', required: true, value: 'format', description: 'pain001, csv, xlsx or cash-list' },
      out: { kind: 'path', value: 'file', description: 'default: chi-tra-<month>-<locality>-<provider>-dot<round>.<ext> in the current folder' },
      round: { kind: 'text', value: 'n', description: 'cash follow-up round (default 1)' },
      handOver: { kind: 'flag', description: 'also hand the batch over to the provider (as `disburse hand-over`)' },
    },
    result: ExportedFile,
    async run(ctx, actor, args) {
      const input = { cycleId: argInteger(args, 'cycle'), providerCode: argString(args, 'provider').toUpperCase(), format: argString(args, 'format') as FileFormat, round: args.round === undefined ? 1 : argInteger(args, 'round') };
      // A refusal for want of a paying account leaves no (empty) file behind.
      await checkFileDebtor(ctx, actor, input);
      const out = argOptional(args, 'out') ?? (await exportFileName(ctx, actor, input));
      let result: Awaited<ReturnType<typeof exportBatchFile>> | undefined;
      await writeTo(out, async (output) => {
        result = await exportBatchFile(ctx, actor, { ...input, output, handOver: args.handOver === true });
      });
      return { ...result!, out };
    },
  }),
  'disburse.hand-over': command({
    cli: ['disburse', 'hand-over'],
    description: { en: 'Hand a batch over to its provider once its file was given to it: items SENT, the money to the provider (audited, idempotent)' },
    database: true,
    options: {
      cycle: { kind: 'text', required: true, value: 'id' },
      provider: { kind: 'text', required: true, value: 'code' },
      round: { kind: 'text', value: 'n', description: 'cash follow-up round (default 1)' },
    },
    result: HandOver,
    async run(ctx, actor, args) {
      return handOverBatchOfProvider(ctx, actor, { cycleId: argInteger(args, 'cycle'), providerCode: argString(args, 'provider').toUpperCase(), round: args.round === undefined ? 1 : argInteger(args, 'round') });
    },
  }),
  reconcile: command({
    cli: ['reconcile'],
    description: { en: 'Apply a result file (pain.002, camt.052 / camt.054 returns, CSV results, VNPost confirmations; XML by its root element)' },
    database: true,
    options: {
      cycle: { kind: 'text', required: true, value: 'id' },
      file: { kind: 'path', required: true, value: 'file' },
      provider: { kind: 'text', required: true, value: 'code', description: 'the provider the file comes from: only its items are changed (an agent: its own)' },
      channel: { kind: 'text', value: 'group', choices: ['BANK', 'WALLET', 'CASH'], description: 'the channel group of the batch the file reports on' },
    },
    result: ReconcileReport,
    run: (ctx, actor, args) =>
      reconcileFile(ctx, actor, {
        cycleId: argInteger(args, 'cycle'),
        path: argString(args, 'file'),
        providerCode: argString(args, 'provider'),
        channelGroup: (argOptional(args, 'channel') as ChannelGroup | undefined) ?? null,
      }),
  }),
  'disburse.results.held': command({
    cli: ['disburse', 'results', 'held'],
    description: { en: 'Results held until their batch is handed over (waiting and applied)' },
    database: true,
    options: { cycle: { kind: 'text', required: true, value: 'id' } },
    result: Type.Array(HeldResult),
    run: (ctx, actor, args) => listHeldResults(ctx, actor, argInteger(args, 'cycle')),
  }),
  'disburse.results.apply-held': command({
    cli: ['disburse', 'results', 'apply-held'],
    description: { en: 'Apply the held results whose batch is handed over by now (each once; also done at every hand-over)' },
    database: true,
    options: { cycle: { kind: 'text', required: true, value: 'id' } },
    result: HeldApplyReport,
    run: (ctx, actor, args) => applyHeldResults(ctx, actor, argInteger(args, 'cycle')),
  }),
  'ledger.check': command({
    cli: ['ledger', 'check'],
    database: true,
    options: { cycle: { kind: 'text', value: 'id' } },
    result: LedgerCheck,
    run: (ctx, actor, args) => checkLedgerAs(ctx.db.orm, actor, args.cycle === undefined ? undefined : argInteger(args, 'cycle')),
  }),
  'disburse.report': command({
    cli: ['disburse', 'report'],
    database: true,
    options: { cycle: { kind: 'text', required: true, value: 'id' }, out: { kind: 'path', value: 'file.xlsx' } },
    result: ReportWritten,
    async run(ctx, actor, args) {
      const out = argOptional(args, 'out');
      // Written to a file, the report is an export: the need-to-know table's export column applies.
      const report = await reconciliationReport(ctx, actor, argInteger(args, 'cycle'), out ? 'export' : 'view');
      if (out) await writeTo(out, (output) => writeReconciliationXlsx(output, report));
      return out ? { ...report, out } : report;
    },
  }),
};
