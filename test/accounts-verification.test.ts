import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInquiryAdapter } from '../src/adapters/accounts/account-inquiry.adapter.js';
import { AccountInquiryHttpClient } from '../src/adapters/accounts/account-inquiry.client.js';
import { domainError } from '../src/core/errors.js';
import { arrayParam, queryOne, queryRows } from '../src/db/client.js';
import { holderNameMatches, maskedNameMatches, verifyAccounts } from '../src/modules/accounts/verification.service.js';
import { verificationRoutes } from '../src/modules/accounts/verification.routes.js';
import type { Actor } from '../src/modules/access/scope.js';
import type { TemplateRow } from '../src/modules/registry/validation/import-row.js';
import { hashedOutcome, maskName, startAccountsSimulator, type AccountsSimulator } from '../src/simulators/accounts/accounts.simulator.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { idFor, personRow } from './helpers/people.js';
import { importApproved } from './helpers/imports.js';

const bin = '970405';

interface Fixture {
  name: string;
  sex: 'Nam' | 'Nữ';
  serial: number;
  account: string;
  commune?: string;
  representative?: string;
}

/** One bank-paid person per outcome; accounts at Agribank (970405). */
const people = {
  active: { name: 'Nguyễn Văn An', sex: 'Nam', serial: 1, account: '3606205100001' },
  masked: { name: 'Trần Thị Bình', sex: 'Nữ', serial: 2, account: '3606205100002' },
  closed: { name: 'Lê Văn Cường', sex: 'Nam', serial: 3, account: '3606205100003' },
  blocked: { name: 'Phạm Thị Dung', sex: 'Nữ', serial: 4, account: '3606205100004' },
  unknown: { name: 'Hoàng Văn Hải', sex: 'Nam', serial: 5, account: '3606205100005' },
  mismatch: { name: 'Vũ Thị Lan', sex: 'Nữ', serial: 6, account: '3606205100006' },
  representative: { name: 'Đặng Văn Long', sex: 'Nam', serial: 7, account: '3606205100007', representative: 'Đặng Thị Mai' },
  unchecked: { name: 'Bùi Văn Nam', sex: 'Nam', serial: 8, account: '3606205100008' },
  identityMismatch: { name: 'Đỗ Thị Nga', sex: 'Nữ', serial: 9, account: '3606205100009' },
  slow: { name: 'Ngô Văn Sơn', sex: 'Nam', serial: 10, account: '3606205100010' },
  otherCommune: { name: 'Lý Thị Yến', sex: 'Nữ', serial: 11, account: '3606205100011', commune: '23500' },
} satisfies Record<string, Fixture>;
type Key = keyof typeof people;

const birthDate = '12/03/1940';
const personalId = (fixture: Fixture) => idFor(birthDate, fixture.sex, fixture.serial);

function rowOf(fixture: Fixture): Partial<TemplateRow> {
  const representative: Partial<TemplateRow> = fixture.representative
    ? {
        nguoi_nhan_thay_loai: 'UY_QUYEN', nguoi_nhan_thay_ho_ten: fixture.representative, nguoi_nhan_thay_so_dinh_danh: idFor('01/01/1975', 'Nữ', 900_000 + fixture.serial),
        nguoi_nhan_thay_quan_he: 'con gái', giay_uy_quyen_het_han: '01/01/2030',
      }
    : {};
  return personRow({
    ho_ten: fixture.name, ngay_sinh: birthDate, gioi_tinh: fixture.sex, so_dinh_danh: personalId(fixture), ma_doi_tuong: 'BTXH_K5C',
    ma_don_vi: fixture.commune ?? '23293', chi_tra_den_thang: '12/2025',
    hinh_thuc_nhan: 'TK_NGAN_HANG', ma_to_chuc: bin, so_tai_khoan: fixture.account, chu_tai_khoan: fixture.representative ?? fixture.name,
    ...representative,
  });
}

const key = (fixture: Fixture) => `${bin}:${fixture.account}`;

interface InstrumentState {
  verification: string;
  note: string | null;
  needsReverification: boolean;
}

