import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Actor, type Scope } from '../access/scope.js';

export interface AuditEventInput {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  /** Locality of the entity (province or commune code) for scoped reading. */
  unitCode?: string | null;
  before?: unknown;
  after?: unknown;
}

/** JSON for jsonb: bigint becomes a string (JSON has no 64-bit integers). */
function toJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}

/**
 * Appends one event in the caller's transaction, so the event commits or rolls back with the change
 * it describes. The chain fields (seq, prev_hash, hash) are filled by the database trigger.
 */
export async function recordAudit(executor: Executor, actor: Actor, event: AuditEventInput): Promise<void> {
  await executor.execute(sql`
    INSERT INTO audit_events (actor_user_id, actor, action, entity_type, entity_id, unit_code, before, after, request_id, prev_hash, hash)
    VALUES (${actor.userId}, ${actor.username}, ${event.action}, ${event.entityType},
            ${event.entityId === undefined || event.entityId === null ? null : String(event.entityId)},
            ${event.unitCode ?? null}, ${toJson(event.before)}::jsonb, ${toJson(event.after)}::jsonb,
            ${actor.requestId}, '', '')`);
}

export interface AuditVerifyResult {
  ok: boolean;
  events: number;
  brokenAt?: number;
  reason?: string;
}

/**
 * Recomputes every hash set-based and reports the first event whose stored hash, link to its
 * predecessor or sequence number does not match.
 */
export async function verifyAuditChain(executor: Executor): Promise<AuditVerifyResult> {
  const broken = await queryOne<{ seq: string; reason: string }>(
    executor,
    sql`
    WITH chain AS (
      SELECT seq, hash, prev_hash,
             lag(hash) OVER (ORDER BY seq) AS expected_prev_hash,
             lag(seq) OVER (ORDER BY seq) AS previous_seq,
             audit_event_hash(prev_hash, seq, at, actor_user_id, actor, action, entity_type, entity_id,
                              unit_code, before, after, request_id) AS recomputed
      FROM audit_events
    )
    SELECT seq::text,
           CASE WHEN seq <> COALESCE(previous_seq, 0) + 1 THEN 'missing_event'
                WHEN prev_hash <> COALESCE(expected_prev_hash, repeat('0', 64)) THEN 'broken_link'
                ELSE 'hash_mismatch' END AS reason
    FROM chain
    WHERE hash <> recomputed
       OR prev_hash <> COALESCE(expected_prev_hash, repeat('0', 64))
       OR seq <> COALESCE(previous_seq, 0) + 1
    ORDER BY seq
    LIMIT 1`,
  );
  const count = await queryOne<{ events: number }>(executor, sql`SELECT count(*)::int AS events FROM audit_events`);
  const events = count?.events ?? 0;
  if (broken) return { ok: false, events, brokenAt: Number(broken.seq), reason: broken.reason };
  return { ok: true, events };
}

export interface AuditEventRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  unitCode: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

/**
 * Events visible in a scope: those of units inside it. Province scope includes its communes'
 * events (a commune's code belongs to the province through admin_units).
 */
export async function listAuditEvents(
  executor: Executor,
  scope: Scope,
  filter: { entityType?: string; entityId?: string; limit: number; beforeSeq?: number },
): Promise<AuditEventRow[]> {
  const scopeCondition = inScope(scope, {
    province: sql`COALESCE(u.province_code, e.unit_code)`,
    commune: sql`e.unit_code`,
  });
  return queryRows<AuditEventRow>(
    executor,
    sql`
    SELECT e.seq::int AS seq, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
           e.actor, e.action, e.entity_type AS "entityType", e.entity_id AS "entityId",
           e.unit_code AS "unitCode", e.before, e.after, e.request_id AS "requestId"
    FROM audit_events e
    LEFT JOIN admin_units u ON u.generation = '2025' AND u.level = 'commune' AND u.code = e.unit_code
    WHERE ${scopeCondition}
      ${filter.entityType ? sql`AND e.entity_type = ${filter.entityType}` : sql``}
      ${filter.entityId ? sql`AND e.entity_id = ${filter.entityId}` : sql``}
      ${filter.beforeSeq ? sql`AND e.seq < ${filter.beforeSeq}` : sql``}
    ORDER BY e.seq DESC
    LIMIT ${filter.limit}`,
  );
}
