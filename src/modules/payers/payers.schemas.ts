import { Type } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

/** A paying account or a proposal of one, as the routes and `asxh payer list` show it. */
export const PayerView = Type.Object({
  id: Type.Integer(),
  provinceCode: Type.String(),
  programme: Type.String({ description: 'TGXH, NCC or HTXH' }),
  agentBin: Type.String({ description: 'NAPAS BIN of the debtor’s bank' }),
  accountNumber: Type.String({ description: 'The paying agency’s debtor account' }),
  name: Type.String({ description: 'The paying agency (debtor name)' }),
  status: Type.Union([Type.Literal('PENDING'), Type.Literal('APPROVED'), Type.Literal('SUPERSEDED'), Type.Literal('REJECTED')]),
  proposedBy: Type.String(),
  proposedAt: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  approvedAt: Nullable(Type.String()),
  supersededAt: Nullable(Type.String()),
});

export const PayerProposed = Type.Object({
  proposalId: Type.Integer(),
  status: Type.Union([Type.Literal('PENDING'), Type.Literal('APPROVED')]),
  created: Type.Boolean({ description: 'false when the same proposal was pending already or the same account is in force' }),
});

export const PayerDecided = Type.Object({
  proposalId: Type.Integer(),
  status: Type.Union([Type.Literal('APPROVED'), Type.Literal('REJECTED')]),
  provinceCode: Type.String(),
  programme: Type.String(),
  replacedId: Type.Union([Type.Integer(), Type.Null()], { description: 'The account this one replaced, if one was in force' }),
});
