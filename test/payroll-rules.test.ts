import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/app/bootstrap.js';
import { queryRows } from '../src/db/client.js';
import { vndToNumber } from '../src/core/money.js';
import { seedDemoBeneficiaries } from '../src/demo/seed.js';
import { generateCycle, payrollLines } from '../src/modules/payroll/payroll.service.js';
import { enrolmentFacts } from '../src/modules/registry/registry.service.js';
import { listEnrolments } from '../src/modules/registry/registry.repository.js';
import { amountDue } from '../src/modules/rules/rules.js';
import { createTestContext, createTestUser, type TestContext } from './helpers/context.js';

/**
 * The payroll computes amounts in SQL; the rules engine in TypeScript is the reference. For every
 * demo person of a province, each programme's monthly line must equal the engine's amount.
 */
describe('payroll SQL agrees with the rules engine', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext('2025-09-10T03:00:00Z');
    const report = await seedDemoBeneficiaries(ctx, systemActor('test'), 1200, { seed: 7 });
    expect(report.rejected).toBe(0);
  });
  afterAll(async () => ctx.close());

  it('every monthly line of October 2025 in province 51 matches amountDue(), amount and category', async () => {
    const officer = await createTestUser(ctx, { username: 'tinh51', role: 'province', unitCode: '51' });
    const cycle = await generateCycle(ctx, officer, { month: '2025-10', unitCode: '51' });
    expect(cycle.lineCount).toBeGreaterThan(300);
    const lines = await payrollLines(ctx, officer, cycle.id, { component: 'MONTHLY', limit: 100_000 });
    const byKey = new Map(lines.map((line) => [`${line.personalId}/${line.programme}`, line]));
    const people = await queryRows<{ id: number; personal_id: string; birth_date: string; province_code: string }>(
      ctx.db.orm,
      sql`SELECT DISTINCT p.id::int AS id, p.personal_id, p.birth_date::text, p.province_code
          FROM persons p JOIN enrolments e ON e.person_id = p.id WHERE e.province_code = '51'`,
    );
    let compared = 0;
    for (const person of people) {
      const enrolments = await listEnrolments(ctx.db.orm, person.id);
      const due = amountDue({ birthDate: person.birth_date, provinceCode: person.province_code, enrolments: enrolments.map(enrolmentFacts) }, '2025-10');
      for (const programme of ['TGXH', 'NCC', 'HTXH'] as const) {
        const expected = due.lines.find((line) => line.programme === programme);
        const actual = byKey.get(`${person.personal_id}/${programme}`);
        // the amount, and the category the line is shown under (the highest, as the engine ranks them)
        expect({ person: person.personal_id, programme, amount: actual?.amount ?? 0, category: actual?.category ?? null }).toEqual({
          person: person.personal_id,
          programme,
          amount: expected ? vndToNumber(expected.amountVnd) : 0,
          category: expected?.category ?? null,
        });
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(900);
  });
});
