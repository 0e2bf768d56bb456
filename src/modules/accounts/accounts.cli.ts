import type { Command as Program } from 'commander';
import { runs } from '../../cli/execute.js';

export function registerAccountsCli(program: Program): void {
  const common = (command: Program) => command.option('--json', 'JSON output').option('--as <user>', 'run as this user (their role and area)');
  const account = program.command('account').description('Tài khoản chi trả / payment accounts (maker-checker)');
  common(
    account
      .command('propose')
      .requiredOption('--id <personalId>')
      .requiredOption('--channel <channel>', 'TK_NGAN_HANG, VI_DIEN_TU, MOBILE_MONEY, TIEN_MAT, TAI_NHA')
      .option('--provider <code>', 'NAPAS BIN, wallet code or VNPOST')
      .option('--account <number>')
      .option('--holder <name>')
      .option('--category <code>', 'only this enrolment'),
  ).action(runs('account.propose'));
  common(account.command('approve').argument('<proposalId>').option('--reason <comment>')).action(runs('account.approve'));
  common(account.command('reject').argument('<proposalId>').requiredOption('--reason <text>')).action(runs('account.reject'));
  common(account.command('proposals').option('--status <status>', 'PENDING, APPROVED, REJECTED, CANCELLED')).action(runs('account.proposals'));

  const campaign = program.command('campaign').description('Chiến dịch không dùng tiền mặt / cashless campaign');
  common(campaign.command('stage').requiredOption('--id <personalId>').requiredOption('--stage <stage>').option('--note <text>')).action(runs('campaign.stage'));
  common(
    campaign
      .command('stages')
      .argument('<file>', 'CSV with so_dinh_danh, giai_doan and optional ghi_chu (e.g. the commune visit sheet)')
      .description('Cập nhật giai đoạn theo danh sách / stages from a list'),
  ).action(runs('campaign.stages'));
  common(
    campaign.command('target').requiredOption('--unit <code>').requiredOption('--period <YYYY-MM>').requiredOption('--pct <percent>').option('--programme <code>'),
  ).action(runs('campaign.target'));
  common(campaign.command('dashboard').option('--unit <code>').option('--group <group>', 'ALL, SOCIAL or NCC')).action(runs('campaign.dashboard'));
}
