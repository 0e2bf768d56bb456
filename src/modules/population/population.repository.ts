import { sql, type SQL } from 'drizzle-orm';
import type { PopulationRecord } from '../../adapters/population/population.adapter.js';
import { foldVietnamese } from '../../core/text.js';
import { arrayParam, queryOne, queryRows, type Executor } from '../../db/client.js';
import type { Scope } from '../access/scope.js';
import { enrolmentsRelation, personsRelation, personVisible } from '../registry/registry.service.js';
import { unitsRelation } from '../units/units.service.js';

/** Kinds of discrepancy (review_items.kind) and outcomes of one check (population_checks.outcome). */
export const reviewKinds = ['NAME_MISMATCH', 'DOB_MISMATCH', 'DECEASED', 'MOVED', 'NOT_FOUND'] as const;
export type ReviewKind = (typeof reviewKinds)[number];
export const checkOutcomes = ['MATCH', ...reviewKinds, 'ERROR'] as const;
export type CheckOutcome = (typeof checkOutcomes)[number];
export const reviewStatuses = ['OPEN', 'ACCEPTED', 'TERMINATED', 'DISMISSED'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

export interface VerifyCandidate {
  id: number;
  personalId: string;
}

/** The scope's locality columns, as raw SQL for one table alias. */
function scopeCondition(scope: Exclude<Scope, { level: 'national' }>, alias: string): SQL {
  return scope.level === 'province'
    ? sql`${sql.raw(`${alias}.province_code`)} = ${scope.provinceCode}`
    : sql`${sql.raw(`${alias}.commune_code`)} = ${scope.communeCode}`;
}

/**
 * The person has an enrolment still paid or suspended. The repeated `> afterId` bound lets a merge
 * join start the enrolments index at the batch instead of at the first person.
 */
function hasOpenEnrolment(afterId: number): SQL {
  return sql`EXISTS (SELECT 1 FROM ${enrolmentsRelation()} v WHERE v.person_id = p.id AND v.person_id > ${afterId} AND v.status <> 'THOI_HUONG')`;
}

/**
 * The next keyset batch of people to verify, in id order so each batch resumes where the last
 * stopped. In an area: the people living there with an enrolment still paid or suspended, and the
 * people it pays (an enrolment there not terminated) who live elsewhere. Each branch reads at most
 * `limit` distinct ids from an index already in id order (migration 0004), so a batch costs the
 * same at the start and the end of a province; the union's first `limit` ids are exact because
 * each branch returns its own first `limit` distinct ids.
 */
export async function selectVerifyBatch(executor: Executor, scope: Scope, afterId: number, limit: number): Promise<VerifyCandidate[]> {
  if (scope.level === 'national') {
    return queryRows<VerifyCandidate>(
      executor,
      sql`SELECT p.id::int AS id, p.personal_id AS "personalId" FROM ${personsRelation()} p
          WHERE p.id > ${afterId} AND ${hasOpenEnrolment(afterId)} ORDER BY p.id LIMIT ${limit}`,
    );
  }
  return queryRows<VerifyCandidate>(
    executor,
    sql`SELECT p.id::int AS id, p.personal_id AS "personalId"
        FROM ((SELECT p.id FROM ${personsRelation()} p
               WHERE ${scopeCondition(scope, 'p')} AND p.id > ${afterId} AND ${hasOpenEnrolment(afterId)}
               ORDER BY p.id LIMIT ${limit})
              UNION
              (SELECT DISTINCT e.person_id FROM ${enrolmentsRelation()} e
               WHERE ${scopeCondition(scope, 'e')} AND e.status <> 'THOI_HUONG' AND e.person_id > ${afterId}
               ORDER BY e.person_id LIMIT ${limit})) c (id)
        JOIN ${personsRelation()} p ON p.id = c.id
        ORDER BY c.id LIMIT ${limit}`,
  );
}

export interface BatchCounts {
  outcomes: Partial<Record<CheckOutcome, number>>;
  reviewItemsCreated: number;
}

/** Names compare without diacritics, case and spaces (DOMAIN.md §4.4), like `persons.name_folded`. */
export function nameKey(fullName: string): string {
  return foldVietnamese(fullName).replace(/ /g, '');
}

/**
 * The outcome of one person's check. Order matters when several fields differ: a death stops
 * payment and wins; the remaining differences surface on the next run once this one is resolved.
 */
const outcomeCase = sql`CASE
    WHEN a.personal_id IS NULL THEN 'ERROR'
    WHEN NOT a.found THEN 'NOT_FOUND'
    WHEN a.deceased THEN 'DECEASED'
    WHEN a.name_key IS NOT NULL AND a.name_key <> replace(p.name_folded, ' ', '') THEN 'NAME_MISMATCH'
    WHEN a.birth_date IS NOT NULL AND a.birth_date <> p.birth_date THEN 'DOB_MISMATCH'
    WHEN a.commune_code IS NOT NULL AND a.commune_code <> p.commune_code THEN 'MOVED'
    ELSE 'MATCH' END`;

/** What the registry holds and what the population database proposes, per kind (jsonb). */
const currentValue = sql`CASE c.outcome
    WHEN 'NAME_MISMATCH' THEN jsonb_build_object('fullName', p.full_name)
    WHEN 'DOB_MISMATCH' THEN jsonb_build_object('birthDate', p.birth_date)
    WHEN 'DECEASED' THEN jsonb_build_object('deathDate', p.death_date)
    WHEN 'MOVED' THEN jsonb_build_object('communeCode', p.commune_code)
    ELSE jsonb_build_object('fullName', p.full_name, 'birthDate', p.birth_date) END`;
const proposedValue = sql`CASE c.outcome
    WHEN 'NAME_MISMATCH' THEN jsonb_build_object('fullName', c.population_name)
    WHEN 'DOB_MISMATCH' THEN jsonb_build_object('birthDate', c.population_birth_date)
    WHEN 'DECEASED' THEN jsonb_build_object('deathDate', c.death_date,
                                            'effectiveMonth', to_char(c.death_date + interval '1 month', 'YYYY-MM'))
    WHEN 'MOVED' THEN jsonb_build_object('communeCode', c.moved_to)
    ELSE '{}'::jsonb END`;

/**
 * Stores one batch in one statement: a check per person (ERROR when the database gave no answer
 * for them; `failure` is the reason when the whole batch failed and `records` is empty), then a
 * review item per discrepancy unless the same kind is already open for that person (the partial
 * unique index decides, so concurrent runs cannot duplicate either) or was dismissed for the same
 * proposed value.
 */
export async function recordCheckBatch(
  executor: Executor,
  batch: { runId: string; checkedAt: string; personIds: readonly number[]; records: readonly PopulationRecord[]; failure: string | null },
): Promise<BatchCounts> {
  const { records } = batch;
  const column = <T>(pick: (record: PopulationRecord) => T) => arrayParam(records.map(pick));
  const rows = await queryRows<{ outcome: CheckOutcome | null; count: number; items: number }>(
    executor,
    sql`
    WITH answers AS (
      SELECT * FROM unnest(
        ${column((r) => r.personalId)}::text[], ${column((r) => r.found)}::boolean[],
        ${column((r) => r.fullName)}::text[], ${column((r) => (r.fullName ? nameKey(r.fullName) : null))}::text[],
        ${column((r) => r.birthDate)}::date[], ${column((r) => r.deceased)}::boolean[],
        ${column((r) => r.deathDate)}::date[], ${column((r) => r.residenceCommuneCode)}::text[]
      ) AS t(personal_id, found, full_name, name_key, birth_date, deceased, death_date, commune_code)
    ), batch AS (
      SELECT p.id, p.personal_id, p.name_folded, p.birth_date, p.commune_code
      FROM ${personsRelation()} p WHERE p.id = ANY(${arrayParam(batch.personIds)}::bigint[])
    ), checked AS (
      INSERT INTO population_checks (person_id, checked_at, outcome, population_name, population_birth_date, death_date, moved_to, error, run_id)
      SELECT p.id, ${batch.checkedAt}::timestamptz, o.outcome, a.full_name, a.birth_date,
             CASE WHEN o.outcome = 'DECEASED' THEN a.death_date END,
             CASE WHEN o.outcome = 'MOVED' THEN a.commune_code END,
             CASE WHEN o.outcome = 'ERROR' THEN COALESCE(${batch.failure}::text, 'no answer for this personal ID') END,
             ${batch.runId}
      FROM batch p
      LEFT JOIN answers a ON a.personal_id = p.personal_id
      CROSS JOIN LATERAL (SELECT ${outcomeCase} AS outcome) o
      ORDER BY p.id
      RETURNING id, person_id, outcome, population_name, population_birth_date, death_date, moved_to
    ), items AS (
      INSERT INTO review_items (person_id, kind, check_id, current_value, proposed, province_code, commune_code, created_at)
      SELECT c.person_id, c.outcome, c.id, ${currentValue}, ${proposedValue}, p.province_code, p.commune_code, ${batch.checkedAt}::timestamptz
      FROM checked c JOIN ${personsRelation()} p ON p.id = c.person_id
      WHERE c.outcome IN ('NAME_MISMATCH', 'DOB_MISMATCH', 'DECEASED', 'MOVED', 'NOT_FOUND')
        -- An officer's dismissal stands while the database keeps saying the same thing; a death is
        -- raised again every run (paying the dead is what the checks exist to prevent).
        AND (c.outcome = 'DECEASED' OR NOT EXISTS (
              SELECT 1 FROM review_items d
              WHERE d.person_id = c.person_id AND d.kind = c.outcome AND d.status = 'DISMISSED' AND d.proposed = ${proposedValue}))
      ON CONFLICT (person_id, kind) WHERE status = 'OPEN' DO NOTHING
      RETURNING 1
    )
    SELECT c.outcome, count(*)::int AS count, (SELECT count(*)::int FROM items) AS items
    FROM checked c GROUP BY c.outcome`,
  );
  const outcomes: Partial<Record<CheckOutcome, number>> = {};
  for (const row of rows) if (row.outcome) outcomes[row.outcome] = row.count;
  return { outcomes, reviewItemsCreated: rows[0]?.items ?? 0 };
}

// ─── Review items ─────────────────────────────────────────────────────────────────────────────────

export interface ReviewItemRow {
  id: number;
  kind: ReviewKind;
  status: ReviewStatus;
  personId: number;
  personalId: string;
  fullName: string;
  birthDate: string;
  communeCode: string;
  communeName: string | null;
  currentValue: Record<string, unknown>;
  proposed: Record<string, unknown>;
  checkedAt: string;
  runId: string;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
}

export interface ReviewItemFilter {
  status?: ReviewStatus;
  kind?: ReviewKind;
  communeCode?: string;
  beforeId?: number;
  limit: number;
}

const utc = (column: string) => sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);

