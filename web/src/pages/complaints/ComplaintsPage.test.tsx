// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { choose, fakeServer, renderInApp, sessionRoutes, userSession } from '../../testing/harness';
import ComplaintsPage from '../ComplaintsPage';
import type { Complaint } from './types';

const row = (overrides: Partial<Complaint>): Complaint => ({
  id: 7, personalId: '062150000041', fullName: 'Lê Thị Mơ', communeCode: '23293', provinceCode: '51', cycleId: 3, cycleMonth: '2024-07',
  kind: 'NOT_RECEIVED', text: 'Chưa nhận được tiền tháng 7', source: 'SELF_SERVICE', status: 'OPEN', filedBy: 'self:********0041',
  filedAt: '2024-07-17 10:00:00+07', dueDate: '2024-07-31', overdue: true, assignedTo: null, assignedAt: null, outcome: null, resolution: null,
  resolvedBy: null, resolvedAt: null,
  ...overrides,
});

describe('complaints page', () => {
  it('lists with the overdue filter, records a complaint on a person’s behalf, assigns and resolves', async () => {
    const server = fakeServer({
      ...sessionRoutes({ role: 'officer', username: 'canbo', permissions: ['complaints.read', 'complaints.write', 'units.read'] }),
      'GET /api/v1/complaints': (request) => (request.query.get('overdue') === 'true' ? [row({})] : [row({}), row({ id: 8, overdue: false, kind: 'WRONG_AMOUNT', dueDate: '2024-08-02' })]),
      'POST /api/v1/complaints': () => ({ complaintId: 9, dueDate: '2024-07-31', created: true }),
      'POST /api/v1/complaints/:id/assign': (_request, { id }) => row({ id: Number(id), status: 'ASSIGNED', assignedTo: 'canbo' }),
      'POST /api/v1/complaints/:id/resolve': (_request, { id }) => row({ id: Number(id), status: 'RESOLVED', outcome: 'REPAID_NEXT_CYCLE' }),
    });
    await renderInApp(<ComplaintsPage />);
    const table = await screen.findByTestId('complaints');
    await waitFor(() => expect(within(table).getByText('Sai số tiền')).toBeTruthy());
    expect(within(table).getByText('Chưa nhận được tiền')).toBeTruthy();
    expect(within(table).getAllByText('Quá hạn')).toHaveLength(1);
    expect(within(table).getAllByText('Người hưởng tự gửi')).toHaveLength(2);

    const user = userSession();
    await user.click(screen.getByTestId('overdue-only'));
    await waitFor(() => expect(within(table).queryByText('Sai số tiền')).toBeNull());
    expect(server.requests.some((request) => request.path === '/api/v1/complaints' && request.query.get('overdue') === 'true')).toBe(true);

    const form = screen.getByTestId('complaint-form');
    await user.type(within(form).getByLabelText('Số định danh người hưởng'), '062150000041');
    await choose(user, form, 'Loại', 'Đổi tài khoản nhận tiền');
    await user.type(within(form).getByLabelText('Nội dung'), 'Xin đổi sang tài khoản Agribank');
    await user.click(within(form).getByText('Ghi nhận'));
    expect(await screen.findByText('Đã ghi nhận khiếu nại số 9, hạn trả lời 31/07/2024')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/complaints').map((request) => request.body)).toEqual([
      { personalId: '062150000041', kind: 'ACCOUNT_CHANGE', text: 'Xin đổi sang tài khoản Agribank' },
    ]);

    await user.click(within(table).getByTestId('assign-7'));
    const popover = (await screen.findByLabelText('Tên đăng nhập của cán bộ xử lý')).closest('.ant-popover') as HTMLElement;
    await user.type(within(popover).getByLabelText('Tên đăng nhập của cán bộ xử lý'), 'canbo');
    await user.click(within(popover).getByText('Giao xử lý'));
    expect(await screen.findByText('Đã giao cho canbo')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/complaints/7/assign').map((request) => request.body)).toEqual([{ to: 'canbo' }]);

    await user.click(within(table).getByTestId('resolve-7'));
    const dialog = await screen.findByTestId('resolve-form');
    await choose(user, dialog, 'Kết quả', 'Chi trả lại vào kỳ sau');
    await user.type(within(dialog).getByLabelText('Nội dung trả lời'), 'Sẽ chi trả cùng kỳ tháng 8');
    const modal = dialog.closest('.ant-modal') as HTMLElement;
    await user.click(within(modal).getByRole('button', { name: 'Giải quyết' }));
    await waitFor(() => expect(server.sent('POST', '/api/v1/complaints/7/resolve')).toHaveLength(1));
    expect(server.sent('POST', '/api/v1/complaints/7/resolve')[0]!.body).toEqual({ outcome: 'REPAID_NEXT_CYCLE', text: 'Sẽ chi trả cùng kỳ tháng 8' });
  });

  it('shows an auditor the metadata only, without actions or the form', async () => {
    fakeServer({
      ...sessionRoutes({ role: 'auditor', username: 'kiemtoan', scope: 'province', permissions: ['complaints.read', 'units.read'] }),
      'GET /api/v1/complaints': () => [row({ text: null, fullName: '', personalId: '********0041' })],
    });
    await renderInApp(<ComplaintsPage />);
    const table = await screen.findByTestId('complaints');
    await waitFor(() => expect(within(table).getByText('(nội dung chỉ cán bộ xử lý được xem)')).toBeTruthy());
    expect(screen.queryByTestId('complaint-form')).toBeNull();
    expect(within(table).queryByTestId('assign-7')).toBeNull();
  });
});
