import { sql, type SQL } from 'drizzle-orm';
import { arrayParam, queryOne, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Scope } from '../access/scope.js';
import { enrolmentsRelation, personsRelation, personVisible } from '../registry/registry.service.js';
import { unitsRelation } from '../units/units.service.js';

/**
 * The SQL of the cashless campaign (`campaign_stages`, `campaign_stage_history`,
 * `campaign_targets`), reading the registry's people and enrolments and the units' names through
 * their relations.
 */

/** "Social protection" (social assistance and social pension) and people with merit have separate targets. */
export type ProgrammeGroup = 'SOCIAL' | 'NCC' | 'ALL';

function programmeCondition(group: ProgrammeGroup, alias: string): SQL {
  const a = sql.raw(alias);
  if (group === 'SOCIAL') return sql`${a}.programme IN ('TGXH', 'HTXH')`;
  if (group === 'NCC') return sql`${a}.programme = 'NCC'`;
  return sql`TRUE`;
}

/** The person's current stage (undefined: never set). */
export async function currentStage(executor: Executor, personId: number): Promise<string | undefined> {
  return (await queryOne<{ stage: string }>(executor, sql`SELECT stage FROM campaign_stages WHERE person_id = ${personId}`))?.stage;
}

/** The person's current stage, locked for the change. */
export async function lockStage(executor: Executor, personId: number): Promise<{ stage: string } | undefined> {
  return queryOne<{ stage: string }>(executor, sql`SELECT stage FROM campaign_stages WHERE person_id = ${personId} FOR UPDATE`);
}

export async function saveStage(
  executor: Executor,
  change: { personId: number; previousStage: string | null; stage: string; note: string | null; changedBy: string; provinceCode: string; communeCode: string },
): Promise<void> {
  await executor.execute(sql`
    INSERT INTO campaign_stages (person_id, stage, note, changed_by, province_code, commune_code)
    VALUES (${change.personId}, ${change.stage}, ${change.note}, ${change.changedBy}, ${change.provinceCode}, ${change.communeCode})
    ON CONFLICT (person_id) DO UPDATE SET stage = EXCLUDED.stage, note = EXCLUDED.note, changed_by = EXCLUDED.changed_by, changed_at = now()`);
  await executor.execute(sql`INSERT INTO campaign_stage_history (person_id, from_stage, to_stage, note, changed_by)
                             VALUES (${change.personId}, ${change.previousStage}, ${change.stage}, ${change.note}, ${change.changedBy})`);
}

/** The rows of a list whose personal ID is a person visible in the scope. */
export async function matchVisiblePeople(executor: Executor, scope: Scope, rows: readonly { personalId: string; row: number }[]): Promise<{ row: number; person_id: string }[]> {
  return queryRows<{ row: number; person_id: string }>(
    executor,
    sql`SELECT i.row, p.id::text AS person_id FROM unnest(${arrayParam(rows.map((v) => v.personalId))}::text[], ${arrayParam(rows.map((v) => v.row))}::int[]) AS i(personal_id, row)
        JOIN ${personsRelation()} p ON p.personal_id = i.personal_id
        WHERE ${personVisible(scope)}`,
  );
}

/** Sets the stages of a list in one statement, with a history row for each stage that changes. */
export async function saveStages(executor: Executor, changedBy: string, items: readonly { personalId: string; stage: string; note: string | null }[]): Promise<void> {
  await executor.execute(sql`
    WITH input AS (
      SELECT p.id AS person_id, i.stage, i.note, p.province_code, p.commune_code
      FROM unnest(${arrayParam(items.map((a) => a.personalId))}::text[], ${arrayParam(items.map((a) => a.stage))}::text[], ${arrayParam(items.map((a) => a.note))}::text[]) AS i(personal_id, stage, note)
      JOIN ${personsRelation()} p ON p.personal_id = i.personal_id
    ), history AS (
      INSERT INTO campaign_stage_history (person_id, from_stage, to_stage, note, changed_by)
      SELECT i.person_id, s.stage, i.stage, i.note, ${changedBy} FROM input i LEFT JOIN campaign_stages s ON s.person_id = i.person_id
      WHERE s.stage IS DISTINCT FROM i.stage
    )
    INSERT INTO campaign_stages (person_id, stage, note, changed_by, province_code, commune_code)
    SELECT person_id, stage, note, ${changedBy}, province_code, commune_code FROM input
    ON CONFLICT (person_id) DO UPDATE SET stage = EXCLUDED.stage, note = EXCLUDED.note, changed_by = EXCLUDED.changed_by, changed_at = now()`);
}

