// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import dayjs from 'dayjs';
import { describe, expect, it, vi } from 'vitest';
import type { Vnd } from '../../money';
import { apiError, button, choose, fakeServer, findDialog, renderInApp, sessionRoutes, userSession, type SessionOptions } from '../../testing/harness';
import { MonthlyResults } from './MonthlyResults';
import type { MonthlyReport, MonthlyRow, PublishedMonthlyReport, Submission, SubmissionList } from './types';

const money = (value: number) => value as Vnd;
const none = { people: 0, amountVnd: money(0) };

function row(unit: string | null, name: string, figures: { people: number; paid: number; bank: number; cash: number; failed?: number; sharePct?: number | null; targetPct?: number }): MonthlyRow {
  const amount = 500_000;
  const share = figures.paid > 0 ? figures.bank / figures.paid : null;
  return {
    unit,
    name,
    people: figures.people,
    dueVnd: money(figures.people * amount),
    paid: {
      people: figures.paid,
      amountVnd: money(figures.paid * amount),
      byChannel: { TK_NGAN_HANG: { people: figures.bank, amountVnd: money(figures.bank * amount) }, TIEN_MAT: { people: figures.cash, amountVnd: money(figures.cash * amount) } },
      byProvider: {},
    },
    failed: { people: figures.failed ?? 0, amountVnd: money((figures.failed ?? 0) * amount), byReason: figures.failed ? { AC04: figures.failed } : {} },
    returned: { ...none, byReason: {} },
    carriedOver: { people: figures.failed ?? 0, amountVnd: money((figures.failed ?? 0) * amount) },
    outstanding: none,
    feesVnd: money(figures.paid * 1_100),
    cashlessShare: share,
    cashlessPeople: figures.bank,
    daysToPayment: { median: 3, p90: 6 },
    target: figures.targetPct === undefined ? null : { pct: figures.targetPct, people: null, period: '2026-12', met: share === null ? null : share * 100 >= figures.targetPct },
  };
}

const province: MonthlyReport = {
  month: '2026-11',
  unit: '51',
  name: 'Tỉnh Quảng Ngãi',
  programme: null,
  rows: [
    row('23293', 'Phường Kon Tum', { people: 150, paid: 148, bank: 141, cash: 7, failed: 2, targetPct: 90 }),
    row('23302', 'Xã Đăk Cấm', { people: 40, paid: 40, bank: 20, cash: 20, targetPct: 80 }),
  ],
  total: row('51', 'Tỉnh Quảng Ngãi', { people: 190, paid: 188, bank: 161, cash: 27, failed: 2 }),
};
const commune: MonthlyReport = { ...province, unit: '23293', name: 'Phường Kon Tum', rows: [province.rows[0]!], total: province.rows[0]! };
const emptyMonth: MonthlyReport = { ...commune, rows: [], total: row('23293', 'Phường Kon Tum', { people: 0, paid: 0, bank: 0, cash: 0 }) };

const submission: Submission = {
  id: 31, unit: '23293', month: '2026-11', programme: null, version: 2, status: 'SUBMITTED', reportSha256: 'ab'.repeat(32), submittedBy: 'canbo.kontum', submittedAt: '2026-12-03T02:00:00Z',
  confirmedBy: null, confirmedAt: null, returnedBy: null, returnedAt: null, returnReason: null,
};
const firstVersion: Submission = { ...submission, id: 30, version: 1, status: 'SUPERSEDED', submittedAt: '2026-12-01T02:00:00Z' };
const communes: SubmissionList = {
  month: '2026-11',
  unit: '51',
  dueDate: '2026-12-12',
  rows: [
    { unit: '23293', name: 'Phường Kon Tum', status: 'SUBMITTED', late: false, submission },
    { unit: '23302', name: 'Xã Đăk Cấm', status: 'NOT_SUBMITTED', late: true, submission: null },
  ],
};

function reportServer(session: SessionOptions, extra: Parameters<typeof fakeServer>[0] = {}) {
  return fakeServer({
    ...sessionRoutes(session),
    'GET /api/v1/reports/monthly': (request) => (request.query.get('unit') === '51' ? province : commune),
    'GET /api/v1/reports/submissions': (request) => (request.query.get('unit') === '51' ? communes : { ...communes, unit: '23293', rows: [communes.rows[0]!] }),
    'GET /api/v1/reports/submissions/:id': (_request, { id }) => ({ ...(id === '30' ? firstVersion : submission), report: id === '30' ? emptyMonth : commune, versions: [firstVersion, submission] }),
    ...extra,
  });
}

