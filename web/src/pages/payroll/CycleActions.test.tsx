// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Vnd } from '../../money';
import type { Permission } from '../../permissions';
import { apiError, button, fakeServer, findDialog, renderInApp, sessionRoutes, userSession, type Handler } from '../../testing/harness';
import { CycleActions } from './CycleActions';
import type { Cycle, CycleDetail, CycleStatus } from './types';

function cycleOf(status: CycleStatus, changes: Partial<CycleDetail> = {}): CycleDetail {
  return {
    id: 12,
    month: '2026-01',
    monthsCount: 1,
    scopeLevel: 'commune',
    provinceCode: '51',
    communeCode: '23293',
    unitName: 'Phường Kon Tum',
    programme: null,
    status,
    totalVnd: 1234567 as Vnd,
    lineCount: 3,
    generatedBy: 'canbo.kontum',
    generatedAt: '2025-12-20T02:00:00Z',
    submittedBy: status === 'DRAFT' ? null : 'canbo.kontum',
    submittedAt: null,
    approvedBy: null,
    approvedAt: null,
    fundedReference: null,
    fundedDate: null,
    fundedAmountVnd: null,
    lastComment: null,
    version: 1,
    events: [],
    ...changes,
  };
}

const officer: Permission[] = ['payroll.read', 'payroll.prepare'];
const approver: Permission[] = ['payroll.read', 'payroll.approve'];
const province: Permission[] = ['payroll.read', 'payroll.prepare', 'payroll.approve', 'payroll.fund'];

async function renderActions(cycle: CycleDetail, permissions: readonly Permission[], { warningsCount = 0, routes = {} }: { warningsCount?: number; routes?: Record<string, Handler> } = {}) {
  const server = fakeServer({ ...sessionRoutes({ permissions }), ...routes });
  const onChanged = vi.fn<(cycle: Cycle) => void>();
  const view = await renderInApp(<CycleActions cycle={cycle} warningsCount={warningsCount} onChanged={onChanged} />);
  return { server, onChanged, view, user: userSession() };
}

const shownActions = () =>
  screen
    .queryAllByTestId(/^action-/)
    .map((element) => element.dataset.testid)
    .sort();

/** The POSTs to the cycle's state changes, as the server received them. */
const stateChanges = (server: { requests: { method: string; path: string; body: unknown }[] }) =>
  server.requests.filter((request) => request.method === 'POST' && request.path.startsWith('/api/v1/payroll/cycles/12/')).map((request) => [request.path.split('/').at(-1), request.body]);

