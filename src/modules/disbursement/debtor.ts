import { errors } from '../../core/errors.js';
import type { Executor } from '../../db/client.js';
import { payerForPayment, type Debtor } from '../payers/payers.service.js';
import { findBatchDebtorKey } from './debtor.repository.js';

/**
 * The debtor a batch's payment message carries (the pain.001's Dbtr/DbtrAcct/DbtrAgt, the G2P
 * Connect payer_fa): the approved paying account of the cycle's province for the programmes of the
 * lines the batch pays, as of the batch's creation, so that a resend carries the same bytes. There
 * is no default account: without one the message is refused before anything is written or sent
 * (PAYER_ACCOUNT_MISSING, payers.service.ts).
 */
export async function debtorOfBatch(executor: Executor, batchId: number): Promise<Debtor> {
  const key = await findBatchDebtorKey(executor, batchId);
  if (!key) throw errors.notFound({ entity: 'disbursement_batch', id: batchId });
  return payerForPayment(executor, { provinceCode: key.provinceCode, programmes: key.programmes, at: key.createdAt });
}
