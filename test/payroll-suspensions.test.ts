import { Writable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/modules/access/scope.js';
import { createBatches } from '../src/modules/disbursement/batches.service.js';
import { confirmCash } from '../src/modules/disbursement/cash.service.js';
import { exportBatchFile } from '../src/modules/disbursement/files.service.js';
import { approveCycle, fundCycle, generateCycle, payrollLines, submitCycle } from '../src/modules/payroll/payroll.service.js';
import { suspensionProposals } from '../src/modules/payroll/suspensions.js';
import { createTestContext, createTestUser, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { idFor, personRow } from './helpers/people.js';
import { importApproved } from './helpers/imports.js';

const absent = personRow({ ho_ten: 'Hồ Văn Vắng', ngay_sinh: '05/05/1940', gioi_tinh: 'Nam', so_dinh_danh: idFor('05/05/1940', 'Nam', 77), ma_doi_tuong: 'BTXH_K5C', chi_tra_den_thang: '06/2024' });
const present = personRow({ ho_ten: 'Hồ Thị Có', ngay_sinh: '06/06/1941', gioi_tinh: 'Nữ', so_dinh_danh: idFor('06/06/1941', 'Nữ', 78), ma_doi_tuong: 'BTXH_K5C', chi_tra_den_thang: '06/2024' });

const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });

describe('3 consecutive unclaimed months → a suspension proposal', () => {
  let ctx: TestContext;
  let officer: Actor;
  let approver: Actor;
  let agent: Actor;

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    approver = await createTestUser(ctx, { username: 'duyet', role: 'approver', unitCode: '23293' });
    agent = await createTestUser(ctx, { username: 'vnpost', role: 'provider', unitCode: '51', providerCode: 'VNPOST' });
    const report = await importApproved(ctx, officer, { path: writeTemplateCsv(join(tempDir(), 'p.csv'), [absent, present]), dryRun: false });
    expect(report.errors).toEqual([]);
  });
  afterAll(async () => ctx.close());

  async function payMonth(month: string): Promise<void> {
    ctx.setNow(`${month}-05T03:00:00Z`);
    const cycle = await generateCycle(ctx, officer, { month, unitCode: '23293' });
    await submitCycle(ctx, officer, cycle.id);
    await approveCycle(ctx, approver, cycle.id);
    await fundCycle(ctx, await funder(ctx), cycle.id, { reference: `KB-${month}`, amountVnd: cycle.totalVnd });
    await createBatches(ctx, officer, cycle.id);
    await exportBatchFile(ctx, officer, { cycleId: cycle.id, providerCode: 'VNPOST', format: 'cash-list', output: sink(), handOver: true });
    const lines = await payrollLines(ctx, officer, cycle.id, { limit: 100 });
    const e2e = (name: string) => lines.find((line) => line.fullName === name)!.endToEndId!;
    await confirmCash(ctx, agent, {
      cycleId: cycle.id,
      requestId: `cash-${month}`,
      confirmations: [
        { endToEndId: e2e('Hồ Văn Vắng'), result: 'NOT_FOUND' },
        { endToEndId: e2e('Hồ Thị Có'), result: 'PAID_SELF', date: `10/${month.slice(5)}/${month.slice(0, 4)}` },
      ],
    });
  }

  it('proposes only after the third unclaimed month, and only the person who did not collect', async () => {
    await payMonth('2024-07');
    await payMonth('2024-08');
    expect(await suspensionProposals(ctx, officer)).toEqual([]);
    await payMonth('2024-09');
    const proposals = await suspensionProposals(ctx, officer);
    expect(proposals.map((proposal) => [proposal.fullName, proposal.months])).toEqual([['Hồ Văn Vắng', ['2024-07', '2024-08', '2024-09']]]);
  });
});

/** The provincial officer who records the Treasury funding: never the list's approver (separation of duties). */
async function funder(ctx: TestContext): Promise<Actor> {
  const { findUserByUsername } = await import('../src/modules/auth/users.repository.js');
  const { actorOfUser } = await import('../src/modules/auth/auth.service.js');
  const existing = await findUserByUsername(ctx.db.orm, 'tinh.kinhphi');
  return existing ? actorOfUser(existing, 'test-funder') : createTestUser(ctx, { username: 'tinh.kinhphi', role: 'province', unitCode: '51' });
}
