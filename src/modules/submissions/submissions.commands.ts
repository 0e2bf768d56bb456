import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { programmes } from '../rules/categories.js';
import { confirmSubmission, getSubmission, remindLateUnits, returnSubmission, submissionStatus, submitReport } from './submissions.service.js';
import { Reminded, Submission, SubmissionStatus, SubmissionWithReport, SubmitResult } from './submissions.schemas.js';

const month = { kind: 'text', required: true, value: 'YYYY-MM', description: 'payment month' } as const;
const unit = { kind: 'text', value: 'CODE', description: 'province (2 digits) or commune (5 digits); default: your own unit' } as const;
const programme = { kind: 'text', value: 'P', choices: programmes, description: 'one programme only' } as const;
const id = { kind: 'text', required: true, value: 'ID', description: 'submission id' } as const;

/** Submitting the monthly results report up: `asxh report submit|confirm|return|submissions|remind|submission`. */
export const submissionsCommands: Record<string, Command> = {
  'report.submit': command({
    cli: ['report', 'submit'],
    description: { vi: 'Nộp báo cáo kết quả chi trả của tháng (một phiên bản cố định)', en: 'Submit the monthly results report (a frozen version)' },
    database: true,
    options: { month, unit, programme },
    result: SubmitResult,
    run: (ctx, actor, args) => submitReport(ctx, actor, { month: argString(args, 'month'), unit: argOptional(args, 'unit'), programme: argOptional(args, 'programme') }),
  }),
  'report.confirm': command({
    cli: ['report', 'confirm'],
    description: { vi: 'Xác nhận báo cáo đã nộp (không phải người nộp)', en: 'Confirm a submitted report (not its submitter)' },
    database: true,
    options: { id },
    result: Submission,
    run: (ctx, actor, args) => confirmSubmission(ctx, actor, argInteger(args, 'id')),
  }),
  'report.return': command({
    cli: ['report', 'return'],
    description: { vi: 'Trả lại báo cáo để điều chỉnh, kèm lý do', en: 'Return a report for correction, with the reason' },
    database: true,
    options: { id, reason: { kind: 'text', required: true, value: 'TEXT', description: 'why it is returned' } },
    result: Submission,
    run: (ctx, actor, args) => returnSubmission(ctx, actor, argInteger(args, 'id'), argString(args, 'reason')),
  }),
  'report.submission': command({
    cli: ['report', 'submission'],
    description: { vi: 'Một báo cáo đã nộp với số liệu như lúc nộp và các phiên bản', en: 'A submitted report with its figures as submitted, and its versions' },
    database: true,
    options: { id },
    result: SubmissionWithReport,
    run: (ctx, actor, args) => getSubmission(ctx, actor, argInteger(args, 'id')),
  }),
  'report.submissions': command({
    cli: ['report', 'submissions'],
    description: { vi: 'Tình hình nộp báo cáo của các đơn vị trong tháng (nộp, xác nhận, trả lại, chậm)', en: 'Who submitted the month’s report, who confirmed it, who is late' },
    database: true,
    options: { month, unit, programme },
    result: SubmissionStatus,
    run: (ctx, actor, args) => submissionStatus(ctx, actor, { month: argString(args, 'month'), unit: argOptional(args, 'unit'), programme: argOptional(args, 'programme') }),
  }),
  'report.remind': command({
    cli: ['report', 'remind'],
    description: { vi: 'Nhắc các đơn vị chậm nộp báo cáo bằng tin nhắn (mỗi ngày một lần)', en: 'Remind the late units by SMS (once a day)' },
    database: true,
    options: { month, unit },
    result: Reminded,
    run: (ctx, actor, args) => remindLateUnits(ctx, actor, { month: argString(args, 'month'), unit: argOptional(args, 'unit') }),
  }),
};
