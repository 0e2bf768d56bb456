import type { AppContext } from '../../../app/context.js';
import { todayInVietnam } from '../../../core/dates.js';
import { domainError, errors } from '../../../core/errors.js';
import { addMonths } from '../../../core/month.js';
import { limits } from '../../../limits.js';
import { disclosure } from '../../access/need-to-know.js';
import { requirePermission } from '../../access/permissions.js';
import { scopeUnitCode, type Actor } from '../../access/scope.js';
import { auditDisclosure } from '../../audit/disclosure.js';
import { recordAudit } from '../../audit/audit.service.js';
import { assertIndependentApprover } from '../../auth/auth.service.js';
import { insertHistoryFrom } from '../registry.repository.js';
import {
  decideImportBatch,
  findImportBatch,
  listImportAccountChanges,
  listImportBatches,
  lockImportBatchInScope,
  recordDecisionCounts,
  replacementHistory,
  type ImportApproval,
  type ImportAccountChangeRow,
  type ImportBatchRow,
} from './import-batches.repository.js';

/**
 * An import that creates or changes payment accounts writes them as proposals of its batch; none is
 * paid until a second person approves the batch as a whole, after reading its list of account
 * changes (maker-checker, as for an account typed in the form). The approver holds
 * `accounts.approve`, is neither the importer nor someone the importer created or last reset
 * (auth's independence check), and their scope covers every account change of the file. The
 * database holds the same rules (migration 0030): a decided batch never changes, an import's
 * account is active only once its batch is approved, the decider is not the importer.
 */
export interface ImportDecision {
  batchId: number;
  approval: ImportApproval;
  accountChanges: number;
  /** Accounts the decision activated (approved) or discarded (rejected). */
  decided: number;
  /** Instruments the activated accounts replaced. */
  replaced: number;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
}

function decisionOf(batch: ImportBatchRow): ImportDecision {
  return {
    batchId: batch.id,
    approval: batch.approval,
    accountChanges: batch.accountChanges,
    decided: batch.accountsDecided,
    replaced: batch.accountsReplaced,
    decidedBy: batch.decidedBy,
    decidedAt: batch.decidedAt,
    reason: batch.decisionReason,
  };
}

/** The first month a change can affect: the next payroll month (this month's list is already out). */
function nextPayrollMonth(ctx: AppContext): string {
  return addMonths(todayInVietnam(ctx.now()).slice(0, 7), 1);
}

type Decision = { approval: 'APPROVED' } | { approval: 'REJECTED'; reason: string };

async function decide(ctx: AppContext, actor: Actor, batchId: number, decision: Decision): Promise<ImportDecision> {
  requirePermission(actor, 'accounts.approve');
  return ctx.db.orm.transaction(async (tx) => {
    const batch = await lockImportBatchInScope(tx, batchId, actor.scope);
    if (!batch) {
      const seen = await findImportBatch(tx, batchId, actor);
      if (seen?.approval === 'NOT_NEEDED') return decisionOf(seen);
      if (seen) {
        throw domainError(
          'IMPORT_OUT_OF_SCOPE',
          403,
          'Tệp nhập có thay đổi tài khoản ngoài địa bàn của bạn: cấp trên phê duyệt',
          'The import changes accounts outside your area: a higher level approves it',
          { batchId },
        );
      }
      throw errors.notFound({ entity: 'import_batch', id: batchId });
    }
    // Deciding twice is the first decision again (a retried request, a double click).
    if (batch.approval === decision.approval) return decisionOf(batch);
    if (batch.approval !== 'PENDING') {
      throw domainError('IMPORT_DECIDED', 409, `Tệp nhập #${batchId} đã được xử lý (${batch.approval})`, `Import #${batchId} is already ${batch.approval}`, { approval: batch.approval });
    }
    if (batch.actor === actor.username || (batch.actorUserId !== null && batch.actorUserId === actor.userId)) {
      throw domainError('MAKER_CHECKER', 403, 'Người nhập tệp không được tự phê duyệt tài khoản trong tệp', 'The person who imported the file cannot approve its accounts', { batchId });
    }
    await assertIndependentApprover(tx, actor, batch.actor);
    const reason = decision.approval === 'REJECTED' ? decision.reason : null;
    await decideImportBatch(tx, { batchId, approval: decision.approval, decidedBy: actor.username, decidedByUserId: actor.userId, reason });
    const accountDecision = { batchId, actor: { username: actor.username, userId: actor.userId }, effectiveMonth: nextPayrollMonth(ctx) };
    let counts: { decided: number; replaced: number };
    if (decision.approval === 'APPROVED') {
      const approved = await ctx.paymentAccounts.approveImportAccounts(tx, accountDecision);
      // A replaced account is on the person's timeline; a new one is told by its creation's row and this decision.
      await insertHistoryFrom(tx, replacementHistory(approved.changes, actor));
      counts = { decided: approved.activated, replaced: approved.replaced };
    } else {
      counts = { decided: await ctx.paymentAccounts.rejectImportAccounts(tx, { ...accountDecision, reason: decision.reason }), replaced: 0 };
    }
    const decided = await recordDecisionCounts(tx, batchId, counts);
    await recordAudit(tx, actor, {
      action: decision.approval === 'APPROVED' ? 'import.accounts_approved' : 'import.accounts_rejected',
      entityType: 'import_batch',
      entityId: batchId,
      unitCode: batch.communeCode ?? batch.provinceCode,
      before: { approval: 'PENDING', accountChanges: batch.accountChanges, importedBy: batch.actor },
      after: { approval: decision.approval, decided: counts.decided, replaced: counts.replaced, reason },
    });
    return decisionOf(decided);
  });
}

