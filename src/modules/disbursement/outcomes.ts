import { enqueuePaymentNotices } from '../notifications/notices.service.js';
import { profiled } from '../../core/profile.js';
import type { Executor } from '../../db/client.js';
import { flagForReverification } from '../accounts/verification.service.js';
import { postItemMovements } from '../ledger/ledger.service.js';
import { recordProviderDeathReports } from '../population/population.service.js';
import {
  countChanges, countMatched, deathReportsRelation, failedInstrumentsRelation, findConflicts, foldRecords, holdUnsentRecords, insertInboundMessage, listUnmatched,
  loadRecords, paymentNewsOfChanges, resultChangesRelation, updateItems, updateMessageSummary, type MessageSource, type ResultBinding, type ResultRecord,
} from './outcomes.repository.js';

/**
 * Applies provider results to items: from pain.002 files, CSV result files, API callbacks, status
 * queries and cash confirmations alike. Set-based; forward-only (a late "accepted" never
 * overwrites "paid"; "paid" may become "returned"; failures are final); idempotent per message.
 */
export type { ResultBinding, ResultRecord, ResultStatus } from './outcomes.repository.js';

export interface ApplyReport {
  applied: number;
  paid: number;
  failed: Record<string, number>;
  returned: number;
  onHold: number;
  unmatched: { endToEndId: string; reason: string }[];
  /** Records for items whose batch was not handed over yet: held, applied when it is (held_results). */
  held: number;
  duplicates: number;
  /** Already final in another way (e.g. a failure reported after payment): kept, for review. */
  conflicts: { endToEndId: string; reason: string }[];
  /** True when this message had been ingested before: nothing was applied. */
  alreadyIngested: boolean;
}

/** Reasons after which the account must be checked again before the next payroll. */
const accountReasons = ['AC01', 'AC03', 'AC04', 'AC06', 'AC07', 'AG01', 'AG03', 'BE01', 'BE06', 'NOCM'];

export interface ApplyOptions {
  source: MessageSource;
  /** The message's own id (file MsgId, callback message_id, file hash): a second delivery is a no-op. */
  messageKey: string;
  cycleId?: number | null;
  /** What to do with failed items, from the province's policy. */
  failurePolicy: 'CASH_SAME_CYCLE' | 'CARRY_OVER';
  /** Which items the message may change (outcomes.repository.ts ResultBinding). */
  binding: ResultBinding;
  /** Who the records of batches not sent yet are held for (the message's sender); without it they are only reported. */
  heldBy?: string;
}

export function emptyReport(): ApplyReport {
  return { applied: 0, paid: 0, failed: {}, returned: 0, onHold: 0, unmatched: [], held: 0, duplicates: 0, conflicts: [], alreadyIngested: false };
}

/** Records the message; false when it was ingested before (then nothing may be applied). */
export async function registerMessage(executor: Executor, options: ApplyOptions): Promise<boolean> {
  return insertInboundMessage(executor, { source: options.source, messageKey: options.messageKey, cycleId: options.cycleId ?? null });
}

export async function saveMessageSummary(executor: Executor, options: ApplyOptions, report: ApplyReport): Promise<void> {
  await updateMessageSummary(executor, options, { ...report, unmatched: report.unmatched.length, conflicts: report.conflicts.length });
}

/** Adds one chunk's counts into the message's report. */
export function mergeReports(total: ApplyReport, part: ApplyReport): void {
  total.applied += part.applied;
  total.paid += part.paid;
  total.returned += part.returned;
  total.onHold += part.onHold;
  total.duplicates += part.duplicates;
  total.held += part.held;
  for (const [code, count] of Object.entries(part.failed)) total.failed[code] = (total.failed[code] ?? 0) + count;
  total.unmatched.push(...part.unmatched);
  total.conflicts.push(...part.conflicts);
}

/**
 * Applies one chunk of a registered message (callers chunk large files to keep memory flat).
 *
 * Set-based, and each item is read and written once in the common case: the records are loaded
 * and matched to their items in one statement, folded into one row per item, and one UPDATE takes
 * each item through the steps its records allow (hold, then paid or failed) — the same end state
 * as applying the steps one after another. The rows that changed (their new state, from RETURNING)
 * then drive the ledger, the flags and the report without reading the items again.
 */
export async function applyResultChunk(executor: Executor, records: readonly ResultRecord[], options: ApplyOptions): Promise<ApplyReport> {
  const report = emptyReport();
  await profiled('results: load and match', () => loadRecords(executor, records, options.cycleId ?? null, options.binding));
  const heldBy = options.heldBy;
  report.unmatched = await listUnmatched(executor, heldBy === undefined);
  if (heldBy !== undefined) {
    report.held = await profiled('results: hold', () => holdUnsentRecords(executor, { source: options.source, messageKey: options.messageKey, binding: options.binding, heldBy }));
  }
  await profiled('results: fold per item', () => foldRecords(executor));
  await profiled('results: update items', () => updateItems(executor, options.failurePolicy));
  await profiled('results: ledger', () => postItemMovements(executor, resultChangesRelation()));
  await profiled('results: payment news', () => enqueuePaymentNotices(executor, paymentNewsOfChanges()));
  await profiled('results: flags', () => flagAccountsAndDeaths(executor));
  const counts = await countChanges(executor);
  for (const row of counts) {
    report.applied += row.count;
    if (row.outcome === 'PAID') report.paid += row.count;
    else if (row.outcome === 'RETURNED') report.returned += row.count;
    else if (row.outcome === 'ON_HOLD') report.onHold += row.count;
    else if (row.outcome === 'FAILED') report.failed[row.reason ?? 'UNKNOWN'] = (report.failed[row.reason ?? 'UNKNOWN'] ?? 0) + row.count;
  }
  const matched = await countMatched(executor);
  // A conflict needs a record that did not move its item: when every matched record moved an item
  // of its own (the usual result file: one final result per item), there is none to look for.
  if (matched.records > report.applied) report.conflicts = await profiled('results: conflicts', () => findConflicts(executor));
  report.duplicates = Math.max(0, matched.items - report.applied - report.conflicts.length);
  return report;
}

/**
 * A failed or returned transfer flags the account for re-verification before the next payroll
 * (accounts); MD07 (end customer deceased) opens a review item so the commune proposes
 * termination (population).
 */
async function flagAccountsAndDeaths(executor: Executor): Promise<void> {
  await flagForReverification(executor, failedInstrumentsRelation(accountReasons));
  await recordProviderDeathReports(executor, deathReportsRelation());
}
