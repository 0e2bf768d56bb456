import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import { domainError, errors } from '../../core/errors.js';
import type { Executor } from '../../db/client.js';
import { deleteSetting, getSetting, setSetting } from '../../db/settings.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../access/scope.js';
import { deleteSecrets, openSecret, sealSecret, sealSecrets } from '../secrets/secrets.service.js';
import { findEndpointRow, findProviderKind, lockPlaintextEndpoints, replacePlaintextSecrets, upsertEndpoint, type EndpointRow } from './endpoints.repository.js';

/**
 * Each provider's profile: where its system is reached (bank host-to-host, G2P Connect, VNPost),
 * the shared secret that signs both directions, and for G2P Connect a bearer token, an ed25519
 * signing key, how its status is asked and our callback URL for it. Only a system administrator
 * sets them; the credentials are stored encrypted (secrets module) and never leave the server
 * again (views and the audit trail show fingerprints and the signing public key).
 */
export const endpointKinds = ['BANK_H2H', 'G2P', 'POSTAL'] as const;
export type EndpointKind = (typeof endpointKinds)[number];

export const statusModes = ['ASYNC', 'SYNC'] as const;
export type StatusMode = (typeof statusModes)[number];

/** A provider's connection with its plain credentials, for the code that talks to it (never for a view). */
export interface ProviderEndpoint {
  providerCode: string;
  kind: EndpointKind;
  baseUrl: string;
  /** The shared HMAC secret signing both directions. */
  secret: string;
  /** Sent as `Authorization: Bearer …` when set. */
  bearerToken: string | null;
  /** ed25519 private key (PKCS#8 PEM) signing G2P bodies, when set. */
  signingKeyPem: string | null;
  /** G2P status: asynchronous query answered on the on-status callback, or the synchronous endpoint. */
  statusMode: StatusMode;
  /** Our callback base URL for this provider: its own, else the installation's, else null. */
  callbackBaseUrl: string | null;
  /** The provider's ed25519 public key (SPKI PEM): with one, its G2P callbacks must carry a valid body signature. */
  providerPublicKeyPem: string | null;
}

export interface EndpointView {
  providerCode: string;
  kind: EndpointKind;
  baseUrl: string;
  /** Always true: a connection has a secret, stored encrypted and never shown. */
  hasSecret: true;
  /** First 12 hex digits of SHA-256(secret): enough to compare with the provider, useless to an attacker. */
  secretFingerprint: string;
  hasBearerToken: boolean;
  /** First 12 hex digits of SHA-256(token), as for the secret. */
  bearerTokenFingerprint: string | null;
  /** The public half of the signing key (raw 32 bytes, base64), which the provider registers; null without a key. */
  signingPublicKey: string | null;
  /** The provider's public key (raw 32 bytes, base64) its callbacks are checked with; null: callbacks are checked by HMAC only. */
  providerPublicKey: string | null;
  statusMode: StatusMode;
  /** The provider's own callback base URL (null: the installation's, `defaultCallbackBaseUrl`). */
  callbackBaseUrl: string | null;
  defaultCallbackBaseUrl: string | null;
  updatedBy: string;
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
const bearerTokenLength = { min: 16, max: 4096 };
const urlLengthMax = 500;

export function secretFingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 12);
}

/** The purposes a provider's credentials are sealed under (and bound to). */
const purposes = {
  secret: (providerCode: string) => `provider_endpoint:${providerCode}`,
  bearerToken: (providerCode: string) => `provider_bearer_token:${providerCode}`,
  signingKey: (providerCode: string) => `provider_signing_key:${providerCode}`,
};

/** The plain secret of a connection, opened for the moment it is used. */
async function secretOf(executor: Executor, row: EndpointRow): Promise<string> {
  if (row.secretId !== null) return openSecret(executor, row.secretId);
  // Only a database older than migration 0033 before its first start (sealLegacyEndpointSecrets).
  return row.legacyPlaintextSecret!;
}

async function openOptional(executor: Executor, id: number | null): Promise<string | null> {
  return id === null ? null : openSecret(executor, id);
}

/** A provider's connection with its plain credentials: for the code that signs and checks its messages, never for a view. */
export async function findEndpoint(executor: Executor, providerCode: string): Promise<ProviderEndpoint | undefined> {
  const row = await findEndpointRow(executor, providerCode);
  if (!row) return undefined;
  return {
    providerCode: row.providerCode,
    kind: row.kind as EndpointKind,
    baseUrl: row.baseUrl,
    secret: await secretOf(executor, row),
    bearerToken: await openOptional(executor, row.bearerTokenSecretId),
    signingKeyPem: await openOptional(executor, row.signingKeySecretId),
    statusMode: row.statusMode as StatusMode,
    callbackBaseUrl: row.callbackBaseUrl ?? (await findDefaultCallbackBaseUrl(executor)),
    providerPublicKeyPem: row.providerPublicKeyPem,
  };
}

