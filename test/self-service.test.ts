import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listProposals } from '../src/modules/accounts/proposals.service.js';
import type { Actor } from '../src/modules/access/scope.js';
import { dispatchNotifications } from '../src/modules/notifications/notifications.service.js';
import { startSmsSimulator, type SmsSimulator } from '../src/simulators/sms/sms.simulator.js';
import { createTestApp, createTestContext, createTestUser, json, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { idFor, personRow } from './helpers/people.js';
import { importApproved } from './helpers/imports.js';

const person = personRow({ ho_ten: 'Lê Thị Mơ', ngay_sinh: '07/07/1950', gioi_tinh: 'Nữ', so_dinh_danh: idFor('07/07/1950', 'Nữ', 41), ma_doi_tuong: 'BTXH_K6_NANG', so_dien_thoai: '0988000041' });

describe('self-service account registration', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let sms: SmsSimulator;
  let officer: Actor;

  beforeAll(async () => {
    sms = await startSmsSimulator({ port: 0 });
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    ctx.config.smsUrl = sms.url;
    officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    await importApproved(ctx, officer, { path: writeTemplateCsv(join(tempDir(), 'p.csv'), [person]), dryRun: false });
    app = await createTestApp(ctx);
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
    await sms.close();
  });

  const post = (url: string, payload: object, ip = '10.0.0.1') => app.inject({ method: 'POST', url, payload, remoteAddress: ip });

  it('answers the same whether or not the ID exists, and sends a code only to the phone on file', async () => {
    const known = await post('/api/public/self-service/code', { personalId: person.so_dinh_danh, birthDate: '07/07/1950' });
    const unknown = await post('/api/public/self-service/code', { personalId: '001099999999', birthDate: '01/01/1999' });
    const wrongBirth = await post('/api/public/self-service/code', { personalId: person.so_dinh_danh, birthDate: '08/07/1950' });
    expect(known.statusCode).toBe(200);
    expect(json(known)).toEqual(json(unknown));
    expect(json(known)).toEqual(json(wrongBirth));
    await dispatchNotifications(ctx, { limit: 10 });
    const messages = sms.messages();
    expect(messages.map((message) => message.to)).toEqual(['0988000041']);
    const code = /(\d{6})/.exec(messages[0]!.text)![1]!;

    const wrong = await post('/api/public/self-service/proposal', { personalId: person.so_dinh_danh, birthDate: '07/07/1950', code: '000000', channel: 'TIEN_MAT' });
    expect(json(wrong)).toMatchObject({ code: 'CODE_INVALID' });
    const ok = await post('/api/public/self-service/proposal', {
      personalId: person.so_dinh_danh, birthDate: '07/07/1950', code, channel: 'MOBILE_MONEY', providerCode: '971005', accountNumber: '0988000041', accountHolder: 'Lê Thị Mơ',
    });
    expect(json(ok)).toMatchObject({ ok: true });
    // The proposal waits in the commune's approval queue like any other.
    const queue = await listProposals(ctx, officer, { status: 'PENDING' });
    expect(queue.map((item) => [item.source, item.channel])).toEqual([['SELF_SERVICE', 'MOBILE_MONEY']]);
    // A code works once.
    const again = await post('/api/public/self-service/proposal', { personalId: person.so_dinh_danh, birthDate: '07/07/1950', code, channel: 'TIEN_MAT' });
    expect(json(again)).toMatchObject({ code: 'CODE_INVALID' });
  });

  it('is rate-limited per address', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      statuses.push((await post('/api/public/self-service/code', { personalId: '001099999999', birthDate: '01/01/1999' }, '10.0.0.9')).statusCode);
    }
    expect(statuses.slice(0, 5).every((status) => status === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
