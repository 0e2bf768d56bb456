import type { Vnd } from '../../money';

/**
 * Shapes of the reporting API (src/modules/reporting/reporting.schemas.ts) and of the monthly
 * report's submission. Amounts are integer đồng as the server sends them (money.ts).
 */

export interface PeopleAmount {
  people: number;
  amountVnd: Vnd;
}

export const reportChannels = ['TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY', 'TIEN_MAT', 'TAI_NHA'] as const;

export interface MonthlyRow {
  /** Province or commune code; null for the country. */
  unit: string | null;
  name: string | null;
  people: number;
  dueVnd: Vnd;
  paid: PeopleAmount & { byChannel: Record<string, PeopleAmount>; byProvider: Record<string, PeopleAmount> };
  failed: PeopleAmount & { byReason: Record<string, number> };
  returned: PeopleAmount & { byReason: Record<string, number> };
  carriedOver: PeopleAmount;
  outstanding: PeopleAmount;
  feesVnd: Vnd;
  /** Cost per payment by channel: payments (not failed), their fees and the average fee of one. */
  feesByChannel?: Record<string, { payments: number; feeVnd: Vnd; perPaymentVnd: Vnd }>;
  /** People paid into an account or wallet ÷ people paid (0..1); null when nobody was paid. */
  cashlessShare: number | null;
  cashlessPeople: number;
  daysToPayment: { median: number | null; p90: number | null };
  /** The target — a share in percent, or a number of people paid into an account — its period, and whether it is met (null: cannot tell yet). */
  target: { pct: number | null; people: number | null; period: string; met: boolean | null } | null;
}

export interface MonthlyReport {
  month: string;
  unit: string | null;
  name: string | null;
  programme: string | null;
  rows: MonthlyRow[];
  total: MonthlyRow;
}

/**
 * GET /api/v1/reports/monthly/published (src/modules/reporting/publication.ts): a count of 1–4
 * people is "< 5" and its amount null; a figure withheld so that a "< 5" cannot be worked out from
 * a sum is null (count and amount). A MonthlyRow is a PublishedRow with every figure shown.
 */
export type PublishedCount = number | '< 5' | null;
export interface PublishedPeopleAmount {
  people: PublishedCount;
  amountVnd: Vnd | null;
}

export interface PublishedRow {
  unit: string | null;
  name: string | null;
  people: PublishedCount;
  dueVnd: Vnd | null;
  paid: PublishedPeopleAmount & { byChannel: Record<string, PublishedPeopleAmount>; byProvider: Record<string, PublishedPeopleAmount> };
  failed: PublishedPeopleAmount & { byReason: Record<string, PublishedCount> };
  returned: PublishedPeopleAmount & { byReason: Record<string, PublishedCount> };
  carriedOver: PublishedPeopleAmount;
  outstanding: PublishedPeopleAmount;
  feesVnd: Vnd | null;
  feesByChannel?: Record<string, { payments: PublishedCount; feeVnd: Vnd | null; perPaymentVnd: Vnd | null }>;
  cashlessShare: number | null;
  cashlessPeople: PublishedCount;
  daysToPayment: { median: number | null; p90: number | null };
  target: { pct: number | null; people: number | null; period: string; met: boolean | null } | null;
}

export interface PublishedMonthlyReport {
  month: string;
  unit: string | null;
  name: string | null;
  programme: string | null;
  published: true;
  rows: PublishedRow[];
  total: PublishedRow;
}

/** SUPERSEDED: a later version with other figures replaced it (it stays readable). */
export const submissionStatuses = ['NOT_SUBMITTED', 'SUBMITTED', 'CONFIRMED', 'RETURNED', 'SUPERSEDED'] as const;
export type SubmissionStatus = (typeof submissionStatuses)[number];

/** A unit's submitted monthly report: a frozen version (src/modules/submissions/submissions.schemas.ts). */
export interface Submission {
  id: number;
  unit: string;
  month: string;
  programme: string | null;
  version: number;
  status: Exclude<SubmissionStatus, 'NOT_SUBMITTED'>;
  /** SHA-256 of the frozen report. */
  reportSha256: string;
  submittedBy: string;
  submittedAt: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
  returnedBy: string | null;
  returnedAt: string | null;
  returnReason: string | null;
}

/** POST /api/v1/reports/submissions: `changed` false when the same figures were already submitted. */
export interface SubmitResult {
  submission: Submission;
  changed: boolean;
  /** The earlier version this one replaces. */
  superseded: number | null;
}

/** One version with its figures as submitted, and every version of its unit, month and programme. */
export interface SubmissionDetail extends Submission {
  report: MonthlyReport;
  versions: Submission[];
}

export interface SubmissionRow {
  unit: string;
  name: string | null;
  status: SubmissionStatus;
  late: boolean;
  submission: Submission | null;
}

export interface SubmissionList {
  month: string;
  unit: string | null;
  dueDate: string | null;
  rows: SubmissionRow[];
}

/** GET /api/v1/reports/trends: a row per payment month with payments (`unit` holds the month), oldest first. */
export interface TrendsReport {
  from: string;
  to: string;
  unit: string | null;
  name: string | null;
  programme: string | null;
  months: MonthlyRow[];
  /** The whole period, each person counted once. */
  total: MonthlyRow;
}

export const reportPeriods = ['H1', 'H2', 'YEAR'] as const;
export type ReportPeriod = (typeof reportPeriods)[number];

/** GET /api/v1/reports/period: the six-monthly report or the annual (November) review beside the year before. */
export interface PeriodReport {
  year: number;
  period: ReportPeriod;
  unit: string | null;
  name: string | null;
  programme: string | null;
  current: TrendsReport;
  previous: TrendsReport;
}
