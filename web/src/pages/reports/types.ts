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
  /** People paid into an account or wallet ÷ people paid (0..1); null when nobody was paid. */
  cashlessShare: number | null;
  cashlessPeople: number;
  daysToPayment: { median: number | null; p90: number | null };
  /** The target in percent, its period, and whether the share meets it (null: cannot tell yet). */
  target: { pct: number; period: string; met: boolean | null } | null;
}

export interface MonthlyReport {
  month: string;
  unit: string | null;
  name: string | null;
  programme: string | null;
  rows: MonthlyRow[];
  total: MonthlyRow;
}

export const submissionStatuses = ['NOT_SUBMITTED', 'SUBMITTED', 'CONFIRMED', 'RETURNED'] as const;
export type SubmissionStatus = (typeof submissionStatuses)[number];

/** A commune's submitted monthly report: a frozen version. */
export interface Submission {
  id: number;
  unit: string;
  month: string;
  programme: string | null;
  version: number;
  status: Exclude<SubmissionStatus, 'NOT_SUBMITTED'>;
  submittedBy: string;
  submittedAt: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
  returnedBy: string | null;
  returnedAt: string | null;
  returnReason: string | null;
}

export interface SubmissionDetail extends Submission {
  report: MonthlyReport;
}

export interface SubmissionRow {
  unit: string;
  name: string | null;
  status: SubmissionStatus;
  late: boolean;
  submission: Submission | null;
  /** Every version of the month's report, when the server lists them (the latest is `submission`). */
  versions?: Submission[];
}

export interface SubmissionList {
  month: string;
  dueDate: string | null;
  rows: SubmissionRow[];
}
