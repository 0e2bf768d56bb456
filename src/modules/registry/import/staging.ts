import { sql } from 'drizzle-orm';
import { foldVietnamese } from '../../../core/text.js';
import { arrayParam, type Executor } from '../../../db/client.js';
import { addMonths, monthOfDate } from '../../../core/month.js';
import type { ImportRecord, RowIssue } from '../validation/import-row.js';

/**
 * Temporary tables of one import run. They live inside the import's transaction (ON COMMIT DROP),
 * so a dry run or a failure leaves nothing behind.
 */
export async function createStagingTables(executor: Executor): Promise<void> {
  await executor.execute(sql`
    CREATE TEMP TABLE import_rows (
      row_no int PRIMARY KEY,
      personal_id text NOT NULL, legacy_id text, full_name text NOT NULL, name_folded text NOT NULL,
      birth_date date NOT NULL, sex text NOT NULL, commune_code text NOT NULL, province_code text,
      address text, phone text, programme text NOT NULL, category text NOT NULL,
      children_count smallint, injury_rate smallint, decision_number text NOT NULL, decision_date date NOT NULL,
      first_month text NOT NULL, paid_through_month text, status text NOT NULL, status_reason text,
      event_date date, status_effective_month text, channel text NOT NULL, provider_code text NOT NULL,
      account_number text, account_holder text, holder_folded text, holder_kind text NOT NULL,
      rep_kind text, rep_full_name text, rep_name_folded text, rep_personal_id text, rep_relationship text,
      rep_valid_until date,
      rejected boolean NOT NULL DEFAULT false
    ) ON COMMIT DROP`);
  await executor.execute(sql`
    CREATE TEMP TABLE import_issues (
      row_no int NOT NULL, field text NOT NULL, code text NOT NULL, message text NOT NULL,
      message_en text NOT NULL, severity text NOT NULL
    ) ON COMMIT DROP`);
}

/** The first month not paid after a suspension or termination: the month after the event. */
function effectiveMonth(record: ImportRecord): string | null {
  if (record.status === 'DANG_HUONG' || !record.eventDate) return null;
  return addMonths(monthOfDate(record.eventDate), 1);
}

/**
 * Rows of valid records, column by column, sent as one INSERT … SELECT FROM unnest(…) per batch:
 * one round trip per few thousand rows on both drivers.
 */
