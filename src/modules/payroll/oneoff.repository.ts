import { sql, type SQL } from 'drizzle-orm';
import { vndToString, type AmountVnd } from '../../core/money.js';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Scope } from '../access/scope.js';
import { enrolmentsRelation, personsRelation } from '../registry/registry.service.js';

/**
 * Bulk one-off payments (oneoff.service.ts): a batch, the rows of its file kept with their errors,
 * the set-based checks against the registry, and the copy of the accepted rows into
 * one_off_payments once a second person approves.
 */
export type OneOffBatchStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

export interface OneOffBatchRow {
  id: number;
  fileName: string;
  fileSha256: string;
  forMonth: string;
  reason: string;
  provinceCode: string | null;
  communeCode: string | null;
  rows: number;
  accepted: number;
  totalVnd: string;
  capVnd: string;
  status: OneOffBatchStatus;
  madeBy: string;
  madeAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
}

const batchColumns = sql`b.id::int AS id, b.file_name AS "fileName", b.file_sha256 AS "fileSha256", b.for_month AS "forMonth", b.reason,
  b.province_code AS "provinceCode", b.commune_code AS "communeCode", b.row_count AS rows, b.accepted_count AS accepted,
  b.total_vnd::text AS "totalVnd", b.cap_vnd::text AS "capVnd", b.status, b.made_by AS "madeBy", to_char(b.made_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "madeAt",
  b.decided_by AS "decidedBy", to_char(b.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "decidedAt", b.decision_comment AS "decisionComment"`;

const batchInScope = (scope: Scope): SQL => inScope(scope, { province: sql`b.province_code`, commune: sql`b.commune_code` });

/** A batch of the same file that was not rejected (the same file twice is a duplicate). */
export async function findBatchOfFile(executor: Executor, sha256: string): Promise<{ id: number; status: OneOffBatchStatus } | undefined> {
  return queryOne(executor, sql`SELECT id::int AS id, status FROM one_off_batches WHERE file_sha256 = ${sha256} AND status <> 'REJECTED'`);
}

export async function insertBatch(
  executor: Executor,
  batch: { fileSha256: string; fileName: string; forMonth: string; reason: string; provinceCode: string | null; communeCode: string | null; capVnd: AmountVnd; madeBy: string },
): Promise<number> {
  const row = await queryOne<{ id: string }>(
    executor,
    sql`INSERT INTO one_off_batches (file_sha256, file_name, for_month, reason, province_code, commune_code, row_count, accepted_count, total_vnd, cap_vnd, made_by)
        VALUES (${batch.fileSha256}, ${batch.fileName}, ${batch.forMonth}, ${batch.reason}, ${batch.provinceCode}, ${batch.communeCode}, 0, 0, 0, ${vndToString(batch.capVnd)}::bigint, ${batch.madeBy})
        RETURNING id`,
  );
  return Number(row!.id);
}

export interface StagedRow {
  rowNumber: number;
  cells: Record<string, string>;
  personalId: string | null;
  nameFolded: string | null;
  programme: string | null;
  forMonth: string | null;
  amount: AmountVnd | null;
  reason: string | null;
  errors: { field: string; code: string; vi: string; en: string }[];
}

/** A chunk of the file's rows, in one statement. */
export async function insertRows(executor: Executor, batchId: number, rows: readonly StagedRow[]): Promise<void> {
  if (rows.length === 0) return;
  const payload = JSON.stringify(
    rows.map((row) => ({
      n: row.rowNumber,
      c: row.cells,
      i: row.personalId,
      f: row.nameFolded,
      p: row.programme,
      m: row.forMonth,
      a: row.amount === null ? null : vndToString(row.amount),
      r: row.reason,
      e: row.errors,
    })),
  );
  await executor.execute(sql`
    INSERT INTO one_off_batch_rows (batch_id, row_number, cells, personal_id, name_folded, programme, for_month, amount_vnd, reason, errors)
    SELECT ${batchId}, (x->>'n')::int, x->'c', x->>'i', x->>'f', x->>'p', x->>'m', (x->>'a')::bigint, x->>'r', x->'e'
    FROM jsonb_array_elements(${payload}::jsonb) x`);
}

/** `errors || [{field, code, vi, en}]` for the rows `where` picks (alias r). */
function addError(batchId: number, error: { field: string; code: string; vi: SQL; en: SQL }, where: SQL, from: SQL = sql``): SQL {
  return sql`UPDATE one_off_batch_rows r
    SET errors = r.errors || jsonb_build_array(jsonb_build_object('field', ${error.field}::text, 'code', ${error.code}::text, 'vi', ${error.vi}, 'en', ${error.en}))
    ${from}
    WHERE r.batch_id = ${batchId} AND ${where}`;
}

const clean = sql`r.errors = '[]'::jsonb`;

/** An amount with thousands separators (`5.000.000` in Vietnamese, `5,000,000` in English). */
const grouped = (amount: SQL, separator: '.' | ','): SQL => sql`replace(to_char(${amount}, 'FM999,999,999,999,999'), ',', ${separator})`;

