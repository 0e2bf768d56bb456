import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root (the folder with package.json). Source runs from `src/` (tsx, vitest) and
 * compiled code from `dist/src/`, so we walk up instead of hard-coding a relative depth.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = resolve(dir, '..');
  }
  throw new Error('ASXH Pay: package.json not found above ' + fileURLToPath(import.meta.url));
}

export const rootDir = findRoot();
export const migrationsDir = join(rootDir, 'migrations');
export const resourcesDir = join(rootDir, 'resources');
export const webDistDir = join(rootDir, 'dist', 'web');
