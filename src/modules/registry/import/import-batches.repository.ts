import { sql, type SQL } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../../db/client.js';
import { inScope, type Scope } from '../../access/scope.js';

/** An import that writes (not a dry run) is recorded as a batch; its counts are set when it ends. */
export async function insertImportBatch(executor: Executor, batch: { fileName: string; fileSha256: string; actor: string; actorUserId: number | null }): Promise<number> {
  const row = await queryOne<{ id: string }>(
    executor,
    sql`INSERT INTO import_batches (file_name, file_sha256, actor, actor_user_id, dry_run)
        VALUES (${batch.fileName}, ${batch.fileSha256}, ${batch.actor}, ${batch.actorUserId}, false) RETURNING id`,
  );
  return Number(row!.id);
}

export interface ImportBatchCounts {
  rows: number;
  accepted: number;
  rejected: number;
  created: number;
  updated: number;
  unchanged: number;
  proposals: number;
  /** The batch's account changes (proposals decided with the batch) and where they are. */
  accountChanges: number;
  provinceCode: string | null;
  communeCode: string | null;
}

export async function finishImportBatch(executor: Executor, batchId: number, counts: ImportBatchCounts): Promise<void> {
  await executor.execute(sql`
    UPDATE import_batches SET rows = ${counts.rows}, accepted = ${counts.accepted}, rejected = ${counts.rejected},
      created = ${counts.created}, updated = ${counts.updated},
      unchanged = ${counts.unchanged}, proposals = ${counts.proposals}, finished_at = now(),
      account_changes = ${counts.accountChanges}, approval = ${counts.accountChanges > 0 ? 'PENDING' : 'NOT_NEEDED'},
      province_code = ${counts.provinceCode}, commune_code = ${counts.communeCode}
    WHERE id = ${batchId}`);
}

export type ImportApproval = 'NOT_NEEDED' | 'PENDING' | 'APPROVED' | 'REJECTED';

export interface ImportBatchRow {
  id: number;
  fileName: string;
  actor: string;
  rows: number;
  accepted: number;
  accountChanges: number;
  approval: ImportApproval;
  provinceCode: string | null;
  communeCode: string | null;
  startedAt: string;
  finishedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  accountsDecided: number;
  accountsReplaced: number;
}

const batchColumns = sql`b.id::int AS id, b.file_name AS "fileName", b.actor, b.rows, b.accepted, b.account_changes AS "accountChanges", b.approval,
    b.province_code AS "provinceCode", b.commune_code AS "communeCode", b.started_at::text AS "startedAt", b.finished_at::text AS "finishedAt",
    b.decided_by AS "decidedBy", b.decided_at::text AS "decidedAt", b.decision_reason AS "decisionReason",
    b.accounts_decided AS "accountsDecided", b.accounts_replaced AS "accountsReplaced"`;

/**
 * A batch whose account changes lie inside the scope (all of them: the batch's locality is the
 * smallest one holding them), or the importer's own batch. A batch without account changes has no
 * locality and is the importer's business only.
 */
function batchVisible(scope: Scope, username: string): SQL {
  return sql`(b.actor = ${username} OR (b.account_changes > 0 AND ${inScope(scope, { province: sql`b.province_code`, commune: sql`b.commune_code` })}))`;
}

export async function findImportBatch(executor: Executor, batchId: number, viewer: { scope: Scope; username: string }): Promise<ImportBatchRow | null> {
  return (
    (await queryOne<ImportBatchRow>(
      executor,
      sql`SELECT ${batchColumns} FROM import_batches b WHERE b.id = ${batchId} AND NOT b.dry_run AND ${batchVisible(viewer.scope, viewer.username)}`,
    )) ?? null
  );
}

/** The batch, locked for its decision, if the approver's scope covers all of its account changes. */
export async function lockImportBatchInScope(executor: Executor, batchId: number, scope: Scope): Promise<(ImportBatchRow & { actorUserId: number | null }) | null> {
  return (
    (await queryOne<ImportBatchRow & { actorUserId: number | null }>(
      executor,
      sql`SELECT ${batchColumns}, b.actor_user_id AS "actorUserId" FROM import_batches b
          WHERE b.id = ${batchId} AND NOT b.dry_run AND b.account_changes > 0
            AND ${inScope(scope, { province: sql`b.province_code`, commune: sql`b.commune_code` })}
          FOR UPDATE`,
    )) ?? null
  );
}

