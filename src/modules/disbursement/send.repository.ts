import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';

/**
 * The durable trace of the batches' hand-over through the providers' APIs (`disbursement_attempts`),
 * and the polled batches: what makes a send or a poll safe to repeat after a crash.
 */
export interface AttemptStateRow {
  batchId: number;
  attempts: number;
  acknowledged: boolean;
  lastState: 'SENDING' | 'ACKNOWLEDGED' | 'REJECTED' | 'UNKNOWN' | null;
}

/** Per batch of the cycle: its attempts, whether one was acknowledged, the latest's state. */
export async function listAttemptStates(executor: Executor, cycleId: number): Promise<AttemptStateRow[]> {
  return queryRows<AttemptStateRow>(
    executor,
    sql`SELECT b.id::int AS "batchId", count(a.id)::int AS attempts, COALESCE(bool_or(a.state = 'ACKNOWLEDGED'), false) AS acknowledged,
               (array_agg(a.state ORDER BY a.id DESC))[1] AS "lastState"
        FROM disbursement_batches b LEFT JOIN disbursement_attempts a ON a.batch_id = b.id
        WHERE b.cycle_id = ${cycleId} GROUP BY b.id`,
  );
}

export async function insertSendingAttempt(executor: Executor, attempt: { batchId: number; idempotencyKey: string; detail: Record<string, unknown> }): Promise<number> {
  const row = await queryOne<{ id: number }>(
    executor,
    sql`INSERT INTO disbursement_attempts (batch_id, idempotency_key, state, detail)
        VALUES (${attempt.batchId}, ${attempt.idempotencyKey}, 'SENDING', ${JSON.stringify(attempt.detail)}::jsonb) RETURNING id::int AS id`,
  );
  return row!.id;
}

/** An acknowledgement learnt without an attempt of this run (e.g. a status query): recorded finished. */
export async function insertAcknowledgedAttempt(executor: Executor, attempt: { batchId: number; idempotencyKey: string; detail: Record<string, unknown> }): Promise<void> {
  await executor.execute(sql`INSERT INTO disbursement_attempts (batch_id, idempotency_key, state, detail, finished_at)
                             VALUES (${attempt.batchId}, ${attempt.idempotencyKey}, 'ACKNOWLEDGED', ${JSON.stringify(attempt.detail)}::jsonb, now())`);
}

/** Finishes an attempt in `state`, its detail merged with `detail`. */
export async function finishAttemptRow(executor: Executor, attemptId: number, state: 'UNKNOWN' | 'REJECTED' | 'ACKNOWLEDGED', detail: Record<string, unknown>): Promise<void> {
  await executor.execute(sql`UPDATE disbursement_attempts SET state = ${state}, finished_at = now(), detail = detail || ${JSON.stringify(detail)}::jsonb WHERE id = ${attemptId}`);
}

/** The batch's SENDING attempts become UNKNOWN (interrupted). */
export async function markAttemptsInterrupted(executor: Executor, batchId: number): Promise<void> {
  await executor.execute(sql`UPDATE disbursement_attempts SET state = 'UNKNOWN', finished_at = now(), detail = detail || '{"interrupted": true}'::jsonb
                             WHERE batch_id = ${batchId} AND state = 'SENDING'`);
}

export async function findLatestUnresolvedAttempt(executor: Executor, batchId: number): Promise<number | null> {
  const row = await queryOne<{ id: number }>(executor, sql`SELECT a.id::int AS id FROM disbursement_attempts a WHERE a.batch_id = ${batchId} AND a.state IN ('SENDING', 'UNKNOWN') ORDER BY a.id DESC LIMIT 1`);
  return row?.id ?? null;
}

export interface PolledBatchRow {
  id: number;
  messageId: string;
  providerCode: string;
  channelGroup: 'BANK' | 'WALLET' | 'CASH';
  /** Items without a final outcome. */
  open: number;
}

/**
 * The cycle's batches handed over and acknowledged through the API (file hand-overs are reconciled
 * by upload); with `ownProvider` only that provider's (a provider's agent polls its own).
 */
export async function listAcknowledgedBatches(executor: Executor, cycleId: number, ownProvider: string | null = null): Promise<PolledBatchRow[]> {
  return queryRows<PolledBatchRow>(
    executor,
    sql`SELECT b.id::int AS id, b.message_id AS "messageId", b.provider_code AS "providerCode", b.channel_group AS "channelGroup",
               (SELECT count(*) FROM disbursement_items i WHERE i.batch_id = b.id AND NOT i.is_final)::int AS open
        FROM disbursement_batches b
        WHERE b.cycle_id = ${cycleId} AND b.sent_at IS NOT NULL ${ownProvider === null ? sql`` : sql`AND b.provider_code = ${ownProvider}`}
          AND EXISTS (SELECT 1 FROM disbursement_attempts a WHERE a.batch_id = b.id AND a.state = 'ACKNOWLEDGED')
        ORDER BY b.id`,
  );
}
