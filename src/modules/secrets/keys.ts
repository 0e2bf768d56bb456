/**
 * The key of the secrets at rest, kept OUT of the database: ASXH_SECRET_KEY (32 bytes in base64)
 * or, when unset, the key file `secrets.key` of the data folder, created once with mode 0600
 * (core/key-file.ts, as the audit key). Only a public identifier of a key (`id`, 16 hex digits)
 * is written to the database, beside each ciphertext it sealed.
 *
 * Rotation (`asxh secrets rotate`): with the environment key, the operator sets the new key in
 * ASXH_SECRET_KEY and the old one in ASXH_SECRET_KEY_PREVIOUS; with the key file, the new key is
 * first written to `secrets.key.next`, every secret is re-encrypted under it in one transaction,
 * then the old file is renamed `secrets.key.retired-<id>` (it still opens older backups) and the
 * new one takes its place. A crash in between leaves `secrets.key.next`, which is read too and
 * finished by the next rotation.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../config.js';
import { createKeyFileOnce, readKeyFile, readOrCreateKeyFile } from '../../core/key-file.js';

export type SecretKeySource = Pick<Config, 'secretKey' | 'secretKeyPrevious' | 'dataDir'>;

export interface SecretKey {
  /** Public identifier: HMAC of a fixed label under the key, 16 hex digits. */
  readonly id: string;
  readonly key: Buffer;
  /** Where it came from, for messages: `ASXH_SECRET_KEY`, `ASXH_SECRET_KEY_PREVIOUS` or a file's path. */
  readonly source: string;
}

export const secretKeyFileName = 'secrets.key';
const nextSuffix = '.next';

function keyOf(material: string, source: string): SecretKey {
  const key = Buffer.from(material.trim(), 'base64');
  if (key.length !== 32 || key.toString('base64') !== material.trim()) {
    throw new Error(`The secrets key (${source}) must be 32 bytes in base64, e.g. the output of \`openssl rand -base64 32\``);
  }
  return { id: createHmac('sha256', key).update('asxh-secrets key id v1').digest('hex').slice(0, 16), key, source };
}

const newMaterial = () => randomBytes(32).toString('base64');

function keyFilePath(source: SecretKeySource): string {
  return join(source.dataDir, secretKeyFileName);
}

/** Every key this process has met, by identifier: a ciphertext opens with the key that sealed it. */
const keyring = new Map<string, SecretKey>();

function register(key: SecretKey): SecretKey {
  const known = keyring.get(key.id);
  if (known) return known;
  keyring.set(key.id, key);
  return key;
}

/** The key new secrets are sealed with: the environment's, else the data folder's key file (created on first use). */
export function currentSecretKey(source: SecretKeySource): SecretKey {
  if (source.secretKey !== undefined) return register(keyOf(source.secretKey, 'ASXH_SECRET_KEY'));
  const path = keyFilePath(source);
  return register(keyOf(readOrCreateKeyFile(path, 'secrets key file', newMaterial), path));
}

/** The other keys a configuration names (never created): the previous environment key, the key file, a rotation's unfinished next key. */
function otherKeys(source: SecretKeySource): SecretKey[] {
  const keys: SecretKey[] = [];
  if (source.secretKeyPrevious !== undefined) keys.push(keyOf(source.secretKeyPrevious, 'ASXH_SECRET_KEY_PREVIOUS'));
  const path = keyFilePath(source);
  for (const file of source.secretKey !== undefined ? [path, `${path}${nextSuffix}`] : [`${path}${nextSuffix}`]) {
    if (existsSync(file)) keys.push(keyOf(readKeyFile(file, 'secrets key file'), file));
  }
  return keys.map(register);
}

/**
 * The identifiers of every key a configuration has at hand, none created: the environment's
 * (current and previous) and the data folder's key files (current, a rotation's unfinished next,
 * the retired ones). A restore checks the keys of the restored secrets against them.
 */
export function existingSecretKeys(source: SecretKeySource): { id: string; source: string }[] {
  const found: SecretKey[] = [];
  if (source.secretKey !== undefined) found.push(keyOf(source.secretKey, 'ASXH_SECRET_KEY'));
  if (source.secretKeyPrevious !== undefined) found.push(keyOf(source.secretKeyPrevious, 'ASXH_SECRET_KEY_PREVIOUS'));
  const path = keyFilePath(source);
  const files = existsSync(source.dataDir)
    ? readdirSync(source.dataDir).filter((name) => name === secretKeyFileName || name === `${secretKeyFileName}${nextSuffix}` || name.startsWith(`${secretKeyFileName}.retired-`))
    : [];
  for (const name of files.sort()) {
    const file = name === secretKeyFileName ? path : `${path}${name.slice(secretKeyFileName.length)}`;
    found.push(keyOf(readKeyFile(file, 'secrets key file'), file));
  }
  return found.map((key) => ({ id: key.id, source: key.source }));
}

/** The key of an identifier: one met already, else one of the source's (or the environment's) keys. */
export function secretKeyById(id: string, source?: SecretKeySource): SecretKey | undefined {
  const known = keyring.get(id);
  if (known) return known;
  for (const candidate of [source, loadConfig()]) {
    if (!candidate) continue;
    try {
      currentSecretKey(candidate);
      otherKeys(candidate);
    } catch {
      // (an unreadable key of that configuration: its keys are then simply not known here)
      continue;
    }
    const found = keyring.get(id);
    if (found) return found;
    // A secret written while a rotation committed, under the key it then retired.
    const retired = `${keyFilePath(candidate)}.retired-${id}`;
    if (/^[0-9a-f]{16}$/.test(id) && existsSync(retired)) {
      const key = keyOf(readKeyFile(retired, 'secrets key file'), retired);
      if (key.id === id) return register(key);
    }
  }
  return undefined;
}

/**
 * The key a rotation seals with, and how to finish it once the re-encryption has committed. With
 * the environment key: that key (the operator has set the new one), nothing to finish. With the key
 * file: a new key in `secrets.key.next` (an unfinished rotation's, when there is one), made the
 * key file after the commit.
 */
export function rotationKey(source: SecretKeySource): { key: SecretKey; previous: SecretKey | null; finish(): void } {
  if (source.secretKey !== undefined) {
    otherKeys(source);
    return { key: currentSecretKey(source), previous: null, finish: () => undefined };
  }
  const path = keyFilePath(source);
  const previous = currentSecretKey(source);
  const next = `${path}${nextSuffix}`;
  createKeyFileOnce(next, newMaterial());
  const key = register(keyOf(readKeyFile(next, 'secrets key file'), next));
  return {
    key,
    previous,
    finish() {
      // Both renames are atomic; the retired key still opens backups made before the rotation.
      if (previous.id !== key.id) renameSync(path, `${path}.retired-${previous.id}`);
      renameSync(next, path);
    },
  };
}
