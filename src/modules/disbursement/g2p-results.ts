import { createHash } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import type { Actor } from '../access/scope.js';
import type { G2pDisburseResult, G2pDisbursementStatus } from '../formats/g2p-connect.js';
import type { ResultRecord } from './outcomes.js';
import { ingestResults, type ReconcileReport } from './reconcile.service.js';

/**
 * G2P Connect statuses (callbacks and txn/status answers) as result records (§8): succ → PAID,
 * rjct → FAILED with the ISO reason carried as the message prefix ("AC04: …") or else the G2P code,
 * rcvd/pdng → ACCEPTED. The forward-only application in outcomes.ts makes a stale "pdng" arriving
 * after "succ" harmless.
 */
function record(status: G2pDisbursementStatus): ResultRecord {
  const base = { endToEndId: status.referenceId, amountVnd: status.amountVnd, reasonText: status.statusReasonMessage };
  if (status.status === 'succ') return { ...base, status: 'PAID', paidAt: status.timestamp };
  if (status.status === 'rjct') return { ...base, status: 'FAILED', reasonCode: status.isoReasonCode ?? status.statusReasonCode ?? 'NARR' };
  return { ...base, status: 'ACCEPTED' };
}

export function g2pResultRecords(result: G2pDisburseResult): ResultRecord[] {
  return result.statuses.map(record);
}

/**
 * The content key of a status answer: the statuses themselves, not the envelope (whose message_id
 * and timestamp change on every query). The same statuses twice are one message; any change is a
 * new one.
 */
export function g2pStatusesKey(providerCode: string, result: G2pDisburseResult): string {
  const lines = result.statuses
    .map((status) => [status.referenceId, status.status, status.statusReasonCode ?? '', status.statusReasonMessage ?? ''].join('|'))
    .sort();
  return createHash('sha256').update([providerCode, result.transactionId ?? '', ...lines].join('\n')).digest('hex');
}

/**
 * Applies a G2P status message (on-disburse, on-status or a synchronous status answer) to its
 * provider's own items of the batch's channel group, once per message key: a redelivery, or the
 * same statuses again, changes nothing.
 */
export async function applyG2pStatuses(
  ctx: AppContext,
  actor: Actor,
  input: { cycleId: number; source: 'callback' | 'status-query'; messageKey: string; result: G2pDisburseResult; providerCode: string; channelGroup: 'BANK' | 'WALLET' | 'CASH' },
): Promise<ReconcileReport> {
  return ingestResults(ctx, actor, {
    cycleId: input.cycleId,
    source: input.source,
    messageKey: input.messageKey,
    records: g2pResultRecords(input.result),
    binding: { providerCode: input.providerCode, channelGroup: input.channelGroup, cash: 'allowed' },
  });
}
