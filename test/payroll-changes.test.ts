import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/modules/access/scope.js';
import { approveProposal, proposeInstrument } from '../src/modules/accounts/proposals.service.js';
import { cycleChanges, generateCycle } from '../src/modules/payroll/payroll.service.js';
import { importApproved } from './helpers/imports.js';
import { createTestContext, createTestUser, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { idFor, personRow } from './helpers/people.js';

/**
 * Issue 22, item 7: a commune's first cycle in this system is compared with the registry's previous
 * state (the people the previous system paid continue, they are not "new"), and a change of the
 * payment channel is counted in the change list.
 */
const paidBefore = (serial: number, name: string) =>
  personRow({ ho_ten: name, ngay_sinh: '01/01/1940', gioi_tinh: 'Nam', so_dinh_danh: idFor('01/01/1940', 'Nam', serial), ma_doi_tuong: 'BTXH_K5C', chi_tra_den_thang: '06/2024' });
const continuing = paidBefore(31, 'Nguyễn Văn Còn');
const moving = paidBefore(32, 'Trần Văn Chuyển');
const newcomer = personRow({ ho_ten: 'Lê Thị Mới', ngay_sinh: '02/02/1941', gioi_tinh: 'Nữ', so_dinh_danh: idFor('02/02/1941', 'Nữ', 33), ma_doi_tuong: 'BTXH_K5C', ngay_quyet_dinh: '01/07/2024', thang_bat_dau: '07/2024', chi_tra_den_thang: '' });

describe('the change list of a commune’s first cycles', () => {
  let ctx: TestContext;
  let officer: Actor;
  let approver: Actor;

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    approver = await createTestUser(ctx, { username: 'duyet', role: 'approver', unitCode: '23293' });
    const report = await importApproved(ctx, officer, { path: writeTemplateCsv(join(tempDir(), 'people.csv'), [continuing, moving, newcomer]), dryRun: false });
    expect(report.errors).toEqual([]);
  });
  afterAll(async () => ctx.close());

  it('the first cycle: the people the previous system paid continue; only the new decision is new', async () => {
    const cycle = await generateCycle(ctx, officer, { month: '2024-07', unitCode: '23293' });
    const changes = await cycleChanges(ctx, officer, cycle.id);
    expect(changes.counts).toEqual({ CONTINUING: 2, NEW: 1 });
    const byName = Object.fromEntries(changes.changes.map((change) => [change.fullName, [change.kind, change.reason, change.detail]]));
    expect(byName).toEqual({
      'Nguyễn Văn Còn': ['CONTINUING', 'PAID_BY_PREVIOUS_SYSTEM', '2024-06'],
      'Trần Văn Chuyển': ['CONTINUING', 'PAID_BY_PREVIOUS_SYSTEM', '2024-06'],
      'Lê Thị Mới': ['NEW', 'NEW_DECISION', null],
    });
  });

  it('the next month: nobody continues from the previous system any more, and a change of channel is counted', async () => {
    const proposal = await proposeInstrument(ctx, officer, { personalId: moving.so_dinh_danh!, channel: 'TAI_NHA', providerCode: 'VNPOST' });
    await approveProposal(ctx, approver, proposal.proposalId);
    const cycle = await generateCycle(ctx, officer, { month: '2024-08', unitCode: '23293' });
    const changes = await cycleChanges(ctx, officer, cycle.id);
    expect(changes.counts).toEqual({ ACCOUNT_CHANGED: 1, CHANNEL_CHANGED: 1 });
    expect(changes.changes.map((change) => [change.fullName, change.kind, change.reason])).toEqual([['Trần Văn Chuyển', 'ACCOUNT_CHANGED', 'CHANNEL']]);
  });
});
