import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import { domainError, errors } from '../../core/errors.js';
import type { Executor } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../access/scope.js';
import { currentSecretKey, rotationKey, secretKeyById, type SecretKey, type SecretKeySource } from './keys.js';
import { countSecretsByKey, deleteSealedSecrets, findSealedSecret, lockAllSealedSecrets, replaceSealedSecrets, upsertSealedSecrets, type SealedSecret, type SealedSecretRow } from './secrets.repository.js';

/**
 * Secrets at rest: providers' shared secrets, tokens and private keys are stored only as AES-256-GCM
 * ciphertexts (table `secrets`) under a key kept outside the database (keys.ts). A module keeps the
 * id of its secret and opens it when it needs the plain value, in memory only: no view, response,
 * log line or audit event ever carries it (they say `hasSecret`).
 */
export type { SecretKeySource } from './keys.js';
export { existingSecretKeys } from './keys.js';

/** What the ciphertext is bound to (GCM additional data): the purpose, so a ciphertext moved to another row does not open. */
function additionalData(purpose: string): Buffer {
  return Buffer.from(`asxh-secret v1\n${purpose}`, 'utf8');
}

function seal(key: SecretKey, purpose: string, plaintext: string): SealedSecret {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(additionalData(purpose));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { purpose, keyId: key.id, nonce: nonce.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

function open(row: SealedSecret, source?: SecretKeySource): string {
  const key = secretKeyById(row.keyId, source);
  if (!key) {
    throw domainError(
      'SECRET_KEY_UNKNOWN',
      500,
      `Không mở được khoá bí mật "${row.purpose}": khoá ${row.keyId} không có trên máy chủ (ASXH_SECRET_KEY, ASXH_SECRET_KEY_PREVIOUS hoặc tệp secrets.key)`,
      `Cannot open the secret "${row.purpose}": the key ${row.keyId} is not available on this server (ASXH_SECRET_KEY, ASXH_SECRET_KEY_PREVIOUS or the secrets.key file)`,
      { purpose: row.purpose, keyId: row.keyId },
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(row.nonce, 'base64'));
    decipher.setAAD(additionalData(row.purpose));
    decipher.setAuthTag(Buffer.from(row.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(row.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw domainError('SECRET_DAMAGED', 500, `Khoá bí mật "${row.purpose}" đã bị sửa đổi hoặc hỏng`, `The secret "${row.purpose}" was altered or is damaged`, { purpose: row.purpose, keyId: row.keyId });
  }
}

/**
 * Seals the plain values under the current key and stores them (replacing earlier values of the
 * same purposes) in one statement; the ids by purpose. The caller records its own audit event,
 * without the values.
 */
export async function sealSecrets(executor: Executor, source: SecretKeySource, entries: readonly { purpose: string; plaintext: string }[]): Promise<Map<string, number>> {
  if (entries.length === 0) return new Map();
  const key = currentSecretKey(source);
  return upsertSealedSecrets(executor, entries.map((entry) => seal(key, entry.purpose, entry.plaintext)));
}

export async function sealSecret(executor: Executor, source: SecretKeySource, purpose: string, plaintext: string): Promise<number> {
  return (await sealSecrets(executor, source, [{ purpose, plaintext }])).get(purpose)!;
}

/** The plain value of a stored secret, for the moment it is used (signing a request, checking a callback). */
export async function openSecret(executor: Executor, id: number, source?: SecretKeySource): Promise<string> {
  const row = await findSealedSecret(executor, id);
  if (!row) throw errors.notFound({ entity: 'secret', id });
  return open(row, source);
}

/** Removes stored secrets once nothing refers to them (the caller has unset its references first). */
export async function deleteSecrets(executor: Executor, ids: readonly number[]): Promise<void> {
  await deleteSealedSecrets(executor, ids);
}

export interface RotationResult {
  /** The key every secret is sealed with now (public identifier). */
  keyId: string;
  /** How many secrets each key had sealed before. */
  before: Record<string, number>;
  reencrypted: number;
  /** Where the new key is: ASXH_SECRET_KEY or the key file's path. */
  keySource: string;
}

/**
 * Re-encrypts every secret under a new key in one transaction (`asxh secrets rotate`), audited with
 * the counts (never a value). With ASXH_SECRET_KEY the new key is the environment's and the old one
 * comes from ASXH_SECRET_KEY_PREVIOUS; with the key file a new file is made and replaces the old
 * one after the commit. Safe to run again: every secret is simply sealed anew under the current key.
 */
export async function rotateSecrets(ctx: AppContext, actor: Actor): Promise<RotationResult> {
  // Keys are a system administrator's matter, not an area's.
  if (actor.role !== 'admin' || actor.scope.level !== 'national') throw errors.forbidden({ permission: 'secrets.rotate' });
  const rotation = rotationKey(ctx.config);
  const result = await ctx.db.orm.transaction(async (tx) => {
    const before = await countSecretsByKey(tx);
    const rows = await lockAllSealedSecrets(tx);
    const resealed: SealedSecretRow[] = rows.map((row) => ({ id: row.id, ...seal(rotation.key, row.purpose, open(row, ctx.config)) }));
    const reencrypted = await replaceSealedSecrets(tx, resealed);
    await recordAudit(tx, actor, {
      action: 'secrets.rotated',
      entityType: 'secrets',
      before: { byKey: before },
      after: { keyId: rotation.key.id, reencrypted, previousKeyId: rotation.previous?.id ?? null },
    });
    return { keyId: rotation.key.id, before, reencrypted, keySource: rotation.key.source };
  });
  rotation.finish();
  return result;
}

/** The identifiers of the keys the stored secrets are sealed with (public; what a restore needs at hand). */
export async function secretKeyIdsInUse(executor: Executor): Promise<string[]> {
  return Object.keys(await countSecretsByKey(executor)).sort();
}
