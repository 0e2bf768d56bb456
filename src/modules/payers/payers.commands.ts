import { Type } from 'typebox';
import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { PayerDecided, PayerProposed, PayerView } from './payers.schemas.js';
import { approvePayer, listPayers, payerProgrammes, proposePayer, rejectPayer } from './payers.service.js';

export const payersCommands: Record<string, Command> = {
  'payer.set': command({
    cli: ['payer', 'set'],
    description: {
      vi: 'Đề xuất tài khoản chi trả của tỉnh cho một chương trình (người thứ hai phê duyệt)',
      en: 'Propose the paying account of a province for a programme (a second person approves it)',
    },
    database: true,
    options: {
      unit: { kind: 'text', required: true, value: 'CODE', description: 'province code (2 digits)' },
      programme: { kind: 'text', required: true, value: 'PROGRAMME', choices: payerProgrammes },
      bin: { kind: 'text', required: true, value: 'BIN', description: 'NAPAS BIN of the debtor’s bank' },
      account: { kind: 'text', required: true, value: 'NO', description: 'the paying agency’s debtor account' },
      name: { kind: 'text', required: true, value: 'NAME', description: 'the paying agency (debtor name)' },
    },
    result: PayerProposed,
    run: (ctx, actor, args) =>
      proposePayer(ctx, actor, { unitCode: argString(args, 'unit'), programme: argString(args, 'programme'), bin: argString(args, 'bin'), accountNumber: argString(args, 'account'), name: argString(args, 'name') }),
  }),
  'payer.approve': command({
    cli: ['payer', 'approve'],
    description: { vi: 'Phê duyệt tài khoản chi trả được đề xuất (không phải người đề xuất)', en: 'Approve a proposed paying account (not the proposer)' },
    database: true,
    arguments: [{ name: 'proposalId', kind: 'text' }],
    options: {},
    result: PayerDecided,
    run: (ctx, actor, args) => approvePayer(ctx, actor, argInteger(args, 'proposalId')),
  }),
  'payer.reject': command({
    cli: ['payer', 'reject'],
    description: { vi: 'Từ chối tài khoản chi trả được đề xuất', en: 'Reject a proposed paying account' },
    database: true,
    arguments: [{ name: 'proposalId', kind: 'text' }],
    options: { reason: { kind: 'text', required: true, value: 'text' } },
    result: PayerDecided,
    run: (ctx, actor, args) => rejectPayer(ctx, actor, argInteger(args, 'proposalId'), argOptional(args, 'reason') ?? ''),
  }),
  'payer.list': command({
    cli: ['payer', 'list'],
    description: { vi: 'Tài khoản chi trả (đang dùng, chờ duyệt, lịch sử)', en: 'Paying accounts (in force, pending, history)' },
    database: true,
    options: { unit: { kind: 'text', value: 'CODE', description: 'province code (2 digits); default: your area' } },
    result: Type.Array(PayerView),
    run: (ctx, actor, args) => listPayers(ctx, actor, { unitCode: argOptional(args, 'unit') ?? null }),
  }),
};
