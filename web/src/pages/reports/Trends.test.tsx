// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Vnd } from '../../money';
import { fakeServer, renderInApp, sessionRoutes, userSession } from '../../testing/harness';
import { PeriodCard, TrendsCard } from './Trends';
import type { MonthlyRow, PeriodReport, TrendsReport } from './types';

const money = (value: number) => value as Vnd;
const none = { people: 0, amountVnd: money(0) };

function month(unit: string, paid: number, bank: number, fees: Record<string, { payments: number; feeVnd: number; perPaymentVnd: number }> = {}): MonthlyRow {
  return {
    unit, name: null, people: paid, dueVnd: money(paid * 500_000),
    paid: { people: paid, amountVnd: money(paid * 500_000), byChannel: { TK_NGAN_HANG: { people: bank, amountVnd: money(bank * 500_000) }, TIEN_MAT: { people: paid - bank, amountVnd: money((paid - bank) * 500_000) } }, byProvider: {} },
    failed: { ...none, byReason: {} }, returned: { ...none, byReason: {} }, carriedOver: none, outstanding: none, feesVnd: money(paid * 1_100),
    feesByChannel: Object.fromEntries(Object.entries(fees).map(([channel, value]) => [channel, { payments: value.payments, feeVnd: money(value.feeVnd), perPaymentVnd: money(value.perPaymentVnd) }])),
    cashlessShare: paid ? bank / paid : null, cashlessPeople: bank, daysToPayment: { median: 3, p90: 5 }, target: null,
  };
}

const trendsOf = (from: string, to: string, months: MonthlyRow[], total: MonthlyRow): TrendsReport => ({ from, to, unit: '23293', name: 'Phường Kon Tum', programme: null, months, total });

describe('trends and the period reports', () => {
  it('asks for the twelve months up to the chosen one and charts them', async () => {
    const server = fakeServer({
      ...sessionRoutes({ permissions: ['reports.read'] }),
      'GET /api/v1/reports/trends': () => trendsOf('2025-12', '2026-11', [month('2026-10', 100, 80), month('2026-11', 110, 95)], month('23293', 120, 100)),
    });
    await renderInApp(<TrendsCard unit={{ code: '23293', name: 'Phường Kon Tum' }} month="2026-11" programme="NCC" />);
    const card = await screen.findByTestId('trends-card');
    await waitFor(() => expect(within(card).getByText('Đã chi trả theo hình thức, từng tháng')).toBeTruthy());
    expect(server.sent('GET', '/api/v1/reports/trends')[0]!.query.toString()).toBe('from=2025-12&to=2026-11&unit=23293&programme=NCC');
  });

  it('puts the half-year beside the same months a year before, with the cost of a payment by channel', async () => {
    const report = (year: number, period: 'H1' | 'H2'): PeriodReport => ({
      year, period, unit: '23293', name: 'Phường Kon Tum', programme: null,
      current: trendsOf(`${year}-07`, `${year}-12`, [], month('23293', 150, 141, { TK_NGAN_HANG: { payments: 846, feeVnd: 2_791_800, perPaymentVnd: 3_300 } })),
      previous: trendsOf(`${year - 1}-07`, `${year - 1}-12`, [], month('23293', 140, 100, { TK_NGAN_HANG: { payments: 600, feeVnd: 2_400_000, perPaymentVnd: 4_000 } })),
    });
    const server = fakeServer({
      ...sessionRoutes({ permissions: ['reports.read'] }),
      'GET /api/v1/reports/period': (request) => report(Number(request.query.get('year')), request.query.get('period') as 'H1' | 'H2'),
    });
    await renderInApp(<PeriodCard unit={{ code: '23293', name: 'Phường Kon Tum' }} programme={undefined} />);
    const table = await screen.findByTestId('period-table');
    const row = (figure: string) => within(table).getByText(figure).closest('tr')!.textContent?.replace(/\s/g, ' ');
    expect(row('Số người đã được chi trả')).toMatch(/150.*140.*\+10/);
    expect(row('Tài khoản ngân hàng: số người')).toMatch(/141.*100.*\+41/);
    expect(row('Tỷ lệ không dùng tiền mặt')).toMatch(/94,0%.*71,4%.*\+22,6 điểm %/);
    const costs = screen.getByTestId('period-costs').textContent?.replace(/\s/g, ' ');
    expect(costs).toMatch(/846.*3\.300 ₫.*4\.000 ₫/);

    const user = userSession();
    await user.click(screen.getByText('Tổng kết năm (tháng 1–11)'));
    await waitFor(() => expect(server.sent('GET', '/api/v1/reports/period').at(-1)!.query.get('period')).toBe('YEAR'));
  });
});
