import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../src/limits.js';
import { exampleRows, type TemplateRow } from '../src/modules/registry/validation/import-row.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';

/**
 * Uploaded import files are personal data: kept only while the wizard needs them (uploads.ts,
 * docs/security.md "Uploaded files"). A refused or failed upload is removed at once; a previewed
 * one waits for its confirmation at most `uploadPreviewMinutesMax`; an imported one is removed, or
 * kept `uploadReportMinutesMax` for its error report when rows were rejected, and is never imported twice.
 */
const [elderly] = exampleRows();
const good: Partial<TemplateRow> = { ...elderly, ma_don_vi: '23293', hinh_thuc_nhan: 'TIEN_MAT', ma_to_chuc: '', so_tai_khoan: '', chu_tai_khoan: '' };

function multipart(fileName: string, content: Buffer | string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----asxhuploads' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('import uploads: kept only while needed', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let cookie: string;
  const dataDir = tempDir();
  const files = tempDir();
  const uploads = join(dataDir, 'uploads');
  const start = new Date('2026-01-15T03:00:00Z');
  const later = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
  /** Moves the clock, and logs in again (sessions end when idle). */
  const at = async (now: Date) => {
    ctx.setNow(now);
    cookie = await loginCookie(app, 'kontum');
  };

  beforeAll(async () => {
    ctx = await createTestContext(start);
    ctx.config.dataDir = dataDir;
    app = await createTestApp(ctx);
    await createTestUser(ctx, { username: 'kontum', role: 'officer', unitCode: '23293' });
    cookie = await loginCookie(app, 'kontum');
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  const stored = () => (existsSync(uploads) ? readdirSync(uploads).sort() : []);
  const upload = async (fileName: string, content: Buffer | string) => {
    const form = multipart(fileName, content);
    return app.inject({ method: 'POST', url: '/api/v1/imports', headers: { cookie, ...form.headers }, payload: form.payload });
  };
  const csv = (name: string, rows: Partial<TemplateRow>[]) => readFileSync(writeTemplateCsv(join(files, name), rows));
  const confirm = (id: string) => app.inject({ method: 'POST', url: `/api/v1/imports/${id}/confirm`, headers: { cookie } });
  const report = (id: string) => app.inject({ method: 'GET', url: `/api/v1/imports/${id}/report.xlsx`, headers: { cookie } });

  it('a refused file is not kept: a wrong header, an unreadable file, no rows', async () => {
    await at(start);
    expect((await upload('header.csv', 'ho_ten,cot_la\nNguyễn Thị Lan,1\n')).statusCode).toBe(200);
    expect(stored()).toEqual([]);
    const unreadable = await upload('broken.csv', `${Object.keys(good).join(',')}\n"unterminated,1\n`);
    expect(unreadable.statusCode).toBe(400);
    expect(stored()).toEqual([]);
    expect((await upload('empty.csv', '')).statusCode).toBe(200);
    expect(stored()).toEqual([]);
  });

  it('a previewed file waits for its confirmation, then is removed once imported without rejections', async () => {
    await at(start);
    const preview = await upload('ok.csv', csv('ok.csv', [good]));
    const { uploadId } = json<{ uploadId: string }>(preview);
    expect(stored()).toEqual([`${uploadId}.csv`, `${uploadId}.json`]);
    await at(later(limits.uploadPreviewMinutesMax - 1));
    const imported = await confirm(uploadId);
    expect(json(imported)).toMatchObject({ report: { accepted: 1, rejected: 0, dryRun: false } });
    expect(stored()).toEqual([]);
    expect((await confirm(uploadId)).statusCode).toBe(404);
  });

  it('an unconfirmed preview expires', async () => {
    await at(start);
    const { uploadId } = json<{ uploadId: string }>(await upload('late.csv', csv('late.csv', [{ ...good, so_dinh_danh: '036141002858', ho_ten: 'Nguyễn Thị Lụa' }])));
    expect(stored()).toHaveLength(2);
    await at(later(limits.uploadPreviewMinutesMax + 1));
    expect((await confirm(uploadId)).statusCode).toBe(404);
    expect(stored()).toEqual([]);
  });

  it('an import with rejected rows keeps its file only for the error report, and cannot be imported again', async () => {
    await at(start);
    const rows = [{ ...good, so_dinh_danh: '036141002859', ho_ten: 'Nguyễn Thị Mơ' }, { ...good, so_dinh_danh: '036141002860', ngay_sinh: '32/13/1941' }];
    const { uploadId } = json<{ uploadId: string }>(await upload('mixed.csv', csv('mixed.csv', rows)));
    expect(json(await confirm(uploadId))).toMatchObject({ report: { accepted: 1, rejected: 1 } });
    expect(stored()).toHaveLength(2);
    expect((await report(uploadId)).statusCode).toBe(200);
    const again = await confirm(uploadId);
    expect(again.statusCode).toBe(409);
    expect(json(again)).toMatchObject({ code: 'IMPORT_EXPIRED' });
    await at(later(limits.uploadReportMinutesMax + 1));
    expect((await report(uploadId)).statusCode).toBe(404);
    expect(stored()).toEqual([]);
  });

  it('a file without its description (a crash, an earlier version) is removed once older than the preview wait', async () => {
    await at(start);
    writeFileSync(join(uploads, '00000000-0000-4000-8000-000000000000.csv'), 'ho_ten\nNguyễn Thị Lan\n');
    const old = new Date(Date.now() - (limits.uploadPreviewMinutesMax + 5) * 60_000);
    utimesSync(join(uploads, '00000000-0000-4000-8000-000000000000.csv'), old, old);
    writeFileSync(join(uploads, '00000000-0000-4000-8000-000000000001.csv'), 'ho_ten\n');
    expect((await confirm('00000000-0000-4000-8000-000000000002')).statusCode).toBe(404);
    expect(stored()).toEqual(['00000000-0000-4000-8000-000000000001.csv']);
  });
});
