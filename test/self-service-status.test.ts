import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/modules/access/scope.js';
import { complaintList } from '../src/modules/complaints/complaints.service.js';
import { createBatches } from '../src/modules/disbursement/batches.service.js';
import { confirmCash } from '../src/modules/disbursement/cash.service.js';
import { exportBatchFile } from '../src/modules/disbursement/files.service.js';
import { dispatchNotifications } from '../src/modules/notifications/notifications.service.js';
import { approveCycle, fundCycle, generateCycle, submitCycle } from '../src/modules/payroll/payroll.service.js';
import { startSmsSimulator, type SmsSimulator } from '../src/simulators/sms/sms.simulator.js';
import { createTestApp, createTestContext, createTestUser, json, type TestContext } from './helpers/context.js';
import { itemStates } from './helpers/disbursement-fixture.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { importApproved } from './helpers/imports.js';
import { approvePayers } from './helpers/payers.js';
import { idFor, personRow } from './helpers/people.js';

/**
 * The beneficiary's payment status on the public page: ID + date of birth + the code sent to the
 * phone on file → the last 12 months (month, amount, channel, status, where to collect cash).
 */
const mo = personRow({ ho_ten: 'Lê Thị Mơ', ngay_sinh: '07/07/1950', gioi_tinh: 'Nữ', so_dinh_danh: idFor('07/07/1950', 'Nữ', 41), ma_doi_tuong: 'BTXH_K6_NANG', so_dien_thoai: '0988000041' });
// Shares Mơ's phone (a family phone): the per-phone limit counts both.
const cu = personRow({ ho_ten: 'Phan Văn Cư', ngay_sinh: '08/08/1952', gioi_tinh: 'Nam', so_dinh_danh: idFor('08/08/1952', 'Nam', 42), ma_doi_tuong: 'BTXH_K6_NANG', so_dien_thoai: '0988000041' });
// A beneficiary who is also the guardian of Bé and collects her cash.
const rep = personRow({ ho_ten: 'Trần Văn Rộng', ngay_sinh: '01/01/1960', gioi_tinh: 'Nam', so_dinh_danh: idFor('01/01/1960', 'Nam', 43), ma_doi_tuong: 'BTXH_K6_NANG', so_dien_thoai: '0988000043' });
const be = personRow({
  ho_ten: 'Nguyễn Thị Bé', ngay_sinh: '03/03/1940', gioi_tinh: 'Nữ', so_dinh_danh: idFor('03/03/1940', 'Nữ', 44), ma_doi_tuong: 'BTXH_K5C',
  nguoi_nhan_thay_loai: 'GIAM_HO', nguoi_nhan_thay_ho_ten: 'Trần Văn Rộng', nguoi_nhan_thay_so_dinh_danh: idFor('01/01/1960', 'Nam', 43), nguoi_nhan_thay_quan_he: 'Con',
});

