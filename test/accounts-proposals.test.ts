import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { approveProposal, listProposals, proposeInstrument, rejectProposal } from '../src/modules/accounts/proposals.service.js';
import { dispatchNotifications } from '../src/modules/notifications/notifications.service.js';
import { generateCycle, payrollLines } from '../src/modules/payroll/payroll.service.js';
import { getBeneficiary } from '../src/modules/registry/registry.service.js';
import { startAccountsSimulator, type AccountsSimulator } from '../src/simulators/accounts/accounts.simulator.js';
import { startSmsSimulator, type SmsSimulator } from '../src/simulators/sms/sms.simulator.js';
import { createTestContext, createTestUser, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { idFor, personRow } from './helpers/people.js';
import { importApproved } from './helpers/imports.js';

const person = personRow({
  ho_ten: 'Nguyễn Thị Hạnh', ngay_sinh: '09/09/1975', gioi_tinh: 'Nữ', so_dinh_danh: idFor('09/09/1975', 'Nữ', 31), ma_doi_tuong: 'BTXH_K6_NANG',
  so_dien_thoai: '0912000031', chi_tra_den_thang: '06/2024',
});

describe('payment-account changes: maker-checker, SMS, next payroll', () => {
  let ctx: TestContext;
  let officer: Actor;
  let approver: Actor;
  let otherCommune: Actor;
  let accounts: AccountsSimulator;
  let sms: SmsSimulator;

  beforeAll(async () => {
    accounts = await startAccountsSimulator({ port: 0, seed: 1, overrides: { '970405:5100209999031': { status: 'ACTIVE', accountName: 'NGUYEN THI HANH' } } });
    sms = await startSmsSimulator({ port: 0 });
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    ctx.config.accountsUrl = accounts.url;
    ctx.config.smsUrl = sms.url;
    officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    approver = await createTestUser(ctx, { username: 'duyet', role: 'approver', unitCode: '23293' });
    otherCommune = await createTestUser(ctx, { username: 'duyet.dakha', role: 'approver', unitCode: '23500' });
    const report = await importApproved(ctx, officer, { path: writeTemplateCsv(join(tempDir(), 'p.csv'), [person]), dryRun: false });
    expect(report.errors).toEqual([]);
  });
  afterAll(async () => {
    await ctx.close();
    await accounts.close();
    await sms.close();
  });

  it('refuses a holder who is neither the beneficiary nor the representative, with the import code', async () => {
    await expect(
      proposeInstrument(ctx, officer, { personalId: person.so_dinh_danh!, channel: 'TK_NGAN_HANG', providerCode: '970405', accountNumber: '5100209999031', accountHolder: 'TRAN VAN KHAC' }),
    ).rejects.toMatchObject({ code: 'ACCOUNT_HOLDER_MISMATCH' });
    await expect(proposeInstrument(ctx, officer, { personalId: person.so_dinh_danh!, channel: 'TK_NGAN_HANG', providerCode: '970405', accountNumber: '12', accountHolder: 'NGUYEN THI HANH' })).rejects.toMatchObject({ code: 'ACCOUNT_FORMAT' });
  });

  it('an officer proposes, the same officer cannot approve, another commune cannot see it, the approver approves', async () => {
    const proposal = await proposeInstrument(ctx, officer, {
      personalId: person.so_dinh_danh!, channel: 'TK_NGAN_HANG', providerCode: '970405', accountNumber: '5100209999031', accountHolder: 'NGUYEN THI HANH',
    });
    expect(proposal).toMatchObject({ status: 'PENDING', verification: { status: 'ACTIVE', accountName: 'NGUYEN THI HANH', nameMatches: true } });
    // Until approved, the account in use stays the same.
    const before = await getBeneficiary(ctx, officer, person.so_dinh_danh!);
    expect(before.activeInstruments.map((i) => i.channel)).toEqual(['TIEN_MAT']);
    expect(before.pendingProposals).toHaveLength(1);

    const queue = await listProposals(ctx, approver, { status: 'PENDING' });
    expect(queue[0]).toMatchObject({ channel: 'TK_NGAN_HANG', oldChannel: 'TIEN_MAT', proposedBy: 'canbo' });
    expect(await listProposals(ctx, otherCommune, { status: 'PENDING' })).toEqual([]);
    await expect(approveProposal(ctx, otherCommune, proposal.proposalId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(approveProposal(ctx, officer, proposal.proposalId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // An officer who also held the approver role still could not approve their own proposal.
    await expect(approveProposal(ctx, { ...officer, role: 'approver' }, proposal.proposalId)).rejects.toMatchObject({ code: 'MAKER_CHECKER' });
    // Nor can anyone write around the service: the database refuses it too.
    await expect(ctx.db.orm.execute(sql`UPDATE instrument_proposals SET status = 'APPROVED', decided_at = now(), decided_by = proposed_by WHERE id = ${proposal.proposalId}`)).rejects.toThrow();

    const approved = await approveProposal(ctx, approver, proposal.proposalId);
    expect(approved).toMatchObject({ status: 'APPROVED', effectiveMonth: '2024-08', notified: true });
    await expect(approveProposal(ctx, approver, proposal.proposalId)).rejects.toMatchObject({ code: 'PROPOSAL_CLOSED' });

    const shown = await getBeneficiary(ctx, officer, person.so_dinh_danh!);
    expect(shown.activeInstruments.map((i) => [i.channel, i.providerCode, i.accountNumber])).toEqual([['TK_NGAN_HANG', '970405', '5100209999031']]);
    expect(shown.instruments.filter((i) => !i.active).map((i) => i.channel)).toEqual(['TIEN_MAT']);

    // The beneficiary's phone gets the SMS (outbox → dispatcher → gateway).
    const dispatched = await dispatchNotifications(ctx, { limit: 10 });
    expect(dispatched.sent).toBe(1);
    const [message] = sms.messages('0912000031');
    expect(message!.text).toContain('970405 ...9031');

    // The next payroll pays into the new account.
    ctx.setNow('2024-08-05T03:00:00Z');
    const cycle = await generateCycle(ctx, officer, { month: '2024-08', unitCode: '23293' });
    const lines = await payrollLines(ctx, officer, cycle.id, { limit: 10 });
    expect(lines.map((line) => [line.channel, line.provider, line.accountNumber])).toEqual(expect.arrayContaining([['TK_NGAN_HANG', '970405', '5100209999031']]));
  });

  it('a rejection keeps its reason and changes nothing', async () => {
    const proposal = await proposeInstrument(ctx, officer, { personalId: person.so_dinh_danh!, channel: 'TIEN_MAT' });
    await expect(rejectProposal(ctx, approver, proposal.proposalId, '')).rejects.toMatchObject({ code: 'REASON_REQUIRED' });
    await rejectProposal(ctx, approver, proposal.proposalId, 'Người hưởng không yêu cầu');
    const rows = await queryRows<{ status: string; decision_reason: string }>(ctx.db.orm, sql`SELECT status, decision_reason FROM instrument_proposals WHERE id = ${proposal.proposalId}`);
    expect(rows).toEqual([{ status: 'REJECTED', decision_reason: 'Người hưởng không yêu cầu' }]);
    const shown = await getBeneficiary(ctx, officer, person.so_dinh_danh!);
    expect(shown.activeInstruments.map((i) => i.channel)).toEqual(['TK_NGAN_HANG']);
  });
});
