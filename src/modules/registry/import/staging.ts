import { sql } from 'drizzle-orm';
import { arrayParam, type Executor } from '../../../db/client.js';
import { stagedColumns, type StageMessage } from './staged-batches.js';

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
      rejected boolean NOT NULL DEFAULT false
    ) ON COMMIT DROP`);
  await executor.execute(sql`
    CREATE TEMP TABLE import_issues (
      row_no int NOT NULL, field text NOT NULL, code text NOT NULL, message text NOT NULL,
      message_en text NOT NULL, severity text NOT NULL
    ) ON COMMIT DROP`);
}

/**
 * Writes the batches of staged-batches.ts: each as one INSERT … SELECT FROM unnest(…) with one
 * array parameter per column, already encoded by the reader, so the importing thread only passes
 * them on. The batch being written overlaps the reading of the next one (on PostgreSQL the server
 * inserts while the worker parses); at most one is in flight, and its failure surfaces at the
 * next write or at `flush`.
 */
export class StagingWriter {
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly executor: Executor) {}

  async write(batch: Extract<StageMessage, { kind: 'batch' }>): Promise<void> {
    await this.inFlight;
    const writing = this.insert(batch);
    // Marked handled here; the error is rethrown where `inFlight` is awaited.
    writing.catch(() => undefined);
    this.inFlight = writing;
  }

  async flush(): Promise<void> {
    await this.inFlight;
  }

  private async insert(batch: Extract<StageMessage, { kind: 'batch' }>): Promise<void> {
    if (batch.count > 0) {
      const columnList = sql.raw(stagedColumns.map((column) => column.name).join(', '));
      const selected = sql.raw(stagedColumns.map((column) => `v.${column.name}`).join(', '));
      const values = sql.join(stagedColumns.map((column, index) => sql`${batch.columns[index]}::${sql.raw(column.type)}[]`), sql`, `);
      await this.executor.execute(sql`
        INSERT INTO import_rows (${columnList}, province_code)
        SELECT ${selected}, u.province_code
        FROM unnest(${values}) AS v(${columnList})
        -- the province comes with the row (NULL for a unit code that is not a current commune)
        LEFT JOIN admin_units u ON u.generation = '2025' AND u.level = 'commune' AND u.code = v.commune_code`);
    }
    if (batch.issues.length > 0) {
      const issues = batch.issues;
      await this.executor.execute(sql`
        INSERT INTO import_issues (row_no, field, code, message, message_en, severity)
        SELECT * FROM unnest(
          ${arrayParam(issues.map((issue) => issue.row))}::int[], ${arrayParam(issues.map((issue) => issue.field))}::text[],
          ${arrayParam(issues.map((issue) => issue.code))}::text[], ${arrayParam(issues.map((issue) => issue.message))}::text[],
          ${arrayParam(issues.map((issue) => issue.messageEn))}::text[], ${arrayParam(issues.map((issue) => issue.severity))}::text[]
        )`);
    }
  }
}