/**
 * The checks against the registry, each one statement over the whole batch: the person (in the
 * importer's area, alive), the name, the programme (taken from the enrolment when the row has
 * none), the same person twice for a month, and the cap per person.
 */
export async function checkRows(executor: Executor, batchId: number, scope: Scope, defaultCapVnd: AmountVnd): Promise<void> {
  await executor.execute(sql`
    UPDATE one_off_batch_rows r SET person_id = p.id
    FROM ${personsRelation()} p
    WHERE r.batch_id = ${batchId} AND r.personal_id IS NOT NULL AND p.personal_id = r.personal_id
      AND ${inScope(scope, { province: sql`p.province_code`, commune: sql`p.commune_code` })}`);
  await executor.execute(
    addError(batchId, { field: 'so_dinh_danh', code: 'PERSON_NOT_FOUND', vi: sql`'Không có đối tượng với số định danh này trong địa bàn'`, en: sql`'No beneficiary with this personal ID in your area'` },
      sql`r.personal_id IS NOT NULL AND r.person_id IS NULL`),
  );
  await executor.execute(
    addError(batchId, { field: 'ho_ten', code: 'NAME_MISMATCH', vi: sql`'Họ tên không khớp với sổ đối tượng'`, en: sql`'The name does not match the registry'` },
      sql`p.id = r.person_id AND r.name_folded IS NOT NULL AND p.name_folded <> r.name_folded`, sql`FROM ${personsRelation()} p`),
  );
  await executor.execute(
    addError(batchId, { field: 'so_dinh_danh', code: 'PERSON_DECEASED', vi: sql`'Đối tượng đã chết'`, en: sql`'The beneficiary has died'` },
      sql`p.id = r.person_id AND p.death_date IS NOT NULL`, sql`FROM ${personsRelation()} p`),
  );
  // No programme in the row: the person's only programme (one index lookup per row).
  await executor.execute(sql`
    UPDATE one_off_batch_rows r
    SET programme = (SELECT min(e.programme) FROM ${enrolmentsRelation()} e WHERE e.person_id = r.person_id HAVING count(DISTINCT e.programme) = 1)
    WHERE r.batch_id = ${batchId} AND r.programme IS NULL AND r.person_id IS NOT NULL`);
  await executor.execute(
    addError(batchId, { field: 'chuong_trinh', code: 'PROGRAMME_REQUIRED', vi: sql`'Người này hưởng nhiều chương trình: cần ghi chương trình'`, en: sql`'This person has several programmes: the programme is required'` },
      sql`r.programme IS NULL AND r.person_id IS NOT NULL AND ${clean}`),
  );
  await executor.execute(
    addError(batchId, { field: 'chuong_trinh', code: 'ENROLMENT_MISSING', vi: sql`'Người này không hưởng chương trình ' || r.programme`, en: sql`'This person has no ' || r.programme || ' enrolment'` },
      sql`r.programme IS NOT NULL AND r.person_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM ${enrolmentsRelation()} e WHERE e.person_id = r.person_id AND e.programme = r.programme)`),
  );
  await executor.execute(
    addError(batchId, { field: 'so_dinh_danh', code: 'DUPLICATE_ROW', vi: sql`'Người này đã có ở dòng ' || d.first_row || ' cho cùng chương trình và tháng'`, en: sql`'This person is already on row ' || d.first_row || ' for the same programme and month'` },
      sql`d.row_number = r.row_number AND d.first_row <> d.row_number`,
      sql`FROM (SELECT row_number, min(row_number) OVER (PARTITION BY person_id, programme, for_month) AS first_row FROM one_off_batch_rows
                WHERE batch_id = ${batchId} AND person_id IS NOT NULL AND programme IS NOT NULL AND for_month IS NOT NULL) d`),
  );
  // The cap per person and batch: their province's, else the national default.
  await executor.execute(
    addError(batchId, {
      field: 'so_tien',
      code: 'AMOUNT_OVER_CAP',
      vi: sql`'Tổng số tiền của người này trong danh sách (' || ${grouped(sql`t.total`, '.')} || ' đồng) vượt mức tối đa ' || ${grouped(sql`t.cap`, '.')} || ' đồng'`,
      en: sql`'This person''s total in the list (' || ${grouped(sql`t.total`, ',')} || ' VND) is above the cap of ' || ${grouped(sql`t.cap`, ',')} || ' VND'`,
    },
      sql`t.row_number = r.row_number AND t.total > t.cap AND ${clean}`,
      sql`FROM (SELECT s.row_number, sum(s.amount_vnd) OVER (PARTITION BY s.person_id) AS total,
                       COALESCE((SELECT l.cap_vnd FROM ${personsRelation()} p JOIN one_off_limits l ON l.province_code = p.province_code WHERE p.id = s.person_id),
                                ${vndToString(defaultCapVnd)}::bigint) AS cap
                FROM one_off_batch_rows s
                WHERE s.batch_id = ${batchId} AND s.amount_vnd IS NOT NULL AND s.person_id IS NOT NULL AND s.errors = '[]'::jsonb) t`),
  );
}