export async function saveTarget(
  executor: Executor,
  target: { unitCode: string; programme: string | null; period: string; targetPct: number | null; targetPeople: number | null; createdBy: string },
): Promise<void> {
  await executor.execute(sql`
    INSERT INTO campaign_targets (unit_code, programme, period, target_pct, target_people, created_by)
    VALUES (${target.unitCode}, ${target.programme}, ${target.period}, ${target.targetPct}, ${target.targetPeople}, ${target.createdBy})
    ON CONFLICT (unit_code, COALESCE(programme, 'ALL'), period) DO UPDATE SET target_pct = EXCLUDED.target_pct, target_people = EXCLUDED.target_people,
      created_by = EXCLUDED.created_by, created_at = now()`);
}

export interface ShareQueryRow {
  unitCode: string;
  unitName: string;
  beneficiaries: number;
  withAccount: number;
  stages: Record<string, number> | null;
  targetPct: string | null;
  targetPeriod: string | null;
}

/**
 * Per child locality of the scope (the country → provinces, a province → communes, a commune →
 * itself): people with a current enrolment of the group, how many are paid through an account
 * (bank, e-wallet, Mobile Money), their stages, and the nearest target from `today` (a month).
 */
export async function shareByUnit(executor: Executor, scope: Scope, group: ProgrammeGroup, today: string): Promise<ShareQueryRow[]> {
  const childLevel = scope.level === 'national' ? 'province' : 'commune';
  const childKey = childLevel === 'province' ? sql`e.province_code` : sql`e.commune_code`;
  const programmeFilter = programmeOfTargets(group);
  return queryRows<ShareQueryRow>(
    executor,
    sql`
    WITH people AS (
      SELECT DISTINCT ON (e.person_id) e.person_id, ${childKey} AS unit_code,
             EXISTS (SELECT 1 FROM payment_instruments i WHERE i.person_id = e.person_id AND i.active AND i.channel IN ('TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY')) AS with_account
      FROM ${enrolmentsRelation()} e
      WHERE ${inScope(scope, { province: sql`e.province_code`, commune: sql`e.commune_code` })} AND e.status <> 'THOI_HUONG' AND ${programmeCondition(group, 'e')}
      ORDER BY e.person_id, e.id
    ), per_unit AS (
      SELECT unit_code, count(*)::int AS beneficiaries, count(*) FILTER (WHERE with_account)::int AS with_account FROM people GROUP BY unit_code
    ), stages AS (
      SELECT p.unit_code, jsonb_object_agg(s.stage, s.count) AS stages
      FROM (SELECT pe.unit_code, cs.stage, count(*)::int AS count FROM people pe JOIN campaign_stages cs ON cs.person_id = pe.person_id GROUP BY pe.unit_code, cs.stage) s
      JOIN (SELECT DISTINCT unit_code FROM people) p ON p.unit_code = s.unit_code GROUP BY p.unit_code
    )
    SELECT u.unit_code AS "unitCode", au.name_with_type AS "unitName", u.beneficiaries, u.with_account AS "withAccount", st.stages,
           t.target_pct::text AS "targetPct", t.period AS "targetPeriod"
    FROM per_unit u
    LEFT JOIN ${unitsRelation()} au ON au.generation = '2025' AND au.level = ${childLevel} AND au.code = u.unit_code
    LEFT JOIN stages st ON st.unit_code = u.unit_code
    LEFT JOIN LATERAL (
      -- the commune's own share target, else its province's; the nearest period not yet past, else the latest
      -- (a target in people is the monthly report's: it counts payments)
      SELECT ct.target_pct, ct.period FROM campaign_targets ct
      WHERE ct.unit_code IN (u.unit_code, au.province_code) AND (ct.programme IS NULL OR ct.programme = ${programmeFilter}) AND ct.target_pct IS NOT NULL
      ORDER BY (ct.unit_code = u.unit_code) DESC, (ct.period >= ${today}) DESC, CASE WHEN ct.period >= ${today} THEN ct.period END ASC, ct.period DESC
      LIMIT 1) t ON TRUE
    ORDER BY u.unit_code`,
  );
}

