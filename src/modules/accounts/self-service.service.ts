import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { parseDateLoose } from '../../core/dates.js';
import { domainError } from '../../core/errors.js';
import { maskTail } from '../../core/text.js';
import { queryOne } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../access/scope.js';
import { enqueueSms } from '../notifications/notifications.service.js';
import { proposeInstrument } from './proposals.service.js';

/**
 * Self-service: a beneficiary or their representative proposes an account from a public page.
 * Identity = personal ID + date of birth + a one-time code sent by SMS to the phone on file. The
 * proposal enters the same approval queue as an officer's. Every answer looks the same whether or
 * not the ID exists, and attempts are bounded.
 */
const codeLifetimeMinutes = 10;
const codeAttemptsMax = 5;
const codesPerHourMax = 3;

function codeHash(secret: string, personId: number, code: string): string {
  return createHmac('sha256', secret).update(`${personId}:${code}`).digest('hex');
}

/** The server's secret for code hashes: per installation, created once. */
async function selfServiceSecret(ctx: AppContext): Promise<string> {
  const row = await queryOne<{ value: { secret: string } }>(ctx.db.orm, sql`SELECT value FROM app_settings WHERE key = 'self_service.secret'`);
  if (row) return row.value.secret;
  const secret = createHmac('sha256', String(Math.random())).update(String(Date.now())).digest('hex');
  await ctx.db.orm.execute(sql`INSERT INTO app_settings (key, value) VALUES ('self_service.secret', ${JSON.stringify({ secret })}::jsonb) ON CONFLICT (key) DO NOTHING`);
  return selfServiceSecret(ctx);
}

export const neutralAnswer = {
  ok: true,
  message: 'Nếu thông tin trùng khớp với hồ sơ, mã xác thực đã được gửi tới số điện thoại đã đăng ký.',
  messageEn: 'If the details match our records, a verification code has been sent to the registered phone.',
};

export async function requestCode(ctx: AppContext, input: { personalId: string; birthDate: string; requestId: string }) {
  const birthDate = parseDateLoose(input.birthDate);
  if (!/^\d{12}$/.test(input.personalId.trim()) || !birthDate) {
    throw domainError('SELF_SERVICE_INPUT', 400, 'Nhập số định danh 12 chữ số và ngày sinh dd/mm/yyyy', 'Enter the 12-digit personal ID and the date of birth dd/mm/yyyy');
  }
  const person = await queryOne<{ id: number; phone: string | null; commune_code: string }>(
    ctx.db.orm,
    sql`SELECT id::int AS id, phone, commune_code FROM persons WHERE personal_id = ${input.personalId.trim()} AND birth_date = ${birthDate}::date AND death_date IS NULL`,
  );
  if (!person || !person.phone) return neutralAnswer;
  const recent = await queryOne<{ count: number }>(
    ctx.db.orm,
    sql`SELECT count(*)::int AS count FROM self_service_codes WHERE person_id = ${person.id} AND created_at > ${ctx.now().toISOString()}::timestamptz - interval '1 hour'`,
  );
  if ((recent?.count ?? 0) >= codesPerHourMax) return neutralAnswer;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const secret = await selfServiceSecret(ctx);
  await ctx.db.orm.transaction(async (tx) => {
    await tx.execute(sql`INSERT INTO self_service_codes (person_id, code_hash, expires_at)
      VALUES (${person.id}, ${codeHash(secret, person.id, code)}, ${ctx.now().toISOString()}::timestamptz + make_interval(mins => ${codeLifetimeMinutes}))`);
    await enqueueSms(tx, { phone: person.phone, body: `ASXH: Ma xac thuc dang ky tai khoan nhan tro cap: ${code}. Hieu luc ${codeLifetimeMinutes} phut. Khong chia se ma nay.`, purpose: 'self_service.code', personId: person.id });
  });
  return neutralAnswer;
}

export async function proposeBySelfService(
  ctx: AppContext,
  input: { personalId: string; birthDate: string; code: string; channel: string; providerCode?: string; accountNumber?: string; accountHolder?: string; requestId: string },
) {
  const invalid = () => domainError('CODE_INVALID', 400, 'Thông tin hoặc mã xác thực không đúng, hoặc mã đã hết hạn', 'The details or the code are wrong, or the code expired');
  const birthDate = parseDateLoose(input.birthDate);
  if (!birthDate || !/^\d{6}$/.test(input.code.trim())) throw invalid();
  const person = await queryOne<{ id: number; province_code: string; commune_code: string }>(
    ctx.db.orm,
    sql`SELECT id::int AS id, province_code, commune_code FROM persons WHERE personal_id = ${input.personalId.trim()} AND birth_date = ${birthDate}::date`,
  );
  if (!person) throw invalid();
  const secret = await selfServiceSecret(ctx);
  const latest = await queryOne<{ id: number; code_hash: string; attempts: number; expired: boolean; used: boolean }>(
    ctx.db.orm,
    sql`SELECT id::int AS id, code_hash, attempts, (expires_at < ${ctx.now().toISOString()}::timestamptz) AS expired, (used_at IS NOT NULL) AS used
        FROM self_service_codes WHERE person_id = ${person.id} ORDER BY id DESC LIMIT 1`,
  );
  if (!latest || latest.expired || latest.used || latest.attempts >= codeAttemptsMax) throw invalid();
  const expected = Buffer.from(latest.code_hash, 'hex');
  const given = Buffer.from(codeHash(secret, person.id, input.code.trim()), 'hex');
  if (!timingSafeEqual(expected, given)) {
    await ctx.db.orm.execute(sql`UPDATE self_service_codes SET attempts = attempts + 1 WHERE id = ${latest.id}`);
    throw invalid();
  }
  await ctx.db.orm.execute(sql`UPDATE self_service_codes SET used_at = now() WHERE id = ${latest.id}`);
  // The citizen acts within their own commune only, and only to propose: an officer approves.
  const actor: Actor = {
    userId: null,
    username: `self:${maskTail(input.personalId.trim())}`,
    role: 'officer',
    scope: { level: 'commune', provinceCode: person.province_code, communeCode: person.commune_code },
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
  await recordAudit(ctx.db.orm, actor, { action: 'self_service.proposed', entityType: 'instrument_proposal', entityId: result.proposalId, unitCode: person.commune_code });
  return { ok: true, proposalId: result.proposalId, message: 'Đề nghị đã được ghi nhận và chờ cán bộ xã phê duyệt.', messageEn: 'Your request was recorded and awaits approval by the commune.' };
}