export async function batchTotals(executor: Executor, batchId: number): Promise<{ rows: number; accepted: number; totalVnd: string }> {
  const row = await queryOne<{ rows: number; accepted: number; totalVnd: string }>(
    executor,
    sql`SELECT count(*)::int AS rows, count(*) FILTER (WHERE errors = '[]'::jsonb)::int AS accepted,
               COALESCE(sum(amount_vnd) FILTER (WHERE errors = '[]'::jsonb), 0)::text AS "totalVnd"
        FROM one_off_batch_rows WHERE batch_id = ${batchId}`,
  );
  return row!;
}

export async function updateBatchTotals(executor: Executor, batchId: number, totals: { rows: number; accepted: number; totalVnd: string }): Promise<void> {
  await executor.execute(sql`UPDATE one_off_batches SET row_count = ${totals.rows}, accepted_count = ${totals.accepted}, total_vnd = ${totals.totalVnd}::bigint WHERE id = ${batchId}`);
}

export interface RejectedRow {
  rowNumber: number;
  cells: Record<string, string>;
  errors: { field: string; code: string; vi: string; en: string }[];
}

/** Rows with errors, in file order (`limit` of them). */
export async function rejectedRows(executor: Executor, batchId: number, limit: number, afterRow = 0): Promise<RejectedRow[]> {
  return queryRows<RejectedRow>(
    executor,
    sql`SELECT row_number AS "rowNumber", cells, errors FROM one_off_batch_rows
        WHERE batch_id = ${batchId} AND errors <> '[]'::jsonb AND row_number > ${afterRow} ORDER BY row_number LIMIT ${limit}`,
  );
}

export async function findBatch(executor: Executor, scope: Scope, batchId: number, forUpdate = false): Promise<OneOffBatchRow | undefined> {
  return queryOne<OneOffBatchRow>(
    executor,
    sql`SELECT ${batchColumns} FROM one_off_batches b WHERE b.id = ${batchId} AND ${batchInScope(scope)} ${forUpdate ? sql`FOR UPDATE` : sql``}`,
  );
}

export async function listBatches(executor: Executor, scope: Scope, status: OneOffBatchStatus | undefined, limit: number): Promise<OneOffBatchRow[]> {
  return queryRows<OneOffBatchRow>(
    executor,
    sql`SELECT ${batchColumns} FROM one_off_batches b WHERE ${batchInScope(scope)} ${status ? sql`AND b.status = ${status}` : sql``} ORDER BY b.id DESC LIMIT ${limit}`,
  );
}

export async function decideBatch(executor: Executor, batchId: number, decision: { status: 'APPROVED' | 'REJECTED'; decidedBy: string; comment: string | null }): Promise<boolean> {
  const row = await queryOne(
    executor,
    sql`UPDATE one_off_batches SET status = ${decision.status}, decided_by = ${decision.decidedBy}, decided_at = now(), decision_comment = ${decision.comment}
        WHERE id = ${batchId} AND status = 'PENDING' RETURNING id`,
  );
  return row !== undefined;
}

/** The line key of a batch's one-off payments: one line per person, programme and month for each batch. */
export const batchLineKey = (batchId: number): string => `BATCH-${batchId}`;

/** The accepted rows become one-off payments for the next cycle (set-based); how many were written. */
export async function insertBatchPayments(executor: Executor, batchId: number, createdBy: string): Promise<number> {
  const rows = await queryRows(
    executor,
    sql`INSERT INTO one_off_payments (person_id, programme, for_month, amount_vnd, reason, line_key, created_by, batch_id)
        SELECT r.person_id, r.programme, r.for_month, r.amount_vnd, r.reason, ${batchLineKey(batchId)}, ${createdBy}, r.batch_id
        FROM one_off_batch_rows r WHERE r.batch_id = ${batchId} AND r.errors = '[]'::jsonb
        ORDER BY r.row_number
        ON CONFLICT (person_id, programme, for_month, line_key) DO NOTHING RETURNING id`,
  );
  return rows.length;
}

/** A province's own cap per person and batch, when it set one. */
export async function findCap(executor: Executor, provinceCode: string): Promise<{ capVnd: string; updatedBy: string } | undefined> {
  return queryOne(executor, sql`SELECT cap_vnd::text AS "capVnd", updated_by AS "updatedBy" FROM one_off_limits WHERE province_code = ${provinceCode}`);
}

export async function upsertCap(executor: Executor, provinceCode: string, capVnd: AmountVnd, updatedBy: string): Promise<void> {
  await executor.execute(sql`
    INSERT INTO one_off_limits (province_code, cap_vnd, updated_by) VALUES (${provinceCode}, ${vndToString(capVnd)}::bigint, ${updatedBy})
    ON CONFLICT (province_code) DO UPDATE SET cap_vnd = EXCLUDED.cap_vnd, updated_by = EXCLUDED.updated_by, updated_at = now()`);
}
