import { sql, type SQL } from 'drizzle-orm';
import { vndFromDb, type AmountVnd } from '../../core/money.js';
import { arrayParam, queryOne, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Scope } from '../access/scope.js';
import { cyclesRelation } from '../payroll/payroll.service.js';
import { personsRelation } from '../registry/registry.service.js';
import { providersRelation, unitsRelation } from '../units/units.service.js';

/**
 * The SQL of payment points, their dates per cycle and the home-delivery rounds
 * (migrations/0043_payment_points.sql), and of the cash lists read from the cycle's cash items.
 */
export interface PointRow {
  id: number;
  provinceCode: string;
  communeCode: string;
  communeName: string | null;
  name: string;
  address: string | null;
  hours: string | null;
  providerCode: string;
  agentName: string | null;
  villages: string[] | null;
  active: boolean;
}

const pointColumns = sql`pp.id::int AS id, pp.province_code AS "provinceCode", pp.commune_code AS "communeCode", u.name AS "communeName", pp.name, pp.address, pp.hours,
  pp.provider_code AS "providerCode", pp.agent_name AS "agentName", pp.villages, pp.active`;
const pointFrom = sql`payment_points pp LEFT JOIN (SELECT code, name_with_type AS name FROM ${unitsRelation()} un WHERE generation = '2025' AND level = 'commune') u ON u.code = pp.commune_code`;

/** `provider`: only the points that provider's agent pays (a provider agent's own); null: all. */
const ofProvider = (providerCode: string | null, column: SQL) => (providerCode === null ? sql`true` : sql`${column} = ${providerCode}`);

export async function findPoint(executor: Executor, scope: Scope, id: number, providerCode: string | null): Promise<PointRow | undefined> {
  return queryOne<PointRow>(
    executor,
    sql`SELECT ${pointColumns} FROM ${pointFrom} WHERE pp.id = ${id} AND ${inScope(scope, { province: sql`pp.province_code`, commune: sql`pp.commune_code` })}
        AND ${ofProvider(providerCode, sql`pp.provider_code`)}`,
  );
}

export async function findPointByName(executor: Executor, communeCode: string, name: string): Promise<PointRow | undefined> {
  return queryOne<PointRow>(executor, sql`SELECT ${pointColumns} FROM ${pointFrom} WHERE pp.commune_code = ${communeCode} AND lower(pp.name) = lower(${name}) FOR UPDATE OF pp`);
}

export async function listPointRows(executor: Executor, scope: Scope, filter: { unitCode: string | null; providerCode: string | null; cycleId: number | null }): Promise<(PointRow & { dates: string[] })[]> {
  const unit = filter.unitCode === null ? sql`true` : filter.unitCode.length === 2 ? sql`pp.province_code = ${filter.unitCode}` : sql`pp.commune_code = ${filter.unitCode}`;
  return queryRows<PointRow & { dates: string[] }>(
    executor,
    sql`SELECT ${pointColumns},
               COALESCE((SELECT array_agg(d.pay_date::text ORDER BY d.pay_date) FROM payment_point_dates d WHERE d.point_id = pp.id AND d.cycle_id = ${filter.cycleId}), '{}') AS dates
        FROM ${pointFrom}
        WHERE ${inScope(scope, { province: sql`pp.province_code`, commune: sql`pp.commune_code` })} AND ${unit} AND ${ofProvider(filter.providerCode, sql`pp.provider_code`)}
        ORDER BY pp.commune_code, pp.name LIMIT 1000`,
  );
}

export interface PointInput {
  provinceCode: string;
  communeCode: string;
  name: string;
  address: string | null;
  hours: string | null;
  providerCode: string;
  agentName: string | null;
  villages: string[] | null;
  active: boolean;
}

