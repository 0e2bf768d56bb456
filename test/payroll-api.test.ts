import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { idFor, personRow } from './helpers/people.js';
import { importApproved } from './helpers/imports.js';

describe('payroll and campaign over HTTP', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    const officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    const people = [1, 2, 3].map((n) => personRow({ ho_ten: `Người Số ${n}`, ngay_sinh: '01/01/1970', gioi_tinh: 'Nam', so_dinh_danh: idFor('01/01/1970', 'Nam', 900 + n), ma_doi_tuong: 'BTXH_K6_NANG', chi_tra_den_thang: '06/2024' }));
    const report = await importApproved(ctx, officer, { path: writeTemplateCsv(join(tempDir(), 'p.csv'), people), dryRun: false });
    expect(report.errors).toEqual([]);
    app = await createTestApp(ctx);
    cookies.canbo = await loginCookie(app, 'canbo');
    cookies.tinh = await loginCookie(app, 'tinh');
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  it('generates a cycle and shows its totals by component (JSON numbers, no bigint)', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/v1/payroll/cycles', headers: { cookie: cookies.canbo! }, payload: { month: '2024-07', unitCode: '23293' } });
    expect(created.statusCode).toBe(200);
    const body = json<{ id: number; totalVnd: number; generated: { totalVnd: number; byComponent: Record<string, { lines: number }> } }>(created);
    expect(body.totalVnd).toBe(3 * 750_000);
    expect(body.generated.totalVnd).toBe(3 * 750_000);
    const shown = json<{ byComponent: Record<string, { lines: number; amountVnd: number }> }>(await app.inject({ method: 'GET', url: `/api/v1/payroll/cycles/${body.id}`, headers: { cookie: cookies.canbo! } }));
    expect(shown.byComponent).toEqual({ MONTHLY: { lines: 3, amountVnd: 2_250_000 } });
  });

  it('the campaign dashboard gives the unit its own target', async () => {
    const set = await app.inject({ method: 'PUT', url: '/api/v1/campaign/targets', headers: { cookie: cookies.tinh! }, payload: { unitCode: '51', period: '2024-12', targetPct: 40 } });
    expect(set.statusCode).toBe(200);
    const dashboard = json<{ total: { targetPct: number; beneficiaries: number; withAccount: number }; rows: { unitCode: string }[] }>(
      await app.inject({ method: 'GET', url: '/api/v1/campaign/dashboard?unit=51', headers: { cookie: cookies.tinh! } }),
    );
    expect(dashboard.total).toMatchObject({ targetPct: 40, beneficiaries: 3, withAccount: 0 });
    expect(dashboard.rows.map((row) => row.unitCode)).toEqual(['23293']);
    // A commune officer cannot set targets.
    const refused = await app.inject({ method: 'PUT', url: '/api/v1/campaign/targets', headers: { cookie: cookies.canbo! }, payload: { unitCode: '23293', period: '2024-12', targetPct: 50 } });
    expect(refused.statusCode).toBe(403);
  });
});