async function findDefaultCallbackBaseUrl(executor: Executor): Promise<string | null> {
  return (await getSetting<{ url?: string }>(executor, callbackSettingKey))?.url ?? null;
}

/**
 * Our public base URL for G2P callbacks (`sender_uri`): the provider's own when its profile has
 * one, else the installation's. It is part of every /disburse body, so it lives in the database:
 * every process builds byte-identical bodies for the same batch, which the provider's idempotency
 * check requires.
 */
export async function findCallbackBaseUrl(executor: Executor, providerCode?: string): Promise<string | null> {
  const own = providerCode === undefined ? null : ((await findEndpointRow(executor, providerCode))?.callbackBaseUrl ?? null);
  return own ?? (await findDefaultCallbackBaseUrl(executor));
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

/** RFC 6750's b64token: what may follow `Bearer ` in a header. */
function checkedBearerToken(token: string): string {
  if (token.length < bearerTokenLength.min || token.length > bearerTokenLength.max || !/^[A-Za-z0-9\-._~+/]+=*$/.test(token)) {
    throw domainError(
      'ENDPOINT_TOKEN_INVALID',
      400,
      `Token phải dài ${bearerTokenLength.min}–${bearerTokenLength.max} ký tự, chỉ gồm chữ, số và - . _ ~ + / =`,
      `The bearer token must be ${bearerTokenLength.min}–${bearerTokenLength.max} characters of letters, digits and - . _ ~ + / =`,
    );
  }
  return token;
}

function signingKeyInvalid(en: string, vi: string): Error {
  return domainError('ENDPOINT_SIGNING_KEY_INVALID', 400, `Khoá ký không hợp lệ: ${vi}`, `The signing key is invalid: ${en}`);
}

/** An ed25519 private key in PKCS#8 PEM (unencrypted), re-exported in its canonical form. */
export function checkedSigningKey(pem: string): string {
  if (!pem.includes('-----BEGIN PRIVATE KEY-----')) throw signingKeyInvalid('expected an unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY")', 'cần tệp PEM PKCS#8 không mã hoá ("BEGIN PRIVATE KEY")');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw signingKeyInvalid('the PEM cannot be read', 'không đọc được tệp PEM');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw signingKeyInvalid(`an ed25519 key is required, not ${key.asymmetricKeyType ?? 'this key'}`, `cần khoá ed25519, không phải ${key.asymmetricKeyType ?? 'khoá này'}`);
  return key.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** The public half of an ed25519 private key: the raw 32 bytes, base64 (what the provider registers). */
export function signingPublicKey(pem: string): string {
  const jwk = createPublicKey(createPrivateKey(pem)).export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url').toString('base64');
}

function rawPublicKey(pem: string): string {
  return Buffer.from(createPublicKey(pem).export({ format: 'jwk' }).x!, 'base64url').toString('base64');
}

/**
 * A provider's ed25519 public key as given — SPKI PEM, or the raw 32 bytes in base64 as providers
 * often publish it — as SPKI PEM; anything else is refused.
 */
function checkedProviderPublicKey(value: string): string {
  const text = value.trim();
  const invalid = () =>
    domainError('ENDPOINT_PUBLIC_KEY_INVALID', 400, 'Khoá công khai của tổ chức phải là khoá ed25519 (PEM hoặc 32 byte base64)', 'The provider’s public key must be an ed25519 key (PEM or 32 bytes in base64)', {
      field: 'providerPublicKey',
    });
  try {
    const key = text.startsWith('-----BEGIN')
      ? createPublicKey(text)
      : /^[A-Za-z0-9+/]{43}=$/.test(text)
        ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(text, 'base64').toString('base64url') }, format: 'jwk' })
        : null;
    if (key?.asymmetricKeyType !== 'ed25519') throw invalid();
    return key.export({ format: 'pem', type: 'spki' }).toString();
  } catch (error) {
    if (error instanceof Error && 'code' in error && (error as { code?: string }).code === 'ENDPOINT_PUBLIC_KEY_INVALID') throw error;
    throw invalid();
  }
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

