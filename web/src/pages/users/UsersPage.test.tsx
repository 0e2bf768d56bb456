// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { AppLayout } from '../../components/AppLayout';
import { apiError, button, fakeServer, findDialog, renderInApp, sessionRoutes, userSession } from '../../testing/harness';
import type { UserView } from '../../types';
import LoginPage from '../LoginPage';
import UsersPage from '../UsersPage';
import type { UserChange } from './types';

const lan: UserView = { id: 11, username: 'canbo.kontum', fullName: 'Nguyễn Thị Lan', role: 'officer', unitCode: '23293', scopeLevel: 'commune', providerCode: null, status: 'active', locked: false, mustChangePassword: false };

const change = (values: Partial<UserChange>): UserChange => ({
  id: 1,
  kind: 'create',
  status: 'pending',
  userId: null,
  username: 'duyet.moi',
  role: 'approver',
  unitCode: '23293',
  providerCode: null,
  fullName: 'Lê Văn Mới',
  proposedBy: 'tinh.quangngai',
  proposedAt: '2025-07-01T02:00:00Z',
  decidedBy: null,
  decidedAt: null,
  decisionReason: null,
  mayApprove: true,
  ...values,
});

describe('users page: changes that wait for a second administrator', () => {
  it('lists the pending changes, approves one the viewer may approve and says who must approve the other', async () => {
    const server = fakeServer({
      ...sessionRoutes({ role: 'admin', username: 'admin', scope: 'national', permissions: ['users.read', 'users.manage'] }),
      'GET /api/v1/users': () => [lan],
      'GET /api/v1/users/changes': () => [change({}), change({ id: 2, kind: 'password_reset', username: 'duyet.kontum', role: null, proposedBy: 'admin', mayApprove: false })],
      'POST /api/v1/users/changes/:id/approve': () => change({ status: 'approved', decidedBy: 'admin' }),
    });
    const user = userSession();
    await renderInApp(<UsersPage />);
    const card = await screen.findByTestId('user-changes');
    await within(card).findByText('duyet.moi');
    expect(within(card).getByText('Tạo người dùng')).toBeTruthy();
    expect(within(card).getByText('Đặt lại mật khẩu')).toBeTruthy();
    // The viewer proposed the reset: they may only withdraw it.
    expect(within(card).getByText('Cần quản trị viên khác phê duyệt')).toBeTruthy();
    expect(button(card, 'Rút lại')).toBeTruthy();
    expect(server.sent('GET', '/api/v1/users/changes')[0]!.query.get('status')).toBe('pending');
    await user.click(within(card).getByTestId('approve-change-1'));
    const dialog = await findDialog();
    expect(within(dialog).getByText(/do tinh\.quangngai đề xuất/)).toBeTruthy();
    await user.click(button(dialog, 'Phê duyệt'));
    await waitFor(() => expect(server.sent('POST', '/api/v1/users/changes/1/approve')).toHaveLength(1));
    expect(await screen.findByText('Đã phê duyệt thay đổi tài khoản duyet.moi')).toBeTruthy();
  });

  it('proposes a password reset and says it waits for another administrator', async () => {
    const server = fakeServer({
      ...sessionRoutes({ role: 'province', username: 'tinh.quangngai', scope: 'province', permissions: ['users.read', 'users.manage'] }),
      'GET /api/v1/users': () => [lan],
      'GET /api/v1/users/changes': () => [],
      'POST /api/v1/users/:id/reset-password': () => ({ status: 'pending', request: change({ kind: 'password_reset', username: 'canbo.kontum', userId: 11 }) }),
    });
    const user = userSession();
    await renderInApp(<UsersPage />);
    await user.click(await screen.findByTestId('reset-password-canbo.kontum'));
    const dialog = await findDialog();
    await user.click(within(dialog).getByLabelText('Mật khẩu tạm'));
    await user.paste('Tam-thoi-2025-x');
    await user.click(button(dialog, 'Đề xuất'));
    await waitFor(() => expect(server.sent('POST', '/api/v1/users/11/reset-password')).toHaveLength(1));
    expect(server.sent('POST', '/api/v1/users/11/reset-password')[0]!.body).toEqual({ newPassword: 'Tam-thoi-2025-x' });
    expect(await screen.findByText('Đã gửi đề xuất Đặt lại mật khẩu cho canbo.kontum: cần một quản trị viên khác phê duyệt')).toBeTruthy();
  });
});

describe('login and a password that must change', () => {
  it('shows nothing but the password dialog while the password must change (the API refuses everything else)', async () => {
    const session = sessionRoutes({ username: 'duyet.kontum', role: 'approver' });
    const server = fakeServer({
      ...session,
      'GET /api/v1/auth/me': () => ({ user: { ...lan, username: 'duyet.kontum', role: 'approver', mustChangePassword: true }, permissions: ['payroll.read'] }),
    });
    await renderInApp(
      <Routes>
        <Route element={<AppLayout />}>
          <Route path="*" element={<p>trang tổng quan</p>} />
        </Route>
      </Routes>,
    );
    const dialog = await findDialog();
    expect(within(dialog).getByText(/Hãy đặt mật khẩu mới trước khi tiếp tục/)).toBeTruthy();
    expect(screen.queryByText('trang tổng quan')).toBeNull();
    // No request of a page went out behind the dialog (the guard's names of the user's own units
    // are refused too and it falls back to the codes).
    const others = server.requests.filter((request) => !request.path.startsWith('/api/v1/auth/') && !request.path.startsWith('/api/v1/units/'));
    expect(others.map((request) => request.path)).toEqual([]);
  });

  it('tells how long to wait after repeated failures from this address, and never how many attempts are left', async () => {
    const server = fakeServer({
      'GET /api/v1/auth/me': () => apiError(401, 'UNAUTHENTICATED', 'Bạn cần đăng nhập'),
      'POST /api/v1/auth/login': () =>
        apiError(429, 'AUTH_THROTTLED', 'Đăng nhập sai nhiều lần từ địa chỉ này; hãy đợi 8 giây rồi thử lại', { retryAfterSeconds: 8 }),
    });
    const user = userSession();
    const { render } = await import('@testing-library/react');
    const { MemoryRouter } = await import('react-router-dom');
    const { App: AntApp } = await import('antd');
    const { LanguageProvider } = await import('../../language');
    const { AuthProvider } = await import('../../auth');
    render(
      <LanguageProvider initial="vi">
        <AntApp>
          <MemoryRouter initialEntries={['/login']}>
            <AuthProvider>
              <LoginPage />
            </AuthProvider>
          </MemoryRouter>
        </AntApp>
      </LanguageProvider>,
    );
    await user.type(await screen.findByLabelText('Tên đăng nhập'), 'canbo.kontum');
    await user.type(screen.getByLabelText('Mật khẩu'), 'Sai-mat-khau-1');
    await user.click(button(document.body, 'Đăng nhập'));
    expect(await screen.findByText('Hãy đợi 8 giây rồi thử lại.')).toBeTruthy();
    expect(server.sent('POST', '/api/v1/auth/login')).toHaveLength(1);
  });
});
