import { argInteger, argOptional, command, type Command } from '../../app/command.js';
import { closeCycle, cycleSettlement } from './settlement.service.js';
import { Settlement, SettlementClosed } from './settlement.schemas.js';

const cycleOption = { kind: 'text', required: true, value: 'ID', description: 'payroll cycle id' } as const;

/** The settlement of a cycle (quyết toán) and its close: `asxh payroll settlement|close`. */
export const settlementCommands: Record<string, Command> = {
  'payroll.settlement': command({
    cli: ['payroll', 'settlement'],
    description: {
      vi: 'Quyết toán của một kỳ theo sổ cái: kinh phí được cấp, đã chi, phí, trả lại Kho bạc, chuyển kỳ sau',
      en: "A cycle's settlement from its ledger: funded, paid, fees, returned to the Treasury, carried over",
    },
    database: true,
    options: { cycle: cycleOption },
    result: Settlement,
    run: (ctx, actor, args) => cycleSettlement(ctx, actor, argInteger(args, 'cycle')),
  }),
  'payroll.close': command({
    cli: ['payroll', 'close'],
    description: {
      vi: 'Khoá sổ một kỳ đã đối soát xong khi quyết toán cân đối: phần còn lại trả Kho bạc; sau đó không gì của kỳ được thay đổi',
      en: 'Close a reconciled cycle whose settlement balances: the remainder goes back to the Treasury; nothing of the cycle can change afterwards',
    },
    database: true,
    options: { cycle: cycleOption, comment: { kind: 'text', value: 'TEXT', description: 'a note for the cycle’s history' } },
    result: SettlementClosed,
    run: (ctx, actor, args) => closeCycle(ctx, actor, argInteger(args, 'cycle'), argOptional(args, 'comment')),
  }),
};
