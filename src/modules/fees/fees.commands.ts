import { Type } from 'typebox';
import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { channels } from '../rules/categories.js';
import { cycleFees, listFeeSchedules, setFeeSchedule } from './fees.service.js';
import { CycleFees, FeeSchedule, FeeScheduleSet } from './fees.schemas.js';

/** Fee commands: `asxh providers fee set|list` (schedules) and `asxh payroll fees` (a cycle's fees). */
export const feesCommands: Record<string, Command> = {
  'providers.fee.set': command({
    cli: ['providers', 'fee', 'set'],
    description: {
      vi: 'Đặt biểu phí dịch vụ chi trả của một tổ chức và hình thức, áp dụng từ một ngày (cùng điều khoản: không đổi; khác điều khoản cùng ngày: cần --replace)',
      en: 'Set the payment service fee of a provider and channel from a date (same terms: nothing changes; other terms the same day: needs --replace)',
    },
    database: true,
    options: {
      provider: { kind: 'text', required: true, value: 'CODE', description: 'provider code (BIN or short code)' },
      channel: { kind: 'text', required: true, value: 'CH', choices: channels, description: 'payment channel' },
      from: { kind: 'text', required: true, value: 'YYYY-MM-DD', description: 'in force from this day until a later schedule' },
      pct: { kind: 'text', value: 'P', description: 'percentage of the amount, e.g. 0.05 (default 0)' },
      fixed: { kind: 'text', value: 'N', description: 'fixed đồng per payment (default 0)' },
      min: { kind: 'text', value: 'N', description: 'minimum đồng per payment, before VAT (default 0)' },
      max: { kind: 'text', value: 'N', description: 'maximum đồng per payment, before VAT (default none)' },
      vat: { kind: 'text', value: 'P', description: 'VAT percentage on the fee, e.g. 10 (default 0)' },
      unit: { kind: 'text', value: 'CODE', description: "a province's own schedule (2 digits); default: your province, or national" },
      replace: { kind: 'flag', description: 'replace the terms already set for that day' },
    },
    result: FeeScheduleSet,
    async run(ctx, actor, args) {
      return setFeeSchedule(ctx, actor, {
        providerCode: argString(args, 'provider'),
        channel: argString(args, 'channel'),
        validFrom: argString(args, 'from'),
        pct: argOptional(args, 'pct'),
        fixedVnd: argOptional(args, 'fixed'),
        minVnd: argOptional(args, 'min'),
        maxVnd: argOptional(args, 'max'),
        vatPct: argOptional(args, 'vat'),
        provinceCode: argOptional(args, 'unit'),
        replace: args.replace === true,
      });
    },
  }),
  'providers.fee.list': command({
    cli: ['providers', 'fee', 'list'],
    description: { vi: 'Các biểu phí dịch vụ chi trả (toàn quốc và của tỉnh)', en: 'Payment service fee schedules (national and the province’s own)' },
    database: true,
    options: {
      provider: { kind: 'text', value: 'CODE', description: 'one provider only' },
      unit: { kind: 'text', value: 'CODE', description: 'the national schedules and those of this province (2 digits)' },
    },
    result: Type.Array(FeeSchedule),
    async run(ctx, actor, args) {
      return listFeeSchedules(ctx, actor, { providerCode: argOptional(args, 'provider'), provinceCode: argOptional(args, 'unit') });
    },
  }),
  'payroll.fees': command({
    cli: ['payroll', 'fees'],
    description: {
      vi: 'Phí dịch vụ chi trả của một kỳ: theo tổ chức, hình thức và đợt chi (không trừ vào tiền đối tượng nhận)',
      en: "A cycle's payment service fees per provider, channel and batch (never deducted from what beneficiaries receive)",
    },
    database: true,
    options: { cycle: { kind: 'text', required: true, value: 'ID' } },
    result: CycleFees,
    async run(ctx, actor, args) {
      return cycleFees(ctx, actor, argInteger(args, 'cycle'));
    },
  }),
};
