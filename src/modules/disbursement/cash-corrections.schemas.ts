import { Type } from 'typebox';
import { Money, Nullable } from '../../app/schemas.js';

/** What the cash result corrections' routes and commands answer (cash-corrections.routes.ts, cash-corrections.commands.ts). */

const Str = Type.String();
const NullableStr = Nullable(Type.String());
const Int = Type.Integer();
const Outcome = Type.Union([Type.Literal('PAID'), Type.Literal('FAILED')]);

export const CorrectionResult = Type.Union(
  [Type.Literal('PAID_SELF'), Type.Literal('PAID_REPRESENTATIVE'), Type.Literal('NOT_FOUND'), Type.Literal('REFUSED')],
  { description: 'PAID_SELF / PAID_REPRESENTATIVE (with the day and the receipt number), NOT_FOUND (UNCLAIMED) or REFUSED' },
);

export const CashCorrection = Type.Object({
  id: Int,
  cycleId: Int,
  endToEndId: Str,
  fullName: Str,
  communeCode: Str,
  providerCode: Str,
  channel: Str,
  amountVnd: Money(),
  fromOutcome: Outcome,
  fromReasonCode: NullableStr,
  toResult: CorrectionResult,
  toOutcome: Outcome,
  toReasonCode: NullableStr,
  paidOn: Nullable(Type.String({ description: 'YYYY-MM-DD' })),
  receiptNumber: NullableStr,
  reason: Str,
  status: Type.Union([Type.Literal('PENDING'), Type.Literal('CONFIRMED'), Type.Literal('REJECTED')]),
  proposedBy: Str,
  proposedAt: Str,
  decidedBy: NullableStr,
  decidedAt: NullableStr,
  decisionNote: NullableStr,
});

export const CashCorrectionProposed = Type.Object({
  ...CashCorrection.properties,
  created: Type.Boolean({ description: 'false: the same proposal existed (waiting or confirmed): nothing new' }),
});

export const CashCorrectionConfirmed = Type.Object({
  ...CashCorrection.properties,
  changed: Type.Boolean({ description: 'false: it was confirmed before: nothing changed' }),
  notices: Type.Integer({ description: 'SMS queued for the beneficiary (PAYMENT_CASH_PAID or PAYMENT_FAILED, as for a result recorded in the first place; never twice)' }),
});

export const CashCorrectionRejected = Type.Object({
  ...CashCorrection.properties,
  changed: Type.Boolean({ description: 'false: it was rejected before: nothing changed' }),
});
