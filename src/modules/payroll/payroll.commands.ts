import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Type } from 'typebox';
import { argInteger, argOptional, argString, command, type Command, type CommandOption } from '../../app/command.js';
import { Money } from '../../app/schemas.js';
import { addOneOffPayment, addRecovery } from './adjustments.js';
import { deadlineDashboard } from './deadlines.js';
import { auditPayrollPeriod } from './period-audit.service.js';
import { suspensionProposals } from './suspensions.js';
import { approveCycle, cycleChanges, exportCycle, fundCycle, generateCycle, payrollLines, rejectCycle, submitCycle, withdrawCycle, type ExportFormat } from './payroll.service.js';
import { Cycle, CycleChanges, DeadlineRow, GeneratedCycle, Line, OneOffPayment, PeriodAudit, Recovery, SuspensionProposal } from './payroll.schemas.js';

const cycleOption: CommandOption = { kind: 'text', required: true, value: 'id' };

/** What `payroll generate` answers: the cycle in a few fields, and what this run generated (null when the cycle existed). */
const Generated = Type.Object({
  cycleId: Type.Integer(),
  lines: Type.Integer(),
  totalVnd: Money(),
  status: Type.String(),
  month: Type.String(),
  existing: Type.Boolean(),
  generated: GeneratedCycle.properties.generated,
});

/** A line of `payroll lines`: the line route's fields but the account, the representative and the breakdown. */
const ListedLine = Type.Pick(Line, ['personalId', 'fullName', 'communeCode', 'programme', 'category', 'component', 'forMonth', 'amount', 'channel', 'provider', 'endToEndId', 'status', 'reason']);

