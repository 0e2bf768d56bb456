import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { domainError, errors } from '../../../core/errors.js';
import { limits } from '../../../limits.js';
import { formatOfFile } from './reader.js';

/**
 * Uploaded import files wait in `<data dir>/uploads` between the preview (dry run) and the
 * confirmation, so the confirmed import reads exactly the previewed bytes. Only the uploader may
 * use an upload. They are personal data, kept only while needed (docs/security.md, "Uploaded files"):
 * - a file the preview refuses (unreadable, too large, a wrong header, no rows) or whose preview
 *   fails is removed at once;
 * - a previewed file waits `uploadPreviewMinutesMax` for its confirmation;
 * - once imported it is removed, unless rows were rejected: then it stays
 *   `uploadReportMinutesMax` for the error report (which re-reads it), and cannot be imported again;
 * - an import that fails removes it.
 * Expired uploads are refused and removed whenever uploads are used, and when the server starts.
 */
export interface UploadInfo {
  id: string;
  fileName: string;
  path: string;
  uploadedBy: string;
  uploadedAt: string;
  /** When the upload is refused and removed (ISO). */
  expiresAt: string;
  /** When it was imported: it only serves its error report then. */
  importedAt?: string;
}

const minuteMs = 60_000;
const uploadIdPattern = /^[0-9a-f-]{36}$/;
const dataExtensions = ['.csv', '.xlsx'];

function uploadsDir(dataDir: string): string {
  const dir = join(dataDir, 'uploads');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

function metaPath(dataDir: string, id: string): string {
  return join(uploadsDir(dataDir), `${id}.json`);
}

function writeMeta(dataDir: string, info: UploadInfo): void {
  writeFileSync(metaPath(dataDir, info.id), JSON.stringify(info), { mode: 0o600 });
}

function expiry(now: Date, minutes: number): string {
  return new Date(now.getTime() + minutes * minuteMs).toISOString();
}

/** Stores an uploaded file; it waits for its preview's answer at most `uploadPreviewMinutesMax`. */
export async function saveUpload(dataDir: string, fileName: string, content: Readable, uploadedBy: string, now: Date): Promise<UploadInfo> {
  const format = formatOfFile(fileName);
  removeExpiredUploads(dataDir, now);
  const id = randomUUID();
  const path = join(uploadsDir(dataDir), `${id}.${format}`);
  const info: UploadInfo = { id, fileName, path, uploadedBy, uploadedAt: now.toISOString(), expiresAt: expiry(now, limits.uploadPreviewMinutesMax) };
  writeMeta(dataDir, info);
  try {
    await pipeline(content, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    removeUpload(dataDir, info);
    throw error;
  }
  return info;
}

/** The caller's own upload, not expired; `forImport` also refuses one already imported. */
export function findUpload(dataDir: string, id: string, username: string, now: Date, forImport = false): UploadInfo {
  removeExpiredUploads(dataDir, now);
  if (!uploadIdPattern.test(id)) throw errors.notFound({ entity: 'upload' });
  const meta = metaPath(dataDir, id);
  if (!existsSync(meta)) throw errors.notFound({ entity: 'upload' });
  const info = readMeta(meta);
  if (info === null || info.uploadedBy !== username || !existsSync(info.path)) throw errors.notFound({ entity: 'upload' });
  if (forImport && info.importedAt !== undefined) {
    throw domainError('IMPORT_EXPIRED', 409, 'Tệp này đã được nhập; hãy tải lên lại nếu cần nhập lần nữa', 'This file was already imported; upload it again to import it again', {
      uploadId: id,
    });
  }
  return info;
}

/** After the preview's answer: a refused file goes at once, a previewed one waits for its confirmation. */
export function settlePreview(dataDir: string, info: UploadInfo, outcome: { refused: boolean }, now: Date): void {
  if (outcome.refused) return removeUpload(dataDir, info);
  writeMeta(dataDir, { ...info, expiresAt: expiry(now, limits.uploadPreviewMinutesMax) });
}

/** After the import: kept a short while for the error report if rows were rejected, else removed. */
export function settleImport(dataDir: string, info: UploadInfo, outcome: { rejected: number }, now: Date): void {
  if (outcome.rejected === 0) return removeUpload(dataDir, info);
  writeMeta(dataDir, { ...info, importedAt: now.toISOString(), expiresAt: expiry(now, limits.uploadReportMinutesMax) });
}

export function removeUpload(dataDir: string, info: Pick<UploadInfo, 'id' | 'path'>): void {
  rmSync(join(uploadsDir(dataDir), basename(info.path)), { force: true });
  rmSync(metaPath(dataDir, info.id), { force: true });
}

function readMeta(path: string): UploadInfo | null {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as Partial<UploadInfo>;
    return typeof info.id === 'string' && typeof info.path === 'string' && typeof info.expiresAt === 'string' ? (info as UploadInfo) : null;
  } catch {
    return null;
  }
}

/**
 * Removes every expired upload, and files no description accounts for (left by a crash, or by an
 * earlier version that kept uploads a day) once they are older than the preview's wait.
 */
export function removeExpiredUploads(dataDir: string, now: Date): void {
  const dir = uploadsDir(dataDir);
  const names = readdirSync(dir);
  const described = new Set<string>();
  for (const name of names) {
    if (extname(name) !== '.json') continue;
    const path = join(dir, name);
    const info = readMeta(path);
    if (info !== null && Date.parse(info.expiresAt) > now.getTime()) {
      described.add(basename(info.path));
      continue;
    }
    if (info !== null) rmSync(join(dir, basename(info.path)), { force: true });
    rmSync(path, { force: true });
  }
  const orphanBefore = Date.now() - limits.uploadPreviewMinutesMax * minuteMs;
  for (const name of names) {
    if (!dataExtensions.includes(extname(name)) || described.has(name)) continue;
    const path = join(dir, name);
    if (existsSync(path) && statSync(path).mtimeMs < orphanBefore) rmSync(path, { force: true });
  }
}