describe('account verification (identity, then name inquiry)', () => {
  let ctx: TestContext;
  let simulator: AccountsSimulator;
  let adapter: AccountInquiryHttpClient;
  let kontum: Actor;
  let dakha: Actor;

  const state = async (fixture: Fixture): Promise<InstrumentState> =>
    (await queryOne<InstrumentState>(
      ctx.db.orm,
      sql`SELECT i.verification, i.verification_note AS note, i.needs_reverification AS "needsReverification"
          FROM payment_instruments i JOIN persons p ON p.id = i.person_id WHERE p.personal_id = ${personalId(fixture)} AND i.active`,
    ))!;
  const states = async () => Object.fromEntries(await Promise.all(Object.entries(people).map(async ([name, fixture]) => [name, await state(fixture)]))) as Record<Key, InstrumentState>;
  const historyCount = async () =>
    (await queryOne<{ count: number }>(ctx.db.orm, sql`SELECT count(*)::int AS count FROM registry_history WHERE entity_type = 'instrument' AND action = 'instrument.verification'`))!.count;

  beforeAll(async () => {
    ctx = await createTestContext('2026-01-15T03:00:00Z');
    const province = await createTestUser(ctx, { username: 'tinh51', role: 'province', unitCode: '51' });
    kontum = await createTestUser(ctx, { username: 'kontum', role: 'officer', unitCode: '23293' });
    dakha = await createTestUser(ctx, { username: 'dakha', role: 'officer', unitCode: '23500' });
    const file = writeTemplateCsv(join(tempDir(), 'accounts.csv'), Object.values(people).map(rowOf));
    const report = await importApproved(ctx, province, { path: file, dryRun: false });
    expect(report.errors).toEqual([]);

    // The identity step reads the latest conclusive population check of each person.
    const matched = Object.entries(people).filter(([name]) => name !== 'unchecked' && name !== 'identityMismatch').map(([, fixture]) => personalId(fixture));
    await ctx.db.orm.execute(sql`
      INSERT INTO population_checks (person_id, checked_at, outcome, run_id)
      SELECT id, '2026-01-10T00:00:00Z', 'MATCH', 'test' FROM persons WHERE personal_id = ANY(${arrayParam(matched)}::text[])`);
    // A later ERROR says nothing and must not hide the MATCH.
    await ctx.db.orm.execute(sql`
      INSERT INTO population_checks (person_id, checked_at, outcome, error, run_id)
      SELECT id, '2026-01-12T00:00:00Z', 'ERROR', 'timeout', 'test' FROM persons WHERE personal_id = ${personalId(people.active)}`);
    await ctx.db.orm.execute(sql`
      INSERT INTO population_checks (person_id, checked_at, outcome, population_name, run_id)
      SELECT id, '2026-01-10T00:00:00Z', 'NAME_MISMATCH', 'Đỗ Thị Ngân', 'test' FROM persons WHERE personal_id = ${personalId(people.identityMismatch)}`);

    simulator = await startAccountsSimulator({
      port: 0,
      seed: 7,
      overrides: {
        [key(people.active)]: { status: 'ACTIVE', accountName: 'NGUYEN VAN AN' },
        [key(people.masked)]: { status: 'ACTIVE', accountName: 'TRAN THI BINH', masked: true },
        [key(people.closed)]: { status: 'CLOSED' },
        [key(people.blocked)]: { status: 'BLOCKED', accountName: 'PHAM THI DUNG' },
        [key(people.unknown)]: { status: 'UNKNOWN' },
        [key(people.mismatch)]: { status: 'ACTIVE', accountName: 'NGUYEN VAN B' },
        [key(people.representative)]: { status: 'ACTIVE', accountName: 'DANG THI MAI' },
        [key(people.unchecked)]: { status: 'ACTIVE', accountName: 'BUI VAN NAM' },
        [key(people.identityMismatch)]: { status: 'ACTIVE', accountName: 'DO THI NGA' },
        [key(people.slow)]: { status: 'ACTIVE', accountName: 'NGO VAN SON', delayMs: 3_000 },
        [key(people.otherCommune)]: { status: 'ACTIVE', accountName: 'LY THI YEN' },
      },
    });
    adapter = new AccountInquiryHttpClient({ baseUrl: simulator.url, timeoutMs: 300, attemptsMax: 2, backoffMsBase: 10 });
  });
  afterAll(async () => {
    await simulator?.close();
    await ctx?.close();
  });

  it('an officer of another commune verifies nothing of yours', async () => {
    const result = await verifyAccounts(ctx, dakha, { adapter });
    expect(result).toMatchObject({ checked: 1, idVerified: 1, accountVerified: 1, errors: 0 });
    const after = await states();
    expect(after.otherCommune.verification).toBe('ACCOUNT_VERIFIED');
    for (const name of Object.keys(people) as Key[]) {
      if (name !== 'otherCommune') expect(after[name].verification, name).toBe('COLLECTED');
    }
    await expect(verifyAccounts(ctx, kontum, { adapter, unitCode: '23500' })).rejects.toMatchObject({ code: 'UNIT_OUT_OF_SCOPE' });
  });

  it('verifies identity first, then each account outcome, set-based with history and one audit event', async () => {
    const historyBefore = await historyCount();
    const result = await verifyAccounts(ctx, kontum, { adapter, unitCode: '23293' });
    expect(result).toMatchObject({
      checked: 10,
      idVerified: 8,
      accountVerified: 3,
      rejected: { closed: 1, blocked: 1, unknown: 1, nameMismatch: 1 },
      notIdentityChecked: 1,
      identityNotMatched: 1,
      errors: 1,
    });
    const after = await states();
    expect(after.active).toEqual({ verification: 'ACCOUNT_VERIFIED', note: null, needsReverification: false });
    expect(after.masked.verification).toBe('ACCOUNT_VERIFIED');
    expect(after.representative.verification).toBe('ACCOUNT_VERIFIED');
    expect(after.closed).toMatchObject({ verification: 'REJECTED', note: 'Tài khoản đã đóng' });
    expect(after.blocked).toMatchObject({ verification: 'REJECTED', note: 'Tài khoản đang bị khóa hoặc phong tỏa' });
    expect(after.unknown.verification).toBe('REJECTED');
    expect(after.unknown.note).toMatch(/^Không tìm thấy tài khoản/);
    expect(after.mismatch).toMatchObject({ verification: 'REJECTED', note: 'Tên chủ tài khoản không khớp: NGUYEN VAN B' });
    // Without a population check (or with a mismatch there), the instrument stays collected.
    expect(after.unchecked.verification).toBe('COLLECTED');
    expect(after.identityMismatch.verification).toBe('COLLECTED');
    // The slow bank timed out: the identity step stands, the account is neither verified nor rejected.
    expect(after.slow).toEqual({ verification: 'ID_VERIFIED', note: null, needsReverification: false });

    expect(await historyCount()).toBe(historyBefore + 8);
    const history = await queryOne<{ before: Record<string, unknown>; after: Record<string, unknown>; actor: string }>(
      ctx.db.orm,
      sql`SELECT h.before, h.after, h.actor FROM registry_history h JOIN persons p ON p.id = h.person_id
          WHERE p.personal_id = ${personalId(people.closed)} AND h.action = 'instrument.verification'`,
    );
    expect(history).toMatchObject({ before: { verification: 'COLLECTED' }, after: { verification: 'REJECTED', note: 'Tài khoản đã đóng', inquiry: 'CLOSED', runId: result.runId }, actor: 'kontum' });
    const audit = await queryRows<{ after: { runId: string; accountVerified: number } }>(
      ctx.db.orm,
      sql`SELECT after FROM audit_events WHERE action = 'accounts.verified' AND entity_id = ${result.runId}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ runId: result.runId, accountVerified: 3 });
  });

  it('a timeout on re-verification leaves a verified account as it was; a definite answer clears the flag', async () => {
    await ctx.db.orm.execute(sql`
      UPDATE payment_instruments SET needs_reverification = true
      WHERE active AND account_number = ${people.active.account}`);
    simulator.setOverrides({ [key(people.active)]: { status: 'ACTIVE', accountName: 'NGUYEN VAN AN', delayMs: 3_000 } });
    const slow = await verifyAccounts(ctx, kontum, { adapter });
    expect(slow.errors).toBe(2);
    expect(await state(people.active)).toEqual({ verification: 'ACCOUNT_VERIFIED', note: null, needsReverification: true });

    simulator.setOverrides({
      [key(people.active)]: { status: 'ACTIVE', accountName: 'NGUYEN VAN AN' },
      [key(people.slow)]: { status: 'ACTIVE', accountName: 'NGO VAN SON' },
    });
    const historyBefore = await historyCount();
    const again = await verifyAccounts(ctx, kontum, { adapter });
    // Rejected accounts are asked again; the same answer is no change (no new history row).
    expect(again).toMatchObject({ accountVerified: 2, rejected: { closed: 1, blocked: 1, unknown: 1, nameMismatch: 1 }, errors: 0 });
    expect(await state(people.active)).toEqual({ verification: 'ACCOUNT_VERIFIED', note: null, needsReverification: false });
    expect(await state(people.slow)).toMatchObject({ verification: 'ACCOUNT_VERIFIED' });
    expect(await historyCount()).toBe(historyBefore + 2);
  });

  it('a closed account that reopens is verified on the next run', async () => {
    simulator.setOverrides({ [key(people.closed)]: { status: 'ACTIVE', accountName: 'LE VAN CUONG', masked: true } });
    const result = await verifyAccounts(ctx, kontum, { adapter });
    expect(result.accountVerified).toBe(1);
    expect(await state(people.closed)).toEqual({ verification: 'ACCOUNT_VERIFIED', note: null, needsReverification: false });
  });

  it('needs a configured inquiry service and the permission', async () => {
    await expect(verifyAccounts(ctx, kontum)).rejects.toMatchObject({ code: 'ACCOUNTS_NOT_CONFIGURED', text: { vi: expect.stringContaining('ASXH_ACCOUNTS_URL') } });
    const auditor = await createTestUser(ctx, { username: 'audit', role: 'auditor', unitCode: null });
    await expect(verifyAccounts(ctx, auditor, { adapter })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('an unreachable inquiry service changes nothing and counts errors', async () => {
    await ctx.db.orm.execute(sql`UPDATE payment_instruments SET needs_reverification = true WHERE active AND account_number IS NOT NULL`);
    const before = await states();
    const down = new AccountInquiryHttpClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 200, attemptsMax: 1 });
    const result = await verifyAccounts(ctx, kontum, { adapter: down });
    expect(result).toMatchObject({ checked: 10, accountVerified: 0, errors: 8, rejected: { closed: 0, blocked: 0, unknown: 0, nameMismatch: 0 } });
    expect(await states()).toEqual(before);
  });

  it('stops the run when the inquiry service refuses the key, recording the counts in the audit trail', async () => {
    const refusing: AccountInquiryAdapter = {
      inquire: async () => {
        throw domainError('ACCOUNT_INQUIRY_AUTH_FAILED', 502, 'Từ chối khóa truy cập', 'API key refused');
      },
    };
    const error = await verifyAccounts(ctx, kontum, { adapter: refusing }).then(() => null, (failure: unknown) => failure);
    expect(error).toMatchObject({ code: 'ACCOUNT_INQUIRY_AUTH_FAILED', details: { run: { checked: 10, errors: 8 } } });
    const audit = await queryOne<{ after: { stoppedBy: string } }>(
      ctx.db.orm,
      sql`SELECT after FROM audit_events WHERE action = 'accounts.verified' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit?.after.stoppedBy).toBe('ACCOUNT_INQUIRY_AUTH_FAILED');
  });

  it('POST /api/v1/accounts/verify uses ASXH_ACCOUNTS_URL', async () => {
    const app: FastifyInstance = await createTestApp(ctx);
    if (!app.hasRoute({ method: 'POST', url: '/api/v1/accounts/verify' })) await app.register(verificationRoutes(ctx));
    try {
      ctx.config.accountsUrl = simulator.url;
      const cookie = await loginCookie(app, 'kontum');
      const response = await app.inject({ method: 'POST', url: '/api/v1/accounts/verify', headers: { cookie }, payload: {} });
      expect(response.statusCode).toBe(200);
      expect(json<{ checked: number; accountVerified: number }>(response)).toMatchObject({ checked: 10, accountVerified: 5 });
      const outside = await app.inject({ method: 'POST', url: '/api/v1/accounts/verify', headers: { cookie }, payload: { unitCode: '23500' } });
      expect(outside.statusCode).toBe(403);
    } finally {
      ctx.config.accountsUrl = undefined;
      await app.close();
    }
  });
});

