import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/app/bootstrap.js';
import { queryRows } from '../src/db/client.js';
import { bootstrapDemo } from '../src/demo/seed.js';
import type { Actor } from '../src/modules/access/scope.js';
import { cashList, listPoints, listRounds } from '../src/modules/disbursement/cashpoints.service.js';
import { checkLedger } from '../src/modules/disbursement/ledger-check.service.js';
import { cycleSettlement } from '../src/modules/disbursement/settlement.service.js';
import { monthlyReport, trendsReport } from '../src/modules/reporting/monthly.service.js';
import { submissionStatus } from '../src/modules/submissions/submissions.service.js';
import { createTestContext, type TestContext } from './helpers/context.js';

/**
 * A first start shows a year of history (issue 21): twelve months of lists paid through the same
 * services as a user's, on 7 December 2026. Quảng Ngãi (51) pays refused transfers in cash in the
 * same month and wants reports by the 12th; Huế (46) carries them over to the next month.
 */
describe('demo history', () => {
  let ctx: TestContext;
  const admin = systemActor('test');
  const months = Array.from({ length: 12 }, (_, index) => `2026-${String(index + 1).padStart(2, '0')}`);
  let history: { cycles: number; closed: number; submitted: number } | null | undefined;

  beforeAll(async () => {
    ctx = await createTestContext('2026-12-07T03:00:00Z');
    history = (await bootstrapDemo(ctx, 400, 12))?.history;
  }, 600_000);
  afterAll(async () => ctx.close());

  it('pays every month of the year in the demo users’ provinces; the months before this one are settled and closed, this one is being paid', async () => {
    expect(history).toEqual({ cycles: 24, closed: 22, submitted: expect.any(Number) });
    const cycles = await queryRows<{ provinceCode: string; month: string; status: string }>(
      ctx.db.orm,
      sql`SELECT province_code AS "provinceCode", month, status FROM payroll_cycles ORDER BY province_code, month`,
    );
    for (const provinceCode of ['46', '51']) {
      const own = cycles.filter((cycle) => cycle.provinceCode === provinceCode);
      expect(own.map((cycle) => cycle.month)).toEqual(months);
      expect(own.slice(0, 11).every((cycle) => cycle.status === 'CLOSED')).toBe(true);
      expect(own[11]!.status).toBe('DISBURSING');
    }
    // The ledger re-derived from the items agrees with every cycle's entries to the đồng.
    const ledger = await checkLedger(ctx.db.orm);
    expect(ledger.problems).toEqual([]);
    expect(ledger.ok).toBe(true);
  });

  it('has a payment point with dates and a home-delivery round in every month of each demo commune, their cash lists with the people paid there', async () => {
    const rows = await queryRows<{ communeCode: string; months: number; rounds: number; homePeople: number }>(
      ctx.db.orm,
      sql`SELECT p.commune_code AS "communeCode",
                 (SELECT count(DISTINCT d.cycle_id)::int FROM payment_point_dates d WHERE d.point_id = p.id) AS months,
                 (SELECT count(*)::int FROM home_delivery_rounds r WHERE r.commune_code = p.commune_code) AS rounds,
                 (SELECT count(*)::int FROM disbursement_items i JOIN payroll_cycles c ON c.id = i.cycle_id
                   WHERE i.channel = 'TAI_NHA' AND c.month = '2026-12' AND i.commune_code = p.commune_code) AS "homePeople"
            FROM payment_points p ORDER BY p.commune_code`,
    );
    expect(rows.map((row) => row.communeCode)).toEqual(['19975', '20107', '21157', '23293', '23500']);
    expect(rows.every((row) => row.months === 12 && row.rounds === 12)).toBe(true);
    expect(rows.some((row) => row.homePeople > 0)).toBe(true);
    // The commune's officer organises its cash within the province's cycle: points, dates, rounds and lists of the commune only.
    const officer: Actor = { userId: null, username: 'canbo.kontum', role: 'officer', scope: { level: 'commune', provinceCode: '51', communeCode: '23293' }, providerCode: null, requestId: 'test-cash' };
    const [cycle] = await queryRows<{ id: number }>(ctx.db.orm, sql`SELECT id::int AS id FROM payroll_cycles WHERE province_code = '51' AND commune_code IS NULL AND month = '2026-12'`);
    const points = await listPoints(ctx, officer, { cycleId: cycle!.id });
    expect(points.map((point) => [point.communeCode, point.dates])).toEqual([['23293', ['2026-12-04', '2026-12-06']]]);
    const rounds = await listRounds(ctx, officer, { cycleId: cycle!.id });
    expect(rounds.map((round) => round.communeCode)).toEqual(['23293']);
    expect((await cashList(ctx, officer, { cycleId: cycle!.id, roundId: rounds[0]!.id })).rows.length).toBeGreaterThanOrEqual(0);
    await expect(listRounds(ctx, { ...officer, scope: { level: 'commune', provinceCode: '46', communeCode: '19975' } }, { cycleId: cycle!.id })).rejects.toMatchObject({ code: expect.stringMatching(/^(NOT_FOUND|FORBIDDEN)$/) });
  });

  it('leaves no news of a past month waiting to be sent: a gateway configured later sends only this month’s', async () => {
    const pending = await queryRows<{ month: string; count: number }>(
      ctx.db.orm,
      sql`SELECT c.month, count(*)::int AS count FROM notifications n
            JOIN disbursement_items i ON n.entity_type = 'disbursement_item' AND i.id::text = n.entity_id
            JOIN payroll_cycles c ON c.id = i.cycle_id
           WHERE n.status = 'PENDING' AND n.purpose LIKE 'payment.%' GROUP BY c.month ORDER BY c.month`,
    );
    expect(pending.map((row) => row.month)).toEqual(['2026-12']);
  });

  it('shows the cashless share growing, failures by reason, payments returned and carried over', async () => {
    const quangNgai = await trendsReport(ctx, admin, { from: '2026-01', to: '2026-12', unit: '51' });
    const shares = quangNgai.months.map((row) => row.cashlessShare!);
    expect(shares[10]!).toBeGreaterThan(shares[0]! + 0.05);
    expect(quangNgai.months.every((row) => row.people > 0 && row.paid.people > 0)).toBe(true);
    const failedReasons = new Set(quangNgai.months.flatMap((row) => Object.keys(row.failed.byReason)));
    expect(failedReasons.size).toBeGreaterThan(0);
    const hue = await trendsReport(ctx, admin, { from: '2026-01', to: '2026-11', unit: '46' });
    const everywhere = [...quangNgai.months, ...hue.months];
    expect(everywhere.some((row) => row.returned.people > 0)).toBe(true);
    expect(hue.months.some((row) => row.carriedOver.people > 0)).toBe(true);
    // The current month: cash still being paid at the points and at home.
    expect(quangNgai.months[11]!.outstanding.people).toBeGreaterThan(0);
  });

  it('agrees with the settlement of each closed cycle: what the report counts paid is what the ledger paid out', async () => {
    const [cycle] = await queryRows<{ id: number }>(ctx.db.orm, sql`SELECT id::int AS id FROM payroll_cycles WHERE province_code = '51' AND month = '2026-10'`);
    const settlement = await cycleSettlement(ctx, admin, cycle!.id);
    expect(settlement.balances).toBe(true);
    const report = await monthlyReport(ctx, admin, { month: '2026-10', unit: '51' });
    expect(report.total.outstanding.amountVnd).toBe(0);
    expect(report.total.dueVnd).toBe(settlement.fundedVnd);
    expect(report.total.paid.amountVnd).toBe(settlement.paidVnd);
  });

  it('has the communes’ reports submitted and confirmed, one late, one waiting for its approver, one still to be made, and this month’s not due yet', async () => {
    const september = await submissionStatus(ctx, admin, { month: '2026-09', unit: '51' });
    expect(september.dueDate).toBe('2026-09-12');
    const byUnit = new Map(september.rows.map((row) => [row.unit, row]));
    expect(byUnit.get('23500')).toMatchObject({ status: 'CONFIRMED', late: true });
    expect(byUnit.get('23293')).toMatchObject({ status: 'CONFIRMED', late: false });
    const november = await submissionStatus(ctx, admin, { month: '2026-11', unit: '51' });
    expect(Object.fromEntries(november.rows.map((row) => [row.unit, [row.status, row.late]]))).toEqual({
      '21157': ['SUBMITTED', false], '23293': ['NOT_SUBMITTED', true], '23500': ['CONFIRMED', false],
    });
    // Huế reports by the national 20th; this month's reports are not due before the 12th.
    expect((await submissionStatus(ctx, admin, { month: '2026-11', unit: '46' })).dueDate).toBe('2026-11-20');
    const december = await submissionStatus(ctx, admin, { month: '2026-12', unit: '51' });
    expect(december.rows.length).toBeGreaterThan(0);
    expect(december.rows.every((row) => row.status === 'NOT_SUBMITTED' && !row.late)).toBe(true);
  });
});
