import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Scope } from '../access/scope.js';
import { populationChecksRelation } from '../population/population.service.js';
import { enrolmentsRelation, personsRelation } from '../registry/registry.service.js';

/**
 * The SQL of account changes (`instrument_proposals`) and of the instruments an approval writes
 * (`payment_instruments`), reading the registry's people and enrolments and the population
 * checks through their relations.
 */

export interface ActiveInstrument {
  id: number;
  channel: string;
  provider_code: string;
  account_number: string | null;
  holder_folded: string | null;
}

/** The enrolment's active instrument, locked for the change. */
export async function lockActiveInstrument(executor: Executor, enrolmentId: number): Promise<ActiveInstrument | undefined> {
  return queryOne<ActiveInstrument>(
    executor,
    sql`SELECT id::int AS id, channel, provider_code, account_number, holder_folded FROM payment_instruments WHERE enrolment_id = ${enrolmentId} AND active FOR UPDATE`,
  );
}

/** A newer proposal replaces a pending one (only one waits per enrolment). */
export async function cancelPendingProposals(executor: Executor, enrolmentId: number, decidedBy: string): Promise<void> {
  await executor.execute(sql`UPDATE instrument_proposals SET status = 'CANCELLED', decided_at = now(), decided_by = ${decidedBy},
                               decision_reason = 'Thay bằng đề xuất mới / replaced by a newer proposal'
                             WHERE enrolment_id = ${enrolmentId} AND status = 'PENDING'`);
}

export interface NewProposal {
  enrolmentId: number;
  personId: number;
  channel: string;
  providerCode: string;
  accountNumber: string | null;
  accountHolder: string | null;
  holderFolded: string | null;
  holderKind: 'SELF' | 'REPRESENTATIVE';
  representativeId: number | null;
  source: string;
  previousInstrumentId: number | null;
  proposedBy: string;
  proposedByUserId: number | null;
  provinceCode: string;
  communeCode: string;
}

export async function insertProposal(executor: Executor, proposal: NewProposal): Promise<number> {
  const row = await queryOne<{ id: string }>(
    executor,
    sql`INSERT INTO instrument_proposals (enrolment_id, person_id, channel, provider_code, account_number, account_holder, holder_folded, holder_kind,
          representative_id, source, previous_instrument_id, proposed_by, proposed_by_user_id, province_code, commune_code)
        VALUES (${proposal.enrolmentId}, ${proposal.personId}, ${proposal.channel}, ${proposal.providerCode}, ${proposal.accountNumber}, ${proposal.accountHolder},
          ${proposal.holderFolded}, ${proposal.holderKind}, ${proposal.representativeId}, ${proposal.source}, ${proposal.previousInstrumentId},
          ${proposal.proposedBy}, ${proposal.proposedByUserId}, ${proposal.provinceCode}, ${proposal.communeCode})
        RETURNING id`,
  );
  return Number(row!.id);
}

/** The account inquiry's answer, next to the proposals still pending. */
export async function saveProposalVerification(executor: Executor, proposalIds: readonly number[], verification: unknown): Promise<void> {
  await executor.execute(sql`UPDATE instrument_proposals SET verification = ${JSON.stringify(verification)}::jsonb
                             WHERE id = ANY(${sql.param(proposalIds)}::bigint[]) AND status = 'PENDING'`);
}

export interface ProposalRow {
  id: number;
  enrolmentId: number;
  personId: number;
  status: string;
  channel: string;
  providerCode: string;
  accountNumber: string | null;
  accountHolder: string | null;
  holderFolded: string | null;
  holderKind: string;
  representativeId: number | null;
  verification: { status?: string; accountName?: string | null; nameMatches?: boolean } | null;
  proposedBy: string;
  proposedByUserId: number | null;
  previousInstrumentId: number | null;
  provinceCode: string;
  communeCode: string;
  /** An import's proposal is decided with its batch, never alone. */
  importBatchId: number | null;
}

/** A proposal of the scope, locked for the decision. */
export async function lockProposalInScope(executor: Executor, scope: Scope, proposalId: number): Promise<ProposalRow | undefined> {
  return queryOne<ProposalRow>(
    executor,
    sql`SELECT id::int AS id, enrolment_id::int AS "enrolmentId", person_id::int AS "personId", status, channel, provider_code AS "providerCode",
               account_number AS "accountNumber", account_holder AS "accountHolder", holder_folded AS "holderFolded", holder_kind AS "holderKind",
               representative_id::int AS "representativeId", verification, proposed_by AS "proposedBy", proposed_by_user_id AS "proposedByUserId",
               previous_instrument_id::int AS "previousInstrumentId", province_code AS "provinceCode", commune_code AS "communeCode",
               import_batch_id::int AS "importBatchId"
        FROM instrument_proposals q
        WHERE q.id = ${proposalId} AND ${inScope(scope, { province: sql`q.province_code`, commune: sql`q.commune_code` })}
        FOR UPDATE`,
  );
}

