import { useBulkSettings } from '../../db/bulk.js';
import type { AppContext } from '../../app/context.js';
import type { Executor } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor, Scope } from '../access/scope.js';
import { countFlagsInScope, lockFlags, qualityFlags, replaceFlag, type QualityFlag } from './quality.repository.js';

/**
 * Data-quality flags (dq_flags), derived from the registry and recomputed set-based over all of it:
 * one DELETE and one INSERT … SELECT per flag, in one transaction, so readers see either the old
 * or the new set. Every statement is a hash aggregate or an index probe per candidate row, never a
 * loop over people: the whole recomputation takes seconds on a million persons.
 */
export { qualityFlags, type QualityFlag } from './quality.repository.js';
export type FlagCounts = Record<QualityFlag, number>;

export interface FlagSummary {
  counts: FlagCounts;
  total: number;
  computedAt: string | null;
}

/** Counts per flag among the people visible in the scope. */
async function summarize(executor: Executor, scope: Scope): Promise<FlagSummary> {
  const rows = await countFlagsInScope(executor, scope);
  const counts = Object.fromEntries(qualityFlags.map((flag) => [flag, 0])) as FlagCounts;
  let computedAt: string | null = null;
  for (const row of rows) {
    counts[row.flag] = row.count;
    if (row.computedAt && (!computedAt || row.computedAt > computedAt)) computedAt = row.computedAt;
  }
  return { counts, total: rows.reduce((sum, row) => sum + row.count, 0), computedAt };
}

/**
 * Recomputes every flag over the whole registry (flags compare people across communes, so a
 * partial recomputation would be wrong) and returns the counts the actor may see. Concurrent
 * recomputations queue on the table lock instead of colliding on the unique (person, flag).
 */
export async function computeQualityFlags(ctx: AppContext, actor: Actor): Promise<FlagSummary> {
  requirePermission(actor, 'registry.review');
  const computedAt = ctx.now().toISOString();
  await ctx.db.orm.transaction(async (tx) => {
    await lockFlags(tx);
    await useBulkSettings(tx, '64MB');
    // The payment accounts are the accounts module's, above this one: read through the port it provides (registry/ports.ts).
    const sources = { activeInstruments: ctx.paymentAccounts.activeInstrumentsRelation() };
    const counts = {} as FlagCounts;
    for (const flag of qualityFlags) counts[flag] = await replaceFlag(tx, flag, computedAt, sources);
    // The audit event holds the national counts; the caller gets those of their own area.
    await recordAudit(tx, actor, { action: 'quality.flags_computed', entityType: 'dq_flags', after: { computedAt, counts } });
  });
  return summarize(ctx.db.orm, actor.scope);
}

export async function qualityFlagSummary(ctx: AppContext, actor: Actor): Promise<FlagSummary> {
  requirePermission(actor, 'registry.read');
  return summarize(ctx.db.orm, actor.scope);
}
