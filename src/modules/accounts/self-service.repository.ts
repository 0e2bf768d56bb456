import { sql } from 'drizzle-orm';
import { queryOne, type Executor } from '../../db/client.js';
import { personsRelation } from '../registry/registry.service.js';

/** The SQL of the self-service's one-time codes (`self_service_codes`). */

/** Codes sent to the person in the hour before `now`. */
export async function countCodesSince(executor: Executor, personId: number, now: Date): Promise<number> {
  const row = await queryOne<{ count: number }>(
    executor,
    sql`SELECT count(*)::int AS count FROM self_service_codes WHERE person_id = ${personId} AND created_at > ${now.toISOString()}::timestamptz - interval '1 hour'`,
  );
  return row?.count ?? 0;
}

/** Codes sent in the hour before `now` to whoever has this phone on file. */
export async function countPhoneCodesSince(executor: Executor, phone: string, now: Date): Promise<number> {
  const row = await queryOne<{ count: number }>(
    executor,
    sql`SELECT count(*)::int AS count FROM self_service_codes c JOIN ${personsRelation()} p ON p.id = c.person_id
        WHERE p.phone = ${phone} AND c.created_at > ${now.toISOString()}::timestamptz - interval '1 hour'`,
  );
  return row?.count ?? 0;
}

export async function insertCode(executor: Executor, code: { personId: number; codeHash: string; now: Date; lifetimeMinutes: number }): Promise<void> {
  // Created at the app's clock, the one the hourly limits count with.
  await executor.execute(sql`INSERT INTO self_service_codes (person_id, code_hash, expires_at, created_at)
    VALUES (${code.personId}, ${code.codeHash}, ${code.now.toISOString()}::timestamptz + make_interval(mins => ${code.lifetimeMinutes}), ${code.now.toISOString()}::timestamptz)`);
}

/** The person's latest code and whether it expired (at `now`) or was used. */
export async function latestCode(executor: Executor, personId: number, now: Date): Promise<{ id: number; code_hash: string; attempts: number; expired: boolean; used: boolean } | undefined> {
  return queryOne(
    executor,
    sql`SELECT id::int AS id, code_hash, attempts, (expires_at < ${now.toISOString()}::timestamptz) AS expired, (used_at IS NOT NULL) AS used
        FROM self_service_codes WHERE person_id = ${personId} ORDER BY id DESC LIMIT 1`,
  );
}

/**
 * Counts one try of the code before it is compared, in one statement: only while tries are left
 * and the code is unused and unexpired. False when none is left: two servers answering at once
 * cannot give more than `attemptsMax` tries between them.
 */
export async function claimAttempt(executor: Executor, codeId: number, attemptsMax: number, now: Date): Promise<boolean> {
  const row = await queryOne<{ id: number }>(
    executor,
    sql`UPDATE self_service_codes SET attempts = attempts + 1
        WHERE id = ${codeId} AND attempts < ${attemptsMax} AND used_at IS NULL AND expires_at >= ${now.toISOString()}::timestamptz
        RETURNING id::int AS id`,
  );
  return row !== undefined;
}

/** Marks the code used; false when it was used already (by a request another server answered). */
export async function markCodeUsed(executor: Executor, codeId: number): Promise<boolean> {
  const row = await queryOne<{ id: number }>(executor, sql`UPDATE self_service_codes SET used_at = now() WHERE id = ${codeId} AND used_at IS NULL RETURNING id::int AS id`);
  return row !== undefined;
}
