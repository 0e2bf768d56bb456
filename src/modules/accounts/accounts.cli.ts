import { resolve } from 'node:path';
import type { Command as Program } from 'commander';
import { execute, type GlobalOptions } from '../../cli/execute.js';

type Options = GlobalOptions & Record<string, string | boolean | undefined>;

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
  ).action((options: Options) =>
    execute('account.propose', { id: options.id, channel: options.channel, provider: options.provider, account: options.account, holder: options.holder, category: options.category }, options),
  );
  common(account.command('approve').argument('<proposalId>').option('--reason <comment>')).action((proposal: string, options: Options) =>
    execute('account.approve', { proposal, reason: options.reason }, options),
  );
  common(account.command('reject').argument('<proposalId>').requiredOption('--reason <text>')).action((proposal: string, options: Options) =>
    execute('account.reject', { proposal, reason: options.reason }, options),
  );
  common(account.command('proposals').option('--status <status>', 'PENDING, APPROVED, REJECTED, CANCELLED')).action((options: Options) =>
    execute('account.proposals', { status: options.status }, options),
  );

  const campaign = program.command('campaign').description('Chiến dịch không dùng tiền mặt / cashless campaign');
  common(campaign.command('stage').requiredOption('--id <personalId>').requiredOption('--stage <stage>').option('--note <text>')).action((options: Options) =>
    execute('campaign.stage', { id: options.id, stage: options.stage, note: options.note }, options),
  );
  common(
    campaign
      .command('stages')
      .argument('<file>', 'CSV with so_dinh_danh, giai_doan and optional ghi_chu (e.g. the commune visit sheet)')
      .description('Cập nhật giai đoạn theo danh sách / stages from a list'),
  ).action((file: string, options: Options) => execute('campaign.stages', { file: resolve(file) }, options));
  common(
    campaign.command('target').requiredOption('--unit <code>').requiredOption('--period <YYYY-MM>').requiredOption('--pct <percent>').option('--programme <code>'),
  ).action((options: Options) => execute('campaign.target', { unit: options.unit, period: options.period, pct: options.pct, programme: options.programme }, options));
  common(campaign.command('dashboard').option('--unit <code>').option('--group <group>', 'ALL, SOCIAL or NCC')).action((options: Options) =>
    execute('campaign.dashboard', { unit: options.unit, group: options.group }, options),
  );
}