export async function insertPoint(executor: Executor, point: PointInput, by: string): Promise<number> {
  const row = await queryOne<{ id: number }>(
    executor,
    sql`INSERT INTO payment_points (province_code, commune_code, name, address, hours, provider_code, agent_name, villages, active, created_by, updated_by)
        VALUES (${point.provinceCode}, ${point.communeCode}, ${point.name}, ${point.address}, ${point.hours}, ${point.providerCode}, ${point.agentName},
                ${point.villages === null ? null : arrayParam(point.villages)}::text[], ${point.active}, ${by}, ${by})
        RETURNING id::int AS id`,
  );
  return row!.id;
}

export async function updatePoint(executor: Executor, id: number, point: PointInput, by: string): Promise<void> {
  await executor.execute(sql`UPDATE payment_points SET address = ${point.address}, hours = ${point.hours}, provider_code = ${point.providerCode}, agent_name = ${point.agentName},
    villages = ${point.villages === null ? null : arrayParam(point.villages)}::text[], active = ${point.active}, updated_by = ${by}, updated_at = now() WHERE id = ${id}`);
}

export async function providerExists(executor: Executor, code: string): Promise<boolean> {
  return (await queryOne<{ found: boolean }>(executor, sql`SELECT EXISTS (SELECT 1 FROM ${providersRelation()} p WHERE p.code = ${code}) AS found`))?.found === true;
}

/** Adds the dates not there yet; returns those added. */
export async function insertPointDates(executor: Executor, cycleId: number, pointId: number, dates: readonly string[], by: string): Promise<string[]> {
  const rows = await queryRows<{ date: string }>(
    executor,
    sql`INSERT INTO payment_point_dates (cycle_id, point_id, pay_date, created_by)
        SELECT ${cycleId}, ${pointId}, d, ${by} FROM unnest(${arrayParam([...dates])}::date[]) d
        ON CONFLICT (cycle_id, point_id, pay_date) DO NOTHING RETURNING pay_date::text AS date`,
  );
  return rows.map((row) => row.date).sort();
}

export async function pointDates(executor: Executor, cycleId: number, pointId: number): Promise<string[]> {
  const rows = await queryRows<{ date: string }>(executor, sql`SELECT pay_date::text AS date FROM payment_point_dates WHERE cycle_id = ${cycleId} AND point_id = ${pointId} ORDER BY pay_date`);
  return rows.map((row) => row.date);
}

// ─── Home-delivery rounds ────────────────────────────────────────────────────────────────────────

export interface RoundRow {
  id: number;
  cycleId: number;
  provinceCode: string;
  communeCode: string;
  date: string;
  hours: string | null;
  providerCode: string;
  agentName: string | null;
  villages: string[] | null;
}

const roundColumns = sql`r.id::int AS id, r.cycle_id::int AS "cycleId", r.province_code AS "provinceCode", r.commune_code AS "communeCode", r.round_date::text AS date,
  r.hours, r.provider_code AS "providerCode", r.agent_name AS "agentName", r.villages`;

export async function findRound(executor: Executor, scope: Scope, id: number, providerCode: string | null): Promise<RoundRow | undefined> {
  return queryOne<RoundRow>(
    executor,
    sql`SELECT ${roundColumns} FROM home_delivery_rounds r WHERE r.id = ${id} AND ${inScope(scope, { province: sql`r.province_code`, commune: sql`r.commune_code` })}
        AND ${ofProvider(providerCode, sql`r.provider_code`)}`,
  );
}

export async function listRoundRows(executor: Executor, scope: Scope, filter: { cycleId: number; communeCode: string | null; providerCode: string | null }): Promise<RoundRow[]> {
  return queryRows<RoundRow>(
    executor,
    sql`SELECT ${roundColumns} FROM home_delivery_rounds r
        WHERE r.cycle_id = ${filter.cycleId} AND ${inScope(scope, { province: sql`r.province_code`, commune: sql`r.commune_code` })}
          AND ${filter.communeCode === null ? sql`true` : sql`r.commune_code = ${filter.communeCode}`} AND ${ofProvider(filter.providerCode, sql`r.provider_code`)}
        ORDER BY r.commune_code, r.round_date, r.id`,
  );
}

