import { sql, type SQL } from 'drizzle-orm';
import { arrayParam, queryOne, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Scope } from '../access/scope.js';
import { vndFromDb, type AmountVnd } from '../../core/money.js';
import { foldVietnamese } from '../../core/text.js';
import { unitsRelation } from '../units/units.service.js';
import { createdRowJson } from './import/created-rows.js';

/**
 * A person is visible in a scope when they live there or one of their enrolments is paid there.
 * Every registry read goes through this condition.
 */
export function personVisible(scope: Scope, alias = 'p'): SQL {
  if (scope.level === 'national') return sql`TRUE`;
  const own = inScope(scope, { province: sql.raw(`${alias}.province_code`), commune: sql.raw(`${alias}.commune_code`) });
  const viaEnrolment = inScope(scope, { province: sql`e.province_code`, commune: sql`e.commune_code` });
  return sql`(${own} OR EXISTS (SELECT 1 FROM enrolments e WHERE e.person_id = ${sql.raw(alias)}.id AND ${viaEnrolment}))`;
}

export interface PersonSearchFilter {
  /** Name (without diacritics), a 12-digit personal ID or a phone number. */
  query?: string;
  communeCode?: string;
  category?: string;
  programme?: string;
  status?: string;
  channel?: string;
  flag?: string;
  /** Keyset paging: rows with id below this. */
  beforeId?: number;
  limit: number;
  /**
   * Categories shown as `PROTECTED` (need-to-know.ts `hiddenCategories`). The service refuses them
   * as a filter; a programme or status filter matches them like any other, since leaving them out
   * would tell them apart from the rows shown `PROTECTED` without a filter.
   */
  hiddenCategories: readonly string[];
}

export interface PersonListRow {
  id: number;
  personalId: string;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  phone: string | null;
  communeCode: string;
  communeName: string | null;
  deathDate: string | null;
  enrolments: { category: string; programme: string; status: string }[];
  channels: string[];
  flags: string[];
}

function queryCondition(query: string | undefined): SQL {
  if (!query) return sql`TRUE`;
  const trimmed = query.trim();
  if (/^\d{12}$/.test(trimmed)) return sql`p.personal_id = ${trimmed}`;
  if (/^(\+?84|0)\d{9}$/.test(trimmed.replace(/\s/g, ''))) {
    const phone = trimmed.replace(/\s/g, '').replace(/^\+?84/, '0');
    return sql`p.phone = ${phone}`;
  }
  if (/^\d{4}$/.test(trimmed)) return sql`p.personal_id LIKE ${'%' + trimmed}`;
  return sql`p.name_folded LIKE ${'%' + trimmed.replace(/[%_\\]/g, '') + '%'}`;
}

/**
 * What a list of people shows of the modules above the registry, as their relations
 * (registry/ports.ts): the payment accounts' active instruments and the data-quality flags.
 */
export interface PersonListRelations {
  activeInstruments: SQL;
  personFlags: SQL;
}