/** What may be shown of a connection: never a secret, only that it is there and what identifies it. */
export async function endpointViewOf(executor: Executor, row: EndpointRow, defaultCallbackBaseUrl: string | null): Promise<EndpointView> {
  const bearerToken = await openOptional(executor, row.bearerTokenSecretId);
  const signingKey = await openOptional(executor, row.signingKeySecretId);
  return {
    providerCode: row.providerCode,
    kind: row.kind as EndpointKind,
    baseUrl: row.baseUrl,
    hasSecret: true,
    secretFingerprint: secretFingerprint(await secretOf(executor, row)),
    hasBearerToken: bearerToken !== null,
    bearerTokenFingerprint: bearerToken === null ? null : secretFingerprint(bearerToken),
    signingPublicKey: signingKey === null ? null : signingPublicKey(signingKey),
    providerPublicKey: row.providerPublicKeyPem === null ? null : rawPublicKey(row.providerPublicKeyPem),
    statusMode: row.statusMode as StatusMode,
    callbackBaseUrl: row.callbackBaseUrl,
    defaultCallbackBaseUrl,
    updatedBy: row.updatedBy,
  };
}

async function view(executor: Executor, providerCode: string): Promise<EndpointView | null> {
  const row = await findEndpointRow(executor, providerCode);
  return row ? endpointViewOf(executor, row, await findDefaultCallbackBaseUrl(executor)) : null;
}

export interface EndpointInput {
  providerCode: string;
  kind: string;
  baseUrl: string;
  /** Required for a new connection; omitted: the stored one stays. */
  secret?: string;
  /** Omitted: unchanged; null: removed. */
  bearerToken?: string | null;
  /** ed25519 PKCS#8 PEM. Omitted: unchanged; null: removed. */
  signingKeyPem?: string | null;
  /** A new ed25519 key made here (its private half never leaves the server); not with `signingKeyPem`. */
  generateSigningKey?: boolean;
  /** Omitted: unchanged (ASYNC for a new connection). */
  statusMode?: string;
  /** The provider's own callback base URL. Omitted: unchanged; null: the installation's applies. */
  callbackBaseUrl?: string | null;
  /** The installation's callback base URL, for providers without their own. Omitted: unchanged; null: removed. */
  defaultCallbackBaseUrl?: string | null;
  /** The provider's ed25519 public key (PEM or raw base64). Omitted: unchanged; null: removed (callbacks checked by HMAC only). */
  providerPublicKey?: string | null;
}

function optionalUrl(value: string | null | undefined, field: string): string | null | undefined {
  return value === undefined || value === null ? value : checkedUrl(value, field);
}

/** A credential as it is to be: kept, removed, or sealed anew (only when its value changes). */
async function nextCredential(
  tx: Executor,
  ctx: AppContext,
  purpose: string,
  currentId: number | null,
  wanted: string | null | undefined,
): Promise<{ id: number | null; removed: number | null; changed: boolean }> {
  if (wanted === undefined) return { id: currentId, removed: null, changed: false };
  if (wanted === null) return { id: null, removed: currentId, changed: currentId !== null };
  if (currentId !== null && (await openSecret(tx, currentId)) === wanted) return { id: currentId, removed: null, changed: false };
  return { id: await sealSecret(tx, ctx.config, purpose, wanted), removed: null, changed: true };
}

/**
 * Sets a provider's profile: protocol, endpoint, credentials (sealed, never returned), status mode
 * and callback URL. Fields left out keep their value. Audited with the views before and after
 * (fingerprints and the public key, never a secret); the same profile again changes nothing.
 */