describe('holder name matching', () => {
  it('compares plain names without case and diacritics', () => {
    expect(holderNameMatches('NGUYEN THI DAO', ['Nguyễn Thị Đào'])).toBe(true);
    expect(holderNameMatches('NGUYEN THI DAO', ['Nguyễn Thị Đảo'])).toBe(true);
    expect(holderNameMatches('NGUYEN VAN B', ['Nguyễn Văn Bình'])).toBe(false);
  });

  it('compares masked names by word lengths and visible letters', () => {
    expect(maskName('NGUYEN VAN AN')).toBe('N***** V** A*');
    expect(maskedNameMatches('N***** V** A*', 'Nguyễn Văn An')).toBe(true);
    expect(maskedNameMatches('N***** V** A*', 'Nguyễn Văn Anh')).toBe(false);
    expect(maskedNameMatches('N***** T** A*', 'Nguyễn Văn An')).toBe(false);
    expect(maskedNameMatches('N***** V**', 'Nguyễn Văn An')).toBe(false);
    expect(maskedNameMatches('****** *** **', 'Nguyễn Văn An')).toBe(false);
    expect(holderNameMatches('Đ*** T** M**', ['Đặng Văn Long', 'Đặng Thị Mai'])).toBe(false);
    expect(holderNameMatches('D*** T** M**', ['Đặng Văn Long', 'Đặng Thị Mai'])).toBe(true);
  });
});