describe('payroll cycle actions', () => {
  it.each([
    ['a commune officer, draft', 'DRAFT', officer, ['action-regenerate', 'action-submit']],
    ['a commune officer, submitted by them', 'SUBMITTED', officer, ['action-withdraw']],
    ['an approver, draft', 'DRAFT', approver, []],
    ['an approver, submitted', 'SUBMITTED', approver, ['action-approve', 'action-reject']],
    ['an approver, approved', 'APPROVED', approver, ['action-reject']],
    ['a provincial officer, approved', 'APPROVED', province, ['action-fund', 'action-reject']],
    ['a provincial officer, funded', 'FUNDED', province, []],
    ['a payment sender, funded', 'FUNDED', ['payroll.read', 'disbursement.send'] as Permission[], ['action-disburse']],
  ] as const)('offers %s only the steps of that status', async (_who, status, permissions, expected) => {
    await renderActions(cycleOf(status), permissions);
    expect(shownActions()).toEqual(expected);
  });

  it('cannot submit an empty list', async () => {
    await renderActions(cycleOf('DRAFT', { lineCount: 0 }), officer);
    expect(screen.getByTestId<HTMLButtonElement>('action-submit').disabled).toBe(true);
  });

  it('submits with the trimmed comment and hands the updated cycle back', async () => {
    const { server, onChanged, user } = await renderActions(cycleOf('DRAFT'), officer, {
      routes: { 'POST /api/v1/payroll/cycles/:id/submit': () => cycleOf('SUBMITTED') },
    });
    await user.click(screen.getByTestId('action-submit'));
    const dialog = await findDialog();
    expect(within(dialog).getByText('1.234.567 ₫', { normalizer: (text) => text.replace(/\s/g, ' ') })).toBeTruthy();
    await user.click(within(dialog).getByLabelText('Ý kiến (không bắt buộc)'));
    await user.paste('  Đã rà soát  ');
    await user.click(button(dialog, 'Trình duyệt'));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(onChanged.mock.calls[0]![0].status).toBe('SUBMITTED');
    expect(stateChanges(server)).toEqual([['submit', { comment: 'Đã rà soát' }]]);
    expect(await screen.findByText('Đã trình danh sách')).toBeTruthy();
  });

  it('shows a total beyond 2^53 sent as a string to the last đồng', async () => {
    const { user } = await renderActions(cycleOf('DRAFT', { totalVnd: '9007199254740993' as Vnd }), officer);
    await user.click(screen.getByTestId('action-submit'));
    const dialog = await findDialog();
    // Through a float it would read 9.007.199.254.740.992.
    expect(within(dialog).getByText('9.007.199.254.740.993 ₫', { normalizer: (text) => text.replace(/\s/g, ' ') })).toBeTruthy();
  });

  it('does not approve before the warnings are confirmed', async () => {
    const { server, onChanged, user } = await renderActions(cycleOf('SUBMITTED'), approver, {
      warningsCount: 4,
      routes: { 'POST /api/v1/payroll/cycles/:id/approve': () => cycleOf('APPROVED') },
    });
    await user.click(screen.getByTestId('action-approve'));
    const dialog = await findDialog();
    await user.click(button(dialog, 'Phê duyệt'));
    expect(await within(dialog).findByText('Hãy xem và xác nhận các cảnh báo trước khi phê duyệt')).toBeTruthy();
    expect(stateChanges(server)).toEqual([]);

    await user.click(within(dialog).getByLabelText('Tôi đã xem 4 cảnh báo của danh sách này'));
    await user.click(button(dialog, 'Phê duyệt'));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(stateChanges(server)).toEqual([['approve', {}]]);
  });

  it('shows the server’s refusal inside the dialog and keeps it open (maker-checker)', async () => {
    const refusal = 'Người lập và trình danh sách không được tự phê duyệt';
    const { server, onChanged, user } = await renderActions(cycleOf('SUBMITTED'), approver, {
      routes: { 'POST /api/v1/payroll/cycles/:id/approve': () => apiError(409, 'PAYROLL_SELF_APPROVAL', refusal) },
    });
    await user.click(screen.getByTestId('action-approve'));
    const dialog = await findDialog();
    await user.click(button(dialog, 'Phê duyệt'));
    expect((await within(dialog).findByTestId('action-error')).textContent).toContain(refusal);
    expect(stateChanges(server)).toHaveLength(1);
    expect(onChanged).not.toHaveBeenCalled();
    expect(await findDialog()).toBe(dialog);
  });

  it('returns a list only with a reason', async () => {
    const { server, user } = await renderActions(cycleOf('SUBMITTED'), approver, {
      routes: { 'POST /api/v1/payroll/cycles/:id/reject': () => cycleOf('DRAFT') },
    });
    await user.click(screen.getByTestId('action-reject'));
    const dialog = await findDialog();
    await user.type(within(dialog).getByLabelText('Lý do trả lại'), '   ');
    await user.click(button(dialog, 'Trả lại'));
    expect(await within(dialog).findByText('Hãy ghi lý do để người lập sửa')).toBeTruthy();
    expect(stateChanges(server)).toEqual([]);

    await user.click(within(dialog).getByLabelText('Lý do trả lại'));
    await user.paste('Thiếu 2 người mới');
    await user.click(button(dialog, 'Trả lại'));
    await waitFor(() => expect(stateChanges(server)).toEqual([['reject', { comment: 'Thiếu 2 người mới' }]]));
  });

  it('lets the maker withdraw their submitted list (not someone else’s)', async () => {
    const { server, user } = await renderActions(cycleOf('SUBMITTED'), officer, { routes: { 'POST /api/v1/payroll/cycles/:id/withdraw': () => cycleOf('DRAFT') } });
    await user.click(screen.getByTestId('action-withdraw'));
    const dialog = await findDialog();
    await user.click(button(dialog, 'Rút lại để sửa'));
    await waitFor(() => expect(stateChanges(server)).toEqual([['withdraw', {}]]));
  });

  it('offers no withdrawal of a list someone else submitted', async () => {
    await renderActions(cycleOf('SUBMITTED', { submittedBy: 'canbo.khac' }), officer);
    expect(shownActions()).toEqual([]);
  });

  describe('recording the Treasury funding', () => {
    async function openFund(totalVnd: Vnd) {
      const rendered = await renderActions(cycleOf('APPROVED', { totalVnd }), province, {
        routes: { 'POST /api/v1/payroll/cycles/:id/fund': () => cycleOf('FUNDED', { totalVnd }) },
      });
      await rendered.user.click(screen.getByTestId('action-fund'));
      const dialog = await findDialog();
      return { ...rendered, dialog, amount: within(dialog).getByLabelText<HTMLInputElement>('Số tiền (đồng)') };
    }

    it('does not prefill the amount: it is typed from the Treasury document, grouped, and sent as a decimal string', async () => {
      const { server, dialog, amount, user } = await openFund(1234567 as Vnd);
      expect(amount.value).toBe('');
      await user.type(amount, '1234567');
      expect(amount.value).toBe('1.234.567');
      expect(within(dialog).queryByText(/Khác tổng danh sách/)).toBeNull();
      await user.click(within(dialog).getByLabelText('Số chứng từ chuyển tiền'));
      await user.paste(' KBNN-QN-0001 ');
      await user.click(button(dialog, 'Ghi nhận cấp kinh phí'));
      await waitFor(() => expect(stateChanges(server)).toHaveLength(1));
      const [[step, body]] = stateChanges(server) as [[string, { reference: string; amountVnd: string; date: string }]];
      expect(step).toBe('fund');
      expect(body.reference).toBe('KBNN-QN-0001');
      expect(body.amountVnd).toBe('1234567');
      expect(body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('refuses an amount over the largest one (10^15 đồng)', async () => {
      const { server, dialog, amount, user } = await openFund(1234567 as Vnd);
      await user.type(within(dialog).getByLabelText('Số chứng từ chuyển tiền'), 'KB-1');
      await user.clear(amount);
      await user.paste('1000000000000001');
      await user.click(button(dialog, 'Ghi nhận cấp kinh phí'));
      expect(await within(dialog).findByText('Số tiền quá lớn')).toBeTruthy();
      expect(stateChanges(server)).toEqual([]);
    });

    it('refuses decimals and shows a differing amount with the difference', async () => {
      const { server, dialog, amount, user } = await openFund(1234567 as Vnd);
      await user.type(within(dialog).getByLabelText('Số chứng từ chuyển tiền'), 'KB-1');
      await user.clear(amount);
      await user.type(amount, '1234567,5');
      await user.click(button(dialog, 'Ghi nhận cấp kinh phí'));
      expect(await within(dialog).findByText('Số tiền là số nguyên đồng, không có phần thập phân')).toBeTruthy();
      expect(stateChanges(server)).toEqual([]);

      await user.clear(amount);
      await user.type(amount, '1200000');
      expect(amount.value).toBe('1.200.000');
      const help = await within(dialog).findByText(/Khác tổng danh sách/);
      expect(help.textContent?.replace(/\s/g, ' ')).toBe('Khác tổng danh sách 1.234.567 ₫ (chênh 34.567 ₫)');
    });

    it('requires the amount', async () => {
      const { server, dialog, amount, user } = await openFund(1234567 as Vnd);
      await user.type(within(dialog).getByLabelText('Số chứng từ chuyển tiền'), 'KB-1');
      await user.clear(amount);
      await user.click(button(dialog, 'Ghi nhận cấp kinh phí'));
      expect(await within(dialog).findByText('Bắt buộc')).toBeTruthy();
      expect(stateChanges(server)).toEqual([]);
    });
  });
});
