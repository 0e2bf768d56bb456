import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/app/bootstrap.js';
import { withBulkLoad } from '../src/db/bulk.js';
import { queryRows, type Executor } from '../src/db/client.js';
import { demoDataset } from '../src/demo/generator.js';
import { limits } from '../src/limits.js';
import { importBeneficiaries } from '../src/modules/registry/import/import.service.js';
import { templateHeader } from '../src/modules/registry/validation/import-row.js';
import { createTestContext, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';

async function schemaObjects(executor: Executor): Promise<{ indexes: string[]; foreignKeys: string[] }> {
  const indexes = await queryRows<{ name: string }>(
    executor,
    sql`SELECT indexname AS name FROM pg_indexes WHERE tablename IN ('persons', 'enrolments') ORDER BY 1`,
  );
  const foreignKeys = await queryRows<{ name: string }>(
    executor,
    sql`SELECT conname AS name FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('persons'::regclass, 'enrolments'::regclass) ORDER BY 1`,
  );
  return { indexes: indexes.map((row) => row.name), foreignKeys: foreignKeys.map((row) => row.name) };
}

describe('bulk loads (db/bulk.ts)', () => {
  let ctx: TestContext;
  let before: { indexes: string[]; foreignKeys: string[] };
  const defaultRowsMin = limits.bulkLoadRowsMin;
  const defaultWorkerBytesMin = limits.importWorkerBytesMin;

  beforeAll(async () => {
    ctx = await createTestContext('2025-09-10T03:00:00Z');
    before = await schemaObjects(ctx.db.orm);
  });
  afterAll(async () => ctx.close());
  afterEach(() => {
    limits.bulkLoadRowsMin = defaultRowsMin;
    limits.importWorkerBytesMin = defaultWorkerBytesMin;
  });

  it('takes secondary indexes and foreign keys off during the load and puts them back', async () => {
    expect(before.indexes).toContain('persons_name_trgm');
    expect(before.foreignKeys).toContain('enrolments_person_id_fkey');
    await ctx.db.orm.transaction(async (tx) => {
      const during = await withBulkLoad(tx, [{ table: 'persons', newRows: 10 }, { table: 'enrolments', newRows: 10 }], () => schemaObjects(tx), 1);
      expect(during.indexes).not.toContain('persons_name_trgm');
      expect(during.foreignKeys).toEqual([]);
      // unique and primary-key indexes stay: the load relies on them
      expect(during.indexes).toEqual(expect.arrayContaining(['persons_pkey', 'persons_personal_id_key', 'enrolments_person_id_category_key']));
    });
    expect(await schemaObjects(ctx.db.orm)).toEqual(before);
  });

  it('fails the whole load when a row breaks a foreign key, and leaves the schema as it was', async () => {
    const load = ctx.db.orm.transaction(async (tx) =>
      withBulkLoad(tx, [{ table: 'enrolments', newRows: 10 }], async () => {
        await tx.execute(sql`
          INSERT INTO enrolments (person_id, programme, category, decision_number, decision_date, first_month, status, province_code, commune_code)
          VALUES (987654321, 'TGXH', 'BTXH_K5C', '1/QĐ', '2025-01-01', '2025-01', 'DANG_HUONG', '51', '23293')`);
      }, 1),
    );
    await expect(load).rejects.toThrow(/enrolments_person_id_fkey|foreign key/);
    expect(await schemaObjects(ctx.db.orm)).toEqual(before);
    const orphans = await queryRows(ctx.db.orm, sql`SELECT 1 FROM enrolments WHERE person_id = 987654321`);
    expect(orphans).toEqual([]);
  });

  it('takes off a unique index it is allowed to, and its rebuild refuses a duplicate the load wrote', async () => {
    const uniqueIndex = async (executor: Executor) =>
      queryRows<{ name: string }>(executor, sql`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'enrolments' AND indexname = 'enrolments_unit_unique_test'`);
    await ctx.db.orm.execute(sql`CREATE UNIQUE INDEX enrolments_unit_unique_test ON enrolments (decision_number) WHERE decision_number LIKE 'BULK-%'`);
    try {
      const plan = [{ table: 'enrolments', newRows: 10, uniqueIndexes: ['enrolments_unit_unique_test'] }];
      // a person and two enrolments with the same decision number, all in the load's transaction:
      // the index, were it there, would refuse the second enrolment
      const insert = async (tx: Executor) => {
        await tx.execute(sql`
          INSERT INTO persons (personal_id, full_name, name_folded, birth_date, sex, province_code, commune_code)
          VALUES ('051170000099', 'Người Thử', 'nguoi thu', '1970-01-01', 'M', '51', '23293')`);
        await tx.execute(sql`
          INSERT INTO enrolments (person_id, programme, category, decision_number, decision_date, first_month, status, province_code, commune_code)
          SELECT p.id, 'TGXH', c.category, 'BULK-1', '2025-01-01', '2025-01', 'DANG_HUONG', '51', '23293'
          FROM persons p CROSS JOIN (VALUES ('BTXH_K5C'), ('BTXH_K6_NANG')) AS c(category)
          WHERE p.personal_id = '051170000099'`);
      };
      const load = ctx.db.orm.transaction(async (tx) =>
        withBulkLoad(tx, plan, async () => {
          expect(await uniqueIndex(tx)).toEqual([]);
          await insert(tx);
        }, 1),
      );
      await expect(load).rejects.toMatchObject({ cause: expect.objectContaining({ message: expect.stringMatching(/could not create unique index "enrolments_unit_unique_test"/) }) });
      expect(await uniqueIndex(ctx.db.orm)).toEqual([{ name: 'enrolments_unit_unique_test' }]);
      expect(await queryRows(ctx.db.orm, sql`SELECT 1 FROM persons WHERE personal_id = '051170000099'`)).toEqual([]);
    } finally {
      await ctx.db.orm.execute(sql`DROP INDEX enrolments_unit_unique_test`);
    }
  });

  it('imports the same registry through the bulk path (file read in a worker thread) as through the row-by-row one (read inline)', async () => {
    const dir = tempDir();
    const rows = [...demoDataset(300, { seed: 7, today: '2025-09-10', communes: [['23293', 1], ['23500', 1]] })];
    const path = writeTemplateCsv(join(dir, 'bulk.csv'), rows);
    const actor = { ...systemActor('bulk-test'), username: 'bulk-test' };
    const snapshot = async (target: TestContext) =>
      queryRows(target.db.orm, sql`
        SELECT p.personal_id, p.full_name, p.name_folded, e.category, e.first_month, e.status, i.channel, i.account_number, i.holder_kind,
               rep.personal_id AS rep_id, h.actions
        FROM persons p JOIN enrolments e ON e.person_id = p.id
        LEFT JOIN payment_instruments i ON i.enrolment_id = e.id AND i.active
        LEFT JOIN representatives rep ON rep.person_id = p.id AND rep.active
        LEFT JOIN LATERAL (SELECT string_agg(h.action, ',' ORDER BY h.action) AS actions FROM registry_history h WHERE h.person_id = p.id) h ON TRUE
        ORDER BY 1, 4`);
    limits.importWorkerBytesMin = Number.MAX_SAFE_INTEGER;
    const normal = await importBeneficiaries(ctx, actor, { path, dryRun: false });
    const other = await createTestContext('2025-09-10T03:00:00Z');
    try {
      limits.bulkLoadRowsMin = 1;
      limits.importWorkerBytesMin = 0;
      const bulk = await importBeneficiaries(other, actor, { path, dryRun: false });
      expect(bulk).toMatchObject({ accepted: normal.accepted, rejected: normal.rejected, changes: normal.changes });
      expect(normal.accepted).toBeGreaterThan(250);
      const rowsNormal = await snapshot(ctx);
      expect(rowsNormal.length).toBeGreaterThanOrEqual(normal.accepted);
      expect(await snapshot(other)).toEqual(rowsNormal);
      expect(await schemaObjects(other.db.orm)).toEqual(before);
      // and the second import of the same file changes nothing on either path
      const again = await importBeneficiaries(other, actor, { path, dryRun: false });
      expect(again.changes).toMatchObject({ personsCreated: 0, enrolmentsCreated: 0, personsUpdated: 0, enrolmentsUpdated: 0, proposals: 0 });
    } finally {
      await other.close();
    }
    expect(await schemaObjects(ctx.db.orm)).toEqual(before);
  });
});

describe('import read in a worker thread', () => {
  let ctx: TestContext;
  const defaultWorkerBytesMin = limits.importWorkerBytesMin;
  beforeAll(async () => {
    ctx = await createTestContext('2025-09-10T03:00:00Z');
    limits.importWorkerBytesMin = 0;
  });
  afterAll(async () => {
    limits.importWorkerBytesMin = defaultWorkerBytesMin;
    await ctx.close();
  });

  it('reports header errors, bad rows and unreadable files as the inline reader does', async () => {
    const dir = tempDir();
    const actor = { ...systemActor('worker-test'), username: 'worker-test' };
    const [good] = [...demoDataset(1, { seed: 3, today: '2025-09-10', communes: [['23293', 1]] })];
    const bad = { ...good!, so_dinh_danh: '12345', ngay_sinh: '31/02/1950' };
    const rowsReport = await importBeneficiaries(ctx, actor, { path: writeTemplateCsv(join(dir, 'rows.csv'), [good!, bad]), dryRun: true });
    expect(rowsReport).toMatchObject({ rows: 2, accepted: 1, rejected: 1 });
    expect(rowsReport.errors.map((issue) => [issue.row, issue.code])).toEqual(expect.arrayContaining([[3, 'ID_FORMAT'], [3, 'DOB_INVALID']]));
    const header = await importBeneficiaries(ctx, actor, { path: writeTemplateCsv(join(dir, 'header.csv'), [good!], ['ho_ten', 'cot_la']), dryRun: true });
    expect(header.errors.map((issue) => issue.code)).toEqual(expect.arrayContaining(['COLUMN_UNKNOWN', 'COLUMN_MISSING']));
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, `${templateHeader().join(',')}\n"unterminated,1\n`);
    await expect(importBeneficiaries(ctx, actor, { path: broken, dryRun: true })).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });
});
