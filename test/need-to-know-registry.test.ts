import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { recordAudit } from '../src/modules/audit/audit.service.js';
import { proposeInstrument } from '../src/modules/accounts/proposals.service.js';
import { importBeneficiaries } from '../src/modules/registry/import/import.service.js';
import { changeEnrolmentStatus } from '../src/modules/registry/registry.service.js';
import { categoryByCode, hivCategoryCodes } from '../src/modules/rules/categories.js';
import type { TemplateRow } from '../src/modules/registry/validation/import-row.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { idFor, personRow } from './helpers/people.js';
import { approveImportOf } from './helpers/imports.js';

/**
 * Need to know in the registry, the account proposals, the campaign, the review queue and the audit
 * trail (issue 18, requirement 1): what each role sees of a person there, including the records as
 * stored (the history's before/after, the audit payloads), and that every page of people is audited.
 * Kon Tum (23293) people imported by the province, not yet approved: their bank accounts wait as
 * proposals of the batch, and the history's creation rows carry the file's IDs and accounts.
 */
const bank = (serial: number, name: string, category: string, birth: string): Partial<TemplateRow> =>
  personRow({ ho_ten: name, ngay_sinh: birth, gioi_tinh: 'Nam', so_dinh_danh: idFor(birth, 'Nam', serial), ma_doi_tuong: category,
    hinh_thuc_nhan: 'TK_NGAN_HANG', ma_to_chuc: '970405', so_tai_khoan: `51002010000${serial}`, chu_tai_khoan: name, chi_tra_den_thang: '06/2024' });
const cash = (serial: number, name: string, category: string, birth: string): Partial<TemplateRow> =>
  personRow({ ho_ten: name, ngay_sinh: birth, gioi_tinh: 'Nữ', so_dinh_danh: idFor(birth, 'Nữ', serial), ma_doi_tuong: category,
    dia_chi: 'Tổ 3', so_dien_thoai: `09123450${serial}`, chi_tra_den_thang: '06/2024' });

const people = {
  bankPlain: bank(11, 'Nguyễn Văn An', 'BTXH_K6_NANG', '01/01/1970'),
  bankHiv: bank(12, 'Trần Văn Bình', 'BTXH_K8', '10/10/1985'),
  cashPlain: cash(31, 'Võ Thị Em', 'BTXH_K5C', '03/03/1940'),
  cashHiv: cash(32, 'Bùi Thị Mai', 'BTXH_K8', '05/05/1980'),
  merit: cash(33, 'Hà Thị Nhung', 'NCC_TKN', '04/04/1930'),
};
const everyone = Object.values(people);
const id = (person: Partial<TemplateRow>) => person.so_dinh_danh!;
const account = (person: Partial<TemplateRow>) => person.so_tai_khoan!;
/** The account a later proposal changes a person to (the file's accounts are decided with their file). */
const changedAccount = (person: Partial<TemplateRow>) => `${account(person).slice(0, -1)}9`;
const masked = /^•+\d{4}$/;
const hivWords = [...hivCategoryCodes, ...hivCategoryCodes.flatMap((code) => [categoryByCode.get(code)!.vi, categoryByCode.get(code)!.en]), 'HIV'];
const treatmentNote = 'Đang điều trị ARV';

function expectNoHiv(text: string, what: string): void {
  for (const word of hivWords) expect(text, `${what}: "${word}" shown`).not.toContain(word);
}
function expectNoFullIds(text: string, what: string): void {
  for (const person of everyone) expect(text, `${what}: full ID of ${person.ho_ten}`).not.toContain(id(person));
  for (const person of [people.bankPlain, people.bankHiv]) expect(text, `${what}: account of ${person.ho_ten}`).not.toContain(account(person));
}

interface Disclosed {
  actor: string;
  what: string;
  rows: number;
  filter: Record<string, unknown> | null;
}