export async function setProviderEndpoint(ctx: AppContext, actor: Actor, input: EndpointInput): Promise<EndpointView> {
  // Connection secrets are a system administrator's matter, not an area's: no province role.
  if (actor.role !== 'admin' || actor.scope.level !== 'national') throw errors.forbidden({ permission: 'providers.endpoint' });
  const providerCode = input.providerCode.trim().toUpperCase();
  if (!(endpointKinds as readonly string[]).includes(input.kind)) {
    throw domainError('ENDPOINT_KIND_INVALID', 400, 'Loại kết nối phải là BANK_H2H, G2P hoặc POSTAL', 'The kind must be BANK_H2H, G2P or POSTAL', { kind: input.kind });
  }
  if (input.statusMode !== undefined && !(statusModes as readonly string[]).includes(input.statusMode)) {
    throw domainError('ENDPOINT_STATUS_MODE_INVALID', 400, 'Cách hỏi trạng thái phải là ASYNC hoặc SYNC', 'The status mode must be ASYNC or SYNC', { statusMode: input.statusMode });
  }
  const kind = input.kind as EndpointKind;
  const baseUrl = checkedUrl(input.baseUrl, 'url');
  const secret = input.secret === undefined ? undefined : checkedSecret(input.secret);
  const bearerToken = input.bearerToken === undefined || input.bearerToken === null ? input.bearerToken : checkedBearerToken(input.bearerToken);
  if (input.generateSigningKey && input.signingKeyPem !== undefined) {
    throw domainError('ENDPOINT_SIGNING_KEY_INVALID', 400, 'Chọn tạo khoá mới hoặc nhập khoá, không cả hai', 'Either generate a signing key or give one, not both');
  }
  const signingKeyPem = input.generateSigningKey
    ? generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    : input.signingKeyPem === undefined || input.signingKeyPem === null
      ? input.signingKeyPem
      : checkedSigningKey(input.signingKeyPem);
  const callbackBaseUrl = optionalUrl(input.callbackBaseUrl, 'callbackBaseUrl');
  const defaultCallbackBaseUrl = optionalUrl(input.defaultCallbackBaseUrl, 'defaultCallbackBaseUrl');
  const providerPublicKey = input.providerPublicKey === undefined || input.providerPublicKey === null ? input.providerPublicKey : checkedProviderPublicKey(input.providerPublicKey);
  return ctx.db.orm.transaction(async (tx) => {
    await checkProviderKind(tx, providerCode, kind);
    const current = await findEndpointRow(tx, providerCode);
    if (!current && secret === undefined) {
      throw domainError('ENDPOINT_SECRET_REQUIRED', 400, 'Kết nối mới cần khoá bí mật', 'A new connection needs its shared secret', { providerCode });
    }
    const before = await view(tx, providerCode);
    const sealed = await nextCredential(tx, ctx, purposes.secret(providerCode), current?.secretId ?? null, secret);
    const token = await nextCredential(tx, ctx, purposes.bearerToken(providerCode), current?.bearerTokenSecretId ?? null, bearerToken);
    const signingKey = await nextCredential(tx, ctx, purposes.signingKey(providerCode), current?.signingKeySecretId ?? null, signingKeyPem);
    if (sealed.id === null) {
      // A database older than 0033 not yet started once: its plaintext is sealed at start.
      throw domainError('ENDPOINT_SECRET_REQUIRED', 400, 'Cần nhập lại khoá bí mật', 'The shared secret must be given again', { providerCode });
    }
    const next = {
      providerCode,
      kind,
      baseUrl,
      secretId: sealed.id,
      bearerTokenSecretId: token.id,
      signingKeySecretId: signingKey.id,
      statusMode: input.statusMode ?? current?.statusMode ?? 'ASYNC',
      callbackBaseUrl: callbackBaseUrl === undefined ? (current?.callbackBaseUrl ?? null) : callbackBaseUrl,
      providerPublicKeyPem: providerPublicKey === undefined ? (current?.providerPublicKeyPem ?? null) : providerPublicKey,
      updatedBy: actor.username,
    };
    const defaultBefore = await findDefaultCallbackBaseUrl(tx);
    const unchanged =
      current !== undefined && !sealed.changed && !token.changed && !signingKey.changed &&
      current.kind === next.kind && current.baseUrl === next.baseUrl && current.statusMode === next.statusMode && current.callbackBaseUrl === next.callbackBaseUrl &&
      current.providerPublicKeyPem === next.providerPublicKeyPem &&
      (defaultCallbackBaseUrl === undefined || defaultCallbackBaseUrl === defaultBefore);
    // The same profile again changes nothing and records nothing.
    if (unchanged) return before!;
    await upsertEndpoint(tx, next);
    // A removed credential leaves no ciphertext behind.
    await deleteSecrets(tx, [token.removed, signingKey.removed].filter((id): id is number => id !== null));
    if (defaultCallbackBaseUrl === null) await deleteSetting(tx, callbackSettingKey);
    else if (defaultCallbackBaseUrl !== undefined) await setSetting(tx, callbackSettingKey, { url: defaultCallbackBaseUrl });
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
    const ids = await sealSecrets(tx, ctx.config, plaintext.map((row) => ({ purpose: purposes.secret(row.providerCode), plaintext: row.secret })));
    const sealed = await replacePlaintextSecrets(tx, plaintext.map((row) => ({ providerCode: row.providerCode, secretId: ids.get(purposes.secret(row.providerCode))! })));
    await recordAudit(tx, actor, { action: 'secrets.plaintext_encrypted', entityType: 'provider_endpoints', after: { sealed, providers: plaintext.map((row) => row.providerCode) } });
    return { sealed };
  });
}
