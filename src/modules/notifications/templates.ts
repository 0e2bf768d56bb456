import { domainError } from '../../core/errors.js';

/**
 * The payment news a beneficiary receives (issue 22): its kinds, the national wording, the
 * variables a province's wording may use, and the checks a wording must pass — at most two SMS
 * segments in the form the gateway sends, no variable that does not exist, nothing that looks like
 * a whole personal ID or account number. The same wording is rendered here (previews, checks) and
 * in SQL (notices.repository.ts, for a whole cycle at once); a test keeps the two equal.
 */
export const paymentPurposes = ['payment.credited', 'payment.failed', 'payment.cash_schedule', 'payment.cash_paid'] as const;
export type PaymentPurpose = (typeof paymentPurposes)[number];

/** The kind as the list shows it: payment.credited → PAYMENT_CREDITED. */
export const kindOf = (purpose: string) => purpose.toUpperCase().replace(/[.-]/g, '_');

export const defaultTemplates: Record<PaymentPurpose, string> = {
  'payment.credited': 'ASXH: Trợ cấp tháng {thang} {so_tien}đ đã chuyển vào {kenh} {to_chuc} {tk} ngày {ngay}.',
  'payment.failed': 'ASXH: Trợ cấp tháng {thang} {so_tien}đ chưa chuyển được: {ly_do}. {tiep_theo}',
  'payment.cash_schedule': 'ASXH: Trợ cấp tháng {thang} {so_tien}đ chi tiền mặt ngày {ngay} {gio} tại {dia_diem}. Mang theo CCCD.',
  'payment.cash_paid': 'ASXH: Trợ cấp tháng {thang} {so_tien}đ đã chi tiền mặt ngày {ngay}. Nếu chưa nhận được, báo ngay UBND xã.',
};

/** Variables of each kind; the worst case of each value is what the length check renders. */
const variables: Record<PaymentPurpose, readonly string[]> = {
  'payment.credited': ['thang', 'so_tien', 'kenh', 'to_chuc', 'tk', 'ngay'],
  'payment.failed': ['thang', 'so_tien', 'kenh', 'to_chuc', 'tk', 'ly_do', 'tiep_theo'],
  'payment.cash_schedule': ['thang', 'so_tien', 'ngay', 'gio', 'dia_diem'],
  'payment.cash_paid': ['thang', 'so_tien', 'ngay'],
};

export const channelWords: Record<string, string> = {
  TK_NGAN_HANG: 'tài khoản',
  VI_DIEN_TU: 'ví',
  MOBILE_MONEY: 'Mobile Money',
  TIEN_MAT: 'tiền mặt',
  TAI_NHA: 'tiền mặt tại nhà',
};

/** Why a payment did not arrive, in words a beneficiary understands (ISO and cash codes). */
export const reasonWords: Record<string, string> = {
  AC01: 'số tài khoản không đúng',
  AC03: 'số tài khoản không đúng',
  AC04: 'tài khoản đã đóng',
  AC06: 'tài khoản bị phong tỏa',
  AC07: 'tài khoản đã đóng',
  AG01: 'tài khoản không nhận được',
  BE01: 'tên chủ tài khoản không khớp',
  MD07: 'người hưởng đã mất',
  UNCLAIMED: 'chưa đến nhận',
  REFUSED: 'từ chối nhận',
};
export const reasonOther = 'không chuyển được';

export const followUpWords: Record<string, string> = {
  CASH_SAME_CYCLE: 'Sẽ chi tiền mặt tại xã trong tháng.',
  CARRY_OVER: 'Sẽ chi cùng kỳ sau; liên hệ UBND xã.',
};
export const followUpOther = 'Liên hệ UBND xã.';

/** The longest value each variable takes, for the length check of a wording. */
const worstCase: Record<string, string> = {
  thang: '12/2026',
  so_tien: '99.999.999',
  kenh: 'tiền mặt tại nhà',
  to_chuc: 'VIETCOMBANK',
  tk: '...1234',
  ngay: '31/12',
  gio: '7:30-11:00',
  dia_diem: 'Nhà văn hóa thôn 12',
  ly_do: Object.values(reasonWords).reduce((a, b) => (a.length >= b.length ? a : b)),
  tiep_theo: Object.values(followUpWords).reduce((a, b) => (a.length >= b.length ? a : b)),
};

