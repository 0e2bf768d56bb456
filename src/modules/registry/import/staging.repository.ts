import { sql } from 'drizzle-orm';
import { arrayParam, queryOne, queryRows, type Executor } from '../../../db/client.js';
import { unitsRelation } from '../../units/units.service.js';
import type { RowIssue } from '../validation/import-row.js';
import { stagedColumns, type IssueRow, type StagedBatch } from './staged-batches.js';

/**
 * Temporary tables of one import run. They live inside the import's transaction (ON COMMIT DROP),
 * so a dry run or a failure leaves nothing behind.
 */
export async function createStagingTables(executor: Executor): Promise<void> {
  // Text compares byte by byte, as in the registry's code columns (migration 0025): the file
  // checks sort and group a million rows by personal ID and folded name.
  await executor.execute(sql`
    CREATE TEMP TABLE import_rows (
      row_no int PRIMARY KEY,
      personal_id text COLLATE "C" NOT NULL, legacy_id text COLLATE "C", full_name text COLLATE "C" NOT NULL, name_folded text COLLATE "C" NOT NULL,
      birth_date date NOT NULL, sex text COLLATE "C" NOT NULL, commune_code text COLLATE "C" NOT NULL, province_code text COLLATE "C",
      address text COLLATE "C", phone text COLLATE "C", programme text COLLATE "C" NOT NULL, category text COLLATE "C" NOT NULL,
      children_count smallint, injury_rate smallint, decision_number text COLLATE "C" NOT NULL, decision_date date NOT NULL,
      first_month text COLLATE "C" NOT NULL, paid_through_month text COLLATE "C", status text COLLATE "C" NOT NULL, status_reason text COLLATE "C",
      event_date date, status_effective_month text COLLATE "C", channel text COLLATE "C" NOT NULL, provider_code text COLLATE "C" NOT NULL,
      account_number text COLLATE "C", account_holder text COLLATE "C", holder_folded text COLLATE "C", holder_kind text COLLATE "C" NOT NULL,
      rep_kind text COLLATE "C", rep_full_name text COLLATE "C", rep_name_folded text COLLATE "C", rep_personal_id text COLLATE "C", rep_relationship text COLLATE "C",
      rep_valid_until date,
      -- the file's unit code when it was one from before 1 July 2025, mapped to commune_code (checks.repository.ts)
      unit_code_in_file text COLLATE "C",
      rejected boolean NOT NULL DEFAULT false
    ) ON COMMIT DROP`);
  await executor.execute(sql`
    CREATE TEMP TABLE import_issues (
      row_no int NOT NULL, field text NOT NULL, code text NOT NULL, message text NOT NULL,
      message_en text NOT NULL, severity text NOT NULL,
      -- about a registered person outside the importer's area (the message tells nothing of them)
      outside_scope boolean NOT NULL DEFAULT false,
      -- the message shows a registered person's data (in the importer's area): an audited view
      registry_data boolean NOT NULL DEFAULT false
    ) ON COMMIT DROP`);
}

/**
 * One batch of staged-batches.ts as one INSERT … SELECT FROM unnest(…) with one array parameter
 * per column, already encoded by the reader, so the importing thread only passes them on.
 */
export async function insertStagedRows(executor: Executor, batch: StagedBatch): Promise<void> {
  const columnList = sql.raw(stagedColumns.map((column) => column.name).join(', '));
  const selected = sql.raw(stagedColumns.map((column) => `v.${column.name}`).join(', '));
  const values = sql.join(stagedColumns.map((column, index) => sql`${batch.columns[index]}::${sql.raw(column.type)}[]`), sql`, `);
  await executor.execute(sql`
    INSERT INTO import_rows (${columnList}, province_code)
    SELECT ${selected}, u.province_code
    FROM unnest(${values}) AS v(${columnList})
    -- the province comes with the row (NULL for a unit code that is not a current commune)
    LEFT JOIN ${unitsRelation()} u ON u.generation = '2025' AND u.level = 'commune' AND u.code = v.commune_code`);
}

