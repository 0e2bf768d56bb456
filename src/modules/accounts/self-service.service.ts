import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import { parseDateLoose } from '../../core/dates.js';
import { domainError } from '../../core/errors.js';
import { maskTail } from '../../core/text.js';
import { lockForTransaction } from '../../db/locks.js';
import { getSetting, setSettingIfAbsent } from '../../db/settings.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../access/scope.js';
import { enqueueSms } from '../notifications/notifications.service.js';
import { findPersonByIdentity } from '../registry/registry.service.js';
import { proposeInstrument } from './proposals.service.js';
import { claimAttempt, countCodesSince, countPhoneCodesSince, insertCode, latestCode, markCodeUsed } from './self-service.repository.js';

/**
 * Self-service: a beneficiary or their representative proposes an account from a public page.
 * Identity = personal ID + date of birth + a one-time code sent by SMS to the phone on file. The
 * proposal enters the same approval queue as an officer's. Every answer looks the same whether or
 * not the ID exists, and attempts are bounded.
 */
const codeLifetimeMinutes = 10;
const codeAttemptsMax = 5;
const codesPerHourMax = 3;
/** Codes sent to one phone in an hour, whichever person asked (a representative's phone may be on file for several). */
const codesPerPhonePerHourMax = 5;

function codeHash(secret: string, personId: number, code: string): string {
  return createHmac('sha256', secret).update(`${personId}:${code}`).digest('hex');
}

const secretKey = 'self_service.secret';

/** The server's secret for code hashes: per installation, created once. */
async function selfServiceSecret(ctx: AppContext): Promise<string> {
  const stored = await getSetting<{ secret: string }>(ctx.db.orm, secretKey);
  if (stored) return stored.secret;
  const secret = createHmac('sha256', String(Math.random())).update(String(Date.now())).digest('hex');
  // Two first requests at once: the first secret written wins, and both read it back.
  await setSettingIfAbsent(ctx.db.orm, secretKey, { secret });
  return selfServiceSecret(ctx);
}

export const neutralAnswer = {
  ok: true,
  message: 'Nếu thông tin trùng khớp với hồ sơ, mã xác thực đã được gửi tới số điện thoại đã đăng ký.',
  messageEn: 'If the details match our records, a verification code has been sent to the registered phone.',
};

/** What the code is for: registering an account (the default) or looking up one's payments. */
export type SelfServicePurpose = 'account' | 'status';

const codeTexts: Record<SelfServicePurpose, string> = {
  account: 'Ma xac thuc dang ky tai khoan nhan tro cap',
  status: 'Ma xac thuc tra cuu chi tra tro cap',
};

export async function requestCode(ctx: AppContext, input: { personalId: string; birthDate: string; requestId: string; purpose?: SelfServicePurpose }) {
  const birthDate = parseDateLoose(input.birthDate);
  if (!/^\d{12}$/.test(input.personalId.trim()) || !birthDate) {
    throw domainError('SELF_SERVICE_INPUT', 400, 'Nhập số định danh 12 chữ số và ngày sinh dd/mm/yyyy', 'Enter the 12-digit personal ID and the date of birth dd/mm/yyyy');
  }
  const person = await findPersonByIdentity(ctx.db.orm, input.personalId.trim(), birthDate);
  if (!person || person.deceased || !person.phone) return neutralAnswer;
  const phone = person.phone;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const secret = await selfServiceSecret(ctx);
  await ctx.db.orm.transaction(async (tx) => {
    // Counted and written under the person's and the phone's locks (always in this order): two
    // requests answered by two servers at once cannot both pass the hourly limits.
    await lockForTransaction(tx, { name: 'self-service.code', key: `person:${person.id}` });
    await lockForTransaction(tx, { name: 'self-service.code', key: `phone:${phone}` });
    if ((await countCodesSince(tx, person.id, ctx.now())) >= codesPerHourMax) return;
    if ((await countPhoneCodesSince(tx, phone, ctx.now())) >= codesPerPhonePerHourMax) return;
    await insertCode(tx, { personId: person.id, codeHash: codeHash(secret, person.id, code), now: ctx.now(), lifetimeMinutes: codeLifetimeMinutes });
    await enqueueSms(tx, { phone, body: `ASXH: ${codeTexts[input.purpose ?? 'account']}: ${code}. Hieu luc ${codeLifetimeMinutes} phut. Khong chia se ma nay.`, purpose: 'self_service.code', personId: person.id });
  });
  return neutralAnswer;
}

/**
 * The identity step shared by every self-service answer: the person of that ID and date of birth
 * whose latest one-time code this is (once, not expired, a bounded number of tries). Any mismatch,
 * unknown ID included, is the same CODE_INVALID.
 */
export async function verifySelfServiceCode(
  ctx: AppContext,
  input: { personalId: string; birthDate: string; code: string },
): Promise<{ id: number; provinceCode: string; communeCode: string }> {
  const invalid = () => domainError('CODE_INVALID', 400, 'Thông tin hoặc mã xác thực không đúng, hoặc mã đã hết hạn', 'The details or the code are wrong, or the code expired');
  const birthDate = parseDateLoose(input.birthDate);
  if (!birthDate || !/^\d{6}$/.test(input.code.trim())) throw invalid();
  const person = await findPersonByIdentity(ctx.db.orm, input.personalId.trim(), birthDate);
  if (!person) throw invalid();
  const secret = await selfServiceSecret(ctx);
  const latest = await latestCode(ctx.db.orm, person.id, ctx.now());
  if (!latest || latest.expired || latest.used || latest.attempts >= codeAttemptsMax) throw invalid();
  // The try is counted before the comparison, atomically: parallel guesses through two servers
  // share the same `codeAttemptsMax`, and a code is used once whichever server answers.
  if (!(await claimAttempt(ctx.db.orm, latest.id, codeAttemptsMax, ctx.now()))) throw invalid();
  const expected = Buffer.from(latest.code_hash, 'hex');
  const given = Buffer.from(codeHash(secret, person.id, input.code.trim()), 'hex');
  if (!timingSafeEqual(expected, given)) throw invalid();
  if (!(await markCodeUsed(ctx.db.orm, latest.id))) throw invalid();
  return { id: person.id, provinceCode: person.provinceCode, communeCode: person.communeCode };
}

export async function proposeBySelfService(
  ctx: AppContext,
  input: { personalId: string; birthDate: string; code: string; channel: string; providerCode?: string; accountNumber?: string; accountHolder?: string; requestId: string },
) {
  const person = await verifySelfServiceCode(ctx, input);
  // The citizen acts within their own commune only, and only to propose: an officer approves.
  const actor: Actor = {
    userId: null,
    username: `self:${maskTail(input.personalId.trim())}`,
    role: 'officer',
    scope: { level: 'commune', provinceCode: person.provinceCode, communeCode: person.communeCode },
    providerCode: null,
    requestId: input.requestId,
  };
  const result = await proposeInstrument(ctx, actor, {
    personalId: input.personalId.trim(),
    channel: input.channel,
    providerCode: input.providerCode,
    accountNumber: input.accountNumber,
    accountHolder: input.accountHolder,
    source: 'SELF_SERVICE',
  });
  await recordAudit(ctx.db.orm, actor, { action: 'self_service.proposed', entityType: 'instrument_proposal', entityId: result.proposalId, unitCode: person.communeCode });
  return { ok: true, proposalId: result.proposalId, message: 'Đề nghị đã được ghi nhận và chờ cán bộ xã phê duyệt.', messageEn: 'Your request was recorded and awaits approval by the commune.' };
}
