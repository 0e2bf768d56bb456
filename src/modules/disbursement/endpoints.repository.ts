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
  bearerTokenSecretId: number | null;
  signingKeySecretId: number | null;
  statusMode: string;
  /** The provider's own callback base URL; null: the installation's (`disbursement.callbackBaseUrl`). */
  callbackBaseUrl: string | null;
  /** The provider's ed25519 public key (SPKI PEM), checking the signature of its G2P callback bodies. */
  providerPublicKeyPem: string | null;
  updatedBy: string;
}

const columns = sql`provider_code AS "providerCode", kind, base_url AS "baseUrl", secret_id::int AS "secretId", legacy_plaintext_secret AS "legacyPlaintextSecret",
  bearer_token_secret_id::int AS "bearerTokenSecretId", signing_key_secret_id::int AS "signingKeySecretId", status_mode AS "statusMode",
  callback_base_url AS "callbackBaseUrl", provider_public_key AS "providerPublicKeyPem", updated_by AS "updatedBy"`;

export async function findEndpointRow(executor: Executor, providerCode: string): Promise<EndpointRow | undefined> {
  return queryOne<EndpointRow>(executor, sql`SELECT ${columns} FROM provider_endpoints WHERE provider_code = ${providerCode}`);
}

/** The whole profile row as it is to be (the service has merged what is kept with what changes). */
export interface EndpointWrite {
  providerCode: string;
  kind: string;
  baseUrl: string;
  secretId: number;
  bearerTokenSecretId: number | null;
  signingKeySecretId: number | null;
  statusMode: string;
  callbackBaseUrl: string | null;
  providerPublicKeyPem: string | null;
  updatedBy: string;
}

export async function upsertEndpoint(executor: Executor, endpoint: EndpointWrite): Promise<void> {
  await executor.execute(sql`
    INSERT INTO provider_endpoints (provider_code, kind, base_url, secret_id, bearer_token_secret_id, signing_key_secret_id, status_mode, callback_base_url,
                                    provider_public_key, updated_by)
    VALUES (${endpoint.providerCode}, ${endpoint.kind}, ${endpoint.baseUrl}, ${endpoint.secretId}, ${endpoint.bearerTokenSecretId}, ${endpoint.signingKeySecretId},
            ${endpoint.statusMode}, ${endpoint.callbackBaseUrl}, ${endpoint.providerPublicKeyPem}, ${endpoint.updatedBy})
    ON CONFLICT (provider_code) DO UPDATE SET kind = EXCLUDED.kind, base_url = EXCLUDED.base_url, secret_id = EXCLUDED.secret_id,
      bearer_token_secret_id = EXCLUDED.bearer_token_secret_id, signing_key_secret_id = EXCLUDED.signing_key_secret_id,
      status_mode = EXCLUDED.status_mode, callback_base_url = EXCLUDED.callback_base_url, provider_public_key = EXCLUDED.provider_public_key,
      legacy_plaintext_secret = NULL, updated_by = EXCLUDED.updated_by, updated_at = now()`);
}

/** Every provider of the directory with its connection, if it has one (the providers' page). */
export interface ProviderProfileRow extends Partial<Omit<EndpointRow, 'providerCode'>> {
  providerCode: string;
  providerKind: string;
  shortName: string;
  name: string;
}

export async function listProviderProfileRows(executor: Executor, providerCode?: string): Promise<ProviderProfileRow[]> {
  return queryRows<ProviderProfileRow>(
    executor,
    sql`SELECT p.code AS "providerCode", p.kind AS "providerKind", p.short_name AS "shortName", p.name,
               e.kind, e.base_url AS "baseUrl", e.secret_id::int AS "secretId", e.legacy_plaintext_secret AS "legacyPlaintextSecret",
               e.bearer_token_secret_id::int AS "bearerTokenSecretId", e.signing_key_secret_id::int AS "signingKeySecretId",
               e.status_mode AS "statusMode", e.callback_base_url AS "callbackBaseUrl", e.provider_public_key AS "providerPublicKeyPem", e.updated_by AS "updatedBy"
        FROM ${providersRelation()} p LEFT JOIN provider_endpoints e ON e.provider_code = p.code
        WHERE ${providerCode ?? null}::text IS NULL OR p.code = ${providerCode ?? null}
        ORDER BY p.kind, p.code`,
  );
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

/** The provider's directory entry (kind and short name), if it is listed. */
export async function findProvider(executor: Executor, providerCode: string): Promise<{ kind: string; shortName: string } | undefined> {
  return queryOne<{ kind: string; shortName: string }>(executor, sql`SELECT kind, short_name AS "shortName" FROM ${providersRelation()} p WHERE code = ${providerCode}`);
}

/** The provider's kind in the directory (BANK, EWALLET, MOBILE_MONEY, POSTAL), if it is listed. */
export async function findProviderKind(executor: Executor, providerCode: string): Promise<string | undefined> {
  const provider = await queryOne<{ kind: string }>(executor, sql`SELECT kind FROM ${providersRelation()} p WHERE code = ${providerCode}`);
  return provider?.kind;
}
