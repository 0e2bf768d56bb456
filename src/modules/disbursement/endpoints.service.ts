import { createHash } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import { domainError, errors } from '../../core/errors.js';
import type { Executor } from '../../db/client.js';
import { deleteSetting, getSetting, setSetting } from '../../db/settings.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../access/scope.js';
import { openSecret, sealSecret, sealSecrets } from '../secrets/secrets.service.js';
import { findEndpointRow, findProviderKind, lockPlaintextEndpoints, replacePlaintextSecrets, upsertEndpoint, type EndpointRow } from './endpoints.repository.js';

/**
 * Where each provider's system is reached (bank host-to-host, G2P Connect, VNPost) and the
 * shared secret that signs both directions. Only a system administrator sets them; the secret
 * is stored encrypted (secrets module) and never leaves the server again (views and the audit
 * trail show `hasSecret` and a fingerprint).
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
  /** Always true: a connection has a secret, stored encrypted and never shown. */
  hasSecret: true;
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

/** The purpose a provider's secret is sealed under (and bound to). */
function secretPurpose(providerCode: string): string {
  return `provider_endpoint:${providerCode}`;
}

/** The plain secret of a connection, opened for the moment it is used. */
async function secretOf(executor: Executor, row: EndpointRow): Promise<string> {
  if (row.secretId !== null) return openSecret(executor, row.secretId);
  // Only a database older than migration 0033 before its first start (sealLegacyEndpointSecrets).
  return row.legacyPlaintextSecret!;
}

/** A provider's connection with its plain secret: for the code that signs and checks its messages, never for a view. */
export async function findEndpoint(executor: Executor, providerCode: string): Promise<ProviderEndpoint | undefined> {
  const row = await findEndpointRow(executor, providerCode);
  return row && { providerCode: row.providerCode, kind: row.kind as EndpointKind, baseUrl: row.baseUrl, secret: await secretOf(executor, row) };
}

/**
 * Our public base URL for G2P callbacks (`sender_uri`). It is part of every /disburse body, so it
 * lives in the database: every process builds byte-identical bodies for the same batch, which the
 * provider's idempotency check requires.
 */
export async function findCallbackBaseUrl(executor: Executor): Promise<string | null> {
  return (await getSetting<{ url?: string }>(executor, callbackSettingKey))?.url ?? null;
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
  const providerKind = await findProviderKind(executor, providerCode);
  if (providerKind === undefined) throw errors.notFound({ entity: 'provider', code: providerCode });
  if (!(kindsByProvider[providerKind] ?? []).includes(kind)) {
    throw domainError('ENDPOINT_KIND_MISMATCH', 400, `Tổ chức ${providerCode} (${providerKind}) không dùng kết nối ${kind}`, `Provider ${providerCode} (${providerKind}) cannot use a ${kind} endpoint`, {
      providerKind,
      kind,
    });
  }
}

async function view(executor: Executor, providerCode: string): Promise<EndpointView | null> {
  const row = await findEndpointRow(executor, providerCode);
  if (!row) return null;
  return {
    providerCode: row.providerCode,
    kind: row.kind as EndpointKind,
    baseUrl: row.baseUrl,
    hasSecret: true,
    secretFingerprint: secretFingerprint(await secretOf(executor, row)),
    updatedBy: row.updatedBy,
    callbackBaseUrl: await findCallbackBaseUrl(executor),
  };
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
    const secretId = await sealSecret(tx, ctx.config, secretPurpose(providerCode), secret);
    await upsertEndpoint(tx, { providerCode, kind, baseUrl, secretId, updatedBy: actor.username });
    if (callback === null) await deleteSetting(tx, callbackSettingKey);
    else if (callback !== undefined) await setSetting(tx, callbackSettingKey, { url: callback });
    const after = (await view(tx, providerCode))!;
    await recordAudit(tx, actor, { action: 'providers.endpoint_set', entityType: 'provider', entityId: providerCode, before, after });
    return after;
  });
}

/**
 * Encrypts the secrets a database older than migration 0033 holds in plain text, at the first
 * start (app/bootstrap.ts), in one transaction, audited with the providers concerned (never the
 * values). Does nothing on a database without any.
 */
export async function sealLegacyEndpointSecrets(ctx: AppContext, actor: Actor): Promise<{ sealed: number }> {
  return ctx.db.orm.transaction(async (tx) => {
    const plaintext = await lockPlaintextEndpoints(tx);
    if (plaintext.length === 0) return { sealed: 0 };
    const ids = await sealSecrets(tx, ctx.config, plaintext.map((row) => ({ purpose: secretPurpose(row.providerCode), plaintext: row.secret })));
    const sealed = await replacePlaintextSecrets(tx, plaintext.map((row) => ({ providerCode: row.providerCode, secretId: ids.get(secretPurpose(row.providerCode))! })));
    await recordAudit(tx, actor, { action: 'secrets.plaintext_encrypted', entityType: 'provider_endpoints', after: { sealed, providers: plaintext.map((row) => row.providerCode) } });
    return { sealed };
  });
}
