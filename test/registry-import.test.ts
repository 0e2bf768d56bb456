import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryOne, queryRows } from '../src/db/client.js';
import { importBeneficiaries } from '../src/modules/registry/import/import.service.js';
import { listHistory } from '../src/modules/registry/registry.repository.js';
import { exampleRows, type TemplateRow } from '../src/modules/registry/validation/import-row.js';
import { verifyAuditChain } from '../src/modules/audit/audit.service.js';
import { createTestContext, createTestUser, type TestContext } from './helpers/context.js';
import { importApproved } from './helpers/imports.js';
import { tempDir, writeTemplateCsv, writeTemplateXlsx } from './helpers/files.js';
import type { Actor } from '../src/modules/access/scope.js';

/** Rows in Phường Kon Tum (23293) and Xã Đăk Hà (23500), province 51. */
function konTumRows(): Partial<TemplateRow>[] {
  const [elderly, child, invalid] = exampleRows();
  return [
    { ...elderly, ma_don_vi: '23293' },
    { ...child, ma_don_vi: '23293' },
    { ...invalid, ma_don_vi: '23293' },
    {
      ho_ten: 'Y Blăk', ngay_sinh: '01/02/1980', gioi_tinh: 'Nữ', so_dinh_danh: '062180001234', ma_don_vi: '23500',
      chuong_trinh: 'TGXH', ma_doi_tuong: 'BTXH_K4', so_con: '2', so_quyet_dinh: '15/QĐ-UBND', ngay_quyet_dinh: '02/01/2025',
      thang_bat_dau: '01/2025', chi_tra_den_thang: '12/2025', hinh_thuc_nhan: 'TIEN_MAT',
    },
    {
      ho_ten: 'Y Blăk', ngay_sinh: '01/02/1980', gioi_tinh: 'Nữ', so_dinh_danh: '062180001234', ma_don_vi: '23500',
      chuong_trinh: 'TGXH', ma_doi_tuong: 'BTXH_K6_DBN', so_quyet_dinh: '16/QĐ-UBND', ngay_quyet_dinh: '02/01/2025',
      thang_bat_dau: '01/2025', chi_tra_den_thang: '12/2025', hinh_thuc_nhan: 'TIEN_MAT',
    },
  ];
}

