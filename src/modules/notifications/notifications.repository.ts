import { sql, type SQL } from 'drizzle-orm';
import { arrayParam, queryOne, queryRows, type Executor } from '../../db/client.js';

/** The SQL of the SMS outbox (`notifications`, migrations/0006_accounts.sql). */

export interface PendingRow {
  id: string;
  phone: string;
  body: string;
}

/** One message's outcome: a gateway id, or an error (`permanent` when retrying cannot help). */
export interface SendOutcome {
  id: string;
  messageId: string | null;
  error: string | null;
  permanent: boolean;
}

/** Queues one message (already checked by the service); returns its id. */
export async function insertNotification(
  executor: Executor,
  row: { phone: string; body: string; purpose: string; personId: number | null; entityType: string | null; entityId: string | null },
): Promise<number> {
  const inserted = await queryOne<{ id: string }>(
    executor,
    sql`INSERT INTO notifications (phone, body, purpose, person_id, entity_type, entity_id)
        VALUES (${row.phone}, ${row.body}, ${row.purpose}, ${row.personId}, ${row.entityType}, ${row.entityId})
        RETURNING id::text AS id`,
  );
  return Number(inserted!.id);
}

/** Whether a message about this entity, for this purpose, was queued already (a reminder is sent once). */
export async function notificationExists(executor: Executor, key: { purpose: string; entityType: string; entityId: string }): Promise<boolean> {
  const row = await queryOne<{ found: boolean }>(
    executor,
    sql`SELECT EXISTS (SELECT 1 FROM notifications WHERE purpose = ${key.purpose} AND entity_type = ${key.entityType} AND entity_id = ${key.entityId}) AS found`,
  );
  return row?.found === true;
}

export async function countPending(executor: Executor): Promise<number> {
  const row = await queryOne<{ count: number }>(executor, sql`SELECT count(*)::int AS count FROM notifications WHERE status = 'PENDING'`);
  return row?.count ?? 0;
}

/**
 * Locks the oldest PENDING rows that no other dispatcher holds (FOR UPDATE SKIP LOCKED, so
 * concurrent dispatchers share the queue without sending a message twice).
 */
export async function claimPending(executor: Executor, size: number): Promise<PendingRow[]> {
  return queryRows<PendingRow>(
    executor,
    // Ordered by the bigint column (qualified: the text alias `id` would sort "10" before "2").
    sql`SELECT n.id::text AS id, n.phone, n.body FROM notifications n
        WHERE n.status = 'PENDING' ORDER BY n.id LIMIT ${size} FOR UPDATE SKIP LOCKED`,
  );
}

/** Records a batch's outcomes in one statement; returns the new status of each row. */
export async function recordOutcomes(executor: Executor, outcomes: readonly SendOutcome[], now: Date, attemptsMax: number): Promise<{ status: string; count: number }[]> {
  if (outcomes.length === 0) return [];
  return queryRows<{ status: string; count: number }>(
    executor,
    sql`
    WITH outcome AS (
      SELECT * FROM unnest(${arrayParam(outcomes.map((o) => o.id))}::bigint[], ${arrayParam(outcomes.map((o) => o.messageId))}::text[],
                           ${arrayParam(outcomes.map((o) => o.error))}::text[], ${arrayParam(outcomes.map((o) => o.permanent))}::boolean[])
        AS t(id, message_id, error, permanent)
    ), updated AS (
      UPDATE notifications n
      SET attempts = n.attempts + 1,
          status = CASE WHEN o.message_id IS NOT NULL THEN 'SENT'
                        WHEN o.permanent OR n.attempts + 1 >= ${attemptsMax} THEN 'FAILED'
                        ELSE 'PENDING' END,
          provider_message_id = o.message_id,
          last_error = o.error,
          sent_at = CASE WHEN o.message_id IS NOT NULL THEN ${now.toISOString()}::timestamptz END
      FROM outcome o
      WHERE n.id = o.id AND n.status = 'PENDING'
      RETURNING n.status
    )
    SELECT status, count(*)::int AS count FROM updated GROUP BY status`,
  );
}

/**
 * Gives up the PENDING payment news of the payment items `itemIds` (a relation of item ids): news of
 * payments long settled that must not reach a phone, e.g. a history loaded in one go.
 */
export async function expireNewsOfItems(executor: Executor, itemIds: SQL): Promise<number> {
  const rows = await queryRows<{ id: string }>(executor, sql`UPDATE notifications SET status = 'FAILED', last_error = 'EXPIRED: not sent in time'
    WHERE status = 'PENDING' AND purpose LIKE 'payment.%' AND entity_type = 'disbursement_item' AND entity_id IN (SELECT x.id::text FROM (${itemIds}) x (id))
    RETURNING id::text AS id`);
  return rows.length;
}

/**
 * Gives up PENDING messages of a purpose prefix queued before `before` (status FAILED, EXPIRED).
 * Rows a dispatcher holds are passed by (SKIP LOCKED): it is sending them, and the next run expires
 * what is left.
 */
export async function expireStaleNews(executor: Executor, purposePrefix: string, before: Date): Promise<void> {
  await executor.execute(sql`UPDATE notifications SET status = 'FAILED', last_error = 'EXPIRED: not sent in time'
    WHERE id IN (SELECT id FROM notifications
                 WHERE status = 'PENDING' AND purpose LIKE ${`${purposePrefix}%`} AND created_at < ${before.toISOString()}::timestamptz
                 FOR UPDATE SKIP LOCKED) AND status = 'PENDING'`);
}