/**
 * Records the decision before the accounts are touched (the database lets an import's account be
 * paid only once its batch is approved), then what it did (`recordDecisionCounts`) in the same
 * transaction: a decided batch never changes again (trigger).
 */
export async function decideImportBatch(
  executor: Executor,
  decision: { batchId: number; approval: 'APPROVED' | 'REJECTED'; decidedBy: string; decidedByUserId: number | null; reason: string | null },
): Promise<void> {
  await executor.execute(sql`
    UPDATE import_batches SET approval = ${decision.approval}, decided_by = ${decision.decidedBy}, decided_by_user_id = ${decision.decidedByUserId},
      decided_at = now(), decision_reason = ${decision.reason}
    WHERE id = ${decision.batchId} AND approval = 'PENDING'`);
}

export async function recordDecisionCounts(executor: Executor, batchId: number, counts: { decided: number; replaced: number }): Promise<ImportBatchRow> {
  const row = await queryOne<ImportBatchRow>(
    executor,
    sql`UPDATE import_batches b SET accounts_decided = ${counts.decided}, accounts_replaced = ${counts.replaced}
        WHERE b.id = ${batchId} RETURNING ${batchColumns}`,
  );
  return row!;
}


/** Batches in the scope, newest first (keyset paging on the id); `approval` filters (e.g. PENDING: the approver's queue). */
export async function listImportBatches(
  executor: Executor,
  viewer: { scope: Scope; username: string },
  filter: { approval?: ImportApproval; beforeId?: number; limit: number },
): Promise<ImportBatchRow[]> {
  return queryRows<ImportBatchRow>(
    executor,
    sql`SELECT ${batchColumns} FROM import_batches b
        WHERE NOT b.dry_run AND ${batchVisible(viewer.scope, viewer.username)}
          ${filter.approval ? sql`AND b.approval = ${filter.approval}` : sql``}
          ${filter.beforeId ? sql`AND b.id < ${filter.beforeId}` : sql``}
        ORDER BY b.id DESC LIMIT ${filter.limit}`,
  );
}

/** One account change of an import, with its person: the account in use (if any) and the file's. */
export interface ImportAccountChangeRow {
  id: number;
  personalId: string;
  fullName: string;
  communeCode: string;
  category: string;
  status: string;
  channel: string;
  providerCode: string;
  accountNumber: string | null;
  accountHolder: string | null;
  oldChannel: string | null;
  oldProviderCode: string | null;
  oldAccountNumber: string | null;
  oldAccountHolder: string | null;
}

/**
 * The batch's account changes inside the scope, in proposal order (keyset paging on the id),
 * unmasked (the service masks them). `changes` is the payment accounts' relation of the batch
 * (ports.ts `importAccountChangesRelation`).
 */
export async function listImportAccountChanges(executor: Executor, changes: SQL, filter: { scope: Scope; afterId?: number; limit: number }): Promise<ImportAccountChangeRow[]> {
  return queryRows<ImportAccountChangeRow>(
    executor,
    sql`SELECT c.id::int AS id, p.personal_id AS "personalId", p.full_name AS "fullName", c.commune_code AS "communeCode", e.category, c.status,
               c.channel, c.provider_code AS "providerCode", c.account_number AS "accountNumber", c.account_holder AS "accountHolder",
               c.old_channel AS "oldChannel", c.old_provider_code AS "oldProviderCode", c.old_account_number AS "oldAccountNumber",
               c.old_account_holder AS "oldAccountHolder"
        FROM ${changes} c JOIN persons p ON p.id = c.person_id JOIN enrolments e ON e.id = c.enrolment_id
        WHERE ${inScope(filter.scope, { province: sql`c.province_code`, commune: sql`c.commune_code` })}
          ${filter.afterId ? sql`AND c.id > ${filter.afterId}` : sql``}
        ORDER BY c.id LIMIT ${filter.limit}`,
  );
}

/**
 * The history rows of the instruments an approval replaced (`changes`: `person_id`, `id`,
 * `before`, `after`), for registry.repository.ts `insertHistoryFrom`.
 */
export const replacementHistory = (changes: SQL, actor: { username: string; requestId: string }): SQL => sql`(
  SELECT c.person_id, 'instrument' AS entity_type, c.id AS entity_id, 'instrument.changed' AS action, c.before, c.after,
         ${actor.username}::text AS actor, ${actor.requestId}::text AS request_id FROM ${changes} c)`;
