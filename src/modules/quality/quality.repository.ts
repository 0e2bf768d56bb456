import { sql, type SQL } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import type { Scope } from '../access/scope.js';
import { enrolmentsRelation, personsRelation, personVisible, representativesRelation } from '../registry/registry.service.js';

/**
 * The SQL of the data-quality flags (`dq_flags`), derived from the registry's people, enrolments
 * and representatives (their relations) and the payment accounts' active instruments (a relation
 * the caller passes in: the accounts module is above this one, registry/ports.ts).
 */
export const qualityFlags = ['ACTIVE_IN_TWO_COMMUNES', 'POSSIBLE_DUPLICATE', 'DECEASED_BUT_ACTIVE', 'ACCOUNT_SHARED'] as const;
export type QualityFlag = (typeof qualityFlags)[number];

/** What the flags read of modules above the quality module. */
export interface FlagSources {
  /** Active instruments: `person_id`, `enrolment_id`, `provider_code`, `account_number`, `holder_kind`, `representative_id`. */
  activeInstruments: SQL;
}

/** Other people named in a flag's details: at most this many (a shared account may have thousands). */
const othersMax = 10;

/** `[{personId, personalIdTail, communeCode}]` of the given people: the last 4 digits only, since
 * details are shown to every role that may read the person (the auditor sees masked IDs). */
function othersJson(condition: SQL): SQL {
  return sql`(SELECT COALESCE(jsonb_agg(jsonb_build_object('personId', o.id, 'personalIdTail', right(o.personal_id, 4), 'communeCode', o.commune_code) ORDER BY o.id), '[]'::jsonb)
              FROM (SELECT o.id, o.personal_id, o.commune_code FROM ${personsRelation()} o WHERE ${condition} ORDER BY o.id LIMIT ${othersMax}) o)`;
}

/** Non-terminated enrolments in two or more communes: paid twice, or a move never closed. */
const activeInTwoCommunes = (): SQL => sql`
  SELECT m.person_id, jsonb_build_object('communes', to_jsonb(x.communes),
                                         'otherCommunes', to_jsonb(array_remove(x.communes, p.commune_code))) AS details
  FROM (SELECT person_id FROM ${enrolmentsRelation()} e WHERE status <> 'THOI_HUONG'
        GROUP BY person_id HAVING min(commune_code) <> max(commune_code)) m
  JOIN ${personsRelation()} p ON p.id = m.person_id
  CROSS JOIN LATERAL (SELECT array_agg(DISTINCT e.commune_code ORDER BY e.commune_code) AS communes
                      FROM ${enrolmentsRelation()} e WHERE e.person_id = m.person_id AND e.status <> 'THOI_HUONG') x`;

/** Another person with the same folded name and birth date (persons_name_birth index). */
const possibleDuplicate = (): SQL => sql`
  SELECT p.id AS person_id,
         jsonb_build_object('others', ${othersJson(sql`o.name_folded = p.name_folded AND o.birth_date = p.birth_date AND o.id <> p.id`)}) AS details
  FROM (SELECT name_folded, birth_date FROM ${personsRelation()} d GROUP BY name_folded, birth_date HAVING count(*) > 1) d
  JOIN ${personsRelation()} p ON p.name_folded = d.name_folded AND p.birth_date = d.birth_date`;

/** The details' key of the enrolments counted (a parameter: `npm run sql` would read the word in the SQL as the registry's table). */
const enrolmentCountKey = 'enrolments';

/**
 * A recorded death with an enrolment still paid or suspended after the month of death: payment
 * must stop from the month after (Decree 20/2021 Art. 8(2)). A suspension that began by the month
 * of death already stopped payment.
 */
const deceasedButActive = (): SQL => sql`
  SELECT p.id AS person_id, jsonb_build_object('deathDate', p.death_date, ${enrolmentCountKey}::text, x.count, 'communes', to_jsonb(x.communes)) AS details
  FROM ${personsRelation()} p
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS count, array_agg(DISTINCT e.commune_code ORDER BY e.commune_code) AS communes
    FROM ${enrolmentsRelation()} e
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
const accountShared = (sources: FlagSources): SQL => sql`
  WITH accounts AS (
    SELECT i.person_id, i.provider_code, i.account_number, i.holder_kind, rep.personal_id AS rep_personal_id
    FROM ${sources.activeInstruments} i
    JOIN ${enrolmentsRelation()} e ON e.id = i.enrolment_id AND e.status <> 'THOI_HUONG'
    LEFT JOIN ${representativesRelation()} rep ON rep.id = i.representative_id
    WHERE i.account_number IS NOT NULL
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

function flagQuery(flag: QualityFlag, sources: FlagSources): SQL {
  switch (flag) {
    case 'ACTIVE_IN_TWO_COMMUNES':
      return activeInTwoCommunes();
    case 'POSSIBLE_DUPLICATE':
      return possibleDuplicate();
    case 'DECEASED_BUT_ACTIVE':
      return deceasedButActive();
    case 'ACCOUNT_SHARED':
      return accountShared(sources);
  }
}

/** SHARE ROW EXCLUSIVE conflicts with itself and with writers, not with plain reads: recomputations queue. */
export async function lockFlags(executor: Executor): Promise<void> {
  await executor.execute(sql`LOCK TABLE dq_flags IN SHARE ROW EXCLUSIVE MODE`);
}

/** Replaces every row of one flag: `DELETE`, then `INSERT … SELECT person_id, details FROM (its query)`; returns the row count. */
export async function replaceFlag(executor: Executor, flag: QualityFlag, computedAt: string, sources: FlagSources): Promise<number> {
  await executor.execute(sql`DELETE FROM dq_flags WHERE flag = ${flag}`);
  const row = await queryOne<{ count: number }>(
    executor,
    sql`WITH inserted AS (
          INSERT INTO dq_flags (person_id, flag, details, province_code, commune_code, computed_at)
          SELECT p.id, ${flag}, f.details, p.province_code, p.commune_code, ${computedAt}::timestamptz
          FROM (${flagQuery(flag, sources)}) f JOIN ${personsRelation()} p ON p.id = f.person_id
          RETURNING 1
        ) SELECT count(*)::int AS count FROM inserted`,
  );
  return row?.count ?? 0;
}

/** Counts per flag among the people visible in the scope, with the latest computation time. */
export async function countFlagsInScope(executor: Executor, scope: Scope): Promise<{ flag: QualityFlag; count: number; computedAt: string | null }[]> {
  return queryRows<{ flag: QualityFlag; count: number; computedAt: string | null }>(
    executor,
    sql`SELECT f.flag, count(*)::int AS count, to_char(max(f.computed_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "computedAt"
        FROM dq_flags f JOIN ${personsRelation()} p ON p.id = f.person_id
        WHERE ${personVisible(scope)}
        GROUP BY f.flag`,
  );
}
