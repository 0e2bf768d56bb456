import { Type } from 'typebox';
import { Money, Nullable } from '../../app/schemas.js';

/** Response schemas of the reports (a field not named here never leaves the server). */
const PeopleAmount = Type.Object({ people: Type.Integer({ minimum: 0 }), amountVnd: Money() });
const Reasons = Type.Record(Type.String(), Type.Integer({ minimum: 0 }), { description: 'People per reason code (ISO or the provider’s)' });

export const MonthlyRow = Type.Object({
  unit: Nullable(Type.String({ description: 'Province or commune code; null for the country' })),
  name: Nullable(Type.String()),
  people: Type.Integer({ minimum: 0, description: 'People with a line in the month, each once' }),
  dueVnd: Money({ description: 'The month’s lines, net of recoveries' }),
  paid: Type.Object({
    people: Type.Integer({ minimum: 0 }),
    amountVnd: Money(),
    byChannel: Type.Record(Type.String(), PeopleAmount, { description: 'TK_NGAN_HANG, VI_DIEN_TU, MOBILE_MONEY, TIEN_MAT, TAI_NHA' }),
    byProvider: Type.Record(Type.String(), PeopleAmount),
  }),
  failed: Type.Object({ people: Type.Integer({ minimum: 0 }), amountVnd: Money(), byReason: Reasons }),
  returned: Type.Object({ people: Type.Integer({ minimum: 0 }), amountVnd: Money(), byReason: Reasons }),
  carriedOver: PeopleAmount,
  outstanding: PeopleAmount,
  feesVnd: Money({ description: 'Payment service fees (with VAT), paid by the agency on top' }),
  feesByChannel: Type.Record(Type.String(), Type.Object({ payments: Type.Integer({ minimum: 0 }), feeVnd: Money(), perPaymentVnd: Money({ description: 'Average fee of a payment (half up)' }) }), {
    description: 'Cost per payment by channel',
  }),
  cashlessShare: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'People paid into an account or wallet ÷ people paid' })),
  cashlessPeople: Type.Integer({ minimum: 0 }),
  daysToPayment: Type.Object({ median: Nullable(Type.Integer()), p90: Nullable(Type.Integer()) }, { description: 'Days from the Treasury’s funding to the payment' }),
  target: Nullable(
    Type.Object({
      pct: Nullable(Type.Number({ description: 'A share of the people paid…' })),
      people: Nullable(Type.Integer({ description: '…or a number of people paid into an account or wallet' })),
      period: Type.String(),
      met: Nullable(Type.Boolean()),
    }),
  ),
});

export const MonthlyReport = Type.Object({
  month: Type.String(),
  unit: Nullable(Type.String()),
  name: Nullable(Type.String()),
  programme: Nullable(Type.String()),
  rows: Type.Array(MonthlyRow),
  total: MonthlyRow,
  complaints: Type.Optional(
    Type.Object({
      month: Type.String(),
      unit: Nullable(Type.String()),
      filed: Type.Integer(),
      resolved: Type.Integer(),
      overdue: Type.Integer(),
      byKind: Type.Record(Type.String(), Type.Integer()),
      byOutcome: Type.Record(Type.String(), Type.Integer()),
    }, { description: 'complaints and requests of the unit in the month (filed, resolved by outcome, overdue at month end)' }),
  ),
});

/**
 * Figures for publication (publication.ts): counts of 1–4 people as "< 5", their amounts withheld
 * (null); a count withheld so that a "< 5" cannot be worked out from a sum (complementary) is null.
 */
const PublishedCount = Type.Union([Type.Integer({ minimum: 0 }), Type.Literal('< 5'), Type.Null()], {
  description: 'The count; "< 5" for 1–4 people; null when withheld to protect a "< 5" of the same sum',
});
const PublishedCell = Type.Object({ people: PublishedCount, amountVnd: Nullable(Money()) });
const PublishedReasons = Type.Record(Type.String(), PublishedCount);

export const PublishedRow = Type.Object({
  unit: Nullable(Type.String()),
  name: Nullable(Type.String()),
  people: PublishedCount,
  dueVnd: Nullable(Money()),
  paid: Type.Object({
    people: PublishedCount,
    amountVnd: Nullable(Money()),
    byChannel: Type.Record(Type.String(), PublishedCell),
    byProvider: Type.Record(Type.String(), PublishedCell),
  }),
  failed: Type.Object({ people: PublishedCount, amountVnd: Nullable(Money()), byReason: PublishedReasons }),
  returned: Type.Object({ people: PublishedCount, amountVnd: Nullable(Money()), byReason: PublishedReasons }),
  carriedOver: PublishedCell,
  outstanding: PublishedCell,
  feesVnd: Nullable(Money()),
  feesByChannel: Type.Record(Type.String(), Type.Object({ payments: PublishedCount, feeVnd: Nullable(Money()), perPaymentVnd: Nullable(Money()) })),
  cashlessShare: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
  cashlessPeople: PublishedCount,
  daysToPayment: Type.Object({ median: Nullable(Type.Integer()), p90: Nullable(Type.Integer()) }),
  target: Nullable(Type.Object({ pct: Nullable(Type.Number()), people: Nullable(Type.Integer()), period: Type.String(), met: Nullable(Type.Boolean()) })),
});

export const PublishedMonthlyReport = Type.Object({
  month: Type.String(),
  unit: Nullable(Type.String()),
  name: Nullable(Type.String()),
  programme: Nullable(Type.String()),
  published: Type.Literal(true),
  rows: Type.Array(PublishedRow),
  total: PublishedRow,
});

export const TrendsReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  unit: Nullable(Type.String()),
  name: Nullable(Type.String()),
  programme: Nullable(Type.String()),
  months: Type.Array(MonthlyRow, { description: 'One row per payment month with payments; `unit` holds the month' }),
  total: MonthlyRow,
});

export const PeriodReport = Type.Object({
  year: Type.Integer(),
  period: Type.Union([Type.Literal('H1'), Type.Literal('H2'), Type.Literal('YEAR')]),
  unit: Nullable(Type.String()),
  name: Nullable(Type.String()),
  programme: Nullable(Type.String()),
  current: TrendsReport,
  previous: TrendsReport,
});