const text = (element: HTMLElement) => element.textContent?.replace(/\s/g, ' ') ?? '';

describe('the monthly results report in the web app', () => {
  it('shows a row per commune and the total, and a click on a commune opens its own report', async () => {
    const server = reportServer({ role: 'province', scope: 'province', permissions: ['reports.read'] });
    await renderInApp(<MonthlyResults home={{ code: '51', name: 'Tỉnh Quảng Ngãi' }} />);
    const table = await screen.findByTestId('monthly-table');
    await waitFor(() => expect(within(table).getByText('Xã Đăk Cấm')).toBeTruthy());
    const thisMonth = dayjs().format('YYYY-MM');
    expect(server.sent('GET', '/api/v1/reports/monthly')[0]!.query.toString()).toBe(`month=${thisMonth}&unit=51`);

    const konTum = within(table).getByText('Phường Kon Tum').closest('tr')!;
    expect(text(konTum)).toMatch(/150/);
    expect(text(konTum)).toMatch(/74\.000\.000/); // 148 paid × 500.000
    expect(text(konTum)).toMatch(/95,3%/); // 141 of 148 into accounts
    expect(within(konTum).getByText('Đạt')).toBeTruthy();
    expect(within(within(table).getByText('Xã Đăk Cấm').closest('tr')!).getByText('Chưa đạt')).toBeTruthy();
    const total = within(table).getByTestId('monthly-total');
    expect(text(total)).toMatch(/Tổng cộng/);
    expect(text(total)).toMatch(/190/);
    expect(text(total)).toMatch(/95\.000\.000/); // due: 190 × 500.000
    expect(screen.getByTestId('chart-channels')).toBeTruthy();

    const user = userSession();
    await user.click(within(table).getByText('Phường Kon Tum'));
    await waitFor(() => expect(server.sent('GET', '/api/v1/reports/monthly').at(-1)!.query.get('unit')).toBe('23293'));
    expect(text(await screen.findByTestId('monthly-trail'))).toMatch(/Tỉnh Quảng Ngãi.*Phường Kon Tum/);
    await user.click(screen.getByText('Quay lại Tỉnh Quảng Ngãi'));
    await waitFor(() => expect(server.sent('GET', '/api/v1/reports/monthly').at(-1)!.query.get('unit')).toBe('51'));
    expect(screen.queryByTestId('monthly-trail')).toBeNull();
  });

  it('downloads the forms to sign with the report’s month, unit and programme', async () => {
    const server = reportServer({ permissions: ['reports.read'] }, {
      'GET /api/v1/reports/monthly.xlsx': () => ({}),
      'GET /api/v1/reports/monthly.pdf': () => ({}),
    });
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:form', revokeObjectURL: () => undefined }));
    await renderInApp(<MonthlyResults home={{ code: '23293', name: 'Phường Kon Tum' }} />);
    await screen.findByTestId('monthly-table');
    const user = userSession();
    await choose(user, document.body, 'Chương trình', 'Người có công');
    await waitFor(() => expect(server.sent('GET', '/api/v1/reports/monthly').at(-1)!.query.get('programme')).toBe('NCC'));
    await user.click(screen.getByTestId('monthly-pdf'));
    await waitFor(() => expect(server.sent('GET', '/api/v1/reports/monthly.pdf')).toHaveLength(1));
    expect(server.sent('GET', '/api/v1/reports/monthly.pdf')[0]!.query.toString()).toBe(`month=${dayjs().format('YYYY-MM')}&unit=23293&programme=NCC`);
    await user.click(screen.getByTestId('monthly-xlsx'));
    await waitFor(() => expect(server.sent('GET', '/api/v1/reports/monthly.xlsx')).toHaveLength(1));
    expect(server.sent('GET', '/api/v1/reports/monthly.xlsx')[0]!.query.get('month')).toBe(dayjs().format('YYYY-MM'));
  });

  it('switches to the published figures: "< 5" and "—" in the table, no charts, and the published forms to download', async () => {
    const kept = province.rows[1]!;
    const published: PublishedMonthlyReport = {
      ...province,
      published: true,
      rows: [
        {
          ...province.rows[0]!,
          paid: { people: 148, amountVnd: money(74_000_000), byChannel: { TK_NGAN_HANG: { people: null, amountVnd: null }, TIEN_MAT: { people: null, amountVnd: null } }, byProvider: {} },
          failed: { people: '< 5', amountVnd: null, byReason: { AC04: '< 5' } },
          carriedOver: { people: '< 5', amountVnd: null },
          cashlessPeople: null,
          cashlessShare: null,
        },
        kept,
      ],
    };
    const server = reportServer({ role: 'province', scope: 'province', permissions: ['reports.read'] }, {
      'GET /api/v1/reports/monthly/published': () => published,
      'GET /api/v1/reports/monthly/published.xlsx': () => ({}),
    });
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:form', revokeObjectURL: () => undefined }));
    await renderInApp(<MonthlyResults home={{ code: '51', name: 'Tỉnh Quảng Ngãi' }} />);
    await screen.findByTestId('chart-channels');
    const user = userSession();
    await user.click(screen.getByRole('switch', { name: 'Số liệu công bố (ẩn ô < 5)' }));
    await waitFor(() => expect(server.sent('GET', '/api/v1/reports/monthly/published')).toHaveLength(1));
    expect(await screen.findByTestId('monthly-published-help')).toBeTruthy();
    const table = screen.getByTestId('monthly-table');
    await waitFor(() => expect(text(within(table).getByText('Phường Kon Tum').closest('tr')!)).toMatch(/< 5/));
    const konTum = text(within(table).getByText('Phường Kon Tum').closest('tr')!);
    expect(konTum).toMatch(/—/);
    expect(konTum).toMatch(/74\.000\.000/);
    expect(screen.queryByTestId('chart-channels')).toBeNull();
    await user.click(screen.getByTestId('monthly-xlsx'));
    await waitFor(() => expect(server.sent('GET', '/api/v1/reports/monthly/published.xlsx')).toHaveLength(1));
    expect(server.sent('GET', '/api/v1/reports/monthly/published.xlsx')[0]!.query.get('unit')).toBe('51');
  });

  it('says so when nothing was paid in the month', async () => {
    reportServer({ permissions: ['reports.read'] }, { 'GET /api/v1/reports/monthly': () => emptyMonth });
    await renderInApp(<MonthlyResults home={{ code: '23293', name: 'Phường Kon Tum' }} />);
    expect(text(await screen.findByTestId('monthly-empty'))).toMatch(/Chưa có khoản nào được chi trả trong tháng .* ở Phường Kon Tum/);
    expect(screen.queryByTestId('monthly-table')).toBeNull();
  });
});

