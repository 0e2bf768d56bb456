import { sql } from 'drizzle-orm';
import { arrayParam, queryRows, type Executor } from '../../db/client.js';

/**
 * The directory of payment providers as stored (`providers`, loaded by `asxh providers import`);
 * its file format and validation live with the registry (registry/validation/providers.ts).
 */
export interface ProviderRecord {
  readonly code: string;
  readonly kind: string;
  readonly shortName: string;
  readonly name: string;
  readonly vietqrCode: string | null;
  readonly channels: readonly string[];
}

/** The active providers, by code; inactive ones are left out. */
export async function listActiveProviders(executor: Executor): Promise<ProviderRecord[]> {
  return queryRows<ProviderRecord>(
    executor,
    sql`SELECT code, kind, short_name AS "shortName", name, vietqr_code AS "vietqrCode", channels FROM providers WHERE active ORDER BY code`,
  );
}

/**
 * Upserts a validated directory. Providers missing from the new file are deactivated, never
 * deleted: existing payment instruments still refer to them.
 */
export async function syncProviders(executor: Executor, providers: readonly ProviderRecord[]): Promise<{ upserted: number; deactivated: number }> {
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
