import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SmsHttpClient, type SmsSender } from '../src/adapters/notifications/sms.client.js';
import { domainError } from '../src/core/errors.js';
import { queryOne, queryRows } from '../src/db/client.js';
import { verificationRoutes } from '../src/modules/accounts/verification.routes.js';
import {
  dispatchNotifications,
  enqueueSms,
  notificationLimits,
  startNotificationDispatcher,
} from '../src/modules/notifications/notifications.service.js';
import { startSmsSimulator, type SmsSimulator } from '../src/simulators/sms/sms.simulator.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';

interface NotificationRow {
  id: string;
  phone: string;
  status: string;
  attempts: number;
  lastError: string | null;
  providerMessageId: string | null;
}

describe('SMS outbox and dispatcher', () => {
  let ctx: TestContext;
  let sms: SmsSimulator;

  const rows = () =>
    queryRows<NotificationRow>(
      ctx.db.orm,
      sql`SELECT id::text AS id, phone, status, attempts, last_error AS "lastError", provider_message_id AS "providerMessageId" FROM notifications n ORDER BY n.id`,
    );
  const enqueue = (phone: string | null, body: string) =>
    ctx.db.orm.transaction((tx) => enqueueSms(tx, { phone, body, purpose: 'test.message', entityType: 'test', entityId: 1 }));

  beforeAll(async () => {
    ctx = await createTestContext('2026-01-15T03:00:00Z');
    sms = await startSmsSimulator({ port: 0 });
  });
  afterEach(async () => {
    ctx.config.smsUrl = undefined;
    sms.clear();
    await ctx.db.orm.execute(sql`DELETE FROM notifications`);
  });
  afterAll(async () => {
    await sms?.close();
    await ctx?.close();
  });

  it('queues in the caller’s transaction, and skips people without a mobile phone', async () => {
    expect(await enqueue(null, 'Không gửi')).toBeNull();
    expect(await enqueue('02439876543', 'Số cố định không nhận được SMS')).toBeNull();
    await expect(
      ctx.db.orm.transaction(async (tx) => {
        await enqueueSms(tx, { phone: '0389123456', body: 'Thay đổi bị hủy', purpose: 'test.message' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await rows()).toEqual([]);
    const id = await enqueue('+84 389 123 456', 'Tài khoản của ông/bà đã được xác minh.');
    expect(id).toBeGreaterThan(0);
    expect(await rows()).toMatchObject([{ phone: '0389123456', status: 'PENDING', attempts: 0 }]);
    await expect(enqueue('0389123456', '')).rejects.toMatchObject({ code: 'NOTIFICATION_BODY_INVALID' });
  });

  it('without ASXH_SMS_URL leaves messages PENDING', async () => {
    await enqueue('0389123456', 'Chờ gửi');
    expect(await dispatchNotifications(ctx, { limit: 10 })).toEqual({ configured: false, sent: 0, failed: 0, retrying: 0, pending: 1, stoppedBy: null });
    expect((await rows())[0]).toMatchObject({ status: 'PENDING', attempts: 0 });
  });

  it('sends PENDING messages in id order; the gateway received the text', async () => {
    ctx.config.smsUrl = sms.url;
    await enqueue('0389123456', 'Tin thứ nhất');
    await enqueue('0912345678', 'Tin thứ hai');
    await enqueue('0389123456', 'Tin thứ ba');
    const result = await dispatchNotifications(ctx, { limit: 10 });
    expect(result).toEqual({ configured: true, sent: 3, failed: 0, retrying: 0, pending: 0, stoppedBy: null });
    expect(sms.messages('0389123456').map((message) => message.text)).toEqual(['Tin thứ nhất', 'Tin thứ ba']);
    const listed = (await (await fetch(`${sms.url}/v1/messages?to=0912345678`)).json()) as { messages: { text: string }[] };
    expect(listed.messages.map((message) => message.text)).toEqual(['Tin thứ hai']);
    for (const row of await rows()) expect(row).toMatchObject({ status: 'SENT', attempts: 1, lastError: null, providerMessageId: expect.any(String) });
    // Nothing is sent twice.
    expect(await dispatchNotifications(ctx, { limit: 10 })).toMatchObject({ sent: 0, pending: 0 });
    expect(sms.messages()).toHaveLength(3);
    const cleared = (await (await fetch(`${sms.url}/v1/messages`, { method: 'DELETE' })).json()) as { deleted: number };
    expect(cleared.deleted).toBe(3);
  });

  it('respects the limit (bounded run)', async () => {
    ctx.config.smsUrl = sms.url;
    for (let index = 0; index < 15; index++) await enqueue('0389123456', `Tin ${index}`);
    expect(await dispatchNotifications(ctx, { limit: 12 })).toMatchObject({ sent: 12, pending: 3 });
    expect(sms.messages().map((message) => message.text)).toEqual(Array.from({ length: 12 }, (_, index) => `Tin ${index}`));
  });

  it('concurrent dispatchers never send a message twice', async () => {
    ctx.config.smsUrl = sms.url;
    for (let index = 0; index < 40; index++) await enqueue('0389123456', `Tin ${index}`);
    const [first, second] = await Promise.all([dispatchNotifications(ctx, { limit: 100 }), dispatchNotifications(ctx, { limit: 100 })]);
    expect(first.sent + second.sent).toBe(40);
    const texts = sms.messages().map((message) => message.text);
    expect(texts).toHaveLength(40);
    expect(new Set(texts).size).toBe(40);
  });

  it('an unreachable gateway stops the run and retries later; FAILED after 5 attempts', async () => {
    await enqueue('0389123456', 'Tin A');
    await enqueue('0389123456', 'Tin B');
    const down = new SmsHttpClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 200 });
    const first = await dispatchNotifications(ctx, { sender: down });
    expect(first).toMatchObject({ configured: true, sent: 0, retrying: 1, pending: 2, stoppedBy: 'SMS_UNAVAILABLE' });
    // Only the first message was tried: the second keeps its attempts for when the gateway is back.
    expect((await rows()).map((row) => row.attempts)).toEqual([1, 0]);
    for (let run = 2; run <= notificationLimits.attemptsMax; run++) await dispatchNotifications(ctx, { sender: down });
    const [a, b] = await rows();
    expect(a).toMatchObject({ status: 'FAILED', attempts: 5, lastError: expect.stringContaining('SMS_UNAVAILABLE') });
    expect(b).toMatchObject({ status: 'PENDING', attempts: 0 });
  });

  it('a message the gateway refuses fails at once; the next one is still sent', async () => {
    await enqueue('0389123456', 'Bị từ chối');
    await enqueue('0912345678', 'Được gửi');
    const sender: SmsSender = {
      async send(message) {
        if (message.to === '0389123456') throw domainError('SMS_REJECTED', 502, 'Từ chối', 'Refused', { status: 400 });
        return { messageId: `id-${message.idempotencyKey}` };
      },
    };
    expect(await dispatchNotifications(ctx, { sender })).toMatchObject({ sent: 1, failed: 1, retrying: 0, pending: 0, stoppedBy: null });
    const [refused, sent] = await rows();
    expect(refused).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(sent).toMatchObject({ status: 'SENT', providerMessageId: `id-asxh-notification-${sent!.id}` });
  });

  it('the dispatcher timer sends in the background and stops cleanly', async () => {
    ctx.config.smsUrl = sms.url;
    const errors: unknown[] = [];
    const stop = startNotificationDispatcher(ctx, { intervalMs: 50, onError: (error) => errors.push(error) });
    try {
      await enqueue('0389123456', 'Gửi nền');
      for (let wait = 0; wait < 100 && sms.messages().length === 0; wait++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sms.messages().map((message) => message.text)).toEqual(['Gửi nền']);
    } finally {
      await stop();
    }
    expect(errors).toEqual([]);
    const status = await queryOne<{ status: string }>(ctx.db.orm, sql`SELECT status FROM notifications`);
    expect(status).toEqual({ status: 'SENT' });
  });

  it('a failing run is reported, not an unhandled rejection', async () => {
    const errors: unknown[] = [];
    const broken = { ...ctx, config: { ...ctx.config, smsUrl: sms.url }, db: { ...ctx.db, orm: { ...ctx.db.orm, execute: () => Promise.reject(new Error('database gone')), transaction: () => Promise.reject(new Error('database gone')) } } } as unknown as TestContext;
    await enqueue('0389123456', 'Tin');
    const stop = startNotificationDispatcher(broken, { intervalMs: 50, onError: (error) => errors.push(error) });
    for (let wait = 0; wait < 100 && errors.length < 2; wait++) await new Promise((resolve) => setTimeout(resolve, 50));
    await stop();
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect((errors[0] as Error).message).toBe('database gone');
  });

  it('POST /api/v1/notifications/dispatch is for administrators', async () => {
    const app: FastifyInstance = await createTestApp(ctx);
    if (!app.hasRoute({ method: 'POST', url: '/api/v1/notifications/dispatch' })) await app.register(verificationRoutes(ctx));
    try {
      await createTestUser(ctx, { username: 'adm', role: 'admin', unitCode: null });
      await createTestUser(ctx, { username: 'kontum', role: 'officer', unitCode: '23293' });
      ctx.config.smsUrl = sms.url;
      await enqueue('0389123456', 'Tin từ API');
      const officer = await app.inject({ method: 'POST', url: '/api/v1/notifications/dispatch', headers: { cookie: await loginCookie(app, 'kontum') }, payload: {} });
      expect(officer.statusCode).toBe(403);
      const admin = await app.inject({ method: 'POST', url: '/api/v1/notifications/dispatch', headers: { cookie: await loginCookie(app, 'adm') }, payload: { limit: 5 } });
      expect(admin.statusCode).toBe(200);
      expect(json(admin)).toMatchObject({ configured: true, sent: 1, pending: 0 });
      const audit = await queryOne<{ count: number }>(ctx.db.orm, sql`SELECT count(*)::int AS count FROM audit_events WHERE action = 'notifications.dispatched'`);
      expect(audit?.count).toBe(1);
    } finally {
      await app.close();
    }
  });
});
