// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, button, fakeServer, renderInApp, sessionRoutes, userSession, type Handler } from '../../testing/harness';
import type { ImportReport, ImportResponse, RowIssue } from '../common/types';
import { ImportWizard } from './ImportWizard';

const uploadId = '0b9c8a52-8f0e-4a59-9d2e-3a1f7d2c6e10';

function issue(row: number, code: string, field: string, message: string): RowIssue {
  return { row, code, field, message, messageEn: message };
}

function reportOf(changes: Partial<ImportReport> = {}): ImportReport {
  return {
    file: 'danh-sach.csv',
    fileSha256: 'ab',
    dryRun: true,
    batchId: null,
    rows: 3,
    accepted: 2,
    rejected: 1,
    changes: null,
    accountChanges: null,
    approval: null,
    errors: [issue(3, 'ID_FORMAT', 'so_dinh_danh', 'Số định danh phải có 12 chữ số')],
    warnings: [issue(2, 'ARREARS_LARGE', 'thang_bat_dau', 'Truy lĩnh 14 tháng')],
    countsByCode: { ID_FORMAT: 1, ARREARS_LARGE: 1 },
    truncated: false,
    ...changes,
  };
}

const imported: ImportReport = reportOf({
  dryRun: false,
  batchId: 9,
  changes: { personsCreated: 2, personsUpdated: 0, enrolmentsCreated: 2, enrolmentsUpdated: 0, representativesChanged: 0, instrumentsCreated: 1, proposals: 1, unchangedRows: 0 },
  accountChanges: 1,
  approval: 'PENDING',
});

async function openWizard(routes: Record<string, Handler> = {}) {
  const server = fakeServer({
    ...sessionRoutes({ permissions: ['registry.read', 'registry.import', 'registry.write'] }),
    'POST /api/v1/imports': (): ImportResponse => ({ uploadId, report: reportOf() }),
    [`POST /api/v1/imports/:id/confirm`]: (): ImportResponse => ({ uploadId, report: imported }),
    ...routes,
  });
  const view = await renderInApp(<ImportWizard />, { path: '/import' });
  const input = view.container.ownerDocument.querySelector<HTMLInputElement>('input[type=file]')!;
  return { server, input, user: userSession() };
}

const csv = (name: string) => new File(['ho_ten,so_dinh_danh\n'], name, { type: 'text/csv' });
const counts = () => screen.getByTestId('import-counts').textContent?.replace(/\s+/g, ' ');

