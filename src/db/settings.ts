import { sql } from 'drizzle-orm';
import { queryOne, type Executor } from './client.js';

/**
 * The installation's key/value settings (`app_settings`, owned by db): every module reads and
 * writes them here, each under keys of its own prefix (`disbursement.payer`, `rules.hash`, …).
 * A value is JSON; the caller names its shape.
 */
export async function getSetting<T>(executor: Executor, key: string): Promise<T | undefined> {
  const row = await queryOne<{ value: T }>(executor, sql`SELECT value FROM app_settings WHERE key = ${key}`);
  return row?.value;
}

/** Creates or replaces the setting. */
export async function setSetting(executor: Executor, key: string, value: unknown): Promise<void> {
  await executor.execute(sql`INSERT INTO app_settings (key, value, updated_at) VALUES (${key}, ${JSON.stringify(value)}::jsonb, now())
                             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`);
}

/** Creates the setting unless it exists (a first-start value that must never change once set); false when it existed. */
export async function setSettingIfAbsent(executor: Executor, key: string, value: unknown): Promise<boolean> {
  const row = await queryOne<{ key: string }>(
    executor,
    sql`INSERT INTO app_settings (key, value) VALUES (${key}, ${JSON.stringify(value)}::jsonb) ON CONFLICT (key) DO NOTHING RETURNING key`,
  );
  return row !== undefined;
}

export async function deleteSetting(executor: Executor, key: string): Promise<void> {
  await executor.execute(sql`DELETE FROM app_settings WHERE key = ${key}`);
}