/** Approves all of the batch's account changes at once; approving an approved batch answers the same. */
export function approveImport(ctx: AppContext, actor: Actor, batchId: number): Promise<ImportDecision> {
  return decide(ctx, actor, batchId, { approval: 'APPROVED' });
}

/** Rejects all of the batch's account changes: none is ever paid (the people stay paid as before). */
export async function rejectImport(ctx: AppContext, actor: Actor, batchId: number, reason: string): Promise<ImportDecision> {
  const trimmed = reason?.trim() ?? '';
  if (!trimmed) throw domainError('REASON_REQUIRED', 400, 'Cần ghi lý do từ chối', 'A reason for rejecting is required', { field: 'reason' });
  return decide(ctx, actor, batchId, { approval: 'REJECTED', reason: trimmed });
}

export type ImportAccountChange = ImportAccountChangeRow;

export interface ImportChanges {
  batch: ImportDecision & { fileName: string; importedBy: string; importedAt: string };
  changes: ImportAccountChange[];
  /** The id to pass as `after` for the next page (null on the last). */
  nextAfter: number | null;
}

/**
 * What the approver reads before deciding: each account change of the batch in the reader's
 * scope, the account in use next to the file's, masked as the role may see them; the view is
 * recorded (personal data in bulk).
 */
export async function importChanges(ctx: AppContext, actor: Actor, batchId: number, page: { after?: number; limit?: number } = {}): Promise<ImportChanges> {
  requirePermission(actor, 'registry.read');
  const batch = await findImportBatch(ctx.db.orm, batchId, actor);
  if (!batch) throw errors.notFound({ entity: 'import_batch', id: batchId });
  const limit = Math.min(page.limit ?? limits.pageSizeMax, limits.pageSizeMax);
  const rows = await listImportAccountChanges(ctx.db.orm, ctx.paymentAccounts.importAccountChangesRelation(batchId), { scope: actor.scope, afterId: page.after, limit });
  const shown = disclosure(actor, 'view');
  const changes = rows.map((row) => ({
    ...row,
    personalId: shown.personalId(row.personalId),
    category: shown.category(row.category),
    accountNumber: shown.accountNumber(row.accountNumber),
    oldAccountNumber: shown.accountNumber(row.oldAccountNumber),
  }));
  if (changes.length > 0) {
    await auditDisclosure(ctx.db.orm, actor, { action: 'view', what: 'import.account_changes', rows: changes.length, entityType: 'import_batch', entityId: batchId, unitCode: scopeUnitCode(actor.scope) });
  }
  return {
    batch: { ...decisionOf(batch), fileName: batch.fileName, importedBy: batch.actor, importedAt: batch.startedAt },
    changes,
    nextAfter: rows.length === limit ? rows[rows.length - 1]!.id : null,
  };
}

/** The imports of the reader's area (and their own), newest first; `approval: 'PENDING'` is the approver's queue. */
export async function listImports(ctx: AppContext, actor: Actor, filter: { approval?: ImportApproval; before?: number; limit?: number } = {}) {
  requirePermission(actor, 'registry.read');
  const limit = Math.min(filter.limit ?? 50, limits.pageSizeMax);
  const rows = await listImportBatches(ctx.db.orm, actor, { approval: filter.approval, beforeId: filter.before, limit });
  return rows.map((batch) => ({ ...decisionOf(batch), fileName: batch.fileName, importedBy: batch.actor, importedAt: batch.startedAt, rows: batch.rows, accepted: batch.accepted }));
}
