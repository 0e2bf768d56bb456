import { describe, expect, it } from 'vitest';
import { buildVietQr, crc16CcittFalse, parseVietQr, toQrText } from './vietqr.js';
import { vnd } from '../../core/money.js';

// PAYMENT-FORMATS §4.2 test vectors #1–#4.
const vector1 = '00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN63049E6F';
const vector2 =
  '00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E';
const vector3 = '00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52';
const vector4 =
  '00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA530370454061800005802VN62230819thanh toan don hang630470FA';

describe('crc16CcittFalse', () => {
  it('has the standard check value', () => {
    expect(crc16CcittFalse('123456789')).toBe('29B1');
  });

  it('zero-pads to four hex digits', () => {
    expect(crc16CcittFalse('')).toBe('FFFF');
    expect(crc16CcittFalse('A')).toMatch(/^[0-9A-F]{4}$/);
  });
});

describe('buildVietQr', () => {
  it('reproduces vector #1 (static, account)', () => {
    expect(buildVietQr({ bin: '970403', accountNumber: '0011012345678' })).toBe(vector1);
  });

  it('reproduces vector #2 (dynamic, amount, bill number, purpose)', () => {
    const payload = buildVietQr({
      bin: '970403',
      accountNumber: '0011012345678',
      amountVnd: vnd(180_000n),
      billNumber: 'NPS6869',
      purpose: 'thanh toan don hang',
    });
    expect(payload).toBe(vector2);
  });

  it('reproduces vector #3 (static, card)', () => {
    expect(buildVietQr({ bin: '970403', accountNumber: '9704031101234567', service: 'QRIBFTTC' })).toBe(vector3);
  });

  it('reproduces vector #4 (dynamic, purpose only)', () => {
    const payload = buildVietQr({ bin: '970436', accountNumber: '1017595600', amountVnd: vnd(180_000n), purpose: 'thanh toan don hang' });
    expect(payload).toBe(vector4);
  });

  it('folds diacritics in the purpose but keeps case', () => {
    expect(toQrText('Hoàn trả  ĐỢT 7; hồ sơ #12')).toBe('Hoan tra DOT 7 ho so 12');
    const payload = buildVietQr({ bin: '970403', accountNumber: '123456', purpose: 'Hoàn trả tiền đợt 7' });
    expect(parseVietQr(payload).purpose).toBe('Hoan tra tien dot 7');
  });

  it('refuses bad input with a clear message', () => {
    expect(() => buildVietQr({ bin: '97040', accountNumber: '1' })).toThrow(/6-digit NAPAS BIN/);
    expect(() => buildVietQr({ bin: '970403', accountNumber: '12345678901234567890' })).toThrow(/1–19 letters or digits/);
    expect(() => buildVietQr({ bin: '970403', accountNumber: '12-34' })).toThrow(/accountNumber/);
    expect(() => buildVietQr({ bin: '970403', accountNumber: '1', amountVnd: vnd(0n) })).toThrow(/positive/);
    expect(() => buildVietQr({ bin: '970403', accountNumber: '1', amountVnd: vnd(10_000_000_000_000n) })).toThrow(/13 digits/);
    expect(() => buildVietQr({ bin: '970403', accountNumber: '1', purpose: 'x'.repeat(26) })).toThrow(/purpose must be 1–25/);
    expect(() => buildVietQr({ bin: '970403', accountNumber: '1', purpose: '@@@' })).toThrow(/purpose/);
    expect(() => buildVietQr({ bin: '970403', accountNumber: '1', billNumber: 'Mã số' })).toThrow(/billNumber/);
  });
});

describe('parseVietQr', () => {
  it('parses every test vector', () => {
    expect(parseVietQr(vector1)).toEqual({
      bin: '970403',
      accountNumber: '0011012345678',
      service: 'QRIBFTTA',
      initiation: 'static',
      amountVnd: null,
      billNumber: null,
      purpose: null,
    });
    expect(parseVietQr(vector2)).toMatchObject({ amountVnd: vnd(180_000n), billNumber: 'NPS6869', purpose: 'thanh toan don hang', initiation: 'dynamic' });
    expect(parseVietQr(vector3)).toMatchObject({ service: 'QRIBFTTC', accountNumber: '9704031101234567' });
    expect(parseVietQr(vector4)).toMatchObject({ bin: '970436', accountNumber: '1017595600', amountVnd: vnd(180_000n), billNumber: null });
  });

  it('round-trips what it builds, keeping leading zeros', () => {
    const input = { bin: '970418', accountNumber: '000123', amountVnd: vnd(1_250_000n), billNumber: 'HS-00000001' };
    expect(parseVietQr(buildVietQr(input))).toMatchObject({ ...input, service: 'QRIBFTTA' });
  });

  it('accepts a trailing newline and a lower-case CRC', () => {
    expect(parseVietQr(`${vector1.slice(0, -4)}9e6f\n`).bin).toBe('970403');
  });

  it('rejects a changed character through the CRC', () => {
    const tampered = vector1.replace('0011012345678', '0011012345679');
    expect(() => parseVietQr(tampered)).toThrow(/CRC 9E6F does not match/);
  });

  it('rejects the malformed F4E5 string from the NAPAS document', () => {
    const malformed = '00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304F4E5';
    expect(() => parseVietQr(malformed)).toThrow(/VietQR/);
  });

  it('explains structural problems', () => {
    const withCrc = (body: string) => `${body}6304${crc16CcittFalse(`${body}6304`)}`;
    expect(() => parseVietQr('0002')).toThrow(/does not end with a CRC/);
    expect(() => parseVietQr(withCrc('000201010211'))).toThrow(/tag 53 is missing/);
    expect(() => parseVietQr(withCrc('00020100020153037045802VN'))).toThrow(/tag 00 appears twice/);
    expect(() => parseVietQr(withCrc('0002015303840'))).toThrow(/currency is not VND/);
    const merchant = withCrc('00020101021138570010A00000072701270006970403011300110123456780208QRPUSH0053037045802VN');
    expect(() => parseVietQr(merchant)).toThrow(/tag 38 runs past the end|service/);
    const otherScheme = withCrc('00020101021138570010A00000072801270006970403011300110123456780208QRIBFTTA53037045802VN');
    expect(() => parseVietQr(otherScheme)).toThrow(/not a NAPAS account/);
    expect(() => parseVietQr('Tài khoản 123')).toThrow(/printable ASCII/);
  });
});
