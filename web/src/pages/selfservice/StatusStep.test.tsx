// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, choose, fakeServer, renderInApp, sessionRoutes, userSession } from '../../testing/harness';
import SelfServicePage from './SelfServicePage';
import type { StatusAnswer } from './StatusStep';

const neutral = { ok: true, message: 'Nếu thông tin trùng khớp với hồ sơ, mã xác thực đã được gửi tới số điện thoại đã đăng ký.', messageEn: 'If the details match…' };
const answer: StatusAnswer = {
  ok: true,
  fromMonth: '2023-08',
  payments: [
    { month: '2024-07', cycleId: 3, amountVnd: 500000, channel: 'TIEN_MAT', channelName: 'Tiền mặt tại điểm chi trả', channelNameEn: 'Cash at a payment point', status: 'PAID', statusText: 'Đã chi trả', statusTextEn: 'Paid', paidAt: '2024-07-10', cashPlace: 'Điểm chi trả của VNPost — Phường Kon Tum' },
    { month: '2024-06', cycleId: 2, amountVnd: 500000, channel: 'TIEN_MAT', channelName: 'Tiền mặt tại điểm chi trả', channelNameEn: 'Cash at a payment point', status: 'FAILED', statusText: 'Chưa chi trả được — sẽ được chi lại hoặc chuyển kỳ sau', statusTextEn: 'Not paid', paidAt: null, cashPlace: 'Điểm chi trả của VNPost — Phường Kon Tum' },
  ],
  collectedFor: [{ name: 'N***** T** Bé', payments: [] }],
  token: '12.1721440000000.abc',
  tokenExpiresAt: '2024-07-20T03:30:00Z',
};

describe('public page: payment status (Tra cứu chi trả)', () => {
  it('asks for a status code, shows the months, and sends a complaint with the answer’s token', async () => {
    // The harness renders inside the app's session; the public page itself uses none of it.
    const server = fakeServer({
      ...sessionRoutes(),
      'POST /api/public/self-service/code': () => neutral,
      'POST /api/public/self-service/status': (request) => ((request.body as { code: string }).code === '123456' ? answer : apiError(400, 'CODE_INVALID', 'Thông tin hoặc mã xác thực không đúng, hoặc mã đã hết hạn')),
      'POST /api/public/self-service/complaint': () => ({ ok: true, complaintId: 41, dueDate: '2024-08-02', message: 'Khiếu nại, kiến nghị đã được ghi nhận (số 41); cán bộ sẽ trả lời trước ngày 02/08/2024.', messageEn: 'Recorded' }),
    });
    await renderInApp(<SelfServicePage initialMode="status" />);
    expect(await screen.findByText('Tra cứu chi trả trợ cấp')).toBeTruthy();
    const user = userSession();
    await user.type(screen.getByLabelText('Số định danh cá nhân'), '062150000041');
    await user.type(screen.getByLabelText('Ngày sinh (ngày/tháng/năm)'), '07071950');
    await user.click(screen.getByText('Gửi mã xác thực'));
    expect(server.sent('POST', '/api/public/self-service/code').map((request) => request.body)).toEqual([{ personalId: '062150000041', birthDate: '07/07/1950', purpose: 'status' }]);

    await user.type(await screen.findByLabelText('Mã xác thực (6 số)'), '000000');
    await user.click(screen.getByText('Xem tiền trợ cấp'));
    expect(await screen.findByText('Thông tin hoặc mã xác thực không đúng, hoặc mã đã hết hạn')).toBeTruthy();
    await user.clear(screen.getByLabelText('Mã xác thực (6 số)'));
    await user.type(screen.getByLabelText('Mã xác thực (6 số)'), '123456');
    await user.click(screen.getByText('Xem tiền trợ cấp'));

    const payments = (await screen.findAllByTestId('payments'))[0]!;
    expect(within(payments).getByText('Tháng 07/2024')).toBeTruthy();
    expect(within(payments).getAllByText(/^500\.000\s₫$/)).toHaveLength(2);
    expect(within(payments).getByText('Đã chi trả — 10/07/2024')).toBeTruthy();
    expect(within(payments).getAllByText('Nơi nhận: Điểm chi trả của VNPost — Phường Kon Tum')).toHaveLength(2);
    expect(screen.getByText('Khoản ông/bà nhận thay cho N***** T** Bé')).toBeTruthy();

    await user.click(screen.getByTestId('open-complaint'));
    await user.click(await screen.findByText('Chưa nhận được tiền'));
    await choose(user, document.body, 'Tháng chi trả liên quan (nếu có)', '06/2024');
    await user.type(screen.getByLabelText('Nội dung'), 'Tháng 6 tôi đi viện, chưa nhận');
    await user.click(screen.getByText('Gửi'));
    expect(await screen.findByTestId('complaint-filed')).toBeTruthy();
    expect(screen.getByText(/số 41/)).toBeTruthy();
    expect(server.sent('POST', '/api/public/self-service/complaint').map((request) => request.body)).toEqual([
      { personalId: '062150000041', birthDate: '07/07/1950', token: answer.token, kind: 'NOT_RECEIVED', cycleId: 2, text: 'Tháng 6 tôi đi viện, chưa nhận' },
    ]);
  });

  it('the account registration stays the default and asks for its code without a purpose', async () => {
    const server = fakeServer({ ...sessionRoutes(), 'POST /api/public/self-service/code': () => neutral });
    await renderInApp(<SelfServicePage />);
    expect(await screen.findByText('Đăng ký tài khoản nhận trợ cấp')).toBeTruthy();
    const user = userSession();
    await user.type(screen.getByLabelText('Số định danh cá nhân'), '062150000041');
    await user.type(screen.getByLabelText('Ngày sinh (ngày/tháng/năm)'), '07071950');
    await user.click(screen.getByText('Gửi mã xác thực'));
    await waitFor(() => expect(server.sent('POST', '/api/public/self-service/code')).toHaveLength(1));
    expect(server.sent('POST', '/api/public/self-service/code')[0]!.body).toEqual({ personalId: '062150000041', birthDate: '07/07/1950' });
  });
});
