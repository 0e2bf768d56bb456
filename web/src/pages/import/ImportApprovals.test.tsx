// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, button, fakeServer, renderInApp, sessionRoutes, userSession, type Handler } from '../../testing/harness';
import type { ImportBatch, ImportChanges } from '../common/types';
import { ImportApprovals } from './ImportApprovals';

const batch: ImportBatch = {
  batchId: 7, approval: 'PENDING', accountChanges: 2, decided: 0, replaced: 0, decidedBy: null, decidedAt: null, reason: null,
  fileName: 'kon-tum.xlsx', importedBy: 'canbo.kontum', importedAt: '2025-07-01T02:00:00Z', rows: 40, accepted: 40,
};

const changes: ImportChanges = {
  batch,
  nextAfter: null,
  changes: [
    {
      id: 31, personalId: '062150000901', fullName: 'Lê Thị An', communeCode: '23293', category: 'BTXH_K6_NANG', status: 'PENDING',
      channel: 'TK_NGAN_HANG', providerCode: '970405', accountNumber: '5100200000901', accountHolder: 'LE THI AN',
      oldChannel: null, oldProviderCode: null, oldAccountNumber: null, oldAccountHolder: null,
    },
    {
      id: 32, personalId: '062150000902', fullName: 'Phạm Thị Bình', communeCode: '23293', category: 'BTXH_K6_NANG', status: 'PENDING',
      channel: 'TK_NGAN_HANG', providerCode: '970405', accountNumber: '5100200009999', accountHolder: 'PHAM THI BINH',
      oldChannel: 'TK_NGAN_HANG', oldProviderCode: '970405', oldAccountNumber: '5100200000902', oldAccountHolder: 'PHAM THI BINH',
    },
  ],
};

async function open(routes: Record<string, Handler> = {}, username = 'duyet.kontum') {
  const server = fakeServer({
    ...sessionRoutes({ role: 'approver', username, permissions: ['registry.read', 'accounts.approve'] }),
    'GET /api/v1/import-batches': (): ImportBatch[] => [batch],
    'GET /api/v1/import-batches/:id/changes': (): ImportChanges => changes,
    'POST /api/v1/import-batches/:id/approve': () => ({ ...batch, approval: 'APPROVED', decided: 2, replaced: 1, decidedBy: username, decidedAt: '2025-07-02T02:00:00Z' }),
    ...routes,
  });
  await renderInApp(<ImportApprovals />, { path: '/import' });
  const user = userSession();
  await user.click(await screen.findByText('kon-tum.xlsx'));
  await screen.findByTestId('import-changes');
  return { server, user };
}

describe('approval of an import’s accounts', () => {
  it('shows the account in use next to the file’s, then approves the whole file at once', async () => {
    const { server, user } = await open();
    await waitFor(() => expect(screen.getByTestId('import-changes').textContent).toContain('5100200009999'));
    const text = screen.getByTestId('import-changes').textContent ?? '';
    expect(text).toContain('Chưa có (tiền mặt)');
    expect(text).toContain('5100200000902');
    await user.click(screen.getByTestId('import-approve'));
    await user.click(button(document.body.querySelector('.ant-modal') as HTMLElement, 'Phê duyệt 2 tài khoản'));
    await waitFor(() => expect(server.sent('POST', '/api/v1/import-batches/7/approve')).toHaveLength(1));
  });

  it('offers no decision to the importer', async () => {
    await open({}, 'canbo.kontum');
    expect(screen.queryByTestId('import-approve')).toBeNull();
  });

  it('asks a reason to reject, and shows a refusal where it happened', async () => {
    const { server, user } = await open({ 'POST /api/v1/import-batches/:id/reject': () => apiError(403, 'APPROVER_NOT_INDEPENDENT', 'Bạn không được phê duyệt đề xuất của canbo.kontum') });
    await user.click(screen.getByTestId('import-reject'));
    const dialog = document.body.querySelector('.ant-modal') as HTMLElement;
    await user.click(button(dialog, 'Từ chối cả tệp'));
    expect(await screen.findByText('Cần ghi lý do')).toBeTruthy();
    await user.type(dialog.querySelector('textarea')!, 'Chưa có giấy xác nhận');
    await user.click(button(dialog, 'Từ chối cả tệp'));
    expect(await screen.findByText('Bạn không được phê duyệt đề xuất của canbo.kontum')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/import-batches/7/reject').map((request) => request.body)).toEqual([{ reason: 'Chưa có giấy xác nhận' }]);
  });
});
