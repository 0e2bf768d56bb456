import { sql, type SQL } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import type { InstrumentRow, PendingProposalRow } from '../registry/ports.js';
import { providersRelation } from '../units/units.service.js';

/**
 * The SQL behind what the accounts module provides to the registry (registry/ports.ts): the
 * instruments and proposals its pages show, and the instruments and proposals an import writes,
 * set-based from the import's source relation of staged rows (alias `s`).
 */

export const activeInstrumentsRelation = (): SQL =>
  sql`(SELECT person_id, enrolment_id, channel, provider_code, account_number, holder_kind, representative_id FROM payment_instruments WHERE active)`;

export async function listInstruments(executor: Executor, personId: number): Promise<InstrumentRow[]> {
  return queryRows<InstrumentRow>(
    executor,
    sql`SELECT i.id::int AS id, i.enrolment_id::int AS "enrolmentId", i.channel, i.provider_code AS "providerCode",
               pr.short_name AS "providerName", i.account_number AS "accountNumber", i.account_holder AS "accountHolder",
               i.holder_kind AS "holderKind", i.verification, i.verification_note AS "verificationNote",
               i.verified_at::text AS "verifiedAt", i.needs_reverification AS "needsReverification", i.active,
               i.created_at::text AS "createdAt", i.superseded_at::text AS "supersededAt"
        FROM payment_instruments i LEFT JOIN ${providersRelation()} pr ON pr.code = i.provider_code
        WHERE i.person_id = ${personId} ORDER BY i.active DESC, i.id DESC`,
  );
}

export async function listPendingProposals(executor: Executor, personId: number): Promise<PendingProposalRow[]> {
  return queryRows<PendingProposalRow>(
    executor,
    sql`SELECT id::int AS id, enrolment_id::int AS "enrolmentId", channel, provider_code AS "providerCode", account_number AS "accountNumber",
               account_holder AS "accountHolder", source, proposed_by AS "proposedBy", proposed_at::text AS "proposedAt"
        FROM instrument_proposals WHERE person_id = ${personId} AND status = 'PENDING' ORDER BY id`,
  );
}

const instrumentJson = (alias: string) =>
  sql.raw(`jsonb_build_object('channel', ${alias}.channel, 'providerCode', ${alias}.provider_code, 'accountNumber', ${alias}.account_number,
    'accountHolder', ${alias}.account_holder, 'holderKind', ${alias}.holder_kind)`);

const instrumentColumns = sql`enrolment_id, person_id, channel, provider_code, account_number, account_holder, holder_folded,
    holder_kind, representative_id, effective_month, province_code, commune_code`;

const sourceValues = sql`s.enrolment_id, s.person_id, s.channel, s.provider_code, s.account_number, s.account_holder, s.holder_folded,
    s.holder_kind, s.representative_id, s.effective_month, s.province_code, s.commune_code`;

async function count(executor: Executor, statement: SQL): Promise<number> {
  const row = await queryOne<{ count: number }>(executor, statement);
  return row?.count ?? 0;
}

/** New enrolments: their instrument as the file gave it, in enrolment order (the indexes grow at their right edge). */
export async function insertInstrumentsOfNewEnrolments(executor: Executor, source: SQL): Promise<number> {
  return count(
    executor,
    sql`
    WITH inserted AS (
      INSERT INTO payment_instruments (${instrumentColumns})
      SELECT ${sourceValues} FROM ${source} s WHERE s.enrolment_is_new ORDER BY s.enrolment_id
      RETURNING 1
    )
    SELECT count(*)::int AS count FROM inserted`,
  );
}

/**
 * What an import wrote on registered enrolments, for the registry's history: kept until the
 * import's transaction ends.
 */
export async function createImportWrites(executor: Executor): Promise<void> {
  await executor.execute(sql`
    CREATE TEMP TABLE import_instrument_writes (
      kind text NOT NULL, id bigint NOT NULL, person_id bigint NOT NULL, enrolment_id bigint NOT NULL, after jsonb NOT NULL
    ) ON COMMIT DROP`);
}

export const importWritesRelation = (): SQL => sql`(SELECT kind, id, person_id, enrolment_id, after FROM import_instrument_writes)`;

