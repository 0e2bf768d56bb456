// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, choose, fakeServer, renderInApp, sessionRoutes, userSession } from '../../testing/harness';
import type { Provider } from '../common/types';
import FeesPage from '../FeesPage';
import { FeesPanel } from '../payroll/FeesPanel';
import type { CycleFees, FeeSchedule } from './types';
import type { Vnd } from '../../money';

const providers: Provider[] = [
  { code: '970405', kind: 'BANK', shortName: 'Agribank', name: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam', channels: ['TK_NGAN_HANG'] },
  { code: 'VNPOST', kind: 'POSTAL', shortName: 'VNPost', name: 'Tổng công ty Bưu điện Việt Nam', channels: ['TIEN_MAT', 'TAI_NHA'] },
];
const money = (value: number) => value as Vnd;
const schedule: FeeSchedule = {
  id: 1, provinceCode: null, providerCode: '970405', providerName: 'Agribank', channel: 'TK_NGAN_HANG', validFrom: '2024-01-01', pct: '0.05', ratePpm: 500,
  fixedVnd: money(1_000), minVnd: money(3_300), maxVnd: null, vatPct: '10', vatPpm: 100_000, setBy: 'quantri', setAt: '2024-01-01 00:00:00+00',
};
const fees: CycleFees = {
  cycleId: 9, feeDate: '2024-07-01', basis: 'lines', payments: 3, amountVnd: money(2_250_000), totalVnd: money(16_940), vatVnd: money(1_540), unpricedPayments: 1,
  byProvider: {
    '970405': { providerName: 'Agribank', payments: 2, unpricedPayments: 0, amountVnd: money(1_500_000), feeVnd: money(7_260), vatVnd: money(660) },
    VNPOST: { providerName: 'VNPost', payments: 1, unpricedPayments: 1, amountVnd: money(750_000), feeVnd: money(0), vatVnd: money(0) },
  },
  byChannel: [],
  byBatch: [],
};

describe('payment service fees in the web app', () => {
  it('shows a cycle’s fees per provider with their total, and the payments without a schedule', async () => {
    fakeServer({ ...sessionRoutes({ permissions: ['payroll.read'] }), 'GET /api/v1/payroll/cycles/:id/fees': () => fees });
    await renderInApp(<FeesPanel cycleId={9} />);
    const panel = await screen.findByTestId('cycle-fees');
    await waitFor(() => expect(within(panel).getByText('Agribank')).toBeTruthy());
    expect(within(panel).getByTestId('cycle-fees-total').textContent?.replace(/\s/g, ' ')).toMatch(/16\.940/);
    expect(within(panel).getByText('1 món chi chưa có biểu phí (chưa tính phí)')).toBeTruthy();
    expect(within(panel).getByText(/Phí dịch vụ chi trả \(không trừ vào tiền đối tượng nhận\)/)).toBeTruthy();
  });

  it('lists the schedules and sends a new one exactly as typed; the server’s refusal is shown', async () => {
    const server = fakeServer({
      ...sessionRoutes({ role: 'province', scope: 'province', permissions: ['settings.manage', 'units.read'] }),
      'GET /api/v1/fee-schedules': () => [schedule],
      'GET /api/v1/providers': () => providers,
      'POST /api/v1/fee-schedules': (request) =>
        (request.body as { replace?: boolean }).replace ? { schedule, changed: true } : apiError(409, 'FEE_SCHEDULE_EXISTS', 'Đã có biểu phí khác áp dụng từ ngày 2024-08-01'),
    });
    await renderInApp(<FeesPage />);
    const table = await screen.findByTestId('fee-schedules');
    await waitFor(() => expect(within(table).getByText('Agribank (970405)')).toBeTruthy());
    expect(within(table).getByText('0,05 %')).toBeTruthy();
    expect(within(table).getByText('Không giới hạn')).toBeTruthy();

    const user = userSession();
    const form = screen.getByTestId('fee-form');
    await choose(user, form, 'Hình thức', 'Tài khoản ngân hàng');
    await choose(user, form, 'Tổ chức chi trả', 'Agribank (970405)');
    const date = within(form).getByLabelText('Áp dụng từ ngày');
    await user.click(date);
    await user.type(date, '01/08/2024');
    fireEvent.keyDown(date, { key: 'Enter', code: 'Enter' });
    await user.type(within(form).getByLabelText('Tỷ lệ (%)'), '0,05');
    await user.type(within(form).getByLabelText('Tối thiểu / món'), '3300');
    await user.type(within(form).getByLabelText('Thuế GTGT (%)'), '10');
    await user.click(within(form).getByText('Lưu biểu phí'));
    expect(await screen.findByText('Đã có biểu phí khác áp dụng từ ngày 2024-08-01')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/fee-schedules').map((request) => request.body)).toEqual([
      { providerCode: '970405', channel: 'TK_NGAN_HANG', validFrom: '2024-08-01', pct: '0,05', vatPct: '10', minVnd: '3300', maxVnd: null, replace: false },
    ]);
    await user.click(within(form).getByText('Thay thế biểu phí đã đặt cho ngày này'));
    await user.click(within(form).getByText('Lưu biểu phí'));
    expect(await screen.findByText('Đã lưu biểu phí')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/fee-schedules')).toHaveLength(2);
  });
});
