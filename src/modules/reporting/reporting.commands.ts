import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Type } from 'typebox';
import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { domainError } from '../../core/errors.js';
import { programmes } from '../rules/categories.js';
import { writeMonthlyPdf, writeMonthlyXlsx } from './monthly.forms.js';
import { monthlyReport, periodReport, trendsReport, type Period } from './monthly.service.js';
import { publishedReport } from './publication.js';
import { MonthlyReport, PeriodReport, PublishedMonthlyReport, TrendsReport } from './reporting.schemas.js';

const formats = ['json', 'xlsx', 'pdf'] as const;

/** Report commands: `asxh report monthly` (the JSON, or the form to sign as XLSX or PDF). */
export const reportingCommands: Record<string, Command> = {
  'report.monthly': command({
    cli: ['report', 'monthly'],
    description: {
      vi: 'Báo cáo kết quả chi trả của một tháng: theo từng đơn vị con và tổng (đã chi theo hình thức và tổ chức, không thành công theo lý do, trả lại, chuyển kỳ sau, chưa chi, phí, tỷ lệ không dùng tiền mặt); --format xlsx|pdf --out FILE ghi biểu mẫu để ký',
      en: 'The monthly results report: per child unit and in total (paid by channel and provider, failed by reason, returned, carried over, outstanding, fees, cashless share); --format xlsx|pdf --out FILE writes the form to sign',
    },
    database: true,
    options: {
      month: { kind: 'text', required: true, value: 'YYYY-MM', description: 'payment month' },
      unit: { kind: 'text', value: 'CODE', description: 'province (2 digits) or commune (5 digits); VN for the country; default: your own unit' },
      programme: { kind: 'text', value: 'P', choices: programmes, description: 'one programme only' },
      format: { kind: 'text', value: 'F', choices: formats, description: 'json (default), or the form to sign: xlsx or pdf (needs --out)' },
      out: { kind: 'path', value: 'FILE', description: 'where the form is written' },
      publish: { kind: 'flag', description: 'for publication: counts of 1–4 people as "< 5", their amounts withheld, and the figures that would give them back withheld too (JSON or the form)' },
    },
    result: Type.Union([MonthlyReport, PublishedMonthlyReport, Type.Object({ out: Type.String({ description: 'The file written' }), format: Type.String() })]),
    async run(ctx, actor, args) {
      const format = argOptional(args, 'format') ?? 'json';
      const out = argOptional(args, 'out');
      if (format !== 'json' && !out) {
        throw domainError('OUTPUT_MISSING', 400, 'Cần --out FILE để ghi biểu mẫu', 'The form needs --out FILE', { field: 'out' });
      }
      const report = await monthlyReport(ctx, actor, { month: argString(args, 'month'), unit: argOptional(args, 'unit'), programme: argOptional(args, 'programme') }, { reads: 'replica' });
      const figures = args.publish === true ? publishedReport(report) : report;
      if (format === 'json') return figures;
      const output = createWriteStream(out!);
      if (format === 'xlsx') await writeMonthlyXlsx(output, figures);
      else await writeMonthlyPdf(output, figures);
      if (!output.writableFinished) {
        output.end();
        await once(output, 'finish');
      }
      return { out: out!, format };
    },
  }),
  'report.trends': command({
    cli: ['report', 'trends'],
    description: {
      vi: 'Số liệu từng tháng trong một khoảng (tối đa 36 tháng): người và tiền theo hình thức, tỷ lệ không dùng tiền mặt, lỗi theo lý do, phí và chi phí mỗi món theo hình thức',
      en: 'Month by month over a period (at most 36 months): people and amounts by channel, cashless share, failures by reason, fees and cost per payment by channel',
    },
    database: true,
    options: {
      from: { kind: 'text', required: true, value: 'YYYY-MM', description: 'first payment month' },
      to: { kind: 'text', required: true, value: 'YYYY-MM', description: 'last payment month' },
      unit: { kind: 'text', value: 'CODE', description: 'province, commune or VN; default: your own unit' },
      programme: { kind: 'text', value: 'P', choices: programmes, description: 'one programme only' },
    },
    result: TrendsReport,
    run: (ctx, actor, args) => trendsReport(ctx, actor, { from: argString(args, 'from'), to: argString(args, 'to'), unit: argOptional(args, 'unit'), programme: argOptional(args, 'programme') }),
  }),
  'report.period': command({
    cli: ['report', 'period'],
    description: {
      vi: 'Báo cáo 6 tháng (H1, H2) hoặc tổng kết năm (YEAR: tháng 1–11, tháng 11 tổng kết), so với cùng kỳ năm trước',
      en: 'The six-monthly report (H1, H2) or the annual review (YEAR: January–November, reviewed in November), beside the same months a year before',
    },
    database: true,
    options: {
      year: { kind: 'text', required: true, value: 'YYYY', description: 'the year' },
      period: { kind: 'text', required: true, value: 'P', choices: ['H1', 'H2', 'YEAR'], description: 'half-year or the year' },
      unit: { kind: 'text', value: 'CODE', description: 'province, commune or VN; default: your own unit' },
      programme: { kind: 'text', value: 'P', choices: programmes, description: 'one programme only' },
    },
    result: PeriodReport,
    run: (ctx, actor, args) =>
      periodReport(ctx, actor, { year: argInteger(args, 'year'), period: argString(args, 'period') as Period, unit: argOptional(args, 'unit'), programme: argOptional(args, 'programme') }),
  }),
};
