import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import { parseDateLoose, todayInVietnam } from '../../core/dates.js';
import { domainError } from '../../core/errors.js';
import { vndFromDb, vndToNumber } from '../../core/money.js';
import { addMonths, type Month } from '../../core/month.js';
import { maskTail } from '../../core/text.js';
import { getSetting, setSettingIfAbsent } from '../../db/settings.js';
import type { Actor } from '../access/scope.js';
import { verifySelfServiceCode } from '../accounts/self-service.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { fileSelfServiceComplaint } from '../complaints/complaints.service.js';
import { findPersonByIdentity } from '../registry/registry.service.js';
import { cashChannels, channelNames, type Channel } from '../rules/categories.js';
import { paymentFacts, representedPeople, type PaymentFactRow } from './status.repository.js';

/**
 * The beneficiary's own view of their payments on the public self-service page (issue 22 item 2):
 * personal ID + date of birth + the one-time code the accounts' self-service sends to the phone on
 * file (accounts/self-service.service.ts: the same identity step, the same limits per ID, phone and
 * address) → the last 12 months of payments: month, amount, channel, status and where to collect
 * cash. Nothing else: no category, no account number, no decision. A person who is someone's
 * representative (guardian, power of attorney) also sees the payments they collect for them.
 *
 * The answer carries a short-lived token that lets the same person file a complaint from the page
 * without a second code (fileComplaintBySelfService).
 */
const monthsShown = 12;
const tokenMinutes = 30;
const tokenSecretKey = 'beneficiary.token_secret';

export type PaymentStatus = 'PAID' | 'FAILED' | 'RETURNED' | 'IN_PROGRESS' | 'NOT_SENT';

const statusTexts: Record<PaymentStatus, { vi: string; en: string }> = {
  PAID: { vi: 'Đã chi trả', en: 'Paid' },
  FAILED: { vi: 'Chưa chi trả được — sẽ được chi lại hoặc chuyển kỳ sau', en: 'Not paid — paid again or carried to the next cycle' },
  RETURNED: { vi: 'Tiền bị trả lại — sẽ được chi lại', en: 'Returned — will be paid again' },
  IN_PROGRESS: { vi: 'Đang chi trả', en: 'Being paid' },
  NOT_SENT: { vi: 'Đã duyệt, chờ chi trả', en: 'Approved, awaiting payment' },
};

export interface SelfServicePayment {
  month: string;
  cycleId: number;
  amountVnd: number;
  channel: string;
  channelName: string;
  channelNameEn: string;
  status: PaymentStatus;
  statusText: string;
  statusTextEn: string;
  paidAt: string | null;
  /** For cash (at a payment point or at home): who pays and in which commune; null for transfers. */
  cashPlace: string | null;
}

export interface SelfServiceStatus {
  ok: true;
  fromMonth: string;
  payments: SelfServicePayment[];
  /** The people this person collects for, as their representative: a masked name and their payments. */
  collectedFor: { name: string; payments: SelfServicePayment[] }[];
  /** Lets the same person file a complaint from the page for the next minutes. */
  token: string;
  tokenExpiresAt: string;
}

function paymentStatus(row: PaymentFactRow): PaymentStatus {
  if (row.outcome === 'PAID') return 'PAID';
  if (row.outcome === 'RETURNED') return 'RETURNED';
  if (row.outcome === 'FAILED') return 'FAILED';
  if (row.outcome === null) return row.cycleStatus === 'APPROVED' || row.cycleStatus === 'FUNDED' ? 'NOT_SENT' : 'IN_PROGRESS';
  return 'IN_PROGRESS';
}

/** A payment as the beneficiary (and the officer's history) shows it. */
export function paymentView(row: PaymentFactRow): SelfServicePayment {
  const status = paymentStatus(row);
  const channel = row.channel as Channel;
  const names = channelNames[channel] ?? { vi: row.channel, en: row.channel };
  const cash = cashChannels.includes(channel);
  const payer = row.providerName ?? row.providerCode;
  return {
    month: row.month,
    cycleId: row.cycleId,
    amountVnd: vndToNumber(vndFromDb(row.amountVnd)),
    channel: row.channel,
    channelName: names.vi,
    channelNameEn: names.en,
    status,
    statusText: statusTexts[status].vi,
    statusTextEn: statusTexts[status].en,
    paidAt: row.paidAt,
    cashPlace: !cash ? null : channel === 'TAI_NHA' ? `${payer} chi trả tại nhà${row.communeName ? ` — ${row.communeName}` : ''}` : `Điểm chi trả của ${payer}${row.communeName ? ` — ${row.communeName}` : ''}`,
  };
}

