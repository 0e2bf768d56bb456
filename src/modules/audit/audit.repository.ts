import { sql, type SQL } from 'drizzle-orm';
import { arrayParam, queryOne, queryRows, type Executor } from '../../db/client.js';
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

/** The lock every append takes (0001): whoever holds it sees the committed head and nobody appends. */
const chainLock = 4242001;

/** The canonical text of an event row `e`, as the keyed hash covers it (migration 0029). */
const canonicalOf = (e: SQL) => sql`audit_event_canonical(${e}.prev_hash, ${e}.seq, ${e}.at, ${e}.actor_user_id, ${e}.actor, ${e}.action,
  ${e}.entity_type, ${e}.entity_id, ${e}.unit_code, ${e}.before, ${e}.after, ${e}.request_id)`;

export interface PendingEvent {
  seq: string;
  /** The key of the chain (of the previous keyed event); null for the first keyed event. */
  keyId: string | null;
  canonical: string;
}

/**
 * Appends one unsealed event in the caller's transaction: the trigger gives it its sequence, the
 * previous hash and its time, and the answer is the text to seal it with (`sealEvent`).
 */
export async function insertPendingEvent(executor: Executor, actor: Actor, event: AuditEventInput): Promise<PendingEvent> {
  const row = await queryOne<PendingEvent>(
    executor,
    sql`
    INSERT INTO audit_events AS e (actor_user_id, actor, action, entity_type, entity_id, unit_code, before, after, request_id, prev_hash, hash)
    VALUES (${actor.userId}, ${actor.username}, ${event.action}, ${event.entityType},
            ${event.entityId === undefined || event.entityId === null ? null : String(event.entityId)},
            ${event.unitCode ?? null}, ${toJson(event.before)}::jsonb, ${toJson(event.after)}::jsonb,
            ${actor.requestId}, '', '')
    RETURNING e.seq::text AS seq, e.key_id AS "keyId", ${canonicalOf(sql`e`)} AS canonical`,
  );
  return row!;
}

/** Seals an event of the caller's transaction with its keyed hash (the one update the table allows). */
export async function sealEvent(executor: Executor, seq: string, keyId: string, hash: string): Promise<void> {
  await executor.execute(sql`UPDATE audit_events SET hash = ${hash}, key_id = ${keyId} WHERE seq = ${seq}::bigint AND hash = ''`);
}

/** The newest event: its sequence, whether it is keyed (chain 2) or older (chain 1), and the key that sealed it. Undefined when none. */
export async function chainHead(executor: Executor): Promise<{ seq: string; hash: string; chain: number; keyId: string | null } | undefined> {
  return queryOne(executor, sql`SELECT seq::text AS seq, hash, chain::int AS chain, key_id AS "keyId" FROM audit_events ORDER BY seq DESC LIMIT 1`);
}

/** The identifiers of the keys that sealed the chain's events (public: the keys themselves never reach the database). */
export async function chainKeyIds(executor: Executor): Promise<string[]> {
  const rows = await queryRows<{ keyId: string }>(executor, sql`SELECT DISTINCT key_id AS "keyId" FROM audit_events WHERE key_id IS NOT NULL ORDER BY 1`);
  return rows.map((row) => row.keyId);
}

export interface ChainState {
  events: number;
  headSeq: string | null;
  headHash: string | null;
  headChain: number | null;
  /** The first keyed event: where the keyed chain starts (its identity in the checkpoints). */
  keyedFromSeq: string | null;
  keyedFromHash: string | null;
}

export async function chainState(executor: Executor): Promise<ChainState> {
  const row = await queryOne<ChainState>(
    executor,
    sql`
    SELECT (SELECT count(*)::int FROM audit_events) AS events,
           h.seq::text AS "headSeq", h.hash AS "headHash", h.chain::int AS "headChain",
           k.seq::text AS "keyedFromSeq", k.hash AS "keyedFromHash"
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT seq, hash, chain FROM audit_events ORDER BY seq DESC LIMIT 1) h ON true
    LEFT JOIN LATERAL (SELECT seq, hash FROM audit_events WHERE chain = 2 ORDER BY seq LIMIT 1) k ON true`,
  );
  return row!;
}