/** Payroll commands (`asxh payroll …`); every action is attributed to a user with --as. */
export const payrollCommands: Record<string, Command> = {
  'payroll.generate': command({
    cli: ['payroll', 'generate'],
    database: true,
    options: {
      month: { kind: 'text', required: true, value: 'YYYY-MM', description: 'payment month' },
      unit: { kind: 'text', required: true, value: 'code', description: 'province (2 digits) or commune (5 digits)' },
      programme: { kind: 'text', value: 'code', description: 'TGXH, NCC or HTXH (default: all in one cycle)' },
      months: { kind: 'text', value: 'n', description: 'pay 2 months together (Tết)' },
      regenerate: { kind: 'flag', description: 'rebuild a draft cycle from the current registry' },
    },
    result: Generated,
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
  }),
  'payroll.lines': command({
    cli: ['payroll', 'lines'],
    database: true,
    options: { cycle: cycleOption, commune: { kind: 'text', value: 'code' } },
    result: Type.Array(ListedLine),
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
  }),
  'payroll.audit': command({
    cli: ['payroll', 'audit'],
    description: { vi: 'mỗi người, mỗi tháng: đã chi so với quy định, qua mọi kỳ', en: 'every person and month: paid against the rules, across cycles' },
    database: true,
    options: {
      unit: { kind: 'text', required: true, value: 'code', description: 'province or commune code' },
      from: { kind: 'text', required: true, value: 'YYYY-MM' },
      to: { kind: 'text', required: true, value: 'YYYY-MM' },
    },
    result: PeriodAudit,
    run: (ctx, actor, args) => auditPayrollPeriod(ctx, actor, { unitCode: argString(args, 'unit'), from: argString(args, 'from'), to: argString(args, 'to') }),
  }),
  'payroll.diff': command({
    cli: ['payroll', 'diff'],
    description: { en: 'increases, decreases, adjustments and warnings' },
    database: true,
    options: { cycle: cycleOption },
    result: CycleChanges,
    run: (ctx, actor, args) => cycleChanges(ctx, actor, argInteger(args, 'cycle')),
  }),
  'payroll.submit': command({
    cli: ['payroll', 'submit'],
    database: true,
    options: { cycle: cycleOption, comment: { kind: 'text', value: 'text' } },
    result: Cycle,
    run: (ctx, actor, args) => submitCycle(ctx, actor, argInteger(args, 'cycle'), argOptional(args, 'comment')),
  }),
  'payroll.approve': command({
    cli: ['payroll', 'approve'],
    database: true,
    options: { cycle: cycleOption, comment: { kind: 'text', value: 'text' } },
    result: Cycle,
    run: (ctx, actor, args) => approveCycle(ctx, actor, argInteger(args, 'cycle'), argOptional(args, 'comment')),
  }),
  'payroll.reject': command({
    cli: ['payroll', 'reject'],
    database: true,
    options: { cycle: cycleOption, reason: { kind: 'text', required: true, value: 'text', description: 'why it goes back to draft' } },
    result: Cycle,
    run: (ctx, actor, args) => rejectCycle(ctx, actor, argInteger(args, 'cycle'), argOptional(args, 'reason') ?? argOptional(args, 'comment') ?? ''),
  }),
  'payroll.withdraw': command({
    cli: ['payroll', 'withdraw'],
    description: { en: 'Take a submitted list back to draft before it is approved (the submitter only)' },
    database: true,
    options: { cycle: cycleOption, comment: { kind: 'text', value: 'text', description: 'why (optional)' } },
    result: Cycle,
    run: (ctx, actor, args) => withdrawCycle(ctx, actor, argInteger(args, 'cycle'), argOptional(args, 'comment')),
  }),
  'payroll.fund': command({
    cli: ['payroll', 'fund'],
    database: true,
    options: {
      cycle: cycleOption,
      reference: { kind: 'text', required: true, value: 'ref', description: 'Treasury transfer reference' },
      amount: { kind: 'text', required: true, value: 'vnd', description: 'amount in đồng (must equal the total)' },
      date: { kind: 'text', value: 'date' },
    },
    result: Cycle,
    run: (ctx, actor, args) => fundCycle(ctx, actor, argInteger(args, 'cycle'), { reference: argString(args, 'reference'), amountVnd: argString(args, 'amount'), date: argOptional(args, 'date') }),
  }),
  'payroll.export': command({
    cli: ['payroll', 'export'],
    database: true,
    options: {
      cycle: cycleOption,
      format: { kind: 'text', required: true, value: 'format', description: 'summary-xlsx, list-xlsx or list-pdf' },
      commune: { kind: 'text', value: 'code' },
      out: { kind: 'path', required: true, value: 'file' },
    },
    result: Type.Object({ fileName: Type.String(), out: Type.String({ description: 'The file written' }) }),
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
  }),
  'payroll.suspensions': command({
    cli: ['payroll', 'suspensions'],
    description: { en: 'beneficiaries with 3 consecutive unclaimed months, to suspend' },
    database: true,
    options: {},
    result: Type.Array(SuspensionProposal),
    run: (ctx, actor) => suspensionProposals(ctx, actor),
  }),
  'payroll.deadlines': command({
    cli: ['payroll', 'deadlines'],
    database: true,
    options: { month: { kind: 'text', required: true, value: 'YYYY-MM' } },
    result: Type.Array(DeadlineRow),
    run: (ctx, actor, args) => deadlineDashboard(ctx, actor, argString(args, 'month')),
  }),
  'payroll.one-off': command({
    cli: ['payroll', 'one-off'],
    database: true,
    options: {
      id: { kind: 'text', required: true, value: 'personalId' },
      programme: { kind: 'text', required: true, value: 'code' },
      month: { kind: 'text', required: true, value: 'YYYY-MM' },
      amount: { kind: 'text', required: true, value: 'vnd' },
      reason: { kind: 'text', required: true, value: 'text' },
      key: { kind: 'text', required: true, value: 'code', description: 'e.g. TET_2026' },
    },
    result: OneOffPayment,
    run: (ctx, actor, args) =>
      addOneOffPayment(ctx, actor, {
        personalId: argString(args, 'id'),
        programme: argString(args, 'programme'),
        forMonth: argString(args, 'month'),
        amountVnd: argString(args, 'amount'),
        reason: argString(args, 'reason'),
        key: argString(args, 'key'),
      }),
  }),
  'payroll.recovery': command({
    cli: ['payroll', 'recovery'],
    database: true,
    options: {
      id: { kind: 'text', required: true, value: 'personalId' },
      programme: { kind: 'text', required: true, value: 'code' },
      amount: { kind: 'text', required: true, value: 'vnd' },
      reason: { kind: 'text', required: true, value: 'text' },
      decision: { kind: 'text', value: 'ref' },
    },
    result: Recovery,
    run: (ctx, actor, args) =>
      addRecovery(ctx, actor, { personalId: argString(args, 'id'), programme: argString(args, 'programme'), amountVnd: argString(args, 'amount'), reason: argString(args, 'reason'), decisionRef: argOptional(args, 'decision') }),
  }),
};
