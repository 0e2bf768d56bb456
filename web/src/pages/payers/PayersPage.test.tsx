// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, choose, fakeServer, renderInApp, sessionRoutes, userSession } from '../../testing/harness';
import type { Provider } from '../common/types';
import PayersPage from '../PayersPage';
import type { Payer } from './types';

const providers: Provider[] = [
  { code: '970405', kind: 'BANK', shortName: 'Agribank', name: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam', channels: ['TK_NGAN_HANG'] },
  { code: '971005', kind: 'MOBILE_MONEY', shortName: 'Viettel Money', name: 'Viettel Money', channels: ['MOBILE_MONEY'] },
];
const row = (overrides: Partial<Payer>): Payer => ({
  id: 1, provinceCode: '51', programme: 'TGXH', agentBin: '970405', accountNumber: '3900201000001', name: 'Sở Y tế Quảng Ngãi', status: 'APPROVED',
  proposedBy: 'tinh.ketoan', proposedAt: '2024-07-01', decidedBy: 'tinh.duyet', decidedAt: '2024-07-02', reason: null, approvedAt: '2024-07-02', supersededAt: null,
  ...overrides,
});

describe('paying accounts in the web app', () => {
  it('proposes an account exactly as typed, banks only, and shows the server’s refusal', async () => {
    const server = fakeServer({
      ...sessionRoutes({ role: 'province', username: 'tinh.ketoan', scope: 'province', permissions: ['settings.manage', 'payers.approve', 'units.read'] }),
      'GET /api/v1/payers': () => [row({})],
      'GET /api/v1/providers': () => providers,
      'POST /api/v1/payers': () => apiError(400, 'PAYER_ACCOUNT_INVALID', 'Số tài khoản phải gồm 4–34 chữ số hoặc chữ cái'),
    });
    await renderInApp(<PayersPage />);
    const table = await screen.findByTestId('payers');
    await waitFor(() => expect(within(table).getByText('Sở Y tế Quảng Ngãi')).toBeTruthy());
    expect(within(table).getByText('Đang dùng')).toBeTruthy();

    const user = userSession();
    const form = screen.getByTestId('payer-form');
    await choose(user, form, 'Chương trình', 'Người có công');
    await choose(user, form, 'Ngân hàng', 'Agribank (970405)');
    await user.type(within(form).getByLabelText('Số tài khoản'), '3900201000077');
    await user.type(within(form).getByLabelText('Đơn vị chi trả (tên chủ tài khoản)'), 'Sở Nội vụ Quảng Ngãi');
    await user.click(within(form).getByText('Gửi đề xuất'));
    expect(await screen.findByText('Số tài khoản phải gồm 4–34 chữ số hoặc chữ cái')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/payers').map((request) => request.body)).toEqual([
      { unitCode: '51', programme: 'NCC', bin: '970405', accountNumber: '3900201000077', name: 'Sở Nội vụ Quảng Ngãi' },
    ]);
  });

  it('lets another person approve a pending proposal, never its proposer', async () => {
    const pending = [row({ id: 2, status: 'PENDING', decidedBy: null, decidedAt: null, approvedAt: null }), row({ id: 3, status: 'PENDING', proposedBy: 'tinh.duyet', decidedBy: null, decidedAt: null, approvedAt: null, programme: 'HTXH' })];
    const server = fakeServer({
      ...sessionRoutes({ role: 'province', username: 'tinh.duyet', scope: 'province', permissions: ['payers.approve', 'units.read'] }),
      'GET /api/v1/payers': () => pending,
      'GET /api/v1/providers': () => providers,
      'POST /api/v1/payers/:id/approve': (_request, { id }) => ({ proposalId: Number(id), status: 'APPROVED', provinceCode: '51', programme: 'TGXH', replacedId: null }),
    });
    await renderInApp(<PayersPage />);
    const table = await screen.findByTestId('payers');
    await waitFor(() => expect(within(table).getByTestId('approve-2')).toBeTruthy());
    expect(within(table).queryByTestId('approve-3')).toBeNull();
    expect(within(table).getByText('Đề xuất của bạn: người khác phê duyệt')).toBeTruthy();
    expect(screen.queryByTestId('payer-form')).toBeNull();

    const user = userSession();
    await user.click(within(table).getByTestId('approve-2'));
    const confirm = await screen.findByText('Phê duyệt tài khoản này làm tài khoản chi trả của chương trình?');
    const popover = confirm.closest('.ant-popover') as HTMLElement;
    await user.click(within(popover).getByText('Phê duyệt'));
    expect(await screen.findByText('Đã phê duyệt')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/payers/2/approve')).toHaveLength(1);
  });
});
