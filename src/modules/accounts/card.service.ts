import type { Writable } from 'node:stream';
import QRCode from 'qrcode';
import type { AppContext } from '../../app/context.js';
import { errors } from '../../core/errors.js';
import { maskTail } from '../../core/text.js';
import { requireFullExport } from '../access/need-to-know.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { vietnamesePdf } from '../formats/pdf.js';
import { buildVietQr } from '../formats/vietqr.js';
import { channelNames, programmeNames, type Channel, type Programme } from '../rules/categories.js';
import { findVisiblePerson, listEnrolments, type InstrumentRow } from '../registry/registry.service.js';
import { listInstruments } from './registry-port.service.js';

/**
 * The beneficiary card: a printable A6 card a commune hands to a beneficiary, with a VietQR of
 * their verified account so relatives (or a refund) can transfer money into it by scanning
 * (PAYMENT-FORMATS §4.3). Only verified accounts get a QR: printing an unverified account would
 * invite transfers to someone else's account.
 */

export interface CardAccount {
  channel: string;
  channelName: string;
  providerCode: string;
  providerName: string | null;
  accountNumber: string;
  accountHolder: string | null;
  holderKind: 'SELF' | 'REPRESENTATIVE';
  /** Static VietQR (no amount), QRIBFTTA to this BIN and account. */
  payload: string;
  /** The same payload as a PNG image, `data:image/png;base64,…`. */
  qrDataUrl: string;
}

export interface BeneficiaryCard {
  /** Last four digits only: the card may be lost. */
  personalIdMasked: string;
  fullName: string;
  communeCode: string;
  communeName: string | null;
  /** Programmes (never categories: a category can reveal health status, e.g. HIV). */
  programmes: { code: Programme; name: string }[];
  accounts: CardAccount[];
}

/** Banks by their BIN; wallets and Mobile Money only when NAPAS routes them by a 97xxxx BIN. */
function qrEligible(instrument: InstrumentRow): boolean {
  if (!instrument.active || instrument.verification !== 'ACCOUNT_VERIFIED' || instrument.needsReverification || !instrument.accountNumber) return false;
  if (instrument.channel === 'TK_NGAN_HANG') return /^\d{6}$/.test(instrument.providerCode);
  if (instrument.channel === 'VI_DIEN_TU' || instrument.channel === 'MOBILE_MONEY') return /^97\d{4}$/.test(instrument.providerCode);
  return false;
}

async function cardAccount(instrument: InstrumentRow): Promise<CardAccount> {
  const accountNumber = instrument.accountNumber!;
  const payload = buildVietQr({ bin: instrument.providerCode, accountNumber });
  return {
    channel: instrument.channel,
    channelName: channelNames[instrument.channel as Channel]?.vi ?? instrument.channel,
    providerCode: instrument.providerCode,
    providerName: instrument.providerName,
    accountNumber,
    accountHolder: instrument.accountHolder,
    holderKind: instrument.holderKind,
    payload,
    // Level M survives a worn print; the payload is short, so the image stays small.
    qrDataUrl: await QRCode.toDataURL(payload, { errorCorrectionLevel: 'M', margin: 2, width: 320 }),
  };
}