export async function searchPersons(executor: Executor, scope: Scope, filter: PersonSearchFilter, related: PersonListRelations): Promise<PersonListRow[]> {
  const enrolmentFilter = [
    filter.category ? sql`e.category = ${filter.category}` : null,
    filter.programme ? sql`e.programme = ${filter.programme}` : null,
    filter.status ? sql`e.status = ${filter.status}` : null,
  ].filter((part): part is SQL => part !== null);
  const hidden = arrayParam(filter.hiddenCategories);
  return queryRows<PersonListRow>(
    executor,
    sql`
    SELECT p.id::int AS id, p.personal_id AS "personalId", p.full_name AS "fullName", p.birth_date::text AS "birthDate",
           p.sex, p.phone, p.commune_code AS "communeCode", u.name_with_type AS "communeName", p.death_date::text AS "deathDate",
           COALESCE((SELECT jsonb_agg(jsonb_build_object('category', CASE WHEN e.category = ANY(${hidden}::text[]) THEN 'PROTECTED' ELSE e.category END,
                                                        'programme', e.programme, 'status', e.status) ORDER BY e.id)
                     FROM enrolments e WHERE e.person_id = p.id), '[]') AS enrolments,
           COALESCE((SELECT array_agg(DISTINCT i.channel) FROM ${related.activeInstruments} i WHERE i.person_id = p.id), '{}') AS channels,
           COALESCE((SELECT array_agg(f.flag) FROM ${related.personFlags} f WHERE f.person_id = p.id), '{}') AS flags
    FROM persons p
    LEFT JOIN ${unitsRelation()} u ON u.generation = '2025' AND u.level = 'commune' AND u.code = p.commune_code
    WHERE ${personVisible(scope)}
      AND ${queryCondition(filter.query)}
      ${filter.communeCode ? sql`AND (p.commune_code = ${filter.communeCode} OR EXISTS (SELECT 1 FROM enrolments e WHERE e.person_id = p.id AND e.commune_code = ${filter.communeCode}))` : sql``}
      ${enrolmentFilter.length > 0 ? sql`AND EXISTS (SELECT 1 FROM enrolments e WHERE e.person_id = p.id AND ${sql.join(enrolmentFilter, sql` AND `)})` : sql``}
      ${filter.channel ? sql`AND EXISTS (SELECT 1 FROM ${related.activeInstruments} i WHERE i.person_id = p.id AND i.channel = ${filter.channel})` : sql``}
      ${filter.flag ? sql`AND EXISTS (SELECT 1 FROM ${related.personFlags} f WHERE f.person_id = p.id AND f.flag = ${filter.flag})` : sql``}
      ${filter.beforeId ? sql`AND p.id < ${filter.beforeId}` : sql``}
    ORDER BY p.id DESC
    LIMIT ${filter.limit}`,
  );
}

export interface PersonRow {
  id: number;
  personalId: string;
  legacyId: string | null;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  phone: string | null;
  provinceCode: string;
  communeCode: string;
  communeName: string | null;
  address: string | null;
  deathDate: string | null;
  version: number;
}

export async function findVisiblePerson(executor: Executor, scope: Scope, personalId: string): Promise<PersonRow | undefined> {
  return queryOne<PersonRow>(
    executor,
    sql`SELECT p.id::int AS id, p.personal_id AS "personalId", p.legacy_id AS "legacyId", p.full_name AS "fullName",
               p.birth_date::text AS "birthDate", p.sex, p.phone, p.province_code AS "provinceCode", p.commune_code AS "communeCode",
               u.name_with_type AS "communeName", p.address, p.death_date::text AS "deathDate", p.version
        FROM persons p
        LEFT JOIN ${unitsRelation()} u ON u.generation = '2025' AND u.level = 'commune' AND u.code = p.commune_code
        WHERE p.personal_id = ${personalId} AND ${personVisible(scope)}`,
  );
}

export interface EnrolmentRow {
  id: number;
  programme: 'TGXH' | 'NCC' | 'HTXH';
  category: string;
  childrenCount: number | null;
  injuryRate: number | null;
  decisionNumber: string;
  decisionDate: string;
  decisionAuthority: string | null;
  firstMonth: string;
  paidThroughMonth: string | null;
  status: 'DANG_HUONG' | 'TAM_DUNG' | 'THOI_HUONG';
  statusReason: string | null;
  statusEventDate: string | null;
  statusEffectiveMonth: string | null;
  provinceCode: string;
  communeCode: string;
  version: number;
  suspensions: { from: string; to: string | null; arrearsDue: boolean }[];
}

