import { sql, type SQL } from 'drizzle-orm';
import { useBulkSettings } from '../../db/bulk.js';
import type { AppContext } from '../../app/context.js';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor, Scope } from '../access/scope.js';
import { personVisible } from '../registry/registry.service.js';

/**
 * Data-quality flags (dq_flags), derived from the registry and recomputed set-based over all of it:
 * one DELETE and one INSERT … SELECT per flag, in one transaction, so readers see either the old
 * or the new set. Every statement is a hash aggregate or an index probe per candidate row, never a
 * loop over people: the whole recomputation takes seconds on a million persons.
 */
export const qualityFlags = ['ACTIVE_IN_TWO_COMMUNES', 'POSSIBLE_DUPLICATE', 'DECEASED_BUT_ACTIVE', 'ACCOUNT_SHARED'] as const;
export type QualityFlag = (typeof qualityFlags)[number];
export type FlagCounts = Record<QualityFlag, number>;

/** Other people named in a flag's details: at most this many (a shared account may have thousands). */
const othersMax = 10;

/** `[{personId, personalIdTail, communeCode}]` of the given people: the last 4 digits only, since
 * details are shown to every role that may read the person (the auditor sees masked IDs). */
function othersJson(condition: SQL): SQL {
  return sql`(SELECT COALESCE(jsonb_agg(jsonb_build_object('personId', o.id, 'personalIdTail', right(o.personal_id, 4), 'communeCode', o.commune_code) ORDER BY o.id), '[]'::jsonb)
              FROM (SELECT o.id, o.personal_id, o.commune_code FROM persons o WHERE ${condition} ORDER BY o.id LIMIT ${othersMax}) o)`;
}

/** Runs `INSERT INTO dq_flags … SELECT person_id, details FROM (select)` and returns the row count. */
async function insertFlags(tx: Executor, flag: QualityFlag, computedAt: string, select: SQL): Promise<number> {
  await tx.execute(sql`DELETE FROM dq_flags WHERE flag = ${flag}`);
  const row = await queryOne<{ count: number }>(
    tx,
    sql`WITH inserted AS (
          INSERT INTO dq_flags (person_id, flag, details, province_code, commune_code, computed_at)
          SELECT p.id, ${flag}, f.details, p.province_code, p.commune_code, ${computedAt}::timestamptz
          FROM (${select}) f JOIN persons p ON p.id = f.person_id
          RETURNING 1
        ) SELECT count(*)::int AS count FROM inserted`,
  );
  return row?.count ?? 0;
}

/** Non-terminated enrolments in two or more communes: paid twice, or a move never closed. */
const activeInTwoCommunes = sql`
  SELECT m.person_id, jsonb_build_object('communes', to_jsonb(x.communes),
                                         'otherCommunes', to_jsonb(array_remove(x.communes, p.commune_code))) AS details
  FROM (SELECT person_id FROM enrolments WHERE status <> 'THOI_HUONG'
        GROUP BY person_id HAVING min(commune_code) <> max(commune_code)) m
  JOIN persons p ON p.id = m.person_id
  CROSS JOIN LATERAL (SELECT array_agg(DISTINCT e.commune_code ORDER BY e.commune_code) AS communes
                      FROM enrolments e WHERE e.person_id = m.person_id AND e.status <> 'THOI_HUONG') x`;

/** Another person with the same folded name and birth date (persons_name_birth index). */
const possibleDuplicate = sql`
  SELECT p.id AS person_id,
         jsonb_build_object('others', ${othersJson(sql`o.name_folded = p.name_folded AND o.birth_date = p.birth_date AND o.id <> p.id`)}) AS details
  FROM (SELECT name_folded, birth_date FROM persons GROUP BY name_folded, birth_date HAVING count(*) > 1) d
  JOIN persons p ON p.name_folded = d.name_folded AND p.birth_date = d.birth_date`;

/**
 * A recorded death with an enrolment still paid or suspended after the month of death: payment
 * must stop from the month after (Decree 20/2021 Art. 8(2)). A suspension that began by the month
 * of death already stopped payment.
 */
