import { sql, type SQL } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import type { ImportAccountsDecision, ImportAccountSummary, InstrumentRow, PendingProposalRow } from '../registry/ports.js';
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

/**
 * New enrolments paid in cash (no account): their instrument as the file gave it, in enrolment
 * order (the indexes grow at their right edge). An account is never written here: it waits for
 * the batch's approval as a proposal (insertProposalsOfNewEnrolments).
 */
export async function insertInstrumentsOfNewEnrolments(executor: Executor, source: SQL, batchId: number): Promise<number> {
  return count(
    executor,
    sql`
    WITH inserted AS (
      INSERT INTO payment_instruments (${instrumentColumns}, import_batch_id)
      SELECT ${sourceValues}, ${batchId} FROM ${source} s WHERE s.enrolment_is_new AND s.account_number IS NULL ORDER BY s.enrolment_id
      RETURNING 1
    )
    SELECT count(*)::int AS count FROM inserted`,
  );
}

const proposalColumns = sql`enrolment_id, person_id, channel, provider_code, account_number, account_holder, holder_folded,
    holder_kind, representative_id, effective_month, source, previous_instrument_id, proposed_by, proposed_by_user_id,
    import_batch_id, province_code, commune_code`;

/** New enrolments with an account: a proposal of the batch each, paid only once the batch is approved. */
export async function insertProposalsOfNewEnrolments(
  executor: Executor,
  source: SQL,
  batch: { batchId: number; actor: { username: string; userId: number | null } },
): Promise<number> {
  return count(
    executor,
    sql`
    WITH inserted AS (
      INSERT INTO instrument_proposals (${proposalColumns})
      SELECT s.enrolment_id, s.person_id, s.channel, s.provider_code, s.account_number, s.account_holder, s.holder_folded,
        s.holder_kind, s.representative_id, s.effective_month, 'IMPORT', NULL, ${batch.actor.username}, ${batch.actor.userId}, ${batch.batchId},
        s.province_code, s.commune_code
      FROM ${source} s WHERE s.enrolment_is_new AND s.account_number IS NOT NULL ORDER BY s.enrolment_id
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

/** A registered enrolment that had no active instrument gets the file's cash instrument (an account is a proposal). */
export async function insertInstrumentsOfRegisteredEnrolments(executor: Executor, source: SQL, batchId: number): Promise<number> {
  return count(
    executor,
    sql`
    WITH inserted AS (
      INSERT INTO payment_instruments (${instrumentColumns}, import_batch_id)
      SELECT ${sourceValues}, ${batchId} FROM ${source} s
      WHERE NOT s.enrolment_is_new AND s.account_number IS NULL
        AND NOT EXISTS (SELECT 1 FROM payment_instruments i WHERE i.enrolment_id = s.enrolment_id AND i.active)
      RETURNING id, person_id, enrolment_id, ${instrumentJson('payment_instruments')} AS after
    ), written AS (
      INSERT INTO import_instrument_writes (kind, id, person_id, enrolment_id, after)
      SELECT 'instrument', id, person_id, enrolment_id, after FROM inserted
    )
    SELECT count(*)::int AS count FROM inserted`,
  );
}

/** The file's account differs from the active instrument's (or there is none: `i` is left-joined). */
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
    FROM ${source} s LEFT JOIN payment_instruments i ON i.enrolment_id = s.enrolment_id AND i.active
    WHERE q.enrolment_id = s.enrolment_id AND q.status = 'PENDING' AND NOT s.enrolment_is_new AND ${differs} AND NOT ${samePending}`);
}

/**
 * A different account on a registered enrolment, or an account for one that had no active
 * instrument: a proposal of the batch, decided with it.
 */
export async function insertProposalsOfImport(
  executor: Executor,
  source: SQL,
  batch: { batchId: number; actor: { username: string; userId: number | null } },
): Promise<number> {
  return count(
    executor,
    sql`
    WITH inserted AS (
      INSERT INTO instrument_proposals (${proposalColumns})
      SELECT s.enrolment_id, s.person_id, s.channel, s.provider_code, s.account_number, s.account_holder, s.holder_folded,
        s.holder_kind, s.representative_id, NULL, 'IMPORT', i.id, ${batch.actor.username}, ${batch.actor.userId}, ${batch.batchId},
        s.province_code, s.commune_code
      FROM ${source} s LEFT JOIN payment_instruments i ON i.enrolment_id = s.enrolment_id AND i.active
      WHERE NOT s.enrolment_is_new AND (i.id IS NOT NULL OR s.account_number IS NOT NULL) AND ${differs} AND NOT ${samePending}
      RETURNING id, person_id, enrolment_id, ${instrumentJson('instrument_proposals')} AS after
    ), written AS (
      INSERT INTO import_instrument_writes (kind, id, person_id, enrolment_id, after)
      SELECT 'proposal', id, person_id, enrolment_id, after FROM inserted
    )
    SELECT count(*)::int AS count FROM inserted`,
  );
}

/** The account changes an import wrote (its pending proposals) and the smallest locality holding them all. */
export async function importAccountSummary(executor: Executor, batchId: number): Promise<ImportAccountSummary> {
  const row = await queryOne<ImportAccountSummary>(
    executor,
    sql`SELECT count(*)::int AS count,
               CASE WHEN count(DISTINCT province_code) = 1 THEN min(province_code) END AS "provinceCode",
               CASE WHEN count(DISTINCT commune_code) = 1 THEN min(commune_code) END AS "communeCode"
        FROM instrument_proposals WHERE import_batch_id = ${batchId} AND status = 'PENDING'`,
  );
  return row ?? { count: 0, provinceCode: null, communeCode: null };
}

