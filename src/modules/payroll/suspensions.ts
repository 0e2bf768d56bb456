import type { AppContext } from '../../app/context.js';
import { disclosure } from '../access/need-to-know.js';
import { auditDisclosure } from '../audit/disclosure.js';
import { requirePermission } from '../access/permissions.js';
import { scopeUnitCode, type Actor } from '../access/scope.js';
import { unclaimedPeople } from './suspensions.repository.js';

/**
 * Social-assistance beneficiaries who did not collect their allowance for 3 consecutive months are
 * proposed for suspension (Circular 02/2021 Art. 2(3)(a); DOMAIN.md §2.5). "Did not collect" is a
 * final VNPost result of not found / refused for the person's payment of that cycle month.
 */
export interface SuspensionProposal {
  personalId: string;
  fullName: string;
  communeCode: string;
  months: string[];
  lastEndToEndId: string;
}

export const unclaimedMonthsMin = 3;

export async function suspensionProposals(ctx: AppContext, actor: Actor): Promise<SuspensionProposal[]> {
  requirePermission(actor, 'registry.review');
  const rows = await unclaimedPeople(ctx.db.orm, actor.scope, unclaimedMonthsMin, ctx.linePayments);
  const show = disclosure(actor, 'view');
  const proposals = rows.map(({ id: _id, ...row }) => ({ ...row, personalId: show.personalId(row.personalId) }));
  if (proposals.length > 0) {
    await auditDisclosure(ctx.db.orm, actor, { action: 'view', what: 'payroll.suspension-proposals', rows: proposals.length, entityType: 'person', unitCode: scopeUnitCode(actor.scope) });
  }
  return proposals;
}
