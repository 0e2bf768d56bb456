import { foldVietnamese } from '../../core/text.js';
import { readVnd, vndToString, type AmountVnd } from '../../core/money.js';
import { FormatError, invalidInput, parseFailed } from './errors.js';
import { requireBin, requirePattern, requirePositiveAmount } from './fields.js';

/**
 * VietQR (NAPAS profile of EMVCo merchant-presented QR), PAYMENT-FORMATS §4. A VietQR is presented
 * by a payee: we build one for refunds to the programme account and parse one to capture a
 * beneficiary's BIN and account at enrolment. It never carries a disbursement.
 */

export type VietQrService = 'QRIBFTTA' | 'QRIBFTTC';

export interface VietQrInput {
  /** NAPAS BIN of the beneficiary's bank, 6 digits. */
  bin: string;
  /** Account number (QRIBFTTA) or card number (QRIBFTTC), ≤ 19 letters or digits. */
  accountNumber: string;
  service?: VietQrService;
  /** Present → dynamic (one-off) QR with a fixed amount; absent → static QR. */
  amountVnd?: AmountVnd;
  /** Tag 62.01, printable ASCII, ≤ 25. */
  billNumber?: string;
  /** Tag 62.08. Diacritics are removed (case is kept); must fit 25 characters afterwards. */
  purpose?: string;
}

export interface VietQrData {
  bin: string;
  accountNumber: string;
  service: VietQrService;
  /** Tag 01: '11' static, '12' dynamic; null when the payload omits it. */
  initiation: 'static' | 'dynamic' | null;
  amountVnd: AmountVnd | null;
  billNumber: string | null;
  purpose: string | null;
}

const napasGuid = 'A000000727';
const vndNumericCode = '704';
/** NAPAS limit for 62.xx values (liopay `MAX_ADDITIONAL_FIELD`); apps differ beyond it. */
const additionalFieldMaxLength = 25;
const accountPattern = /^[A-Za-z0-9]{1,19}$/;
const services: readonly string[] = ['QRIBFTTA', 'QRIBFTTC'] satisfies VietQrService[];

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR) as 4 uppercase hex digits. */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

function tlv(id: string, value: string): string {
  // Lengths are two decimal digits; payloads are ASCII so characters equal bytes.
  if (value.length > 99) throw invalidInput(`VietQR tag ${id} is longer than 99 characters`, { tag: id });
  return id + String(value.length).padStart(2, '0') + value;
}

/**
 * Removes Vietnamese diacritics but keeps letter case ("Hoàn trả" → "Hoan tra"): the NAPAS
 * examples use lower-case purposes. Folding character by character reuses `foldVietnamese` for the
 * marks and đ, then restores the case of the original character.
 */
