// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, button, choose, fakeServer, findDialog, renderInApp, sessionRoutes, userSession } from '../../testing/harness';
import ProvidersPage from '../ProvidersPage';
import type { EndpointView, FileTemplate, ProviderProfile, TemplatePreview, TemplateView } from './types';

const walletEndpoint: EndpointView = {
  providerCode: '971005', kind: 'G2P', baseUrl: 'https://wallet.example.vn/g2p', hasSecret: true, secretFingerprint: 'a1b2c3d4e5f6', hasBearerToken: true,
  bearerTokenFingerprint: '0f0f0f0f0f0f', signingPublicKey: null, providerPublicKey: null, statusMode: 'SYNC', callbackBaseUrl: null, defaultCallbackBaseUrl: 'https://pay.example.gov.vn', updatedBy: 'quantri',
};
const profiles: ProviderProfile[] = [
  { providerCode: '970405', providerKind: 'BANK', shortName: 'Agribank', name: 'Agribank', endpoint: null, callbackUrl: null, template: { source: 'shipped', name: 'Tệp chi hộ chuẩn', version: 0 } },
  {
    providerCode: '971005', providerKind: 'MOBILE_MONEY', shortName: 'Viettel Money', name: 'Viettel Money', endpoint: walletEndpoint,
    callbackUrl: 'https://pay.example.gov.vn/api/v1/callbacks/g2p/971005', template: { source: 'provider', name: 'Viettel', version: 2 },
  },
];
const template: FileTemplate = {
  name: 'Viettel', format: 'csv', encoding: 'utf-8-bom', delimiter: ';', header: true, text: 'utf8', totalRow: false, sheetName: 'ChiHo',
  columns: [{ header: 'Mã', field: 'endToEndId' }, { header: 'Số tiền', field: 'amountVnd', format: 'plain' }, { header: 'SĐT', field: 'phone' }],
};
const templateView: TemplateView = { providerCode: '971005', source: 'provider', name: 'Viettel', version: 2, template, createdBy: 'quantri', createdAt: '2024-07-01T00:00:00Z' };

function previewOf(body: { template: FileTemplate }): TemplatePreview {
  const headers = body.template.columns.map((column) => column.header);
  const sample: Record<string, string> = { 'Mã': 'SA2507MAU000001', 'Số tiền': '500000', 'SĐT': '0900000001' };
  return { providerCode: '971005', name: body.template.name, version: null, format: 'csv', header: headers, rows: [headers.map((header) => sample[header] ?? '')], total: null, csv: null };
}

const admin = sessionRoutes({ role: 'admin', username: 'quantri', scope: 'national', permissions: ['settings.manage'] });

