import { Type } from 'typebox';
import { Money, Nullable } from '../../app/schemas.js';

/**
 * What the fees routes and commands answer. Amounts are JSON integers of đồng (app/schemas.ts
 * `Money`), as every amount of the API; percentages travel as exact decimal text ("0.05") beside
 * their integer millionths.
 */
const Str = Type.String();
const Int = Type.Integer();

export const FeeSchedule = Type.Object({
  id: Int,
  provinceCode: Nullable(Type.String({ description: 'The province of its own schedule; null: national' })),
  providerCode: Str,
  providerName: Nullable(Str),
  channel: Str,
  validFrom: Type.String({ description: 'In force from this day (YYYY-MM-DD) until a later row' }),
  pct: Type.String({ description: 'Percentage of the amount, exact decimal text' }),
  ratePpm: Type.Integer({ description: 'The same in millionths of the amount' }),
  fixedVnd: Money({ description: 'Fixed part per payment' }),
  minVnd: Money({ description: 'Minimum fee per payment, before VAT' }),
  maxVnd: Nullable(Money({ description: 'Maximum fee per payment, before VAT; null: none' })),
  vatPct: Type.String({ description: 'VAT percentage, exact decimal text' }),
  vatPpm: Int,
  setBy: Str,
  setAt: Str,
});

export const FeeScheduleSet = Type.Object({
  schedule: FeeSchedule,
  changed: Type.Boolean({ description: 'False when the same terms were already set for that day (nothing done)' }),
});

const Sums = {
  payments: Int,
  amountVnd: Money({ description: 'What the beneficiaries receive (fees are not deducted from it)' }),
  feeVnd: Money({ description: 'Fees with VAT, paid to the provider by the paying agency' }),
  vatVnd: Money({ description: 'The VAT included in feeVnd' }),
};

export const CycleFees = Type.Object({
  cycleId: Int,
  feeDate: Type.String({ description: 'The day whose schedules price the cycle: the first of its month' }),
  basis: Type.Union([Type.Literal('items'), Type.Literal('lines')], { description: 'items: the disbursement items; lines: the lines grouped as the items will be (before batches)' }),
  payments: Int,
  amountVnd: Money(),
  totalVnd: Money({ description: 'Total fees with VAT' }),
  vatVnd: Money(),
  unpricedPayments: Type.Integer({ description: 'Payments of a provider and channel without a schedule in force (no fee counted)' }),
  byProvider: Type.Record(Type.String(), Type.Object({ providerName: Nullable(Str), unpricedPayments: Int, ...Sums })),
  byChannel: Type.Array(Type.Object({ providerCode: Str, channel: Str, unpricedPayments: Int, ...Sums })),
  byBatch: Type.Array(Type.Object({ batchId: Int, messageId: Str, providerCode: Str, channelGroup: Str, round: Int, ...Sums })),
});

