import { sql, type SQL } from 'drizzle-orm';
import { queryOne, type Executor } from '../../../db/client.js';
import { profiled } from '../../../core/profile.js';
import { inScope, type Actor } from '../../access/scope.js';
import { createdRowColumns } from './created-rows.js';

/**
 * The SQL of the merge of the surviving staged rows into the registry (merge.ts runs it, inside
 * the import's transaction). Every change writes a `registry_history` row with before/after in the
 * same statement (all CTEs of one statement see the same snapshot, so "before" is the old value).
 * Re-importing the same file changes nothing: each step touches only rows whose values differ.
 */

export interface MergeContext {
  actor: Actor;
  batchId: number;
  /** The month of the import (for closing a suspension the file resumes). */
  currentMonth: string;
}

/**
 * What the file's rows found already registered. A province's first import finds nothing: the
 * steps that compare with or change existing records are then skipped, not run as joins over a
 * million rows that cannot match.
 */
export interface MergeState extends MergeContext {
  existingPersons: number;
  existingEnrolments: number;
}

const personJson = (alias: string) =>
  sql.raw(`jsonb_build_object('personalId', ${alias}.personal_id, 'fullName', ${alias}.full_name, 'birthDate', ${alias}.birth_date,
    'sex', ${alias}.sex, 'phone', ${alias}.phone, 'address', ${alias}.address, 'communeCode', ${alias}.commune_code, 'legacyId', ${alias}.legacy_id)`);

const enrolmentJson = (alias: string, eventDateColumn: string) =>
  sql.raw(`jsonb_build_object('programme', ${alias}.programme, 'category', ${alias}.category, 'childrenCount', ${alias}.children_count,
    'injuryRate', ${alias}.injury_rate, 'decisionNumber', ${alias}.decision_number, 'decisionDate', ${alias}.decision_date,
    'firstMonth', ${alias}.first_month, 'paidThroughMonth', ${alias}.paid_through_month, 'status', ${alias}.status,
    'statusReason', ${alias}.status_reason, 'eventDate', ${alias}.${eventDateColumn}, 'statusEffectiveMonth', ${alias}.status_effective_month,
    'communeCode', ${alias}.commune_code)`);

async function count(executor: Executor, statement: SQL): Promise<number> {
  const row = await queryOne<{ count: number }>(executor, statement);
  return row?.count ?? 0;
}

/**
 * The merge's working state lives in a narrow table keyed by staged row: the person and enrolment
 * each row maps to, which row carries the person's fields (the first), whether the actor may
 * change those fields, and whether the row changed anything. New people and enrolments get their
 * ids here, from the tables' own sequences, so the inserts below never have to write ids back
 * into this table (a million-row UPDATE each).
 */
export async function prepareKeys(executor: Executor, context: MergeContext): Promise<void> {
  // Person fields (name, phone, residence) belong to the commune of residence: someone registered
  // elsewhere keeps them; this file then only adds the enrolment (with a warning).
  const inScopeOfActor = inScope(context.actor.scope, { province: sql`p.province_code`, commune: sql`p.commune_code` });
  // New ids are handed out in the order of each table's unique key (people by personal ID,
  // enrolments by person and category), and rows are inserted in id order: both the primary key
  // and the unique index then grow at their right edge instead of taking random inserts.
  await executor.execute(sql`
    CREATE TEMP TABLE import_keys ON COMMIT DROP AS
    WITH rows AS MATERIALIZED (
      SELECT r.row_no, r.personal_id, r.category, p.id AS existing_person_id, e.id AS existing_enrolment_id,
             min(r.row_no) OVER (PARTITION BY r.personal_id) AS first_row,
             (p.id IS NULL OR ${inScopeOfActor}) AS person_in_scope
      FROM import_rows r
      LEFT JOIN persons p ON p.personal_id = r.personal_id
      LEFT JOIN enrolments e ON e.person_id = p.id AND e.category = r.category
      WHERE NOT r.rejected
    ), new_persons AS MATERIALIZED (
      SELECT first_row, ${nextId('persons')} AS person_id
      FROM (SELECT first_row, personal_id FROM rows WHERE existing_person_id IS NULL AND row_no = first_row ORDER BY personal_id) ordered
    ), keyed AS (
      SELECT r.*, COALESCE(r.existing_person_id, n.person_id) AS person_id
      FROM rows r LEFT JOIN new_persons n ON n.first_row = r.first_row
      ORDER BY person_id, r.category
    )
    SELECT k.row_no, k.personal_id, k.category, k.person_id,
           -- a (person, category) appears once: the file checks rejected later duplicates
           COALESCE(k.existing_enrolment_id, ${nextId('enrolments')}) AS enrolment_id,
           k.row_no = k.first_row AS first_of_person, k.person_in_scope,
           k.existing_person_id IS NULL AS person_is_new, k.existing_enrolment_id IS NULL AS enrolment_is_new,
           -- a new enrolment is a change; the steps below mark the others they change
           k.existing_enrolment_id IS NULL AS changed
    FROM keyed k`);
  await executor.execute(sql`ALTER TABLE import_keys ADD PRIMARY KEY (row_no)`);
  await executor.execute(sql`ANALYZE import_keys`);
}