const deceasedButActive = sql`
  SELECT p.id AS person_id, jsonb_build_object('deathDate', p.death_date, 'enrolments', x.count, 'communes', to_jsonb(x.communes)) AS details
  FROM persons p
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS count, array_agg(DISTINCT e.commune_code ORDER BY e.commune_code) AS communes
    FROM enrolments e
    WHERE e.person_id = p.id AND e.status IN ('DANG_HUONG', 'TAM_DUNG')
      AND (e.status_effective_month IS NULL OR e.status_effective_month > to_char(p.death_date, 'YYYY-MM'))) x
  WHERE p.death_date IS NOT NULL AND x.count > 0`;

/**
 * One account (provider + number) on the active instruments of non-terminated enrolments of two or
 * more people. Normal only when every one of them is paid to a representative with the same
 * personal ID (one guardian for several children): then no pair differs. Otherwise some pair is
 * unrelated and every holder of the account is flagged. Groups are found by a hash aggregate; the
 * per-person details are built for the few shared accounts only.
 */
const accountShared = sql`
  WITH accounts AS (
    SELECT i.person_id, i.provider_code, i.account_number, i.holder_kind, rep.personal_id AS rep_personal_id
    FROM payment_instruments i
    JOIN enrolments e ON e.id = i.enrolment_id AND e.status <> 'THOI_HUONG'
    LEFT JOIN representatives rep ON rep.id = i.representative_id
    WHERE i.active AND i.account_number IS NOT NULL
  ), shared AS (
    SELECT provider_code, account_number, array_agg(person_id) AS people
    FROM accounts
    GROUP BY provider_code, account_number
    HAVING min(person_id) <> max(person_id)
       AND NOT (bool_and(holder_kind = 'REPRESENTATIVE' AND rep_personal_id IS NOT NULL)
                AND min(rep_personal_id) = max(rep_personal_id))
  ), members AS (
    SELECT DISTINCT ON (person) person AS person_id, s.provider_code, s.account_number, s.people
    FROM shared s CROSS JOIN LATERAL unnest(s.people) AS person
    ORDER BY person, s.provider_code, s.account_number
  )
  SELECT m.person_id,
         jsonb_build_object('providerCode', m.provider_code, 'accountTail', right(m.account_number, 4),
                            'others', ${othersJson(sql`o.id = ANY(m.people) AND o.id <> m.person_id`)}) AS details
  FROM members m`;

const flagQueries: Record<QualityFlag, SQL> = {
  ACTIVE_IN_TWO_COMMUNES: activeInTwoCommunes,
  POSSIBLE_DUPLICATE: possibleDuplicate,
  DECEASED_BUT_ACTIVE: deceasedButActive,
  ACCOUNT_SHARED: accountShared,
};

export interface FlagSummary {
  counts: FlagCounts;
  total: number;
  computedAt: string | null;
}

/** Counts per flag among the people visible in the scope. */
async function summarize(executor: Executor, scope: Scope): Promise<FlagSummary> {
  const rows = await queryRows<{ flag: QualityFlag; count: number; computedAt: string | null }>(
    executor,
    sql`SELECT f.flag, count(*)::int AS count, to_char(max(f.computed_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "computedAt"
        FROM dq_flags f JOIN persons p ON p.id = f.person_id
        WHERE ${personVisible(scope)}
        GROUP BY f.flag`,
  );
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
    // SHARE ROW EXCLUSIVE conflicts with itself and with writers, not with plain reads.
    await tx.execute(sql`LOCK TABLE dq_flags IN SHARE ROW EXCLUSIVE MODE`);
    await useBulkSettings(tx, '64MB');
    const counts = {} as FlagCounts;
    for (const flag of qualityFlags) counts[flag] = await insertFlags(tx, flag, computedAt, flagQueries[flag]);
    // The audit event holds the national counts; the caller gets those of their own area.
    await recordAudit(tx, actor, { action: 'quality.flags_computed', entityType: 'dq_flags', after: { computedAt, counts } });
  });
  return summarize(ctx.db.orm, actor.scope);
}

export async function qualityFlagSummary(ctx: AppContext, actor: Actor): Promise<FlagSummary> {
  requirePermission(actor, 'registry.read');
  return summarize(ctx.db.orm, actor.scope);
}
