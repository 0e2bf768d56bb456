import { once } from 'node:events';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/app/commands.js';
import { queryOne, queryRows } from '../src/db/client.js';
import { demoDataset } from '../src/demo/generator.js';
import type { Actor } from '../src/modules/access/scope.js';
import { writeOneOffIssuesXlsx } from '../src/modules/payroll/oneoff.report.js';
import {
  approveOneOffBatch,
  getOneOffBatch,
  importOneOffList,
  listOneOffBatches,
  oneOffBatchIssues,
  oneOffCap,
  rejectOneOffBatch,
  setOneOffCap,
} from '../src/modules/payroll/oneoff.service.js';
import { approveCycle, fundCycle, generateCycle, payrollLines, submitCycle } from '../src/modules/payroll/payroll.service.js';
import { programmeNames } from '../src/modules/rules/categories.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { importApproved } from './helpers/imports.js';

/**
 * Issue 22 item 5, "a Tết gift list of a few thousand people is imported, approved and paid": a
 * 3,000-row list for the province of Kon Tum (51), with the errors a real list has, checked row by
 * row with its field, capped per person, approved by a second person, and paid as ONE_OFF lines
 * of the month's cycle to the đồng.
 */
const header = ['STT', 'Số định danh', 'Họ và tên', 'Số tiền', 'Chương trình', 'Lý do', 'Tháng'];

function csvOf(rows: string[][]): string {
  return [header, ...rows].map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\n') + '\n';
}

