import { Type } from 'typebox';
import { Money, Nullable } from '../../app/schemas.js';

/** What the payment-point and home-delivery routes and commands answer (cashpoints.routes.ts, cashpoints.commands.ts). */

const Str = Type.String();
const NullableStr = Nullable(Type.String());
const Int = Type.Integer();

export const PaymentPoint = Type.Object({
  id: Int,
  provinceCode: Str,
  communeCode: Str,
  communeName: NullableStr,
  name: Str,
  address: NullableStr,
  hours: NullableStr,
  providerCode: Str,
  agentName: NullableStr,
  villages: Nullable(Type.Array(Str)),
  active: Type.Boolean(),
  dates: Type.Array(Str, { description: 'The dates of the cycle asked about (YYYY-MM-DD)' }),
});

export const PointSaved = Type.Object({ point: PaymentPoint, created: Type.Boolean(), changed: Type.Boolean() });

export const ScheduleSet = Type.Object({
  cycleId: Int,
  pointId: Int,
  dates: Type.Array(Str),
  added: Type.Array(Str),
  notices: Type.Integer({ description: 'CASH_SCHEDULE SMS queued now (the people of batches already handed over; the others at hand-over)' }),
});

export const HomeRound = Type.Object({
  id: Int,
  cycleId: Int,
  provinceCode: Str,
  communeCode: Str,
  date: Str,
  hours: NullableStr,
  providerCode: Str,
  agentName: NullableStr,
  villages: Nullable(Type.Array(Str)),
});

export const RoundSaved = Type.Object({ round: HomeRound, created: Type.Boolean(), people: Int, notices: Int });

/** A cash list's summary (the rows are in the XLSX file). */
export const CashListWritten = Type.Object({
  cycleId: Int,
  month: Str,
  kind: Type.Union([Type.Literal('POINT'), Type.Literal('HOME')]),
  pointId: Nullable(Int),
  roundId: Nullable(Int),
  communeCode: Str,
  providerCode: Str,
  place: Str,
  dates: Type.Array(Str),
  people: Int,
  totalVnd: Money(),
  out: Str,
});
