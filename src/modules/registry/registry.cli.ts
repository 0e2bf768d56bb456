import type { Command as Program } from 'commander';
import { runs } from '../../cli/execute.js';

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
  ).action(runs('import.beneficiaries'));

  const providers = program.command('providers').description('Tổ chức chi trả / payment providers');
  withCommon(providers.command('import').argument('<file>', 'providers.json (resources/providers/README.md)')).action(runs('providers.import'));

  const beneficiary = program.command('beneficiary').description('Đối tượng / beneficiaries');
  withCommon(beneficiary.command('show').argument('<personalId>')).action(runs('beneficiary.show'));
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
    ).action(runs('beneficiary.status', { action }));
  }

  const demo = program.command('demo').description('Dữ liệu mẫu / demo data');
  withCommon(demo.command('seed').requiredOption('--size <n>', 'number of people').option('--seed <n>', 'random seed')).action(runs('demo.seed'));
}