describe('self-service payment status', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let sms: SmsSimulator;
  let officer: Actor;
  let cycleId: number;
  let ip = 0;

  beforeAll(async () => {
    sms = await startSmsSimulator({ port: 0 });
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    ctx.config.smsUrl = sms.url;
    const admin = await createTestUser(ctx, { username: 'quantri', role: 'admin' });
    officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    const approver = await createTestUser(ctx, { username: 'duyet', role: 'approver', unitCode: '23293' });
    const agent = await createTestUser(ctx, { username: 'buudien', role: 'provider', unitCode: '51', providerCode: 'VNPOST' });
    const people = [mo, cu, rep, be].map((person) => ({ ...person, chi_tra_den_thang: '06/2024' }));
    await importApproved(ctx, officer, { path: writeTemplateCsv(join(tempDir(), 'p.csv'), people), dryRun: false }, approver);
    const cycle = await generateCycle(ctx, officer, { month: '2024-07', unitCode: '23293' });
    await submitCycle(ctx, officer, cycle.id);
    await approveCycle(ctx, approver, cycle.id);
    await fundCycle(ctx, admin, cycle.id, { reference: 'KBNN-07', amountVnd: cycle.totalVnd });
    await approvePayers(ctx, '51');
    await createBatches(ctx, officer, cycle.id);
    cycleId = cycle.id;
    // The cash list handed over to VNPost, which then confirms who was paid.
    const output = createWriteStream(join(tempDir(), 'cash.xlsx'));
    await exportBatchFile(ctx, officer, { cycleId, providerCode: 'VNPOST', format: 'cash-list', output, handOver: true });
    if (!output.writableFinished) await once(output, 'finish');
    const items = await itemStates(ctx, cycle.id);
    const itemOf = (personalId: string) => items.find((item) => item.personalId === personalId)!.endToEndId;
    const confirmed = await confirmCash(ctx, agent, {
      cycleId, requestId: 'cash-1',
      confirmations: [
        { endToEndId: itemOf(mo.so_dinh_danh!), result: 'PAID_SELF', date: '10/07/2024', receiptNumber: 'BN-1' },
        { endToEndId: itemOf(be.so_dinh_danh!), result: 'PAID_REPRESENTATIVE', date: '10/07/2024', receiptNumber: 'BN-2' },
        { endToEndId: itemOf(cu.so_dinh_danh!), result: 'NOT_FOUND' },
      ],
    });
    expect(confirmed).toMatchObject({ paid: 2 });
    ctx.setNow('2024-07-20T03:00:00Z');
    app = await createTestApp(ctx);
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
    await sms.close();
  });

  const post = (url: string, payload: object, address = `10.0.1.${++ip}`) => app.inject({ method: 'POST', url, payload, remoteAddress: address });
  const requestCode = (person: { so_dinh_danh?: string; ngay_sinh?: string }) =>
    post('/api/public/self-service/code', { personalId: person.so_dinh_danh, birthDate: person.ngay_sinh, purpose: 'status' });
  async function lastCodeTo(phone: string): Promise<string> {
    await dispatchNotifications(ctx, { limit: 50 });
    const message = sms.messages().filter((item) => item.to === phone).at(-1)!;
    expect(message.text).toContain('tra cuu chi tra');
    return /(\d{6})/.exec(message.text)![1]!;
  }

  it('shows the last 12 months: month, amount, channel, status and where to collect cash; nothing sensitive', async () => {
    expect((await requestCode(mo)).statusCode).toBe(200);
    const code = await lastCodeTo('0988000041');
    const answer = await post('/api/public/self-service/status', { personalId: mo.so_dinh_danh, birthDate: mo.ngay_sinh, code });
    expect(answer.statusCode).toBe(200);
    const body = json<{ payments: Record<string, unknown>[]; collectedFor: unknown[]; fromMonth: string; token: string }>(answer);
    expect(body.fromMonth).toBe('2023-08');
    expect(body.payments).toEqual([
      expect.objectContaining({ month: '2024-07', cycleId, channel: 'TIEN_MAT', status: 'PAID', amountVnd: expect.any(Number), cashPlace: expect.stringContaining('VNPost'), paidAt: '2024-07-10' }),
    ]);
    expect(body.payments[0]!.amountVnd).toBeGreaterThan(0);
    expect(body.collectedFor).toEqual([]);
    // No category, programme code, personal ID or name in the answer.
    const text = answer.body;
    for (const hidden of ['BTXH', 'TGXH', 'category', mo.so_dinh_danh!, 'Lê Thị Mơ', 'K6']) expect(text).not.toContain(hidden);
    // A code works once.
    const again = await post('/api/public/self-service/status', { personalId: mo.so_dinh_danh, birthDate: mo.ngay_sinh, code });
    expect(json(again)).toMatchObject({ code: 'CODE_INVALID' });
  });

  it('answers the same whether or not the ID exists', async () => {
    const known = await requestCode(cu);
    const unknown = await post('/api/public/self-service/code', { personalId: '001099999999', birthDate: '01/01/1999', purpose: 'status' });
    const wrongBirth = await post('/api/public/self-service/code', { personalId: rep.so_dinh_danh, birthDate: '02/01/1960', purpose: 'status' });
    expect(json(known)).toEqual(json(unknown));
    expect(json(known)).toEqual(json(wrongBirth));
    const unknownStatus = await post('/api/public/self-service/status', { personalId: '001099999999', birthDate: '01/01/1999', code: '123456' });
    const wrongCode = await post('/api/public/self-service/status', { personalId: cu.so_dinh_danh, birthDate: cu.ngay_sinh, code: '000000' });
    expect(unknownStatus.statusCode).toBe(wrongCode.statusCode);
    expect(json(unknownStatus)).toEqual(json(wrongCode));
  });

  it('a representative sees the payments they collect, under a masked name', async () => {
    await requestCode(rep);
    const code = await lastCodeTo('0988000043');
    const body = json<{ payments: { status: string }[]; collectedFor: { name: string; payments: { month: string; status: string; channel: string }[] }[] }>(
      await post('/api/public/self-service/status', { personalId: rep.so_dinh_danh, birthDate: rep.ngay_sinh, code }),
    );
    expect(body.payments.map((payment) => payment.status)).toEqual(['IN_PROGRESS']);
    expect(body.collectedFor).toEqual([{ name: 'N***** T** Bé', payments: [expect.objectContaining({ month: '2024-07', status: 'PAID', channel: 'TIEN_MAT' })] }]);
    expect(JSON.stringify(body)).not.toContain('Nguyễn Thị Bé');
  });

  it('files a complaint from the page with the answer’s token; the officer sees it', async () => {
    await requestCode(cu);
    const code = await lastCodeTo('0988000041');
    const status = json<{ token: string; payments: { cycleId: number; status: string }[] }>(await post('/api/public/self-service/status', { personalId: cu.so_dinh_danh, birthDate: cu.ngay_sinh, code }));
    expect(status.payments.map((payment) => payment.status)).toEqual(['FAILED']);
    const filed = await post('/api/public/self-service/complaint', {
      personalId: cu.so_dinh_danh, birthDate: cu.ngay_sinh, token: status.token, kind: 'NOT_RECEIVED', text: 'Tôi đi vắng hôm chi trả, xin nhận lại', cycleId: status.payments[0]!.cycleId,
    });
    expect(filed.statusCode).toBe(200);
    expect(json(filed)).toMatchObject({ ok: true, complaintId: expect.any(Number), dueDate: '2024-08-02' });
    const forged = await post('/api/public/self-service/complaint', { personalId: mo.so_dinh_danh, birthDate: mo.ngay_sinh, token: status.token, kind: 'OTHER', text: 'x' });
    expect(json(forged)).toMatchObject({ code: 'SELF_SERVICE_SESSION_INVALID' });
    const listed = await complaintList(ctx, officer, { unit: '23293' });
    expect(listed).toEqual([expect.objectContaining({ source: 'SELF_SERVICE', kind: 'NOT_RECEIVED', cycleMonth: '2024-07', fullName: 'Phan Văn Cư', filedBy: expect.stringMatching(/^self:/) })]);
    ctx.setNow('2024-07-20T04:00:00Z');
    const expired = await post('/api/public/self-service/complaint', { personalId: cu.so_dinh_danh, birthDate: cu.ngay_sinh, token: status.token, kind: 'OTHER', text: 'Hỏi thêm' });
    expect(json(expired)).toMatchObject({ code: 'SELF_SERVICE_SESSION_INVALID' });
  });

  it('is rate-limited per ID, per phone and per address', async () => {
    ctx.setNow('2024-07-21T03:00:00Z');
    const before = () => sms.messages().length;
    await dispatchNotifications(ctx, { limit: 50 });
    const start = before();
    // per ID: 3 codes an hour
    for (let attempt = 0; attempt < 4; attempt++) expect((await requestCode(mo)).statusCode).toBe(200);
    await dispatchNotifications(ctx, { limit: 50 });
    expect(before() - start).toBe(3);
    // per phone: Cư shares Mơ's phone; 5 codes an hour to one phone
    for (let attempt = 0; attempt < 3; attempt++) expect((await requestCode(cu)).statusCode).toBe(200);
    await dispatchNotifications(ctx, { limit: 50 });
    expect(before() - start).toBe(5);
    // per address: the status route answers 429 after 10 tries a minute
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      statuses.push((await post('/api/public/self-service/status', { personalId: '001099999999', birthDate: '01/01/1999', code: '123456' }, '10.9.9.9')).statusCode);
    }
    expect(statuses.slice(0, 10).every((status) => status === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
