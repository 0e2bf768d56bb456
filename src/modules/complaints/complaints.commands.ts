import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { Type } from 'typebox';
import { complaintKinds, complaintOutcomes } from './complaints.repository.js';
import { assignComplaint, complaintList, fileComplaint, resolveComplaint, setAnswerDays } from './complaints.service.js';
import { AnswerDays, Complaint, FiledComplaint } from './complaints.schemas.js';

const text = { kind: 'text', required: true, value: 'TEXT', description: 'the text (may contain personal data)' } as const;

/** Complaints and requests: `asxh complaint file|assign|resolve|list|deadline`. */
export const complaintsCommands: Record<string, Command> = {
  'complaint.file': command({
    cli: ['complaint', 'file'],
    description: { vi: 'Ghi nhận khiếu nại, kiến nghị thay cho người hưởng', en: 'File a complaint or request on a beneficiary’s behalf' },
    database: true,
    options: {
      id: { kind: 'text', required: true, value: 'PERSONAL_ID', description: 'the beneficiary’s personal ID' },
      kind: { kind: 'text', required: true, value: 'KIND', choices: complaintKinds, description: 'what it is about' },
      text,
      cycle: { kind: 'text', value: 'ID', description: 'the payment cycle it is about' },
    },
    result: FiledComplaint,
    run: (ctx, actor, args) => {
      const cycle = argOptional(args, 'cycle');
      return fileComplaint(ctx, actor, { personalId: argString(args, 'id'), kind: argString(args, 'kind'), text: argString(args, 'text'), cycleId: cycle === undefined ? null : argInteger(args, 'cycle') });
    },
  }),
  'complaint.assign': command({
    cli: ['complaint', 'assign'],
    description: { vi: 'Giao khiếu nại cho một cán bộ xử lý', en: 'Assign a complaint to an officer' },
    database: true,
    arguments: [{ name: 'id', kind: 'text', description: 'complaint id' }],
    options: { to: { kind: 'text', required: true, value: 'USER', description: 'the officer who answers it' } },
    result: Complaint,
    run: (ctx, actor, args) => assignComplaint(ctx, actor, argInteger(args, 'id'), argString(args, 'to')),
  }),
  'complaint.resolve': command({
    cli: ['complaint', 'resolve'],
    description: { vi: 'Giải quyết khiếu nại với kết quả và nội dung trả lời', en: 'Resolve a complaint with an outcome and the answer' },
    database: true,
    arguments: [{ name: 'id', kind: 'text', description: 'complaint id' }],
    options: { outcome: { kind: 'text', required: true, value: 'O', choices: complaintOutcomes, description: 'the outcome' }, text },
    result: Complaint,
    run: (ctx, actor, args) => resolveComplaint(ctx, actor, argInteger(args, 'id'), { outcome: argString(args, 'outcome'), text: argString(args, 'text') }),
  }),
  'complaint.list': command({
    cli: ['complaint', 'list'],
    description: { vi: 'Danh sách khiếu nại, kiến nghị (--overdue: quá hạn trả lời)', en: 'Complaints and requests (--overdue: past their answer date)' },
    database: true,
    options: {
      unit: { kind: 'text', value: 'CODE', description: 'province (2 digits) or commune (5 digits); default: your whole area' },
      overdue: { kind: 'flag', description: 'only the open ones past their due date' },
      status: { kind: 'text', value: 'S', choices: ['OPEN', 'ASSIGNED', 'RESOLVED'], description: 'only this status' },
    },
    result: Type.Array(Complaint),
    run: (ctx, actor, args) => complaintList(ctx, actor, { unit: argOptional(args, 'unit'), overdue: args.overdue === true, status: argOptional(args, 'status') }),
  }),
  'complaint.deadline': command({
    cli: ['complaint', 'deadline'],
    description: { vi: 'Đặt thời hạn trả lời khiếu nại của tỉnh (ngày làm việc)', en: 'Set the province’s complaint answer deadline (working days)' },
    database: true,
    options: {
      province: { kind: 'text', required: true, value: 'CODE', description: 'province code (2 digits)' },
      days: { kind: 'text', required: true, value: 'N', description: 'working days (Mon–Fri), 1 to 60; default 10' },
    },
    result: AnswerDays,
    run: (ctx, actor, args) => setAnswerDays(ctx, actor, { provinceCode: argString(args, 'province'), workingDays: argInteger(args, 'days') }),
  }),
};
