import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileComplaint } from '../src/modules/complaints/complaints.service.js';
import { monthlyReport } from '../src/modules/reporting/monthly.service.js';
import { createTestContext, type TestContext } from './helpers/context.js';
import { createFundedCycle, fixturePeople, type FundedCycle } from './helpers/disbursement-fixture.js';

/** The monthly results report counts the month's complaints and requests by kind and outcome (issue 22, item 3). */
describe('complaints in the monthly report', () => {
  let ctx: TestContext;
  let cycle: FundedCycle;
  beforeAll(async () => {
    ctx = await createTestContext();
    cycle = await createFundedCycle(ctx);
  });
  afterAll(async () => ctx.close());

  it('counts the complaints filed in the month in the commune’s report and its province’s', async () => {
    const before = await monthlyReport(ctx, cycle.officer, { month: '2024-07', unit: '23293' });
    expect(before.complaints).toMatchObject({ filed: 0, resolved: 0, overdue: 0 });
    await fileComplaint(ctx, cycle.officer, { personalId: fixturePeople[0]!.so_dinh_danh!, kind: 'NOT_RECEIVED', text: 'Chưa nhận được tiền tháng 7', cycleId: cycle.cycleId });
    const commune = await monthlyReport(ctx, cycle.officer, { month: '2024-07', unit: '23293' });
    expect(commune.complaints).toMatchObject({ filed: 1, resolved: 0, byKind: { NOT_RECEIVED: 1 } });
    const province = await monthlyReport(ctx, cycle.admin, { month: '2024-07', unit: '51' });
    expect(province.complaints?.filed).toBe(1);
    expect((await monthlyReport(ctx, cycle.admin, { month: '2024-06', unit: '51' })).complaints?.filed).toBe(0);
  });
});
