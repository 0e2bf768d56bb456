import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { argInteger, argOptional, argString, type Command } from '../../app/command.js';
import { addOneOffPayment, addRecovery } from './adjustments.js';
import { deadlineDashboard } from './deadlines.js';
import { auditPayrollPeriod } from './period-audit.service.js';
import { suspensionProposals } from './suspensions.js';
import { approveCycle, cycleChanges, exportCycle, fundCycle, generateCycle, payrollLines, rejectCycle, submitCycle, type ExportFormat } from './payroll.service.js';

/** Payroll commands (`asxh payroll …`); every action is attributed to a user with --as. */
export const payrollCommands: Record<string, Command> = {
  'payroll.generate': {
    database: true,
    options: { month: 'text', unit: 'text', programme: 'text', months: 'text', regenerate: 'flag' },
    async run(ctx, actor, args) {
      const cycle = await generateCycle(ctx, actor, {
        month: argString(args, 'month'),
        unitCode: argString(args, 'unit'),
        programme: argOptional(args, 'programme') ?? null,
        monthsCount: args.months === undefined ? 1 : argInteger(args, 'months'),
        regenerate: args.regenerate === true,
      });
      return { cycleId: cycle.id, lines: cycle.lineCount, totalVnd: cycle.totalVnd, status: cycle.status, month: cycle.month, existing: cycle.existing, generated: cycle.generated };
    },
  },
  'payroll.lines': {
    database: true,
    options: { cycle: 'text', commune: 'text' },
    async run(ctx, actor, args) {
      const lines = await payrollLines(ctx, actor, argInteger(args, 'cycle'), { limit: 5_000_000, communeCode: argOptional(args, 'commune') });
      return lines.map((line) => ({
        personalId: line.personalId,
        fullName: line.fullName,
        communeCode: line.communeCode,
        programme: line.programme,
        category: line.category,
        component: line.component,
        forMonth: line.forMonth,
        amount: line.amount,
        channel: line.channel,
        provider: line.provider,
        endToEndId: line.endToEndId,
        status: line.status,
        reason: line.reason,
      }));
    },
  },
  'payroll.audit': {
    database: true,
    options: { unit: 'text', from: 'text', to: 'text' },
    run: (ctx, actor, args) => auditPayrollPeriod(ctx, actor, { unitCode: argString(args, 'unit'), from: argString(args, 'from'), to: argString(args, 'to') }),
  },
  'payroll.diff': { database: true, options: { cycle: 'text' }, run: (ctx, actor, args) => cycleChanges(ctx, actor, argInteger(args, 'cycle')) },
  'payroll.submit': { database: true, options: { cycle: 'text', comment: 'text' }, run: (ctx, actor, args) => submitCycle(ctx, actor, argInteger(args, 'cycle'), argOptional(args, 'comment')) },
  'payroll.approve': { database: true, options: { cycle: 'text', comment: 'text' }, run: (ctx, actor, args) => approveCycle(ctx, actor, argInteger(args, 'cycle'), argOptional(args, 'comment')) },
  'payroll.reject': {
    database: true,
    options: { cycle: 'text', reason: 'text' },
    run: (ctx, actor, args) => rejectCycle(ctx, actor, argInteger(args, 'cycle'), argOptional(args, 'reason') ?? argOptional(args, 'comment') ?? ''),
  },
  'payroll.fund': {
    database: true,
    options: { cycle: 'text', reference: 'text', amount: 'text', date: 'text' },
    run: (ctx, actor, args) => fundCycle(ctx, actor, argInteger(args, 'cycle'), { reference: argString(args, 'reference'), amountVnd: argString(args, 'amount'), date: argOptional(args, 'date') }),
  },
  'payroll.export': {
    database: true,
    options: { cycle: 'text', format: 'text', commune: 'text', out: 'path' },
    async run(ctx, actor, args) {
      const out = argString(args, 'out');
      const output = createWriteStream(out);
      const result = await exportCycle(ctx, actor, argInteger(args, 'cycle'), { format: argString(args, 'format') as ExportFormat, communeCode: argOptional(args, 'commune'), output });
      if (!output.writableFinished) {
        output.end();
        await once(output, 'finish');
      }
      return { ...result, out };
    },
  },
  'payroll.suspensions': { database: true, options: {}, run: (ctx, actor) => suspensionProposals(ctx, actor) },
  'payroll.deadlines': { database: true, options: { month: 'text' }, run: (ctx, actor, args) => deadlineDashboard(ctx, actor, argString(args, 'month')) },
  'payroll.one-off': {
    database: true,
    options: { id: 'text', programme: 'text', month: 'text', amount: 'text', reason: 'text', key: 'text' },
    run: (ctx, actor, args) =>
      addOneOffPayment(ctx, actor, {
        personalId: argString(args, 'id'),
        programme: argString(args, 'programme'),
        forMonth: argString(args, 'month'),
        amountVnd: argString(args, 'amount'),
        reason: argString(args, 'reason'),
        key: argString(args, 'key'),
      }),
  },
  'payroll.recovery': {
    database: true,
    options: { id: 'text', programme: 'text', amount: 'text', reason: 'text', decision: 'text' },
    run: (ctx, actor, args) =>
      addRecovery(ctx, actor, { personalId: argString(args, 'id'), programme: argString(args, 'programme'), amountVnd: argString(args, 'amount'), reason: argString(args, 'reason'), decisionRef: argOptional(args, 'decision') }),
  },
};
