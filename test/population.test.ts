import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PopulationAdapter } from '../src/adapters/population/population.adapter.js';
import { PopulationHttpClient } from '../src/adapters/population/population.client.js';
import { domainError, isAppError } from '../src/core/errors.js';
import { foldVietnamese } from '../src/core/text.js';
import { queryOne, queryRows } from '../src/db/client.js';
import { demoRows } from '../src/demo/generator.js';
import { verifyAuditChain } from '../src/modules/audit/audit.service.js';
import type { Actor } from '../src/modules/access/scope.js';
import { populationCommands } from '../src/modules/population/population.commands.js';
import { verifyPopulation } from '../src/modules/population/population.service.js';
import { exampleRows, type TemplateRow } from '../src/modules/registry/validation/import-row.js';
import {
  birthDateVariant,
  hashedOutcome,
  nameVariant,
  startPopulationSimulator,
  type PopulationOverride,
  type PopulationSimulator,
} from '../src/simulators/population/population.simulator.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { importApproved } from './helpers/imports.js';

const today = '2026-01-15';

/** An elderly beneficiary (BTXH_K5C) paid in cash, in a commune of province 51. */
function elderly(values: Partial<TemplateRow>): Partial<TemplateRow> {
  return {
    ...exampleRows()[0],
    so_cmnd: '', so_tai_khoan: '', chu_tai_khoan: '', hinh_thuc_nhan: 'TIEN_MAT', ma_to_chuc: 'VNPOST', ma_don_vi: '23293',
    ...values,
  };
}

const people = {
  match: elderly({ ho_ten: 'Nguyễn Thị An', ngay_sinh: '12/03/1941', so_dinh_danh: '036141100001' }),
  name: elderly({ ho_ten: 'Trần Thị Bình', ngay_sinh: '05/04/1941', so_dinh_danh: '036141100002' }),
  dob: elderly({ ho_ten: 'Lê Thị Cúc', ngay_sinh: '20/05/1941', so_dinh_danh: '036141100003' }),
  deceased: elderly({ ho_ten: 'Phạm Thị Dung', ngay_sinh: '01/06/1941', so_dinh_danh: '036141100004' }),
  moved: elderly({ ho_ten: 'Hoàng Thị Em', ngay_sinh: '02/07/1941', so_dinh_danh: '036141100005' }),
  unknown: elderly({ ho_ten: 'Vũ Thị Gấm', ngay_sinh: '03/08/1941', so_dinh_danh: '036141100006' }),
  dakha: elderly({ ho_ten: 'Đỗ Thị Hạnh', ngay_sinh: '04/09/1941', so_dinh_danh: '036141100007', ma_don_vi: '23500' }),
  terminated: elderly({
    ho_ten: 'Bùi Thị Khuyên', ngay_sinh: '05/10/1941', so_dinh_danh: '036141100008',
    trang_thai: 'THOI_HUONG', ly_do: 'CHUYEN_DI', ngay_su_kien: '10/10/2025',
  }),
};
const id = (key: keyof typeof people) => people[key].so_dinh_danh!;

const overrides: Record<string, PopulationOverride> = {
  [id('match')]: { status: 'MATCH' },
  [id('name')]: { status: 'NAME_MISMATCH' },
  [id('dob')]: { status: 'DOB_MISMATCH' },
  [id('deceased')]: { status: 'DECEASED', deathDate: '2025-11-20' },
  [id('moved')]: { status: 'MOVED', residenceCommuneCode: '23500' },
  [id('dakha')]: { status: 'DECEASED', deathDate: '2025-12-03' },
  [id('terminated')]: { status: 'NAME_MISMATCH' },
};

