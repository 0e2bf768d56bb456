import type { Vnd } from '../../money';

/** Shapes of the disbursement API (src/modules/disbursement/*.ts). */

export interface BatchProgress {
  pending: number;
  sent: number;
  acknowledged: number;
  paid: number;
  failed: number;
  returned: number;
  onHold: number;
  final: number;
}

export interface Batch {
  id: number;
  providerCode: string;
  providerName: string | null;
  channelGroup: 'BANK' | 'WALLET' | 'CASH';
  round: number;
  messageId: string;
  itemCount: number;
  controlSumVnd: Vnd;
  sentAt: string | null;
  progress: BatchProgress;
}

/** POST …/batches/:batchId/hand-over: `handedOver` false when it was handed over before. */
export interface HandOverResult {
  batchId: number;
  messageId: string;
  providerCode: string;
  round: number;
  items: number;
  controlSumVnd: Vnd;
  handedOver: boolean;
  sentAt: string;
}

export interface CreateBatchesResponse {
  cycleId: number;
  created: boolean;
  batches: Batch[];
}

export interface BatchSendResult {
  batchId: number;
  messageId: string;
  providerCode: string;
  channelGroup: string;
  round: number;
  endpointKind: string | null;
  outcome: 'ACKNOWLEDGED' | 'ALREADY_ACKNOWLEDGED' | 'REJECTED' | 'UNKNOWN' | 'SKIPPED';
  requests: number;
  reason?: string;
  error?: { status: number | null; code: string | null; message: string };
}

export interface SendReport {
  cycleId: number;
  batches: BatchSendResult[];
  acknowledged: number;
  rejected: number;
  unknown: number;
  skipped: number;
}

export interface BatchPollResult {
  batchId: number;
  messageId: string;
  providerCode: string;
  endpointKind: string;
  fetched: number;
  ingested: number;
  applied: number;
  error?: { status: number | null; code: string | null; message: string };
}

export interface PollReport {
  cycleId: number;
  batches: BatchPollResult[];
  cycleStatus: string;
  openItems: number;
}

export interface ReconcileReport {
  cycleId: number;
  messageKey: string;
  source: string;
  cycleStatus: string;
  cashFollowUps: number;
  applied: number;
  paid: number;
  failed: Record<string, number>;
  returned: number;
  onHold: number;
  unmatched: { endToEndId: string; reason: string }[];
  /** Records for batches not handed over yet: held, applied when the batch is sent. */
  held: number;
  duplicates: number;
  conflicts: { endToEndId: string; reason: string }[];
  alreadyIngested: boolean;
}

/** Results held until their batch is handed over (src/modules/disbursement/held.service.ts). */
export interface HeldResult {
  id: number;
  batchId: number;
  batchMessageId: string;
  batchSent: boolean;
  source: string;
  providerCode: string;
  channelGroup: string | null;
  recordCount: number;
  state: 'HELD' | 'APPLIED';
  heldBy: string;
  heldAt: string;
  appliedBy: string | null;
  appliedAt: string | null;
  applied: number | null;
  unmatched: number | null;
}

export interface HeldApplyReport {
  cycleId: number;
  heldApplied: HeldResult[];
  applied: number;
  paid: number;
}

export interface ReconciliationRow {
  providerCode: string;
  communeCode: string;
  outcome: 'NONE' | 'PAID' | 'FAILED' | 'RETURNED' | 'ON_HOLD';
  reasonCode: string | null;
  reason: string | null;
  items: number;
  amountVnd: Vnd;
}

export interface FailedItem {
  endToEndId: string;
  personalId: string;
  fullName: string;
  communeCode: string;
  providerCode: string;
  outcome: string;
  reasonCode: string | null;
  amountVnd: Vnd;
  followUp: 'CARRY_OVER' | 'CASH_SAME_CYCLE' | null;
  replacedBy: string | null;
}

export interface ReconciliationReport {
  cycleId: number;
  rows: ReconciliationRow[];
  failed: FailedItem[];
}

export interface LedgerCheck {
  ok: boolean;
  cycles: number;
  problems: { cycleId: number; check: string; expected: Vnd; actual: Vnd; providerCode?: string }[];
  providers: { cycleId: number; providerCode: string; dispatchedVnd: Vnd; paidVnd: Vnd; returnedVnd: Vnd; failedVnd: Vnd; outstandingVnd: Vnd }[];
}

export type CashResult = 'PAID_SELF' | 'PAID_REPRESENTATIVE' | 'NOT_FOUND' | 'REFUSED' | 'DECEASED';

export interface CashConfirmation {
  endToEndId: string;
  result: CashResult;
  date?: string;
  receiptNumber?: string;
  note?: string;
}

export type CorrectionResult = 'PAID_SELF' | 'PAID_REPRESENTATIVE' | 'NOT_FOUND' | 'REFUSED';

/** A cash result's correction (GET/POST /api/v1/disbursement/cycles/:id/cash-corrections). */
export interface CashCorrection {
  id: number;
  cycleId: number;
  endToEndId: string;
  fullName: string;
  communeCode: string;
  providerCode: string;
  channel: string;
  amountVnd: Vnd;
  fromOutcome: 'PAID' | 'FAILED';
  fromReasonCode: string | null;
  toResult: CorrectionResult;
  toOutcome: 'PAID' | 'FAILED';
  toReasonCode: string | null;
  paidOn: string | null;
  receiptNumber: string | null;
  reason: string;
  status: 'PENDING' | 'CONFIRMED' | 'REJECTED';
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export type FileFormat = 'pain001' | 'csv' | 'xlsx' | 'cash-list';
