// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Vnd } from '../../money';
import { button, fakeServer, findDialog, renderInApp, sessionRoutes, userSession } from '../../testing/harness';
import type { Cycle } from '../payroll/types';
import { CashConfirmation } from './CashConfirmation';
import type { CashCorrection } from './types';

const cycle = {
  id: 12, month: '2026-12', monthsCount: 1, scopeLevel: 'commune', provinceCode: '51', communeCode: '23293', unitName: 'Phường Kon Tum', programme: null,
  status: 'DISBURSING', totalVnd: 2250000 as Vnd, lineCount: 3, generatedBy: 'canbo.kontum', generatedAt: '2026-11-20T02:00:00Z', submittedBy: 'canbo.kontum',
  submittedAt: null, approvedBy: 'duyet.kontum', approvedAt: null, fundedReference: 'KB-1', fundedDate: '2026-11-25', fundedAmountVnd: 2250000 as Vnd, lastComment: null, version: 4,
} as Cycle;

const item = (id: number, name: string, channel: string, outcome: string, extra: Record<string, unknown> = {}) => ({
  id, endToEndId: `SA00000120000000${id}`, batchRound: 1, personalId: '0620********', fullName: name, communeCode: '23293', channel, providerCode: 'VNPOST',
  amountVnd: 750000, representativeName: null, transmission: 'ACKNOWLEDGED', outcome, reasonCode: null, reasonText: null, isFinal: outcome !== 'NONE',
  paidTo: null, receiptNumber: null, followUp: null, ...extra,
});

const notFound = item(11, 'Võ Thị Em', 'TIEN_MAT', 'FAILED', { reasonCode: 'UNCLAIMED' });
const open = item(12, 'Bùi Thị Mai', 'TIEN_MAT', 'NONE', { transmission: 'SENT' });
const atHome = item(13, 'Đỗ Thị Nga', 'TAI_NHA', 'PAID', { paidTo: 'SELF', receiptNumber: 'BN-1' });

const pending = (id: number, proposedBy: string, name = 'Trần Văn Bình'): CashCorrection => ({
  id, cycleId: 12, endToEndId: `SA0000012000000${20 + id}`, fullName: name, communeCode: '23293', providerCode: 'VNPOST', channel: 'TIEN_MAT',
  amountVnd: 500000 as Vnd, fromOutcome: 'FAILED', fromReasonCode: 'UNCLAIMED', toResult: 'PAID_SELF', toOutcome: 'PAID', toReasonCode: null, paidOn: '2026-12-06',
  receiptNumber: 'BN-0107', reason: 'Gặp người hưởng ngày hôm sau', status: 'PENDING', proposedBy, proposedAt: '2026-12-06T03:00:00Z', decidedBy: null, decidedAt: null, decisionNote: null,
});

function server(corrections: CashCorrection[] = []) {
  return fakeServer({
    ...sessionRoutes({ role: 'provider', username: 'buudien.quangngai', permissions: ['payroll.read', 'disbursement.confirmCash', 'reconciliation.ingest'], scope: 'province' }),
    // the cash payments of the cycle, by channel (a follow-up of a failed transfer is one of them)
    'GET /api/v1/disbursement/cycles/:id/items': (request) => (request.query.get('channel') === 'TAI_NHA' ? [atHome] : [notFound, open]),
    'GET /api/v1/disbursement/cycles/:id/cash-corrections': () => corrections,
    'GET /api/v1/cash/points': () => [{ id: 3, name: 'Nhà văn hoá thôn 3', communeName: 'Phường Kon Tum', active: true, dates: ['2026-12-05'], hours: null }],
    'GET /api/v1/cash/rounds': () => [{ id: 8, communeCode: '23293', date: '2026-12-08', hours: null, villages: null }],
  });
}