describe('national population database checks', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let simulator: PopulationSimulator;
  let province: Actor;
  let kontum: Actor;
  const cookies: Record<string, string> = {};
  const dir = tempDir();

  beforeAll(async () => {
    ctx = await createTestContext(`${today}T03:00:00Z`);
    province = await createTestUser(ctx, { username: 'tinh51', role: 'province', unitCode: '51' });
    kontum = await createTestUser(ctx, { username: 'kontum', role: 'officer', unitCode: '23293' });
    await createTestUser(ctx, { username: 'dakha', role: 'officer', unitCode: '23500' });
    await createTestUser(ctx, { username: 'duyet', role: 'approver', unitCode: '23293' });
    const registryFile = writeTemplateCsv(join(dir, 'registry.csv'), Object.values(people));
    const report = await importApproved(ctx, province, { path: registryFile, dryRun: false });
    expect(report.errors).toEqual([]);
    // The population database knows everyone except the "unknown" person.
    const known = Object.entries(people).filter(([key]) => key !== 'unknown').map(([, row]) => row);
    const simulatorFile = writeTemplateCsv(join(dir, 'population.csv'), known);
    simulator = await startPopulationSimulator({ port: 0, seed: 7, size: 200, today, extraCsv: simulatorFile, overrides });
    ctx.config.populationUrl = simulator.url;
    app = await createTestApp(ctx);
    for (const username of ['tinh51', 'kontum', 'dakha', 'duyet']) cookies[username] = await loginCookie(app, username);
  });
  afterAll(async () => {
    await app?.close();
    await simulator?.close();
    await ctx?.close();
  });

  const post = (user: string, url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: { cookie: cookies[user]! }, payload: payload as object });
  const get = (user: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie: cookies[user]! } });
  const openItem = async (key: keyof typeof people) =>
    queryOne<{ id: number; kind: string; proposed: Record<string, unknown> }>(
      ctx.db.orm,
      sql`SELECT ri.id::int AS id, ri.kind, ri.proposed FROM review_items ri JOIN persons p ON p.id = ri.person_id
          WHERE p.personal_id = ${id(key)} AND ri.status = 'OPEN'`,
    );

  it('the simulator knows the demo people and spreads outcomes as planned', async () => {
    const client = new PopulationHttpClient({ baseUrl: simulator.url });
    const demoIds = Array.from({ length: 50 }, (_, index) => demoRows(index, { seed: 7, today })[0]!);
    const records = await client.lookup([...demoIds.map((row) => row.so_dinh_danh), '001099000000']);
    expect(records).toHaveLength(51);
    const byId = new Map(records.map((record) => [record.personalId, record]));
    for (const row of demoIds) {
      const record = byId.get(row.so_dinh_danh)!;
      expect(record.found).toBe(true);
      if (hashedOutcome(row.so_dinh_danh) === 'MATCH') expect(record.fullName).toBe(row.ho_ten);
    }
    expect(byId.get('001099000000')).toMatchObject({ found: false, fullName: null });

    const shares = new Map<string, number>();
    const sample = 20_000;
    for (let index = 0; index < sample; index++) {
      const outcome = hashedOutcome(`0011990${String(index).padStart(5, '0')}`);
      shares.set(outcome, (shares.get(outcome) ?? 0) + 1);
    }
    expect(shares.get('MATCH')! / sample).toBeGreaterThan(0.9);
    expect(shares.get('NAME_MISMATCH')! / sample).toBeCloseTo(0.02, 2);
    expect(shares.get('DOB_MISMATCH')! / sample).toBeCloseTo(0.015, 2);
    expect(shares.get('DECEASED')! / sample).toBeCloseTo(0.015, 2);
    expect(shares.get('MOVED')! / sample).toBeCloseTo(0.02, 2);
    expect(foldVietnamese(nameVariant('Trần Thị Bình', 'F', '036141100002'))).not.toBe('tran thi binh');
    expect(birthDateVariant('1941-05-20')).toBe('1941-05-21');
    expect(birthDateVariant('1941-05-03')).toBe('1941-03-05');
  });

  it('turns each outcome into the right check and review item', async () => {
    const response = await post('kontum', '/api/v1/population/verify', {});
    expect(response.statusCode).toBe(200);
    const result = json<{ runId: string }>(response);
    expect(result).toMatchObject({ checked: 6, match: 1, nameMismatch: 1, dobMismatch: 1, deceased: 1, moved: 1, notFound: 1, errors: 0, reviewItemsCreated: 5 });
    const checks = await queryRows<{ personalId: string; outcome: string; populationName: string | null; birthDate: string | null; deathDate: string | null; movedTo: string | null; checkedAt: string }>(
      ctx.db.orm,
      sql`SELECT p.personal_id AS "personalId", c.outcome, c.population_name AS "populationName", c.population_birth_date::text AS "birthDate",
                 c.death_date::text AS "deathDate", c.moved_to AS "movedTo", to_char(c.checked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "checkedAt"
          FROM population_checks c JOIN persons p ON p.id = c.person_id WHERE c.run_id = ${result.runId}`,
    );
    const outcome = Object.fromEntries(checks.map((check) => [check.personalId, check]));
    expect(Object.keys(outcome).sort()).toEqual(['match', 'name', 'dob', 'deceased', 'moved', 'unknown'].map((key) => id(key as keyof typeof people)).sort());
    expect(outcome[id('match')]).toMatchObject({ outcome: 'MATCH', checkedAt: today });
    expect(outcome[id('name')]).toMatchObject({ outcome: 'NAME_MISMATCH', populationName: nameVariant('Trần Thị Bình', 'F', id('name')) });
    expect(outcome[id('dob')]).toMatchObject({ outcome: 'DOB_MISMATCH', birthDate: '1941-05-21' });
    expect(outcome[id('deceased')]).toMatchObject({ outcome: 'DECEASED', deathDate: '2025-11-20' });
    expect(outcome[id('moved')]).toMatchObject({ outcome: 'MOVED', movedTo: '23500' });
    expect(outcome[id('unknown')]).toMatchObject({ outcome: 'NOT_FOUND', populationName: null });

    expect(await openItem('name')).toMatchObject({ kind: 'NAME_MISMATCH', proposed: { fullName: nameVariant('Trần Thị Bình', 'F', id('name')) } });
    expect(await openItem('dob')).toMatchObject({ kind: 'DOB_MISMATCH', proposed: { birthDate: '1941-05-21' } });
    expect(await openItem('deceased')).toMatchObject({ kind: 'DECEASED', proposed: { deathDate: '2025-11-20', effectiveMonth: '2025-12' } });
    expect(await openItem('moved')).toMatchObject({ kind: 'MOVED', proposed: { communeCode: '23500' } });
    expect(await openItem('unknown')).toMatchObject({ kind: 'NOT_FOUND' });
    expect(await openItem('match')).toBeUndefined();
    expect(await openItem('terminated')).toBeUndefined();
  });

  it('a second run stores new checks but no duplicate open items', async () => {
    const second = await verifyPopulation(ctx, kontum);
    expect(second).toMatchObject({ checked: 6, reviewItemsCreated: 0 });
    const counts = await queryOne<{ checks: number; open: number }>(
      ctx.db.orm,
      sql`SELECT (SELECT count(*)::int FROM population_checks) AS checks, (SELECT count(*)::int FROM review_items WHERE status = 'OPEN') AS open`,
    );
    expect(counts).toEqual({ checks: 12, open: 5 });
  });

  it('verifies only units inside the area', async () => {
    const outside = await post('dakha', '/api/v1/population/verify', { unitCode: '23293' });
    expect(outside.statusCode).toBe(403);
    expect(json<{ code: string }>(outside).code).toBe('UNIT_OUT_OF_SCOPE');
    expect(json<{ code: string }>(await post('kontum', '/api/v1/population/verify', { unitCode: '51' })).code).toBe('UNIT_OUT_OF_SCOPE');
    expect(json<{ code: string }>(await post('tinh51', '/api/v1/population/verify', { unitCode: '99999' })).code).toBe('UNIT_UNKNOWN');
    const inside = json(await post('tinh51', '/api/v1/population/verify', { unitCode: '23500' }));
    expect(inside).toMatchObject({ checked: 1, deceased: 1, reviewItemsCreated: 1 });
  });

  it('lists review items of the own area only; another commune gets 404', async () => {
    const mine = json<{ items: { kind: string; personalId: string; communeCode: string }[] }>(await get('kontum', '/api/v1/review-items?status=OPEN'));
    expect(mine.items.map((item) => item.kind).sort()).toEqual(['DECEASED', 'DOB_MISMATCH', 'MOVED', 'NAME_MISMATCH', 'NOT_FOUND']);
    const theirs = json<{ items: { kind: string; personalId: string }[] }>(await get('dakha', '/api/v1/review-items'));
    expect(theirs.items.map((item) => item.personalId)).toEqual([id('dakha')]);
    const nameItem = (await openItem('name'))!;
    const foreign = await post('dakha', `/api/v1/review-items/${nameItem.id}/resolve`, { action: 'accept' });
    expect(foreign.statusCode).toBe(404);
    const viaCommand = (await populationCommands['review.list']!.run(ctx, kontum, { kind: 'dob_mismatch' })) as { items: { kind: string }[] };
    expect(viaCommand.items.map((item) => item.kind)).toEqual(['DOB_MISMATCH']);
  });

  it('accepts a name correction with history and audit, and refuses a second resolution', async () => {
    const item = (await openItem('name'))!;
    expect((await post('duyet', `/api/v1/review-items/${item.id}/resolve`, { action: 'accept' })).statusCode).toBe(403);
    const accepted = await post('kontum', `/api/v1/review-items/${item.id}/resolve`, { action: 'accept', note: 'Theo CSDLQG' });
    expect(accepted.statusCode).toBe(200);
    expect(json(accepted)).toMatchObject({ status: 'ACCEPTED', applied: { fullName: item.proposed.fullName } });
    const person = await queryOne<{ fullName: string; nameFolded: string; version: number }>(
      ctx.db.orm,
      sql`SELECT full_name AS "fullName", name_folded AS "nameFolded", version FROM persons WHERE personal_id = ${id('name')}`,
    );
    expect(person).toMatchObject({ fullName: item.proposed.fullName, nameFolded: foldVietnamese(item.proposed.fullName as string) });
    const history = await queryRows<{ action: string; before: unknown; after: unknown }>(
      ctx.db.orm,
      sql`SELECT h.action, h.before, h.after FROM registry_history h JOIN persons p ON p.id = h.person_id
          WHERE p.personal_id = ${id('name')} AND h.action IN ('person.name_corrected', 'review.accept') ORDER BY h.id`,
    );
    expect(history.map((entry) => entry.action)).toEqual(['review.accept', 'person.name_corrected']);
    expect(history[1]).toMatchObject({ before: { fullName: 'Trần Thị Bình' }, after: { fullName: item.proposed.fullName } });
    const audit = await queryRows<{ action: string }>(
      ctx.db.orm,
      sql`SELECT action FROM audit_events WHERE (entity_type = 'review_item' AND entity_id = ${String(item.id)}) OR action = 'person.name_corrected'`,
    );
    expect(audit.map((event) => event.action).sort()).toEqual(['person.name_corrected', 'review.resolved']);
    const again = await post('kontum', `/api/v1/review-items/${item.id}/resolve`, { action: 'accept' });
    expect(again.statusCode).toBe(409);
    expect(json<{ code: string }>(again).code).toBe('REVIEW_ITEM_CLOSED');
  });

  it('accepts a date-of-birth correction and refuses actions that do not fit the kind', async () => {
    const item = (await openItem('dob'))!;
    const wrong = await post('kontum', `/api/v1/review-items/${item.id}/resolve`, { action: 'terminate' });
    expect(json<{ code: string }>(wrong).code).toBe('REVIEW_ACTION_INVALID');
    expect((await post('kontum', `/api/v1/review-items/${item.id}/resolve`, { action: 'accept' })).statusCode).toBe(200);
    const person = await queryOne<{ birthDate: string }>(ctx.db.orm, sql`SELECT birth_date::text AS "birthDate" FROM persons WHERE personal_id = ${id('dob')}`);
    expect(person).toEqual({ birthDate: '1941-05-21' });
  });

  it('terminates a deceased person from the month after the death', async () => {
    const item = (await openItem('deceased'))!;
    const response = await post('kontum', `/api/v1/review-items/${item.id}/resolve`, { action: 'terminate' });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toMatchObject({ status: 'TERMINATED', termination: { effectiveMonth: '2025-12', changed: ['BTXH_K5C'] } });
    const state = await queryOne(
      ctx.db.orm,
      sql`SELECT e.status, e.status_reason AS reason, e.status_event_date::text AS "eventDate", e.status_effective_month AS "effectiveMonth",
                 p.death_date::text AS "deathDate", ri.status AS "itemStatus"
          FROM persons p JOIN enrolments e ON e.person_id = p.id JOIN review_items ri ON ri.id = ${item.id}
          WHERE p.personal_id = ${id('deceased')}`,
    );
    expect(state).toEqual({ status: 'THOI_HUONG', reason: 'CHET', eventDate: '2025-11-20', effectiveMonth: '2025-12', deathDate: '2025-11-20', itemStatus: 'TERMINATED' });
  });

  it('needs a reason to dismiss', async () => {
    const item = (await openItem('unknown'))!;
    const bare = await post('kontum', `/api/v1/review-items/${item.id}/resolve`, { action: 'dismiss', note: '  ' });
    expect(bare.statusCode).toBe(400);
    expect(json<{ code: string }>(bare).code).toBe('REVIEW_NOTE_REQUIRED');
    expect(json<{ code: string }>(await post('kontum', `/api/v1/review-items/${item.id}/resolve`, { action: 'accept' })).code).toBe('REVIEW_ACTION_INVALID');
    const dismissed = await post('kontum', `/api/v1/review-items/${item.id}/resolve`, { action: 'dismiss', note: 'Số định danh đã được công an xã xác nhận' });
    expect(json(dismissed)).toMatchObject({ status: 'DISMISSED', note: 'Số định danh đã được công an xã xác nhận' });
  });

  it('accepts a move: payment stops here from next month and the residence follows', async () => {
    const item = (await openItem('moved'))!;
    const response = await populationCommands['review.resolve']!.run(ctx, kontum, { id: item.id, action: 'accept' });
    expect(response).toMatchObject({ status: 'ACCEPTED', residence: { provinceCode: '51', communeCode: '23500' } });
    const state = await queryOne(
      ctx.db.orm,
      sql`SELECT e.status, e.status_reason AS reason, e.status_effective_month AS "effectiveMonth", p.commune_code AS "communeCode"
          FROM persons p JOIN enrolments e ON e.person_id = p.id WHERE p.personal_id = ${id('moved')}`,
    );
    expect(state).toEqual({ status: 'THOI_HUONG', reason: 'CHUYEN_DI', effectiveMonth: '2026-02', communeCode: '23500' });
  });

  it('does not raise a dismissed discrepancy again for the same data, but always raises a death', async () => {
    const dakhaItem = json<{ items: { id: number }[] }>(await get('dakha', '/api/v1/review-items?status=OPEN')).items[0]!;
    expect(json(await post('dakha', `/api/v1/review-items/${dakhaItem.id}/resolve`, { action: 'dismiss', note: 'Nhầm người, đã xác minh tại nhà' }))).toMatchObject({ status: 'DISMISSED' });
    const again = await app.inject({ method: 'POST', url: '/api/v1/population/verify', headers: { cookie: cookies.kontum! } });
    expect(json(again)).toMatchObject({ checked: 4, match: 3, notFound: 1, reviewItemsCreated: 0 });
    expect(await openItem('unknown')).toBeUndefined();
    expect(json(await post('tinh51', '/api/v1/population/verify', { unitCode: '23500' }))).toMatchObject({ deceased: 1, reviewItemsCreated: 1 });
    expect(await openItem('dakha')).toMatchObject({ kind: 'DECEASED', proposed: { deathDate: '2025-12-03' } });
  });

  it('reports a missing configuration and an unreachable database clearly, and keeps what it checked', async () => {
    const unconfigured = { ...ctx, config: { ...ctx.config, populationUrl: undefined } };
    await expect(verifyPopulation(unconfigured, kontum)).rejects.toMatchObject({ code: 'POPULATION_NOT_CONFIGURED', status: 503 });
    const down: PopulationAdapter = {
      lookup: async () => {
        throw domainError('POPULATION_UNAVAILABLE', 503, 'không kết nối được', 'unreachable');
      },
    };
    const failure = await verifyPopulation(ctx, province, { adapter: down }).catch((error: unknown) => error);
    expect(isAppError(failure) && failure.code).toBe('POPULATION_UNAVAILABLE');
    const run = (failure as { details: { run: { runId: string; errors: number } } }).details.run;
    const errors = await queryOne<{ count: number; reason: string }>(
      ctx.db.orm,
      sql`SELECT count(*)::int AS count, min(error) AS reason FROM population_checks WHERE run_id = ${run.runId} AND outcome = 'ERROR'`,
    );
    expect(errors).toEqual({ count: run.errors, reason: 'POPULATION_UNAVAILABLE' });
    expect(run.errors).toBeGreaterThan(0);
    const audit = await queryOne<{ after: { stoppedBy: string } }>(ctx.db.orm, sql`SELECT after FROM audit_events WHERE entity_id = ${run.runId}`);
    expect(audit?.after.stoppedBy).toBe('POPULATION_UNAVAILABLE');
  });

  it('keeps the audit chain intact', async () => {
    expect(await verifyAuditChain(ctx.db.orm)).toMatchObject({ ok: true });
  });
});

