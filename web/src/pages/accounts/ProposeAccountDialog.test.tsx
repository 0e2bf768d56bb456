// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { apiError, button, choose, fakeServer, findDialog, renderInApp, sessionRoutes, userSession, type Handler } from '../../testing/harness';
import type { Provider } from '../common/types';
import { ProposeAccountDialog, type ProposalPerson } from './ProposeAccountDialog';

const providers: Provider[] = [
  { code: '970405', kind: 'BANK', shortName: 'Agribank', name: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam', channels: ['TK_NGAN_HANG'] },
  { code: '971005', kind: 'WALLET', shortName: 'Viettel Money', name: 'Viettel Money', channels: ['VI_DIEN_TU', 'MOBILE_MONEY'] },
  { code: 'VNPOST', kind: 'POSTAL', shortName: 'VNPost', name: 'Tổng công ty Bưu điện Việt Nam', channels: ['TIEN_MAT', 'TAI_NHA'] },
];

const an: ProposalPerson = { personalId: '062180001234', fullName: 'Nguyễn Văn An', categories: ['BTXH_K5C'] };

async function open({ person, routes = {} }: { person?: ProposalPerson; routes?: Record<string, Handler> } = {}) {
  const server = fakeServer({
    ...sessionRoutes({ permissions: ['registry.read', 'accounts.propose'] }),
    'GET /api/v1/providers': () => providers,
    'POST /api/v1/accounts/proposals': () => ({ proposalId: 41, proposalIds: [41] }),
    ...routes,
  });
  const onDone = vi.fn();
  await renderInApp(<ProposeAccountDialog person={person} onClose={vi.fn()} onDone={onDone} />);
  const dialog = await findDialog();
  await waitFor(() => expect(server.sent('GET', '/api/v1/providers')).toHaveLength(1));
  return { server, onDone, dialog, user: userSession() };
}

const proposals = (server: { sent(method: string, path: string): { body: unknown }[] }) => server.sent('POST', '/api/v1/accounts/proposals').map((request) => request.body);

describe('account proposal dialog', () => {
  it('sends a bank account for the person it was opened for, trimmed', async () => {
    const { server, onDone, dialog, user } = await open({ person: an });
    expect(within(dialog).queryByLabelText('Số định danh của người hưởng')).toBeNull();
    expect(within(dialog).getByLabelText<HTMLInputElement>('Tên chủ tài khoản').value).toBe('Nguyễn Văn An');
    await choose(user, dialog, 'Ngân hàng, ví hoặc tổ chức chi trả', 'Agribank (970405)');
    await user.click(within(dialog).getByLabelText('Số tài khoản ngân hàng'));
    await user.paste(' 5100201000011 ');
    await user.click(button(dialog, 'Gửi đề xuất'));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(proposals(server)).toEqual([{ personalId: '062180001234', channel: 'TK_NGAN_HANG', providerCode: '970405', accountNumber: '5100201000011', accountHolder: 'Nguyễn Văn An' }]);
    expect(await screen.findByText('Đã gửi đề xuất #41, chờ người phê duyệt')).toBeTruthy();
  });

  it('says what is missing and sends nothing', async () => {
    const { server, onDone, dialog, user } = await open();
    await user.click(button(dialog, 'Gửi đề xuất'));
    expect(await within(dialog).findByText('Nhập đủ 12 chữ số')).toBeTruthy();
    expect(within(dialog).getByText('Hãy chọn tổ chức')).toBeTruthy();
    expect(within(dialog).getByText('Hãy nhập số tài khoản')).toBeTruthy();
    expect(within(dialog).getByText('Hãy nhập tên chủ tài khoản')).toBeTruthy();
    expect(proposals(server)).toEqual([]);
    expect(onDone).not.toHaveBeenCalled();
  });

  it('looks the typed ID up and shows who it is before proposing', async () => {
    const { server, dialog, user } = await open({
      routes: {
        'GET /api/v1/beneficiaries/:id': (_request, { id }) => ({
          person: { personalId: id, fullName: 'Trần Thị Bình', communeName: 'Phường Kon Tum', communeCode: '23293' },
          enrolments: [{ category: 'BTXH_K6_NANG', status: 'DANG_HUONG' }, { category: 'HTXH_75', status: 'DANG_HUONG' }],
        }),
      },
    });
    await user.click(within(dialog).getByLabelText('Số định danh của người hưởng'));
    await user.paste('06218000');
    expect(server.requests.filter((request) => request.path.startsWith('/api/v1/beneficiaries/'))).toEqual([]);
    await user.paste('5678');
    expect(await within(dialog).findByText('Trần Thị Bình — Phường Kon Tum')).toBeTruthy();
    expect(server.sent('GET', '/api/v1/beneficiaries/062180005678')).toHaveLength(1);
    // Two benefits: the officer may propose for one of them or for both.
    expect(await within(dialog).findByLabelText('Cho chế độ')).toBeTruthy();
  });

  it('switching to cash drops the account fields and picks the post office', async () => {
    const { server, onDone, dialog, user } = await open({ person: an });
    await user.click(within(dialog).getByText('Tiền mặt tại điểm chi trả'));
    await waitFor(() => expect(within(dialog).queryByLabelText('Số tài khoản ngân hàng')).toBeNull());
    expect(within(dialog).queryByLabelText('Tên chủ tài khoản')).toBeNull();
    await user.click(button(dialog, 'Gửi đề xuất'));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(proposals(server)).toEqual([{ personalId: '062180001234', channel: 'TIEN_MAT', providerCode: 'VNPOST' }]);
  });

  it('asks for the wallet’s phone number for an e-wallet, and offers only wallet providers', async () => {
    const { dialog, user } = await open({ person: an });
    await user.click(within(dialog).getByText('Ví điện tử'));
    expect(await within(dialog).findByLabelText('Số điện thoại của ví')).toBeTruthy();
    await user.click(within(dialog).getByLabelText('Ngân hàng, ví hoặc tổ chức chi trả'));
    const options = await waitFor(() => {
      const found = [...document.querySelectorAll('.ant-select-item-option')].map((element) => element.textContent);
      expect(found.length).toBeGreaterThan(0);
      return found;
    });
    expect(options).toEqual(['Viettel Money (971005)']);
  });

  it('puts a refusal that names a field under that field and stays open', async () => {
    const refusal = 'Số tài khoản phải có 6–19 chữ số';
    const { onDone, dialog, user } = await open({
      person: an,
      routes: { 'POST /api/v1/accounts/proposals': () => apiError(400, 'ACCOUNT_FORMAT', refusal, { field: 'account' }) },
    });
    await choose(user, dialog, 'Ngân hàng, ví hoặc tổ chức chi trả', 'Agribank (970405)');
    await user.click(within(dialog).getByLabelText('Số tài khoản ngân hàng'));
    await user.paste('123');
    await user.click(button(dialog, 'Gửi đề xuất'));
    const message = await within(dialog).findByText(refusal);
    expect(message.closest('.ant-form-item')?.textContent).toContain('Số tài khoản ngân hàng');
    expect(onDone).not.toHaveBeenCalled();
  });

  it('says so under the ID when the person is not in the officer’s area', async () => {
    const { server, onDone, dialog, user } = await open({
      routes: {
        'GET /api/v1/beneficiaries/:id': () => apiError(404, 'NOT_FOUND', 'Không tìm thấy', { entity: 'beneficiary' }),
        'POST /api/v1/accounts/proposals': () => apiError(404, 'NOT_FOUND', 'Không tìm thấy', { entity: 'beneficiary' }),
      },
    });
    await user.click(within(dialog).getByLabelText('Số định danh của người hưởng'));
    await user.paste('062180009999');
    await user.click(within(dialog).getByText('Tiền mặt tại điểm chi trả'));
    // As a person would: the account fields are gone before the next click.
    await waitFor(() => expect(within(dialog).queryByLabelText('Tên chủ tài khoản')).toBeNull());
    await user.click(button(dialog, 'Gửi đề xuất'));
    await waitFor(() => expect(server.sent('POST', '/api/v1/accounts/proposals')).toHaveLength(1));
    expect(await within(dialog).findByText('Không tìm thấy đối tượng này trong địa bàn của bạn')).toBeTruthy();
    expect(onDone).not.toHaveBeenCalled();
  });
});