const reviewItemColumns = sql`
  ri.id::int AS id, ri.kind, ri.status, ri.person_id::int AS "personId", p.personal_id AS "personalId", p.full_name AS "fullName",
  p.birth_date::text AS "birthDate", ri.commune_code AS "communeCode", u.name_with_type AS "communeName",
  ri.current_value AS "currentValue", ri.proposed, ${utc('c.checked_at')} AS "checkedAt", c.run_id AS "runId",
  ${utc('ri.created_at')} AS "createdAt", ${utc('ri.resolved_at')} AS "resolvedAt", ri.resolved_by AS "resolvedBy",
  ri.resolution_note AS "resolutionNote"`;

const reviewItemSource = sql`
  review_items ri
  JOIN ${personsRelation()} p ON p.id = ri.person_id
  JOIN population_checks c ON c.id = ri.check_id
  LEFT JOIN ${unitsRelation()} u ON u.generation = '2025' AND u.level = 'commune' AND u.code = ri.commune_code`;

/** Review items of people visible in the scope (the registry's own visibility rule), newest first. */
export async function listVisibleReviewItems(executor: Executor, scope: Scope, filter: ReviewItemFilter): Promise<ReviewItemRow[]> {
  const conditions: SQL[] = [personVisible(scope)];
  if (filter.status) conditions.push(sql`ri.status = ${filter.status}`);
  if (filter.kind) conditions.push(sql`ri.kind = ${filter.kind}`);
  if (filter.communeCode) conditions.push(sql`ri.commune_code = ${filter.communeCode}`);
  if (filter.beforeId) conditions.push(sql`ri.id < ${filter.beforeId}`);
  return queryRows<ReviewItemRow>(
    executor,
    sql`SELECT ${reviewItemColumns} FROM ${reviewItemSource}
        WHERE ${sql.join(conditions, sql` AND `)}
        ORDER BY ri.id DESC LIMIT ${filter.limit}`,
  );
}

