import { Writable } from 'node:stream';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmsHttpClient } from '../src/adapters/notifications/sms.client.js';
import { commands } from '../src/app/commands.js';
import { exportBatchFile } from '../src/modules/disbursement/files.service.js';
import { ingestResults } from '../src/modules/disbursement/reconcile.service.js';
import { personPaymentHistory } from '../src/modules/beneficiary/history.service.js';
import { applyDeliveryReport, listNotifications, setPersonOptOut, setTemplate } from '../src/modules/notifications/notices.service.js';
import { dispatchNotifications } from '../src/modules/notifications/notifications.service.js';
import { defaultTemplates, renderTemplate, withoutDiacritics } from '../src/modules/notifications/templates.js';
import { startSmsSimulator, type SmsSimulator } from '../src/simulators/sms/sms.simulator.js';
import { createTestContext, createTestUser, type TestContext } from './helpers/context.js';
import { createFundedCycle, fixturePeople, itemStates, walletCode, type FundedCycle } from './helpers/disbursement-fixture.js';

/**
 * Payment news (issue 22, item 1): an SMS when a transfer is credited, when it failed and what
 * happens next; the province's wording; never twice; opt-out; the gateway's form and delivery.
 */
describe('payment news by SMS', () => {
  let ctx: TestContext;
  let cycle: FundedCycle;
  let sms: SmsSimulator;
  const wallet = fixturePeople.filter((person) => person.hinh_thuc_nhan === 'MOBILE_MONEY');
  const [paidId, failedId, optedOutId] = wallet.map((person) => person.so_dinh_danh!);

  beforeAll(async () => {
    ctx = await createTestContext();
    // The gateway of this test sends GSM-7 only: the form without diacritics (ASXH_SMS_ASCII=1).
    Object.assign(ctx.config, { smsAscii: true });
    cycle = await createFundedCycle(ctx, { failurePolicy: 'CARRY_OVER' });
    await exportBatchFile(ctx, cycle.officer, { cycleId: cycle.cycleId, providerCode: walletCode, format: 'csv', output: new Writable({ write: (_c, _e, done) => done() }), handOver: true });
    sms = await startSmsSimulator({ port: 0 });
  });
  afterAll(async () => {
    await sms.close();
    await ctx.close();
  });

  const walletResults = async (key: string, statuses: Record<string, 'PAID' | 'FAILED'>) => {
    const items = (await itemStates(ctx, cycle.cycleId)).filter((item) => item.providerCode === walletCode && statuses[item.personalId]);
    return ingestResults(ctx, cycle.officer, {
      cycleId: cycle.cycleId, source: 'csv', messageKey: key, binding: { providerCode: walletCode, channelGroup: 'WALLET', cash: 'refused' },
      records: items.map((item) => statuses[item.personalId] === 'PAID'
        ? { endToEndId: item.endToEndId, status: 'PAID' as const, paidAt: '2024-07-16T10:00:00+07:00' }
        : { endToEndId: item.endToEndId, status: 'FAILED' as const, reasonCode: 'AC04' }),
    });
  };

  it('tells the credited and the failed, with what happens next, in the default wording without diacritics', async () => {
    await setPersonOptOut(ctx, cycle.officer, { personalId: optedOutId!, optOut: true, reason: 'Không muốn nhận tin' });
    await walletResults('notices-1', { [paidId!]: 'PAID', [failedId!]: 'FAILED', [optedOutId!]: 'PAID' });
    const [credited] = await listNotifications(ctx, cycle.officer, { personalId: paidId! });
    expect(credited).toMatchObject({ kind: 'PAYMENT_CREDITED', status: 'PENDING', delivery: null, segments: 1 });
    const amount = /(\d{1,3}(?:\.\d{3})+)d/.exec(credited!.text)![1]!;
    expect(credited!.text).toBe(withoutDiacritics(renderTemplate(defaultTemplates['payment.credited'], {
      thang: '07/2024', so_tien: amount, kenh: 'Mobile Money', to_chuc: 'Viettel Money', tk: `...${paidId === wallet[0]!.so_dinh_danh ? wallet[0]!.so_tai_khoan!.slice(-4) : ''}`, ngay: '16/07',
    })));
    const [failed] = await listNotifications(ctx, cycle.officer, { personalId: failedId! });
    expect(failed!.kind).toBe('PAYMENT_FAILED');
    expect(failed!.text).toContain('tai khoan da dong');
    expect(failed!.text).toContain('Se chi cung ky sau');
    // opted out: nothing
    expect(await listNotifications(ctx, cycle.officer, { personalId: optedOutId! })).toEqual([]);
  });

  it('never tells the same payment twice, whatever repeats the result', async () => {
    await walletResults('notices-2', { [paidId!]: 'PAID', [failedId!]: 'FAILED' });
    expect(await listNotifications(ctx, cycle.officer, { personalId: paidId! })).toHaveLength(1);
    expect(await listNotifications(ctx, cycle.officer, { personalId: failedId! })).toHaveLength(1);
  });

  it('never carries a whole personal ID or account number', async () => {
    const all = await listNotifications(ctx, cycle.officer, { unitCode: '23293' });
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const message of all) {
      for (const person of fixturePeople) {
        expect(message.text).not.toContain(person.so_dinh_danh);
        if (person.so_tai_khoan) expect(message.text).not.toContain(person.so_tai_khoan);
      }
    }
  });

  it('lets the province word its messages, within two SMS, with known variables and no long numbers', async () => {
    const province = await createTestUser(ctx, { username: 'tinh51', role: 'province', unitCode: '51' });
    const set = await setTemplate(ctx, province, { kind: 'PAYMENT_CREDITED', text: 'Sở Y tế Quảng Ngãi: tháng {thang} ông/bà đã nhận {so_tien}đ vào {kenh} {tk}.' });
    expect(set).toMatchObject({ source: 'PROVINCE', segments: 1 });
    await expect(setTemplate(ctx, province, { kind: 'PAYMENT_CREDITED', text: 'ASXH {thang} {so_tien} {ho_ten}' })).rejects.toMatchObject({ code: 'TEMPLATE_VARIABLE_UNKNOWN' });
    await expect(setTemplate(ctx, province, { kind: 'PAYMENT_CREDITED', text: 'ASXH {thang} gọi 0912345678901 {so_tien}' })).rejects.toMatchObject({ code: 'TEMPLATE_SENSITIVE' });
    await expect(setTemplate(ctx, province, { kind: 'PAYMENT_FAILED', text: `${'Thông báo dài '.repeat(25)}{ly_do}` })).rejects.toMatchObject({ code: 'TEMPLATE_TOO_LONG' });
    // another province's wording is not this one's to set
    await expect(setTemplate(ctx, province, { kind: 'PAYMENT_CREDITED', provinceCode: '46', text: 'ASXH {thang}' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const listed = await commands['notifications.templates']!.run(ctx, province, {});
    expect(Value.Check(commands['notifications.templates']!.result, listed)).toBe(true);
  });

  it('sends through the gateway in its form, and records the delivery report', async () => {
    const sender = new SmsHttpClient({ baseUrl: sms.url });
    const result = await dispatchNotifications(ctx, { sender });
    expect(result.sent).toBeGreaterThanOrEqual(2);
    const [credited] = await listNotifications(ctx, cycle.officer, { personalId: paidId! });
    expect(credited!.status).toBe('SENT');
    const received = sms.messages().find((message) => message.text === credited!.text);
    expect(received).toBeDefined();
    expect(await applyDeliveryReport(ctx, { messageId: received!.messageId, status: 'DELIVERED' })).toEqual({ applied: true });
    expect(await applyDeliveryReport(ctx, { messageId: 'unknown-id', status: 'DELIVERED' })).toEqual({ applied: false });
    const listed = await commands['notifications.list']!.run(ctx, cycle.officer, { person: paidId! });
    expect(Value.Check(commands['notifications.list']!.result, listed)).toBe(true);
    expect((listed as { delivery: string }[])[0]!.delivery).toBe('DELIVERED');
    // a second dispatch sends nothing again
    const again = await dispatchNotifications(ctx, { sender });
    expect(again.sent).toBe(0);
  });
});

describe('a person’s payment history on their record', () => {
  let ctx: TestContext;
  let cycle: FundedCycle;
  beforeAll(async () => {
    ctx = await createTestContext();
    cycle = await createFundedCycle(ctx, { failurePolicy: 'CARRY_OVER' });
    await exportBatchFile(ctx, cycle.officer, { cycleId: cycle.cycleId, providerCode: walletCode, format: 'csv', output: new Writable({ write: (_c, _e, done) => done() }), handOver: true });
  });
  afterAll(async () => ctx.close());

  it('answers "was I paid?": month, amount, channel, status, the reason of a failure and what happens next', async () => {
    const wallet = fixturePeople.filter((person) => person.hinh_thuc_nhan === 'MOBILE_MONEY').map((person) => person.so_dinh_danh!);
    const items = (await itemStates(ctx, cycle.cycleId)).filter((item) => item.providerCode === walletCode);
    await ingestResults(ctx, cycle.officer, {
      cycleId: cycle.cycleId, source: 'csv', messageKey: 'history-1', binding: { providerCode: walletCode, channelGroup: 'WALLET', cash: 'refused' },
      records: items.map((item) => item.personalId === wallet[0] ? { endToEndId: item.endToEndId, status: 'PAID' as const, paidAt: '2024-07-16T10:00:00+07:00' } : { endToEndId: item.endToEndId, status: 'FAILED' as const, reasonCode: 'AC04' }),
    });
    const [paid] = await personPaymentHistory(ctx, cycle.officer, wallet[0]!);
    expect(paid).toMatchObject({ month: '2024-07', channel: 'MOBILE_MONEY', status: 'PAID', paidAt: '2024-07-16', reason: null, next: null });
    const [failed] = await personPaymentHistory(ctx, cycle.officer, wallet[1]!);
    expect(failed).toMatchObject({ status: 'FAILED', reasonCode: 'AC04', reason: 'tài khoản đã đóng', next: 'Chi cùng kỳ sau (cập nhật tài khoản nếu cần)' });
    const bank = fixturePeople.find((person) => person.hinh_thuc_nhan === 'TK_NGAN_HANG')!.so_dinh_danh!;
    expect((await personPaymentHistory(ctx, cycle.officer, bank))[0]).toMatchObject({ status: 'IN_PROGRESS', next: 'Đang chờ kết quả của tổ chức chi trả' });
    // another commune's officer does not find the person
    const other = await createTestUser(ctx, { username: 'canbo.dakha', role: 'officer', unitCode: '23500' });
    await expect(personPaymentHistory(ctx, other, bank)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
