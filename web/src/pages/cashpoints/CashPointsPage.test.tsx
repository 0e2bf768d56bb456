// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeServer, renderInApp, sessionRoutes, userSession } from '../../testing/harness';
import CashPointsPage from '../CashPointsPage';

const cycle = {
  id: 12, month: '2024-07', monthsCount: 1, scopeLevel: 'commune', provinceCode: '51', communeCode: '23293', unitName: 'Phường Kon Tum', programme: null, status: 'DISBURSING',
  totalVnd: '1500000', lineCount: 3, generatedBy: 'canbo', generatedAt: '2024-06-20T03:00:00Z', submittedBy: 'canbo', submittedAt: null, approvedBy: 'duyet', approvedAt: null,
  fundedReference: 'KBNN-1', fundedDate: '2024-07-01', fundedAmountVnd: '1500000', lastComment: null, version: 3,
};

const point = {
  id: 3, communeCode: '23293', communeName: 'Phường Kon Tum', name: 'Nhà văn hoá thôn 1', address: 'Thôn 1', hours: '7h30-11h00', providerCode: 'VNPOST',
  agentName: 'Nguyễn Văn Bưu', villages: ['Thôn 1'], active: true, dates: [] as string[],
};

describe('payment points page', () => {
  it('says when the locality has no funded cycle yet', async () => {
    fakeServer({
      ...sessionRoutes({ role: 'officer', username: 'canbo', permissions: ['payroll.read', 'disbursement.send', 'units.read'] }),
      'GET /api/v1/payroll/cycles': () => [{ ...cycle, status: 'APPROVED' }],
      'GET /api/v1/cash/points': () => [point],
    });
    await renderInApp(<CashPointsPage />);
    expect(await screen.findByText(/Chưa có kỳ chi trả đã cấp kinh phí ở địa bàn này/)).toBeTruthy();
    expect(screen.queryByTestId('home-rounds')).toBeNull();
  });

  it('lists the commune’s points, adds one, sets the funded cycle’s date, adds a home round and offers the cash lists', async () => {
    const server = fakeServer({
      ...sessionRoutes({ role: 'officer', username: 'canbo', permissions: ['payroll.read', 'disbursement.send', 'units.read'] }),
      'GET /api/v1/payroll/cycles': () => [cycle],
      'GET /api/v1/cash/points': (request) => [{ ...point, dates: request.query.get('cycle') ? ['2024-07-20'] : [] }],
      'POST /api/v1/cash/points': () => ({ point: { ...point, id: 4, name: 'Bưu điện phường', villages: null }, created: true, changed: true }),
      'POST /api/v1/cash/points/:id/schedule': () => ({ cycleId: 12, pointId: 3, dates: ['2024-07-20'], added: ['2024-07-20'], notices: 2 }),
      'GET /api/v1/cash/rounds': () => [{ id: 5, communeCode: '23293', date: '2024-07-21', hours: '8h-17h', providerCode: 'VNPOST', agentName: null, villages: null }],
      'POST /api/v1/cash/rounds': () => ({ round: { id: 6, cycleId: 12, provinceCode: '51', communeCode: '23293', date: '2024-07-22', hours: null, providerCode: 'VNPOST', agentName: null, villages: ['Thôn 3'] }, created: true, people: 4, notices: 4 }),
    });
    await renderInApp(<CashPointsPage />);
    const table = await screen.findByTestId('cash-points');
    // The header's commune and its funded cycle, chosen without typing an id.
    await waitFor(() => expect(within(table).getByText('20/07/2024')).toBeTruthy());
    expect(within(table).getByText('Nhà văn hoá thôn 1')).toBeTruthy();

    const user = userSession();
    const form = screen.getByTestId('point-form');
    await user.type(within(form).getByLabelText('Tên điểm'), 'Bưu điện phường');
    await user.type(within(form).getByLabelText('Giờ chi trả'), '13h30-16h30');
    await user.click(within(form).getByText('Lưu'));
    expect(await screen.findByText('Đã lưu điểm chi trả')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/cash/points').map((request) => request.body)).toEqual([{ unit: '23293', name: 'Bưu điện phường', hours: '13h30-16h30' }]);

    expect(within(table).getByTestId('list-point-3')).toBeTruthy();
    await user.type(within(table).getByLabelText('Ngày (dd/mm/yyyy) Nhà văn hoá thôn 1'), '20/07/2024');
    await user.click(within(table).getByText('Đặt ngày chi'));
    expect(await screen.findByText('Đã đặt ngày chi; 2 tin nhắn được gửi')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/cash/points/3/schedule')[0]!.body).toEqual({ cycle: 12, dates: ['20/07/2024'] });

    const rounds = await screen.findByTestId('home-rounds');
    await waitFor(() => expect(within(rounds).getByText('21/07/2024')).toBeTruthy());
    expect(within(rounds).getByText('Toàn xã')).toBeTruthy();
    expect(within(rounds).getByTestId('list-round-5')).toBeTruthy();
    const roundForm = screen.getByTestId('round-form');
    await user.type(within(roundForm).getByLabelText('Ngày (dd/mm/yyyy)'), '22/07/2024');
    await user.type(within(roundForm).getByLabelText('Thôn, tổ phục vụ'), 'Thôn 3');
    await user.click(within(roundForm).getByText('Lưu'));
    expect(await screen.findByText('Đã thêm đợt chi tại nhà: 4 người')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/cash/rounds')[0]!.body).toEqual({ cycle: 12, unit: '23293', date: '22/07/2024', villages: ['Thôn 3'] });
  });

  it('shows the provider’s agent its points and lists without the forms', async () => {
    fakeServer({
      ...sessionRoutes({ role: 'provider', username: 'buudien', scope: 'province', permissions: ['payroll.read', 'units.read'] }),
      'GET /api/v1/payroll/cycles': () => [cycle],
      'GET /api/v1/cash/points': () => [point],
      'GET /api/v1/cash/rounds': () => [],
    });
    await renderInApp(<CashPointsPage />);
    const table = await screen.findByTestId('cash-points');
    await waitFor(() => expect(within(table).getByText('Nhà văn hoá thôn 1')).toBeTruthy());
    expect(screen.queryByTestId('point-form')).toBeNull();
  });
});
