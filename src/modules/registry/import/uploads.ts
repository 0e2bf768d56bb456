import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { errors } from '../../../core/errors.js';
import { formatOfFile } from './reader.js';

/**
 * Uploaded import files wait in `<data dir>/uploads` between the preview (dry run) and the
 * confirmation, so the confirmed import reads exactly the previewed bytes. Only the uploader may
 * use an upload; uploads older than a day are removed.
 */
export interface UploadInfo {
  id: string;
  fileName: string;
  path: string;
  uploadedBy: string;
  uploadedAt: string;
}

const uploadAgeMsMax = 24 * 3600_000;

function uploadsDir(dataDir: string): string {
  const dir = join(dataDir, 'uploads');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export async function saveUpload(dataDir: string, fileName: string, content: Readable, uploadedBy: string): Promise<UploadInfo> {
  const format = formatOfFile(fileName);
  const dir = uploadsDir(dataDir);
  removeOldUploads(dir);
  const id = randomUUID();
  const path = join(dir, `${id}.${format}`);
  await pipeline(content, createWriteStream(path, { mode: 0o600 }));
  const info: UploadInfo = { id, fileName, path, uploadedBy, uploadedAt: new Date().toISOString() };
  writeFileSync(join(dir, `${id}.json`), JSON.stringify(info), { mode: 0o600 });
  return info;
}

export function findUpload(dataDir: string, id: string, username: string): UploadInfo {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw errors.notFound({ entity: 'upload' });
  const meta = join(uploadsDir(dataDir), `${id}.json`);
  if (!existsSync(meta)) throw errors.notFound({ entity: 'upload' });
  const info = JSON.parse(readFileSync(meta, 'utf8')) as UploadInfo;
  if (info.uploadedBy !== username || !existsSync(info.path)) throw errors.notFound({ entity: 'upload' });
  return info;
}

function removeOldUploads(dir: string): void {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (now - statSync(path).mtimeMs > uploadAgeMsMax && ['.json', '.csv', '.xlsx'].includes(extname(name))) rmSync(path, { force: true });
  }
}