/** Several enrolments are often paid into the same account: one QR per distinct account. */
function distinctAccounts(instruments: readonly InstrumentRow[]): InstrumentRow[] {
  const seen = new Set<string>();
  return instruments.filter((instrument) => {
    const key = `${instrument.providerCode}:${instrument.accountNumber}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The card of a person visible to the actor (404 otherwise, like every registry read). The QR
 * carries the full account number, so only roles allowed to export account numbers in full
 * (access/need-to-know.ts).
 */
export async function beneficiaryCard(ctx: AppContext, actor: Actor, personalId: string): Promise<BeneficiaryCard> {
  requirePermission(actor, 'registry.read');
  requireFullExport(actor, ['accountNumber']);
  const person = await findVisiblePerson(ctx.db.orm, actor.scope, personalId);
  if (!person) throw errors.notFound({ entity: 'beneficiary', personalId: maskTail(personalId) });
  const [enrolments, instruments] = await Promise.all([listEnrolments(ctx.db.orm, person.id), listInstruments(ctx.db.orm, person.id)]);
  const programmes = [...new Set(enrolments.filter((e) => e.status !== 'THOI_HUONG').map((e) => e.programme))].sort();
  return {
    personalIdMasked: maskTail(person.personalId),
    fullName: person.fullName,
    communeCode: person.communeCode,
    communeName: person.communeName,
    programmes: programmes.map((code) => ({ code, name: programmeNames[code].vi })),
    accounts: await Promise.all(distinctAccounts(instruments.filter(qrEligible)).map(cardAccount)),
  };
}

// ─── PDF ──────────────────────────────────────────────────────────────────────────────────────────

/** A6 portrait in points (105 × 148 mm). */
const page = { width: 297.64, height: 419.53, margin: 18 };
const qrSize = 150;

function drawHeader(doc: PDFKit.PDFDocument, card: BeneficiaryCard): void {
  const width = page.width - 2 * page.margin;
  doc.font('bold').fontSize(14).text('THẺ NHẬN TRỢ CẤP', page.margin, page.margin, { width, align: 'center' });
  doc.font('regular').fontSize(7.5).text('Chi trả an sinh xã hội không dùng tiền mặt', { width, align: 'center' }).moveDown(0.6);
  doc.font('bold').fontSize(11).text(card.fullName, { width });
  doc.font('regular').fontSize(8.5);
  doc.text(`Số định danh: ${card.personalIdMasked}`, { width });
  doc.text(`Xã/phường: ${card.communeName ?? card.communeCode}`, { width });
  const programmes = card.programmes.map((programme) => programme.name).join(', ');
  doc.text(`Chế độ: ${programmes || '—'}`, { width });
}

function drawAccount(doc: PDFKit.PDFDocument, account: CardAccount): void {
  const width = page.width - 2 * page.margin;
  const top = doc.y + 8;
  const png = Buffer.from(account.qrDataUrl.slice(account.qrDataUrl.indexOf(',') + 1), 'base64');
  doc.image(png, (page.width - qrSize) / 2, top, { width: qrSize, height: qrSize });
  doc.y = top + qrSize + 4;
  doc.font('bold').fontSize(9).text(`${account.providerName ?? account.providerCode} — ${account.accountNumber}`, page.margin, doc.y, { width, align: 'center' });
  const holder = account.accountHolder ? `Chủ tài khoản: ${account.accountHolder}${account.holderKind === 'REPRESENTATIVE' ? ' (người nhận thay)' : ''}` : account.channelName;
  doc.font('regular').fontSize(8).text(holder, { width, align: 'center' }).moveDown(0.4);
  doc.font('bold').fontSize(8.5).text('Quét mã để chuyển tiền vào tài khoản của người hưởng', { width, align: 'center' });
}

function drawNoAccount(doc: PDFKit.PDFDocument): void {
  const width = page.width - 2 * page.margin;
  doc.moveDown(2).font('regular').fontSize(9).text('Chưa có tài khoản đã được xác minh. Người hưởng nhận trợ cấp bằng tiền mặt hoặc liên hệ UBND xã/phường để đăng ký tài khoản.', {
    width,
    align: 'center',
  });
}

/**
 * Writes the card as a printable A6 PDF (DejaVu Sans, which covers Vietnamese): one page per
 * verified account, or one page without QR when there is none. Resolves when `output` finishes.
 */
export async function writeCardPdf(output: Writable, card: BeneficiaryCard): Promise<void> {
  const { doc, done: finished } = vietnamesePdf(output, { size: [page.width, page.height], margin: page.margin, info: { Title: `Thẻ nhận trợ cấp — ${card.fullName}` } });
  const pages = card.accounts.length > 0 ? card.accounts : [null];
  pages.forEach((account, index) => {
    if (index > 0) doc.addPage();
    drawHeader(doc, card);
    if (account) drawAccount(doc, account);
    else drawNoAccount(doc);
  });
  doc.end();
  await finished;
}