export interface ChainAnomaly {
  seq: string;
  previousSeq: string | null;
  /** Sequences are missing before this event. */
  gap: boolean;
  /** Its previous hash is not the hash of the event before it. */
  linkBroken: boolean;
  /** Its previous hash is the hash of ANOTHER event of the table: an event moved, not one rewritten. */
  linksElsewhere: boolean;
  /** An unkeyed event (chain 1) whose SHA-256 does not match. */
  unkeyedMismatch: boolean;
  /** An unkeyed event after a keyed one: a keyed event turned back into an unkeyed one. */
  downgraded: boolean;
  /** A keyed event without its seal or key. */
  unsealed: boolean;
}

/**
 * Everything about the chain that needs no key, in one pass: gaps in the sequence, broken links
 * (and whether the link points to another event of the table), unkeyed events whose SHA-256 does
 * not match (verified as before migration 0029), keyed events turned unkeyed or left unsealed.
 * The first `limit` anomalies, in sequence order.
 */
export async function chainAnomalies(executor: Executor, limit: number): Promise<ChainAnomaly[]> {
  return queryRows<ChainAnomaly>(
    executor,
    sql`
    WITH chain AS (
      SELECT seq, hash, prev_hash, chain, key_id,
             lag(seq) OVER w AS previous_seq,
             lag(hash) OVER w AS previous_hash,
             bool_or(chain = 2) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS keyed_before,
             CASE WHEN chain = 1 THEN hash <> audit_event_hash(prev_hash, seq, at, actor_user_id, actor, action, entity_type,
                                                                entity_id, unit_code, before, after, request_id)
                  ELSE false END AS unkeyed_mismatch
      FROM audit_events
      WINDOW w AS (ORDER BY seq)
    ), anomalies AS (
      SELECT seq, previous_seq, prev_hash,
             seq <> COALESCE(previous_seq, 0) + 1 AS gap,
             prev_hash <> COALESCE(previous_hash, repeat('0', 64)) AS link_broken,
             unkeyed_mismatch,
             chain = 1 AND COALESCE(keyed_before, false) AS downgraded,
             chain = 2 AND (hash = '' OR key_id IS NULL) AS unsealed
      FROM chain
      WHERE seq <> COALESCE(previous_seq, 0) + 1
         OR prev_hash <> COALESCE(previous_hash, repeat('0', 64))
         OR unkeyed_mismatch
         OR (chain = 1 AND COALESCE(keyed_before, false))
         OR (chain = 2 AND (hash = '' OR key_id IS NULL))
      ORDER BY seq
      LIMIT ${limit}
    ), elsewhere AS (
      -- one pass over the table, joined to the few broken links (no index on hash is needed)
      SELECT DISTINCT a.seq
      FROM anomalies a
      JOIN audit_events o ON o.hash = a.prev_hash AND o.seq IS DISTINCT FROM a.previous_seq
      WHERE a.link_broken
    )
    SELECT a.seq::text AS seq, a.previous_seq::text AS "previousSeq", a.gap, a.link_broken AS "linkBroken",
           (x.seq IS NOT NULL) AS "linksElsewhere",
           a.unkeyed_mismatch AS "unkeyedMismatch", a.downgraded, a.unsealed
    FROM anomalies a
    LEFT JOIN elsewhere x ON x.seq = a.seq
    ORDER BY a.seq`,
  );
}

export interface KeyedEventRow {
  seq: string;
  keyId: string | null;
  hash: string;
  canonical: string;
}

