import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { createContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config.js';
import { openPostgres, queryOne, type Database } from '../../src/db/client.js';
import { createTestContext, type TestContext } from './context.js';
import { databaseUrlFor } from './pg-url.js';

/**
 * createTestContext, with a PostgreSQL teardown that does not race: pg's Pool.end() resolves
 * before its sockets are closed, so an immediate DROP DATABASE … WITH (FORCE) terminates live
 * backends and the pool re-emits their FATAL 57P01 as an uncaught error (no 'error' listener on
 * the pool). Here the drop waits until the database has no backend left. On PGlite it is
 * createTestContext itself.
 */
let admin: Database | undefined;
let counter = 0;

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

export async function adminDatabase(url: string): Promise<Database> {
  admin ??= await openPostgres(url, 2);
  return admin;
}

/** Bounded wait (2 s) for the pool's connections to go, then the drop. */
export async function dropDatabaseWhenIdle(url: string, name: string): Promise<void> {
  const database = await adminDatabase(url);
  for (let round = 0; round < 100; round++) {
    const row = await queryOne<{ backends: number }>(database.orm, sql`SELECT count(*)::int AS backends FROM pg_stat_activity WHERE datname = ${name}`);
    if ((row?.backends ?? 0) === 0) break;
    await pause(20);
  }
  await database.orm.execute(sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** A database copied from the run's template, named so the global teardown removes leftovers. */
export async function createTemplateCopy(url: string, label: string): Promise<{ name: string; url: string }> {
  const template = inject('pgTemplate');
  const name = `asxh_t_${template.replace('asxh_tpl_', '')}_${label}_${process.pid}_${counter++}`;
  await (await adminDatabase(url)).orm.execute(sql.raw(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`));
  return { name, url: databaseUrlFor(url, name) };
}

export async function createSafeTestContext(now: Date | string): Promise<TestContext> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return createTestContext(now);
  const copy = await createTemplateCopy(url, 'd');
  const db = await openPostgres(copy.url, 4);
  let current = new Date(now);
  const ctx = createContext(db, { ...loadConfig({}), demo: false }, () => current);
  return {
    ...ctx,
    setNow(date) {
      current = new Date(date);
    },
    close: async () => {
      await db.close();
      await dropDatabaseWhenIdle(url, copy.name);
    },
  };
}
