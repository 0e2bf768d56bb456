// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Vnd } from '../../money';
import { button, fakeServer, findDialog, renderInApp, sessionRoutes, userSession } from '../../testing/harness';
import type { Cycle } from '../payroll/types';
import { BatchesCard } from './BatchesCard';
import type { Batch } from './types';

const cycle = {
  id: 12, month: '2026-12', monthsCount: 1, scopeLevel: 'commune', provinceCode: '51', communeCode: '23293', unitName: 'Phường Kon Tum', programme: null,
  status: 'DISBURSING', totalVnd: 2250000 as Vnd, lineCount: 3, generatedBy: 'canbo.kontum', generatedAt: '2026-11-20T02:00:00Z', submittedBy: 'canbo.kontum',
  submittedAt: null, approvedBy: 'duyet.kontum', approvedAt: null, fundedReference: 'KB-1', fundedDate: '2026-11-25', fundedAmountVnd: 2250000 as Vnd, lastComment: null, version: 4,
} as Cycle;

const batch: Batch = {
  id: 7, providerCode: '970405', providerName: 'Agribank', channelGroup: 'BANK', round: 1, messageId: 'C0000012-970405-BANK-1', itemCount: 3,
  controlSumVnd: 2250000 as Vnd, sentAt: null, progress: { pending: 3, sent: 0, acknowledged: 0, paid: 0, failed: 0, returned: 0, onHold: 0, final: 0 },
};

describe('the batches card', () => {
  it('hands a batch over only after the officer confirms', async () => {
    const server = fakeServer({
      ...sessionRoutes({ permissions: ['payroll.read', 'disbursement.send'] }),
      'POST /api/v1/disbursement/cycles/:id/batches/:batchId/hand-over': () => ({ batchId: 7, messageId: batch.messageId, providerCode: '970405', round: 1, items: 3, controlSumVnd: '2250000', handedOver: true, sentAt: '2026-12-02T03:00:00Z' }),
    });
    const onChanged = vi.fn();
    await renderInApp(<BatchesCard cycle={cycle} batches={[batch]} loading={false} onChanged={onChanged} />);
    const user = userSession();
    await user.click(screen.getByTestId(`hand-over-${batch.messageId}`));
    const dialog = await findDialog();
    expect(dialog.textContent).toContain('Agribank');
    expect(server.requests.filter((request) => request.method === 'POST')).toEqual([]);
    await user.click(button(dialog, 'Bàn giao'));
    await waitFor(() => expect(server.requests.filter((request) => request.method === 'POST').map((request) => request.path)).toEqual(['/api/v1/disbursement/cycles/12/batches/7/hand-over']));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(within(document.body).getByText(`Đã bàn giao lô ${batch.messageId}`)).toBeTruthy();
  });

  it('offers no hand-over of a batch handed over, nor to someone who does not send files', async () => {
    fakeServer(sessionRoutes({ permissions: ['payroll.read'] }));
    await renderInApp(<BatchesCard cycle={cycle} batches={[batch, { ...batch, id: 8, messageId: 'C0000012-VNPOST-CASH-1', sentAt: '2026-12-01T03:00:00Z' }]} loading={false} onChanged={() => undefined} />);
    expect(screen.queryAllByTestId(/^hand-over-/)).toEqual([]);
  });
});
