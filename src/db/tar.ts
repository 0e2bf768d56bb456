/**
 * The smallest tar (POSIX ustar) that a data folder needs: folders and regular files, written as
 * a stream and read back as one, so that a backup of any size goes through bounded memory. A
 * standard tool reads what this writes (`tar -tzf`); the reader takes only what this writes and
 * refuses anything else (links, devices, absolute or `..` paths): a backup never writes outside
 * the folder it restores into.
 */
import { closeSync, createReadStream, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import type { Writable } from 'node:stream';
import { limits } from '../limits.js';

export const tarBlockBytes = 512;

export interface TarEntry {
  /** Path inside the archive, `/`-separated, relative; a folder's ends without a slash here. */
  name: string;
  kind: 'file' | 'directory';
  /** File size in bytes (0 for a folder). */
  size: number;
  mode: number;
  mtimeSeconds: number;
}

function octal(value: number, width: number): string {
  // width − 1 octal digits and a NUL, as ustar stores numbers
  const digits = value.toString(8);
  if (digits.length > width - 1) throw new Error(`tar: ${value} does not fit in ${width - 1} octal digits`);
  return digits.padStart(width - 1, '0') + '\0';
}

/** Splits a path into ustar's prefix (155 bytes) and name (100 bytes) at a slash. */
function splitName(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let index = path.indexOf('/'); index !== -1; index = path.indexOf('/', index + 1)) {
    const prefix = path.slice(0, index);
    const name = path.slice(index + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { prefix, name };
  }
  throw new Error(`tar: the path ${path} is too long for ustar`);
}

export function tarHeader(entry: TarEntry): Buffer {
  const header = Buffer.alloc(tarBlockBytes, 0);
  const path = entry.kind === 'directory' ? `${entry.name}/` : entry.name;
  const { prefix, name } = splitName(path);
  header.write(name, 0, 100, 'utf8');
  header.write(octal(entry.mode & 0o7777, 8), 100, 8, 'ascii');
  header.write(octal(0, 8), 108, 8, 'ascii'); // uid
  header.write(octal(0, 8), 116, 8, 'ascii'); // gid
  header.write(octal(entry.kind === 'file' ? entry.size : 0, 12), 124, 12, 'ascii');
  header.write(octal(Math.max(0, Math.floor(entry.mtimeSeconds)), 12), 136, 12, 'ascii');
  header.write('        ', 148, 8, 'ascii'); // the checksum counts as spaces while it is computed
  header.write(entry.kind === 'file' ? '0' : '5', 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(octal(sum, 7) + ' ', 148, 8, 'ascii');
  return header;
}

/** Writes to a stream, waiting when it asks to (bounded memory whatever the file's size). */
export async function writeChunk(output: Writable, chunk: Buffer): Promise<void> {
  if (!output.write(chunk)) {
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        output.off('drain', drained);
        output.off('error', done);
        output.off('close', closed);
        if (error) reject(error);
        else resolve();
      };
      const drained = () => done();
      const closed = () => done(new Error('the archive\'s output closed before the archive ended'));
      output.once('drain', drained);
      output.once('error', done);
      output.once('close', closed);
    });
  }
}

/**
 * Appends one file to the archive from disk: its header, its bytes, the padding. The size is the
 * size it had when listed; a file that changed size meanwhile is an error (the caller holds the
 * database still while it archives, so none should).
 */
export async function appendFile(output: Writable, entry: TarEntry, path: string): Promise<void> {
  await writeChunk(output, tarHeader(entry));
  let written = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const buffer = chunk as Buffer;
    written += buffer.length;
    if (written > entry.size) throw new Error(`tar: ${path} grew while it was archived`);
    await writeChunk(output, buffer);
  }
  if (written !== entry.size) throw new Error(`tar: ${path} shrank while it was archived`);
  const padding = (tarBlockBytes - (entry.size % tarBlockBytes)) % tarBlockBytes;
  if (padding > 0) await writeChunk(output, Buffer.alloc(padding, 0));
}

export async function appendDirectory(output: Writable, entry: TarEntry): Promise<void> {
  await writeChunk(output, tarHeader({ ...entry, size: 0 }));
}

/** The end of an archive: two zero blocks. */
export async function endArchive(output: Writable): Promise<void> {
  await writeChunk(output, Buffer.alloc(tarBlockBytes * 2, 0));
}

