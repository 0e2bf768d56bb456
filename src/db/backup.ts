/**
 * Backup files (`asxh backup`, `asxh restore`): how a consistent copy of the database is taken
 * while it serves, written to ONE file, checked and put back.
 *
 * The file: a header of `limits.backupHeaderBytes` bytes (the line `ASXH-BACKUP <format>`, the
 * manifest as one line of JSON, spaces up to the end), then the payload, which standard tools read
 * (`tail -c +4097 FILE`):
 * - PGlite: a gzipped tar of PostgreSQL's files of the data folder, never this application's own
 *   (the keys, the audit checkpoints, uploads, the lock). It is copied inside one transaction:
 *   PGlite runs one statement of its process at a time, so while the copy runs every other request
 *   waits (it is served afterwards), and after a CHECKPOINT the files are those of the last commit;
 *   opening the copy replays what a crash would.
 * - PostgreSQL: a `pg_dump --format=custom` of a snapshot exported by a REPEATABLE READ transaction,
 *   which also reads the manifest's contents: the dump and the contents are of the same instant
 *   while the server goes on writing.
 * The manifest names the format, the kind of database, the schema level, the time, the size and
 * SHA-256 of the payload, and what the caller read in the snapshot (counts, sums, key
 * identifiers): a restore refuses a damaged file before it writes anything.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, createReadStream, existsSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { copyFile, mkdir, open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { domainError } from '../core/errors.js';
import { rootDir } from '../core/paths.js';
import { limits } from '../limits.js';
import { openPostgres, queryOne, type Database, type DatabaseKind, type Executor } from './client.js';
import { schemaLevel } from './migrate.js';
import { appendDirectory, appendFile, endArchive, extractArchive } from './tar.js';

/** The version of the file layout this code writes and reads (a newer one is refused). */
export const backupFormat = 1;
const magic = 'ASXH-BACKUP';

export type PayloadEncoding = 'tar+gzip' | 'pg_dump-custom';

export interface BackupManifest {
  format: number;
  kind: DatabaseKind;
  /** When the snapshot was taken (ISO 8601, UTC). */
  createdAt: string;
  /** The schema level of the database copied: its newest migration. */
  schema: { version: number; name: string | null };
  payload: { encoding: PayloadEncoding; bytes: number; sha256: string };
  /** PostgreSQL's version (PGlite embeds one), and on PostgreSQL pg_dump's. */
  database: { serverVersion: string; serverVersionNum: number; tool: string | null };
  /** What the caller read in the same snapshot: a restore compares the restored database with it. */
  contents: Record<string, unknown>;
  app: { name: string; version: string };
}

function appVersion(): { name: string; version: string } {
  try {
    const manifest = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as { name?: string; version?: string };
    return { name: manifest.name ?? 'asxh-pay', version: manifest.version ?? '0' };
  } catch {
    return { name: 'asxh-pay', version: '0' };
  }
}

const damaged = (path: string, en: string, vi: string, details: Record<string, unknown> = {}) =>
  domainError('BACKUP_DAMAGED', 422, `Tệp sao lưu ${path} bị hỏng: ${vi}; không khôi phục gì`, `The backup file ${path} is damaged: ${en}; nothing was restored`, { file: path, ...details });

/**
 * The entries of a PGlite data folder that are PostgreSQL's. The rest of the folder is this
 * application's (secrets.key, audit.key, audit-checkpoints.log, uploads/, asxh.lock) or the running
 * server's pid file: never in a backup, never replaced by a restore.
 */
const postgresEntry = /^(PG_VERSION|base|global|pg_[a-z_]+|pg_hba\.conf|pg_ident\.conf|postgresql\.conf|postgresql\.auto\.conf|postmaster\.opts)$/;

// ---------------------------------------------------------------------------------------------
// The file

function encodeHeader(manifest: BackupManifest): Buffer {
  const text = `${magic} ${manifest.format}\n${JSON.stringify(manifest)}\n`;
  const bytes = Buffer.byteLength(text);
  if (bytes > limits.backupHeaderBytes - 1) throw new Error(`backup manifest of ${bytes} bytes does not fit in the header (${limits.backupHeaderBytes})`);
  return Buffer.from(text.padEnd(limits.backupHeaderBytes - 1, ' ') + '\n', 'utf8');
}

