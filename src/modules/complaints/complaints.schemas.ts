import { Type } from 'typebox';
import { Nullable } from '../../app/schemas.js';

/** The kinds and outcomes of complaints.repository.ts, one literal each (a mapped union would lose the literals in the answer types). */
export const Kind = Type.Union([
  Type.Literal('NOT_RECEIVED'), Type.Literal('WRONG_AMOUNT'), Type.Literal('ACCOUNT_CHANGE'), Type.Literal('CASH_DELIVERY'), Type.Literal('OTHER'),
]);
export const Outcome = Type.Union([
  Type.Literal('CORRECTED_ACCOUNT'), Type.Literal('REPAID_NEXT_CYCLE'), Type.Literal('PAID_IN_CASH'), Type.Literal('EXPLAINED'), Type.Literal('REFERRED'), Type.Literal('REJECTED'),
]);
const Status = Type.Union([Type.Literal('OPEN'), Type.Literal('ASSIGNED'), Type.Literal('RESOLVED')]);

export const Complaint = Type.Object({
  id: Type.Integer(),
  personalId: Type.String({ description: 'Full for those who handle complaints; last 4 digits for administrators and auditors' }),
  fullName: Type.String({ description: 'Empty for administrators and auditors (metadata only)' }),
  communeCode: Type.String(),
  provinceCode: Type.String(),
  cycleId: Nullable(Type.Integer()),
  cycleMonth: Nullable(Type.String()),
  kind: Kind,
  text: Nullable(Type.String({ description: 'The complaint; null for administrators and auditors (metadata only)' })),
  source: Type.Union([Type.Literal('OFFICER'), Type.Literal('SELF_SERVICE')]),
  status: Status,
  filedBy: Type.String(),
  filedAt: Type.String(),
  dueDate: Type.String({ description: 'Answer due (YYYY-MM-DD), in working days from the filing' }),
  overdue: Type.Boolean(),
  assignedTo: Nullable(Type.String()),
  assignedAt: Nullable(Type.String()),
  outcome: Nullable(Outcome),
  resolution: Nullable(Type.String()),
  resolvedBy: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
});

export const FiledComplaint = Type.Object({
  complaintId: Type.Integer(),
  dueDate: Type.String(),
  created: Type.Boolean({ description: 'false: the same open complaint was already filed' }),
});

export const AnswerDays = Type.Object({ provinceCode: Type.String(), workingDays: Type.Integer(), default: Type.Boolean() });
