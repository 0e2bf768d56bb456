import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { TestProject } from 'vitest/node';
import { importUnits } from '../../src/modules/units/units.import.js';
import { syncProviders } from '../../src/modules/units/units.service.js';
import { loadProviderDirectory } from '../../src/modules/registry/validation/providers.js';
import { syncRuleTables } from '../../src/modules/payroll/rules.sync.js';
import { systemActor } from '../../src/app/bootstrap.js';
import { migrate } from '../../src/db/migrate.js';
import { openPglite, openPostgres } from '../../src/db/client.js';
import { rootDir } from '../../src/core/paths.js';
import { adminDatabaseUrl, databaseUrlFor } from './pg-url.js';

/**
 * Builds the template database once per run: migrations plus the shipped administrative units.
 * PGlite: a dump file each worker loads and clones per test. PostgreSQL (TEST_DATABASE_URL): a
 * template database each test copies with CREATE DATABASE … TEMPLATE.
 */
export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const testDatabaseUrl = process.env.TEST_DATABASE_URL;
  if (testDatabaseUrl) {
    const admin = await openPostgres(adminDatabaseUrl(testDatabaseUrl), 2);
    const templateName = `asxh_tpl_${runId}`;
    await admin.orm.execute(sql.raw(`CREATE DATABASE ${templateName}`));
    const template = await openPostgres(databaseUrlFor(testDatabaseUrl, templateName), 2);
    await migrate(template);
    await template.orm.transaction(async (tx) => {
      await importUnits(tx);
      await syncProviders(tx, loadProviderDirectory().providers);
      await syncRuleTables(tx, systemActor('test'));
    });
    await template.close();
    project.provide('pgTemplate', templateName);
    project.provide('pgliteDump', '');
    return async () => {
      const rows = (await admin.orm.execute(
        sql`SELECT datname FROM pg_database WHERE datname LIKE ${`asxh_t_${runId}%`} OR datname = ${templateName}`,
      )) as unknown as { rows: { datname: string }[] };
      for (const row of rows.rows) await admin.orm.execute(sql.raw(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`));
      await admin.close();
    };
  }
  const dir = join(rootDir, '.tmp');
  mkdirSync(dir, { recursive: true });
  const dumpPath = join(dir, `template_${runId}.tar`);
  const db = await openPglite(undefined);
  await migrate(db);
  await db.orm.transaction(async (tx) => {
    await importUnits(tx);
    await syncProviders(tx, loadProviderDirectory().providers);
    await syncRuleTables(tx, systemActor('test'));
  });
  const dump = await db.pglite!.dumpDataDir('none');
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  project.provide('pgliteDump', dumpPath);
  project.provide('pgTemplate', '');
  return () => rmSync(dumpPath, { force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
    pgTemplate: string;
  }
}