export type SmsForm = 'unicode' | 'ascii';

/** Vietnamese without diacritics, case kept (the form for gateways that send GSM-7 only). */
export function withoutDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

/** Every precomposed Vietnamese letter and its form without diacritics, for SQL translate(). */
export const diacriticsTable: { from: string; to: string } = (() => {
  const bases = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
  const tones = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
  let from = 'đĐ';
  let to = 'dD';
  for (const base of bases) {
    for (const tone of tones) {
      for (const letter of [base, base.toUpperCase()]) {
        const composed = (letter + tone).normalize('NFC');
        const plain = withoutDiacritics(composed);
        if (composed !== plain && !from.includes(composed)) {
          from += composed;
          to += plain;
        }
      }
    }
  }
  return { from, to };
})();

const gsm7 = /^[A-Za-z0-9 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/;

/** SMS segments of a text: GSM-7 160 / 153 per part, else UCS-2 70 / 67 per part. */
export function smsSegments(text: string): number {
  const [single, part] = gsm7.test(text) ? [160, 153] : [70, 67];
  return text.length <= single ? 1 : Math.ceil(text.length / part);
}

export const smsSegmentsMax = 2;

/** Renders a wording with values (the same replacements as the SQL of notices.repository.ts). */
export function renderTemplate(body: string, values: Record<string, string>): string {
  return body.replace(/\{([a-z_]+)\}/g, (whole, name: string) => values[name] ?? whole).replace(/\s+/g, ' ').trim();
}

/** The text as the gateway sends it. */
export function smsText(body: string, form: SmsForm): string {
  return form === 'ascii' ? withoutDiacritics(body) : body;
}

function templateError(code: string, vi: string, en: string, details: Record<string, unknown> = {}) {
  return domainError(code, 400, vi, en, { field: 'text', ...details });
}

/**
 * Checks a province's wording: known variables only, no long digit run (a whole ID or account
 * number never goes into a message), at most two segments with the longest values in the form
 * sent. Returns the wording trimmed, and the worst case with its segments (for the preview).
 */
export function checkTemplate(purpose: string, body: string, form: SmsForm): { body: string; sample: string; segments: number } {
  if (!(paymentPurposes as readonly string[]).includes(purpose)) {
    throw domainError('TEMPLATE_KIND_INVALID', 400, `Loại tin nhắn không hợp lệ: ${purpose}`, `Unknown message kind: ${purpose}`, { field: 'kind', allowed: paymentPurposes });
  }
  const text = body.replace(/\s+/g, ' ').trim();
  if (text.length === 0) throw templateError('TEMPLATE_EMPTY', 'Nội dung tin nhắn trống', 'The message text is empty');
  const allowed = variables[purpose as PaymentPurpose];
  const unknown = [...text.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]!).filter((name) => !allowed.includes(name));
  if (unknown.length > 0) {
    throw templateError('TEMPLATE_VARIABLE_UNKNOWN', `Biến không dùng được: ${unknown.map((name) => `{${name}}`).join(', ')}; dùng: ${allowed.map((name) => `{${name}}`).join(' ')}`,
      `Unknown variables: ${unknown.map((name) => `{${name}}`).join(', ')}; allowed: ${allowed.map((name) => `{${name}}`).join(' ')}`, { unknown, allowed });
  }
  if (/\d{9,}/.test(text)) {
    throw templateError('TEMPLATE_SENSITIVE', 'Tin nhắn không được chứa dãy số dài (số định danh, số tài khoản)', 'A message must not contain a long digit run (personal ID, account number)');
  }
  const sample = smsText(renderTemplate(text, worstCase), form);
  const segments = smsSegments(sample);
  if (segments > smsSegmentsMax) {
    throw templateError('TEMPLATE_TOO_LONG', `Tin nhắn dài ${sample.length} ký tự (${segments} tin) với giá trị dài nhất; tối đa ${smsSegmentsMax} tin`,
      `The message is ${sample.length} characters (${segments} SMS) with the longest values; at most ${smsSegmentsMax} SMS`, { length: sample.length, segments, form });
  }
  return { body: text, sample, segments };
}
