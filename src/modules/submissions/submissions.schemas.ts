import { Type } from 'typebox';
import { Nullable } from '../../app/schemas.js';
import { MonthlyReport } from '../reporting/reporting.schemas.js';

const Status = Type.Union([Type.Literal('SUBMITTED'), Type.Literal('CONFIRMED'), Type.Literal('RETURNED'), Type.Literal('SUPERSEDED')]);

export const Submission = Type.Object({
  id: Type.Integer(),
  unit: Type.String(),
  month: Type.String(),
  programme: Nullable(Type.String()),
  version: Type.Integer({ minimum: 1 }),
  status: Status,
  reportSha256: Type.String({ description: 'SHA-256 of the frozen report' }),
  submittedBy: Type.String(),
  submittedAt: Type.String(),
  confirmedBy: Nullable(Type.String()),
  confirmedAt: Nullable(Type.String()),
  returnedBy: Nullable(Type.String()),
  returnedAt: Nullable(Type.String()),
  returnReason: Nullable(Type.String()),
});

export const SubmitResult = Type.Object({
  submission: Submission,
  changed: Type.Boolean({ description: 'false: the same figures were already submitted' }),
  superseded: Nullable(Type.Integer({ description: 'The earlier version this one replaces' })),
});

export const SubmissionWithReport = Type.Object({ ...Submission.properties, report: MonthlyReport, versions: Type.Array(Submission) });

export const SubmissionStatus = Type.Object({
  month: Type.String(),
  unit: Nullable(Type.String()),
  dueDate: Nullable(Type.String()),
  rows: Type.Array(
    Type.Object({
      unit: Type.String(),
      name: Nullable(Type.String()),
      status: Type.Union([Type.Literal('NOT_SUBMITTED'), ...Status.anyOf]),
      late: Type.Boolean(),
      submission: Nullable(Submission),
    }),
  ),
});

export const Reminded = Type.Object({ units: Type.Array(Type.String()), messages: Type.Integer({ minimum: 0 }) });
