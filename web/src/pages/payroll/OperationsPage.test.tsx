// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { button, fakeServer, findDialog, renderInApp, sessionRoutes, userSession } from '../../testing/harness';
import { OperationsPage, type OneOffBatch } from './OperationsPage';

const batch = (values: Partial<OneOffBatch>): OneOffBatch => ({
  id: 4,
  fileName: 'qua-tet-2026.csv',
  forMonth: '2026-01',
  reason: 'Quà Tết',
  rows: 3000,
  accepted: 2995,
  rejected: 5,
  totalVnd: 1_797_000_000,
  capVnd: 5_000_000,
  status: 'PENDING',
  madeBy: 'tinh.canbo',
  madeAt: '2025-12-10T03:00:00Z',
  decidedBy: null,
  decidedAt: null,
  decisionComment: null,
  ...values,
});

describe('the payroll operations page', () => {
  it('lists the one-off batches: a second person approves, the importer cannot, the error report is offered', async () => {
    const server = fakeServer({
      ...sessionRoutes({ role: 'province', username: 'tinh.duyet', scope: 'province', permissions: ['payroll.read', 'payroll.approve'] }),
      'GET /api/v1/one-off-batches': () => [batch({}), batch({ id: 5, madeBy: 'tinh.duyet', rejected: 0, fileName: 'lu-lut.xlsx' })],
      'POST /api/v1/one-off-batches/:id/approve': () => ({ ...batch({}), status: 'APPROVED', decidedBy: 'tinh.duyet', payments: 2995 }),
    });
    const user = userSession();
    await renderInApp(<OperationsPage />);
    await screen.findByText('qua-tet-2026.csv');
    expect(screen.getByText('Người nhập không tự duyệt')).toBeTruthy();
    expect(screen.getAllByText('Chờ duyệt')).toHaveLength(2);
    expect(screen.getByText('2.995 / 5')).toBeTruthy();
    expect(screen.getAllByText('Báo cáo lỗi')).toHaveLength(1);
    // no upload for a role that cannot prepare
    expect(screen.queryByText('Kiểm tra')).toBeNull();
    await user.click(button(document.body, 'Duyệt'));
    const dialog = await findDialog();
    await user.click(dialog.querySelector<HTMLButtonElement>('.ant-btn-primary')!);
    await waitFor(() => expect(server.sent('POST', '/api/v1/one-off-batches/4/approve')).toHaveLength(1));
    expect(await screen.findByText('Đã duyệt: 2.995 khoản sẽ được chi trong kỳ chi trả tháng 01/2026')).toBeTruthy();
  });

  it('checks a list before importing it and shows each rejected row as it was in the file', async () => {
    const server = fakeServer({
      ...sessionRoutes({ role: 'province', username: 'tinh.canbo', scope: 'province', permissions: ['payroll.read', 'payroll.prepare'] }),
      'GET /api/v1/one-off-batches': () => [],
      'GET /api/v1/payroll/deadlines/config/:code': () => ({ provinceCode: '51', listDueDay: 25, reportDueDay: 20, failurePolicy: 'CARRY_OVER', national: true }),
      'GET /api/v1/one-off-caps/:code': () => ({ provinceCode: '51', capVnd: 5_000_000, national: true }),
      'POST /api/v1/one-off-batches': (request) => ({
        batchId: request.query.get('dryRun') === 'true' ? null : 9,
        dryRun: request.query.get('dryRun') === 'true',
        fileName: 'tet.csv',
        forMonth: request.query.get('month'),
        rows: 2,
        accepted: 1,
        rejected: 1,
        totalVnd: 500_000,
        errors: [{ row: 3, field: 'so_dinh_danh', code: 'PERSON_NOT_FOUND', message: 'Không có đối tượng với số định danh này trong địa bàn', messageEn: 'No beneficiary', cells: { so_dinh_danh: '062199999999', ho_ten: 'Không Có Ai', so_tien: '500000' } }],
        errorsTruncated: false,
      }),
    });
    const user = userSession({ applyAccept: false });
    await renderInApp(<OperationsPage />);
    const input = await waitFor(() => {
      const found = document.querySelector<HTMLInputElement>('input[type="file"]');
      expect(found).not.toBeNull();
      return found!;
    });
    await user.upload(input, new File(['so_dinh_danh,ho_ten,so_tien\n'], 'tet.csv', { type: 'text/csv' }));
    await user.click(button(document.body, 'Kiểm tra'));
    expect(await screen.findByText('2 dòng: 1 hợp lệ, 1 bị loại. Tổng tiền 500.000 ₫.')).toBeTruthy();
    expect(screen.getByText('062199999999 | Không Có Ai | 500000')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/one-off-batches')[0]!.query.get('dryRun')).toBe('true');
    await user.click(button(document.body, 'Nhập danh sách (1 dòng hợp lệ)'));
    await waitFor(() => expect(server.sent('POST', '/api/v1/one-off-batches')).toHaveLength(2));
    expect(server.sent('POST', '/api/v1/one-off-batches')[1]!.query.get('dryRun')).toBe('false');
    expect(await screen.findByText('Đã nhập đợt #9, chờ người thứ hai duyệt')).toBeTruthy();
  });
});
