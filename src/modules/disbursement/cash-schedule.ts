import type { Executor } from '../../db/client.js';
import { enqueuePaymentNotices } from '../notifications/notices.service.js';
import { cashScheduleFacts, cycleHasCashSchedule } from './cashpoints.repository.js';

/**
 * The CASH_SCHEDULE SMS of a cycle's cash people who have a date at their payment point or home
 * round and no such message yet (the outbox's unique index: once per item), in the caller's
 * transaction (`batchId`: only that batch's). Called when a date or a round is set
 * (cashpoints.service.ts), when the cycle's batches are made (batches.service.ts) and when failed
 * transfers are paid in cash the same cycle (reconcile.service.ts: the new cash batch).
 */
export async function enqueueCashScheduleOfCycle(executor: Executor, cycleId: number, batchId: number | null = null): Promise<number> {
  if (!(await cycleHasCashSchedule(executor, cycleId))) return 0;
  return enqueuePaymentNotices(executor, cashScheduleFacts(cycleId, batchId));
}