export async function findVisibleReviewItem(executor: Executor, scope: Scope, id: number): Promise<ReviewItemRow | undefined> {
  return queryOne<ReviewItemRow>(executor, sql`SELECT ${reviewItemColumns} FROM ${reviewItemSource} WHERE ri.id = ${id} AND ${personVisible(scope)}`);
}

/**
 * Closes an open item; returns false when it was no longer open (resolved meanwhile), which the
 * caller reports as REVIEW_ITEM_CLOSED. The row lock it takes serialises competing resolutions.
 */
export async function closeReviewItem(
  executor: Executor,
  close: { id: number; status: Exclude<ReviewStatus, 'OPEN'>; resolvedAt: string; resolvedBy: string; note: string | null },
): Promise<boolean> {
  const row = await queryOne<{ id: number }>(
    executor,
    sql`UPDATE review_items SET status = ${close.status}, resolved_at = ${close.resolvedAt}::timestamptz, resolved_by = ${close.resolvedBy},
               resolution_note = ${close.note}
        WHERE id = ${close.id} AND status = 'OPEN' RETURNING id::int AS id`,
  );
  return row !== undefined;
}

/**
 * A payment provider reported beneficiaries deceased (reason MD07): for each person not yet
 * recorded dead, a DECEASED check and a review item, so the commune proposes the termination.
 * `reports` names a relation (person_id, end_to_end_id, province_code, commune_code) of the
 * reporting payments; an open DECEASED review of the person is kept as it is.
 */