describe('need to know: the registry, accounts, campaign, review queue and audit trail', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let officer: Actor;
  const cookies: Record<string, string> = {};
  const get = (user: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie: cookies[user]! } });
  const ok = async <T>(user: string, url: string): Promise<{ body: T; text: string }> => {
    const response = await get(user, url);
    expect(response.statusCode, `${user} ${url}: ${response.body.slice(0, 300)}`).toBe(200);
    return { body: json<T>(response), text: response.body };
  };
  const disclosures = async (): Promise<Disclosed[]> =>
    (await queryRows<{ actor: string; after: Omit<Disclosed, 'actor'> }>(ctx.db.orm, sql`SELECT actor, after FROM audit_events WHERE action = 'personal_data.viewed' ORDER BY seq`))
      .map((event) => ({ actor: event.actor, what: event.after.what, rows: event.after.rows, filter: event.after.filter }));
  const lastSeq = async () => (await queryOne<{ seq: number }>(ctx.db.orm, sql`SELECT COALESCE(max(seq), 0)::int AS seq FROM audit_events`))!.seq;
  const disclosedSince = async (seq: number): Promise<Disclosed[]> =>
    (await queryRows<{ actor: string; after: Omit<Disclosed, 'actor'> }>(
      ctx.db.orm,
      sql`SELECT actor, after FROM audit_events WHERE action = 'personal_data.viewed' AND seq > ${seq} ORDER BY seq`,
    )).map((event) => ({ actor: event.actor, what: event.after.what, rows: event.after.rows, filter: event.after.filter }));

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    const province = await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    await createTestUser(ctx, { username: 'kiemtoan', role: 'auditor' });
    await createTestUser(ctx, { username: 'quantri', role: 'admin' });
    const report = await importBeneficiaries(ctx, province, { path: writeTemplateCsv(join(tempDir(), 'people.csv'), everyone), dryRun: false });
    expect(report.errors).toEqual([]);
    // The file's accounts are decided with the file; the queue holds single changes proposed later.
    await approveImportOf(ctx, report);
    for (const person of [people.bankPlain, people.bankHiv]) {
      await proposeInstrument(ctx, officer, { personalId: id(person), channel: 'TK_NGAN_HANG', providerCode: '970405', accountNumber: changedAccount(person), accountHolder: person.ho_ten! });
    }
    // A suspension of an HIV-related enrolment with a note that tells why.
    await changeEnrolmentStatus(ctx, officer, { personalId: id(people.cashHiv), action: 'suspend', reason: 'KHONG_DU_DIEU_KIEN', eventDate: '01/07/2024', note: treatmentNote });
    // A review item of the population check, on the HIV-related person.
    const person = await queryOne<{ id: number }>(ctx.db.orm, sql`SELECT id::int AS id FROM persons WHERE personal_id = ${id(people.cashHiv)}`);
    const check = await queryOne<{ id: number }>(
      ctx.db.orm,
      sql`INSERT INTO population_checks (person_id, outcome, population_name, run_id) VALUES (${person!.id}, 'NAME_MISMATCH', 'Bùi Thị Mây', 'run-1') RETURNING id::int AS id`,
    );
    await ctx.db.orm.execute(sql`
      INSERT INTO review_items (person_id, kind, check_id, current_value, proposed, province_code, commune_code)
      VALUES (${person!.id}, 'NAME_MISMATCH', ${check!.id}, ${JSON.stringify({ fullName: people.cashHiv.ho_ten })}::jsonb,
              ${JSON.stringify({ fullName: 'Bùi Thị Mây' })}::jsonb, '51', '23293')`);
    app = await createTestApp(ctx);
    for (const username of ['tinh', 'canbo', 'kiemtoan', 'quantri']) cookies[username] = await loginCookie(app, username);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('the beneficiary’s history shows the auditor no full ID or account of the imported rows, and no HIV category to the auditor or the administrator', async () => {
    type Detail = { person: { personalId: string }; enrolments: { category: string; programme: string }[]; history: { action: string; before: unknown; after: unknown }[] };
    for (const person of [people.bankHiv, people.cashHiv, people.bankPlain]) {
      const auditor = await ok<Detail>('kiemtoan', `/api/v1/beneficiaries/${id(person)}`);
      expect(auditor.body.person.personalId).toMatch(masked);
      // the creation from the file is in the history (with the row's ID and account, masked)
      expect(auditor.body.history.map((entry) => entry.action)).toContain('person.created');
      expectNoFullIds(auditor.text, `auditor, history of ${person.ho_ten}`);
      expectNoHiv(auditor.text, `auditor, history of ${person.ho_ten}`);
      expect(auditor.text).toContain(id(person).slice(-4));

      const admin = await ok<Detail>('quantri', `/api/v1/beneficiaries/${id(person)}`);
      expect(admin.text).toContain(id(person));
      expectNoHiv(admin.text, `administrator, history of ${person.ho_ten}`);
      // every TGXH category is PROTECTED for them: the HIV one does not stand out
      for (const body of [auditor.body, admin.body]) {
        expect(body.enrolments.map((enrolment) => [enrolment.programme, enrolment.category])).toEqual([['TGXH', 'PROTECTED']]);
      }
    }
    // The note of the HIV-related enrolment's suspension goes with its category.
    const suspended = await ok<Detail>('kiemtoan', `/api/v1/beneficiaries/${id(people.cashHiv)}`);
    expect(suspended.body.history.map((entry) => entry.action)).toContain('enrolment.suspend');
    expect(suspended.text).not.toContain(treatmentNote);

    // The officer who handles the case sees the file's rows in full.
    const handled = await ok<Detail>('canbo', `/api/v1/beneficiaries/${id(people.bankHiv)}`);
    expect(handled.text).toContain(id(people.bankHiv));
    expect(handled.text).toContain(account(people.bankHiv));
    expect(handled.body.enrolments.map((enrolment) => enrolment.category)).toEqual(['BTXH_K8']);
    expect((await ok('canbo', `/api/v1/beneficiaries/${id(people.cashHiv)}`)).text).toContain(treatmentNote);

    // The NCC person's category is no secret to the auditor.
    const merit = await ok<Detail>('kiemtoan', `/api/v1/beneficiaries/${id(people.merit)}`);
    expect(merit.body.enrolments.map((enrolment) => enrolment.category)).toEqual(['NCC_TKN']);
  });

  it('the search: masked for the auditor, PROTECTED on every TGXH row, no filter that tells a masked category apart; every page of people is audited', async () => {
    type Page = { items: { personalId: string; enrolments: { category: string; programme: string }[] }[] };
    const since = await lastSeq();
    const auditor = await ok<Page>('kiemtoan', '/api/v1/beneficiaries');
    expect(auditor.body.items).toHaveLength(everyone.length);
    for (const item of auditor.body.items) expect(item.personalId).toMatch(masked);
    expectNoFullIds(auditor.text, 'auditor search');
    expectNoHiv(auditor.text, 'auditor search');
    const categoriesShown = auditor.body.items.flatMap((item) => item.enrolments.map((enrolment) => `${enrolment.programme}:${enrolment.category}`)).sort();
    expect(categoriesShown).toEqual(['NCC:NCC_TKN', 'TGXH:PROTECTED', 'TGXH:PROTECTED', 'TGXH:PROTECTED', 'TGXH:PROTECTED']);

    // A filter by a masked category would tell it: refused, whichever; the programme filter keeps the HIV-related people.
    for (const category of ['BTXH_K8', 'BTXH_K5C']) {
      expect((await get('kiemtoan', `/api/v1/beneficiaries?category=${category}`)).statusCode).toBe(403);
      expect((await get('quantri', `/api/v1/beneficiaries?category=${category}`)).statusCode).toBe(403);
    }
    expect((await ok<Page>('kiemtoan', '/api/v1/beneficiaries?category=NCC_TKN')).body.items).toHaveLength(1);
    expect((await ok<Page>('kiemtoan', '/api/v1/beneficiaries?programme=TGXH')).body.items).toHaveLength(4);
    expect((await ok<Page>('quantri', '/api/v1/beneficiaries?programme=TGXH&status=DANG_HUONG')).body.items).toHaveLength(3);
    expect((await ok<Page>('canbo', '/api/v1/beneficiaries?category=BTXH_K8')).body.items).toHaveLength(2);

    // A page without anyone is not a disclosure; a search by an ID is recorded with the ID as the reader may see it.
    expect((await ok<Page>('kiemtoan', '/api/v1/beneficiaries?q=khong%20co%20ai')).body.items).toEqual([]);
    await ok('canbo', `/api/v1/beneficiaries?q=${id(people.cashPlain)}`);
    await ok('kiemtoan', `/api/v1/beneficiaries?q=${id(people.cashPlain)}`);
    const events = (await disclosedSince(since)).filter((event) => event.what === 'registry.beneficiaries');
    expect(events.map((event) => [event.actor, event.rows])).toEqual([
      ['kiemtoan', 5], ['kiemtoan', 1], ['kiemtoan', 4], ['quantri', 3], ['canbo', 2], ['canbo', 1], ['kiemtoan', 1],
    ]);
    expect(events.at(-2)!.filter).toMatchObject({ query: id(people.cashPlain) });
    expect(events.at(-1)!.filter).toMatchObject({ query: `••••••••${id(people.cashPlain).slice(-4)}` });
  });

  it('the account proposals: masked IDs and accounts and no category that stands out for the auditor; audited', async () => {
    type Proposal = { personalId: string; category: string; accountNumber: string | null };
    const since = await lastSeq();
    const auditor = await ok<Proposal[]>('kiemtoan', '/api/v1/accounts/proposals?status=PENDING');
    expect(auditor.body).toHaveLength(2);
    for (const proposal of auditor.body) {
      expect(proposal.personalId).toMatch(masked);
      expect(proposal.accountNumber).toMatch(masked);
      expect(proposal.category).toBe('PROTECTED');
    }
    expectNoFullIds(auditor.text, 'auditor proposals');
    expectNoHiv(auditor.text, 'auditor proposals');
    const admin = await ok<Proposal[]>('quantri', '/api/v1/accounts/proposals?status=PENDING');
    expect(admin.body.map((proposal) => proposal.category)).toEqual(['PROTECTED', 'PROTECTED']);
    expect(admin.body.map((proposal) => proposal.personalId).sort()).toEqual([id(people.bankPlain), id(people.bankHiv)].sort());
    const officerView = await ok<Proposal[]>('canbo', '/api/v1/accounts/proposals?status=PENDING');
    expect(officerView.body.map((proposal) => proposal.category).sort()).toEqual(['BTXH_K6_NANG', 'BTXH_K8']);
    expect(officerView.body.map((proposal) => proposal.accountNumber).sort()).toEqual([changedAccount(people.bankPlain), changedAccount(people.bankHiv)].sort());
    for (const person of [people.bankPlain, people.bankHiv]) expect(auditor.text).not.toContain(changedAccount(person));
    // none decided yet: an empty page is not recorded
    expect((await ok<Proposal[]>('kiemtoan', '/api/v1/accounts/proposals?status=REJECTED')).body).toEqual([]);
    const events = (await disclosedSince(since)).filter((event) => event.what === 'accounts.proposals');
    expect(events.map((event) => [event.actor, event.rows, event.filter?.status])).toEqual([['kiemtoan', 2, 'PENDING'], ['quantri', 2, 'PENDING'], ['canbo', 2, 'PENDING']]);
  });

  it('the people still on cash (campaign) and the review queue: masked for the auditor, audited', async () => {
    const since = await lastSeq();
    type Cash = { personalId: string; fullName: string };
    const onCash = await ok<Cash[] | { items: Cash[] }>('kiemtoan', '/api/v1/campaign/cash/23293');
    const cashPeople = Array.isArray(onCash.body) ? onCash.body : onCash.body.items;
    expect(cashPeople.map((person) => person.fullName).sort()).toEqual([people.cashPlain, people.cashHiv, people.merit].map((person) => person.ho_ten!).sort());
    for (const person of cashPeople) expect(person.personalId).toMatch(masked);
    expectNoFullIds(onCash.text, 'auditor people on cash');

    const review = await ok<{ items: { personalId: string; proposed: { fullName?: string } }[] }>('kiemtoan', '/api/v1/review-items');
    expect(review.body.items).toHaveLength(1);
    expect(review.body.items[0]!.personalId).toMatch(masked);
    expect(review.body.items[0]!.proposed.fullName).toBe('Bùi Thị Mây');
    expectNoFullIds(review.text, 'auditor review queue');
    expect((await ok<{ items: { personalId: string }[] }>('canbo', '/api/v1/review-items')).body.items[0]!.personalId).toBe(id(people.cashHiv));
    // nothing resolved yet: an empty page is not recorded
    expect((await ok<{ items: unknown[] }>('kiemtoan', '/api/v1/review-items?status=ACCEPTED')).body.items).toEqual([]);

    const events = (await disclosedSince(since)).map((event) => [event.actor, event.what, event.rows]);
    expect(events).toEqual([['kiemtoan', 'campaign.people-on-cash', 3], ['kiemtoan', 'population.review-items', 1], ['canbo', 'population.review-items', 1]]);
  });

  it('the audit trail: payloads masked per reader (stored events unchanged), and a page with people’s data is audited', async () => {
    // An event whose payload names a person in full, with an HIV-related category and a note (as a stored record may).
    const stored = {
      personalId: id(people.bankHiv), accountNumber: account(people.bankHiv), category: 'BTXH_K8', note: treatmentNote,
      message: `Trùng số định danh ${id(people.bankHiv)} (BTXH_K8)`,
    };
    await recordAudit(ctx.db.orm, officer, { action: 'test.person_recorded', entityType: 'person', entityId: 1, unitCode: '23293', after: stored });
    const since = await lastSeq();
    type Event = { action: string; actor: string; after: Record<string, unknown> | null };

    const auditor = await ok<Event[]>('kiemtoan', '/api/v1/audit?limit=200');
    expectNoFullIds(auditor.text, 'auditor audit trail');
    expectNoHiv(auditor.text, 'auditor audit trail');
    expect(auditor.text).not.toContain(treatmentNote);
    const recorded = auditor.body.find((event) => event.action === 'test.person_recorded')!;
    expect(recorded.after).toEqual({
      personalId: `••••••••${id(people.bankHiv).slice(-4)}`, accountNumber: `•••••••••${account(people.bankHiv).slice(-4)}`, category: 'PROTECTED', note: null,
      message: `Trùng số định danh ••••••••${id(people.bankHiv).slice(-4)} (PROTECTED)`,
    });
    // The officer's search by a full ID (a disclosure event's filter) is masked for the auditor too.
    expect(auditor.body.some((event) => event.action === 'personal_data.viewed' && event.actor === 'canbo')).toBe(true);

    const province = await ok<Event[]>('tinh', '/api/v1/audit?limit=200');
    expect(province.body.find((event) => event.action === 'test.person_recorded')!.after).toEqual(stored);
    expect(province.text).toContain(id(people.cashPlain));

    // The evidence itself is unchanged.
    const row = await queryOne<{ after: unknown }>(ctx.db.orm, sql`SELECT after FROM audit_events WHERE action = 'test.person_recorded'`);
    expect(row!.after).toEqual(stored);

    // The filter answers alike (only the events of people, masked).
    const filtered = await ok<Event[]>('kiemtoan', '/api/v1/audit?entityType=person&entityId=1');
    expectNoFullIds(filtered.text, 'auditor audit trail, filtered');
    expectNoHiv(filtered.text, 'auditor audit trail, filtered');

    const events = (await disclosedSince(since)).filter((event) => event.what === 'audit.events');
    expect(events.map((event) => event.actor)).toEqual(['kiemtoan', 'tinh', 'kiemtoan']);
    for (const event of events) expect(event.rows).toBeGreaterThan(0);
  });

  it('no other role than those who handle the case gets an HIV-related category from any of these answers', async () => {
    const urls = ['/api/v1/beneficiaries', '/api/v1/accounts/proposals', '/api/v1/campaign/cash/23293', '/api/v1/review-items', '/api/v1/audit?limit=200',
      ...everyone.map((person) => `/api/v1/beneficiaries/${id(person)}`)];
    for (const user of ['kiemtoan', 'quantri']) {
      for (const url of urls) expectNoHiv((await ok(user, url)).text, `${user} ${url}`);
    }
    expect((await disclosures()).length).toBeGreaterThan(0);
  });
});