export async function listEnrolments(executor: Executor, personId: number): Promise<EnrolmentRow[]> {
  return queryRows<EnrolmentRow>(
    executor,
    sql`SELECT e.id::int AS id, e.programme, e.category, e.children_count AS "childrenCount", e.injury_rate AS "injuryRate",
               e.decision_number AS "decisionNumber", e.decision_date::text AS "decisionDate", e.decision_authority AS "decisionAuthority",
               e.first_month AS "firstMonth", e.paid_through_month AS "paidThroughMonth", e.status, e.status_reason AS "statusReason",
               e.status_event_date::text AS "statusEventDate", e.status_effective_month AS "statusEffectiveMonth",
               e.province_code AS "provinceCode", e.commune_code AS "communeCode", e.version,
               COALESCE((SELECT jsonb_agg(jsonb_build_object('from', s.from_month, 'to', s.to_month, 'arrearsDue', s.arrears_due) ORDER BY s.from_month)
                         FROM enrolment_suspensions s WHERE s.enrolment_id = e.id), '[]') AS suspensions
        FROM enrolments e WHERE e.person_id = ${personId} ORDER BY e.id`,
  );
}

export interface RepresentativeRow {
  id: number;
  kind: 'GIAM_HO' | 'UY_QUYEN';
  fullName: string;
  personalId: string;
  relationship: string | null;
  validUntil: string | null;
  active: boolean;
}

export async function listRepresentatives(executor: Executor, personId: number): Promise<RepresentativeRow[]> {
  return queryRows<RepresentativeRow>(
    executor,
    sql`SELECT id::int AS id, kind, full_name AS "fullName", personal_id AS "personalId", relationship,
               valid_until::text AS "validUntil", active
        FROM representatives WHERE person_id = ${personId} ORDER BY active DESC, id DESC`,
  );
}

export interface HistoryRow {
  id: number;
  entityType: string;
  entityId: number;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  actor: string;
  at: string;
  importBatchId: number | null;
}

export async function listHistory(executor: Executor, personId: number, limit: number): Promise<HistoryRow[]> {
  return queryRows<HistoryRow>(
    executor,
    // a creation by import points at the file's row (migration 0020): the object is built from it
    sql`SELECT h.id::int AS id, h.entity_type AS "entityType", h.entity_id::int AS "entityId", h.action, h.before,
               COALESCE(h.after, (SELECT ${createdRowJson('r')} FROM import_batch_rows r
                                  WHERE r.import_batch_id = h.import_batch_id AND r.row_no = h.import_row_no)) AS after, h.actor,
               to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, h.import_batch_id::int AS "importBatchId"
        FROM registry_history h WHERE h.person_id = ${personId} ORDER BY h.id DESC LIMIT ${limit}`,
  );
}

/** A person's data-quality flags, from the quality module's relation (registry/ports.ts). */
export async function listFlags(executor: Executor, personFlags: SQL, personId: number): Promise<{ flag: string; details: Record<string, unknown> }[]> {
  return queryRows(executor, sql`SELECT f.flag, f.details FROM ${personFlags} f WHERE f.person_id = ${personId} ORDER BY f.flag`);
}

/** Locks a person's enrolments (in id order) so that two officers cannot change them at once; returns how many. */
export async function lockEnrolmentsOf(executor: Executor, personId: number): Promise<number> {
  const rows = await queryRows<{ id: string }>(executor, sql`SELECT id FROM enrolments WHERE person_id = ${personId} ORDER BY id FOR UPDATE`);
  return rows.length;
}

/** Pays an enrolment again from now on (the suspension is closed with `closeOpenSuspension`). */
export async function resumeEnrolment(executor: Executor, enrolmentId: number): Promise<void> {
  await executor.execute(sql`UPDATE enrolments SET status = 'DANG_HUONG', status_reason = NULL, status_event_date = NULL, status_effective_month = NULL,
                             version = version + 1, updated_at = now() WHERE id = ${enrolmentId}`);
}