describe('import wizard', () => {
  it('refuses a file that is neither CSV nor XLSX without uploading it', async () => {
    const { server, input } = await openWizard();
    // As a browser's "all files" choice would: the input's `accept` is only a hint, the wizard checks the name.
    const user = userSession({ applyAccept: false });
    await user.upload(input, new File(['x'], 'danh-sach.pdf', { type: 'application/pdf' }));
    expect(await screen.findByText('Chỉ nhận tệp .xlsx hoặc .csv')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/imports')).toEqual([]);
  });

  it('uploads the file as a dry run and shows what the check found, row by row', async () => {
    const { server, input, user } = await openWizard();
    await user.upload(input, csv('danh-sach.csv'));
    await screen.findByTestId('import-counts');
    expect(server.sent('POST', '/api/v1/imports').map((request) => request.body)).toEqual([{ file: 'danh-sach.csv' }]);
    expect(counts()).toContain('Số dòng3');
    expect(counts()).toContain('Hợp lệ2');
    expect(counts()).toContain('Có lỗi (không nhập)1');
    expect(screen.getByText(/1 dòng có lỗi sẽ không được nhập/)).toBeTruthy();
    const rows = [...screen.getByTestId('import-issues').querySelectorAll('.ant-table-row')].map((row) => row.querySelector('td')?.textContent);
    expect(rows).toEqual(['2', '3']);
    expect(button(document.body, 'Tiếp tục').disabled).toBe(false);
  });

  it('filters the issues to the errors', async () => {
    const { input, user } = await openWizard();
    await user.upload(input, csv('danh-sach.csv'));
    await screen.findByTestId('import-issues');
    const errorsOnly = [...document.querySelectorAll<HTMLElement>('.ant-segmented-item')].find((item) => item.textContent === 'Lỗi');
    await user.click(errorsOnly!);
    await waitFor(() => expect(screen.getByTestId('import-issues').querySelectorAll('.ant-table-row')).toHaveLength(1));
    expect(screen.getByTestId('import-issues').querySelector('.ant-table-row td')?.textContent).toBe('3');
  });

  it('cannot continue when no row is valid, and says why a file without the template’s columns fails', async () => {
    const { input, user } = await openWizard({
      'POST /api/v1/imports': (): ImportResponse => ({
        uploadId,
        report: reportOf({ rows: 2, accepted: 0, rejected: 2, warnings: [], errors: [issue(1, 'COLUMN_MISSING', 'ho_ten', 'Thiếu cột ho_ten')], countsByCode: { COLUMN_MISSING: 1 } }),
      }),
    });
    await user.upload(input, csv('sai-mau.csv'));
    expect(await screen.findByText(/Tệp không đúng mẫu/)).toBeTruthy();
    expect(button(document.body, 'Tiếp tục').disabled).toBe(true);
  });

  it('shows the server’s message when the upload is refused, and stays on the first step', async () => {
    const { input, user } = await openWizard({ 'POST /api/v1/imports': () => apiError(413, 'FILE_TOO_LARGE', 'Tệp quá lớn (tối đa 200 MB)') });
    await user.upload(input, csv('lon.csv'));
    expect(await screen.findByText('Tệp quá lớn (tối đa 200 MB)')).toBeTruthy();
    expect(screen.queryByTestId('import-counts')).toBeNull();
  });

  it('imports only after the confirmation, then shows what changed', async () => {
    const { server, input, user } = await openWizard();
    await user.upload(input, csv('danh-sach.csv'));
    await screen.findByTestId('import-counts');
    await user.click(button(document.body, 'Tiếp tục'));
    expect(await screen.findByText('Xác nhận nhập danh sách')).toBeTruthy();
    expect(server.sent('POST', `/api/v1/imports/${uploadId}/confirm`)).toEqual([]);
    await user.click(button(document.body, 'Nhập 2 dòng hợp lệ'));
    await screen.findByTestId('import-result');
    expect(server.sent('POST', `/api/v1/imports/${uploadId}/confirm`)).toHaveLength(1);
    expect(screen.getByTestId('result-personsCreated').textContent).toContain('2');
    expect(screen.getByText('Đã nhập xong tệp danh-sach.csv')).toBeTruthy();
    // the file's account waits for another person's approval of the whole file
    expect(screen.getByTestId('import-approval-pending').textContent).toContain('Tệp #9 tạo mới hoặc thay đổi 1 tài khoản');
    await user.click(button(document.body, 'Xem danh sách đối tượng'));
    expect(screen.getByTestId('location').textContent).toBe('/registry');
  });

  it('keeps the confirmation step and its message when the import fails', async () => {
    const { input, user } = await openWizard({ 'POST /api/v1/imports/:id/confirm': () => apiError(409, 'IMPORT_EXPIRED', 'Tệp đã hết hạn, hãy tải lên lại') });
    await user.upload(input, csv('danh-sach.csv'));
    await screen.findByTestId('import-counts');
    await user.click(button(document.body, 'Tiếp tục'));
    await user.click(await waitFor(() => button(document.body, 'Nhập 2 dòng hợp lệ')));
    expect(await screen.findByText('Tệp đã hết hạn, hãy tải lên lại')).toBeTruthy();
    expect(screen.queryByTestId('import-result')).toBeNull();
    expect(button(document.body, 'Nhập 2 dòng hợp lệ').disabled).toBe(false);
  });
});