describe('the agent’s cash confirmation', () => {
  it('lists the cash payments from the cycle’s payments, with the receipt number under the result in the same cell', async () => {
    const api = server();
    await renderInApp(<CashConfirmation cycle={cycle} providerCode="VNPOST" onSent={() => undefined} />);
    const user = userSession();
    await screen.findByText('Bùi Thị Mai');
    expect(api.sent('GET', '/api/v1/disbursement/cycles/12/items').map((request) => [request.query.get('channel'), request.query.get('provider')])).toEqual([['TIEN_MAT', 'VNPOST'], ['TAI_NHA', 'VNPOST']]);
    await user.click(within(screen.getByTestId(`cash-result-${open.endToEndId}`)).getByText('Người hưởng'));
    const receipt = await screen.findByLabelText('Số biên nhận');
    // the same cell as the result: no column of its own to scroll to
    expect(receipt.closest('td')).toBe(screen.getByTestId(`cash-result-${open.endToEndId}`).closest('td'));
    expect(screen.queryAllByRole('columnheader').map((header) => header.textContent)).not.toContain('Ngày chi, số biên nhận');
  });

  it('proposes the correction of a confirmed result: the person found the next day', async () => {
    const api = server();
    api.on('POST /api/v1/disbursement/cycles/:id/cash-corrections', (request) => ({ ...pending(5, 'buudien.quangngai', notFound.fullName), ...(request.body as object), created: true }));
    const onSent = vi.fn();
    await renderInApp(<CashConfirmation cycle={cycle} providerCode="VNPOST" onSent={onSent} />);
    const user = userSession();
    await user.click(await screen.findByText('Đã có kết quả'));
    await user.click(await screen.findByTestId(`correct-${notFound.endToEndId}`));
    const dialog = await findDialog();
    expect(dialog.textContent).toContain('Không gặp người hưởng');
    // a failure may become a payment only
    expect(within(dialog).queryByText('Từ chối nhận')).toBeNull();
    await user.click(within(dialog).getByText('Đã chi cho người hưởng'));
    await user.type(await within(dialog).findByLabelText('Số biên nhận'), 'BN-0107');
    await user.type(within(dialog).getByLabelText('Lý do sửa'), 'Gặp người hưởng ngày hôm sau');
    await user.click(button(dialog, 'Gửi đề nghị sửa'));
    await waitFor(() => expect(api.sent('POST', '/api/v1/disbursement/cycles/12/cash-corrections')).toHaveLength(1));
    expect(api.sent('POST', '/api/v1/disbursement/cycles/12/cash-corrections')[0]!.body).toEqual({
      endToEndId: notFound.endToEndId, result: 'PAID_SELF', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), receiptNumber: 'BN-0107', reason: 'Gặp người hưởng ngày hôm sau',
    });
    expect(await screen.findByText(/Đã gửi đề nghị sửa số 5: chờ một nhân viên khác xác nhận/)).toBeTruthy();
  });

  it('lets a second agent confirm a waiting correction, and the proposer only withdraw theirs', async () => {
    const api = server([pending(1, 'buudien.quangngai'), pending(2, 'buudien2', 'Lê Văn Cường')]);
    api.on('POST /api/v1/disbursement/cycles/:id/cash-corrections/:correctionId/confirm', () => ({ ...pending(2, 'buudien2'), status: 'CONFIRMED', changed: true, notices: 1 }));
    const onSent = vi.fn();
    await renderInApp(<CashConfirmation cycle={cycle} providerCode="VNPOST" onSent={onSent} />);
    const user = userSession();
    const list = await screen.findByTestId('pending-corrections');
    expect(list.textContent).toContain('Đề nghị sửa kết quả chờ xác nhận (2)');
    expect((screen.getByTestId('correction-confirm-1') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('correction-reject-1').textContent).toContain('Rút lại');
    expect((screen.getByTestId('correction-confirm-2') as HTMLButtonElement).disabled).toBe(false);
    await user.click(screen.getByTestId('correction-confirm-2'));
    const dialog = await findDialog();
    expect(dialog.textContent).toContain('Lê Văn Cường');
    await user.click(button(dialog, 'Xác nhận'));
    await waitFor(() => expect(api.sent('POST', '/api/v1/disbursement/cycles/12/cash-corrections/2/confirm')).toHaveLength(1));
    await waitFor(() => expect(onSent).toHaveBeenCalled());
    expect(api.sent('POST', '/api/v1/disbursement/cycles/12/cash-corrections/1/confirm')).toEqual([]);
  });

  it('downloads the agent’s cash list of a payment point or a home-delivery round from the same card', async () => {
    const api = server();
    api.on('GET /api/v1/cash/list.xlsx', () => ({}));
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:list', revokeObjectURL: () => undefined }));
    await renderInApp(<CashConfirmation cycle={cycle} providerCode="VNPOST" onSent={() => undefined} />);
    const user = userSession();
    const lists = await screen.findByTestId('cash-lists');
    await waitFor(() => expect(lists.textContent).toContain('(2)'));
    expect(api.sent('GET', '/api/v1/cash/points')[0]!.query.get('cycle')).toBe('12');
    await user.click(lists);
    await user.click(await screen.findByText(/Chi tại nhà ngày 08\/12\/2026/));
    await waitFor(() => expect(api.sent('GET', '/api/v1/cash/list.xlsx')).toHaveLength(1));
    expect(Object.fromEntries(api.sent('GET', '/api/v1/cash/list.xlsx')[0]!.query)).toEqual({ cycle: '12', round: '8' });
  });
});
