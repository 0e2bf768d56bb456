import type { Vnd } from '../../money';

/**
 * Shapes of the payroll API (src/modules/payroll/payroll.service.ts, changes.ts, deadlines.ts).
 * Amounts are integer đồng as the server sends them (money.ts: a safe integer or a decimal string).
 */

export const cycleStatuses = ['DRAFT', 'SUBMITTED', 'APPROVED', 'FUNDED', 'DISBURSING', 'RECONCILED', 'CLOSED'] as const;
export type CycleStatus = (typeof cycleStatuses)[number];
/** Funded by the Treasury, or later: the list can be paid. */
export const fundedStatuses: readonly CycleStatus[] = ['FUNDED', 'DISBURSING', 'RECONCILED', 'CLOSED'];
/** Payment has started: results and reconciliation exist. */
export const payingStatuses: readonly CycleStatus[] = ['DISBURSING', 'RECONCILED', 'CLOSED'];

export const programmes = ['TGXH', 'NCC', 'HTXH'] as const;
export type Programme = (typeof programmes)[number];

export interface Cycle {
  id: number;
  month: string;
  monthsCount: number;
  scopeLevel: 'province' | 'commune';
  provinceCode: string;
  communeCode: string | null;
  unitName: string | null;
  programme: Programme | null;
  status: CycleStatus;
  totalVnd: Vnd;
  lineCount: number;
  generatedBy: string;
  generatedAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  fundedReference: string | null;
  fundedDate: string | null;
  fundedAmountVnd: Vnd | null;
  lastComment: string | null;
  version: number;
}

export interface CycleEvent {
  fromStatus: CycleStatus | null;
  toStatus: CycleStatus;
  actor: string;
  comment: string | null;
  at: string;
}

export interface CycleDetail extends Cycle {
  events: CycleEvent[];
}

export interface GenerateRequest {
  month: string;
  unitCode: string;
  programme?: Programme | null;
  monthsCount?: number;
  regenerate?: boolean;
}

export interface GenerateResponse extends Cycle {
  existing: boolean;
  generated: { lines: number; byComponent: Record<string, { lines: number; amountVnd: Vnd }>; rateMissing: number; alreadyPaid: number } | null;
}

export const lineComponents = ['MONTHLY', 'ARREARS', 'FUNERAL', 'ONE_OFF', 'CARRY_OVER', 'RECOVERY'] as const;

export interface PayrollLine {
  id: number;
  personalId: string;
  fullName: string;
  communeCode: string;
  programme: Programme;
  category: string;
  component: string;
  forMonth: string;
  amount: Vnd;
  channel: string;
  provider: string;
  accountNumber: string | null;
  accountHolder: string | null;
  representativeName: string | null;
  breakdown: { baseLevelVnd?: Vnd; coefficientX10?: number; baseLevelMultiple?: number; parts?: unknown[] } | null;
  note: string | null;
  reversed: boolean;
  endToEndId: string | null;
  /** After disbursement: PENDING, SENT, ACKNOWLEDGED (transmission) or PAID, FAILED, RETURNED, ON_HOLD (outcome). */
  status: string | null;
  reason: string | null;
  final: boolean;
}

/** CONTINUING: paid by the previous system (the registry's paid-through month), paid by this one for the first time. */
export type ChangeKind = 'NEW' | 'CONTINUING' | 'STOPPED' | 'AMOUNT_CHANGED' | 'ACCOUNT_CHANGED';
export const changeKinds: readonly ChangeKind[] = ['NEW', 'CONTINUING', 'STOPPED', 'AMOUNT_CHANGED', 'ACCOUNT_CHANGED'];

export interface ChangeRow {
  kind: ChangeKind;
  personalId: string;
  fullName: string;
  communeCode: string;
  programme: Programme;
  previousAmount: Vnd | null;
  amount: Vnd | null;
  previousCategory: string | null;
  category: string | null;
  reason: string;
  detail: string | null;
}

export interface WarningRow {
  code: string;
  personalId: string;
  fullName: string;
  communeCode: string;
  detail: string;
}

export interface ChangesResponse {
  cycleId: number;
  month: string;
  /** Per kind; CHANNEL_CHANGED: of the ACCOUNT_CHANGED, those of the channel. */
  counts: Partial<Record<ChangeKind | 'CHANNEL_CHANGED', number>>;
  changes: ChangeRow[];
  warnings: WarningRow[];
}

export interface SummaryRow {
  communeCode: string;
  communeName: string | null;
  channel: string;
  providerCode: string;
  providerName: string | null;
  persons: number;
  lines: number;
  amountVnd: Vnd;
}

export interface SummaryResponse {
  cycle: Cycle;
  rows: SummaryRow[];
  totalVnd: Vnd;
  totalInWords: string;
}

export interface DeadlineRow {
  communeCode: string;
  communeName: string;
  provinceCode: string;
  cycleId: number | null;
  cycleStatus: CycleStatus | null;
  listDue: string;
  listLate: boolean;
  reportDue: string;
  reportLate: boolean;
}

export type ExportFormat = 'summary-xlsx' | 'list-xlsx' | 'list-pdf';