describe('accounts simulator', () => {
  it('is deterministic, spreads outcomes like NAPAS answers, and uses names from template files', async () => {
    const dir = tempDir();
    const file = writeTemplateCsv(join(dir, 'names.csv'), [rowOf(people.active)]);
    // A seed under which the listed account is plainly ACTIVE, so its name is returned as is.
    const seed = [...Array(100).keys()].find((candidate) => hashedOutcome(candidate, key(people.active)) === 'ACTIVE')!;
    const simulator = await startAccountsSimulator({ port: 0, seed, dataFiles: file });
    try {
      const client = new AccountInquiryHttpClient({ baseUrl: simulator.url, timeoutMs: 2_000 });
      const health = (await (await fetch(`${simulator.url}/health`)).json()) as { knownAccounts: number };
      expect(health.knownAccounts).toBe(1);
      expect(await client.inquire({ providerCode: bin, accountNumber: people.active.account })).toEqual({ status: 'ACTIVE', accountName: 'NGUYEN VAN AN' });
      const counts: Record<string, number> = {};
      for (let index = 0; index < 400; index++) {
        const answer = await client.inquire({ providerCode: '970415', accountNumber: String(1_000_000_000 + index) });
        const kind = answer.status === 'ACTIVE' && answer.accountName!.includes('*') ? 'MASKED' : answer.status;
        counts[kind] = (counts[kind] ?? 0) + 1;
        if (answer.status === 'ACTIVE') expect(answer.accountName).toMatch(/^[A-Z*]+( [A-Z*]+)+$/);
        if (answer.status === 'UNKNOWN') expect(answer.accountName).toBeNull();
      }
      expect(counts.ACTIVE).toBeGreaterThan(280);
      expect(counts.MASKED).toBeGreaterThan(12);
      for (const status of ['CLOSED', 'BLOCKED', 'UNKNOWN']) expect(counts[status], status).toBeGreaterThan(2);
      const again = await client.inquire({ providerCode: '970415', accountNumber: '1000000007' });
      expect(again).toEqual(await client.inquire({ providerCode: '970415', accountNumber: '1000000007' }));

      const forced = await fetch(`${simulator.url}/admin/overrides`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ overrides: { '970415:1000000007': { status: 'CLOSED' } } }),
      });
      expect(forced.status).toBe(200);
      expect(await client.inquire({ providerCode: '970415', accountNumber: '1000000007' })).toEqual({ status: 'CLOSED', accountName: null });
    } finally {
      await simulator.close();
    }
  });

  it('a slow answer is a timeout for the client: ACCOUNT_INQUIRY_UNAVAILABLE, never CLOSED', async () => {
    const simulator = await startAccountsSimulator({ port: 0, seed: 3, slowRate: 1, slowMs: 2_000 });
    try {
      const client = new AccountInquiryHttpClient({ baseUrl: simulator.url, timeoutMs: 150, attemptsMax: 2, backoffMsBase: 5 });
      await expect(client.inquire({ providerCode: bin, accountNumber: '123456789' })).rejects.toMatchObject({
        code: 'ACCOUNT_INQUIRY_UNAVAILABLE',
        details: { attempts: 2, reason: 'timeout after 150 ms' },
      });
    } finally {
      await simulator.close();
    }
  });
});