/** The next value of a table's identity sequence, its name resolved once when the statement is planned. */
function nextId(table: 'persons' | 'enrolments'): SQL {
  return sql.raw(`nextval('${table}_id_seq'::regclass)`);
}

export async function mergePersons(executor: Executor, context: MergeState): Promise<{ created: number; updated: number }> {
  const { actor, batchId } = context;
  const differs = sql`(p.full_name, p.name_folded, p.phone, p.address, p.commune_code, p.legacy_id) IS DISTINCT FROM
    (r.full_name, r.name_folded, COALESCE(r.phone, p.phone), COALESCE(r.address, p.address), r.commune_code, COALESCE(r.legacy_id, p.legacy_id))`;
  const updated = context.existingPersons === 0 ? 0 : await count(
    executor,
    sql`
    WITH changed AS (
      SELECT r.row_no, p.id, ${personJson('p')} AS before
      FROM import_keys k JOIN import_rows r USING (row_no) JOIN persons p ON p.id = k.person_id
      WHERE k.first_of_person AND k.person_in_scope AND NOT k.person_is_new AND ${differs}
    ), updated AS (
      UPDATE persons p SET full_name = r.full_name, name_folded = r.name_folded, phone = COALESCE(r.phone, p.phone),
        address = COALESCE(r.address, p.address), commune_code = r.commune_code, province_code = r.province_code,
        legacy_id = COALESCE(r.legacy_id, p.legacy_id), version = p.version + 1, updated_at = now()
      FROM changed c JOIN import_rows r USING (row_no) WHERE p.id = c.id
      RETURNING p.id, ${personJson('p')} AS after
    ), history AS (
      INSERT INTO registry_history (person_id, entity_type, entity_id, action, before, after, actor, import_batch_id, request_id)
      SELECT c.id, 'person', c.id, 'person.updated', c.before, u.after, ${actor.username}, ${batchId}, ${actor.requestId}
      FROM changed c JOIN updated u ON u.id = c.id
    ), marked AS (
      UPDATE import_keys SET changed = true WHERE row_no IN (SELECT row_no FROM changed)
    )
    SELECT count(*)::int AS count FROM changed`,
  );
  // New people: their creation is recorded with their enrolment (one history row per created row).
  const created = await count(
    executor,
    sql`
    WITH inserted AS (
      INSERT INTO persons (id, personal_id, legacy_id, full_name, name_folded, birth_date, sex, phone, province_code, commune_code, address)
      OVERRIDING SYSTEM VALUE
      SELECT k.person_id, r.personal_id, r.legacy_id, r.full_name, r.name_folded, r.birth_date, r.sex, r.phone, r.province_code, r.commune_code, r.address
      FROM import_keys k JOIN import_rows r USING (row_no)
      WHERE k.first_of_person AND k.person_is_new
      ORDER BY k.person_id
      RETURNING 1
    )
    SELECT count(*)::int AS count FROM inserted`,
  );
  return { created, updated };
}

