import type { Command as Program } from 'commander';
import { runs } from '../../cli/execute.js';

export function registerDisbursementCli(program: Program): void {
  const common = (command: Program) => command.option('--json', 'JSON output').option('--as <user>', 'run as this user (their role and area)');
  const disburse = program.command('disburse').description('Chi trả / disbursement');
  common(disburse.command('batches').requiredOption('--cycle <id>').option('--list', 'only list, do not create')).action(runs('disburse.batches'));
  common(disburse.command('report').requiredOption('--cycle <id>').option('--out <file.xlsx>')).action(runs('disburse.report'));
  common(
    program
      .command('export')
      .description('Payment file of a batch: pain.001, bulk CSV/XLSX or VNPost cash list (identical bytes when regenerated)')
      .requiredOption('--cycle <id>')
      .requiredOption('--provider <code>')
      .requiredOption('--format <format>', 'pain001, csv, xlsx or cash-list')
      .requiredOption('--out <file>')
      .option('--round <n>', 'cash follow-up round (default 1)'),
  ).action(runs('export'));
  common(
    program.command('reconcile').description('Apply a result file (pain.002, CSV results, VNPost confirmations)').requiredOption('--cycle <id>').requiredOption('--file <file>'),
  ).action(runs('reconcile'));
  const ledger = program.command('ledger').description('Sổ cái / money ledger');
  common(ledger.command('check').option('--cycle <id>')).action(runs('ledger.check'));
}
