import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';

/** A sealed secret as stored (`secrets`): AES-256-GCM ciphertext, its nonce and tag, and which key sealed it. */
export interface SealedSecretRow {
  id: number;
  purpose: string;
  keyId: string;
  nonce: string;
  tag: string;
  ciphertext: string;
}

export type SealedSecret = Omit<SealedSecretRow, 'id'>;

const columns = sql`id::int AS id, purpose, key_id AS "keyId", nonce, tag, ciphertext`;

/** Stores the sealed secrets, replacing those of the same purposes, in one statement; their ids by purpose. */
export async function upsertSealedSecrets(executor: Executor, sealed: readonly SealedSecret[]): Promise<Map<string, number>> {
  if (sealed.length === 0) return new Map();
  const rows = await queryRows<{ id: number; purpose: string }>(
    executor,
    sql`INSERT INTO secrets (purpose, key_id, nonce, tag, ciphertext)
        SELECT purpose, key_id, nonce, tag, ciphertext
        FROM jsonb_to_recordset(${JSON.stringify(sealed.map((row) => ({ purpose: row.purpose, key_id: row.keyId, nonce: row.nonce, tag: row.tag, ciphertext: row.ciphertext })))}::jsonb)
             AS s(purpose text, key_id text, nonce text, tag text, ciphertext text)
        ON CONFLICT (purpose) DO UPDATE SET key_id = EXCLUDED.key_id, nonce = EXCLUDED.nonce, tag = EXCLUDED.tag, ciphertext = EXCLUDED.ciphertext, updated_at = now()
        RETURNING id::int AS id, purpose`,
  );
  return new Map(rows.map((row) => [row.purpose, row.id]));
}

export async function findSealedSecret(executor: Executor, id: number): Promise<SealedSecretRow | undefined> {
  return queryOne<SealedSecretRow>(executor, sql`SELECT ${columns} FROM secrets WHERE id = ${id}`);
}

/** Removes secrets no longer referenced (a credential taken off a profile). */
export async function deleteSealedSecrets(executor: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await executor.execute(sql`DELETE FROM secrets WHERE id IN (SELECT value::bigint FROM jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`);
}

/** Every sealed secret, locked for a rotation (one transaction re-encrypts them all). */
export async function lockAllSealedSecrets(executor: Executor): Promise<SealedSecretRow[]> {
  return queryRows<SealedSecretRow>(executor, sql`SELECT ${columns} FROM secrets ORDER BY id FOR UPDATE`);
}

/** Replaces the ciphertexts of existing secrets by id, in one statement. */
export async function replaceSealedSecrets(executor: Executor, rows: readonly SealedSecretRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const updated = await queryRows<{ id: number }>(
    executor,
    sql`UPDATE secrets s SET key_id = r.key_id, nonce = r.nonce, tag = r.tag, ciphertext = r.ciphertext, updated_at = now()
        FROM jsonb_to_recordset(${JSON.stringify(rows.map((row) => ({ id: row.id, purpose: row.purpose, key_id: row.keyId, nonce: row.nonce, tag: row.tag, ciphertext: row.ciphertext })))}::jsonb)
             AS r(id bigint, purpose text, key_id text, nonce text, tag text, ciphertext text)
        WHERE s.id = r.id AND s.purpose = r.purpose
        RETURNING s.id::int AS id`,
  );
  return updated.length;
}

/** How many secrets each key sealed. */
export async function countSecretsByKey(executor: Executor): Promise<Record<string, number>> {
  const rows = await queryRows<{ keyId: string; count: number }>(executor, sql`SELECT key_id AS "keyId", count(*)::int AS count FROM secrets GROUP BY key_id ORDER BY key_id`);
  return Object.fromEntries(rows.map((row) => [row.keyId, row.count]));
}