export async function insertStagedIssues(executor: Executor, issues: readonly IssueRow[]): Promise<void> {
  await executor.execute(sql`
    INSERT INTO import_issues (row_no, field, code, message, message_en, severity)
    SELECT * FROM unnest(
      ${arrayParam(issues.map((issue) => issue.row))}::int[], ${arrayParam(issues.map((issue) => issue.field))}::text[],
      ${arrayParam(issues.map((issue) => issue.code))}::text[], ${arrayParam(issues.map((issue) => issue.message))}::text[],
      ${arrayParam(issues.map((issue) => issue.messageEn))}::text[], ${arrayParam(issues.map((issue) => issue.severity))}::text[]
    )`);
}

/**
 * Temporary tables are never analysed automatically; without statistics the planner would join a
 * million staged rows as if they were a few hundred.
 */
export async function analyzeStagedRows(executor: Executor): Promise<void> {
  await executor.execute(sql`ANALYZE import_rows`);
}

export interface IssueCounts {
  byCode: { code: string; count: number }[];
  /** Rows with at least one error. */
  rejectedRows: number;
}

export async function countIssues(executor: Executor): Promise<IssueCounts> {
  const byCode = await queryRows<{ code: string; count: number }>(executor, sql`SELECT code, count(*)::int AS count FROM import_issues GROUP BY code ORDER BY code`);
  const rejected = await queryOne<{ count: number }>(executor, sql`SELECT count(DISTINCT row_no)::int AS count FROM import_issues WHERE severity = 'error'`);
  return { byCode, rejectedRows: rejected?.count ?? 0 };
}

/** Rows whose issues show a registered person's data (the import's answer is then an audited bulk view). */
export async function countRegistryDataRows(executor: Executor): Promise<number> {
  const row = await queryOne<{ count: number }>(executor, sql`SELECT count(DISTINCT row_no)::int AS count FROM import_issues WHERE registry_data`);
  return row?.count ?? 0;
}

/** `outsideScope` only where it is true, so that the answers of other issues stay as they were. */
function withScopeFlag<T extends RowIssue>(rows: readonly (Omit<T, 'outsideScope'> & { outsideScope: boolean })[]): T[] {
  return rows.map(({ outsideScope, ...issue }) => (outsideScope ? { ...issue, outsideScope: true } : issue) as T);
}

/** The first `limit` issues of a severity, in row order. */
export async function listIssues(executor: Executor, severity: 'error' | 'warning', limit: number): Promise<RowIssue[]> {
  return withScopeFlag<RowIssue>(await queryRows<Omit<RowIssue, 'outsideScope'> & { outsideScope: boolean }>(
    executor,
    sql`SELECT row_no AS row, field, code, message, message_en AS "messageEn", outside_scope AS "outsideScope" FROM import_issues
        WHERE severity = ${severity} ORDER BY row_no, field, code LIMIT ${limit}`,
  ));
}

/** The issues of rows (afterRow, throughRow], and the next row with an issue after them (null when none). */
export async function issuePage(executor: Executor, afterRow: number, throughRow: number): Promise<{ issues: IssueRow[]; nextRow: number | null }> {
  const issues = withScopeFlag<IssueRow>(await queryRows<Omit<IssueRow, 'outsideScope'> & { outsideScope: boolean }>(
    executor,
    sql`SELECT row_no AS row, field, code, message, message_en AS "messageEn", severity, outside_scope AS "outsideScope" FROM import_issues
        WHERE row_no > ${afterRow} AND row_no <= ${throughRow} ORDER BY row_no, severity, field, code`,
  ));
  const more = await queryOne<{ next: number | null }>(executor, sql`SELECT min(row_no) AS next FROM import_issues WHERE row_no > ${throughRow}`);
  return { issues, nextRow: more?.next ?? null };
}