/** "Nguyễn Thị Mai" → "N*** T** Mai": enough for the representative to tell the people apart. */
function maskName(fullName: string): string {
  const words = fullName.trim().split(/\s+/);
  return words.map((word, index) => (index === words.length - 1 ? word : `${word[0]}${'*'.repeat(Math.max(1, word.length - 1))}`)).join(' ');
}

async function tokenSecret(ctx: AppContext): Promise<string> {
  const stored = await getSetting<{ secret: string }>(ctx.db.orm, tokenSecretKey);
  if (stored) return stored.secret;
  await setSettingIfAbsent(ctx.db.orm, tokenSecretKey, { secret: randomBytes(32).toString('hex') });
  return tokenSecret(ctx);
}

const sign = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('hex');

function selfActor(personalId: string, person: { provinceCode: string; communeCode: string }, requestId: string): Actor {
  return {
    userId: null,
    username: `self:${maskTail(personalId)}`,
    role: 'officer',
    scope: { level: 'commune', provinceCode: person.provinceCode, communeCode: person.communeCode },
    providerCode: null,
    requestId,
  };
}

/** The person's payments of the last 12 months, after the identity step (same CODE_INVALID for any mismatch, unknown ID included). */
export async function selfServiceStatus(
  ctx: AppContext,
  input: { personalId: string; birthDate: string; code: string; requestId: string },
): Promise<SelfServiceStatus> {
  const personalId = input.personalId.trim();
  const person = await verifySelfServiceCode(ctx, { ...input, personalId });
  const thisMonth = todayInVietnam(ctx.now()).slice(0, 7) as Month;
  const fromMonth = addMonths(thisMonth, -(monthsShown - 1));
  const represented = await representedPeople(ctx.db.orm, personalId);
  const rows = await paymentFacts(ctx.db.orm, [person.id, ...represented.map((other) => other.personId)], fromMonth);
  const payments = rows.filter((row) => row.personId === person.id).map(paymentView);
  const collectedFor = represented
    .map((other) => ({ name: maskName(other.fullName), payments: rows.filter((row) => row.personId === other.personId && row.throughRepresentative).map(paymentView) }))
    .filter((other) => other.payments.length > 0);
  const expires = new Date(ctx.now().getTime() + tokenMinutes * 60_000);
  const payload = `${person.id}.${expires.getTime()}`;
  const token = `${payload}.${sign(await tokenSecret(ctx), `${payload}.${personalId}`)}`;
  await recordAudit(ctx.db.orm, selfActor(personalId, person, input.requestId), {
    action: 'self_service.status_viewed', entityType: 'person', entityId: person.id, unitCode: person.communeCode,
    after: { months: monthsShown, payments: payments.length, collectedFor: collectedFor.length },
  });
  return { ok: true, fromMonth, payments, collectedFor, token, tokenExpiresAt: expires.toISOString() };
}

const tokenInvalid = () =>
  domainError('SELF_SERVICE_SESSION_INVALID', 400, 'Phiên tra cứu đã hết hạn, hãy nhận mã xác thực mới', 'The session expired; request a new verification code');

/** The person files a complaint from the page with the token of their status answer (ID and date of birth again). */
export async function fileComplaintBySelfService(
  ctx: AppContext,
  input: { personalId: string; birthDate: string; token: string; kind: string; text: string; cycleId?: number; requestId: string },
): Promise<{ ok: true; complaintId: number; dueDate: string; message: string; messageEn: string }> {
  const personalId = input.personalId.trim();
  const [personPart, expiresPart, signature] = input.token.split('.');
  const birthDate = parseDateLoose(input.birthDate);
  if (!personPart || !expiresPart || !signature || !/^[0-9a-f]{64}$/.test(signature) || !birthDate) throw tokenInvalid();
  const expected = Buffer.from(sign(await tokenSecret(ctx), `${personPart}.${expiresPart}.${personalId}`), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex')) || Number(expiresPart) < ctx.now().getTime()) throw tokenInvalid();
  const person = await findPersonByIdentity(ctx.db.orm, personalId, birthDate);
  if (!person || String(person.id) !== personPart) throw tokenInvalid();
  const filed = await fileSelfServiceComplaint(ctx, selfActor(personalId, person, input.requestId), person, { kind: input.kind, text: input.text, cycleId: input.cycleId ?? null });
  return {
    ok: true,
    complaintId: filed.complaintId,
    dueDate: filed.dueDate,
    message: `Khiếu nại, kiến nghị đã được ghi nhận (số ${filed.complaintId}); cán bộ sẽ trả lời trước ngày ${filed.dueDate.split('-').reverse().join('/')}.`,
    messageEn: `Your complaint was recorded (no. ${filed.complaintId}); an officer will answer by ${filed.dueDate}.`,
  };
}