export function toQrText(value: string): string {
  let folded = '';
  for (const ch of value.normalize('NFC')) {
    if (/\s/.test(ch)) {
      folded += ' ';
      continue;
    }
    const plain = foldVietnamese(ch);
    folded += ch === ch.toLowerCase() ? plain : plain.toUpperCase();
  }
  return folded.replace(/[^A-Za-z0-9 /\-?:().,'+]/g, ' ').replace(/\s+/g, ' ').trim();
}

function additionalData(input: VietQrInput): string {
  let data = '';
  if (input.billNumber !== undefined) {
    const bill = requirePattern(input.billNumber, /^[\x20-\x7E]{1,25}$/, 'billNumber', 'must be 1–25 printable ASCII characters');
    data += tlv('01', bill);
  }
  if (input.purpose !== undefined) {
    const purpose = toQrText(input.purpose);
    // Refuse rather than truncate: the purpose often carries the case id we reconcile on.
    if (purpose.length === 0 || purpose.length > additionalFieldMaxLength) {
      throw invalidInput(`purpose must be 1–${additionalFieldMaxLength} characters without diacritics`, { purpose });
    }
    data += tlv('08', purpose);
  }
  return data;
}

export function buildVietQr(input: VietQrInput): string {
  const bin = requireBin(input.bin);
  const account = requirePattern(input.accountNumber, accountPattern, 'accountNumber', 'must be 1–19 letters or digits');
  const amountVnd = input.amountVnd === undefined ? undefined : requirePositiveAmount(input.amountVnd);
  if (amountVnd !== undefined && vndToString(amountVnd).length > 13) throw invalidInput('amountVnd exceeds 13 digits');
  const accountInfo = tlv('00', napasGuid) + tlv('01', tlv('00', bin) + tlv('01', account)) + tlv('02', input.service ?? 'QRIBFTTA');
  let payload = tlv('00', '01') + tlv('01', amountVnd === undefined ? '11' : '12') + tlv('38', accountInfo) + tlv('53', vndNumericCode);
  if (amountVnd !== undefined) payload += tlv('54', vndToString(amountVnd));
  payload += tlv('58', 'VN');
  const extra = additionalData(input);
  if (extra.length > 0) payload += tlv('62', extra);
  payload += '6304'; // the CRC covers its own tag and length
  return payload + crc16CcittFalse(payload);
}

/** Reads one TLV level. Duplicate tags are refused: which one a bank app would use is undefined. */
function parseTlv(data: string, where: string): Map<string, string> {
  const fields = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const header = data.slice(pos, pos + 4);
    if (!/^\d{4}$/.test(header)) throw parseFailed(`VietQR ${where}: bad tag/length at position ${pos}`);
    const id = header.slice(0, 2);
    const length = Number(header.slice(2));
    const value = data.slice(pos + 4, pos + 4 + length);
    if (value.length !== length) throw parseFailed(`VietQR ${where}: tag ${id} runs past the end`);
    if (fields.has(id)) throw parseFailed(`VietQR ${where}: tag ${id} appears twice`);
    fields.set(id, value);
    pos += 4 + length;
  }
  return fields;
}

function required(fields: Map<string, string>, id: string, where: string): string {
  const value = fields.get(id);
  if (value === undefined) throw parseFailed(`VietQR ${where}: tag ${id} is missing`);
  return value;
}

function checkCrc(payload: string): void {
  if (payload.length < 8 || payload.slice(-8, -4) !== '6304') throw parseFailed('VietQR: the payload does not end with a CRC (tag 63)');
  const expected = crc16CcittFalse(payload.slice(0, -4));
  const actual = payload.slice(-4).toUpperCase();
  if (actual !== expected) {
    throw new FormatError('FORMAT_CHECKSUM_MISMATCH', `VietQR: CRC ${actual} does not match the content (expected ${expected})`);
  }
}

function parseAccountInfo(value: string): Pick<VietQrData, 'bin' | 'accountNumber' | 'service'> {
  const info = parseTlv(value, 'tag 38');
  if (required(info, '00', 'tag 38') !== napasGuid) throw parseFailed('VietQR: tag 38 is not a NAPAS account (GUID is not A000000727)');
  const beneficiary = parseTlv(required(info, '01', 'tag 38'), 'tag 38.01');
  const service = required(info, '02', 'tag 38');
  if (!services.includes(service)) throw parseFailed(`VietQR: service ${service} is not a transfer to an account or card`);
  const bin = required(beneficiary, '00', 'tag 38.01');
  const accountNumber = required(beneficiary, '01', 'tag 38.01');
  if (!/^\d{6}$/.test(bin)) throw parseFailed(`VietQR: BIN ${bin} is not 6 digits`);
  if (!accountPattern.test(accountNumber)) throw parseFailed('VietQR: account number is not 1–19 letters or digits');
  return { bin, accountNumber, service: service as VietQrService };
}

function parseInitiation(value: string | undefined): VietQrData['initiation'] {
  if (value === undefined) return null;
  if (value === '11') return 'static';
  if (value === '12') return 'dynamic';
  throw parseFailed(`VietQR: point of initiation ${value} is neither 11 nor 12`);
}

function parseAmount(value: string | undefined): AmountVnd | null {
  if (value === undefined) return null;
  const amount = /^\d{1,13}$/.test(value) ? readVnd(value) : null;
  if (amount === null) throw parseFailed(`VietQR: amount ${value} is not a whole number of đồng`);
  return amount;
}

/** Parses and checks a VietQR payload (CRC first, then structure). Throws a `FormatError`. */
export function parseVietQr(payload: string): VietQrData {
  const text = payload.trim(); // scanners often append a newline
  if (!/^[\x20-\x7E]+$/.test(text)) throw parseFailed('VietQR: the payload must be printable ASCII');
  checkCrc(text);
  const root = parseTlv(text, 'root');
  // The CRC check looked at the last 8 characters; make sure the TLV walk also ends on tag 63.
  if ([...root.keys()].at(-1) !== '63') throw parseFailed('VietQR: tag 63 (CRC) is not the last field');
  if (required(root, '00', 'root') !== '01') throw parseFailed('VietQR: payload format indicator is not 01');
  if (required(root, '53', 'root') !== vndNumericCode) throw parseFailed('VietQR: currency is not VND (704)');
  if (required(root, '58', 'root') !== 'VN') throw parseFailed('VietQR: country is not VN');
  const extra = root.has('62') ? parseTlv(root.get('62')!, 'tag 62') : new Map<string, string>();
  return {
    ...parseAccountInfo(required(root, '38', 'root')),
    initiation: parseInitiation(root.get('01')),
    amountVnd: parseAmount(root.get('54')),
    billNumber: extra.get('01') ?? null,
    purpose: extra.get('08') ?? null,
  };
}
