import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import { createTestApp, createTestUser, loginCookie, type TestContext } from './helpers/context.js';
import { createSafeTestContext } from './helpers/safe-db.js';
import { bankCode, createFundedCycle, postalCode, providerSecrets, walletCode, withDisbursementRoutes, type FundedCycle } from './helpers/disbursement-fixture.js';
import { expectXsdValid } from './helpers/xsd.js';

/** The file-based flow over HTTP (no provider endpoints): batches, files, result upload, cash confirmations, ledger, endpoints. */
function multipart(fileName: string, content: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----asxhtest' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('disbursement routes', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let fixture: FundedCycle;
  const cookies: Record<string, string> = {};
  const url = (path: string) => `/api/v1/disbursement/cycles/${fixture.cycleId}${path}`;

  beforeAll(async () => {
    ctx = await createSafeTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx, { batches: false });
    await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    app = await withDisbursementRoutes(await createTestApp(ctx), ctx);
    for (const user of ['canbo', 'quantri', 'buudien', 'tinh']) cookies[user] = await loginCookie(app, user);
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  it('creates batches once and lists them; a provider agent sees only its own', async () => {
    const created = await app.inject({ method: 'POST', url: url('/batches'), headers: { cookie: cookies.canbo! } });
    expect(created.json()).toMatchObject({ created: true });
    expect((await app.inject({ method: 'POST', url: url('/batches'), headers: { cookie: cookies.canbo! } })).json()).toMatchObject({ created: false });
    const agent = await app.inject({ method: 'GET', url: url('/batches'), headers: { cookie: cookies.buudien! } });
    expect(agent.json<{ providerCode: string }[]>().map((batch) => batch.providerCode)).toEqual([postalCode]);
    expect((await app.inject({ method: 'GET', url: url('/batches') })).statusCode).toBe(401);
  });

  it('downloads payment files with identical bytes, refuses a format that does not fit the batch', async () => {
    const download = () => app.inject({ method: 'GET', url: url(`/files?provider=${bankCode}&format=pain001`), headers: { cookie: cookies.canbo! } });
    const first = await download();
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toContain('application/xml');
    // Named by month, commune, provider and round.
    expect(first.headers['content-disposition']).toContain(`chi-tra-2024-07-23293-${bankCode.toLowerCase()}-dot1.xml`);
    expect(first.body).toContain('<CstmrCdtTrfInitn>');
    await expectXsdValid(first.body);
    expect((await download()).body).toBe(first.body);
    const wrong = await app.inject({ method: 'GET', url: url(`/files?provider=${postalCode}&format=pain001`), headers: { cookie: cookies.canbo! } });
    expect([wrong.statusCode, wrong.json().code]).toEqual([400, 'FORMAT_CHANNEL']);
    const missing = await app.inject({ method: 'GET', url: url('/files?provider=970436&format=csv'), headers: { cookie: cookies.canbo! } });
    expect(missing.statusCode).toBe(404);
    const cash = await app.inject({ method: 'GET', url: url(`/files?provider=${postalCode}&format=cash-list`), headers: { cookie: cookies.canbo! } });
    expect([cash.statusCode, cash.rawPayload.subarray(0, 2).toString()]).toEqual([200, 'PK']);
    expect(cash.headers['content-disposition']).toContain(`chi-tra-2024-07-23293-${postalCode.toLowerCase()}-dot1-ky-nhan.xlsx`);
    const wallet = await app.inject({ method: 'GET', url: url(`/files?provider=${walletCode}&format=csv`), headers: { cookie: cookies.canbo! } });
    expect(wallet.statusCode).toBe(200);
    expect(wallet.headers['content-disposition']).toContain(`chi-tra-2024-07-23293-${walletCode.toLowerCase()}-dot1.csv`);
  });

  it('hands a batch over by its own request, confirmed by nobody else (downloads did not)', async () => {
    const batches = (await app.inject({ method: 'GET', url: url('/batches'), headers: { cookie: cookies.canbo! } })).json<{ id: number; providerCode: string; sentAt: string | null }[]>();
    expect(batches.map((batch) => batch.sentAt)).toEqual(batches.map(() => null));
    const handOver = (providerCode: string, cookie: string) =>
      app.inject({ method: 'POST', url: url(`/batches/${batches.find((batch) => batch.providerCode === providerCode)!.id}/hand-over`), headers: { cookie } });
    expect((await handOver(bankCode, cookies.buudien!)).statusCode).toBe(403);
    const first = await handOver(bankCode, cookies.canbo!);
    expect([first.statusCode, first.json().handedOver]).toEqual([200, true]);
    expect((await handOver(bankCode, cookies.canbo!)).json()).toMatchObject({ handedOver: false, sentAt: first.json().sentAt });
    expect((await handOver(postalCode, cookies.canbo!)).json()).toMatchObject({ handedOver: true });
  });

  it('applies an uploaded result file and cash confirmations by the agent (a retried request applies once)', async () => {
    const bankItems = await queryRows<{ e2e: string }>(ctx.db.orm, sql`SELECT end_to_end_id AS e2e FROM disbursement_items WHERE provider_code = ${bankCode} ORDER BY id`);
    const csv = `MaThamChieu,TrangThai,MaLyDo,LyDo\r\n${bankItems.map((item, index) => `${item.e2e},${index === 0 ? 'RJCT,AC01,SAI SO TAI KHOAN' : 'ACSC,,'}`).join('\r\n')}\r\n`;
    const form = multipart('ket-qua.csv', csv);
    const applied = await app.inject({ method: 'POST', url: url(`/reconcile?provider=${bankCode}`), headers: { cookie: cookies.canbo!, ...form.headers }, payload: form.payload });
    expect(applied.json()).toMatchObject({ applied: 5, paid: 4, failed: { AC01: 1 } });
    const cashItems = await queryRows<{ e2e: string }>(ctx.db.orm, sql`SELECT end_to_end_id AS e2e FROM disbursement_items WHERE provider_code = ${postalCode} ORDER BY id`);
    const confirm = () =>
      app.inject({
        method: 'POST',
        url: url('/cash-confirmations'),
        headers: { cookie: cookies.buudien!, 'x-request-id': 'agent-request-0001' },
        payload: { confirmations: [{ endToEndId: cashItems[0]!.e2e, result: 'PAID_REPRESENTATIVE', date: '12/07/2024', receiptNumber: 'BN-1' }, { endToEndId: cashItems[1]!.e2e, result: 'NOT_FOUND' }] },
      });
    expect((await confirm()).json()).toMatchObject({ paid: 1, failed: { UNCLAIMED: 1 } });
    expect((await confirm()).json()).toMatchObject({ applied: 0, alreadyIngested: true });
    const officer = await app.inject({ method: 'POST', url: url('/cash-confirmations'), headers: { cookie: cookies.canbo! }, payload: { confirmations: [{ endToEndId: cashItems[2]!.e2e, result: 'PAID_SELF' }] } });
    expect(officer.statusCode).toBe(403);
  });

  it('checks the ledger within the caller’s area only', async () => {
    expect((await app.inject({ method: 'GET', url: `/api/v1/ledger/check?cycle=${fixture.cycleId}`, headers: { cookie: cookies.tinh! } })).json()).toMatchObject({ ok: true });
    expect((await app.inject({ method: 'GET', url: '/api/v1/ledger/check', headers: { cookie: cookies.tinh! } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/ledger/check', headers: { cookie: cookies.quantri! } })).json()).toMatchObject({ ok: true });
  });

  it('sets a provider endpoint (administrators only) without ever returning the secret', async () => {
    const put = (cookie: string, body: Record<string, unknown>) => app.inject({ method: 'PUT', url: `/api/v1/providers/${walletCode}/endpoint`, headers: { cookie }, payload: body });
    const body = { kind: 'G2P', baseUrl: 'https://wallet.example.vn/g2p', secret: providerSecrets.wallet, callbackBaseUrl: 'https://asxh.example.gov.vn' };
    expect((await put(cookies.tinh!, body)).statusCode).toBe(403);
    const response = await put(cookies.quantri!, body);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ providerCode: walletCode, kind: 'G2P', baseUrl: 'https://wallet.example.vn/g2p', callbackBaseUrl: 'https://asxh.example.gov.vn' });
    expect(response.body).not.toContain(providerSecrets.wallet);
    expect((await put(cookies.quantri!, { ...body, kind: 'POSTAL' })).json().code).toBe('ENDPOINT_KIND_MISMATCH');
  });
});