/**
 * Approves every pending proposal of the batch at once (the batch itself must already be approved:
 * the database refuses otherwise). The proposals' own UPDATE takes their row locks and re-reads
 * their status, so a proposal another decision closed meanwhile is not activated.
 */
export async function approveImportProposals(executor: Executor, decision: ImportAccountsDecision): Promise<number> {
  await executor.execute(sql`
    CREATE TEMP TABLE import_approval (
      id bigint PRIMARY KEY, enrolment_id bigint NOT NULL, person_id bigint NOT NULL, channel text NOT NULL, provider_code text NOT NULL,
      account_number text, account_holder text, holder_folded text, holder_kind text NOT NULL, representative_id bigint,
      effective_month text, province_code text NOT NULL, commune_code text NOT NULL
    ) ON COMMIT DROP`);
  return count(
    executor,
    sql`
    WITH approved AS (
      UPDATE instrument_proposals SET status = 'APPROVED', decided_by = ${decision.actor.username}, decided_by_user_id = ${decision.actor.userId}, decided_at = now()
      WHERE import_batch_id = ${decision.batchId} AND status = 'PENDING'
      RETURNING id, enrolment_id, person_id, channel, provider_code, account_number, account_holder, holder_folded, holder_kind,
                representative_id, effective_month, province_code, commune_code
    ), kept AS (
      INSERT INTO import_approval SELECT * FROM approved RETURNING 1
    )
    SELECT count(*)::int AS count FROM kept`,
  );
}

/** The instruments the batch's approved accounts replace stop being paid (kept, for their history). */
export async function supersedeInstrumentsOfApproval(executor: Executor): Promise<number> {
  await executor.execute(sql`CREATE TEMP TABLE import_replaced (enrolment_id bigint PRIMARY KEY, before jsonb NOT NULL) ON COMMIT DROP`);
  return count(
    executor,
    sql`
    WITH replaced AS (
      UPDATE payment_instruments i SET active = false, superseded_at = now()
      FROM import_approval a WHERE i.enrolment_id = a.enrolment_id AND i.active
      RETURNING i.enrolment_id, ${instrumentJson('i')} AS before
    ), kept AS (
      INSERT INTO import_replaced SELECT enrolment_id, before FROM replaced RETURNING 1
    )
    SELECT count(*)::int AS count FROM kept`,
  );
}

/**
 * The approved accounts become the active instruments, in enrolment order; those that replaced an
 * instrument are kept for the registry's history (`importApprovalChangesRelation`).
 */
export async function insertInstrumentsOfApproval(executor: Executor, decision: ImportAccountsDecision): Promise<number> {
  await executor.execute(sql`
    CREATE TEMP TABLE import_approval_changes (person_id bigint NOT NULL, id bigint NOT NULL, before jsonb NOT NULL, after jsonb NOT NULL) ON COMMIT DROP`);
  return count(
    executor,
    sql`
    WITH inserted AS (
      INSERT INTO payment_instruments (${instrumentColumns}, import_batch_id)
      SELECT a.enrolment_id, a.person_id, a.channel, a.provider_code, a.account_number, a.account_holder, a.holder_folded,
             a.holder_kind, a.representative_id, COALESCE(a.effective_month, ${decision.effectiveMonth}), a.province_code, a.commune_code, ${decision.batchId}
      FROM import_approval a ORDER BY a.enrolment_id
      RETURNING id, person_id, enrolment_id, ${instrumentJson('payment_instruments')} AS after
    ), changes AS (
      INSERT INTO import_approval_changes (person_id, id, before, after)
      SELECT n.person_id, n.id, r.before, n.after FROM inserted n JOIN import_replaced r USING (enrolment_id)
    )
    SELECT count(*)::int AS count FROM inserted`,
  );
}

export const importApprovalChangesRelation = (): SQL => sql`(SELECT person_id, id, before, after FROM import_approval_changes)`;

/** Rejects every pending proposal of the batch: none of its accounts is ever paid. */
export async function rejectImportProposals(executor: Executor, decision: ImportAccountsDecision & { reason: string }): Promise<number> {
  return count(
    executor,
    sql`
    WITH rejected AS (
      UPDATE instrument_proposals SET status = 'REJECTED', decided_by = ${decision.actor.username}, decided_by_user_id = ${decision.actor.userId},
        decided_at = now(), decision_reason = ${decision.reason}
      WHERE import_batch_id = ${decision.batchId} AND status = 'PENDING'
      RETURNING 1
    )
    SELECT count(*)::int AS count FROM rejected`,
  );
}

/**
 * The batch's account changes (its proposals, whatever their status), each next to the instrument
 * in use when the file was imported (`old_*`, null when there was none).
 */
export const importAccountChangesRelation = (batchId: number): SQL => sql`(
  SELECT q.id, q.person_id, q.enrolment_id, q.province_code, q.commune_code, q.status, q.channel, q.provider_code, q.account_number, q.account_holder,
         o.channel AS old_channel, o.provider_code AS old_provider_code, o.account_number AS old_account_number, o.account_holder AS old_account_holder
  FROM instrument_proposals q LEFT JOIN payment_instruments o ON o.id = q.previous_instrument_id
  WHERE q.import_batch_id = ${batchId})`;

export async function analyzeInstruments(executor: Executor): Promise<void> {
  await executor.execute(sql`ANALYZE payment_instruments`);
}
