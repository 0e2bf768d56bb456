import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './webhook.js';

const secret = 'whsec_test_5f2b';
const body = '{"event_id":"evt_1","reference_id":"SA25070100000001","status":"succ","name":"Nguyễn Thị Đào"}';
const now = 1_751_333_400;

describe('signWebhook', () => {
  it('signs t + "." + body with HMAC-SHA256 in hex', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(signWebhook(secret, body, now)).toBe(`t=${now},v1=${expected}`);
    expect(signWebhook(secret, Buffer.from(body, 'utf8'), now)).toBe(signWebhook(secret, body, now));
    expect(() => signWebhook(secret, body, 1.5)).toThrow(RangeError);
  });
});

describe('verifyWebhook', () => {
  const header = signWebhook(secret, body, now);

  it('accepts a valid signature within the tolerance', () => {
    expect(verifyWebhook(secret, body, header, { nowSeconds: now + 299 })).toEqual({ valid: true, timestampSeconds: now });
    expect(verifyWebhook(secret, Buffer.from(body), header, { nowSeconds: now - 299 }).valid).toBe(true);
  });

  it('rejects a body changed by one byte', () => {
    const changed = Buffer.from(body);
    changed[10] = changed[10]! ^ 0x01;
    expect(verifyWebhook(secret, changed, header, { nowSeconds: now })).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('rejects a signature 1000 s old, even with a valid HMAC', () => {
    expect(verifyWebhook(secret, body, header, { nowSeconds: now + 1000 })).toEqual({ valid: false, reason: 'expired' });
    expect(verifyWebhook(secret, body, header, { nowSeconds: now + 1000, toleranceSeconds: 1000 }).valid).toBe(true);
  });

  it('rejects the wrong secret', () => {
    expect(verifyWebhook('whsec_other', body, header, { nowSeconds: now })).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('rejects malformed headers', () => {
    const v1 = header.split(',')[1]!;
    for (const bad of ['', 'garbage', `t=${now}`, v1, `t=abc,${v1}`, `t=${now},t=${now},${v1}`, `t=${now},v1=zz`, `t=${now},v1=${'a'.repeat(63)}`, `t=${now},${v1},x`, `t=${now},${`${v1},`.repeat(9)}`.slice(0, -1)]) {
      expect(verifyWebhook(secret, body, bad, { nowSeconds: now }), bad).toEqual({ valid: false, reason: 'malformed' });
    }
  });

  it('accepts any of several v1 values and several secrets (rotation), ignoring other schemes', () => {
    const oldSignature = signWebhook('whsec_old', body, now).split(',')[1]!;
    const rotated = `t=${now},v0=deadbeef,${oldSignature},${header.split(',')[1]!}`;
    expect(verifyWebhook(secret, body, rotated, { nowSeconds: now }).valid).toBe(true);
    expect(verifyWebhook('whsec_old', body, rotated, { nowSeconds: now }).valid).toBe(true);
    expect(verifyWebhook(['whsec_new', secret], body, header, { nowSeconds: now }).valid).toBe(true);
    expect(verifyWebhook(['whsec_new'], body, header, { nowSeconds: now }).valid).toBe(false);
  });
});
