import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is one process per data folder. The process holding the folder writes `asxh.lock`:
 * a server records its port and a CLI token so that `asxh` commands run through it; a local CLI
 * command records itself so that a second one waits or fails instead of corrupting the database.
 */
export interface LockInfo {
  pid: number;
  kind: 'server' | 'cli';
  port?: number;
  host?: string;
  token?: string;
  startedAt: string;
}

export function lockPath(dataDir: string): string {
  return join(dataDir, 'asxh.lock');
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dataDir: string): LockInfo | null {
  const path = lockPath(dataDir);
  if (!existsSync(path)) return null;
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    if (info.pid && processAlive(info.pid) && info.pid !== process.pid) return info;
  } catch {
    // A half-written lock of a crashed process: treat as stale.
  }
  return null;
}

/** Takes the folder, or returns the live holder. A stale lock (dead process) is replaced. */
/** Updates the holder's record (e.g. the port actually bound when PORT=0); only by the holder. */
export function updateLock(dataDir: string, info: Partial<Omit<LockInfo, 'pid'>>): void {
  const path = lockPath(dataDir);
  const current = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  if (current.pid !== process.pid) throw new Error(`The lock ${path} belongs to process ${current.pid}`);
  writeFileSync(path, JSON.stringify({ ...current, ...info }), { mode: 0o600 });
}

export function acquireLock(dataDir: string, info: Omit<LockInfo, 'pid' | 'startedAt'>): { ok: true; release: () => void } | { ok: false; holder: LockInfo } {
  mkdirSync(dataDir, { recursive: true });
  const path = lockPath(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      const content: LockInfo = { ...info, pid: process.pid, startedAt: new Date().toISOString() };
      writeSync(fd, JSON.stringify(content));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const current = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
          if (current.pid === process.pid) unlinkSync(path);
        } catch {
          // already gone
        }
      };
      return { ok: true, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(dataDir);
      if (holder) return { ok: false, holder };
      try {
        unlinkSync(path);
      } catch {
        // raced with another process; retry once
      }
    }
  }
  const holder = readLock(dataDir);
  if (holder) return { ok: false, holder };
  throw new Error(`Cannot take the data folder lock ${path}`);
}