function fileExists(path: string) {
  return domainError('BACKUP_FILE_EXISTS', 409, `Tệp ${path} đã có: chọn tên khác (bản sao lưu không bao giờ ghi đè)`, `The file ${path} exists: choose another name (a backup never overwrites)`, { file: path });
}

/**
 * Writes a backup file: a blank header, the payload (`writePayload` writes and ends the stream it is
 * given; hashed and counted as it goes), then the header with the manifest. Made under a hidden
 * temporary name, synced, then linked to `out`: a half-written backup never bears the name, and a
 * file of that name is never replaced.
 */
async function writeBackupFile(
  out: string,
  writePayload: (output: Writable) => Promise<void>,
  manifestOf: (payload: { bytes: number; sha256: string }) => BackupManifest,
): Promise<BackupManifest> {
  if (existsSync(out)) throw fileExists(out);
  mkdirSync(dirname(out), { recursive: true });
  const temporary = join(dirname(out), `.${basename(out)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    let position = limits.backupHeaderBytes;
    const writeAt = async (chunk: Buffer, at: number) => {
      const { bytesWritten } = await handle.write(chunk, 0, chunk.length, at);
      if (bytesWritten !== chunk.length) throw new Error(`${temporary}: short write (${bytesWritten} of ${chunk.length} bytes)`);
    };
    await writeAt(Buffer.alloc(limits.backupHeaderBytes, 0x20), 0);
    const output = new Writable({
      highWaterMark: 4 * 1024 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        bytes += chunk.length;
        const at = position;
        position += chunk.length;
        writeAt(chunk, at).then(() => callback(), callback);
      },
    });
    await writePayload(output);
    await finished(output);
    const manifest = manifestOf({ bytes, sha256: hash.digest('hex') });
    await writeAt(encodeHeader(manifest), 0);
    await handle.sync();
    await handle.close();
    try {
      linkSync(temporary, out);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw fileExists(out);
      throw error;
    }
    return manifest;
  } finally {
    await handle.close().catch(() => undefined);
    rmSync(temporary, { force: true });
  }
}

function isManifest(value: unknown): value is BackupManifest {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  const schema = m.schema as Record<string, unknown> | undefined;
  const payload = m.payload as Record<string, unknown> | undefined;
  const database = m.database as Record<string, unknown> | undefined;
  return Number.isSafeInteger(m.format) && (m.kind === 'pglite' || m.kind === 'postgres') && typeof m.createdAt === 'string' &&
    typeof schema === 'object' && schema !== null && Number.isSafeInteger(schema.version) &&
    typeof payload === 'object' && payload !== null && (payload.encoding === 'tar+gzip' || payload.encoding === 'pg_dump-custom') &&
    Number.isSafeInteger(payload.bytes) && typeof payload.sha256 === 'string' && /^[0-9a-f]{64}$/.test(payload.sha256) &&
    typeof database === 'object' && database !== null && typeof database.serverVersion === 'string' && Number.isSafeInteger(database.serverVersionNum) &&
    typeof m.contents === 'object' && m.contents !== null;
}

/**
 * The manifest of a backup file, checked: its magic line, a format this code reads, well-formed
 * JSON, the padding, and the file's size against the payload's (a truncated copy is refused here).
 */
export function readBackupManifest(path: string): BackupManifest {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw domainError('BACKUP_FILE_MISSING', 404, `Không có tệp sao lưu ${path}`, `There is no backup file ${path}`, { file: path });
    }
    throw error;
  }
  const header = Buffer.alloc(limits.backupHeaderBytes);
  let read: number;
  try {
    read = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  const text = header.subarray(0, read).toString('utf8');
  const newline = text.indexOf('\n');
  const first = newline === -1 ? text : text.slice(0, newline);
  const match = /^ASXH-BACKUP (\d+)$/.exec(first);
  if (!match) {
    throw domainError('BACKUP_NOT_A_BACKUP', 422, `Tệp ${path} không phải bản sao lưu ASXH Pay (không có dòng ${magic})`, `The file ${path} is not an ASXH Pay backup (no ${magic} line)`, { file: path });
  }
  const format = Number(match[1]);
  if (format > backupFormat) {
    throw domainError('BACKUP_FORMAT_NEWER', 422, `Tệp sao lưu ${path} có định dạng ${format}, phiên bản này chỉ đọc đến ${backupFormat}: hãy dùng phiên bản ASXH Pay mới hơn`,
      `The backup file ${path} has format ${format}; this version reads up to ${backupFormat}: use a newer ASXH Pay`, { file: path, format, supported: backupFormat });
  }
  if (read < limits.backupHeaderBytes) throw damaged(path, 'its header is cut short', 'phần đầu tệp bị cắt');
  const second = text.indexOf('\n', newline + 1);
  let manifest: unknown;
  try {
    manifest = JSON.parse(text.slice(newline + 1, second === -1 ? undefined : second));
  } catch {
    throw damaged(path, 'its manifest is not JSON', 'phần mô tả không phải JSON');
  }
  if (!isManifest(manifest) || manifest.format !== format || !/^ *\n$/.test(text.slice(second + 1))) throw damaged(path, 'its manifest is not complete', 'phần mô tả không đầy đủ');
  const size = statSync(path).size;
  if (size !== limits.backupHeaderBytes + manifest.payload.bytes) {
    throw damaged(path, `the file has ${size} bytes where its manifest says ${limits.backupHeaderBytes + manifest.payload.bytes}`,
      `tệp có ${size} byte, phần mô tả ghi ${limits.backupHeaderBytes + manifest.payload.bytes}`, { bytes: size, expectedBytes: limits.backupHeaderBytes + manifest.payload.bytes });
  }
  return manifest;
}

/** The payload of a backup file as a stream. */
function payloadStream(path: string): Readable {
  return createReadStream(path, { start: limits.backupHeaderBytes, highWaterMark: 1024 * 1024 });
}

/** Reads the whole payload and refuses the file when its SHA-256 differs from the manifest's. */
export async function checkBackupPayload(path: string, manifest: BackupManifest): Promise<void> {
  const hash = createHash('sha256');
  for await (const chunk of payloadStream(path)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  if (sha256 !== manifest.payload.sha256) {
    throw damaged(path, 'the SHA-256 of its contents differs from its manifest\'s', 'mã SHA-256 của nội dung khác với phần mô tả', { sha256, expectedSha256: manifest.payload.sha256 });
  }
}

// ---------------------------------------------------------------------------------------------
// Taking a backup

async function serverVersion(executor: Executor): Promise<{ version: string; num: number }> {
  const row = await queryOne<{ version: string; num: number }>(executor, sql`SELECT current_setting('server_version') AS version, current_setting('server_version_num')::int AS num`);
  return row!;
}

const major = (versionNum: number) => Math.floor(versionNum / 10000);

/** Copies PostgreSQL's files of a data folder into a tar (folders first, then their contents, by name). */
async function archivePostgresFiles(root: string, output: Writable): Promise<void> {
  const walk = async (relative: string): Promise<void> => {
    const folder = relative === '' ? root : join(root, ...relative.split('/'));
    const names = readdirSync(folder).sort();
    for (const name of names) {
      if (relative === '' && !postgresEntry.test(name)) continue;
      const entryName = relative === '' ? name : `${relative}/${name}`;
      const path = join(folder, name);
      const stat = lstatSync(path);
      const entry = { name: entryName, mode: stat.mode, mtimeSeconds: stat.mtimeMs / 1000 };
      if (stat.isDirectory()) {
        await appendDirectory(output, { ...entry, kind: 'directory', size: 0 });
        await walk(entryName);
      } else if (stat.isFile()) {
        await appendFile(output, { ...entry, kind: 'file', size: stat.size }, path);
      } else {
        throw new Error(`${path} is neither a file nor a folder: a PGlite data folder holds no links`);
      }
    }
  };
  await walk('');
  await endArchive(output);
}

/** Copies PostgreSQL's files of a data folder into `target` (made here), folders and modes kept. */
async function copyPostgresFiles(root: string, target: string): Promise<void> {
  const walk = async (from: string, to: string, top: boolean): Promise<void> => {
    await mkdir(to, { mode: 0o700 });
    for (const name of readdirSync(from)) {
      if (top && !postgresEntry.test(name)) continue;
      const path = join(from, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) await walk(path, join(to, name), false);
      else if (stat.isFile()) await copyFile(path, join(to, name), constants.COPYFILE_FICLONE);
      else throw new Error(`${path} is neither a file nor a folder: a PGlite data folder holds no links`);
    }
  };
  await walk(root, target, true);
}

async function gzipInto(output: Writable, write: (input: Writable) => Promise<void>): Promise<void> {
  const gzip = createGzip({ level: 6 });
  const piping = pipeline(gzip, output);
  try {
    await write(gzip);
    gzip.end();
  } catch (error) {
    gzip.destroy(error as Error);
    await piping.catch(() => undefined);
    throw error;
  }
  await piping;
}

function nothingToBackUp(): Error {
  return domainError('BACKUP_NO_DATABASE', 409, 'Cơ sở dữ liệu chưa có lược đồ ASXH Pay (chưa chạy migration nào): không có gì để sao lưu',
    'The database has no ASXH Pay schema (no migration ever ran): nothing to back up');
}

export interface BackupSource {
  /** PostgreSQL's URL (the configuration's DATABASE_URL); absent on PGlite. */
  databaseUrl: string | undefined;
}

/**
 * Takes a backup of `db` into the new file `out`. `read` runs in the snapshot itself (same
 * transaction, same instant as the copy) and its answer becomes the manifest's `contents`.
 */
export async function backupDatabase(
  db: Database,
  source: BackupSource,
  out: string,
  read: (executor: Executor) => Promise<Record<string, unknown>>,
  now: () => Date,
): Promise<BackupManifest> {
  if (existsSync(out)) throw fileExists(out);
  const app = appVersion();
  if (db.kind === 'pglite') {
    const dataDir = db.pglite?.dataDir;
    if (!dataDir || dataDir.startsWith('memory://')) {
      throw domainError('BACKUP_IN_MEMORY', 409, 'Cơ sở dữ liệu nhúng này chỉ ở trong bộ nhớ: không có thư mục dữ liệu để sao lưu', 'This embedded database lives in memory: there is no data folder to back up');
    }
    // The files are copied as they are inside one transaction: no other statement of this process
    // runs until it ends (PGlite's own lock). They are archived and compressed from the copy after
    // it, while the server serves again: the wait is the plain copy (2 s for the demo's 280 MB),
    // not the compression (15 s). The copy sits in a hidden folder of the data folder (the same
    // file system: a copy-on-write clone where the file system has them).
    const staging = join(dataDir, `.backup-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      const snapshot = await db.orm.transaction(async (tx) => {
        const schema = await schemaLevel(tx);
        if (schema.version === 0) throw nothingToBackUp();
        const contents = await read(tx);
        const server = await serverVersion(tx);
        const createdAt = now().toISOString();
        // The data files of every commit so far: a restore then replays only what follows.
        await tx.execute(sql`CHECKPOINT`);
        await copyPostgresFiles(dataDir, staging);
        return { schema, contents, server, createdAt };
      });
      return await writeBackupFile(out, (output) => gzipInto(output, (input) => archivePostgresFiles(staging, input)), (payload) => ({
        format: backupFormat, kind: 'pglite', createdAt: snapshot.createdAt, schema: snapshot.schema, payload: { encoding: 'tar+gzip', ...payload },
        database: { serverVersion: snapshot.server.version, serverVersionNum: snapshot.server.num, tool: null }, contents: snapshot.contents, app,
      }));
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const url = source.databaseUrl;
  if (!url) throw new Error('backupDatabase: a PostgreSQL database without its URL');
  const server = await serverVersion(db.orm);
  const tool = await findTool('pg_dump', major(server.num));
  const connection = connectionOf(url);
  return db.orm.transaction(
    async (tx) => {
      // The transaction's snapshot, exported: pg_dump dumps exactly what `read` sees.
      const exported = await queryOne<{ id: string }>(tx, sql`SELECT pg_export_snapshot() AS id`);
      const schema = await schemaLevel(tx);
      if (schema.version === 0) throw nothingToBackUp();
      const contents = await read(tx);
      const createdAt = now().toISOString();
      return writeBackupFile(
        out,
        async (output) => void (await runTool(tool, ['--format=custom', `--snapshot=${exported!.id}`, '--no-password', `--dbname=${connection.url}`], { env: connection.env, stdout: output })),
        (payload) => ({
          format: backupFormat, kind: 'postgres', createdAt, schema, payload: { encoding: 'pg_dump-custom', ...payload },
          database: { serverVersion: server.version, serverVersionNum: server.num, tool: tool.version }, contents, app,
        }),
      );
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL's tools

interface Tool {
  name: string;
  path: string;
  /** As `--version` prints it: `pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)`. */
  version: string;
  major: number;
}

/**
 * `pg_dump` or `pg_restore` for a server of this major version: Debian's own of that version
 * (`/usr/lib/postgresql/<major>/bin`) when installed, otherwise the one on the PATH. A tool older
 * than the server cannot read it (pg_dump refuses a newer server; pg_restore an archive of a newer
 * pg_dump): refused here with the package to install.
 */
async function findTool(name: 'pg_dump' | 'pg_restore', serverMajor: number): Promise<Tool> {
  const debian = `/usr/lib/postgresql/${serverMajor}/bin/${name}`;
  const path = existsSync(debian) ? debian : name;
  let version: string;
  try {
    version = (await runTool({ name, path, version: '', major: 0 }, ['--version'], { capture: true })).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw domainError('PG_TOOL_MISSING', 500,
        `Không tìm thấy chương trình ${name} của PostgreSQL: cài gói postgresql-client-${serverMajor} (Debian: apt install postgresql-client-${serverMajor})`,
        `PostgreSQL's ${name} was not found: install postgresql-client-${serverMajor} (Debian: apt install postgresql-client-${serverMajor})`, { tool: name, serverMajor });
    }
    throw error;
  }
  const match = /\(PostgreSQL\) (\d+)/.exec(version);
  const toolMajor = match ? Number(match[1]) : 0;
  if (toolMajor < serverMajor) {
    throw domainError('PG_TOOL_VERSION', 500,
      `${name} phiên bản ${toolMajor} cũ hơn máy chủ PostgreSQL ${serverMajor}: cài gói postgresql-client-${serverMajor}`,
      `${name} ${toolMajor} is older than the PostgreSQL ${serverMajor} server: install postgresql-client-${serverMajor}`, { tool: name, toolVersion: version, serverMajor });
  }
  return { name, path, version, major: toolMajor };
}

/** A URL for the tools without its password, which goes in their environment (never on a command line, which `ps` shows). */
function connectionOf(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { url: parsed.toString(), env: password ? { PGPASSWORD: password } : {} };
}

/** The URL as it may be shown: without its password. */
export function displayUrl(url: string): string {
  return connectionOf(url).url;
}

/**
 * Runs a tool, its output into `stdout` (ended when it ends) or captured, `stdin` fed to it. A
 * non-zero exit is an error carrying the end of what it printed on stderr.
 */
async function runTool(tool: Tool, args: string[], io: { env?: NodeJS.ProcessEnv; stdin?: Readable; stdout?: Writable; capture?: boolean }): Promise<string> {
  const child = spawn(tool.path, args, { env: { ...process.env, ...io.env }, stdio: [io.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let captured = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-limits.backupToolMessageMax);
  });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('close', resolve);
    child.once('error', reject);
  });
  await spawned;
  const pipes: Promise<void>[] = [];
  if (io.stdout) pipes.push(pipeline(child.stdout!, io.stdout));
  else child.stdout!.setEncoding('utf8').on('data', (text: string) => void (captured += text));
  if (io.stdin) pipes.push(pipeline(io.stdin, child.stdin!));
  const [code, ...piped] = await Promise.allSettled([exited, ...pipes]);
  if (code!.status === 'rejected') throw code!.reason;
  if (code!.value !== 0) {
    throw domainError('PG_TOOL_FAILED', 500, `${tool.name} dừng với mã ${code!.value}: ${stderr.trim()}`, `${tool.name} stopped with code ${code!.value}: ${stderr.trim()}`,
      { tool: tool.name, exitCode: code!.value, stderr: stderr.trim() });
  }
  const failed = piped.find((result) => result.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return captured;
}

// ---------------------------------------------------------------------------------------------
// Restoring

/** Whether a PGlite data folder holds a database (its PG_VERSION). */
export function pgliteFolderHoldsDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

/**
 * Puts a PGlite backup's files into `dataDir`: extracted into a hidden folder inside it first, then
 * moved into place. A database already there is refused, or with `force` moved aside, whole, into
 * `<dataDir>.before-restore-<time>` (nothing is deleted). The folder's own files (keys, audit
 * checkpoints, uploads) stay where they are. The caller has checked the payload's SHA-256.
 */
export async function restorePgliteFolder(path: string, dataDir: string, options: { force: boolean; now: Date }): Promise<{ setAside: string | null; entries: number; bytes: number }> {
  if (pgliteFolderHoldsDatabase(dataDir) && !options.force) throw targetNotEmpty(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const staging = join(dataDir, `.restoring-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging, { mode: 0o700 });
  try {
    let extracted = { entries: 0, bytes: 0 };
    try {
      await pipeline(payloadStream(path), createGunzip(), async (input: AsyncIterable<Buffer>) => {
        extracted = await extractArchive(input, staging);
      });
    } catch (error) {
      throw damaged(path, `its archive does not extract (${(error as Error).message})`, `không giải nén được (${(error as Error).message})`);
    }
    if (!pgliteFolderHoldsDatabase(staging)) throw damaged(path, 'its archive holds no database (no PG_VERSION)', 'không có cơ sở dữ liệu trong tệp (thiếu PG_VERSION)');
    let setAside: string | null = null;
    const existing = readdirSync(dataDir).filter((name) => postgresEntry.test(name) || name === 'postmaster.pid');
    if (existing.length > 0) {
      setAside = `${dataDir}.before-restore-${options.now.toISOString().replace(/[:.]/g, '-')}`;
      mkdirSync(setAside, { mode: 0o700 });
      for (const name of existing) renameSync(join(dataDir, name), join(setAside, name));
    }
    for (const name of readdirSync(staging)) renameSync(join(staging, name), join(dataDir, name));
    return { setAside, ...extracted };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function targetNotEmpty(target: string, details: Record<string, unknown> = {}) {
  return domainError('RESTORE_TARGET_NOT_EMPTY', 409,
    `Nơi khôi phục ${target} đã có cơ sở dữ liệu: khôi phục vào một thư mục (ASXH_DATA_DIR) hay một cơ sở dữ liệu PostgreSQL trống (--database), hoặc với PGlite dùng --force để chuyển cơ sở dữ liệu cũ sang một thư mục bên cạnh`,
    `The restore target ${target} already holds a database: restore into an empty folder (ASXH_DATA_DIR) or an empty PostgreSQL database (--database), or on PGlite use --force to move the old database aside`,
    { target, ...details });
}

/**
 * The PostgreSQL database a restore would write into: its server's version, and refused unless it
 * is empty (no table, view, sequence or function of its own in any schema but the system's).
 */
export async function checkPostgresTarget(url: string): Promise<{ serverVersion: string; serverVersionNum: number }> {
  const db = await openPostgres(url, 1);
  try {
    const server = await serverVersion(db.orm);
    const row = await queryOne<{ relations: number; functions: number }>(
      db.orm,
      sql`SELECT (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
                     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')) AS relations,
                 (SELECT count(*)::int FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
                     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')) AS functions`,
    );
    if ((row?.relations ?? 0) > 0 || (row?.functions ?? 0) > 0) throw targetNotEmpty(displayUrl(url), { relations: row?.relations, functions: row?.functions });
    return { serverVersion: server.version, serverVersionNum: server.num };
  } finally {
    await db.close();
  }
}

/**
 * Restores a PostgreSQL backup into the (empty, checked) database at `url` with pg_restore, in ONE
 * transaction (nothing is left half-restored), objects owned by the restoring user, without the
 * source's grants (roles differ between servers).
 */
export async function restorePostgres(path: string, url: string, serverVersionNum: number): Promise<{ tool: string }> {
  const tool = await findTool('pg_restore', major(serverVersionNum));
  const connection = connectionOf(url);
  await runTool(tool, ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', '--no-password', `--dbname=${connection.url}`], {
    env: connection.env,
    stdin: payloadStream(path),
  });
  return { tool: tool.version };
}
