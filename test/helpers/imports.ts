import type { AppContext } from '../../src/app/context.js';
import type { Actor } from '../../src/modules/access/scope.js';
import { approveImport } from '../../src/modules/registry/import/approval.service.js';
import { importBeneficiaries, type ImportInput, type ImportReport } from '../../src/modules/registry/import/import.service.js';
import { createTestUser } from './context.js';

/**
 * An import's accounts are paid only once a second person approves the batch. Tests that import
 * people in order to pay them approve the batch with an independent administrator of the whole country
 * (created once per context, by no one; an approver always has a locality), so that they keep testing what they tested.
 */
const approvers = new WeakMap<AppContext, Promise<Actor>>();

export function importApprover(ctx: AppContext): Promise<Actor> {
  let approver = approvers.get(ctx);
  if (!approver) {
    approver = createTestUser(ctx, { username: 'duyet.nhap', role: 'admin' });
    approvers.set(ctx, approver);
  }
  return approver;
}

/** Approves the batch of an import whose accounts wait (nothing to do for a dry run or a batch without accounts). */
export async function approveImportOf(ctx: AppContext, report: Pick<ImportReport, 'batchId' | 'approval'>, approver?: Actor): Promise<void> {
  if (report.batchId === null || report.approval !== 'PENDING') return;
  await approveImport(ctx, approver ?? (await importApprover(ctx)), report.batchId);
}

/** Imports and, when the file creates or changes accounts, approves them as a second person. */
export async function importApproved(ctx: AppContext, importer: Actor, input: ImportInput, approver?: Actor): Promise<ImportReport> {
  const report = await importBeneficiaries(ctx, importer, input);
  await approveImportOf(ctx, report, approver);
  return report;
}
