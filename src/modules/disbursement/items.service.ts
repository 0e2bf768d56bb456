import { sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { vndFromDb, vndToNumber } from '../../core/money.js';
import { queryRows } from '../../db/client.js';
import { limits } from '../../limits.js';
import { disclosure, ownProviderCode, requireList } from '../access/need-to-know.js';
import { auditDisclosure } from '../audit/disclosure.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { loadCycleForDisbursement } from './batches.service.js';

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
  const own = ownProviderCode(actor);
  const rows = await queryRows<Omit<ItemView, 'amountVnd'> & { amountVnd: string }>(
    ctx.db.orm,
    sql`SELECT i.id::int AS id, i.end_to_end_id AS "endToEndId", b.round AS "batchRound", i.personal_id AS "personalId", i.full_name AS "fullName",
               i.commune_code AS "communeCode", i.channel, i.provider_code AS "providerCode", i.amount_vnd::text AS "amountVnd",
               i.representative_name AS "representativeName", i.transmission, i.outcome, i.reason_code AS "reasonCode", i.reason_text AS "reasonText",
               i.is_final AS "isFinal", i.paid_to AS "paidTo", i.receipt_number AS "receiptNumber", i.follow_up AS "followUp"
        FROM disbursement_items i JOIN disbursement_batches b ON b.id = i.batch_id
        WHERE i.cycle_id = ${cycleId}
          ${own === null ? sql`` : sql`AND i.provider_code = ${own}`}
          ${filter.providerCode ? sql`AND i.provider_code = ${filter.providerCode}` : sql``}
          ${filter.outcome ? sql`AND i.outcome = ${filter.outcome}` : sql``}
          ${filter.channel ? sql`AND i.channel = ${filter.channel}` : sql``}
          ${filter.communeCode ? sql`AND i.commune_code = ${filter.communeCode}` : sql``}
          ${actor.scope.level === 'commune' ? sql`AND i.commune_code = ${actor.scope.communeCode}` : sql``}
          ${filter.afterId ? sql`AND i.id > ${filter.afterId}` : sql``}
        ORDER BY i.id LIMIT ${Math.min(filter.limit ?? 500, limits.pageSizeMax * 25)}`,
  );
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