/** Ends or stops an enrolment from `effectiveMonth` (the month after the event). */
export async function setEnrolmentStatus(
  executor: Executor,
  enrolmentId: number,
  change: { status: 'THOI_HUONG' | 'TAM_DUNG'; reason: string | null; eventDate: string; effectiveMonth: string },
): Promise<void> {
  await executor.execute(sql`UPDATE enrolments SET status = ${change.status}, status_reason = ${change.reason}, status_event_date = ${change.eventDate}::date,
                             status_effective_month = ${change.effectiveMonth}, version = version + 1, updated_at = now() WHERE id = ${enrolmentId}`);
}

export async function openSuspension(executor: Executor, enrolmentId: number, fromMonth: string, reason: string | null): Promise<void> {
  await executor.execute(sql`INSERT INTO enrolment_suspensions (enrolment_id, from_month, reason) VALUES (${enrolmentId}, ${fromMonth}, ${reason})`);
}

/** Closes the enrolment's open suspension with `lastMonth` (never before it began); a resume also says whether its months are owed. */
export async function closeOpenSuspension(executor: Executor, enrolmentId: number, lastMonth: string, arrearsDue?: boolean): Promise<void> {
  await executor.execute(sql`UPDATE enrolment_suspensions SET to_month = GREATEST(from_month, ${lastMonth})${arrearsDue === undefined ? sql`` : sql`, arrears_due = ${arrearsDue}`}
                             WHERE enrolment_id = ${enrolmentId} AND to_month IS NULL`);
}

export async function recordDeathDate(executor: Executor, personId: number, deathDate: string): Promise<void> {
  await executor.execute(sql`UPDATE persons SET death_date = ${deathDate}::date, version = version + 1, updated_at = now() WHERE id = ${personId}`);
}

export async function insertHistory(
  executor: Executor,
  entry: { personId: number; entityType: string; entityId: number; action: string; before?: unknown; after?: unknown; actor: string; requestId: string },
): Promise<void> {
  await executor.execute(sql`
    INSERT INTO registry_history (person_id, entity_type, entity_id, action, before, after, actor, request_id)
    VALUES (${entry.personId}, ${entry.entityType}, ${entry.entityId}, ${entry.action},
            ${entry.before === undefined ? null : JSON.stringify(entry.before)}::jsonb,
            ${entry.after === undefined ? null : JSON.stringify(entry.after)}::jsonb, ${entry.actor}, ${entry.requestId})`);
}

export async function loadProvinceOverrides(executor: Executor): Promise<{ provinceCode: string; validFrom: string; baseLevelVnd: AmountVnd }[]> {
  const rows = await queryRows<{ provinceCode: string; validFrom: string; amount: string }>(
    executor,
    sql`SELECT province_code AS "provinceCode", valid_from AS "validFrom", amount_vnd::text AS amount FROM province_base_levels ORDER BY province_code, valid_from`,
  );
  return rows.map((row) => ({ provinceCode: row.provinceCode, validFrom: row.validFrom, baseLevelVnd: vndFromDb(row.amount) }));
}

/**
 * The people of the registry as other modules may join them (read-only): identity, birth and
 * death dates, phone and residence (commune, address: the village the cash lists are sorted by). `name_folded` is the name without diacritics, case or extra spaces.
 */
export const personsRelation = (): SQL =>
  sql`(SELECT id, personal_id, full_name, name_folded, birth_date, death_date, phone, address, commune_code, province_code FROM persons)`;

/**
 * Enrolments as other modules may join them (read-only): the decision (programme, category and
 * what sets the amount), the months it pays, its status and locality.
 */
export const enrolmentsRelation = (): SQL => sql`(SELECT id, person_id, programme, category, children_count, injury_rate, decision_date, first_month,
  paid_through_month, status, status_reason, status_effective_month, province_code, commune_code, updated_at FROM enrolments)`;

/** Suspensions of enrolments (read-only): the months, and whether they are owed as arrears on resuming. */
export const enrolmentSuspensionsRelation = (): SQL => sql`(SELECT enrolment_id, from_month, to_month, arrears_due FROM enrolment_suspensions)`;

