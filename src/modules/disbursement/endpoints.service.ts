import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { domainError, errors } from '../../core/errors.js';
import { queryOne, type Executor } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../access/scope.js';

/**
 * Where each provider's system is reached (bank host-to-host, G2P Connect, VNPost) and the
 * shared secret that signs both directions. Only a system administrator sets them; the secret
 * never leaves the server again (views and the audit trail show a fingerprint).
 */
export const endpointKinds = ['BANK_H2H', 'G2P', 'POSTAL'] as const;
export type EndpointKind = (typeof endpointKinds)[number];

export interface ProviderEndpoint {
  providerCode: string;
  kind: EndpointKind;
  baseUrl: string;
  secret: string;
}

export interface EndpointView {
  providerCode: string;
  kind: EndpointKind;
  baseUrl: string;
  /** First 12 hex digits of SHA-256(secret): enough to compare with the provider, useless to an attacker. */
  secretFingerprint: string;
  updatedBy: string;
  callbackBaseUrl: string | null;
}

/** Which endpoint kinds fit which provider kinds (a bank may also sit behind a G2P Connect gateway). */
const kindsByProvider: Record<string, readonly EndpointKind[]> = {
  BANK: ['BANK_H2H', 'G2P'],
  EWALLET: ['G2P'],
  MOBILE_MONEY: ['G2P'],
  POSTAL: ['POSTAL'],
};

const callbackSettingKey = 'disbursement.callbackBaseUrl';
const secretLength = { min: 16, max: 256 };
const urlLengthMax = 500;

export function secretFingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 12);
}

export async function findEndpoint(executor: Executor, providerCode: string): Promise<ProviderEndpoint | undefined> {
  return queryOne<ProviderEndpoint>(
    executor,
    sql`SELECT provider_code AS "providerCode", kind, base_url AS "baseUrl", secret FROM provider_endpoints WHERE provider_code = ${providerCode}`,
  );
}

/**
 * Our public base URL for G2P callbacks (`sender_uri`). It is part of every /disburse body, so it
 * lives in the database: every process builds byte-identical bodies for the same batch, which the
 * provider's idempotency check requires.
 */
export async function findCallbackBaseUrl(executor: Executor): Promise<string | null> {
  const row = await queryOne<{ value: { url?: string } }>(executor, sql`SELECT value FROM app_settings WHERE key = ${callbackSettingKey}`);
  return row?.value.url ?? null;
}

export function g2pCallbackUrl(baseUrl: string, providerCode: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/v1/callbacks/g2p/${encodeURIComponent(providerCode)}`;
}

function checkedUrl(value: string, field: string): string {
  const url = URL.canParse(value) ? new URL(value) : null;
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.username !== '' || url.password !== '' || value.length > urlLengthMax) {
    throw domainError('ENDPOINT_URL_INVALID', 400, `${field} phải là địa chỉ http(s) đầy đủ, không chứa mật khẩu`, `${field} must be an absolute http(s) URL without credentials`, { field });
  }
  return value.replace(/\/+$/, '');
}

function checkedSecret(secret: string): string {
  if (secret.length < secretLength.min || secret.length > secretLength.max || !/^[\x21-\x7e]+$/.test(secret)) {
    throw domainError(
      'ENDPOINT_SECRET_INVALID',
      400,
      `Khoá bí mật phải dài ${secretLength.min}–${secretLength.max} ký tự, không dấu cách`,
      `The secret must be ${secretLength.min}–${secretLength.max} printable characters without spaces`,
    );
  }
  return secret;
}

async function checkProviderKind(executor: Executor, providerCode: string, kind: EndpointKind): Promise<void> {
  const provider = await queryOne<{ kind: string }>(executor, sql`SELECT kind FROM providers WHERE code = ${providerCode}`);
  if (!provider) throw errors.notFound({ entity: 'provider', code: providerCode });
  if (!(kindsByProvider[provider.kind] ?? []).includes(kind)) {
    throw domainError('ENDPOINT_KIND_MISMATCH', 400, `Tổ chức ${providerCode} (${provider.kind}) không dùng kết nối ${kind}`, `Provider ${providerCode} (${provider.kind}) cannot use a ${kind} endpoint`, {
      providerKind: provider.kind,
      kind,
    });
  }
}

async function view(executor: Executor, providerCode: string): Promise<EndpointView | null> {
  const row = await queryOne<Omit<EndpointView, 'secretFingerprint' | 'callbackBaseUrl'> & { secret: string }>(
    executor,
    sql`SELECT provider_code AS "providerCode", kind, base_url AS "baseUrl", secret, updated_by AS "updatedBy" FROM provider_endpoints WHERE provider_code = ${providerCode}`,
  );
  if (!row) return null;
  const { secret, ...rest } = row;
  return { ...rest, secretFingerprint: secretFingerprint(secret), callbackBaseUrl: await findCallbackBaseUrl(executor) };
}

export async function setProviderEndpoint(
  ctx: AppContext,
  actor: Actor,
  input: { providerCode: string; kind: string; baseUrl: string; secret: string; callbackBaseUrl?: string | null },
): Promise<EndpointView> {
  // Connection secrets are a system administrator's matter, not an area's: no province role.
  if (actor.role !== 'admin' || actor.scope.level !== 'national') throw errors.forbidden({ permission: 'providers.endpoint' });
  const providerCode = input.providerCode.trim().toUpperCase();
  if (!(endpointKinds as readonly string[]).includes(input.kind)) {
    throw domainError('ENDPOINT_KIND_INVALID', 400, 'Loại kết nối phải là BANK_H2H, G2P hoặc POSTAL', 'The kind must be BANK_H2H, G2P or POSTAL', { kind: input.kind });
  }
  const kind = input.kind as EndpointKind;
  const baseUrl = checkedUrl(input.baseUrl, 'url');
  const secret = checkedSecret(input.secret);
  const callback = input.callbackBaseUrl === undefined || input.callbackBaseUrl === null ? input.callbackBaseUrl : checkedUrl(input.callbackBaseUrl, 'callbackBaseUrl');
  return ctx.db.orm.transaction(async (tx) => {
    await checkProviderKind(tx, providerCode, kind);
    const before = await view(tx, providerCode);
    await tx.execute(sql`
      INSERT INTO provider_endpoints (provider_code, kind, base_url, secret, updated_by) VALUES (${providerCode}, ${kind}, ${baseUrl}, ${secret}, ${actor.username})
      ON CONFLICT (provider_code) DO UPDATE SET kind = EXCLUDED.kind, base_url = EXCLUDED.base_url, secret = EXCLUDED.secret, updated_by = EXCLUDED.updated_by, updated_at = now()`);
    if (callback === null) await tx.execute(sql`DELETE FROM app_settings WHERE key = ${callbackSettingKey}`);
    else if (callback !== undefined) {
      await tx.execute(sql`INSERT INTO app_settings (key, value) VALUES (${callbackSettingKey}, ${JSON.stringify({ url: callback })}::jsonb)
                           ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`);
    }
    const after = (await view(tx, providerCode))!;
    await recordAudit(tx, actor, { action: 'providers.endpoint_set', entityType: 'provider', entityId: providerCode, before, after });
    return after;
  });
}