describe('payment providers’ profiles in the web app', () => {
  it('lists the profiles and saves a connection: credentials write-only, the new public key shown', async () => {
    const server = fakeServer({
      ...admin,
      'GET /api/v1/provider-profiles': () => ({ providers: profiles }),
      'GET /api/v1/fee-schedules': () => [{ id: 1, providerCode: '971005' }, { id: 2, providerCode: '971005' }],
      'PUT /api/v1/providers/:code/endpoint': (request) =>
        (request.body as { bearerToken?: string }).bearerToken === 'short' ? apiError(400, 'ENDPOINT_TOKEN_INVALID', 'Token phải dài 16–4096 ký tự') : { ...walletEndpoint, statusMode: 'ASYNC', signingPublicKey: 'MCowBQYDK2VwAyEAPUBLICKEYBASE64=' },
    });
    await renderInApp(<ProvidersPage />);
    const table = await screen.findByTestId('provider-profiles');
    await waitFor(() => expect(within(table).getByText('Viettel Money (971005)')).toBeTruthy());
    expect(within(table).getByText('Khoá HMAC a1b2c3d4e5f6')).toBeTruthy();
    expect(within(table).getByText('Chưa kết nối')).toBeTruthy();
    expect(within(table).getByText('Viettel — phiên bản 2')).toBeTruthy();
    expect(within(table).getByText('https://pay.example.gov.vn/api/v1/callbacks/g2p/971005')).toBeTruthy();
    // the fees module's schedules, counted per provider
    await waitFor(() => expect(within(table).getByText('2 biểu phí')).toBeTruthy());
    expect(within(table).getByText('0 biểu phí')).toBeTruthy();

    const user = userSession();
    const row = within(table).getByText('Viettel Money (971005)').closest('tr')!;
    await user.click(button(row, 'Kết nối'));
    const dialog = await findDialog();
    const form = within(dialog).getByTestId('connection-form');
    // nothing secret is ever filled in: the fields are empty, the fingerprint says what is kept
    expect((within(form).getByLabelText('Khoá bí mật HMAC') as HTMLInputElement).value).toBe('');
    expect(within(form).getByText('Để trống: giữ khoá hiện tại (a1b2c3d4e5f6)')).toBeTruthy();
    await user.type(within(form).getByLabelText('Bearer token'), 'short');
    await user.click(within(form).getByText('Tạo khoá mới'));
    await choose(user, form, 'Cách hỏi trạng thái', 'Bất đồng bộ: hỏi và nhận kết quả qua callback on-status');
    await user.click(button(dialog, 'Lưu kết nối'));
    expect(await within(dialog).findByText('Token phải dài 16–4096 ký tự')).toBeTruthy();

    await user.clear(within(form).getByLabelText('Bearer token'));
    await user.type(within(form).getByLabelText('Bearer token'), 'a-new-bearer-token-0000000001');
    await user.click(button(dialog, 'Lưu kết nối'));
    expect(await within(dialog).findByText('MCowBQYDK2VwAyEAPUBLICKEYBASE64=')).toBeTruthy();
    expect(server.sent('PUT', '/api/v1/providers/971005/endpoint').map((request) => request.body)).toEqual([
      { kind: 'G2P', baseUrl: 'https://wallet.example.vn/g2p', bearerToken: 'short', generateSigningKey: true, statusMode: 'ASYNC', callbackBaseUrl: null },
      { kind: 'G2P', baseUrl: 'https://wallet.example.vn/g2p', bearerToken: 'a-new-bearer-token-0000000001', generateSigningKey: true, statusMode: 'ASYNC', callbackBaseUrl: null },
    ]);
  });

  it('edits a template’s columns and order with a live preview from the server, then saves it', async () => {
    const server = fakeServer({
      ...admin,
      'GET /api/v1/provider-profiles': () => ({ providers: profiles }),
      'GET /api/v1/providers/:code/template': () => templateView,
      'POST /api/v1/providers/:code/template/preview': (request) => previewOf(request.body as { template: FileTemplate }),
      'PUT /api/v1/providers/:code/template': (request) => ({ ...templateView, version: 3, template: (request.body as { template: FileTemplate }).template }),
    });
    await renderInApp(<ProvidersPage />);
    const table = await screen.findByTestId('provider-profiles');
    await waitFor(() => expect(within(table).getByText('Viettel Money (971005)')).toBeTruthy());
    const user = userSession();
    await user.click(button(within(table).getByText('Viettel Money (971005)').closest('tr')!, 'Mẫu tệp'));
    const dialog = await findDialog();
    const preview = await within(dialog).findByTestId('template-preview');
    await waitFor(() => expect(within(preview).getByText('SA2507MAU000001')).toBeTruthy());

    // the amount column first, its header renamed
    await user.click(within(dialog).getByLabelText('Lên 2'));
    const header = within(dialog).getByLabelText('Tiêu đề cột 1');
    await user.clear(header);
    await user.type(header, 'So tien');
    await waitFor(() => expect(server.sent('POST', '/api/v1/providers/971005/template/preview').at(-1)?.body).toMatchObject({ template: { columns: [{ header: 'So tien', field: 'amountVnd' }, { header: 'Mã' }, { header: 'SĐT' }] } }));
    await waitFor(() => expect(within(preview).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['So tien', 'Mã', 'SĐT']));

    await user.click(button(dialog, 'Lưu mẫu'));
    expect(await screen.findByText('Đã lưu mẫu, phiên bản 3')).toBeTruthy();
    expect(server.sent('PUT', '/api/v1/providers/971005/template').map((request) => request.body)).toEqual([
      { template: { ...template, columns: [{ header: 'So tien', field: 'amountVnd', format: 'plain' }, { header: 'Mã', field: 'endToEndId' }, { header: 'SĐT', field: 'phone' }] } },
    ]);
  });

  it('shows a province the profiles without the connection editor', async () => {
    fakeServer({
      ...sessionRoutes({ role: 'province', scope: 'province', permissions: ['settings.manage'] }),
      'GET /api/v1/provider-profiles': () => ({ providers: profiles }),
    });
    await renderInApp(<ProvidersPage />);
    const table = await screen.findByTestId('provider-profiles');
    await waitFor(() => expect(within(table).getByText('Viettel Money (971005)')).toBeTruthy());
    expect(within(table).queryByText('Kết nối')).toBeNull();
    expect(screen.getByText('Chỉ quản trị hệ thống cấp trung ương được sửa hồ sơ tổ chức chi trả.')).toBeTruthy();
  });
});
