import { argOptional, argString, command, type Command } from '../../app/command.js';
import { programmes } from '../rules/categories.js';
import { monthlyReport } from './monthly.service.js';
import { MonthlyReport } from './reporting.schemas.js';

/** Report commands: `asxh report monthly`. */
export const reportingCommands: Record<string, Command> = {
  'report.monthly': command({
    cli: ['report', 'monthly'],
    description: {
      vi: 'Báo cáo kết quả chi trả của một tháng: theo từng đơn vị con và tổng (đã chi theo hình thức và tổ chức, không thành công theo lý do, trả lại, chuyển kỳ sau, chưa chi, phí, tỷ lệ không dùng tiền mặt)',
      en: 'The monthly results report: per child unit and in total (paid by channel and provider, failed by reason, returned, carried over, outstanding, fees, cashless share)',
    },
    database: true,
    options: {
      month: { kind: 'text', required: true, value: 'YYYY-MM', description: 'payment month' },
      unit: { kind: 'text', value: 'CODE', description: 'province (2 digits) or commune (5 digits); VN for the country; default: your own unit' },
      programme: { kind: 'text', value: 'P', choices: programmes, description: 'one programme only' },
    },
    result: MonthlyReport,
    async run(ctx, actor, args) {
      return monthlyReport(ctx, actor, { month: argString(args, 'month'), unit: argOptional(args, 'unit'), programme: argOptional(args, 'programme') });
    },
  }),
};
