import type { AppContext } from '../../app/context.js';
import { useBulkSettings } from '../../db/bulk.js';
import type { Executor } from '../../db/client.js';
import { ownProviderCode } from '../access/need-to-know.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { findCycle } from '../payroll/payroll.service.js';
import { deadlineConfig } from '../payroll/deadlines.js';
import { loadCycleForDisbursement } from './batches.service.js';
import { heldRecordsPage, listHeldRows, lockHeldToApply, markHeldApplied, type HeldRow } from './held.repository.js';
import { applyResultChunk, emptyReport, mergeReports, registerMessage, saveMessageSummary, type ApplyOptions, type ApplyReport } from './outcomes.js';
import { closeIfReconciled, followUpResults } from './reconcile.service.js';

/**
 * Results that arrived before their batch was handed over (a file uploaded early, confirmations
 * typed before the list was given) are held, not lost (issue 18): each message's records of each
 * batch not sent yet wait in `held_results`, listed with the cycle. When the batch is handed over
 * (its file downloaded, or the provider's acknowledgement of the API submission), they are applied
 * in the same transaction; `asxh disburse results apply-held` applies whatever still waits. A held message
 * is applied once: its row is locked and goes HELD → APPLIED, and its records are applied as their
 * own inbound message (`held:<id>`), which a second run finds already ingested. It is applied under
 * the rules it came with (its provider, channel group and cash rule), as if it had come now.
 */
const nationalScope = { level: 'national' } as const;
const pageRecordsMax = 100_000;

export interface HeldView {
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

function viewOfHeld(row: HeldRow): HeldView {
  const summary = row.summary ?? {};
  const count = (key: string) => (typeof summary[key] === 'number' ? (summary[key] as number) : null);
  return {
    id: row.id, batchId: row.batchId, batchMessageId: row.batchMessageId, batchSent: row.batchSent, source: row.source, providerCode: row.providerCode,
    channelGroup: row.channelGroup, recordCount: row.recordCount, state: row.state, heldBy: row.heldBy, heldAt: row.heldAt, appliedBy: row.appliedBy,
    appliedAt: row.appliedAt, applied: count('applied'), unmatched: count('unmatched'),
  };
}

/** A cycle's held results (waiting and applied); a provider's agent sees only its own provider's. */
export async function listHeldResults(ctx: AppContext, actor: Actor, cycleId: number): Promise<HeldView[]> {
  requirePermission(actor, 'payroll.read');
  await loadCycleForDisbursement(ctx.db.orm, actor, cycleId);
  return (await listHeldRows(ctx.db.orm, cycleId, ownProviderCode(actor))).map(viewOfHeld);
}

export interface HeldApplyReport extends Omit<ApplyReport, 'alreadyIngested' | 'held'> {
  cycleId: number;
  /** The held messages applied now. */
  heldApplied: HeldView[];
  cycleStatus: string;
  cashFollowUps: number;
}

/**
 * Applies, inside the caller's transaction, the held results of the cycle whose batch is handed
 * over (only batch `batchId`'s when given; only the agent's own provider's for an agent), each
 * once, audited; then the follow-ups of the results and the cycle's reconciliation.
 */
export async function applyHeldResultsInTx(
  tx: Executor,
  actor: Actor,
  cycleId: number,
  failurePolicy: ApplyOptions['failurePolicy'],
  filter: { batchId?: number; ownProvider?: string | null } = {},
): Promise<HeldApplyReport> {
  const total = emptyReport();
  const heldApplied: HeldView[] = [];
  const waiting = await lockHeldToApply(tx, cycleId, { batchId: filter.batchId, ownProvider: filter.ownProvider ?? null });
  const cycle = await findCycle(tx, nationalScope, cycleId);
  if (waiting.length === 0 || !cycle) return { ...withoutFlags(total), cycleId, heldApplied, cycleStatus: cycle?.status ?? 'UNKNOWN', cashFollowUps: 0 };
  await useBulkSettings(tx, '64MB');
  for (const held of waiting) {
    const options: ApplyOptions = {
      source: held.source,
      messageKey: `held:${held.id}`,
      cycleId,
      failurePolicy,
      binding: { providerCode: held.providerCode, channelGroup: held.channelGroup, cash: held.cashRule },
    };
    const report = emptyReport();
    if (await registerMessage(tx, options)) {
      let afterId = 0;
      for (;;) {
        const page = await heldRecordsPage(tx, held.id, afterId, pageRecordsMax);
        if (page.length === 0) break;
        mergeReports(report, await applyResultChunk(tx, page.map((row) => row.record), options));
        afterId = page[page.length - 1]!.id;
        if (page.length < pageRecordsMax) break;
      }
      await saveMessageSummary(tx, options, report);
    } else {
      report.alreadyIngested = true;
    }
    const summary = {
      applied: report.applied, paid: report.paid, failed: report.failed, returned: report.returned, onHold: report.onHold,
      unmatched: report.unmatched.length, conflicts: report.conflicts.length, duplicates: report.duplicates, alreadyIngested: report.alreadyIngested,
    };
    await markHeldApplied(tx, held.id, actor.username, summary);
    await recordAudit(tx, actor, {
      action: 'disbursement.held_results_applied',
      entityType: 'held_result',
      entityId: held.id,
      unitCode: cycle.communeCode ?? cycle.provinceCode,
      after: { cycleId, batchId: held.batchId, batchMessageId: held.batchMessageId, source: held.source, messageKey: held.messageKey, heldBy: held.heldBy, records: held.recordCount, ...summary },
    });
    mergeReports(total, report);
    heldApplied.push(viewOfHeld({ ...held, state: 'APPLIED', appliedBy: actor.username, appliedAt: new Date().toISOString(), summary }));
  }
  const cashFollowUps = await followUpResults(tx, cycleId, actor);
  const cycleStatus = await closeIfReconciled(tx, cycleId, actor);
  return { ...withoutFlags(total), cycleId, heldApplied, cycleStatus, cashFollowUps };
}

/**
 * The province's policy for failed payments, read before the transaction that applies held
 * results opens (the settings are read outside it).
 */
export async function heldResultsPolicy(ctx: AppContext, cycleId: number): Promise<ApplyOptions['failurePolicy']> {
  const cycle = await findCycle(ctx.db.orm, nationalScope, cycleId);
  return cycle ? (await deadlineConfig(ctx, cycle.provinceCode)).failurePolicy : 'CARRY_OVER';
}

function withoutFlags(report: ApplyReport): Omit<ApplyReport, 'alreadyIngested' | 'held'> {
  const { alreadyIngested: _ingested, held: _held, ...rest } = report;
  return rest;
}

/** `asxh disburse results apply-held`: applies the cycle's held results whose batch is handed over by now. */
export async function applyHeldResults(ctx: AppContext, actor: Actor, cycleId: number): Promise<HeldApplyReport> {
  requirePermission(actor, 'reconciliation.ingest');
  const cycle = await loadCycleForDisbursement(ctx.db.orm, actor, cycleId);
  const policy = (await deadlineConfig(ctx, cycle.provinceCode)).failurePolicy;
  return ctx.db.orm.transaction((tx) => applyHeldResultsInTx(tx, actor, cycleId, policy, { ownProvider: ownProviderCode(actor) }));
}