export async function mergeEnrolments(executor: Executor, context: MergeState): Promise<{ created: number; updated: number }> {
  const { actor, batchId } = context;
  const differs = sql`(e.children_count, e.injury_rate, e.decision_number, e.decision_date, e.first_month, e.paid_through_month,
      e.status, e.status_reason, e.status_event_date, e.status_effective_month, e.commune_code)
    IS DISTINCT FROM (r.children_count, r.injury_rate, r.decision_number, r.decision_date, r.first_month,
      COALESCE(r.paid_through_month, e.paid_through_month), r.status, r.status_reason, r.event_date, r.status_effective_month, r.commune_code)`;
  const updated = context.existingEnrolments === 0 ? 0 : await count(
    executor,
    sql`
    WITH changed AS (
      SELECT r.row_no, e.id, e.person_id, ${enrolmentJson('e', 'status_event_date')} AS before
      FROM import_keys k JOIN import_rows r USING (row_no) JOIN enrolments e ON e.id = k.enrolment_id
      WHERE ${differs}
    ), updated AS (
      UPDATE enrolments e SET children_count = r.children_count, injury_rate = r.injury_rate, decision_number = r.decision_number,
        decision_date = r.decision_date, first_month = r.first_month, paid_through_month = COALESCE(r.paid_through_month, e.paid_through_month),
        status = r.status, status_reason = r.status_reason, status_event_date = r.event_date,
        status_effective_month = r.status_effective_month, commune_code = r.commune_code, province_code = r.province_code,
        version = e.version + 1, updated_at = now()
      FROM changed c JOIN import_rows r USING (row_no) WHERE e.id = c.id
      RETURNING e.id, ${enrolmentJson('e', 'status_event_date')} AS after
    ), history AS (
      INSERT INTO registry_history (person_id, entity_type, entity_id, action, before, after, actor, import_batch_id, request_id)
      SELECT c.person_id, 'enrolment', c.id, 'enrolment.updated', c.before, u.after, ${actor.username}, ${batchId}, ${actor.requestId}
      FROM changed c JOIN updated u ON u.id = c.id
    ), marked AS (
      UPDATE import_keys SET changed = true WHERE row_no IN (SELECT row_no FROM changed)
    )
    SELECT count(*)::int AS count FROM changed`,
  );
  // One history row per created row tells the whole creation: the person (when new), the
  // enrolment and the payment instrument, as the file gave them.
  const created = await count(
    executor,
    sql`
    WITH inserted AS (
      INSERT INTO enrolments (id, person_id, programme, category, children_count, injury_rate, decision_number, decision_date,
        first_month, paid_through_month, status, status_reason, status_event_date, status_effective_month, province_code, commune_code)
      OVERRIDING SYSTEM VALUE
      SELECT k.enrolment_id, k.person_id, r.programme, r.category, r.children_count, r.injury_rate, r.decision_number, r.decision_date, r.first_month,
        r.paid_through_month, r.status, r.status_reason, r.event_date, r.status_effective_month, r.province_code, r.commune_code
      FROM import_keys k JOIN import_rows r USING (row_no)
      WHERE k.enrolment_is_new
      ORDER BY k.enrolment_id
      RETURNING 1
    )
    SELECT count(*)::int AS count FROM inserted`,
  );
  // One history row per created row tells the whole creation: the person (when new), the
  // enrolment and the payment instrument, as the file gave them — kept typed in import_batch_rows,
  // which the history row points at (migration 0020), in the order of its key.
  await profiled('merge: created rows', () => executor.execute(sql`
    INSERT INTO import_batch_rows (import_batch_id, row_no, ${sql.raw(createdRowColumns.join(', '))})
    SELECT ${batchId}, r.row_no, ${sql.raw(createdRowColumns.map((column) => `r.${column}`).join(', '))}
    FROM import_rows r JOIN import_keys k USING (row_no)
    WHERE k.enrolment_is_new
    ORDER BY r.row_no`));
  await profiled('merge: creation history', () => executor.execute(sql`
    INSERT INTO registry_history (person_id, entity_type, entity_id, action, actor, import_batch_id, import_row_no, request_id)
    SELECT k.person_id, 'enrolment', k.enrolment_id, CASE WHEN k.person_is_new AND k.first_of_person THEN 'person.created' ELSE 'enrolment.created' END,
           ${actor.username}, ${batchId}, k.row_no, ${actor.requestId}
    FROM import_keys k
    WHERE k.enrolment_is_new`));
  await syncSuspensions(executor, context);
  return { created, updated };
}