describe('beneficiary import', () => {
  let ctx: TestContext;
  let officer: Actor;
  let province: Actor;
  const dir = tempDir();

  beforeEach(async () => {
    ctx = await createTestContext('2026-01-15T03:00:00Z');
    officer = await createTestUser(ctx, { username: 'officer.kontum', role: 'officer', unitCode: '23293' });
    province = await createTestUser(ctx, { username: 'province.51', role: 'province', unitCode: '51' });
  });
  afterEach(async () => ctx.close());

  it('imports valid rows with history and one audit event; a re-import changes nothing', async () => {
    const file = writeTemplateCsv(join(dir, 'ok.csv'), konTumRows());
    const report = await importBeneficiaries(ctx, province, { path: file, dryRun: false });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ rows: 5, accepted: 5, rejected: 0 });
    // cash is written at once; the bank account and the wallet wait for a second person's approval of the batch
    expect(report.changes).toMatchObject({ personsCreated: 4, enrolmentsCreated: 5, instrumentsCreated: 3, proposals: 2, unchangedRows: 0 });
    expect(report).toMatchObject({ accountChanges: 2, approval: 'PENDING' });
    const person = await queryOne<{ full_name: string; commune_code: string; province_code: string }>(
      ctx.db.orm,
      sql`SELECT full_name, commune_code, province_code FROM persons WHERE personal_id = '036141002857'`,
    );
    expect(person).toEqual({ full_name: 'Nguyễn Thị Đào', commune_code: '23293', province_code: '51' });
    const guardian = await queryOne<{ kind: string; full_name: string }>(ctx.db.orm, sql`SELECT kind, full_name FROM representatives`);
    expect(guardian).toEqual({ kind: 'GIAM_HO', full_name: 'Lò Thị Hoa' });
    // The timeline tells the creation as the file gave it (composed from the kept row of the file).
    const [created] = await queryRows<{ id: number }>(ctx.db.orm, sql`SELECT id::int AS id FROM persons WHERE personal_id = '036141002857'`);
    const timeline = await listHistory(ctx.db.orm, created!.id, 10);
    expect(timeline.find((entry) => entry.action === 'person.created')?.after).toMatchObject({
      personalId: '036141002857', fullName: 'Nguyễn Thị Đào', communeCode: '23293', row: 2, status: 'DANG_HUONG',
    });
    // what the file said stays as it was
    await expect(ctx.db.orm.execute(sql`UPDATE import_batch_rows SET full_name = 'X'`)).rejects.toThrow();
    await expect(ctx.db.orm.execute(sql`DELETE FROM import_batch_rows`)).rejects.toThrow();
    const historyBefore = await queryOne<{ count: number }>(ctx.db.orm, sql`SELECT count(*)::int AS count FROM registry_history`);

    const again = await importBeneficiaries(ctx, province, { path: file, dryRun: false });
    expect(again).toMatchObject({ rows: 5, accepted: 5, rejected: 0 });
    expect(again.changes).toMatchObject({ personsCreated: 0, personsUpdated: 0, enrolmentsCreated: 0, enrolmentsUpdated: 0, instrumentsCreated: 0, proposals: 0, unchangedRows: 5 });
    // the accounts already wait in the first batch: nothing new to approve
    expect(again).toMatchObject({ accountChanges: 0, approval: 'NOT_NEEDED' });
    const historyAfter = await queryOne<{ count: number }>(ctx.db.orm, sql`SELECT count(*)::int AS count FROM registry_history`);
    expect(historyAfter).toEqual(historyBefore);
    const counts = await queryOne<{ persons: number; enrolments: number }>(
      ctx.db.orm,
      sql`SELECT (SELECT count(*) FROM persons)::int AS persons, (SELECT count(*) FROM enrolments)::int AS enrolments`,
    );
    expect(counts).toEqual({ persons: 4, enrolments: 5 });
    const events = await queryRows<{ action: string }>(ctx.db.orm, sql`SELECT action FROM audit_events WHERE action = 'registry.imported'`);
    expect(events).toHaveLength(2);
    expect((await verifyAuditChain(ctx.db.orm)).ok).toBe(true);
  });

  it('reports each bad row with its Excel row number, field and code, and commits the valid rows', async () => {
    const rows = konTumRows();
    rows[1] = { ...rows[1], so_dinh_danh: '01121500473' }; // 11 digits: row 3
    rows[2] = { ...rows[2], ma_don_vi: '23500' }; // outside the officer's commune: row 4
    const file = writeTemplateCsv(join(dir, 'bad.csv'), rows.slice(0, 3));
    const report = await importBeneficiaries(ctx, officer, { path: file, dryRun: false });
    expect(report).toMatchObject({ rows: 3, accepted: 1, rejected: 2 });
    expect(report.errors.map((error) => [error.row, error.field, error.code])).toEqual([
      [3, 'so_dinh_danh', 'ID_FORMAT'],
      [4, 'ma_don_vi', 'UNIT_UNKNOWN'],
    ]);
    expect(report.errors[1]!.message).toContain('ngoài địa bàn');
    const persons = await queryRows<{ personal_id: string }>(ctx.db.orm, sql`SELECT personal_id FROM persons`);
    expect(persons).toEqual([{ personal_id: '036141002857' }]);
  });

  it('a dry run validates everything and writes nothing', async () => {
    const file = writeTemplateCsv(join(dir, 'dry.csv'), konTumRows());
    const report = await importBeneficiaries(ctx, province, { path: file, dryRun: true });
    expect(report).toMatchObject({ rows: 5, accepted: 5, rejected: 0, dryRun: true, batchId: null, changes: null });
    const counts = await queryOne<{ persons: number; batches: number }>(
      ctx.db.orm,
      sql`SELECT (SELECT count(*) FROM persons)::int AS persons, (SELECT count(*) FROM import_batches)::int AS batches`,
    );
    expect(counts).toEqual({ persons: 0, batches: 0 });
  });

  it('rejects later duplicates in the file and unknown columns in the header', async () => {
    const rows = konTumRows();
    const file = writeTemplateCsv(join(dir, 'dup.csv'), [rows[0]!, rows[0]!]);
    const report = await importBeneficiaries(ctx, province, { path: file, dryRun: true });
    expect(report.errors.map((error) => [error.row, error.code])).toEqual([[3, 'DUPLICATE_IN_FILE']]);

    // two categories of one person must describe the same person: the later row is rejected, naming the first
    const [, , , k4, k6] = rows;
    // row 3 (K6, another spelling of the name) comes first; row 4 (K4) then differs from it
    const inconsistent = writeTemplateCsv(join(dir, 'inconsistent.csv'), [rows[0]!, { ...k6!, ho_ten: 'Y Blang' }, k4!]);
    const inconsistentReport = await importBeneficiaries(ctx, province, { path: inconsistent, dryRun: true });
    expect(inconsistentReport.errors.map((error) => [error.row, error.code])).toEqual([[4, 'PERSON_INCONSISTENT']]);
    expect(inconsistentReport.errors[0]!.messageEn).toContain('row 3');

    const header = writeTemplateCsv(join(dir, 'header.csv'), [rows[0]!], ['ho_ten', 'ngay_sinh', 'ten_la']);
    const headerReport = await importBeneficiaries(ctx, province, { path: header, dryRun: false });
    expect(headerReport.rows).toBe(0);
    expect(headerReport.errors.map((error) => error.code).sort()).toContain('COLUMN_UNKNOWN');
    expect(headerReport.errors.map((error) => error.code)).toContain('COLUMN_MISSING');
    expect(headerReport.errors.every((error) => error.row === 1)).toBe(true);
  });

  it('a changed account on re-import becomes a proposal, not a change', async () => {
    const rows = konTumRows();
    await importApproved(ctx, province, { path: writeTemplateCsv(join(dir, 'a.csv'), rows), dryRun: false });
    rows[0] = { ...rows[0], so_tai_khoan: '3606205999999' };
    const report = await importBeneficiaries(ctx, province, { path: writeTemplateCsv(join(dir, 'b.csv'), rows), dryRun: false });
    expect(report.changes).toMatchObject({ proposals: 1, unchangedRows: 4 });
    const active = await queryOne<{ account_number: string }>(
      ctx.db.orm,
      sql`SELECT i.account_number FROM payment_instruments i JOIN persons p ON p.id = i.person_id WHERE p.personal_id = '036141002857' AND i.active`,
    );
    expect(active).toEqual({ account_number: '3606205123456' });
    const proposal = await queryOne<{ account_number: string; status: string; source: string }>(
      ctx.db.orm,
      sql`SELECT account_number, status, source FROM instrument_proposals WHERE status = 'PENDING'`,
    );
    expect(proposal).toEqual({ account_number: '3606205999999', status: 'PENDING', source: 'IMPORT' });
    // The same file again: the pending proposal is not duplicated.
    const third = await importBeneficiaries(ctx, province, { path: writeTemplateCsv(join(dir, 'c.csv'), rows), dryRun: false });
    expect(third.changes).toMatchObject({ proposals: 0, unchangedRows: 5 });
  });

  it('records what the accounts wrote in the history: an instrument for an enrolment that had none, a newer proposal replacing a pending one', async () => {
    const rows = konTumRows();
    await importApproved(ctx, province, { path: writeTemplateCsv(join(dir, 'h1.csv'), rows), dryRun: false });
    // Y Blăk's K4 instrument ended: the same file gives it again.
    await ctx.db.orm.execute(sql`
      UPDATE payment_instruments i SET active = false, superseded_at = now()
      FROM enrolments e WHERE e.id = i.enrolment_id AND e.category = 'BTXH_K4'`);
    rows[0] = { ...rows[0], so_tai_khoan: '3606205999999' };
    const report = await importBeneficiaries(ctx, province, { path: writeTemplateCsv(join(dir, 'h2.csv'), rows), dryRun: false });
    expect(report.changes).toMatchObject({ instrumentsCreated: 1, proposals: 1, unchangedRows: 3 });
    const history = () =>
      queryRows<{ personalId: string; entityType: string; action: string; after: Record<string, unknown> }>(
        ctx.db.orm,
        sql`SELECT p.personal_id AS "personalId", h.entity_type AS "entityType", h.action, h.after
            FROM registry_history h JOIN persons p ON p.id = h.person_id
            WHERE h.action IN ('instrument.created', 'instrument.proposed') ORDER BY h.id`,
      );
    expect(await history()).toEqual([
      {
        personalId: '062180001234', entityType: 'instrument', action: 'instrument.created',
        after: { channel: 'TIEN_MAT', providerCode: 'VNPOST', accountNumber: null, accountHolder: null, holderKind: 'SELF' },
      },
      {
        personalId: '036141002857', entityType: 'proposal', action: 'instrument.proposed',
        after: expect.objectContaining({ accountNumber: '3606205999999' }),
      },
    ]);
    // Another account in a later file replaces the pending proposal.
    rows[0] = { ...rows[0], so_tai_khoan: '3606205888888' };
    const third = await importBeneficiaries(ctx, province, { path: writeTemplateCsv(join(dir, 'h3.csv'), rows), dryRun: false });
    expect(third.changes).toMatchObject({ instrumentsCreated: 0, proposals: 1, unchangedRows: 4 });
    const proposals = await queryRows<{ account_number: string; status: string }>(
      ctx.db.orm,
      sql`SELECT account_number, status FROM instrument_proposals ORDER BY id`,
    );
    expect(proposals).toEqual([
      // the first file's accounts, approved with their batch
      { account_number: '3606205123456', status: 'APPROVED' },
      { account_number: '0987654321', status: 'APPROVED' },
      { account_number: '3606205999999', status: 'CANCELLED' },
      { account_number: '3606205888888', status: 'PENDING' },
    ]);
    expect((await history()).map((entry) => entry.action)).toEqual(['instrument.created', 'instrument.proposed', 'instrument.proposed']);
  });

  it('warns about shared accounts and possible duplicates, and updates a corrected name with history', async () => {
    const rows = konTumRows();
    const twin: Partial<TemplateRow> = {
      ...rows[0], so_dinh_danh: '036141002999', chu_tai_khoan: 'NGUYEN THI DAO',
    };
    const report = await importBeneficiaries(ctx, province, { path: writeTemplateCsv(join(dir, 'w.csv'), [rows[0]!, twin]), dryRun: false });
    expect(report.warnings.map((warning) => [warning.row, warning.code]).sort()).toEqual([
      [2, 'ACCOUNT_SHARED'], [2, 'POSSIBLE_DUPLICATE'], [3, 'ACCOUNT_SHARED'], [3, 'POSSIBLE_DUPLICATE'],
    ].sort());
    // each names the other person
    const duplicates = report.warnings.filter((warning) => warning.code === 'POSSIBLE_DUPLICATE').sort((a, b) => a.row - b.row);
    expect(duplicates.map((warning) => warning.message)).toEqual([expect.stringContaining('036141002999'), expect.stringContaining('036141002857')]);
    const renamed = { ...rows[0], ho_ten: 'Nguyễn Thị Đào Hoa', chu_tai_khoan: 'NGUYEN THI DAO HOA' };
    const second = await importBeneficiaries(ctx, province, { path: writeTemplateCsv(join(dir, 'r.csv'), [renamed]), dryRun: false });
    expect(second.changes).toMatchObject({ personsUpdated: 1 });
    const history = await queryRows<{ action: string; before: { fullName: string }; after: { fullName: string } }>(
      ctx.db.orm,
      sql`SELECT h.action, h.before, h.after FROM registry_history h JOIN persons p ON p.id = h.person_id
          WHERE p.personal_id = '036141002857' AND h.action = 'person.updated'`,
    );
    expect(history).toHaveLength(1);
    expect(history[0]!.before.fullName).toBe('Nguyễn Thị Đào');
    expect(history[0]!.after.fullName).toBe('Nguyễn Thị Đào Hoa');
  });

  it('reads XLSX files the same way', async () => {
    const file = await writeTemplateXlsx(join(dir, 'list.xlsx'), konTumRows());
    const report = await importBeneficiaries(ctx, province, { path: file, dryRun: false });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ rows: 5, accepted: 5 });
  });
});
