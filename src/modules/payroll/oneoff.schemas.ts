import { Type } from 'typebox';
import { Money, Nullable } from '../../app/schemas.js';

/** What the bulk one-off routes and commands answer (oneoff.service.ts). */
const Str = Type.String();
const Int = Type.Integer();

export const OneOffIssue = Type.Object({
  row: Type.Integer({ description: 'The row as Excel shows it (the header is row 1)' }),
  field: Str,
  code: Type.String({ description: 'Stable error code (ID_FORMAT, PERSON_NOT_FOUND, NAME_MISMATCH, AMOUNT_OVER_CAP, DUPLICATE_ROW …)' }),
  message: Str,
  messageEn: Str,
  cells: Type.Record(Type.String(), Type.String(), { description: 'The row as it was in the file' }),
});

export const OneOffImportReport = Type.Object({
  batchId: Nullable(Type.Integer({ description: 'The batch waiting for approval; null for a dry run or when no row was accepted' })),
  dryRun: Type.Boolean(),
  fileName: Str,
  forMonth: Str,
  rows: Int,
  accepted: Int,
  rejected: Int,
  totalVnd: Money({ description: 'Total of the accepted rows' }),
  errors: Type.Array(OneOffIssue),
  errorsTruncated: Type.Boolean(),
});

export const OneOffBatch = Type.Object({
  id: Int,
  fileName: Str,
  forMonth: Str,
  reason: Str,
  provinceCode: Nullable(Str),
  communeCode: Nullable(Str),
  rows: Int,
  accepted: Int,
  rejected: Int,
  totalVnd: Money(),
  capVnd: Money({ description: 'The cap per person and batch when it was imported' }),
  status: Type.Union([Type.Literal('PENDING'), Type.Literal('APPROVED'), Type.Literal('REJECTED')]),
  madeBy: Str,
  madeAt: Str,
  decidedBy: Nullable(Str),
  decidedAt: Nullable(Str),
  decisionComment: Nullable(Str),
  lineKey: Type.String({ description: 'The line key of its ONE_OFF lines' }),
});

export const OneOffBatchDetail = Type.Object({ ...OneOffBatch.properties, errors: Type.Array(OneOffIssue) });

export const OneOffDecision = Type.Object({ ...OneOffBatch.properties, payments: Type.Integer({ description: 'One-off payments written now' }) });

export const OneOffCap = Type.Object({ provinceCode: Str, capVnd: Money(), national: Type.Boolean({ description: 'true: the national default, the province set none' }) });
