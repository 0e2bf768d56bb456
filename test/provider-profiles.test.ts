import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/app/commands.js';
import { queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { createBatches } from '../src/modules/disbursement/batches.service.js';
import { findEndpoint, setProviderEndpoint } from '../src/modules/disbursement/endpoints.service.js';
import { previewProviderTemplate, setProviderTemplate, shippedTemplate, shippedTemplateNames } from '../src/modules/disbursement/file-templates.service.js';
import { exportBatchFile, previewBatchFile } from '../src/modules/disbursement/files.service.js';
import { showProviderProfile } from '../src/modules/disbursement/providers.service.js';
import { rotateSecrets } from '../src/modules/secrets/secrets.service.js';
import { approveCycle, fundCycle, generateCycle, submitCycle } from '../src/modules/payroll/payroll.service.js';
import { createTestContext, createTestUser, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv as writeBeneficiariesCsv } from './helpers/files.js';
import { importApproved } from './helpers/imports.js';
import { approvePayers } from './helpers/payers.js';
import { idFor, personRow } from './helpers/people.js';

/** Provider profiles and file templates (issue 20, item 2). */

const secret = 'wallet-hmac-secret-profile-0001';
const token = 'bearer-token-for-the-wallet-0002.abc';
const ed25519 = generateKeyPairSync('ed25519');
const signingKeyPem = ed25519.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
/** What the provider registers: the raw 32 bytes of the public key, base64. */
const publicKeyRaw = Buffer.from(ed25519.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
const pemBody = signingKeyPem.split('\n')[1]!;

const walletPerson = (serial: number, name: string, phone: string) =>
  personRow({ ho_ten: name, ngay_sinh: '02/02/1965', gioi_tinh: 'Nữ', so_dinh_danh: idFor('02/02/1965', 'Nữ', serial), ma_doi_tuong: 'BTXH_K6_DBN',
    so_dien_thoai: phone, hinh_thuc_nhan: 'MOBILE_MONEY', ma_to_chuc: '971005', so_tai_khoan: phone, chu_tai_khoan: name });
const people = [walletPerson(21, 'Phạm Thị Dung', '0961234521'), walletPerson(22, 'Ngô Thị Hà', '0961234522')];

async function auditText(ctx: TestContext): Promise<string> {
  const rows = await queryRows<{ text: string }>(ctx.db.orm, sql`SELECT COALESCE(string_agg(a::text, ' '), '') AS text FROM audit_events a`);
  return rows[0]!.text;
}

async function everythingStored(ctx: TestContext): Promise<string> {
  const rows = await queryRows<{ text: string }>(
    ctx.db.orm,
    sql`SELECT (SELECT COALESCE(string_agg(s::text, ' '), '') FROM secrets s) || (SELECT COALESCE(string_agg(e::text, ' '), '') FROM provider_endpoints e)
            || (SELECT COALESCE(string_agg(t::text, ' '), '') FROM app_settings t) AS text`,
  );
  return rows[0]!.text + (await auditText(ctx));
}

async function endpointEvents(ctx: TestContext): Promise<number> {
  return (await queryRows<{ n: number }>(ctx.db.orm, sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'providers.endpoint_set'`))[0]!.n;
}

async function toFile(path: string, write: (output: ReturnType<typeof createWriteStream>) => Promise<unknown>) {
  const output = createWriteStream(path);
  const result = await write(output);
  if (!output.writableFinished) await once(output, 'finish');
  return result as { sha256: string; regenerated: boolean };
}

describe('provider profiles and file templates', () => {
  let ctx: TestContext;
  let admin: Actor;
  let province: Actor;
  let officer: Actor;
  let cycleId: number;
  const dir = tempDir();

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    admin = await createTestUser(ctx, { username: 'quantri', role: 'admin' });
    province = await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
  });
  afterAll(async () => ctx.close());

  it('sets a G2P profile: token and signing key sealed, never shown nor audited; the same profile again records nothing', async () => {
    const view = await setProviderEndpoint(ctx, admin, {
      providerCode: '971005', kind: 'G2P', baseUrl: 'https://wallet.example.vn/g2p', secret, bearerToken: token, signingKeyPem, statusMode: 'SYNC', callbackBaseUrl: 'https://asxh.example.gov.vn/',
    });
    expect(view).toMatchObject({ providerCode: '971005', kind: 'G2P', hasSecret: true, hasBearerToken: true, signingPublicKey: publicKeyRaw, statusMode: 'SYNC', callbackBaseUrl: 'https://asxh.example.gov.vn', defaultCallbackBaseUrl: null });
    expect(await findEndpoint(ctx.db.orm, '971005')).toEqual({
      providerCode: '971005', kind: 'G2P', baseUrl: 'https://wallet.example.vn/g2p', secret, bearerToken: token, signingKeyPem, statusMode: 'SYNC', callbackBaseUrl: 'https://asxh.example.gov.vn',
      providerPublicKeyPem: null,
    });
    const purposes = await queryRows<{ purpose: string }>(ctx.db.orm, sql`SELECT purpose FROM secrets ORDER BY purpose`);
    expect(purposes.map((row) => row.purpose)).toEqual(['provider_bearer_token:971005', 'provider_endpoint:971005', 'provider_signing_key:971005']);
    for (const plain of [secret, token, pemBody]) {
      expect(JSON.stringify(view)).not.toContain(plain);
      expect(await everythingStored(ctx)).not.toContain(plain);
    }

    const events = await endpointEvents(ctx);
    // Omitted fields are kept: the same profile without its credentials changes nothing.
    const again = await setProviderEndpoint(ctx, admin, { providerCode: '971005', kind: 'G2P', baseUrl: 'https://wallet.example.vn/g2p', bearerToken: token });
    expect(again).toEqual(view);
    expect(await endpointEvents(ctx)).toBe(events);

    const profile = (await runCommand(ctx, { name: 'providers.show', args: { code: '971005' }, as: 'tinh', operator: 'test', requestId: 'show' })) as Record<string, unknown>;
    expect(profile).toMatchObject({
      providerCode: '971005', shortName: 'Viettel Money', endpoint: { hasBearerToken: true, signingPublicKey: publicKeyRaw, statusMode: 'SYNC' },
      callbackUrl: 'https://asxh.example.gov.vn/api/v1/callbacks/g2p/971005', template: { source: 'shipped', version: 0 },
    });
    for (const plain of [secret, token, pemBody]) expect(JSON.stringify(profile)).not.toContain(plain);
  });

  it('refuses bad credentials, removes a credential with its ciphertext, generates a signing key', async () => {
    const base = { providerCode: '971005', kind: 'G2P', baseUrl: 'https://wallet.example.vn/g2p' };
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await expect(setProviderEndpoint(ctx, admin, { ...base, signingKeyPem: rsa })).rejects.toMatchObject({ code: 'ENDPOINT_SIGNING_KEY_INVALID' });
    await expect(setProviderEndpoint(ctx, admin, { ...base, signingKeyPem: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' })).rejects.toMatchObject({ code: 'ENDPOINT_SIGNING_KEY_INVALID' });
    await expect(setProviderEndpoint(ctx, admin, { ...base, bearerToken: 'short' })).rejects.toMatchObject({ code: 'ENDPOINT_TOKEN_INVALID' });
    await expect(setProviderEndpoint(ctx, admin, { ...base, statusMode: 'POLL' })).rejects.toMatchObject({ code: 'ENDPOINT_STATUS_MODE_INVALID' });
    await expect(setProviderEndpoint(ctx, admin, { providerCode: '971011', kind: 'G2P', baseUrl: 'https://vnpt.example.vn' })).rejects.toMatchObject({ code: 'ENDPOINT_SECRET_REQUIRED' });

    const removed = await setProviderEndpoint(ctx, admin, { ...base, bearerToken: null });
    expect(removed).toMatchObject({ hasBearerToken: false, bearerTokenFingerprint: null, signingPublicKey: publicKeyRaw });
    expect((await findEndpoint(ctx.db.orm, '971005'))?.bearerToken).toBeNull();
    expect(await queryRows(ctx.db.orm, sql`SELECT 1 FROM secrets WHERE purpose = 'provider_bearer_token:971005'`)).toEqual([]);

    const generated = await runCommand(ctx, { name: 'providers.endpoint', args: { provider: '971011', kind: 'G2P', url: 'https://vnpt.example.vn', secret: 'vnpt-secret-0000000001', generateSigningKey: true, bearerToken: token }, as: 'quantri', operator: 'test', requestId: 'gen' });
    const publicKey = (generated as { signingPublicKey: string }).signingPublicKey;
    expect(Buffer.from(publicKey, 'base64')).toHaveLength(32);
    const vnpt = (await findEndpoint(ctx.db.orm, '971011'))!;
    expect(vnpt.signingKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(vnpt.statusMode).toBe('ASYNC');
    // no callback URL of its own: the installation's, once set
    expect(vnpt.callbackBaseUrl).toBeNull();
    await setProviderEndpoint(ctx, admin, { providerCode: '971011', kind: 'G2P', baseUrl: 'https://vnpt.example.vn', defaultCallbackBaseUrl: 'https://pay.example.gov.vn' });
    expect((await findEndpoint(ctx.db.orm, '971011'))?.callbackBaseUrl).toBe('https://pay.example.gov.vn');
    expect((await findEndpoint(ctx.db.orm, '971005'))?.callbackBaseUrl).toBe('https://asxh.example.gov.vn');
  });

  it('keeps every credential readable across a key rotation', async () => {
    const result = await rotateSecrets(ctx, admin);
    // HMAC secret and signing key of 971005; HMAC secret, token and signing key of 971011
    expect(result.reencrypted).toBe(5);
    expect(await findEndpoint(ctx.db.orm, '971005')).toMatchObject({ secret, bearerToken: null, signingKeyPem });
    expect(await findEndpoint(ctx.db.orm, '971011')).toMatchObject({ bearerToken: token, signingKeyPem: expect.stringMatching(/PRIVATE KEY/) });
  });

  it('lets only a national administrator set a profile or a template; settings managers see them', async () => {
    await expect(setProviderEndpoint(ctx, province, { providerCode: '971005', kind: 'G2P', baseUrl: 'https://x.example.vn', secret })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(setProviderTemplate(ctx, province, { providerCode: '971005', shipped: 'viettel-money-chi-ho' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(showProviderProfile(ctx, officer, '971005')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(previewProviderTemplate(ctx, officer, { providerCode: '971005' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await showProviderProfile(ctx, province, '971005')).endpoint?.hasSecret).toBe(true);
  });

  it('checks templates with errors naming the column and field', async () => {
    const valid = shippedTemplate('generic-bank');
    const refused = (change: Record<string, unknown>) => setProviderTemplate(ctx, admin, { providerCode: '970405', template: { ...valid, ...change } });
    await expect(refused({ columns: [...valid.columns.slice(0, 2), { header: 'X', field: 'iban' }] })).rejects.toMatchObject({ code: 'TEMPLATE_COLUMN_FIELD_INVALID', details: { column: 3, field: 'iban' } });
    await expect(refused({ columns: [...valid.columns, { header: 'Ngày', field: 'date', format: 'MM/dd/yy' }] })).rejects.toMatchObject({ code: 'TEMPLATE_COLUMN_FORMAT_INVALID', details: { column: 9, field: 'date' } });
    await expect(refused({ columns: [{ header: 'A', field: 'endToEndId' }, { header: 'B', field: 'rowNumber', format: 'plain' }, { header: 'C', field: 'amountVnd' }] })).rejects.toMatchObject({ code: 'TEMPLATE_COLUMN_FORMAT_INVALID', details: { column: 2 } });
    await expect(refused({ columns: valid.columns.filter((column) => column.field !== 'endToEndId') })).rejects.toMatchObject({ code: 'TEMPLATE_FIELD_MISSING', details: { field: 'endToEndId' } });
    await expect(refused({ columns: [...valid.columns, { header: 'SoTien', field: 'amountVnd' }] })).rejects.toMatchObject({ code: 'TEMPLATE_COLUMN_HEADER_DUPLICATE', details: { column: 9, sameAs: 7 } });
    await expect(refused({ encoding: 'latin-1' })).rejects.toMatchObject({ code: 'TEMPLATE_ENCODING_INVALID' });
    await expect(refused({ delimiter: '#' })).rejects.toMatchObject({ code: 'TEMPLATE_DELIMITER_INVALID' });
    await expect(refused({ colums: [] })).rejects.toMatchObject({ code: 'TEMPLATE_INVALID', details: { key: 'colums' } });
    const error = (await refused({ columns: [{ header: 'A', field: 'endToEndId' }, { header: 'B', field: 'amount' }] }).then(
      () => undefined,
      (caught: unknown) => caught,
    )) as { text: { vi: string; en: string } };
    expect(error.text.vi).toContain('cột 2');
    expect(error.text.en).toContain('column 2');

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "name": ');
    await expect(runCommand(ctx, { name: 'providers.template.set', args: { provider: '970405', file: broken }, as: 'quantri', operator: 'test', requestId: 'bad' })).rejects.toMatchObject({ code: 'TEMPLATE_JSON_INVALID' });
    expect(await queryRows(ctx.db.orm, sql`SELECT 1 FROM provider_file_templates`)).toEqual([]);
  });

  it('ships its templates as valid data, each with a note on what the sources say', () => {
    for (const name of shippedTemplateNames) expect(shippedTemplate(name).note).toBeTruthy();
    expect(shippedTemplate('viettel-money-chi-ho').note).toMatch(/NOT Viettel's published template/);
  });

  it('stores a template in versions, audited; the same template again is no new version; previews made-up lines', async () => {
    const set = (await runCommand(ctx, { name: 'providers.template.set', args: { provider: '971005', shipped: 'viettel-money-chi-ho' }, as: 'quantri', operator: 'test', requestId: 't1' })) as { version: number; source: string };
    expect(set).toMatchObject({ version: 1, source: 'provider' });
    expect(await setProviderTemplate(ctx, admin, { providerCode: '971005', shipped: 'viettel-money-chi-ho' })).toMatchObject({ version: 1 });
    const events = await queryRows<{ before: unknown; after: { version: number; template: { name: string } } }>(ctx.db.orm, sql`SELECT before, after FROM audit_events WHERE action = 'providers.template_set'`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ before: null, after: { version: 1, template: { name: shippedTemplate('viettel-money-chi-ho').name } } });

    const preview = (await runCommand(ctx, { name: 'providers.template.preview', args: { provider: '971005', rows: '3' }, as: 'tinh', operator: 'test', requestId: 'p' })) as { header: string[]; rows: string[][]; version: number };
    expect(preview.version).toBe(1);
    expect(preview.header).toEqual(['STT', 'Số điện thoại', 'Họ và tên', 'Số CCCD', 'Số tiền', 'Nội dung', 'Mã tham chiếu']);
    expect(preview.rows).toHaveLength(3);
    expect(preview.rows[0]!.slice(0, 5)).toEqual(['1', '0900000001', 'Nguyễn Văn Mẫu', '001099000001', '500000']);
    // a draft, not saved: its CSV text with the chosen delimiter and formats
    const draft = { name: 'Draft', format: 'csv', delimiter: ';', encoding: 'utf-8', columns: [{ header: 'Ref', field: 'endToEndId' }, { header: 'Amount', field: 'amountVnd', format: 'dot-thousands' }, { header: 'Day', field: 'date', format: 'dd/MM/yyyy' }], totalRow: true };
    const drafted = await previewProviderTemplate(ctx, province, { providerCode: '971005', template: draft, rows: 2 });
    expect(drafted.csv).toBe('Ref;Amount;Day\r\nSA2507MAU000001;500.000;01/07/2025\r\nSA2507MAU000002;1.500.000;01/07/2025\r\nTONG CONG;2.000.000;\r\n');
    expect(drafted.version).toBeNull();
  });

  it('writes a batch with the provider template, records it, and regenerates the same bytes after the template changed', async () => {
    const report = await importApproved(ctx, officer, { path: writeBeneficiariesCsv(join(dir, 'people.csv'), people.map((p) => ({ ...p, chi_tra_den_thang: '06/2024' }))), dryRun: false });
    expect(report.errors).toEqual([]);
    const cycle = await generateCycle(ctx, officer, { month: '2024-07', unitCode: '23293' });
    cycleId = cycle.id;
    await submitCycle(ctx, officer, cycleId);
    await approveCycle(ctx, await createTestUser(ctx, { username: 'duyet', role: 'approver', unitCode: '23293' }), cycleId);
    await fundCycle(ctx, province, cycleId, { reference: 'KBNN-07', amountVnd: cycle.totalVnd });
    await approvePayers(ctx, '51');
    await createBatches(ctx, officer, cycleId);

    const xlsx = join(dir, 'viettel.xlsx');
    const first = await toFile(xlsx, (output) => exportBatchFile(ctx, officer, { cycleId, providerCode: '971005', format: 'xlsx', output, handOver: false }));
    const sheet = (await new ExcelJS.Workbook().xlsx.readFile(xlsx)).getWorksheet('DanhSachChiHo')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'STT', 'Số điện thoại', 'Họ và tên', 'Số CCCD', 'Số tiền', 'Nội dung', 'Mã tham chiếu']);
    const lines = [2, 3].map((row) => (sheet.getRow(row).values as unknown[]).slice(1));
    expect(lines.map((line) => line.slice(0, 3))).toEqual([[1, '0961234521', 'Phạm Thị Dung'], [2, '0961234522', 'Ngô Thị Hà']]);
    expect(typeof lines[0]![4]).toBe('number');
    expect(sheet.getRow(2).getCell(2).numFmt).toBe('@');
    expect(sheet.rowCount).toBe(3); // no total row in this template

    // A CSV template of its own, version 2: order, delimiter, amount and date formats, no BOM.
    const custom = join(dir, 'custom.json');
    writeFileSync(custom, JSON.stringify({
      name: 'Viettel CSV', format: 'csv', encoding: 'utf-8', delimiter: ';', text: 'bank-ascii',
      columns: [{ header: 'So dien thoai', field: 'phone' }, { header: 'So tien', field: 'amountVnd', format: 'dot-thousands' }, { header: 'Ma', field: 'endToEndId' }, { header: 'Ten', field: 'beneficiaryName' }, { header: 'Thang', field: 'month', format: 'MM/yyyy' }],
      totalRow: true,
    }));
    expect(await runCommand(ctx, { name: 'providers.template.set', args: { provider: '971005', file: custom }, as: 'quantri', operator: 'test', requestId: 't2' })).toMatchObject({ version: 2 });
    const csvPath = join(dir, 'viettel.csv');
    const csvFile = await toFile(csvPath, (output) => exportBatchFile(ctx, officer, { cycleId, providerCode: '971005', format: 'csv', output, handOver: false }));
    const csv = readFileSync(csvPath, 'utf8');
    const [header, line] = csv.split('\r\n');
    expect(header).toBe('So dien thoai;So tien;Ma;Ten;Thang');
    expect(line).toMatch(/^0961234521;\d{1,3}(\.\d{3})+;SA[0-9A-Z-]+;PHAM THI DUNG;07\/2024$/);
    // the label in the first column that is neither the row number nor the amount
    expect(csv.split('\r\n')[3]).toMatch(/^TONG CONG;[\d.]+;;;$/);

    // The template changes again (version 3): files already written keep theirs.
    await setProviderTemplate(ctx, admin, { providerCode: '971005', shipped: 'vnpt-money' });
    const again = await toFile(join(dir, 'viettel-2.xlsx'), (output) => exportBatchFile(ctx, officer, { cycleId, providerCode: '971005', format: 'xlsx', output, handOver: false }));
    expect(again).toMatchObject({ sha256: first.sha256, regenerated: true });
    const csvAgain = await toFile(join(dir, 'viettel-2.csv'), (output) => exportBatchFile(ctx, officer, { cycleId, providerCode: '971005', format: 'csv', output, handOver: false }));
    expect(csvAgain).toMatchObject({ sha256: csvFile.sha256, regenerated: true });
    // The first lines of the real batch, for someone who sends its files; the view is recorded.
    const fromBatch = (await runCommand(ctx, { name: 'providers.template.preview', args: { provider: '971005', cycle: String(cycleId), rows: '1' }, as: 'canbo', operator: 'test', requestId: 'pb' })) as { version: number; rows: string[][] };
    expect(fromBatch.version).toBe(3);
    expect(fromBatch.rows.map((cells) => [cells[0], cells[2], cells[3]])).toEqual([['1', '0961234521', 'Phạm Thị Dung']]);
    const viewed = await queryRows<{ after: { what: string; rows: number } }>(ctx.db.orm, sql`SELECT after FROM audit_events WHERE action = 'personal_data.viewed' AND after->>'what' = 'disbursement.file_preview'`);
    expect(viewed.map((event) => event.after)).toEqual([expect.objectContaining({ what: 'disbursement.file_preview', rows: 1 })]);
    const auditor = await createTestUser(ctx, { username: 'kiemtoan', role: 'auditor', unitCode: '51' });
    await expect(previewBatchFile(ctx, auditor, { cycleId, providerCode: '971005', rows: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const recorded = await queryRows<{ format: string; template_version: number; template_name: string }>(ctx.db.orm, sql`SELECT format, template_version, template_name FROM disbursement_files ORDER BY format`);
    expect(recorded).toEqual([
      { format: 'csv', template_version: 2, template_name: 'Viettel CSV' },
      { format: 'xlsx', template_version: 1, template_name: shippedTemplate('viettel-money-chi-ho').name },
    ]);
  });
});