describe('submitting the monthly report', () => {
  it('a commune officer submits the report after confirming; the new version is announced', async () => {
    const server = reportServer(
      { permissions: ['reports.read', 'payroll.prepare'] },
      {
        'GET /api/v1/reports/submissions': () => ({ ...communes, unit: '23293', rows: [{ unit: '23293', name: 'Phường Kon Tum', status: 'NOT_SUBMITTED', late: false, submission: null }] }),
        'POST /api/v1/reports/submissions': () => ({ submission: { ...submission, version: 1 }, changed: true, superseded: null }),
      },
    );
    await renderInApp(<MonthlyResults home={{ code: '23293', name: 'Phường Kon Tum' }} />);
    const panel = await screen.findByTestId('submission-commune');
    expect(within(panel).getByText('Chưa nộp')).toBeTruthy();
    const user = userSession();
    const listed = server.sent('GET', '/api/v1/reports/submissions').length;
    await user.click(button(panel, 'Nộp báo cáo'));
    const dialog = await findDialog();
    expect(server.sent('POST', '/api/v1/reports/submissions')).toHaveLength(0);
    await user.click(button(dialog, 'Nộp báo cáo'));
    expect(await screen.findByText('Đã nộp báo cáo (phiên bản 1)')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/reports/submissions').map((request) => request.body)).toEqual([{ month: dayjs().format('YYYY-MM'), unit: '23293' }]);
    // The panel asks again: the list now shows the submission.
    await waitFor(() => expect(server.sent('GET', '/api/v1/reports/submissions').length).toBeGreaterThan(listed));
  });

  it('the province sees each commune’s status, the late one in red, returns a report with a reason and reminds the late; the server’s refusal shows', async () => {
    const server = reportServer(
      { role: 'province', scope: 'province', username: 'tinh.qn', permissions: ['reports.read', 'payroll.approve'] },
      { 'POST /api/v1/reports/submissions/:id/confirm': () => apiError(409, 'SUBMISSION_SAME_PERSON', 'Người xác nhận phải khác người nộp') },
    );
    server.on('POST /api/v1/reports/submissions/:id/return', () => ({ ...submission, status: 'RETURNED' }));
    server.on('POST /api/v1/reports/submissions/remind', () => ({ units: ['23302'], messages: 2 }));
    await renderInApp(<MonthlyResults home={{ code: '51', name: 'Tỉnh Quảng Ngãi' }} />);
    const list = await screen.findByTestId('submission-communes');
    await waitFor(() => expect(within(list).getByText('Xã Đăk Cấm')).toBeTruthy());
    expect(screen.getByText('1/2 đơn vị đã nộp, 0 đã xác nhận, 1 quá hạn chưa nộp, 0 nộp muộn')).toBeTruthy();
    expect(within(list).getByTestId('late-23302').textContent).toBe('Quá hạn');
    const konTum = within(list).getByText('Phường Kon Tum').closest('tr')!;

    const user = userSession();
    await user.click(button(konTum, 'Xác nhận báo cáo'));
    let dialog = await findDialog();
    await user.click(button(dialog, 'Xác nhận báo cáo'));
    expect((await screen.findByTestId('submission-error')).textContent).toMatch(/Người xác nhận phải khác người nộp/);
    await user.click(button(dialog, 'Huỷ'));

    await user.click(button(konTum, 'Trả lại để sửa'));
    dialog = await findDialog();
    await user.click(button(dialog, 'Trả lại để sửa'));
    expect(await within(dialog).findByText('Nhập lý do để đơn vị biết cần sửa gì')).toBeTruthy();
    await user.type(within(dialog).getByLabelText('Lý do trả lại'), 'Thiếu 2 người chuyển kỳ sau');
    await user.click(button(dialog, 'Trả lại để sửa'));
    expect(await screen.findByText('Đã trả lại báo cáo')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/reports/submissions/31/return').map((request) => request.body)).toEqual([{ reason: 'Thiếu 2 người chuyển kỳ sau' }]);

    await user.click(screen.getByText('Nhắc các đơn vị quá hạn (SMS)'));
    expect(await screen.findByText('Đã gửi 2 tin nhắn nhắc 1 đơn vị')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/reports/submissions/remind').map((request) => request.body)).toEqual([{ month: dayjs().format('YYYY-MM'), unit: '51' }]);
  });

  it('the submitter is not offered the confirmation of their own report; earlier versions stay readable', async () => {
    reportServer({ username: 'canbo.kontum', permissions: ['reports.read', 'payroll.prepare', 'payroll.approve'] });
    await renderInApp(<MonthlyResults home={{ code: '23293', name: 'Phường Kon Tum' }} />);
    const panel = await screen.findByTestId('submission-commune');
    expect(within(panel).getByText('Nộp lại (phiên bản mới)')).toBeTruthy();
    expect(within(panel).queryByText('Xác nhận báo cáo')).toBeNull();
    const versions = within(panel).getByTestId('submission-versions');
    await waitFor(() => expect(text(versions)).toMatch(/Phiên bản 2 .*\(hiện hành\).*Phiên bản 1/));
    const user = userSession();
    await user.click(within(versions).getByText(/Phiên bản 1/));
    const frozen = await screen.findByTestId('submission-frozen');
    await waitFor(() => expect(text(frozen)).toMatch(/Đã chi trả\s*0/));
  });

  it('a commune approver confirms a colleague’s report', async () => {
    const server = reportServer({ role: 'approver', username: 'lanhdao.kontum', permissions: ['reports.read', 'payroll.approve'] });
    server.on('POST /api/v1/reports/submissions/:id/confirm', () => ({ ...submission, status: 'CONFIRMED', confirmedBy: 'lanhdao.kontum' }));
    await renderInApp(<MonthlyResults home={{ code: '23293', name: 'Phường Kon Tum' }} />);
    const panel = await screen.findByTestId('submission-commune');
    expect(within(panel).queryByText('Trả lại để sửa')).toBeNull();
    const user = userSession();
    await user.click(button(panel, 'Xác nhận báo cáo'));
    const dialog = await findDialog();
    await user.type(within(dialog).getByLabelText('Ý kiến (không bắt buộc)'), 'Đã kiểm tra');
    await user.click(button(dialog, 'Xác nhận báo cáo'));
    expect(await screen.findByText('Đã xác nhận báo cáo')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/reports/submissions/31/confirm').map((request) => request.body)).toEqual([{ comment: 'Đã kiểm tra' }]);
  });
});
