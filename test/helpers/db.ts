import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { openPostgres, pgliteOptions, wrapPglite, type Database } from '../../src/db/client.js';
import { databaseUrlFor } from './pg-url.js';

let dump: Buffer | undefined;
let admin: Database | undefined;
let counter = 0;

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * A fresh database with migrations and administrative units, private to the caller:
 * a PGlite clone, or a PostgreSQL database copied from the run's template.
 */
export async function createTestDatabase(): Promise<Database> {
  const testDatabaseUrl = process.env.TEST_DATABASE_URL;
  if (testDatabaseUrl) {
    admin ??= await openPostgres(testDatabaseUrl, 2);
    const template = inject('pgTemplate');
    const runId = template.replace('asxh_tpl_', '');
    const name = `asxh_t_${runId}_${process.pid}_${counter++}`;
    await admin.orm.execute(sql.raw(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`));
    const db = await openPostgres(databaseUrlFor(testDatabaseUrl, name), 4);
    const close = db.close.bind(db);
    return {
      ...db,
      async close() {
        await close();
        await admin!.orm.execute(sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  }
  // PGlite's clone() is dump + load without our parsers, so we load the template dump directly.
  dump ??= readFileSync(inject('pgliteDump'));
  const instance = await PGlite.create({ loadDataDir: new Blob([dump]), ...pgliteOptions });
  return wrapPglite(instance);
}
