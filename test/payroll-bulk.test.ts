import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/app/bootstrap.js';
import { queryRows } from '../src/db/client.js';
import { demoDataset } from '../src/demo/generator.js';
import { limits } from '../src/limits.js';
import { generateCycle, payrollLines } from '../src/modules/payroll/payroll.service.js';
import { createTestContext, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { importApproved } from './helpers/imports.js';

/**
 * A province's first cycle takes the lines' indexes off while it writes them, the unique index
 * that pays each month once included (db/bulk.ts). The lines must be those of the row-by-row path,
 * and the index must be back — and refusing — afterwards.
 */
describe('payroll generation through the bulk path', () => {
  let normal: TestContext;
  let bulk: TestContext;
  const actor = { ...systemActor('payroll-bulk'), username: 'payroll-bulk' };
  const defaultRowsMin = limits.bulkLoadRowsMin;

  beforeAll(async () => {
    const path = writeTemplateCsv(join(tempDir(), 'people.csv'), [...demoDataset(200, { seed: 11, today: '2025-09-10', communes: [['23293', 1], ['23500', 1]] })]);
    normal = await createTestContext('2025-09-10T03:00:00Z');
    bulk = await createTestContext('2025-09-10T03:00:00Z');
    for (const ctx of [normal, bulk]) await importApproved(ctx, actor, { path, dryRun: false });
  });
  afterEach(() => {
    limits.bulkLoadRowsMin = defaultRowsMin;
  });
  afterAll(async () => {
    await normal.close();
    await bulk.close();
  });

  const linesOf = async (ctx: TestContext, cycleId: number) =>
    (await payrollLines(ctx, actor, cycleId, { limit: 100_000 }))
      .map((line) => [line.personalId, line.programme, line.category, line.component, line.forMonth, line.amount, line.channel, line.provider].join('|'))
      .sort();

  it('writes the same lines, month after month, and the unique index comes back and refuses a second payment', async () => {
    for (const month of ['2025-10', '2025-11']) {
      const expected = await generateCycle(normal, actor, { month, unitCode: '51' });
      limits.bulkLoadRowsMin = 1;
      const cycle = await generateCycle(bulk, actor, { month, unitCode: '51' });
      limits.bulkLoadRowsMin = defaultRowsMin;
      expect(cycle).toMatchObject({ lineCount: expected.lineCount, totalVnd: expected.totalVnd });
      expect(expected.lineCount).toBeGreaterThan(100);
      expect(await linesOf(bulk, cycle.id)).toEqual(await linesOf(normal, expected.id));
    }
    const indexes = await queryRows<{ name: string }>(bulk.db.orm, sql`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'payroll_lines' ORDER BY 1`);
    const indexesNormal = await queryRows<{ name: string }>(normal.db.orm, sql`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'payroll_lines' ORDER BY 1`);
    expect(indexes).toEqual(indexesNormal);
    expect(indexes.map((index) => index.name)).toContain('payroll_lines_once');
    const copy = bulk.db.orm.execute(sql`
      INSERT INTO payroll_lines (cycle_id, person_id, enrolment_id, programme, category, component, entitlement, for_month, amount_vnd, base_level_vnd, coefficient_x10,
        breakdown, province_code, commune_code, personal_id, full_name, channel, provider_code)
      SELECT cycle_id, person_id, enrolment_id, programme, category, component, entitlement, for_month, amount_vnd, base_level_vnd, coefficient_x10,
        breakdown, province_code, commune_code, personal_id, full_name, channel, provider_code
      FROM payroll_lines WHERE component = 'MONTHLY' ORDER BY id LIMIT 1`);
    await expect(copy).rejects.toMatchObject({ cause: expect.objectContaining({ message: expect.stringMatching(/payroll_lines_once/) }) });
  });
});
