// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Vnd } from '../../money';
import { apiError, button, fakeServer, findDialog, renderInApp, sessionRoutes, userSession } from '../../testing/harness';
import { SettlementCard, type Settlement } from './SettlementCard';
import type { Cycle, CycleStatus } from './types';

const money = (value: number) => value as Vnd;

function cycleOf(status: CycleStatus): Cycle {
  return {
    id: 12, month: '2026-10', monthsCount: 1, scopeLevel: 'commune', provinceCode: '51', communeCode: '23293', unitName: 'Phường Kon Tum', programme: null, status,
    totalVnd: money(10_000_000), lineCount: 20, generatedBy: 'canbo.kontum', generatedAt: '2026-09-20T02:00:00Z', submittedBy: 'canbo.kontum', submittedAt: null,
    approvedBy: 'lanhdao.kontum', approvedAt: null, fundedReference: 'KB-2026-10', fundedDate: '2026-09-24', fundedAmountVnd: money(10_000_000), lastComment: null, version: 3,
  };
}

function settlementOf(status: CycleStatus, problems: string[]): Settlement {
  return {
    cycleId: 12, status, fundedVnd: money(10_000_000), dispatchedVnd: money(10_000_000), paidVnd: money(9_000_000), refundedVnd: money(1_000_000),
    atProvidersVnd: money(problems.includes('PROVIDERS_HOLD_MONEY') ? 500_000 : 0), heldVnd: money(1_000_000), returnedToTreasuryVnd: money(1_000_000),
    carriedOver: { items: 2, amountVnd: money(1_000_000) }, feesVnd: money(33_000), balances: problems.length === 0, problems,
  };
}

const text = (element: HTMLElement) => element.textContent?.replace(/\s/g, ' ') ?? '';

describe('the settlement (quyết toán) of a cycle in the web app', () => {
  it('shows the ledger’s figures and why the cycle does not balance, in words; no close without payroll.fund', async () => {
    fakeServer({
      ...sessionRoutes({ role: 'approver', permissions: ['payroll.read', 'payroll.approve'] }),
      'GET /api/v1/payroll/cycles/:id/settlement': () => settlementOf('RECONCILED', ['PROVIDERS_HOLD_MONEY', 'FUNDED_NOT_PAID_OR_RETURNED']),
    });
    await renderInApp(<SettlementCard cycle={cycleOf('RECONCILED')} onChanged={() => undefined} />);
    const card = await screen.findByTestId('settlement-card');
    const problems = await within(card).findByTestId('settlement-problems');
    expect(text(problems)).toMatch(/Tổ chức chi trả còn giữ tiền chưa chi hoặc chưa hoàn về quỹ\./);
    expect(text(problems)).toMatch(/Kinh phí Kho bạc cấp không bằng số đã chi cộng số hoàn trả Kho bạc\./);
    expect(within(card).getByText('Chưa cân đối')).toBeTruthy();
    expect(text(card)).toMatch(/Kho bạc cấp.*10\.000\.000/);
    expect(text(card)).toMatch(/Chuyển kỳ sau \(2 khoản\)/);
    expect(within(card).queryByText('Khoá sổ kỳ')).toBeNull();
  });

  it('closes a reconciled cycle after a confirmation; a refusal lists the problems the server named', async () => {
    const changed = vi.fn();
    const server = fakeServer({
      ...sessionRoutes({ role: 'province', scope: 'province', permissions: ['payroll.read', 'payroll.fund'] }),
      'GET /api/v1/payroll/cycles/:id/settlement': () => settlementOf('RECONCILED', []),
      'POST /api/v1/payroll/cycles/:id/close': () =>
        apiError(409, 'SETTLEMENT_UNBALANCED', 'Chưa quyết toán được kỳ 12: LEDGER_DISAGREES_WITH_ITEMS', { problems: ['LEDGER_DISAGREES_WITH_ITEMS'] }),
    });
    await renderInApp(<SettlementCard cycle={cycleOf('RECONCILED')} onChanged={changed} />);
    const card = await screen.findByTestId('settlement-card');
    await waitFor(() => expect(within(card).getByText('Cân đối')).toBeTruthy());
    const user = userSession();
    await user.click(button(card, 'Khoá sổ kỳ'));
    const dialog = await findDialog();
    expect(text(dialog)).toMatch(/1\.000\.000 ₫ còn trong quỹ được hoàn trả Kho bạc/);
    await user.click(button(dialog, 'Khoá sổ kỳ'));
    expect(text(await within(dialog).findByTestId('settlement-problems'))).toMatch(/Sổ cái không khớp với các khoản chi của kỳ\./);
    expect(changed).not.toHaveBeenCalled();

    server.on('POST /api/v1/payroll/cycles/:id/close', () => ({ ...settlementOf('CLOSED', []), changed: true }));
    await user.type(within(dialog).getByLabelText('Ghi chú (không bắt buộc)'), 'Quyết toán tháng 10');
    await user.click(button(dialog, 'Khoá sổ kỳ'));
    expect(await screen.findByText('Đã khoá sổ kỳ chi trả')).toBeTruthy();
    expect(changed).toHaveBeenCalledTimes(1);
    expect(server.sent('POST', '/api/v1/payroll/cycles/12/close').map((request) => request.body)).toEqual([{}, { comment: 'Quyết toán tháng 10' }]);
  });

  it('a closed cycle says it is closed and offers no close', async () => {
    fakeServer({
      ...sessionRoutes({ role: 'province', scope: 'province', permissions: ['payroll.read', 'payroll.fund'] }),
      'GET /api/v1/payroll/cycles/:id/settlement': () => settlementOf('CLOSED', []),
    });
    await renderInApp(<SettlementCard cycle={cycleOf('CLOSED')} onChanged={() => undefined} />);
    const card = await screen.findByTestId('settlement-card');
    expect(text(await within(card).findByTestId('settlement-closed'))).toMatch(/Kỳ đã khoá sổ/);
    expect(within(card).getByText('Đã hoàn trả Kho bạc')).toBeTruthy();
    expect(within(card).queryByText('Khoá sổ kỳ')).toBeNull();
  });
});