function readOctal(header: Buffer, offset: number, width: number): number {
  const text = header.toString('ascii', offset, offset + width).replace(/\0.*$/s, '').trim();
  if (!/^[0-7]*$/.test(text)) throw new Error('tar: a header number is not octal');
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function readText(header: Buffer, offset: number, width: number): string {
  const end = header.indexOf(0, offset);
  return header.toString('utf8', offset, end === -1 || end > offset + width ? offset + width : end);
}

/** A header block, checked (checksum, kind, path); `null` for the zero block that ends the archive. */
export function parseHeader(header: Buffer): TarEntry | null {
  if (header.every((byte) => byte === 0)) return null;
  const stored = readOctal(header, 148, 8);
  let sum = 0;
  for (let index = 0; index < tarBlockBytes; index++) sum += index >= 148 && index < 156 ? 32 : header[index]!;
  if (sum !== stored) throw new Error('tar: a header checksum does not match');
  const type = String.fromCharCode(header[156]!);
  if (type !== '0' && type !== '\0' && type !== '5') throw new Error(`tar: entries of type ${JSON.stringify(type)} are not restored (only files and folders)`);
  const prefix = readText(header, 345, 155);
  const raw = (prefix ? `${prefix}/` : '') + readText(header, 0, 100);
  const name = raw.replace(/\/+$/, '');
  const normalized = normalize(name);
  if (name === '' || isAbsolute(name) || normalized.split(sep).includes('..') || normalized !== name.split('/').join(sep)) {
    throw new Error(`tar: the path ${JSON.stringify(raw)} is not a plain relative path`);
  }
  return { name, kind: type === '5' ? 'directory' : 'file', size: readOctal(header, 124, 12), mode: readOctal(header, 100, 8), mtimeSeconds: readOctal(header, 136, 12) };
}

/**
 * Extracts an archive (its bytes as they come, e.g. from a gunzip stream) into `target`, which
 * must exist: folders and files with their modes. Returns how many entries and bytes it wrote.
 */
export async function extractArchive(input: AsyncIterable<Buffer>, target: string): Promise<{ entries: number; bytes: number }> {
  let pending: Buffer = Buffer.alloc(0);
  let current: { fd: number; remaining: number; padding: number } | undefined;
  let entries = 0;
  let bytes = 0;
  let ended = false;
  const openEntry = (entry: TarEntry) => {
    entries += 1;
    if (entries > limits.backupEntriesMax) throw new Error(`tar: more than ${limits.backupEntriesMax} entries`);
    const path = join(target, ...entry.name.split('/'));
    if (entry.kind === 'directory') {
      mkdirSync(path, { recursive: true, mode: (entry.mode & 0o777) || 0o700 });
      return;
    }
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const fd = openSync(path, 'wx', (entry.mode & 0o777) || 0o600);
    if (entry.size === 0) {
      closeSync(fd);
      return;
    }
    current = { fd, remaining: entry.size, padding: (tarBlockBytes - (entry.size % tarBlockBytes)) % tarBlockBytes };
  };
  try {
    for await (const chunk of input) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        if (ended) {
          pending = Buffer.alloc(0);
          break;
        }
        if (current && current.remaining > 0) {
          const take = Math.min(current.remaining, pending.length);
          if (take === 0) break;
          writeSync(current.fd, pending, 0, take);
          bytes += take;
          current.remaining -= take;
          pending = pending.subarray(take);
          if (current.remaining > 0) break;
          closeSync(current.fd);
          current = current.padding > 0 ? { fd: -1, remaining: 0, padding: current.padding } : undefined;
          continue;
        }
        if (current && current.padding > 0) {
          const skip = Math.min(current.padding, pending.length);
          if (skip === 0) break;
          pending = pending.subarray(skip);
          current.padding -= skip;
          if (current.padding > 0) break;
          current = undefined;
          continue;
        }
        if (pending.length < tarBlockBytes) break;
        const entry = parseHeader(pending.subarray(0, tarBlockBytes));
        pending = pending.subarray(tarBlockBytes);
        if (entry === null) {
          ended = true;
          continue;
        }
        openEntry(entry);
      }
    }
  } finally {
    if (current && current.fd >= 0) closeSync(current.fd);
  }
  if (!ended) throw new Error('tar: the archive ends before its end blocks');
  return { entries, bytes };
}