/** The round, added unless the same (cycle, commune, provider, date, villages) exists; `created` says which. */
export async function insertRound(executor: Executor, round: Omit<RoundRow, 'id'>, by: string): Promise<{ id: number; created: boolean }> {
  const villages = round.villages === null ? sql`NULL::text[]` : sql`${arrayParam(round.villages)}::text[]`;
  const inserted = await queryOne<{ id: number }>(
    executor,
    sql`INSERT INTO home_delivery_rounds (cycle_id, province_code, commune_code, round_date, hours, provider_code, agent_name, villages, created_by)
        VALUES (${round.cycleId}, ${round.provinceCode}, ${round.communeCode}, ${round.date}::date, ${round.hours}, ${round.providerCode}, ${round.agentName}, ${villages}, ${by})
        ON CONFLICT (cycle_id, commune_code, provider_code, round_date, COALESCE(villages, '{}'::text[])) DO NOTHING RETURNING id::int AS id`,
  );
  if (inserted) return { id: inserted.id, created: true };
  const existing = await queryOne<{ id: number }>(
    executor,
    sql`SELECT id::int AS id FROM home_delivery_rounds WHERE cycle_id = ${round.cycleId} AND commune_code = ${round.communeCode} AND provider_code = ${round.providerCode}
        AND round_date = ${round.date}::date AND COALESCE(villages, '{}'::text[]) = COALESCE(${villages}, '{}'::text[])`,
  );
  return { id: existing!.id, created: false };
}

// ─── Cash lists ──────────────────────────────────────────────────────────────────────────────────

/** An address as words between spaces (lower case, punctuation as spaces), so that a village matches whole words: "Thôn 1" is not in "Thôn 12". */
const words = (text: SQL) => sql`(' ' || btrim(regexp_replace(lower(COALESCE(${text}, '')), '[[:space:],;.()/-]+', ' ', 'g')) || ' ')`;

/** Whether the address names one of the villages (NULL villages: the whole commune). */
export const inVillages = (villages: SQL, address: SQL): SQL =>
  sql`(${villages} IS NULL OR EXISTS (SELECT 1 FROM unnest(${villages}) v WHERE ${words(address)} LIKE '%' || ${words(sql`v`)} || '%'))`;

export interface CashListRow {
  endToEndId: string;
  personalId: string;
  fullName: string;
  address: string | null;
  phone: string | null;
  representativeName: string | null;
  amountVnd: AmountVnd;
  outcome: string;
}

/**
 * The cash items of a cycle a point or a round pays: the cycle's items of its commune and
 * provider, paid at a point (TIEN_MAT) or at home (TAI_NHA), whose address names one of its
 * villages, not replaced by a later round's item; sorted by address (village) and name.
 */
function cashItemsOf(cycleId: number, target: { communeCode: string; providerCode: string; channel: 'TIEN_MAT' | 'TAI_NHA'; villages: SQL }): SQL {
  return sql`disbursement_items i JOIN disbursement_batches b ON b.id = i.batch_id JOIN ${personsRelation()} p ON p.id = i.person_id
    WHERE i.cycle_id = ${cycleId} AND b.channel_group = 'CASH' AND i.commune_code = ${target.communeCode} AND i.provider_code = ${target.providerCode}
      AND i.channel = ${target.channel} AND i.replaced_by_item_id IS NULL AND ${inVillages(target.villages, sql`p.address`)}`;
}

