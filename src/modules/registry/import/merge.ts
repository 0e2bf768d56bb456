import { sql, type SQL } from 'drizzle-orm';
import { queryOne, type Executor } from '../../../db/client.js';
import { profiled } from '../../../core/profile.js';
import { inScope, type Actor } from '../../auth/scope.js';

/**
 * Merges the surviving staged rows into the registry, set-based, inside the import's transaction.
 * Every change writes a `registry_history` row with before/after in the same statement (all CTEs
 * of one statement see the same snapshot, so "before" is the old value). Re-importing the same
 * file changes nothing: each step touches only rows whose values differ.
 */
export interface MergeCounts {
  personsCreated: number;
  personsUpdated: number;
  enrolmentsCreated: number;
  enrolmentsUpdated: number;
  representativesChanged: number;
  instrumentsCreated: number;
  proposals: number;
  unchangedRows: number;
}

interface MergeContext {
  actor: Actor;
  batchId: number;
  /** The month of the import (for closing a suspension the file resumes). */
  currentMonth: string;
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

const instrumentJson = (alias: string) =>
  sql.raw(`jsonb_build_object('channel', ${alias}.channel, 'providerCode', ${alias}.provider_code, 'accountNumber', ${alias}.account_number,
    'accountHolder', ${alias}.account_holder, 'holderKind', ${alias}.holder_kind)`);

async function count(executor: Executor, statement: SQL): Promise<number> {
  const row = await queryOne<{ count: number }>(executor, statement);
  return row?.count ?? 0;
}

/** Marks which staged row carries a person's fields (the first), and whether the actor may change them. */
async function preparePersons(executor: Executor, context: MergeContext): Promise<void> {
  await executor.execute(sql`
    UPDATE import_rows r SET first_of_person = (r.row_no = f.first_row)
    FROM (SELECT personal_id, min(row_no) AS first_row FROM import_rows WHERE NOT rejected GROUP BY personal_id) f
    WHERE f.personal_id = r.personal_id AND NOT r.rejected`);
  // Person fields (name, phone, residence) belong to the commune of residence: someone registered
  // elsewhere keeps them; this file then only adds the enrolment (with a warning).
  await executor.execute(sql`
    UPDATE import_rows r SET person_in_scope = (${inScope(context.actor.scope, { province: sql`p.province_code`, commune: sql`p.commune_code` })})
    FROM persons p WHERE p.id = r.person_id AND NOT r.rejected`);
}

async function mergePersons(executor: Executor, context: MergeContext): Promise<{ created: number; updated: number }> {
  const { actor, batchId } = context;
  const differs = sql`(p.full_name, p.name_folded, p.phone, p.address, p.commune_code, p.legacy_id) IS DISTINCT FROM
    (r.full_name, r.name_folded, COALESCE(r.phone, p.phone), COALESCE(r.address, p.address), r.commune_code, COALESCE(r.legacy_id, p.legacy_id))`;
  const updated = await count(
    executor,
    sql`
    WITH changed AS (
      SELECT r.row_no, p.id, ${personJson('p')} AS before
      FROM import_rows r JOIN persons p ON p.id = r.person_id
      WHERE NOT r.rejected AND r.first_of_person AND r.person_in_scope AND ${differs}
    ), updated AS (
      UPDATE persons p SET full_name = r.full_name, name_folded = r.name_folded, phone = COALESCE(r.phone, p.phone),
        address = COALESCE(r.address, p.address), commune_code = r.commune_code, province_code = r.province_code,
        legacy_id = COALESCE(r.legacy_id, p.legacy_id), version = p.version + 1, updated_at = now()
      FROM import_rows r WHERE r.row_no IN (SELECT row_no FROM changed) AND p.id = r.person_id
      RETURNING p.id, ${personJson('p')} AS after
    ), history AS (
      INSERT INTO registry_history (person_id, entity_type, entity_id, action, before, after, actor, import_batch_id, request_id)
      SELECT c.id, 'person', c.id, 'person.updated', c.before, u.after, ${actor.username}, ${batchId}, ${actor.requestId}
      FROM changed c JOIN updated u ON u.id = c.id
    ), marked AS (
      UPDATE import_rows SET changed = true WHERE row_no IN (SELECT row_no FROM changed)
    )
    SELECT count(*)::int AS count FROM changed`,
  );
  await executor.execute(sql`
    INSERT INTO persons (personal_id, legacy_id, full_name, name_folded, birth_date, sex, phone, province_code, commune_code, address)
    SELECT personal_id, legacy_id, full_name, name_folded, birth_date, sex, phone, province_code, commune_code, address
    FROM import_rows WHERE NOT rejected AND first_of_person AND person_id IS NULL`);
  await executor.execute(sql`
    UPDATE import_rows r SET person_id = p.id, person_is_new = true, person_in_scope = true, changed = r.first_of_person
    FROM persons p WHERE r.person_id IS NULL AND NOT r.rejected AND p.personal_id = r.personal_id`);
  const created = await count(
    executor,
    sql`
    WITH history AS (
      INSERT INTO registry_history (person_id, entity_type, entity_id, action, after, actor, import_batch_id, request_id)
      SELECT p.id, 'person', p.id, 'person.created', ${personJson('p')}, ${actor.username}, ${batchId}, ${actor.requestId}
      FROM import_rows r JOIN persons p ON p.id = r.person_id
      WHERE NOT r.rejected AND r.first_of_person AND r.person_is_new
      RETURNING 1
    ) SELECT count(*)::int AS count FROM history`,
  );
  return { created, updated };
}

async function mergeEnrolments(executor: Executor, context: MergeContext): Promise<{ created: number; updated: number }> {
  const { actor, batchId } = context;
  await executor.execute(sql`
    UPDATE import_rows r SET enrolment_id = e.id
    FROM enrolments e WHERE e.person_id = r.person_id AND e.category = r.category AND NOT r.rejected`);
  const differs = sql`(e.children_count, e.injury_rate, e.decision_number, e.decision_date, e.first_month, e.paid_through_month,
      e.status, e.status_reason, e.status_event_date, e.status_effective_month, e.commune_code)
    IS DISTINCT FROM (r.children_count, r.injury_rate, r.decision_number, r.decision_date, r.first_month,
      COALESCE(r.paid_through_month, e.paid_through_month), r.status, r.status_reason, r.event_date, r.status_effective_month, r.commune_code)`;
  const updated = await count(
    executor,
    sql`
    WITH changed AS (
      SELECT r.row_no, e.id, e.person_id, e.status AS old_status, ${enrolmentJson('e', 'status_event_date')} AS before
      FROM import_rows r JOIN enrolments e ON e.id = r.enrolment_id
      WHERE NOT r.rejected AND ${differs}
    ), updated AS (
      UPDATE enrolments e SET children_count = r.children_count, injury_rate = r.injury_rate, decision_number = r.decision_number,
        decision_date = r.decision_date, first_month = r.first_month, paid_through_month = COALESCE(r.paid_through_month, e.paid_through_month),
        status = r.status, status_reason = r.status_reason, status_event_date = r.event_date,
        status_effective_month = r.status_effective_month, commune_code = r.commune_code, province_code = r.province_code,
        version = e.version + 1, updated_at = now()
      FROM import_rows r WHERE r.row_no IN (SELECT row_no FROM changed) AND e.id = r.enrolment_id
      RETURNING e.id, ${enrolmentJson('e', 'status_event_date')} AS after
    ), history AS (
      INSERT INTO registry_history (person_id, entity_type, entity_id, action, before, after, actor, import_batch_id, request_id)
      SELECT c.person_id, 'enrolment', c.id, 'enrolment.updated', c.before, u.after, ${actor.username}, ${batchId}, ${actor.requestId}
      FROM changed c JOIN updated u ON u.id = c.id
    ), marked AS (
      UPDATE import_rows SET changed = true WHERE row_no IN (SELECT row_no FROM changed)
    )
    SELECT count(*)::int AS count FROM changed`,
  );
  const created = await count(
    executor,
    sql`
    WITH inserted AS (
      INSERT INTO enrolments (person_id, programme, category, children_count, injury_rate, decision_number, decision_date,
        first_month, paid_through_month, status, status_reason, status_event_date, status_effective_month, province_code, commune_code)
      SELECT person_id, programme, category, children_count, injury_rate, decision_number, decision_date, first_month,
        paid_through_month, status, status_reason, event_date, status_effective_month, province_code, commune_code
      FROM import_rows WHERE NOT rejected AND enrolment_id IS NULL
      RETURNING id, person_id, ${enrolmentJson('enrolments', 'status_event_date')} AS after
    ), history AS (
      INSERT INTO registry_history (person_id, entity_type, entity_id, action, after, actor, import_batch_id, request_id)
      SELECT person_id, 'enrolment', id, 'enrolment.created', after, ${actor.username}, ${batchId}, ${actor.requestId} FROM inserted
    )
    SELECT count(*)::int AS count FROM inserted`,
  );
  await executor.execute(sql`
    UPDATE import_rows r SET enrolment_id = e.id, enrolment_is_new = true, changed = true
    FROM enrolments e WHERE r.enrolment_id IS NULL AND NOT r.rejected AND e.person_id = r.person_id AND e.category = r.category`);
  await syncSuspensions(executor, context);
  return { created, updated };
}

/** A file that suspends opens a suspension period; a file that shows an active enrolment closes it. */
async function syncSuspensions(executor: Executor, context: MergeContext): Promise<void> {
  await executor.execute(sql`
    INSERT INTO enrolment_suspensions (enrolment_id, from_month, reason)
    SELECT e.id, e.status_effective_month, COALESCE(e.status_reason, 'KHONG_RO')
    FROM import_rows r JOIN enrolments e ON e.id = r.enrolment_id
    WHERE NOT r.rejected AND e.status = 'TAM_DUNG'
      AND NOT EXISTS (SELECT 1 FROM enrolment_suspensions s WHERE s.enrolment_id = e.id AND s.to_month IS NULL)`);
  await executor.execute(sql`
    UPDATE enrolment_suspensions s
    SET to_month = GREATEST(s.from_month, to_char(to_date(${context.currentMonth} || '-01', 'YYYY-MM-DD') - interval '1 month', 'YYYY-MM'))
    FROM import_rows r JOIN enrolments e ON e.id = r.enrolment_id
    WHERE s.enrolment_id = e.id AND s.to_month IS NULL AND NOT r.rejected AND e.status <> 'TAM_DUNG'`);
}

async function mergeRepresentatives(executor: Executor, context: MergeContext): Promise<number> {
  const { actor, batchId } = context;
  await executor.execute(sql`
    CREATE TEMP TABLE import_reps ON COMMIT DROP AS
    SELECT DISTINCT ON (person_id) person_id, rep_kind, rep_full_name, rep_name_folded, rep_personal_id, rep_relationship, rep_valid_until
    FROM import_rows WHERE NOT rejected AND rep_kind IS NOT NULL AND (person_in_scope OR person_is_new)
    ORDER BY person_id, row_no`);
  await executor.execute(sql`ANALYZE import_reps`);
  // People whose representative changed in this import (to mark their rows as changed).
  await executor.execute(sql`CREATE TEMP TABLE import_reps_changed (person_id bigint PRIMARY KEY) ON COMMIT DROP`);
  const updated = await count(
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
  const replaced = await count(
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
    UPDATE import_rows r SET changed = true FROM import_reps_changed c
    WHERE c.person_id = r.person_id AND NOT r.rejected AND r.first_of_person AND NOT r.changed`);
  return updated + replaced + created;
}

/**
 * A new enrolment gets its instrument directly (collected, to be verified). A different account on
 * an existing enrolment is the easiest way to steal a beneficiary's money, so it becomes a
 * proposal that another user must approve — never a change.
 */
async function mergeInstruments(executor: Executor, context: MergeContext): Promise<{ created: number; proposals: number }> {
  const { actor, batchId } = context;
  const representativeId = sql`(SELECT rep.id FROM representatives rep WHERE rep.person_id = r.person_id AND rep.active AND r.holder_kind = 'REPRESENTATIVE')`;
  const created = await count(
    executor,
    sql`
    WITH inserted AS (
      INSERT INTO payment_instruments (enrolment_id, person_id, channel, provider_code, account_number, account_holder, holder_folded,
        holder_kind, representative_id, effective_month, province_code, commune_code)
      SELECT r.enrolment_id, r.person_id, r.channel, r.provider_code, r.account_number, r.account_holder, r.holder_folded,
        r.holder_kind, ${representativeId}, r.first_month, r.province_code, r.commune_code
      FROM import_rows r
      WHERE NOT r.rejected AND NOT EXISTS (SELECT 1 FROM payment_instruments i WHERE i.enrolment_id = r.enrolment_id AND i.active)
      RETURNING id, person_id, enrolment_id, ${instrumentJson('payment_instruments')} AS after
    ), history AS (
      INSERT INTO registry_history (person_id, entity_type, entity_id, action, after, actor, import_batch_id, request_id)
      SELECT person_id, 'instrument', id, 'instrument.created', after, ${actor.username}, ${batchId}, ${actor.requestId} FROM inserted
    ), marked AS (
      -- rows of new enrolments are already marked; this catches an existing enrolment without instrument
      UPDATE import_rows SET changed = true WHERE NOT changed AND enrolment_id IN (SELECT enrolment_id FROM inserted)
    )
    SELECT count(*)::int AS count FROM inserted`,
  );
  const differs = sql`(i.channel, i.provider_code, COALESCE(i.account_number, ''), COALESCE(i.holder_folded, ''))
    IS DISTINCT FROM (r.channel, r.provider_code, COALESCE(r.account_number, ''), COALESCE(r.holder_folded, ''))`;
  const samePending = sql`EXISTS (SELECT 1 FROM instrument_proposals q WHERE q.enrolment_id = r.enrolment_id AND q.status = 'PENDING'
    AND (q.channel, q.provider_code, COALESCE(q.account_number, ''), COALESCE(q.holder_folded, '')) =
        (r.channel, r.provider_code, COALESCE(r.account_number, ''), COALESCE(r.holder_folded, '')))`;
  // An older pending proposal for the enrolment is replaced by the file's newer one.
  await executor.execute(sql`
    UPDATE instrument_proposals q SET status = 'CANCELLED', decided_at = now(), decided_by = ${actor.username},
      decision_reason = 'Thay bằng đề xuất mới từ tệp nhập / replaced by a newer proposal from an import'
    FROM import_rows r JOIN payment_instruments i ON i.enrolment_id = r.enrolment_id AND i.active
    WHERE q.enrolment_id = r.enrolment_id AND q.status = 'PENDING' AND NOT r.rejected AND ${differs} AND NOT ${samePending}`);
  const proposals = await count(
    executor,
    sql`
    WITH inserted AS (
      INSERT INTO instrument_proposals (enrolment_id, person_id, channel, provider_code, account_number, account_holder, holder_folded,
        holder_kind, representative_id, effective_month, source, previous_instrument_id, proposed_by, proposed_by_user_id,
        import_batch_id, province_code, commune_code)
      SELECT r.enrolment_id, r.person_id, r.channel, r.provider_code, r.account_number, r.account_holder, r.holder_folded,
        r.holder_kind, ${representativeId}, NULL, 'IMPORT', i.id, ${actor.username}, ${actor.userId}, ${batchId}, r.province_code, r.commune_code
      FROM import_rows r JOIN payment_instruments i ON i.enrolment_id = r.enrolment_id AND i.active
      WHERE NOT r.rejected AND ${differs} AND NOT ${samePending}
      ORDER BY r.row_no
      RETURNING id, person_id, enrolment_id, ${instrumentJson('instrument_proposals')} AS after
    ), history AS (
      INSERT INTO registry_history (person_id, entity_type, entity_id, action, after, actor, import_batch_id, request_id)
      SELECT person_id, 'proposal', id, 'instrument.proposed', after, ${actor.username}, ${batchId}, ${actor.requestId} FROM inserted
    ), marked AS (
      UPDATE import_rows SET changed = true WHERE enrolment_id IN (SELECT enrolment_id FROM inserted)
    )
    SELECT count(*)::int AS count FROM inserted`,
  );
  return { created, proposals };
}

export async function mergeIntoRegistry(executor: Executor, context: MergeContext): Promise<MergeCounts> {
  await profiled('merge: prepare persons', () => preparePersons(executor, context));
  const persons = await profiled('merge: persons', () => mergePersons(executor, context));
  const enrolments = await profiled('merge: enrolments', () => mergeEnrolments(executor, context));
  const representativesChanged = await profiled('merge: representatives', () => mergeRepresentatives(executor, context));
  const instruments = await profiled('merge: instruments', () => mergeInstruments(executor, context));
  const unchangedRows = await count(executor, sql`SELECT count(*)::int AS count FROM import_rows WHERE NOT rejected AND NOT changed`);
  return {
    personsCreated: persons.created,
    personsUpdated: persons.updated,
    enrolmentsCreated: enrolments.created,
    enrolmentsUpdated: enrolments.updated,
    representativesChanged,
    instrumentsCreated: instruments.created,
    proposals: instruments.proposals,
    unchangedRows,
  };
}
