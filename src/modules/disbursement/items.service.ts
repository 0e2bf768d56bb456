import type { AppContext } from '../../app/context.js';
import { vndFromDb, vndToNumber } from '../../core/money.js';
import { limits } from '../../limits.js';
import { disclosure, ownProviderCode, requireList } from '../access/need-to-know.js';
import { auditDisclosure } from '../audit/disclosure.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { loadCycleForDisbursement } from './batches.service.js';
import { listItemRows } from './items.repository.js';

export interface ItemView {
  id: number;
  endToEndId: string;
  batchRound: number;
  personalId: string;
  fullName: string;
  communeCode: string;
  channel: string;
  providerCode: string;
  amountVnd: number;
  representativeName: string | null;
  transmission: string;
  outcome: string;
  reasonCode: string | null;
  reasonText: string | null;
  isFinal: boolean;
  paidTo: string | null;
  receiptNumber: string | null;
  followUp: string | null;
}

/**
 * The payments of a cycle (keyset paging), e.g. a VNPost agent's cash list including the cash
 * payments that replace failed transfers. An agent sees only their own provider's items (in the
 * query), personal IDs as the need-to-know table allows; every page is audited.
 */
export async function listItems(
  ctx: AppContext,
  actor: Actor,
  cycleId: number,
  filter: { providerCode?: string; outcome?: string; channel?: string; communeCode?: string; afterId?: number; limit?: number },
): Promise<ItemView[]> {
  requirePermission(actor, 'payroll.read');
  requireList(actor, 'lines');
  const cycle = await loadCycleForDisbursement(ctx.db.orm, actor, cycleId);
  const rows = await listItemRows(ctx.db.orm, actor.scope, cycleId, {
    ownProvider: ownProviderCode(actor),
    ...filter,
    limit: Math.min(filter.limit ?? 500, limits.pageSizeMax * 25),
  });
  const show = disclosure(actor, 'view');
  const items = rows.map((row) => ({ ...row, amountVnd: vndToNumber(vndFromDb(row.amountVnd)), personalId: show.personalId(row.personalId) }));
  if (items.length > 0) {
    await auditDisclosure(ctx.db.orm, actor, {
      action: 'view',
      what: 'disbursement.items',
      rows: items.length,
      entityType: 'payroll_cycle',
      entityId: cycleId,
      unitCode: filter.communeCode ?? cycle.communeCode ?? cycle.provinceCode,
      filter: { providerCode: filter.providerCode, outcome: filter.outcome, channel: filter.channel, communeCode: filter.communeCode, afterId: filter.afterId },
    });
  }
  return items;
}
