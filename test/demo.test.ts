import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import { demoRows, demoDataset } from '../src/demo/generator.js';
import { bootstrapDemo, seedDemoBeneficiaries } from '../src/demo/seed.js';
import { listFeeSchedules } from '../src/modules/fees/fees.service.js';
import { systemActor } from '../src/app/bootstrap.js';
import { createTestContext, type TestContext } from './helpers/context.js';
import { approveImportOf } from './helpers/imports.js';

describe('demo data', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext('2025-11-10T03:00:00Z');
  });
  afterAll(async () => ctx.close());

  it('is deterministic and yields unique personal IDs, even across million-row blocks', () => {
    const options = { seed: 1, today: '2025-11-10' };
    expect(demoRows(42, options)).toEqual(demoRows(42, options));
    const ids = new Set<string>();
    for (const index of [0, 1, 2, 999_999, 1_000_000, 1_000_001, 2_000_000, 5_000_042]) {
      const id = demoRows(index, options)[0]!.so_dinh_danh;
      expect(ids.has(id)).toBe(false);
      ids.add(id);
    }
    const rows = [...demoDataset(3000, options)];
    expect(new Set(rows.map((row) => `${row.so_dinh_danh}/${row.ma_doi_tuong}`)).size).toBe(rows.length);
  });

  it('passes every import check: realistic people, categories, channels and representatives', async () => {
    const report = await seedDemoBeneficiaries(ctx, systemActor('test'), 1500);
    expect(report.errors.slice(0, 5)).toEqual([]);
    expect(report.rejected).toBe(0);
    expect(report.accepted).toBeGreaterThanOrEqual(1500);
    // the generated accounts are instruments once a second person approves the file
    await approveImportOf(ctx, report);
    const channels = await queryRows<{ channel: string; share: number }>(
      ctx.db.orm,
      sql`SELECT channel, round(100.0 * count(*) / sum(count(*)) OVER ())::int AS share FROM payment_instruments GROUP BY channel ORDER BY channel`,
    );
    const accountShare = channels.filter((row) => ['TK_NGAN_HANG', 'MOBILE_MONEY', 'VI_DIEN_TU'].includes(row.channel)).reduce((sum, row) => sum + row.share, 0);
    expect(accountShare).toBeGreaterThan(25);
    expect(accountShare).toBeLessThan(50);
  });

  it('on a first start, approves the provinces’ paying accounts and sets national fee schedules for the providers the people use', async () => {
    const first = await createTestContext('2025-11-10T03:00:00Z');
    try {
      const result = await bootstrapDemo(first, 200);
      expect(result?.beneficiaries).toBeGreaterThanOrEqual(200);
      const schedules = await listFeeSchedules(first, systemActor('test'), {});
      const used = await queryRows<{ providerCode: string; channel: string }>(
        first.db.orm,
        sql`SELECT DISTINCT provider_code AS "providerCode", channel FROM payment_instruments WHERE provider_code IS NOT NULL ORDER BY 1, 2`,
      );
      expect(used.length).toBeGreaterThan(2);
      for (const { providerCode, channel } of used) {
        expect(schedules.some((row) => row.providerCode === providerCode && row.channel === channel && row.provinceCode === null), `${providerCode}/${channel}`).toBe(true);
      }
      // a second start changes nothing
      expect(await bootstrapDemo(first, 200)).toBeNull();
    } finally {
      await first.close();
    }
  });
});