export class StagingBuffer {
  private rows: { rowNumber: number; record: ImportRecord }[] = [];
  private issues: { issue: RowIssue; severity: 'error' | 'warning' }[] = [];
  /**
   * The batch being written while the reader parses and validates the next one: on PostgreSQL the
   * server inserts while Node parses (two cores instead of one). At most one is in flight, so memory
   * stays at two batches; its failure surfaces at the next write or at `flush`.
   */
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly executor: Executor,
    private readonly batchRowsMax: number,
  ) {}

  async addRecord(rowNumber: number, record: ImportRecord): Promise<void> {
    this.rows.push({ rowNumber, record });
    if (this.rows.length >= this.batchRowsMax) await this.flushRows();
  }

  async addIssues(issues: readonly RowIssue[], severity: 'error' | 'warning'): Promise<void> {
    for (const issue of issues) this.issues.push({ issue, severity });
    if (this.issues.length >= this.batchRowsMax) await this.flushIssues();
  }

  async flush(): Promise<void> {
    await this.flushRows();
    await this.inFlight;
    await this.flushIssues();
  }

  private async flushRows(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    await this.inFlight;
    const writing = this.insertRows(rows);
    // Marked handled here; the error is rethrown where `inFlight` is awaited.
    writing.catch(() => undefined);
    this.inFlight = writing;
  }

  private async insertRows(rows: { rowNumber: number; record: ImportRecord }[]): Promise<void> {
    const column = <T>(pick: (record: ImportRecord) => T) => arrayParam(rows.map((row) => pick(row.record)));
    await this.executor.execute(sql`
      INSERT INTO import_rows (row_no, personal_id, legacy_id, full_name, name_folded, birth_date, sex, commune_code, province_code,
        address, phone, programme, category, children_count, injury_rate, decision_number, decision_date, first_month,
        paid_through_month, status, status_reason, event_date, status_effective_month, channel, provider_code,
        account_number, account_holder, holder_folded, holder_kind, rep_kind, rep_full_name, rep_name_folded,
        rep_personal_id, rep_relationship, rep_valid_until)
      -- the province comes with the row (NULL for a unit code that is not a current commune)
      SELECT v.row_no, v.personal_id, v.legacy_id, v.full_name, v.name_folded, v.birth_date, v.sex, v.commune_code, u.province_code,
        v.address, v.phone, v.programme, v.category, v.children_count, v.injury_rate, v.decision_number, v.decision_date, v.first_month,
        v.paid_through_month, v.status, v.status_reason, v.event_date, v.status_effective_month, v.channel, v.provider_code,
        v.account_number, v.account_holder, v.holder_folded, v.holder_kind, v.rep_kind, v.rep_full_name, v.rep_name_folded,
        v.rep_personal_id, v.rep_relationship, v.rep_valid_until
      FROM unnest(
        ${arrayParam(rows.map((row) => row.rowNumber))}::int[],
        ${column((r) => r.personalId)}::text[], ${column((r) => r.legacyId)}::text[],
        ${column((r) => r.fullName)}::text[], ${column((r) => foldVietnamese(r.fullName))}::text[],
        ${column((r) => r.birthDate)}::date[], ${column((r) => r.sex)}::text[], ${column((r) => r.communeCode)}::text[],
        ${column((r) => r.address)}::text[], ${column((r) => r.phone)}::text[], ${column((r) => r.programme)}::text[],
        ${column((r) => r.category)}::text[], ${column((r) => r.childrenCount)}::smallint[], ${column((r) => r.injuryRate)}::smallint[],
        ${column((r) => r.decisionNumber)}::text[], ${column((r) => r.decisionDate)}::date[], ${column((r) => r.firstMonth)}::text[],
        ${column((r) => r.paidThroughMonth)}::text[], ${column((r) => r.status)}::text[], ${column((r) => r.statusReason)}::text[],
        ${column((r) => r.eventDate)}::date[], ${column(effectiveMonth)}::text[], ${column((r) => r.channel)}::text[],
        ${column((r) => r.providerCode)}::text[], ${column((r) => r.accountNumber)}::text[], ${column((r) => r.accountHolder)}::text[],
        ${column((r) => (r.accountHolder ? foldVietnamese(r.accountHolder) : null))}::text[],
        ${column((r) => holderKind(r))}::text[],
        ${column((r) => r.representative?.kind ?? null)}::text[], ${column((r) => r.representative?.fullName ?? null)}::text[],
        ${column((r) => (r.representative ? foldVietnamese(r.representative.fullName) : null))}::text[],
        ${column((r) => r.representative?.personalId ?? null)}::text[], ${column((r) => r.representative?.relationship ?? null)}::text[],
        ${column((r) => r.representative?.authorisationExpiry ?? null)}::date[]
      ) AS v(row_no, personal_id, legacy_id, full_name, name_folded, birth_date, sex, commune_code,
        address, phone, programme, category, children_count, injury_rate, decision_number, decision_date, first_month,
        paid_through_month, status, status_reason, event_date, status_effective_month, channel, provider_code,
        account_number, account_holder, holder_folded, holder_kind, rep_kind, rep_full_name, rep_name_folded,
        rep_personal_id, rep_relationship, rep_valid_until)
      LEFT JOIN admin_units u ON u.generation = '2025' AND u.level = 'commune' AND u.code = v.commune_code`);
  }

  private async flushIssues(): Promise<void> {
    if (this.issues.length === 0) return;
    const issues = this.issues;
    this.issues = [];
    // One statement at a time on the connection: the rows in flight first.
    await this.inFlight;
    await this.executor.execute(sql`
      INSERT INTO import_issues (row_no, field, code, message, message_en, severity)
      SELECT * FROM unnest(
        ${arrayParam(issues.map((item) => item.issue.row))}::int[], ${arrayParam(issues.map((item) => item.issue.field))}::text[],
        ${arrayParam(issues.map((item) => item.issue.code))}::text[], ${arrayParam(issues.map((item) => item.issue.message))}::text[],
        ${arrayParam(issues.map((item) => item.issue.messageEn))}::text[], ${arrayParam(issues.map((item) => item.severity))}::text[]
      )`);
  }
}

/** Whose account it is: the validation guarantees the holder is the beneficiary or the representative. */
function holderKind(record: ImportRecord): 'SELF' | 'REPRESENTATIVE' {
  if (!record.accountHolder || !record.representative) return 'SELF';
  const holder = foldVietnamese(record.accountHolder);
  return holder === foldVietnamese(record.fullName) ? 'SELF' : 'REPRESENTATIVE';
}