/** A registered enrolment that had no active instrument gets the file's. */
export async function insertInstrumentsOfRegisteredEnrolments(executor: Executor, source: SQL): Promise<number> {
  return count(
    executor,
    sql`
    WITH inserted AS (
      INSERT INTO payment_instruments (${instrumentColumns})
      SELECT ${sourceValues} FROM ${source} s
      WHERE NOT s.enrolment_is_new AND NOT EXISTS (SELECT 1 FROM payment_instruments i WHERE i.enrolment_id = s.enrolment_id AND i.active)
      RETURNING id, person_id, enrolment_id, ${instrumentJson('payment_instruments')} AS after
    ), written AS (
      INSERT INTO import_instrument_writes (kind, id, person_id, enrolment_id, after)
      SELECT 'instrument', id, person_id, enrolment_id, after FROM inserted
    )
    SELECT count(*)::int AS count FROM inserted`,
  );
}

/** The file's account differs from the active instrument's. */
const differs = sql`(i.channel, i.provider_code, COALESCE(i.account_number, ''), COALESCE(i.holder_folded, ''))
    IS DISTINCT FROM (s.channel, s.provider_code, COALESCE(s.account_number, ''), COALESCE(s.holder_folded, ''))`;

/** The same change already waits for a decision. */
const samePending = sql`EXISTS (SELECT 1 FROM instrument_proposals q WHERE q.enrolment_id = s.enrolment_id AND q.status = 'PENDING'
    AND (q.channel, q.provider_code, COALESCE(q.account_number, ''), COALESCE(q.holder_folded, '')) =
        (s.channel, s.provider_code, COALESCE(s.account_number, ''), COALESCE(s.holder_folded, '')))`;

/** An older pending proposal for the enrolment is replaced by the file's newer one. */
export async function cancelProposalsReplacedByImport(executor: Executor, source: SQL, decidedBy: string): Promise<void> {
  await executor.execute(sql`
    UPDATE instrument_proposals q SET status = 'CANCELLED', decided_at = now(), decided_by = ${decidedBy},
      decision_reason = 'Thay bằng đề xuất mới từ tệp nhập / replaced by a newer proposal from an import'
    FROM ${source} s JOIN payment_instruments i ON i.enrolment_id = s.enrolment_id AND i.active
    WHERE q.enrolment_id = s.enrolment_id AND q.status = 'PENDING' AND NOT s.enrolment_is_new AND ${differs} AND NOT ${samePending}`);
}

/** A different account on a registered enrolment: a proposal another user must approve. */
export async function insertProposalsOfImport(
  executor: Executor,
  source: SQL,
  batch: { batchId: number; actor: { username: string; userId: number | null } },
): Promise<number> {
  return count(
    executor,
    sql`
    WITH inserted AS (
      INSERT INTO instrument_proposals (enrolment_id, person_id, channel, provider_code, account_number, account_holder, holder_folded,
        holder_kind, representative_id, effective_month, source, previous_instrument_id, proposed_by, proposed_by_user_id,
        import_batch_id, province_code, commune_code)
      SELECT s.enrolment_id, s.person_id, s.channel, s.provider_code, s.account_number, s.account_holder, s.holder_folded,
        s.holder_kind, s.representative_id, NULL, 'IMPORT', i.id, ${batch.actor.username}, ${batch.actor.userId}, ${batch.batchId},
        s.province_code, s.commune_code
      FROM ${source} s JOIN payment_instruments i ON i.enrolment_id = s.enrolment_id AND i.active
      WHERE NOT s.enrolment_is_new AND ${differs} AND NOT ${samePending}
      RETURNING id, person_id, enrolment_id, ${instrumentJson('instrument_proposals')} AS after
    ), written AS (
      INSERT INTO import_instrument_writes (kind, id, person_id, enrolment_id, after)
      SELECT 'proposal', id, person_id, enrolment_id, after FROM inserted
    )
    SELECT count(*)::int AS count FROM inserted`,
  );
}

export async function analyzeInstruments(executor: Executor): Promise<void> {
  await executor.execute(sql`ANALYZE payment_instruments`);
}
