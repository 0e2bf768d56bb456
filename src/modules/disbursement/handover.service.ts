import type { AppContext } from '../../app/context.js';
import { domainError, errors } from '../../core/errors.js';
import { vndToNumber } from '../../core/money.js';
import { recordAudit } from '../audit/audit.service.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { findBatchOfProvider, loadCycleForDisbursement } from './batches.service.js';
import { batchFileName } from './file-names.js';
import { findHandOverBatch } from './files.repository.js';
import { markBatchSent, type FileFormat } from './files.service.js';
import { applyHeldResultsInTx, heldResultsPolicy } from './held.service.js';

/**
 * Handing a batch to its provider, an explicit act of the officer who sends payment files (not a
 * side effect of downloading them): the items become SENT, the control sum moves to the provider
 * in the ledger, results that came early are applied, and it is audited. Only a batch whose file
 * was made can be handed over, and never one sent through the provider's API (its hand-over is the
 * provider's acknowledgement, send.service). Idempotent: a batch handed over already is answered
 * as it is.
 */
export interface HandOverResult {
  batchId: number;
  messageId: string;
  providerCode: string;
  round: number;
  items: number;
  controlSumVnd: number;
  /** False when the batch was handed over before (nothing changed). */
  handedOver: boolean;
  sentAt: string;
}

export async function handOverBatch(ctx: AppContext, actor: Actor, input: { cycleId: number; batchId: number }): Promise<HandOverResult> {
  requirePermission(actor, 'disbursement.send');
  const cycle = await loadCycleForDisbursement(ctx.db.orm, actor, input.cycleId);
  const policy = await heldResultsPolicy(ctx, input.cycleId);
  return ctx.db.orm.transaction(async (tx) => {
    const batch = await findHandOverBatch(tx, input.cycleId, input.batchId, true);
    if (!batch) throw errors.notFound({ entity: 'disbursement_batch', cycleId: input.cycleId, id: input.batchId });
    const answer = (sentAt: string, handedOver: boolean): HandOverResult => ({
      batchId: batch.id, messageId: batch.messageId, providerCode: batch.providerCode, round: batch.round, items: batch.itemCount,
      controlSumVnd: vndToNumber(batch.controlSumVnd), handedOver, sentAt,
    });
    if (batch.sentAt !== null) return answer(batch.sentAt, false);
    if (batch.apiAttempts > 0) {
      throw domainError('BATCH_SENT_BY_API', 409, 'Lô này được gửi qua kết nối với tổ chức chi trả; lô được bàn giao khi tổ chức xác nhận đã nhận', 'This batch is sent through the provider’s connection; it is handed over when the provider acknowledges it', { messageId: batch.messageId });
    }
    if (batch.formats.length === 0) {
      throw domainError('BATCH_FILE_MISSING', 409, 'Chưa tải tệp chi trả của lô này: tải tệp, gửi cho tổ chức chi trả rồi mới bàn giao', 'No payment file of this batch has been downloaded: download it, give it to the provider, then hand the batch over', { messageId: batch.messageId });
    }
    await markBatchSent(tx, batch.id);
    // Results that came before the hand-over are applied with it (held.service.ts).
    await applyHeldResultsInTx(tx, actor, input.cycleId, policy, { batchId: batch.id });
    const after = await findHandOverBatch(tx, input.cycleId, batch.id, false);
    await recordAudit(tx, actor, {
      action: 'disbursement.batch_handed_over',
      entityType: 'disbursement_batch',
      entityId: batch.id,
      unitCode: cycle.communeCode ?? cycle.provinceCode,
      before: { sentAt: null },
      after: { messageId: batch.messageId, providerCode: batch.providerCode, round: batch.round, items: batch.itemCount, controlSumVnd: vndToNumber(batch.controlSumVnd), files: batch.formats, sentAt: after!.sentAt },
    });
    return answer(after!.sentAt!, true);
  });
}

/** The cycle's batch of a provider and round (the CLI names batches so), for `disburse hand-over`. */
export async function handOverBatchOfProvider(ctx: AppContext, actor: Actor, input: { cycleId: number; providerCode: string; round: number }): Promise<HandOverResult> {
  requirePermission(actor, 'disbursement.send');
  await loadCycleForDisbursement(ctx.db.orm, actor, input.cycleId);
  const batch = await findBatchOfProvider(ctx.db.orm, input.cycleId, input.providerCode, input.round);
  if (!batch) throw errors.notFound({ entity: 'disbursement_batch', cycleId: input.cycleId, providerCode: input.providerCode, round: input.round });
  return handOverBatch(ctx, actor, { cycleId: input.cycleId, batchId: batch.id });
}

/** The name a batch's file is downloaded under (file-names.ts), for the file route and the CLI's default `--out`. */
export async function exportFileName(ctx: AppContext, actor: Actor, input: { cycleId: number; providerCode: string; format: FileFormat; round: number }): Promise<string> {
  const cycle = await loadCycleForDisbursement(ctx.db.orm, actor, input.cycleId);
  return batchFileName(cycle, { providerCode: input.providerCode, round: input.round }, input.format);
}
