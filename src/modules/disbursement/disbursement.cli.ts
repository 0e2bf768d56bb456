import { resolve } from 'node:path';
import type { Command as Program } from 'commander';
import { execute, type GlobalOptions } from '../../cli/execute.js';

type Options = GlobalOptions & Record<string, string | boolean | undefined>;

export function registerDisbursementCli(program: Program): void {
  const common = (command: Program) => command.option('--json', 'JSON output').option('--as <user>', 'run as this user (their role and area)');
  const disburse = program.command('disburse').description('Chi trả / disbursement');
  common(disburse.command('batches').requiredOption('--cycle <id>').option('--list', 'only list, do not create')).action((options: Options) =>
    execute('disburse.batches', { cycle: options.cycle, create: !options.list }, options),
  );
  common(disburse.command('report').requiredOption('--cycle <id>').option('--out <file.xlsx>')).action((options: Options) =>
    execute('disburse.report', { cycle: options.cycle, out: options.out ? resolve(String(options.out)) : undefined }, options),
  );
  common(
    program
      .command('export')
      .description('Payment file of a batch: pain.001, bulk CSV/XLSX or VNPost cash list (identical bytes when regenerated)')
      .requiredOption('--cycle <id>')
      .requiredOption('--provider <code>')
      .requiredOption('--format <format>', 'pain001, csv, xlsx or cash-list')
      .requiredOption('--out <file>')
      .option('--round <n>', 'cash follow-up round (default 1)'),
  ).action((options: Options) =>
    execute('export', { cycle: options.cycle, provider: options.provider, format: options.format, out: resolve(String(options.out)), round: options.round }, options),
  );
  common(
    program.command('reconcile').description('Apply a result file (pain.002, CSV results, VNPost confirmations)').requiredOption('--cycle <id>').requiredOption('--file <file>'),
  ).action((options: Options) => execute('reconcile', { cycle: options.cycle, file: resolve(String(options.file)) }, options));
  const ledger = program.command('ledger').description('Sổ cái / money ledger');
  common(ledger.command('check').option('--cycle <id>')).action((options: Options) => execute('ledger.check', { cycle: options.cycle }, options));
}
