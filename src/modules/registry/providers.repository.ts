import { sql } from 'drizzle-orm';
import { arrayParam, queryRows, type Executor } from '../../db/client.js';
import type { Channel } from '../rules/categories.js';
import { ProviderDirectory, type Provider, type ProviderKind } from './validation/providers.js';

interface ProviderRow {
  code: string;
  kind: ProviderKind;
  short_name: string;
  name: string;
  vietqr_code: string | null;
  channels: Channel[];
}

/** The directory as stored (updated by `asxh providers import`); inactive providers are left out. */
export async function loadProvidersFromDatabase(executor: Executor): Promise<ProviderDirectory> {
  const rows = await queryRows<ProviderRow>(
    executor,
    sql`SELECT code, kind, short_name, name, vietqr_code, channels FROM providers WHERE active ORDER BY code`,
  );
  return new ProviderDirectory(
    rows.map((row) => ({ code: row.code, kind: row.kind, shortName: row.short_name, name: row.name, vietqrCode: row.vietqr_code, channels: row.channels })),
  );
}

/**
 * Upserts a validated directory. Providers missing from the new file are deactivated, never
 * deleted: existing payment instruments still refer to them.
 */
export async function syncProviders(executor: Executor, providers: readonly Provider[]): Promise<{ upserted: number; deactivated: number }> {
  const upserted = await queryRows<{ code: string }>(
    executor,
    sql`
    INSERT INTO providers (code, kind, short_name, name, vietqr_code, channels, active, updated_at)
    SELECT code, kind, short_name, name, vietqr_code, string_to_array(channels, ','), true, now()
    FROM unnest(${arrayParam(providers.map((p) => p.code))}::text[], ${arrayParam(providers.map((p) => p.kind))}::text[],
                ${arrayParam(providers.map((p) => p.shortName))}::text[], ${arrayParam(providers.map((p) => p.name))}::text[],
                ${arrayParam(providers.map((p) => p.vietqrCode))}::text[], ${arrayParam(providers.map((p) => p.channels.join(',')))}::text[])
      AS t(code, kind, short_name, name, vietqr_code, channels)
    ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, short_name = EXCLUDED.short_name, name = EXCLUDED.name,
      vietqr_code = EXCLUDED.vietqr_code, channels = EXCLUDED.channels, active = true, updated_at = now()
    RETURNING code`,
  );
  const deactivated = await queryRows<{ code: string }>(
    executor,
    sql`UPDATE providers SET active = false, updated_at = now()
        WHERE active AND NOT (code = ANY(${arrayParam(providers.map((p) => p.code))}::text[])) RETURNING code`,
  );
  return { upserted: upserted.length, deactivated: deactivated.length };
}
