import { Type } from 'typebox';
import { Money, Nullable } from '../../app/schemas.js';

/**
 * What the payroll's routes answer (payroll.routes.ts). Personal IDs, account numbers and
 * categories arrive as the role may see them (access/need-to-know.ts); the schemas name every
 * field that may leave, nothing else does.
 */

const Str = Type.String();
const NullableStr = Nullable(Type.String());
const Int = Type.Integer();

/** A payroll cycle with its total (payroll.service.ts `CycleView`). */
export const Cycle = Type.Object({
  id: Int,
  month: Str,
  monthsCount: Int,
  scopeLevel: Str,
  provinceCode: Str,
  communeCode: NullableStr,
  unitName: NullableStr,
  programme: NullableStr,
  status: Str,
  totalVnd: Money(),
  lineCount: Int,
  generatedBy: Str,
  generatedAt: Str,
  submittedBy: NullableStr,
  submittedAt: NullableStr,
  approvedBy: NullableStr,
  approvedAt: NullableStr,
  fundedReference: NullableStr,
  fundedDate: NullableStr,
  fundedAmountVnd: Nullable(Money()),
  lastComment: NullableStr,
  version: Int,
});

/** Lines and amount per component (MONTHLY, ARREARS, FUNERAL, ONE_OFF, CARRY_OVER, RECOVERY …). */
const ByComponent = Type.Record(Type.String(), Type.Object({ lines: Int, amountVnd: Money() }));

export const GeneratedCycle = Type.Object({
  ...Cycle.properties,
  generated: Nullable(Type.Object({ lines: Int, totalVnd: Money(), byComponent: ByComponent, rateMissing: Int, alreadyPaid: Int })),
  existing: Type.Boolean(),
});

export const CycleDetail = Type.Object({
  ...Cycle.properties,
  byComponent: ByComponent,
  events: Type.Array(Type.Object({ fromStatus: NullableStr, toStatus: Str, actor: Str, comment: NullableStr, at: Str })),
});

/** A part of a line's amount: a combined category, or a people-with-merit allowance. */
const BreakdownPart = Type.Object({
  category: Type.String({ description: 'The category, or PROTECTED for roles that may not see it' }),
  coefficientX10: Type.Optional(Nullable(Type.Integer())),
  component: Type.Optional(Str),
  amountVnd: Type.Optional(Nullable(Money())),
});

/**
 * How a line's amount was computed (payroll.repository.ts `lineBreakdown`): the rate (base level ×
 * coefficient) and what a rate does not say; an empty list for lines without one. Typed
 * `unknown` as the service has it (the jsonb is read as is), the schema still says what leaves.
 */
const LineBreakdown = Type.Unsafe<unknown>(Type.Union([
  Type.Array(BreakdownPart),
  Type.Object({
    baseLevelVnd: Type.Optional(Nullable(Money())),
    coefficientX10: Type.Optional(Nullable(Type.Integer())),
    parts: Type.Optional(Type.Array(BreakdownPart)),
    socialPensionVnd: Type.Optional(Nullable(Money())),
    dueVnd: Type.Optional(Nullable(Money())),
    otherBenefitPaidVnd: Type.Optional(Nullable(Money())),
    baseLevelMultiple: Type.Optional(Nullable(Type.Number())),
    deathDate: Type.Optional(NullableStr),
  }),
  Type.Null(),
]));

export const Line = Type.Object({
  id: Int,
  personalId: Str,
  fullName: Str,
  communeCode: Str,
  programme: Str,
  category: Str,
  component: Str,
  forMonth: Str,
  amount: Money(),
  channel: Str,
  provider: Str,
  accountNumber: NullableStr,
  accountHolder: NullableStr,
  representativeName: NullableStr,
  breakdown: LineBreakdown,
  note: NullableStr,
  reversed: Type.Boolean(),
  endToEndId: NullableStr,
  status: NullableStr,
  reason: NullableStr,
  final: Type.Boolean(),
});

export const CycleChanges = Type.Object({
  cycleId: Int,
  month: Str,
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'Changes per kind (NEW, CONTINUING, STOPPED, AMOUNT_CHANGED, ACCOUNT_CHANGED); CHANNEL_CHANGED: of the ACCOUNT_CHANGED, those of the channel' }),
  changes: Type.Array(
    Type.Object({
      kind: Str,
      personalId: Str,
      fullName: Str,
      communeCode: Str,
      programme: Str,
      previousAmount: Nullable(Money()),
      amount: Nullable(Money()),
      previousCategory: NullableStr,
      category: NullableStr,
      reason: Str,
      detail: NullableStr,
    }),
  ),
  warnings: Type.Array(Type.Object({ code: Str, personalId: Str, fullName: Str, communeCode: Str, detail: Str })),
});

export const CycleSummary = Type.Object({
  cycle: Cycle,
  rows: Type.Array(
    Type.Object({
      communeCode: Str,
      communeName: NullableStr,
      channel: Str,
      providerCode: Str,
      providerName: NullableStr,
      persons: Int,
      lines: Int,
      amountVnd: Money(),
    }),
  ),
  totalVnd: Money(),
  totalInWords: Str,
  /** Payment service fees (fees module, through payroll's port CycleFees): paid to the providers on top of the total, never deducted from it. */
  fees: Type.Object({
    payments: Int,
    amountVnd: Money(),
    feeVnd: Money({ description: 'Fees with VAT' }),
    vatVnd: Money(),
    byProvider: Type.Array(
      Type.Object({ providerCode: Str, providerName: NullableStr, payments: Int, unpricedPayments: Int, amountVnd: Money(), feeVnd: Money(), vatVnd: Money() }),
    ),
  }),
});

export const OneOffPayment = Type.Object({ id: Int, programme: Str, forMonth: Str, amountVnd: Money(), reason: Str, key: Str });

export const Recovery = Type.Object({ id: Int, programme: Str, amountVnd: Money(), reason: Str, decisionRef: NullableStr });

export const SuspensionProposal = Type.Object({ personalId: Str, fullName: Str, communeCode: Str, months: Type.Array(Str), lastEndToEndId: Str });

export const DeadlineRow = Type.Object({
  communeCode: Str,
  communeName: Str,
  provinceCode: Str,
  cycleId: Nullable(Type.Integer()),
  cycleStatus: NullableStr,
  listDue: Str,
  listLate: Type.Boolean(),
  reportDue: Str,
  reportLate: Type.Boolean(),
});

export const DeadlineConfig = Type.Object({ provinceCode: Str, listDueDay: Int, reportDueDay: Int, failurePolicy: Str, national: Type.Boolean() });

/** Paid against due for one programme. */
const ProgrammeAmounts = Type.Object({ dueVnd: Money(), paidVnd: Money() });

/**
 * The payroll audit of a locality over a period (period-audit.service.ts `PeriodAudit`): totals,
 * and each person and month where what was paid differs from what the rules give (none on
 * correct data), with the personal ID as the role may see it.
 */
export const PeriodAudit = Type.Object({
  unit: Str,
  from: Str,
  to: Str,
  people: Int,
  personMonths: Int,
  dueVnd: Money(),
  paidVnd: Money(),
  findings: Type.Array(
    Type.Object({
      personalId: Str,
      fullName: Str,
      month: Str,
      dueVnd: Money(),
      paidVnd: Money(),
      differenceVnd: Money({ description: 'paid − due: positive when paid more than the rules give' }),
      byProgramme: Type.Record(Type.String(), ProgrammeAmounts),
      cycleIds: Type.Array(Int),
    }),
  ),
});