/** Representatives who collect for a person (read-only): the name printed on the payment lists, whom an account may belong to. */
export const representativesRelation = (): SQL => sql`(SELECT id, person_id, personal_id, full_name, active, valid_until FROM representatives)`;

/** A province's own base levels (read-only): from a month on, when not below the national one. */
export const provinceBaseLevelsRelation = (): SQL => sql`(SELECT province_code, valid_from, amount_vnd FROM province_base_levels)`;

/**
 * Writes history rows set-based from a source relation of the caller (a subquery with the
 * columns `person_id`, `entity_type`, `entity_id`, `action`, `before`, `after` (jsonb), `actor`,
 * `request_id`); returns how many.
 */
export async function insertHistoryFrom(executor: Executor, source: SQL): Promise<number> {
  const row = await queryOne<{ count: number }>(
    executor,
    sql`WITH inserted AS (
          INSERT INTO registry_history (person_id, entity_type, entity_id, action, before, after, actor, request_id)
          SELECT h.person_id, h.entity_type, h.entity_id, h.action, h.before, h.after, h.actor, h.request_id FROM ${source} h
          RETURNING 1
        ) SELECT count(*)::int AS count FROM inserted`,
  );
  return row?.count ?? 0;
}

/** A living or dead person found by personal ID and date of birth (the self-service identification), in no scope. */
export async function findPersonByIdentity(
  executor: Executor,
  personalId: string,
  birthDate: string,
): Promise<{ id: number; phone: string | null; provinceCode: string; communeCode: string; deceased: boolean } | undefined> {
  return queryOne(
    executor,
    sql`SELECT id::int AS id, phone, province_code AS "provinceCode", commune_code AS "communeCode", (death_date IS NOT NULL) AS deceased
        FROM persons WHERE personal_id = ${personalId} AND birth_date = ${birthDate}::date`,
  );
}

/** A person's phone on file (null when none), e.g. to tell them of a change. */
export async function findPersonPhone(executor: Executor, personId: number): Promise<string | null> {
  const row = await queryOne<{ phone: string | null }>(executor, sql`SELECT phone FROM persons WHERE id = ${personId}`);
  return row?.phone ?? null;
}

/** A person's active representative (the holder an account may name instead of the person), if any. */
export async function findActiveRepresentative(executor: Executor, personId: number): Promise<{ id: number; fullName: string } | undefined> {
  return queryOne(executor, sql`SELECT id::int AS id, full_name AS "fullName" FROM representatives WHERE person_id = ${personId} AND active`);
}

/** Corrections of a person's identity and residence (from the population database's review). */
export async function updatePersonName(executor: Executor, personId: number, fullName: string): Promise<void> {
  await executor.execute(sql`UPDATE persons SET full_name = ${fullName}, name_folded = ${foldVietnamese(fullName)}, version = version + 1, updated_at = now()
                             WHERE id = ${personId}`);
}

export async function updatePersonBirthDate(executor: Executor, personId: number, birthDate: string): Promise<void> {
  await executor.execute(sql`UPDATE persons SET birth_date = ${birthDate}::date, version = version + 1, updated_at = now() WHERE id = ${personId}`);
}

export async function updatePersonResidence(executor: Executor, personId: number, residence: { provinceCode: string; communeCode: string }): Promise<void> {
  await executor.execute(sql`UPDATE persons SET province_code = ${residence.provinceCode}, commune_code = ${residence.communeCode},
                                    version = version + 1, updated_at = now() WHERE id = ${personId}`);
}

/** Categories of the person's enrolments still paid (or suspended) outside a commune. */
export async function openEnrolmentCategoriesOutside(executor: Executor, personId: number, communeCode: string): Promise<string[]> {
  const rows = await queryRows<{ category: string }>(
    executor,
    sql`SELECT category FROM enrolments WHERE person_id = ${personId} AND status <> 'THOI_HUONG' AND commune_code <> ${communeCode} ORDER BY id`,
  );
  return rows.map((row) => row.category);
}
