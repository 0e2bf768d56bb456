// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Vnd } from '../../money';
import { fakeServer, renderInApp, sessionRoutes } from '../../testing/harness';
import type { MonthlyReport, MonthlyRow } from '../reports/types';
import { TargetRanking } from './TargetRanking';

const zero = 0 as Vnd;
const none = { people: 0, amountVnd: zero };

function commune(unit: string, name: string, paid: number, cashless: number, targetPct: number | null): MonthlyRow {
  const share = paid > 0 ? cashless / paid : null;
  return {
    unit, name, people: paid, dueVnd: zero, paid: { ...none, people: paid, byChannel: {}, byProvider: {} }, failed: { ...none, byReason: {} }, returned: { ...none, byReason: {} },
    carriedOver: none, outstanding: none, feesVnd: zero, cashlessShare: share, cashlessPeople: cashless, daysToPayment: { median: null, p90: null },
    target: targetPct === null ? null : { pct: targetPct, people: null, period: '2026-12', met: share === null ? null : share * 100 >= targetPct },
  };
}

describe('the dashboard’s ranking of a province’s communes against their targets', () => {
  it('ranks by the margin over the target, those without a target last, and skips communes paid nothing', async () => {
    const report: MonthlyReport = {
      month: '2026-12', unit: '51', name: 'Tỉnh Quảng Ngãi', programme: null,
      rows: [
        commune('23302', 'Xã Đăk Cấm', 40, 20, 80), // 50 % for 80 %: −30
        commune('23293', 'Phường Kon Tum', 150, 141, 90), // 94 % for 90 %: +4
        commune('23305', 'Xã Ia Chim', 10, 10, null),
        commune('23308', 'Xã Ngọk Bay', 0, 0, 70),
        commune('23311', 'Xã Hòa Bình', 100, 75, 72.5), // 75 % for 72,5 %: +2,5
      ],
      total: commune('51', 'Tỉnh Quảng Ngãi', 300, 246, null),
    };
    const server = fakeServer({ ...sessionRoutes({ role: 'province', scope: 'province', permissions: ['reports.read'] }), 'GET /api/v1/reports/monthly': () => report });
    await renderInApp(<TargetRanking provinceCode="51" month="2026-12" />);
    const card = await screen.findByTestId('target-ranking');
    await waitFor(() => expect(within(card).getByText('Xã Hòa Bình')).toBeTruthy());
    const names = [...card.querySelectorAll('tbody tr')].map((row) => row.querySelectorAll('td')[1]?.textContent);
    expect(names).toEqual(['Phường Kon Tum', 'Xã Hòa Bình', 'Xã Đăk Cấm', 'Xã Ia Chim']);
    expect(within(card).getByText('72,5%')).toBeTruthy();
    expect(within(card).getByText('2/3 xã đạt chỉ tiêu')).toBeTruthy();
    expect(within(card).getByText('141/150 người')).toBeTruthy();
    expect(server.sent('GET', '/api/v1/reports/monthly')[0]!.query.toString()).toBe('month=2026-12&unit=51');
  });
});