describe('population HTTP client', () => {
  const ids = (count: number) => Array.from({ length: count }, (_, index) => `0011990${String(index).padStart(5, '0')}`);

  it('splits look-ups into requests of at most 500 IDs and sends the API key', async () => {
    const simulator = await startPopulationSimulator({ port: 0, seed: 1, size: 0, today, apiKey: 'secret-key' });
    try {
      const sizes: number[] = [];
      const counting: typeof fetch = async (input, init) => {
        sizes.push((JSON.parse(String(init?.body)) as { ids: string[] }).ids.length);
        return fetch(input, init);
      };
      const client = new PopulationHttpClient({ baseUrl: simulator.url, apiKey: 'secret-key', fetch: counting });
      expect(await client.lookup(ids(1201))).toHaveLength(1201);
      expect(sizes).toEqual([500, 500, 201]);
      const wrongKey = new PopulationHttpClient({ baseUrl: simulator.url, apiKey: 'wrong', attemptsMax: 3 });
      await expect(wrongKey.lookup(ids(1))).rejects.toMatchObject({ code: 'POPULATION_AUTH_FAILED' });
    } finally {
      await simulator.close();
    }
  });

  it('retries outages with backoff and gives up with POPULATION_UNAVAILABLE', async () => {
    const flaky = await startPopulationSimulator({ port: 0, seed: 3, size: 0, today, failRate: 0.5 });
    const slow = await startPopulationSimulator({ port: 0, seed: 3, size: 0, today, latencyMs: 300 });
    try {
      const waits: number[] = [];
      const sleep = async (milliseconds: number) => {
        waits.push(milliseconds);
      };
      const client = new PopulationHttpClient({ baseUrl: flaky.url, attemptsMax: 10, backoffMsBase: 10, sleep });
      for (let round = 0; round < 5; round++) expect(await client.lookup(ids(3))).toHaveLength(3);
      expect(waits.length).toBeGreaterThan(0);
      expect(waits.every((wait) => wait >= 10 && wait <= 5_000)).toBe(true);
      const timingOut = new PopulationHttpClient({ baseUrl: slow.url, timeoutMs: 50, attemptsMax: 2, backoffMsBase: 1 });
      await expect(timingOut.lookup(ids(1))).rejects.toMatchObject({ code: 'POPULATION_UNAVAILABLE', details: { attempts: 2 } });
    } finally {
      await flaky.close();
      await slow.close();
    }
    const closed = new PopulationHttpClient({ baseUrl: flaky.url, attemptsMax: 2, backoffMsBase: 1 });
    await expect(closed.lookup(ids(1))).rejects.toMatchObject({ code: 'POPULATION_UNAVAILABLE', status: 503 });
  });
});