export async function cashListRows(executor: Executor, cycleId: number, target: { communeCode: string; providerCode: string; channel: 'TIEN_MAT' | 'TAI_NHA'; villages: string[] | null }): Promise<CashListRow[]> {
  const villages = target.villages === null ? sql`NULL::text[]` : sql`${arrayParam(target.villages)}::text[]`;
  const rows = await queryRows<Omit<CashListRow, 'amountVnd'> & { amountVnd: string }>(
    executor,
    sql`SELECT i.end_to_end_id AS "endToEndId", i.personal_id AS "personalId", i.full_name AS "fullName", p.address, p.phone,
               i.representative_name AS "representativeName", i.amount_vnd::text AS "amountVnd", i.outcome
        FROM ${cashItemsOf(cycleId, { ...target, villages })}
        ORDER BY p.address NULLS LAST, i.full_name, i.id LIMIT 100000`,
  );
  return rows.map((row) => ({ ...row, amountVnd: vndFromDb(row.amountVnd) }));
}

/**
 * The facts of the CASH_SCHEDULE news (notifications' `enqueuePaymentNotices`): each cash item of
 * the cycle (or of one of its batches) not yet paid nor replaced, with its first date at the point that serves it (TIEN_MAT:
 * place = the point's name and address, its hours) or its home round (TAI_NHA: place = "nhà", the
 * round's hours); an item served by several gets the earliest.
 */
export function cashScheduleFacts(cycleId: number, batchId: number | null = null): SQL {
  const which = batchId === null ? sql`i.cycle_id = ${cycleId}` : sql`i.cycle_id = ${cycleId} AND i.batch_id = ${batchId}`;
  return sql`(SELECT DISTINCT ON (x.item_id) x.* FROM (
      SELECT 'payment.cash_schedule'::text AS purpose, i.id AS item_id, i.person_id, i.province_code, cyc.month, i.amount_vnd, i.channel, i.provider_code,
             NULL::text AS account_last4, NULL::text AS reason_code, NULL::text AS follow_up, d.pay_date AS event_date,
             pp.name || COALESCE(', ' || pp.address, '') AS place, pp.hours
      FROM disbursement_items i JOIN disbursement_batches b ON b.id = i.batch_id JOIN ${cyclesRelation()} cyc ON cyc.id = i.cycle_id
      JOIN ${personsRelation()} p ON p.id = i.person_id
      JOIN payment_points pp ON pp.commune_code = i.commune_code AND pp.provider_code = i.provider_code AND pp.active AND ${inVillages(sql`pp.villages`, sql`p.address`)}
      JOIN payment_point_dates d ON d.point_id = pp.id AND d.cycle_id = i.cycle_id
      WHERE ${which} AND b.channel_group = 'CASH' AND i.channel = 'TIEN_MAT' AND i.outcome = 'NONE' AND i.replaced_by_item_id IS NULL
      UNION ALL
      SELECT 'payment.cash_schedule'::text, i.id, i.person_id, i.province_code, cyc.month, i.amount_vnd, i.channel, i.provider_code,
             NULL::text, NULL::text, NULL::text, r.round_date, 'nhà'::text, r.hours
      FROM disbursement_items i JOIN disbursement_batches b ON b.id = i.batch_id JOIN ${cyclesRelation()} cyc ON cyc.id = i.cycle_id
      JOIN ${personsRelation()} p ON p.id = i.person_id
      JOIN home_delivery_rounds r ON r.cycle_id = i.cycle_id AND r.commune_code = i.commune_code AND r.provider_code = i.provider_code AND ${inVillages(sql`r.villages`, sql`p.address`)}
      WHERE ${which} AND b.channel_group = 'CASH' AND i.channel = 'TAI_NHA' AND i.outcome = 'NONE' AND i.replaced_by_item_id IS NULL
    ) x ORDER BY x.item_id, x.event_date)`;
}

/** Whether the cycle has a date at a point or a home round (else its new cash items have no date to tell). */
export async function cycleHasCashSchedule(executor: Executor, cycleId: number): Promise<boolean> {
  const row = await queryOne<{ found: boolean }>(
    executor,
    sql`SELECT EXISTS (SELECT 1 FROM payment_point_dates WHERE cycle_id = ${cycleId}) OR EXISTS (SELECT 1 FROM home_delivery_rounds WHERE cycle_id = ${cycleId}) AS found`,
  );
  return row?.found === true;
}
