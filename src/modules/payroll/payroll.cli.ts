import { resolve } from 'node:path';
import type { Command as Program } from 'commander';
import { execute, type GlobalOptions } from '../../cli/execute.js';

type Options = GlobalOptions & Record<string, string | boolean | undefined>;

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
  ).action((options: Options) =>
    execute('payroll.generate', { month: options.month, unit: options.unit, programme: options.programme, months: options.months, regenerate: Boolean(options.regenerate) }, options),
  );
  common(payroll.command('lines').requiredOption('--cycle <id>').option('--commune <code>')).action((options: Options) =>
    execute('payroll.lines', { cycle: options.cycle, commune: options.commune }, options),
  );
  common(payroll.command('diff').description('increases, decreases, adjustments and warnings').requiredOption('--cycle <id>')).action((options: Options) =>
    execute('payroll.diff', { cycle: options.cycle }, options),
  );
  for (const action of ['submit', 'approve'] as const) {
    common(payroll.command(action).requiredOption('--cycle <id>').option('--comment <text>')).action((options: Options) =>
      execute(`payroll.${action}`, { cycle: options.cycle, comment: options.comment }, options),
    );
  }
  common(payroll.command('reject').requiredOption('--cycle <id>').requiredOption('--reason <text>', 'why it goes back to draft')).action((options: Options) =>
    execute('payroll.reject', { cycle: options.cycle, reason: options.reason }, options),
  );
  common(
    payroll
      .command('fund')
      .requiredOption('--cycle <id>')
      .requiredOption('--reference <ref>', 'Treasury transfer reference')
      .requiredOption('--amount <vnd>', 'amount in đồng (must equal the total)')
      .option('--date <date>'),
  ).action((options: Options) => execute('payroll.fund', { cycle: options.cycle, reference: options.reference, amount: options.amount, date: options.date }, options));
  common(
    payroll
      .command('export')
      .requiredOption('--cycle <id>')
      .requiredOption('--format <format>', 'summary-xlsx, list-xlsx or list-pdf')
      .option('--commune <code>')
      .requiredOption('--out <file>'),
  ).action((options: Options) =>
    execute('payroll.export', { cycle: options.cycle, format: options.format, commune: options.commune, out: resolve(String(options.out)) }, options),
  );
  common(payroll.command('suspensions').description('beneficiaries with 3 consecutive unclaimed months, to suspend')).action((options: Options) =>
    execute('payroll.suspensions', {}, options),
  );
  common(payroll.command('deadlines').requiredOption('--month <YYYY-MM>')).action((options: Options) => execute('payroll.deadlines', { month: options.month }, options));
  common(
    payroll
      .command('one-off')
      .requiredOption('--id <personalId>')
      .requiredOption('--programme <code>')
      .requiredOption('--month <YYYY-MM>')
      .requiredOption('--amount <vnd>')
      .requiredOption('--reason <text>')
      .requiredOption('--key <code>', 'e.g. TET_2026'),
  ).action((options: Options) =>
    execute('payroll.one-off', { id: options.id, programme: options.programme, month: options.month, amount: options.amount, reason: options.reason, key: options.key }, options),
  );
  common(
    payroll
      .command('recovery')
      .requiredOption('--id <personalId>')
      .requiredOption('--programme <code>')
      .requiredOption('--amount <vnd>')
      .requiredOption('--reason <text>')
      .option('--decision <ref>'),
  ).action((options: Options) =>
    execute('payroll.recovery', { id: options.id, programme: options.programme, amount: options.amount, reason: options.reason, decision: options.decision }, options),
  );
}
