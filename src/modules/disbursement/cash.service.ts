import type { AppContext } from '../../app/context.js';
import { domainError, errors } from '../../core/errors.js';
import { parseDateLoose } from '../../core/dates.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { endToEndIdsOfOtherProviders } from './items.repository.js';
import type { ResultRecord } from './outcomes.js';
import { ingestResults, type ReconcileReport } from './reconcile.service.js';

/**
 * Cash confirmations by the payment-provider agent (VNPost): paid to the beneficiary or to the
 * authorised person (date, receipt number), or not found / refused. An agent confirms only the
 * items of their own provider.
 */
export type CashResult = 'PAID_SELF' | 'PAID_REPRESENTATIVE' | 'NOT_FOUND' | 'REFUSED' | 'DECEASED';

export interface CashConfirmation {
  endToEndId: string;
  result: CashResult;
  date?: string;
  receiptNumber?: string;
  note?: string;
}

export async function confirmCash(ctx: AppContext, actor: Actor, input: { cycleId: number; confirmations: CashConfirmation[]; requestId: string }): Promise<ReconcileReport> {
  requirePermission(actor, 'disbursement.confirmCash');
  if (input.confirmations.length === 0) throw domainError('CONFIRMATIONS_EMPTY', 400, 'Chưa có xác nhận nào', 'No confirmations given');
  if (actor.role === 'provider') {
    const foreign = await endToEndIdsOfOtherProviders(ctx.db.orm, input.confirmations.map((c) => c.endToEndId.toUpperCase()), actor.providerCode ?? '');
    if (foreign.length > 0) throw errors.forbidden({ reason: 'items of another provider', endToEndIds: foreign.slice(0, 10) });
  }
  const records: ResultRecord[] = input.confirmations.map((confirmation) => {
    const date = confirmation.date ? parseDateLoose(confirmation.date) : null;
    switch (confirmation.result) {
      case 'PAID_SELF':
      case 'PAID_REPRESENTATIVE':
        return {
          endToEndId: confirmation.endToEndId,
          status: 'PAID',
          paidTo: confirmation.result === 'PAID_SELF' ? 'SELF' : 'REPRESENTATIVE',
          paidAt: date ? `${date}T00:00:00+07:00` : null,
          receiptNumber: confirmation.receiptNumber ?? null,
        };
      case 'NOT_FOUND':
        return { endToEndId: confirmation.endToEndId, status: 'FAILED', reasonCode: 'UNCLAIMED', reasonText: confirmation.note ?? 'Không gặp người hưởng' };
      case 'REFUSED':
        return { endToEndId: confirmation.endToEndId, status: 'FAILED', reasonCode: 'REFUSED', reasonText: confirmation.note ?? 'Người hưởng từ chối nhận' };
      case 'DECEASED':
        return { endToEndId: confirmation.endToEndId, status: 'FAILED', reasonCode: 'MD07', reasonText: confirmation.note ?? 'Người hưởng đã chết' };
      default:
        throw domainError('CASH_RESULT_INVALID', 400, `Kết quả không hợp lệ: ${String(confirmation.result)}`, `Unknown result: ${String(confirmation.result)}`);
    }
  });
  // Cash payments only, of the agent's own provider (any provider's for an administrator).
  const binding = { providerCode: actor.role === 'provider' ? actor.providerCode ?? '' : null, channelGroup: null, cash: 'only' } as const;
  return ingestResults(ctx, actor, { cycleId: input.cycleId, source: 'cash', messageKey: `api:${input.requestId}`, records, binding });
}
