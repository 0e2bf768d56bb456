import { sql, type SQL } from 'drizzle-orm';
import { arrayParam, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Scope } from '../access/scope.js';
import { populationChecksRelation } from '../population/population.service.js';
import { enrolmentsRelation, personsRelation, representativesRelation } from '../registry/registry.service.js';
import { accountChannels } from '../rules/categories.js';

/**
 * The SQL of account verification (`payment_instruments`), reading the registry's people,
 * enrolments and representatives and the population checks through their relations.
 */

export type Verification = 'COLLECTED' | 'ID_VERIFIED' | 'ACCOUNT_VERIFIED' | 'REJECTED';

export interface Candidate {
  id: number;
  personId: number;
  providerCode: string;
  accountNumber: string;
  holderKind: 'SELF' | 'REPRESENTATIVE';
  verification: Verification;
  verificationNote: string | null;
  needsReverification: boolean;
  personName: string;
  /** The holder's representative when the account is theirs and they still act (null otherwise). */
  representativeName: string | null;
  /** The person's latest conclusive population check (ERROR rows say nothing and are skipped). */
  identityOutcome: string | null;
}

/**
 * The next keyset batch: active account instruments (bank, wallet, Mobile Money) paid in the
 * scope, of enrolments not terminated, not yet account-verified or flagged for re-verification.
 * The scope applies to the instrument's own locality, the commune responsible for paying it.
 */
export async function selectCandidates(executor: Executor, scope: Scope, afterId: number, today: string, limit: number): Promise<Candidate[]> {
  return queryRows<Candidate>(
    executor,
    sql`
    SELECT i.id::int AS id, i.person_id::int AS "personId", i.provider_code AS "providerCode", i.account_number AS "accountNumber",
           i.holder_kind AS "holderKind", i.verification, i.verification_note AS "verificationNote",
           i.needs_reverification AS "needsReverification", p.full_name AS "personName", rep.full_name AS "representativeName",
           (SELECT c.outcome FROM ${populationChecksRelation()} c WHERE c.person_id = i.person_id AND c.outcome <> 'ERROR'
            ORDER BY c.checked_at DESC, c.id DESC LIMIT 1) AS "identityOutcome"
    FROM payment_instruments i
    JOIN ${personsRelation()} p ON p.id = i.person_id
    JOIN ${enrolmentsRelation()} e ON e.id = i.enrolment_id AND e.status <> 'THOI_HUONG'
    LEFT JOIN LATERAL (
      SELECT r.full_name FROM ${representativesRelation()} r
      WHERE i.holder_kind = 'REPRESENTATIVE' AND r.person_id = i.person_id AND r.active
        AND (i.representative_id IS NULL OR r.id = i.representative_id)
        AND (r.valid_until IS NULL OR r.valid_until >= ${today}::date)
      ORDER BY r.id DESC LIMIT 1
    ) rep ON true
    WHERE i.id > ${afterId} AND i.active AND i.account_number IS NOT NULL
      AND i.channel = ANY(${arrayParam(accountChannels)}::text[])
      AND (i.verification <> 'ACCOUNT_VERIFIED' OR i.needs_reverification)
      AND ${inScope(scope, { province: sql`i.province_code`, commune: sql`i.commune_code` })}
    ORDER BY i.id
    LIMIT ${limit}`,
  );
}

/** One instrument's new state; `definite` clears needs_reverification (the bank answered). */
export interface VerificationChange {
  candidate: Candidate;
  verification: Verification;
  note: string | null;
  definite: boolean;
  inquiry: string | null;
}

/** An instrument changed by `applyVerificationChanges`, with its state before and after (jsonb objects). */
export interface VerifiedInstrument {
  id: number;
  personId: number;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * Applies a batch's changes in one statement. An instrument superseded or re-verified meanwhile
 * (no longer active, or another state) is left alone: the guard on the previous state makes a
 * concurrent run harmless. Returns the instruments changed, for their history.
 */
export async function applyVerificationChanges(executor: Executor, changes: readonly VerificationChange[], run: { runId: string; at: string }): Promise<VerifiedInstrument[]> {
  const column = <T>(pick: (change: VerificationChange) => T) => arrayParam(changes.map(pick));
  return queryRows<VerifiedInstrument>(
    executor,
    sql`
    WITH input AS (
      SELECT * FROM unnest(
        ${column((c) => c.candidate.id)}::bigint[], ${column((c) => c.candidate.verification)}::text[],
        ${column((c) => c.candidate.verificationNote)}::text[], ${column((c) => c.candidate.needsReverification)}::boolean[],
        ${column((c) => c.verification)}::text[], ${column((c) => c.note)}::text[],
        ${column((c) => c.definite)}::boolean[], ${column((c) => c.inquiry)}::text[]
      ) AS t(id, old_verification, old_note, old_needs, verification, note, definite, inquiry)
    )
    UPDATE payment_instruments i
    SET verification = t.verification, verification_note = t.note, verified_at = ${run.at}::timestamptz,
        needs_reverification = CASE WHEN t.definite THEN false ELSE i.needs_reverification END
    FROM input t
    WHERE i.id = t.id AND i.active AND i.verification = t.old_verification
    RETURNING i.id::int AS id, i.person_id::int AS "personId",
              jsonb_build_object('verification', t.old_verification, 'note', t.old_note, 'needsReverification', t.old_needs) AS before,
              jsonb_build_object('verification', i.verification, 'note', i.verification_note, 'needsReverification', i.needs_reverification,
                                 'inquiry', t.inquiry, 'runId', ${run.runId}::text) AS after`,
  );
}

/** The registry_history rows of verified instruments, as a source relation for the registry's `insertHistoryFrom`. */
export function verificationHistorySource(instruments: readonly VerifiedInstrument[], actor: { username: string; requestId: string }): SQL {
  return sql`(SELECT t.person_id, 'instrument' AS entity_type, t.id AS entity_id, 'instrument.verification' AS action, t.before, t.after,
                     ${actor.username}::text AS actor, ${actor.requestId}::text AS request_id
              FROM unnest(${arrayParam(instruments.map((i) => i.personId))}::bigint[], ${arrayParam(instruments.map((i) => i.id))}::bigint[],
                          ${arrayParam(instruments.map((i) => JSON.stringify(i.before)))}::jsonb[],
                          ${arrayParam(instruments.map((i) => JSON.stringify(i.after)))}::jsonb[]) AS t(person_id, id, before, after))`;
}
