import type { Command as Program } from 'commander';
import { runs } from '../../cli/execute.js';

export function registerPayrollCli(program: Program): void {
  const payroll = program.command('payroll').description('Danh sách chi trả hằng tháng / monthly payroll');
  const common = (command: Program) => command.option('--json', 'JSON output').option('--as <user>', 'run as this user (their role and area)');

  common(
    payroll
      .command('generate')
      .requiredOption('--month <YYYY-MM>', 'payment month')
      .requiredOption('--unit <code>', 'province (2 digits) or commune (5 digits)')
      .option('--programme <code>', 'TGXH, NCC or HTXH (default: all in one cycle)')
      .option('--months <n>', 'pay 2 months together (Tết)')
      .option('--regenerate', 'rebuild a draft cycle from the current registry'),
  ).action(runs('payroll.generate'));
  common(payroll.command('lines').requiredOption('--cycle <id>').option('--commune <code>')).action(runs('payroll.lines'));
  common(
    payroll
      .command('audit')
      .description('mỗi người, mỗi tháng: đã chi so với quy định, qua mọi kỳ / every person and month: paid against the rules, across cycles')
      .requiredOption('--unit <code>', 'province or commune code')
      .requiredOption('--from <YYYY-MM>')
      .requiredOption('--to <YYYY-MM>'),
  ).action(runs('payroll.audit'));
  common(payroll.command('diff').description('increases, decreases, adjustments and warnings').requiredOption('--cycle <id>')).action(runs('payroll.diff'));
  for (const action of ['submit', 'approve'] as const) {
    common(payroll.command(action).requiredOption('--cycle <id>').option('--comment <text>')).action(runs(`payroll.${action}`));
  }
  common(payroll.command('reject').requiredOption('--cycle <id>').requiredOption('--reason <text>', 'why it goes back to draft')).action(runs('payroll.reject'));
  common(
    payroll
      .command('fund')
      .requiredOption('--cycle <id>')
      .requiredOption('--reference <ref>', 'Treasury transfer reference')
      .requiredOption('--amount <vnd>', 'amount in đồng (must equal the total)')
      .option('--date <date>'),
  ).action(runs('payroll.fund'));
  common(
    payroll
      .command('export')
      .requiredOption('--cycle <id>')
      .requiredOption('--format <format>', 'summary-xlsx, list-xlsx or list-pdf')
      .option('--commune <code>')
      .requiredOption('--out <file>'),
  ).action(runs('payroll.export'));
  common(payroll.command('suspensions').description('beneficiaries with 3 consecutive unclaimed months, to suspend')).action(runs('payroll.suspensions'));
  common(payroll.command('deadlines').requiredOption('--month <YYYY-MM>')).action(runs('payroll.deadlines'));
  common(
    payroll
      .command('one-off')
      .requiredOption('--id <personalId>')
      .requiredOption('--programme <code>')
      .requiredOption('--month <YYYY-MM>')
      .requiredOption('--amount <vnd>')
      .requiredOption('--reason <text>')
      .requiredOption('--key <code>', 'e.g. TET_2026'),
  ).action(runs('payroll.one-off'));
  common(
    payroll
      .command('recovery')
      .requiredOption('--id <personalId>')
      .requiredOption('--programme <code>')
      .requiredOption('--amount <vnd>')
      .requiredOption('--reason <text>')
      .option('--decision <ref>'),
  ).action(runs('payroll.recovery'));
}