/** One page of keyed events after `afterSeq`, with their canonical text, for checking their HMAC. */
export async function keyedEventsPage(executor: Executor, afterSeq: string, limit: number): Promise<KeyedEventRow[]> {
  return queryRows<KeyedEventRow>(
    executor,
    sql`
    SELECT e.seq::text AS seq, e.key_id AS "keyId", e.hash, ${canonicalOf(sql`e`)} AS canonical
    FROM audit_events e
    WHERE e.chain = 2 AND e.seq > ${afterSeq}::bigint
    ORDER BY e.seq
    LIMIT ${limit}`,
  );
}

/** The stored hash of each of these sequences that exists. */
export async function hashesAt(executor: Executor, seqs: readonly string[]): Promise<{ seq: string; hash: string }[]> {
  if (seqs.length === 0) return [];
  return queryRows<{ seq: string; hash: string }>(
    executor,
    sql`SELECT seq::text AS seq, hash FROM audit_events WHERE seq = ANY(${arrayParam(seqs)}::bigint[])`,
  );
}

/**
 * The first event written after a checkpoint although its sequence is not after the checkpoint's:
 * the newest events were deleted and the sequence numbers written again. Null when none.
 */
export async function firstRewrittenAfterCheckpoints(executor: Executor, checkpoints: readonly { seq: string; at: string }[]): Promise<string | null> {
  if (checkpoints.length === 0) return null;
  const row = await queryOne<{ seq: string | null }>(
    executor,
    sql`
    SELECT min(e.seq)::text AS seq
    FROM unnest(${arrayParam(checkpoints.map((c) => c.seq))}::bigint[], ${arrayParam(checkpoints.map((c) => c.at))}::timestamptz[]) AS c(seq, at)
    JOIN audit_events e ON e.seq <= c.seq AND e.at > c.at`,
  );
  return row?.seq ?? null;
}

export interface CheckpointHead {
  seq: string;
  hash: string;
  chain: number;
  keyId: string | null;
  canonical: string;
  keyedFromSeq: string | null;
  keyedFromHash: string | null;
  /** The database's clock (events are stamped with it too), ISO 8601 UTC with microseconds. */
  at: string;
}

/**
 * The committed head of the chain, read under the append lock: a transaction that has just written
 * an event holds the lock until it commits, so the head read here includes it (a checkpoint after
 * a money event). Call inside a transaction of its own.
 */
export async function lockedHead(executor: Executor): Promise<CheckpointHead | undefined> {
  await executor.execute(sql`SELECT pg_advisory_xact_lock(${chainLock})`);
  return queryOne<CheckpointHead>(
    executor,
    sql`
    SELECT h.seq::text AS seq, h.hash, h.chain::int AS chain, h.key_id AS "keyId", ${canonicalOf(sql`h`)} AS canonical,
           k.seq::text AS "keyedFromSeq", k.hash AS "keyedFromHash",
           to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at
    FROM (SELECT * FROM audit_events ORDER BY seq DESC LIMIT 1) h
    LEFT JOIN LATERAL (SELECT seq, hash FROM audit_events WHERE chain = 2 ORDER BY seq LIMIT 1) k ON true`,
  );
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
 * events: a commune's province comes from `units`, the units module's relation of administrative
 * units (audit sits below units, so the caller passes it in: ports.ts).
 */
export async function listAuditEvents(
  executor: Executor,
  scope: Scope,
  filter: { entityType?: string; entityId?: string; limit: number; beforeSeq?: number },
  units: SQL,
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
    LEFT JOIN ${units} u ON u.generation = '2025' AND u.level = 'commune' AND u.code = e.unit_code
    WHERE ${scopeCondition}
      ${filter.entityType ? sql`AND e.entity_type = ${filter.entityType}` : sql``}
      ${filter.entityId ? sql`AND e.entity_id = ${filter.entityId}` : sql``}
      ${filter.beforeSeq ? sql`AND e.seq < ${filter.beforeSeq}` : sql``}
    ORDER BY e.seq DESC
    LIMIT ${filter.limit}`,
  );
}