/** The outcome of the person's latest conclusive population check (ERROR rows say nothing), if any. */
export async function latestIdentityOutcome(executor: Executor, personId: number): Promise<string | null> {
  const row = await queryOne<{ outcome: string }>(
    executor,
    sql`SELECT c.outcome FROM ${populationChecksRelation()} c WHERE c.person_id = ${personId} AND c.outcome <> 'ERROR' ORDER BY c.checked_at DESC, c.id DESC LIMIT 1`,
  );
  return row?.outcome ?? null;
}

/** Ends the enrolment's active instrument; returns it (none for a first instrument). */
export async function supersedeActiveInstrument(
  executor: Executor,
  enrolmentId: number,
): Promise<{ id: number; channel: string; provider_code: string; account_number: string | null } | undefined> {
  return queryOne(
    executor,
    sql`UPDATE payment_instruments SET active = false, superseded_at = now() WHERE enrolment_id = ${enrolmentId} AND active
        RETURNING id::int AS id, channel, provider_code, account_number`,
  );
}

/** The approved proposal's instrument, paid from `effectiveMonth`; `verified` when account and identity were both confirmed. */
export async function insertApprovedInstrument(executor: Executor, proposal: ProposalRow, effectiveMonth: string, verified: boolean): Promise<number> {
  const created = await queryOne<{ id: string }>(
    executor,
    sql`INSERT INTO payment_instruments (enrolment_id, person_id, channel, provider_code, account_number, account_holder, holder_folded, holder_kind,
          representative_id, effective_month, verification, verified_at, province_code, commune_code)
        VALUES (${proposal.enrolmentId}, ${proposal.personId}, ${proposal.channel}, ${proposal.providerCode}, ${proposal.accountNumber},
          ${proposal.accountHolder}, ${proposal.holderFolded}, ${proposal.holderKind}, ${proposal.representativeId}, ${effectiveMonth},
          ${verified ? 'ACCOUNT_VERIFIED' : 'COLLECTED'}, ${verified ? sql`now()` : null}, ${proposal.provinceCode}, ${proposal.communeCode})
        RETURNING id`,
  );
  return Number(created!.id);
}

/** Records the second user's decision on a pending proposal. */
export async function decideProposal(
  executor: Executor,
  decision: { id: number; status: 'APPROVED' | 'REJECTED'; decidedBy: string; decidedByUserId: number | null; reason: string | null },
): Promise<void> {
  await executor.execute(sql`UPDATE instrument_proposals SET status = ${decision.status}, decided_by = ${decision.decidedBy}, decided_by_user_id = ${decision.decidedByUserId},
                               decided_at = now(), decision_reason = ${decision.reason} WHERE id = ${decision.id}`);
}

export interface ProposalListRow {
  id: number;
  personalId: string;
  fullName: string;
  communeCode: string;
  category: string;
  status: string;
  source: string;
  channel: string;
  providerCode: string;
  accountNumber: string | null;
  accountHolder: string | null;
  holderKind: string;
  oldChannel: string | null;
  oldProviderCode: string | null;
  oldAccountNumber: string | null;
  oldAccountHolder: string | null;
  verification: unknown;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

/** The approval queue of the scope, newest first: the proposal next to the account in use (an import's are its batch's). */
export async function listProposalRows(
  executor: Executor,
  scope: Scope,
  filter: { status?: string; communeCode?: string; beforeId?: number; limit: number },
): Promise<ProposalListRow[]> {
  return queryRows<ProposalListRow>(
    executor,
    sql`SELECT q.id::int AS id, p.personal_id AS "personalId", p.full_name AS "fullName", q.commune_code AS "communeCode", e.category, q.status, q.source,
               q.channel, q.provider_code AS "providerCode", q.account_number AS "accountNumber", q.account_holder AS "accountHolder", q.holder_kind AS "holderKind",
               o.channel AS "oldChannel", o.provider_code AS "oldProviderCode", o.account_number AS "oldAccountNumber", o.account_holder AS "oldAccountHolder",
               q.verification, q.proposed_by AS "proposedBy", q.proposed_at::text AS "proposedAt", q.decided_by AS "decidedBy",
               q.decided_at::text AS "decidedAt", q.decision_reason AS "decisionReason"
        FROM instrument_proposals q
        JOIN ${personsRelation()} p ON p.id = q.person_id
        JOIN ${enrolmentsRelation()} e ON e.id = q.enrolment_id
        LEFT JOIN payment_instruments o ON o.id = q.previous_instrument_id
        WHERE ${inScope(scope, { province: sql`q.province_code`, commune: sql`q.commune_code` })}
          -- an import's accounts are decided with their file (asxh import approve), not here
          AND q.import_batch_id IS NULL
          ${filter.status ? sql`AND q.status = ${filter.status}` : sql``}
          ${filter.communeCode ? sql`AND q.commune_code = ${filter.communeCode}` : sql``}
          ${filter.beforeId ? sql`AND q.id < ${filter.beforeId}` : sql``}
        ORDER BY q.id DESC LIMIT ${filter.limit}`,
  );
}
