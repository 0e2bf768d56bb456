/**
 * The audit key: the secret of the keyed audit chain and of its checkpoints, kept OUT of the
 * database (an attacker with the database alone can then neither recompute an event's hash nor
 * forge a checkpoint). It comes from ASXH_AUDIT_KEY or, when unset, from the key file `audit.key`
 * of the audit folder, created once with mode 0600. Only derived keys are used, and only a public
 * identifier of the key (`id`) is ever written to the database, beside each event it sealed.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../config.js';
import { readKeyFile, readOrCreateKeyFile } from '../../core/key-file.js';

export type AuditKeySource = Pick<Config, 'auditKey' | 'auditDir'>;

export interface AuditKeys {
  /** Public identifier (16 hex digits), stored with each keyed event: which key sealed it. */
  readonly id: string;
  /** Key of the event HMACs. */
  readonly chain: Buffer;
  /** Key of the checkpoint signatures. */
  readonly checkpoint: Buffer;
  /** Where the key came from, for messages: `ASXH_AUDIT_KEY` or the key file's path. */
  readonly source: string;
}

export const auditKeyFileName = 'audit.key';
const minimumKeyLength = 32;

/** Derives the working keys from the key material (HMAC as a key-derivation function, one label each). */
export function deriveAuditKeys(material: string, source: string): AuditKeys {
  if (material.length < minimumKeyLength) {
    throw new Error(`The audit key (${source}) must have at least ${minimumKeyLength} characters, e.g. the output of \`openssl rand -hex 32\``);
  }
  const derive = (label: string) => createHmac('sha256', Buffer.from(material, 'utf8')).update(label).digest();
  return { id: derive('asxh-audit key id').toString('hex').slice(0, 16), chain: derive('asxh-audit chain v2'), checkpoint: derive('asxh-audit checkpoint v1'), source };
}

/**
 * The key file of the audit folder, created on first use: 32 random bytes in hex, mode 0600
 * (core/key-file.ts: made under a temporary name and linked into place, refused when others may read it).
 */
function keyFileMaterial(directory: string): string {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  return readOrCreateKeyFile(join(directory, auditKeyFileName), 'audit key file', () => randomBytes(32).toString('hex'));
}

/** Reads (or creates) the key a configuration names, without registering it. */
export function loadAuditKey(source: AuditKeySource): AuditKeys {
  if (source.auditKey !== undefined) return deriveAuditKeys(source.auditKey, 'ASXH_AUDIT_KEY');
  return deriveAuditKeys(keyFileMaterial(source.auditDir), join(source.auditDir, auditKeyFileName));
}

/**
 * The key a configuration names when it has one already: ASXH_AUDIT_KEY, or an existing key file.
 * Never creates the file (a restore checks that the key of the restored chain is at hand before a
 * new one would take its place).
 */
export function existingAuditKey(source: AuditKeySource): AuditKeys | undefined {
  if (source.auditKey !== undefined) return deriveAuditKeys(source.auditKey, 'ASXH_AUDIT_KEY');
  const path = join(source.auditDir, auditKeyFileName);
  return existsSync(path) ? deriveAuditKeys(readKeyFile(path, 'audit key file'), path) : undefined;
}

/**
 * The keys this process holds, by identifier. A process normally serves one database with one key;
 * tests and the CLI may meet several (a database cloned from a template keyed elsewhere), and each
 * event is checked with the key that sealed it.
 */
const keyring = new Map<string, AuditKeys>();
/** The key a new chain starts with (the first keyed event of a database): the server's, once set. */
let preferred: AuditKeys | undefined;

function register(keys: AuditKeys): AuditKeys {
  const known = keyring.get(keys.id);
  if (known) return known;
  keyring.set(keys.id, keys);
  return keys;
}

/** The key of this process's environment (ASXH_AUDIT_KEY, ASXH_AUDIT_DIR, ASXH_DATA_DIR): the default. */
function environmentKey(): AuditKeys {
  return register(loadAuditKey(loadConfig()));
}

/** Registers a configuration's key as the one new chains start with (server start, CLI run). */
export function useAuditKey(source: AuditKeySource): AuditKeys {
  preferred = register(loadAuditKey(source));
  return preferred;
}

/** The key to seal the first keyed event of a database with. */
export function preferredAuditKey(): AuditKeys {
  return preferred ?? environmentKey();
}

/** The key of an identifier, when this process has it (its own or its environment's). */
export function auditKeyById(id: string): AuditKeys | undefined {
  const known = keyring.get(id);
  if (known) return known;
  let fallback: AuditKeys;
  try {
    fallback = environmentKey();
  } catch {
    // (an unreadable key file of the environment: this key is then simply not known here)
    return undefined;
  }
  return fallback.id === id ? fallback : undefined;
}

/** HMAC-SHA-256 of an event's canonical text (audit_event_canonical), hex: its keyed hash. */
export function eventMac(keys: AuditKeys, canonical: string): string {
  return createHmac('sha256', keys.chain).update('asxh-audit-v2\n').update(canonical, 'utf8').digest('hex');
}

/** HMAC-SHA-256 of a checkpoint's signed text, hex. */
export function checkpointMac(keys: AuditKeys, text: string): string {
  return createHmac('sha256', keys.checkpoint).update('asxh-audit-checkpoint\n').update(text, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
