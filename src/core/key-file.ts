/**
 * Key files kept beside the data, outside the database (the audit key, the secrets key): created
 * once with mode 0600 and never rewritten in place. Shared so that every key of the server is made,
 * read and refused the same way.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Reads a key file, refusing one that other users may read (like ssh with a private key: a key
 * others may read is no longer a secret of this server). `label` names it in the message.
 */
export function readKeyFile(path: string, label: string): string {
  const material = readFileSync(path, 'utf8').trim();
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new Error(`The ${label} ${path} may be read by other users: chmod 600 ${path}`);
  }
  return material;
}

/**
 * Writes `content` to `path` unless the file exists, mode 0600. Made under a temporary name and
 * linked into place, so that processes starting together (a server and a CLI command, parallel
 * test workers) all end up with the one key and never read half a file. Returns whether this call
 * created it.
 */
export function createKeyFileOnce(path: string, content: string): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, content.endsWith('\n') ? content : `${content}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    unlinkSync(temporary);
  }
}

/** The key file's material, creating the file on first use with `create()`'s material. */
export function readOrCreateKeyFile(path: string, label: string, create: () => string): string {
  try {
    return readKeyFile(path, label);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  createKeyFileOnce(path, create());
  return readKeyFile(path, label);
}
