import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { arrayParam } from '../src/db/client.js';
import { beneficiaryCard, writeCardPdf, type BeneficiaryCard } from '../src/modules/accounts/card.service.js';
import { runVietQrCli, vietQrPayload } from '../src/modules/accounts/verification.cli.js';
import { verificationRoutes } from '../src/modules/accounts/verification.routes.js';
import type { Actor } from '../src/modules/access/scope.js';
import { buildVietQr, parseVietQr } from '../src/modules/formats/vietqr.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { idFor, personRow } from './helpers/people.js';
import { importApproved } from './helpers/imports.js';

/** PAYMENT-FORMATS §4.2 vector #1: static QR, Sacombank 970403, account 0011012345678. */
const napasVector = '00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN63049E6F';
const napasDynamicVector =
  '00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E';

const bankPerson = idFor('12/03/1940', 'Nữ', 101);
const walletPerson = idFor('05/08/1942', 'Nam', 102);
const cashPerson = idFor('20/10/1941', 'Nữ', 103);
const unverifiedPerson = idFor('01/02/1943', 'Nam', 104);

async function pdfBytes(card: BeneficiaryCard): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeCardPdf(output, card);
  return Buffer.concat(chunks);
}

describe('beneficiary card with VietQR', () => {
  let ctx: TestContext;
  let kontum: Actor;
  let dakha: Actor;

  beforeAll(async () => {
    ctx = await createTestContext('2026-01-15T03:00:00Z');
    const province = await createTestUser(ctx, { username: 'tinh51', role: 'province', unitCode: '51' });
    kontum = await createTestUser(ctx, { username: 'kontum', role: 'officer', unitCode: '23293' });
    dakha = await createTestUser(ctx, { username: 'dakha', role: 'officer', unitCode: '23500' });
    const common = { ma_doi_tuong: 'BTXH_K5C', chi_tra_den_thang: '12/2025' } as const;
    const file = writeTemplateCsv(join(tempDir(), 'card.csv'), [
      personRow({ ...common, ho_ten: 'Nguyễn Thị Đào', ngay_sinh: '12/03/1940', gioi_tinh: 'Nữ', so_dinh_danh: bankPerson,
        hinh_thuc_nhan: 'TK_NGAN_HANG', ma_to_chuc: '970403', so_tai_khoan: '0011012345678', chu_tai_khoan: 'NGUYEN THI DAO' }),
      personRow({ ...common, ma_doi_tuong: 'NCC_THAN_NHAN_LS_1', chuong_trinh: 'NCC', ho_ten: 'Trần Văn Hùng', ngay_sinh: '05/08/1942', gioi_tinh: 'Nam',
        so_dinh_danh: walletPerson, hinh_thuc_nhan: 'MOBILE_MONEY', ma_to_chuc: '971005', so_tai_khoan: '0987654321', chu_tai_khoan: 'Trần Văn Hùng' }),
      personRow({ ...common, ho_ten: 'Lê Thị Hoa', ngay_sinh: '20/10/1941', gioi_tinh: 'Nữ', so_dinh_danh: cashPerson }),
      personRow({ ...common, ho_ten: 'Phạm Văn Minh', ngay_sinh: '01/02/1943', gioi_tinh: 'Nam', so_dinh_danh: unverifiedPerson,
        hinh_thuc_nhan: 'TK_NGAN_HANG', ma_to_chuc: '970405', so_tai_khoan: '3606205123456', chu_tai_khoan: 'PHAM VAN MINH' }),
    ]);
    const report = await importApproved(ctx, province, { path: file, dryRun: false });
    expect(report.errors).toEqual([]);
    // Verification itself is tested in accounts-verification.test.ts.
    await ctx.db.orm.execute(sql`
      UPDATE payment_instruments i SET verification = 'ACCOUNT_VERIFIED', verified_at = now()
      FROM persons p WHERE p.id = i.person_id AND p.personal_id = ANY(${arrayParam([bankPerson, walletPerson])}::text[])`);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('carries a VietQR per verified account, equal to buildVietQr for its BIN and account', async () => {
    const card = await beneficiaryCard(ctx, kontum, bankPerson);
    expect(card).toMatchObject({
      personalIdMasked: `••••••••${bankPerson.slice(-4)}`,
      fullName: 'Nguyễn Thị Đào',
      communeCode: '23293',
      communeName: expect.stringContaining('Kon Tum'),
      programmes: [{ code: 'TGXH', name: 'Trợ giúp xã hội' }],
    });
    expect(card.accounts).toHaveLength(1);
    const [account] = card.accounts;
    expect(account!.payload).toBe(buildVietQr({ bin: '970403', accountNumber: '0011012345678' }));
    expect(account!.payload).toBe(napasVector);
    expect(account!.qrDataUrl).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(account).toMatchObject({ providerName: 'Sacombank', accountHolder: 'NGUYEN THI DAO', holderKind: 'SELF' });
  });

  it('includes a Mobile Money account routed by a 97xxxx BIN; skips unverified accounts and cash', async () => {
    const wallet = await beneficiaryCard(ctx, kontum, walletPerson);
    expect(wallet.accounts.map((account) => parseVietQr(account.payload))).toMatchObject([{ bin: '971005', accountNumber: '0987654321', service: 'QRIBFTTA', amountVnd: null }]);
    expect(wallet.programmes).toEqual([{ code: 'NCC', name: 'Người có công' }]);
    expect((await beneficiaryCard(ctx, kontum, unverifiedPerson)).accounts).toEqual([]);
    expect((await beneficiaryCard(ctx, kontum, cashPerson)).accounts).toEqual([]);
  });

  it('is scoped like every registry read and needs the right to see account numbers', async () => {
    await expect(beneficiaryCard(ctx, dakha, bankPerson)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const auditor = await createTestUser(ctx, { username: 'audit', role: 'auditor', unitCode: null });
    await expect(beneficiaryCard(ctx, auditor, bankPerson)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('prints as a valid A6 PDF, with or without an account', async () => {
    for (const id of [bankPerson, cashPerson]) {
      const pdf = await pdfBytes(await beneficiaryCard(ctx, kontum, id));
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
      // A6 portrait media box (105 × 148 mm in points).
      expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 297\.64 419\.53\]/);
    }
  });

  it('GET /api/v1/beneficiaries/:personalId/card and card.pdf', async () => {
    const app: FastifyInstance = await createTestApp(ctx);
    if (!app.hasRoute({ method: 'GET', url: '/api/v1/beneficiaries/:personalId/card' })) await app.register(verificationRoutes(ctx));
    try {
      const cookie = await loginCookie(app, 'kontum');
      const card = await app.inject({ method: 'GET', url: `/api/v1/beneficiaries/${bankPerson}/card`, headers: { cookie } });
      expect(card.statusCode).toBe(200);
      expect(json<BeneficiaryCard>(card).accounts[0]!.payload).toBe(napasVector);
      const pdf = await app.inject({ method: 'GET', url: `/api/v1/beneficiaries/${bankPerson}/card.pdf`, headers: { cookie } });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const other = await app.inject({ method: 'GET', url: `/api/v1/beneficiaries/${bankPerson}/card.pdf`, headers: { cookie: await loginCookie(app, 'dakha') } });
      expect(other.statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});

describe('asxh vietqr', () => {
  it('reproduces the NAPAS test vector for BIN 970403 and account 0011012345678', () => {
    const output: string[] = [];
    runVietQrCli({ bin: '970403', account: '0011012345678' }, (text) => output.push(text));
    expect(output).toEqual([`${napasVector}\n`]);
    output.length = 0;
    runVietQrCli({ bin: '970403', account: '0011012345678', json: true }, (text) => output.push(text));
    expect(JSON.parse(output.join(''))).toEqual({ payload: napasVector });
  });

  it('makes a dynamic QR with amount, bill number and purpose', () => {
    expect(vietQrPayload({ bin: '970403', account: '0011012345678', amount: '180000', bill: 'NPS6869', purpose: 'thanh toan don hang' })).toBe(napasDynamicVector);
  });

  it('reports a bad argument in both languages with exit code 1', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const previous = process.exitCode;
    try {
      const output: string[] = [];
      runVietQrCli({ bin: '97040', account: '0011012345678' }, (text) => output.push(text));
      expect(output).toEqual([]);
      expect(process.exitCode).toBe(1);
      expect(String(stderr.mock.calls[0]![0])).toMatch(/^Lỗi FORMAT_INPUT_INVALID/);
      runVietQrCli({ bin: '970403', account: '0011012345678', amount: '-5' }, (text) => output.push(text));
      expect(String(stderr.mock.calls[1]![0])).toContain('ARGUMENT_INVALID');
    } finally {
      process.exitCode = previous;
      stderr.mockRestore();
    }
  });
});
