import { sql } from 'drizzle-orm';
import { arrayParam, queryOne, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Scope } from '../access/scope.js';
import { providersRelation } from '../units/units.service.js';

/** A paying account or a proposal of one (`payer_accounts`). */
export interface PayerRow {
  id: number;
  provinceCode: string;
  programme: string;
  agentBin: string;
  accountNumber: string;
  name: string;
  status: 'PENDING' | 'APPROVED' | 'SUPERSEDED' | 'REJECTED';
  proposedBy: string;
  proposedByUserId: number | null;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  approvedAt: string | null;
  supersededAt: string | null;
}

const columns = sql`id::int AS id, province_code AS "provinceCode", programme, agent_bin AS "agentBin", account_number AS "accountNumber", name, status,
  proposed_by AS "proposedBy", proposed_by_user_id AS "proposedByUserId", proposed_at::text AS "proposedAt", decided_by AS "decidedBy",
  decided_at::text AS "decidedAt", reason, approved_at::text AS "approvedAt", superseded_at::text AS "supersededAt"`;

const inScopeOf = (scope: Scope) => inScope(scope, { province: sql`province_code`, commune: sql`NULL::text` });

export interface PayerValues {
  provinceCode: string;
  programme: string;
  agentBin: string;
  accountNumber: string;
  name: string;
}

/** The pending proposal or the account in force with exactly these values, if any (a repeated proposal is the same one). */
export async function findSamePayer(executor: Executor, values: PayerValues): Promise<PayerRow | undefined> {
  return queryOne<PayerRow>(
    executor,
    sql`SELECT ${columns} FROM payer_accounts
        WHERE province_code = ${values.provinceCode} AND programme = ${values.programme} AND agent_bin = ${values.agentBin}
          AND account_number = ${values.accountNumber} AND name = ${values.name} AND status IN ('PENDING', 'APPROVED')
        ORDER BY status = 'APPROVED' DESC LIMIT 1`,
  );
}

/** Inserts a proposal; undefined when an identical one became pending meanwhile. */
export async function insertPayerProposal(executor: Executor, values: PayerValues & { proposedBy: string; proposedByUserId: number | null }): Promise<number | undefined> {
  const row = await queryOne<{ id: number }>(
    executor,
    sql`INSERT INTO payer_accounts (province_code, programme, agent_bin, account_number, name, proposed_by, proposed_by_user_id)
        VALUES (${values.provinceCode}, ${values.programme}, ${values.agentBin}, ${values.accountNumber}, ${values.name}, ${values.proposedBy}, ${values.proposedByUserId})
        ON CONFLICT (province_code, programme, agent_bin, account_number, name) WHERE status = 'PENDING' DO NOTHING
        RETURNING id::int AS id`,
  );
  return row?.id;
}

/** A proposal inside the scope, locked for a decision. */
export async function lockPayerInScope(executor: Executor, scope: Scope, id: number): Promise<PayerRow | undefined> {
  return queryOne<PayerRow>(executor, sql`SELECT ${columns} FROM payer_accounts WHERE id = ${id} AND ${inScopeOf(scope)} FOR UPDATE`);
}

/** The account in force for a province and programme, locked (the one an approval replaces). */
export async function lockPayerInForce(executor: Executor, provinceCode: string, programme: string): Promise<PayerRow | undefined> {
  return queryOne<PayerRow>(
    executor,
    sql`SELECT ${columns} FROM payer_accounts WHERE province_code = ${provinceCode} AND programme = ${programme} AND status = 'APPROVED' FOR UPDATE`,
  );
}

export async function supersedePayer(executor: Executor, id: number): Promise<void> {
  await executor.execute(sql`UPDATE payer_accounts SET status = 'SUPERSEDED', superseded_at = now() WHERE id = ${id} AND status = 'APPROVED'`);
}

export async function decidePayer(
  executor: Executor,
  decision: { id: number; status: 'APPROVED' | 'REJECTED'; decidedBy: string; decidedByUserId: number | null; reason: string | null },
): Promise<PayerRow> {
  const row = await queryOne<PayerRow>(
    executor,
    sql`UPDATE payer_accounts SET status = ${decision.status}, decided_by = ${decision.decidedBy}, decided_by_user_id = ${decision.decidedByUserId},
               decided_at = now(), reason = ${decision.reason}, approved_at = CASE WHEN ${decision.status} = 'APPROVED' THEN now() END
        WHERE id = ${decision.id} AND status = 'PENDING'
        RETURNING ${columns}`,
  );
  return row!;
}

/** The accounts and proposals inside the scope (and the province, when given): in force and pending first, then the history. */
export async function listPayerRows(executor: Executor, scope: Scope, provinceCode: string | null, limit: number): Promise<PayerRow[]> {
  return queryRows<PayerRow>(
    executor,
    sql`SELECT ${columns} FROM payer_accounts
        WHERE ${inScopeOf(scope)} ${provinceCode === null ? sql`` : sql`AND province_code = ${provinceCode}`}
        ORDER BY province_code, programme, CASE status WHEN 'APPROVED' THEN 0 WHEN 'PENDING' THEN 1 ELSE 2 END, id DESC
        LIMIT ${limit}`,
  );
}

/**
 * The account that pays a province's programme for something created at `at` (a batch): the one
 * in force at that moment, else the first approved after it. Both answers never change once they
 * exist (approved rows are history, never edited), so a file or request built again for the same
 * batch carries the same debtor, byte for byte.
 */
export async function findPayersAt(executor: Executor, provinceCode: string, programmes: readonly string[], at: string): Promise<PayerRow[]> {
  return queryRows<PayerRow>(
    executor,
    sql`SELECT DISTINCT ON (programme) ${columns} FROM payer_accounts
        WHERE province_code = ${provinceCode} AND programme = ANY(${arrayParam(programmes)}::text[]) AND approved_at IS NOT NULL
        ORDER BY programme, (approved_at <= ${at}::timestamptz) DESC,
                 CASE WHEN approved_at <= ${at}::timestamptz THEN approved_at END DESC NULLS LAST, approved_at ASC`,
  );
}

/** A bank of the providers' directory by its NAPAS BIN (the debtor's bank must be one). */
export async function findBank(executor: Executor, bin: string): Promise<{ code: string; shortName: string } | undefined> {
  return queryOne<{ code: string; shortName: string }>(
    executor,
    sql`SELECT code, short_name AS "shortName" FROM ${providersRelation()} p WHERE code = ${bin} AND kind = 'BANK'`,
  );
}