/** A file that suspends opens a suspension period; a file that shows an active enrolment closes it. */
async function syncSuspensions(executor: Executor, context: MergeState): Promise<void> {
  await executor.execute(sql`
    INSERT INTO enrolment_suspensions (enrolment_id, from_month, reason)
    SELECT e.id, e.status_effective_month, COALESCE(e.status_reason, 'KHONG_RO')
    FROM import_keys k JOIN enrolments e ON e.id = k.enrolment_id
    WHERE e.status = 'TAM_DUNG'
      AND NOT EXISTS (SELECT 1 FROM enrolment_suspensions s WHERE s.enrolment_id = e.id AND s.to_month IS NULL)`);
  // only an enrolment registered before can have a suspension to close
  if (context.existingEnrolments === 0) return;
  await executor.execute(sql`
    UPDATE enrolment_suspensions s
    SET to_month = GREATEST(s.from_month, to_char(to_date(${context.currentMonth} || '-01', 'YYYY-MM-DD') - interval '1 month', 'YYYY-MM'))
    FROM import_keys k JOIN enrolments e ON e.id = k.enrolment_id
    WHERE s.enrolment_id = e.id AND s.to_month IS NULL AND e.status <> 'TAM_DUNG'`);
}

export async function mergeRepresentatives(executor: Executor, context: MergeState): Promise<number> {
  const { actor, batchId } = context;
  await executor.execute(sql`
    CREATE TEMP TABLE import_reps ON COMMIT DROP AS
    SELECT DISTINCT ON (k.person_id) k.person_id, r.rep_kind, r.rep_full_name, r.rep_name_folded, r.rep_personal_id, r.rep_relationship, r.rep_valid_until
    FROM import_keys k JOIN import_rows r USING (row_no) WHERE r.rep_kind IS NOT NULL AND k.person_in_scope
    ORDER BY k.person_id, k.row_no`);
  await executor.execute(sql`ANALYZE import_reps`);
  // People whose representative changed in this import (to mark their rows as changed).
  await executor.execute(sql`CREATE TEMP TABLE import_reps_changed (person_id bigint PRIMARY KEY) ON COMMIT DROP`);
  // representatives registered before belong to people registered before
  const updated = context.existingPersons === 0 ? 0 : await count(
    executor,
    sql`
    WITH changed AS (
      SELECT rep.id, rep.person_id,
             jsonb_build_object('kind', rep.kind, 'fullName', rep.full_name, 'relationship', rep.relationship, 'validUntil', rep.valid_until) AS before,
             jsonb_build_object('kind', i.rep_kind, 'fullName', i.rep_full_name, 'relationship', i.rep_relationship, 'validUntil', i.rep_valid_until) AS after
      FROM import_reps i JOIN representatives rep ON rep.person_id = i.person_id AND rep.active AND rep.personal_id = i.rep_personal_id
      WHERE (rep.kind, rep.full_name, rep.relationship, rep.valid_until) IS DISTINCT FROM
            (i.rep_kind, i.rep_full_name, COALESCE(i.rep_relationship, rep.relationship), i.rep_valid_until)
    ), updated AS (
      UPDATE representatives rep SET kind = i.rep_kind, full_name = i.rep_full_name, name_folded = i.rep_name_folded,
        relationship = COALESCE(i.rep_relationship, rep.relationship), valid_until = i.rep_valid_until
      FROM import_reps i WHERE rep.id IN (SELECT id FROM changed) AND i.person_id = rep.person_id
    ), history AS (
      INSERT INTO registry_history (person_id, entity_type, entity_id, action, before, after, actor, import_batch_id, request_id)
      SELECT person_id, 'representative', id, 'representative.updated', before, after, ${actor.username}, ${batchId}, ${actor.requestId} FROM changed
    ), marked AS (
      INSERT INTO import_reps_changed SELECT DISTINCT person_id FROM changed ON CONFLICT DO NOTHING
    )
    SELECT count(*)::int AS count FROM changed`,
  );
  // A different person now represents the beneficiary: the old one ends, history kept.
  const replaced = context.existingPersons === 0 ? 0 : await count(
    executor,
    sql`
    WITH ended AS (
      UPDATE representatives rep SET active = false, ended_at = now()
      FROM import_reps i WHERE rep.person_id = i.person_id AND rep.active AND rep.personal_id <> i.rep_personal_id
      RETURNING rep.id, rep.person_id, rep.personal_id
    ), history AS (
      INSERT INTO registry_history (person_id, entity_type, entity_id, action, before, actor, import_batch_id, request_id)
      SELECT person_id, 'representative', id, 'representative.ended', jsonb_build_object('personalId', personal_id),
             ${actor.username}, ${batchId}, ${actor.requestId} FROM ended
    ), marked AS (
      INSERT INTO import_reps_changed SELECT DISTINCT person_id FROM ended ON CONFLICT DO NOTHING
    )
    SELECT count(*)::int AS count FROM ended`,
  );
  const created = await count(
    executor,
    sql`
    WITH inserted AS (
      INSERT INTO representatives (person_id, kind, full_name, name_folded, personal_id, relationship, valid_until)
      SELECT i.person_id, i.rep_kind, i.rep_full_name, i.rep_name_folded, i.rep_personal_id, i.rep_relationship, i.rep_valid_until
      FROM import_reps i
      WHERE NOT EXISTS (SELECT 1 FROM representatives rep WHERE rep.person_id = i.person_id AND rep.active)
      RETURNING id, person_id, kind, full_name, personal_id
    ), history AS (
      INSERT INTO registry_history (person_id, entity_type, entity_id, action, after, actor, import_batch_id, request_id)
      SELECT person_id, 'representative', id, 'representative.created',
             jsonb_build_object('kind', kind, 'fullName', full_name, 'personalId', personal_id),
             ${actor.username}, ${batchId}, ${actor.requestId} FROM inserted
    ), marked AS (
      INSERT INTO import_reps_changed SELECT DISTINCT person_id FROM inserted ON CONFLICT DO NOTHING
    )
    SELECT count(*)::int AS count FROM inserted`,
  );
  await executor.execute(sql`
    UPDATE import_keys k SET changed = true FROM import_reps_changed c
    WHERE c.person_id = k.person_id AND k.first_of_person AND NOT k.changed`);
  return updated + replaced + created;
}

