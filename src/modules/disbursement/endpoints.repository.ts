import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { providersRelation } from '../units/units.service.js';

/**
 * The providers' connections (`provider_endpoints`): where each is reached and the secret that
 * signs both directions, as the id of its ciphertext (secrets module). `legacyPlaintextSecret` is
 * only ever set in a database written before secrets were encrypted, until its first start.
 */
export interface EndpointRow {
  providerCode: string;
  kind: string;
  baseUrl: string;
  secretId: number | null;
  legacyPlaintextSecret: string | null;
  updatedBy: string;
}

const columns = sql`provider_code AS "providerCode", kind, base_url AS "baseUrl", secret_id::int AS "secretId", legacy_plaintext_secret AS "legacyPlaintextSecret", updated_by AS "updatedBy"`;

export async function findEndpointRow(executor: Executor, providerCode: string): Promise<EndpointRow | undefined> {
  return queryOne<EndpointRow>(executor, sql`SELECT ${columns} FROM provider_endpoints WHERE provider_code = ${providerCode}`);
}

export async function upsertEndpoint(executor: Executor, endpoint: { providerCode: string; kind: string; baseUrl: string; secretId: number; updatedBy: string }): Promise<void> {
  await executor.execute(sql`
    INSERT INTO provider_endpoints (provider_code, kind, base_url, secret_id, updated_by)
    VALUES (${endpoint.providerCode}, ${endpoint.kind}, ${endpoint.baseUrl}, ${endpoint.secretId}, ${endpoint.updatedBy})
    ON CONFLICT (provider_code) DO UPDATE SET kind = EXCLUDED.kind, base_url = EXCLUDED.base_url, secret_id = EXCLUDED.secret_id,
      legacy_plaintext_secret = NULL, updated_by = EXCLUDED.updated_by, updated_at = now()`);
}

/** The endpoints whose secret is still plain text (a database older than migration 0033), locked. */
export async function lockPlaintextEndpoints(executor: Executor): Promise<{ providerCode: string; secret: string }[]> {
  return queryRows<{ providerCode: string; secret: string }>(
    executor,
    sql`SELECT provider_code AS "providerCode", legacy_plaintext_secret AS secret FROM provider_endpoints
        WHERE legacy_plaintext_secret IS NOT NULL ORDER BY provider_code FOR UPDATE`,
  );
}

/** Points the endpoints at their sealed secrets and empties the plain text, in one statement. */
export async function replacePlaintextSecrets(executor: Executor, sealed: readonly { providerCode: string; secretId: number }[]): Promise<number> {
  if (sealed.length === 0) return 0;
  const rows = await queryRows<{ providerCode: string }>(
    executor,
    sql`UPDATE provider_endpoints e SET secret_id = m.secret_id, legacy_plaintext_secret = NULL
        FROM jsonb_to_recordset(${JSON.stringify(sealed.map((row) => ({ provider_code: row.providerCode, secret_id: row.secretId })))}::jsonb) AS m(provider_code text, secret_id bigint)
        WHERE e.provider_code = m.provider_code AND e.legacy_plaintext_secret IS NOT NULL
        RETURNING e.provider_code AS "providerCode"`,
  );
  return rows.length;
}

/** The provider's kind in the directory (BANK, EWALLET, MOBILE_MONEY, POSTAL), if it is listed. */
export async function findProviderKind(executor: Executor, providerCode: string): Promise<string | undefined> {
  const provider = await queryOne<{ kind: string }>(executor, sql`SELECT kind FROM ${providersRelation()} p WHERE code = ${providerCode}`);
  return provider?.kind;
}
