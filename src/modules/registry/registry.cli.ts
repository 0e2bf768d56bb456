import { resolve } from 'node:path';
import type { Command as Program } from 'commander';
import { execute, type GlobalOptions } from '../../cli/execute.js';

export function registerRegistryCli(program: Program): void {
  const withCommon = (command: Program) => command.option('--json', 'JSON output').option('--as <user>', 'run as this user (their role and area)');

  const importCommand = program.command('import').description('Nhập danh sách / imports');
  withCommon(
    importCommand
      .command('beneficiaries')
      .description('Import beneficiaries from a CSV or XLSX template file (IMPORT-TEMPLATE.md)')
      .argument('<file>')
      .option('--dry-run', 'validate only; write nothing')
      .option('--errors-out <file.xlsx>', 'write every error and warning to an XLSX report'),
  ).action((file: string, options: GlobalOptions & { dryRun?: boolean; errorsOut?: string }) =>
    execute('import.beneficiaries', { file: resolve(file), dryRun: Boolean(options.dryRun), errorsOut: options.errorsOut ? resolve(options.errorsOut) : undefined }, options),
  );

  const providers = program.command('providers').description('Tổ chức chi trả / payment providers');
  withCommon(providers.command('import').argument('<file>', 'providers.json (resources/providers/README.md)')).action((file: string, options: GlobalOptions) =>
    execute('providers.import', { file: resolve(file) }, options),
  );

  const beneficiary = program.command('beneficiary').description('Đối tượng / beneficiaries');
  withCommon(beneficiary.command('show').argument('<personalId>')).action((id: string, options: GlobalOptions) => execute('beneficiary.show', { id }, options));
  for (const action of ['terminate', 'suspend', 'resume'] as const) {
    withCommon(
      beneficiary
        .command(action)
        .argument('<personalId>')
        .option('--reason <code>', 'CHET, MAT_TICH, KHONG_DU_DIEU_KIEN, CHUYEN_DI, TU_CHOI, TU_GIAM, KHONG_NHAN_3_THANG')
        .option('--event-date <date>', 'date of the event (dd/mm/yyyy or yyyy-mm-dd); for resume, a day of the first month paid again')
        .option('--category <code>', 'only this enrolment')
        .option('--arrears', 'resume: the suspended months are owed as arrears')
        .option('--note <text>'),
    ).action((id: string, options: GlobalOptions & { reason?: string; eventDate?: string; category?: string; arrears?: boolean; note?: string }) =>
      execute('beneficiary.status', { id, action, reason: options.reason, eventDate: options.eventDate, category: options.category, arrears: Boolean(options.arrears), note: options.note }, options),
    );
  }

  const demo = program.command('demo').description('Dữ liệu mẫu / demo data');
  withCommon(demo.command('seed').requiredOption('--size <n>', 'number of people').option('--seed <n>', 'random seed')).action(
    (options: GlobalOptions & { size: string; seed?: string }) => execute('demo.seed', { size: options.size, seed: options.seed }, options),
  );
}