/**
 * The payment instrument of each surviving row, as the payment accounts' import takes it
 * (registry/ports.ts `ImportInstrumentsBatch`): a representative's account points at the
 * beneficiary's active representative.
 */
export const stagedInstrumentsRelation = (): SQL => sql`(
  SELECT k.row_no, k.enrolment_id, k.person_id, k.enrolment_is_new, r.channel, r.provider_code, r.account_number, r.account_holder,
         r.holder_folded, r.holder_kind, rep.id AS representative_id, r.first_month AS effective_month, r.province_code, r.commune_code
  FROM import_keys k JOIN import_rows r USING (row_no)
  LEFT JOIN representatives rep ON rep.person_id = k.person_id AND rep.active AND r.holder_kind = 'REPRESENTATIVE')`;

/**
 * The history of what the payment accounts wrote on registered enrolments (`written`: `kind`,
 * `id`, `person_id`, `enrolment_id`, `after`), and their rows marked as changed. New enrolments'
 * instruments are told in their creation's history row.
 */
export async function recordInstrumentWrites(executor: Executor, context: MergeState, written: SQL): Promise<void> {
  const { actor, batchId } = context;
  await executor.execute(sql`
    WITH written AS MATERIALIZED (SELECT * FROM ${written} w), history AS (
      INSERT INTO registry_history (person_id, entity_type, entity_id, action, after, actor, import_batch_id, request_id)
      SELECT person_id, kind, id, CASE kind WHEN 'instrument' THEN 'instrument.created' ELSE 'instrument.proposed' END,
             after, ${actor.username}, ${batchId}, ${actor.requestId}
      FROM written ORDER BY kind = 'proposal', id
    )
    UPDATE import_keys SET changed = true WHERE NOT changed AND enrolment_id IN (SELECT enrolment_id FROM written)`);
}

export interface ExpectedRows {
  /** New people and enrolments the merge will create. */
  persons: number;
  enrolments: number;
  /** Rows whose person, or enrolment, was registered before. */
  existingPersons: number;
  existingEnrolments: number;
}

export async function countExpectedRows(executor: Executor): Promise<ExpectedRows> {
  const expected = await queryOne<ExpectedRows>(
    executor,
    sql`SELECT count(*) FILTER (WHERE person_is_new AND first_of_person)::int AS persons, count(*) FILTER (WHERE enrolment_is_new)::int AS enrolments,
               count(*) FILTER (WHERE NOT person_is_new)::int AS "existingPersons", count(*) FILTER (WHERE NOT enrolment_is_new)::int AS "existingEnrolments"
        FROM import_keys`,
  );
  return expected!;
}

export async function countUnchangedRows(executor: Executor): Promise<number> {
  return count(executor, sql`SELECT count(*)::int AS count FROM import_keys WHERE NOT changed`);
}

export async function analyzeRegistry(executor: Executor): Promise<void> {
  await executor.execute(sql`ANALYZE persons, enrolments, representatives`);
}
