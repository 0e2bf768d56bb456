import { createHash } from 'node:crypto';
import type { G2pDisburseResult, G2pDisbursementStatus } from '../formats/g2p-connect.js';
import type { ResultRecord } from './outcomes.js';

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
