import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrationsDir } from '../core/paths.js';
import { queryOne, queryRows, type Database, type Executor } from './client.js';

export interface Migration {
  version: number;
  name: string;
  checksum: string;
  script: string;
}

/** Files `NNNN_name.sql` in `migrations/`, in order. Forward-only: an applied file never changes. */
export function listMigrations(directory = migrationsDir): Migration[] {
  return readdirSync(directory)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const script = readFileSync(join(directory, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.replace(/\.sql$/, ''),
        checksum: createHash('sha256').update(script).digest('hex'),
        script,
      };
    });
}

/** The refusal of a migration found applied once the lock was taken (by another process). */
const appliedMeanwhile = 'ASXH_MIGRATION_APPLIED_MEANWHILE';

export interface MigrationResult {
  applied: string[];
  current: number;
}

export async function migrate(db: Database, directory = migrationsDir): Promise<MigrationResult> {
  await db.execScript(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      checksum   text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`);
  const appliedRows = await queryRows<{ version: number; name: string; checksum: string }>(
    db.orm,
    sql`SELECT version, name, checksum FROM schema_migrations ORDER BY version`,
  );
  const applied = new Map(appliedRows.map((row) => [row.version, row]));
  const migrations = listMigrations(directory);
  const result: MigrationResult = { applied: [], current: appliedRows.at(-1)?.version ?? 0 };
  for (const migration of migrations) {
    const previous = applied.get(migration.version);
    if (previous) {
      if (previous.checksum !== migration.checksum) {
        throw new Error(
          `Migration ${migration.name} was changed after it was applied (checksum differs). ` +
            'Migrations are forward-only: add a new migration instead of editing an applied one.',
        );
      }
      continue;
    }
    // The script and its bookkeeping row commit together, and a concurrent migrator waits on the
    // lock; once it has it, a migration the other one applied meanwhile (two servers starting at
    // once, a server and the CLI) is not applied twice.
    const escapedName = migration.name.replace(/'/g, "''");
    try {
      await db.execScript(
        `SELECT pg_advisory_xact_lock(7042025);\n` +
          `DO $applied$ BEGIN IF EXISTS (SELECT 1 FROM schema_migrations WHERE version = ${migration.version}) THEN RAISE EXCEPTION '${appliedMeanwhile}'; END IF; END $applied$;\n` +
          `${migration.script}\n` +
          `INSERT INTO schema_migrations (version, name, checksum) VALUES (${migration.version}, '${escapedName}', '${migration.checksum}');`,
      );
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes(appliedMeanwhile)) throw error;
      const other = await queryOne<{ checksum: string }>(db.orm, sql`SELECT checksum FROM schema_migrations WHERE version = ${migration.version}`);
      if (other?.checksum !== migration.checksum) throw new Error(`Migration ${migration.name} was applied meanwhile by another process with a different content (checksum differs): run the same version everywhere`, { cause: error });
      result.current = migration.version;
      continue;
    }
    result.applied.push(migration.name);
    result.current = migration.version;
  }
  return result;
}

/** A database's schema level: the newest migration applied; version 0 where no migration ever ran. */
export async function schemaLevel(executor: Executor): Promise<{ version: number; name: string | null }> {
  const table = await queryOne<{ present: boolean }>(executor, sql`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  if (!table?.present) return { version: 0, name: null };
  const row = await queryOne<{ version: number; name: string }>(executor, sql`SELECT version, name FROM schema_migrations ORDER BY version DESC LIMIT 1`);
  return row ? { version: row.version, name: row.name } : { version: 0, name: null };
}

/** The newest migration this code ships: the level a database reaches when it is migrated. */
export function shippedSchemaLevel(directory = migrationsDir): { version: number; name: string | null } {
  const newest = listMigrations(directory).at(-1);
  return newest ? { version: newest.version, name: newest.name } : { version: 0, name: null };
}