export async function recordProviderDeathReports(executor: Executor, reports: SQL): Promise<void> {
  await executor.execute(sql`
    WITH deceased AS (
      SELECT DISTINCT ON (r.person_id) r.person_id, r.end_to_end_id, r.province_code, r.commune_code, p.full_name
      FROM ${reports} r JOIN ${personsRelation()} p ON p.id = r.person_id
      WHERE p.death_date IS NULL
    ), checks AS (
      INSERT INTO population_checks (person_id, outcome, population_name, run_id)
      SELECT person_id, 'DECEASED', full_name, 'provider-MD07:' || end_to_end_id FROM deceased
      RETURNING id, person_id
    )
    INSERT INTO review_items (person_id, kind, check_id, current_value, proposed, province_code, commune_code)
    SELECT d.person_id, 'DECEASED', c.id, jsonb_build_object('deathDate', NULL),
           jsonb_build_object('source', 'MD07', 'endToEndId', d.end_to_end_id, 'note', 'Ngân hàng báo người hưởng đã chết (MD07)'),
           d.province_code, d.commune_code
    FROM deceased d JOIN checks c ON c.person_id = d.person_id
    ON CONFLICT DO NOTHING`);
}

/**
 * The checks against the population database as other modules may read them (read-only). A
 * person's identity is confirmed when their latest conclusive check (outcome not ERROR, by
 * `checked_at` then `id`) is a MATCH.
 */
export const populationChecksRelation = (): SQL => sql`(SELECT id, person_id, checked_at, outcome FROM population_checks)`;