describe('bulk one-off payments: a Tết gift list of 3,000 people', () => {
  let ctx: TestContext;
  let officer: Actor;
  let approver: Actor;
  let province: Actor;
  let provinceApprover: Actor;
  const dir = tempDir();
  let people: { personalId: string; fullName: string; programme: string }[];
  let listPath: string;
  let validRows: number;
  let expectedTotal: number;
  let batchId: number;

  beforeAll(async () => {
    ctx = await createTestContext('2025-12-10T03:00:00Z');
    officer = await createTestUser(ctx, { username: 'tinh.canbo', role: 'province', unitCode: '51' });
    province = await createTestUser(ctx, { username: 'tinh.caidat', role: 'province', unitCode: '51' });
    provinceApprover = await createTestUser(ctx, { username: 'tinh.duyet', role: 'province', unitCode: '51' });
    approver = await createTestUser(ctx, { username: 'xa.duyet', role: 'approver', unitCode: '23293' });
    const registry = writeTemplateCsv(join(dir, 'people.csv'), [...demoDataset(3100, { seed: 7, today: '2025-12-01', communes: [['23293', 1], ['23500', 1]] })]);
    const report = await importApproved(ctx, officer, { path: registry, dryRun: false });
    expect(report.errors.length).toBeLessThan(report.rows);
    // Living people with one programme, enrolled in Kon Tum.
    people = await queryRows(
      ctx.db.orm,
      sql`SELECT p.personal_id AS "personalId", p.full_name AS "fullName", min(e.programme) AS programme
          FROM persons p JOIN enrolments e ON e.person_id = p.id
          WHERE p.death_date IS NULL AND p.province_code = '51'
          GROUP BY p.id HAVING count(DISTINCT e.programme) = 1 ORDER BY p.personal_id LIMIT 2995`,
    );
    expect(people.length).toBe(2995);
    const rows: string[][] = people.map((person, index) => {
      const amount = index % 3 === 0 ? '500.000' : index % 3 === 1 ? '1000000' : '300,000';
      // a third of the rows leave the programme, the reason or the month empty: the person's only programme and the defaults
      return [String(index + 1), person.personalId, index % 7 === 0 ? person.fullName.toUpperCase() : person.fullName, amount, index % 2 === 0 ? person.programme : '', index % 5 === 0 ? '' : 'Quà Tết Bính Ngọ', index % 4 === 0 ? '' : '01/2026'];
    });
    validRows = rows.length;
    expectedTotal = people.reduce((sum, _person, index) => sum + (index % 3 === 0 ? 500_000 : index % 3 === 1 ? 1_000_000 : 300_000), 0);
    // The errors of a real list, at rows 2997 to 3001 of the file (header is row 1).
    const [first, second, third] = people;
    rows.push(['2996', '06219500012', 'Nguyễn Văn Thiếu Số', '500000', 'TGXH', 'Quà Tết', '01/2026']); // row 2997: ID_FORMAT
    rows.push(['2997', '062199999999', 'Không Có Ai', '500000', 'TGXH', 'Quà Tết', '01/2026']); // row 2998: PERSON_NOT_FOUND
    rows.push(['2998', first!.personalId, 'Tên Khác Hẳn', '500000', first!.programme, 'Quà Tết', '01/2026']); // row 2999: NAME_MISMATCH, and DUPLICATE_ROW of row 2
    rows.push(['2999', second!.personalId, second!.fullName, '500000', second!.programme, 'Quà Tết', '01/2026']); // row 3000: DUPLICATE_ROW
    rows.push(['3000', third!.personalId, third!.fullName, 'năm trăm nghìn', '', '', '13/2026']); // row 3001: AMOUNT_INVALID, MONTH_INVALID
    listPath = join(dir, 'qua-tet-2026.csv');
    writeFileSync(listPath, csvOf(rows));
  }, 600_000);
  afterAll(async () => ctx.close());

  it('a dry run checks every row and writes nothing; errors name the row, the column and a stable code', async () => {
    const report = await importOneOffList(ctx, officer, { path: listPath, fileName: 'qua-tet-2026.csv', forMonth: '2026-01', reason: 'Quà Tết', dryRun: true });
    expect(report).toMatchObject({ batchId: null, dryRun: true, rows: validRows + 5, accepted: validRows, rejected: 5, totalVnd: expectedTotal });
    const codes = report.errors.map((error) => [error.row, error.field, error.code]);
    expect(codes).toEqual([
      [2997, 'so_dinh_danh', 'ID_FORMAT'],
      [2998, 'so_dinh_danh', 'PERSON_NOT_FOUND'],
      [2999, 'ho_ten', 'NAME_MISMATCH'],
      [2999, 'so_dinh_danh', 'DUPLICATE_ROW'],
      [3000, 'so_dinh_danh', 'DUPLICATE_ROW'],
      [3001, 'so_tien', 'AMOUNT_INVALID'],
      [3001, 'thang', 'MONTH_INVALID'],
    ]);
    expect(report.errors[0]).toMatchObject({ message: expect.stringContaining('12 chữ số'), messageEn: expect.stringContaining('12 digits'), cells: { so_dinh_danh: '06219500012', ho_ten: 'Nguyễn Văn Thiếu Số' } });
    expect(report.errors[4]!.message).toContain('dòng 3');
    const batches = await queryOne<{ n: number }>(ctx.db.orm, sql`SELECT (SELECT count(*) FROM one_off_batches)::int + (SELECT count(*) FROM one_off_batch_rows)::int AS n`);
    expect(batches!.n).toBe(0);
  }, 120_000);

  it('the cap per person is the province’s (settings managers), else 5,000,000 đồng: rows above it are errors', async () => {
    expect(await oneOffCap(ctx, '51')).toEqual({ provinceCode: '51', capVnd: 5_000_000, national: true });
    await expect(setOneOffCap(ctx, approver, { provinceCode: '51', capVnd: 600_000 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await setOneOffCap(ctx, province, { provinceCode: '51', capVnd: '600.000' })).toEqual({ provinceCode: '51', capVnd: 600_000, national: false });
    const report = await importOneOffList(ctx, officer, { path: listPath, fileName: 'qua-tet-2026.csv', forMonth: '2026-01', reason: 'Quà Tết', dryRun: true });
    const overCap = report.errors.filter((error) => error.code === 'AMOUNT_OVER_CAP');
    expect(overCap.length).toBe(people.filter((_person, index) => index % 3 === 1).length);
    expect(overCap[0]).toMatchObject({ field: 'so_tien', message: expect.stringContaining('1.000.000 đồng) vượt mức tối đa 600.000 đồng'), messageEn: expect.stringContaining('600,000 VND') });
    expect(report.errorsTruncated).toBe(true); // 998 over the cap + 7: the JSON lists 1,000, the XLSX report all
    await setOneOffCap(ctx, province, { provinceCode: '51', capVnd: 5_000_000 });
    const large = join(dir, 'large.csv');
    writeFileSync(large, csvOf([['1', people[5]!.personalId, people[5]!.fullName, '5000001', '', '', '']]));
    const refused = await importOneOffList(ctx, officer, { path: large, fileName: 'large.csv', forMonth: '2026-01', reason: 'Hỗ trợ khẩn cấp', dryRun: false });
    expect(refused).toMatchObject({ batchId: null, accepted: 0, rejected: 1, errors: [{ row: 2, field: 'so_tien', code: 'AMOUNT_OVER_CAP' }] });
  }, 120_000);

  it('imports as a batch waiting for a second person; the importer cannot approve; the same file twice is refused', async () => {
    const report = await importOneOffList(ctx, officer, { path: listPath, fileName: 'qua-tet-2026.csv', forMonth: '2026-01', reason: 'Quà Tết', dryRun: false });
    expect(report).toMatchObject({ dryRun: false, rows: validRows + 5, accepted: validRows, rejected: 5, totalVnd: expectedTotal });
    batchId = report.batchId!;
    expect(batchId).toBeGreaterThan(0);
    await expect(importOneOffList(ctx, province, { path: listPath, fileName: 'copy.csv', forMonth: '2026-01', reason: 'Quà Tết', dryRun: true })).rejects.toMatchObject({ code: 'ONE_OFF_FILE_DUPLICATE', status: 409 });
    expect(await listOneOffBatches(ctx, approver, { status: 'PENDING' })).toEqual([]); // a commune does not see the province's batch
    const [listed] = await listOneOffBatches(ctx, provinceApprover, { status: 'PENDING' });
    expect(listed).toMatchObject({ id: batchId, status: 'PENDING', madeBy: 'tinh.canbo', accepted: validRows, rejected: 5, totalVnd: expectedTotal, capVnd: 5_000_000, lineKey: `BATCH-${batchId}` });
    await expect(approveOneOffBatch(ctx, officer, batchId)).rejects.toMatchObject({ code: 'MAKER_CHECKER' });
    // Nothing is payable before the approval.
    const none = await queryOne<{ n: number }>(ctx.db.orm, sql`SELECT count(*)::int AS n FROM one_off_payments WHERE batch_id = ${batchId}`);
    expect(none!.n).toBe(0);
    // The database refuses a decision by the maker, too.
    await expect(ctx.db.orm.execute(sql`UPDATE one_off_batches SET status = 'APPROVED', decided_by = made_by, decided_at = now() WHERE id = ${batchId}`)).rejects.toThrow();
  }, 120_000);

  it('the error report repeats each rejected row beside its errors (XLSX)', async () => {
    const out = join(dir, 'report.xlsx');
    const stream = createWriteStream(out);
    await writeOneOffIssuesXlsx(stream, oneOffBatchIssues(ctx, officer, batchId), 'qua-tet-2026.csv');
    if (!stream.writableFinished) await once(stream, 'finish');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]!.slice(0, 3)).toEqual(['Dòng / Row', 'so_dinh_danh (Số định danh cá nhân)', 'ho_ten (Họ và tên)']);
    expect(rows.slice(1, 6).map((row) => row[0])).toEqual([2997, 2998, 2999, 3000, 3001]);
    expect(rows[3]!.slice(1, 3)).toEqual([people[0]!.personalId, 'Tên Khác Hẳn']);
    expect(String(rows[5]![7])).toContain('so_tien: Số tiền phải là số nguyên dương');
    expect(String(rows[5]![9])).toBe('AMOUNT_INVALID, MONTH_INVALID');
    const detail = await getOneOffBatch(ctx, provinceApprover, batchId);
    expect(detail.errors).toHaveLength(7);
  }, 60_000);

  it('approved by a second person, its lines are in January’s cycle, to the đồng, and the cycle is funded', async () => {
    const approved = await approveOneOffBatch(ctx, provinceApprover, batchId, 'Đúng Quyết định 12/QĐ-UBND');
    expect(approved).toMatchObject({ status: 'APPROVED', decidedBy: 'tinh.duyet', payments: validRows });
    expect(await approveOneOffBatch(ctx, provinceApprover, batchId)).toMatchObject({ status: 'APPROVED', payments: 0 }); // idempotent
    await expect(rejectOneOffBatch(ctx, province, batchId, 'muộn')).rejects.toMatchObject({ code: 'BATCH_STATUS' });
    const cycle = await generateCycle(ctx, officer, { month: '2026-01', unitCode: '51' });
    const lines = await payrollLines(ctx, officer, cycle.id, { limit: 100_000, component: 'ONE_OFF' });
    expect(lines).toHaveLength(validRows);
    expect(lines.reduce((sum, line) => sum + line.amount, 0)).toBe(expectedTotal);
    const byPerson = new Map(lines.map((line) => [line.personalId, line]));
    expect(byPerson.get(people[1]!.personalId)).toMatchObject({ amount: 1_000_000, forMonth: '2026-01', programme: people[1]!.programme });
    const audit = await queryRows<{ action: string }>(ctx.db.orm, sql`SELECT action FROM audit_events WHERE entity_type = 'one_off_batch' ORDER BY seq`);
    expect(audit.map((event) => event.action)).toEqual(['payroll.one_off_batch_imported', 'payroll.one_off_batch_approved']);
    // paid: the cycle goes through its own maker-checker and the Treasury funds it
    await submitCycle(ctx, officer, cycle.id);
    await approveCycle(ctx, provinceApprover, cycle.id);
    const funded = await fundCycle(ctx, province, cycle.id, { reference: 'KBNN-2026-01-TET', amountVnd: cycle.totalVnd });
    expect(funded.status).toBe('FUNDED');
    // A second generation never pays the batch twice.
    const oneOffLines = await queryOne<{ n: number; total: string }>(ctx.db.orm, sql`SELECT count(*)::int AS n, sum(amount_vnd)::text AS total FROM payroll_lines WHERE line_key = ${`BATCH-${batchId}`}`);
    expect(oneOffLines).toEqual({ n: validRows, total: `${expectedTotal}` });
  }, 300_000);

  it('an XLSX list is read like a CSV one; a rejected batch is never paid and its file may come again', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Danh sách');
    sheet.addRow(['so_dinh_danh', 'ho_ten', 'so_tien']);
    for (const person of people.slice(0, 20)) sheet.addRow([person.personalId, person.fullName, 200000]);
    sheet.addRow(['062199999999', 'Không Có Ai', 200000]);
    const path = join(dir, 'lu-lut.xlsx');
    await workbook.xlsx.writeFile(path);
    const report = await importOneOffList(ctx, officer, { path, fileName: 'lu-lut.xlsx', forMonth: '2026-02', reason: 'Hỗ trợ lũ lụt', dryRun: false });
    expect(report).toMatchObject({ rows: 21, accepted: 20, rejected: 1, totalVnd: 4_000_000, errors: [{ row: 22, code: 'PERSON_NOT_FOUND' }] });
    await expect(rejectOneOffBatch(ctx, officer, report.batchId!, 'sai')).rejects.toMatchObject({ code: 'MAKER_CHECKER' });
    expect(await rejectOneOffBatch(ctx, provinceApprover, report.batchId!, 'Sai danh sách xã')).toMatchObject({ status: 'REJECTED', payments: 0 });
    const again = await importOneOffList(ctx, officer, { path, fileName: 'lu-lut.xlsx', forMonth: '2026-02', reason: 'Hỗ trợ lũ lụt', dryRun: true });
    expect(again.accepted).toBe(20);
    const paid = await queryOne<{ n: number }>(ctx.db.orm, sql`SELECT count(*)::int AS n FROM one_off_payments WHERE batch_id = ${report.batchId}`);
    expect(paid!.n).toBe(0);
  }, 120_000);

  it('asxh oneoff import --dry-run --errors-out: the report as JSON and the rejected rows as XLSX; list, show, cap', async () => {
    const out = join(dir, 'cli-report.xlsx');
    const file = join(dir, 'cli.csv');
    writeFileSync(file, csvOf([['1', people[20]!.personalId, people[20]!.fullName, '400000', '', '', ''], ['2', '062199999999', 'Không Có Ai', '400000', '', '', '']]));
    const report = await runCommand(ctx, { name: 'oneoff.import', args: { file, month: '2026-04', reason: 'Quà Tết', dryRun: true, errorsOut: out }, as: 'tinh.caidat', operator: 'test', requestId: 'cli' });
    expect(report).toMatchObject({ batchId: null, rows: 2, accepted: 1, rejected: 1, totalVnd: 400_000 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets[0]!.getCell('A2').value).toBe(3);
    expect(workbook.worksheets[0]!.getCell('C2').value).toBe('Không Có Ai');
    const listed = (await runCommand(ctx, { name: 'oneoff.list', args: { status: 'APPROVED' }, as: 'tinh.caidat', operator: 'test', requestId: 'cli' })) as { id: number }[];
    expect(listed.map((row) => row.id)).toContain(batchId);
    const shown = (await runCommand(ctx, { name: 'oneoff.show', args: { id: String(batchId) }, as: 'tinh.caidat', operator: 'test', requestId: 'cli' })) as { errors: unknown[] };
    expect(shown.errors).toHaveLength(7);
    expect(await runCommand(ctx, { name: 'oneoff.cap', args: { province: '51', set: '4.000.000' }, as: 'tinh.caidat', operator: 'test', requestId: 'cli' })).toEqual({ provinceCode: '51', capVnd: 4_000_000, national: false });
    await setOneOffCap(ctx, province, { provinceCode: '51', capVnd: 5_000_000 });
  }, 120_000);

  it('over HTTP: the upload (multipart) previews and imports, the batch is approved, the change list downloads as XLSX in words', async () => {
    const app = await createTestApp(ctx);
    try {
      const cookie = await loginCookie(app, 'tinh.canbo');
      const boundary = '----oneoff' + Math.random().toString(16).slice(2);
      const body = (content: string) => Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ho-tro-bao.csv"\r\nContent-Type: text/csv\r\n\r\n`),
        Buffer.from(content),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const content = `so_dinh_danh,ho_ten,so_tien\n${people[10]!.personalId},${people[10]!.fullName},750000\n0621,X,1\n`;
      const upload = (dryRun: boolean) => app.inject({
        method: 'POST',
        url: `/api/v1/one-off-batches?month=2026-03&reason=${encodeURIComponent('Hỗ trợ sau bão')}&dryRun=${dryRun}`,
        headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body(content),
      });
      const preview = await upload(true);
      expect(preview.statusCode, preview.body).toBe(200);
      expect(json(preview)).toMatchObject({ batchId: null, rows: 2, accepted: 1, rejected: 1, totalVnd: 750_000, errors: [{ row: 3, field: 'so_dinh_danh', code: 'ID_FORMAT' }] });
      const imported = await upload(false);
      const { batchId: id } = json<{ batchId: number }>(imported);
      expect((await upload(false)).json()).toMatchObject({ code: 'ONE_OFF_FILE_DUPLICATE' });
      const report = await app.inject({ method: 'GET', url: `/api/v1/one-off-batches/${id}/report.xlsx`, headers: { cookie } });
      expect(report.statusCode).toBe(200);
      expect(report.headers['content-type']).toContain('spreadsheetml');
      const approverCookie = await loginCookie(app, 'tinh.duyet');
      const approved = await app.inject({ method: 'POST', url: `/api/v1/one-off-batches/${id}/approve`, headers: { cookie: approverCookie }, payload: {} });
      expect(json(approved)).toMatchObject({ status: 'APPROVED', payments: 1 });
      // January's cycle: its change list as XLSX, kinds and reasons in words
      const [cycle] = await queryRows<{ id: number }>(ctx.db.orm, sql`SELECT id::int AS id FROM payroll_cycles WHERE month = '2026-01'`);
      const xlsx = await app.inject({ method: 'GET', url: `/api/v1/payroll/cycles/${cycle!.id}/changes.xlsx`, headers: { cookie } });
      expect(xlsx.statusCode, xlsx.body).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      expect(String(sheet.getCell('A1').value)).toContain('DANH SÁCH TĂNG, GIẢM');
      expect(sheet.getRow(4).values).toContain('Loại thay đổi');
      const kinds = new Set<string>();
      const programmesAndReasons: string[][] = [];
      sheet.eachRow((row, number) => {
        if (number > 4 && typeof row.getCell(1).value === 'number') {
          kinds.add(String(row.getCell(2).value));
          programmesAndReasons.push([String(row.getCell(6).value), String(row.getCell(10).value)]);
        }
      });
      expect(kinds.size).toBeGreaterThan(0);
      for (const kind of kinds) expect(kind).not.toMatch(/^[A-Z_]+$/);
      // the programme by its one name (rules' programmeNames), the reason in words
      for (const [programme, reason] of programmesAndReasons) {
        expect(Object.values(programmeNames).map((name) => name.vi)).toContain(programme);
        expect(reason).not.toMatch(/^[A-Z_:]+$/);
      }
    } finally {
      await app.close();
    }
  }, 120_000);
});