/** The programme a target of the group is recorded under (a target without programme counts for all). */
function programmeOfTargets(group: ProgrammeGroup): string | null {
  return group === 'ALL' ? null : group === 'NCC' ? 'NCC' : 'TGXH';
}

/** A unit's own target (for a commune, its own or else its province's), the nearest from `today`. */
export async function ownTarget(
  executor: Executor,
  unit: { unitCode: string; provinceCode: string },
  group: ProgrammeGroup,
  today: string,
): Promise<{ targetPct: string; targetPeriod: string } | undefined> {
  return queryOne<{ targetPct: string; targetPeriod: string }>(
    executor,
    sql`SELECT ct.target_pct::text AS "targetPct", ct.period AS "targetPeriod" FROM campaign_targets ct
        WHERE ct.unit_code IN (${unit.unitCode}, ${unit.provinceCode}) AND (ct.programme IS NULL OR ct.programme = ${programmeOfTargets(group)}) AND ct.target_pct IS NOT NULL
        ORDER BY (ct.unit_code = ${unit.unitCode}) DESC, (ct.period >= ${today}) DESC, CASE WHEN ct.period >= ${today} THEN ct.period END ASC, ct.period DESC
        LIMIT 1`,
  );
}

export interface CashPersonRow {
  id: number;
  personalId: string;
  fullName: string;
  birthDate: string;
  phone: string | null;
  channel: string;
  stage: string | null;
  stageNote: string | null;
}

/** The people of a commune still paid in cash (visible in the scope), with their stage; keyset paging by id. */
export async function listPeopleOnCash(executor: Executor, scope: Scope, filter: { communeCode: string; beforeId?: number; limit: number }): Promise<CashPersonRow[]> {
  return queryRows<CashPersonRow>(
    executor,
    sql`SELECT p.id::int AS id, p.personal_id AS "personalId", p.full_name AS "fullName", p.birth_date::text AS "birthDate", p.phone,
               i.channel, cs.stage, cs.note AS "stageNote"
        FROM ${personsRelation()} p
        JOIN payment_instruments i ON i.person_id = p.id AND i.active AND i.channel IN ('TIEN_MAT', 'TAI_NHA')
        LEFT JOIN campaign_stages cs ON cs.person_id = p.id
        WHERE p.commune_code = ${filter.communeCode} AND ${personVisible(scope)}
          AND NOT EXISTS (SELECT 1 FROM payment_instruments a WHERE a.person_id = p.id AND a.active AND a.channel IN ('TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY'))
          AND EXISTS (SELECT 1 FROM ${enrolmentsRelation()} e WHERE e.person_id = p.id AND e.status <> 'THOI_HUONG')
          ${filter.beforeId ? sql`AND p.id < ${filter.beforeId}` : sql``}
        GROUP BY p.id, p.personal_id, p.full_name, p.birth_date, p.phone, i.channel, cs.stage, cs.note
        ORDER BY p.id DESC LIMIT ${filter.limit}`,
  );
}

/**
 * The cashless targets as the reports read them (read-only): `unit_code` (province or commune),
 * `programme` (NULL: every programme), `period` (YYYY-MM, the month it is due), and either
 * `target_pct` (a share of the people paid) or `target_people` (people paid into an account).
 */
export const campaignTargetsRelation = (): SQL => sql`(SELECT unit_code, programme, period, target_pct, target_people FROM campaign_targets)`;
