import { sql } from 'drizzle-orm';
import { queryOne, type Executor } from '../../db/client.js';
import { providersRelation } from '../units/units.service.js';

/** The providers' connections (`provider_endpoints`): where each is reached and the secret that signs both directions. */
export interface EndpointRow {
  providerCode: string;
  kind: string;
  baseUrl: string;
  secret: string;
  updatedBy: string;
}

export async function findEndpointRow(executor: Executor, providerCode: string): Promise<EndpointRow | undefined> {
  return queryOne<EndpointRow>(
    executor,
    sql`SELECT provider_code AS "providerCode", kind, base_url AS "baseUrl", secret, updated_by AS "updatedBy" FROM provider_endpoints WHERE provider_code = ${providerCode}`,
  );
}

export async function upsertEndpoint(executor: Executor, endpoint: EndpointRow): Promise<void> {
  await executor.execute(sql`
    INSERT INTO provider_endpoints (provider_code, kind, base_url, secret, updated_by)
    VALUES (${endpoint.providerCode}, ${endpoint.kind}, ${endpoint.baseUrl}, ${endpoint.secret}, ${endpoint.updatedBy})
    ON CONFLICT (provider_code) DO UPDATE SET kind = EXCLUDED.kind, base_url = EXCLUDED.base_url, secret = EXCLUDED.secret, updated_by = EXCLUDED.updated_by, updated_at = now()`);
}

/** The provider's kind in the directory (BANK, EWALLET, MOBILE_MONEY, POSTAL), if it is listed. */
export async function findProviderKind(executor: Executor, providerCode: string): Promise<string | undefined> {
  const provider = await queryOne<{ kind: string }>(executor, sql`SELECT kind FROM ${providersRelation()} p WHERE code = ${providerCode}`);
  return provider?.kind;
}
