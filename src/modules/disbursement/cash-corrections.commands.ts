import { Type } from 'typebox';
import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { confirmCashCorrection, correctionResults, listCashCorrections, proposeCashCorrection, rejectCashCorrection, type CorrectionResult } from './cash-corrections.service.js';
import { CashCorrection, CashCorrectionConfirmed, CashCorrectionProposed, CashCorrectionRejected } from './cash-corrections.schemas.js';

/** Correcting a cash result within the cycle, confirmed by a second agent (issue 22 item 7). */
export const cashCorrectionCommands: Record<string, Command> = {
  'cash.correct': command({
    cli: ['cash', 'correct'],
    description: {
      vi: 'Đề nghị sửa kết quả chi tiền mặt trong kỳ (một nhân viên khác xác nhận)',
      en: 'Propose the correction of a cash result within the cycle (e.g. the person found the next day); a second agent confirms it',
    },
    database: true,
    options: {
      cycle: { kind: 'text', required: true, value: 'id' },
      e2e: { kind: 'text', required: true, value: 'id', description: 'the payment’s end-to-end id' },
      result: { kind: 'text', required: true, value: 'result', choices: correctionResults },
      date: { kind: 'text', value: 'date', description: 'the day paid (YYYY-MM-DD or dd/mm/yyyy), for PAID_SELF / PAID_REPRESENTATIVE' },
      receipt: { kind: 'text', value: 'number', description: 'the receipt number, for PAID_SELF / PAID_REPRESENTATIVE' },
      reason: { kind: 'text', required: true, value: 'text', description: 'why the result is corrected' },
    },
    result: CashCorrectionProposed,
    run: (ctx, actor, args) =>
      proposeCashCorrection(ctx, actor, {
        cycleId: argInteger(args, 'cycle'), endToEndId: argString(args, 'e2e'), result: argString(args, 'result') as CorrectionResult,
        date: argOptional(args, 'date'), receiptNumber: argOptional(args, 'receipt'), reason: argString(args, 'reason'),
      }),
  }),
  'cash.correction.confirm': command({
    cli: ['cash', 'correction', 'confirm'],
    description: { vi: 'Xác nhận đề nghị sửa kết quả chi (người thứ hai)', en: 'Confirm a correction (a second agent): the payment takes the corrected result' },
    database: true,
    arguments: [{ name: 'id', kind: 'text', description: 'the correction’s number' }],
    options: { note: { kind: 'text', value: 'text' } },
    result: CashCorrectionConfirmed,
    run: (ctx, actor, args) => confirmCashCorrection(ctx, actor, { correctionId: argInteger(args, 'id'), note: argOptional(args, 'note') }),
  }),
  'cash.correction.reject': command({
    cli: ['cash', 'correction', 'reject'],
    description: { vi: 'Từ chối (hoặc rút lại) đề nghị sửa kết quả chi', en: 'Reject a correction (its proposer: withdraw it); nothing else changes' },
    database: true,
    arguments: [{ name: 'id', kind: 'text', description: 'the correction’s number' }],
    options: { note: { kind: 'text', value: 'text' } },
    result: CashCorrectionRejected,
    run: (ctx, actor, args) => rejectCashCorrection(ctx, actor, { correctionId: argInteger(args, 'id'), note: argOptional(args, 'note') }),
  }),
  'cash.correction.list': command({
    cli: ['cash', 'correction', 'list'],
    description: { vi: 'Các đề nghị sửa kết quả chi của kỳ', en: 'The corrections of a cycle’s cash results (an agent: its provider’s), newest first' },
    database: true,
    options: {
      cycle: { kind: 'text', required: true, value: 'id' },
      status: { kind: 'text', value: 'status', choices: ['PENDING', 'CONFIRMED', 'REJECTED'] },
    },
    result: Type.Array(CashCorrection),
    run: (ctx, actor, args) =>
      listCashCorrections(ctx, actor, { cycleId: argInteger(args, 'cycle'), status: argOptional(args, 'status') as 'PENDING' | 'CONFIRMED' | 'REJECTED' | undefined }),
  }),
};
