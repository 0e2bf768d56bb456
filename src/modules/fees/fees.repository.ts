import { sql, type SQL } from 'drizzle-orm';
import { addVnd, vndFromDb, vndToString, type AmountVnd } from '../../core/money.js';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Scope } from '../access/scope.js';
import { paymentBatchesRelation, paymentItemsRelation } from '../disbursement/payment-items.service.js';
import { cyclesRelation, payableLinesRelation } from '../payroll/relations.service.js';
import { providersRelation } from '../units/units.service.js';

/**
 * Fee schedules (fee_schedules) and the fees of a cycle's payments, computed in one set-based
 * statement over every payment of the cycle, on bigint, exactly as fee.ts's `paymentFee`.
 */
export interface ScheduleRow {
  id: number;
  provinceCode: string | null;
  providerCode: string;
  providerName: string | null;
  channel: string;
  validFrom: string;
  ratePpm: number;
  fixedVnd: AmountVnd;
  minVnd: AmountVnd;
  maxVnd: AmountVnd | null;
  vatPpm: number;
  setBy: string;
  setAt: string;
}

type ScheduleText = Omit<ScheduleRow, 'fixedVnd' | 'minVnd' | 'maxVnd'> & { fixedVnd: string; minVnd: string; maxVnd: string | null };

const scheduleColumns = sql`s.id::int AS id, s.province_code AS "provinceCode", s.provider_code AS "providerCode", p.short_name AS "providerName",
  s.channel, s.valid_from::text AS "validFrom", s.rate_ppm AS "ratePpm", s.fixed_vnd::text AS "fixedVnd", s.min_vnd::text AS "minVnd",
  s.max_vnd::text AS "maxVnd", s.vat_ppm AS "vatPpm", s.set_by AS "setBy", s.set_at::text AS "setAt"`;

const scheduleOf = (row: ScheduleText): ScheduleRow => ({ ...row, fixedVnd: vndFromDb(row.fixedVnd), minVnd: vndFromDb(row.minVnd), maxVnd: vndFromDb(row.maxVnd) });

export interface ScheduleKey {
  provinceCode: string | null;
  providerCode: string;
  channel: string;
  validFrom: string;
}

export interface ScheduleTerms {
  ratePpm: number;
  fixedVnd: AmountVnd;
  minVnd: AmountVnd;
  maxVnd: AmountVnd | null;
  vatPpm: number;
}

/** Money as a statement parameter: decimal text cast to bigint in the SQL (both drivers alike). */
const param = (value: AmountVnd | null): string | null => (value === null ? null : vndToString(value));

export async function providerExists(executor: Executor, providerCode: string): Promise<boolean> {
  const row = await queryOne<{ code: string }>(executor, sql`SELECT code FROM ${providersRelation()} p WHERE p.code = ${providerCode}`);
  return row !== undefined;
}

/** The row of that locality, provider, channel and day, locked until the transaction ends. */
export async function findScheduleForUpdate(executor: Executor, key: ScheduleKey): Promise<ScheduleRow | undefined> {
  const row = await queryOne<ScheduleText>(
    executor,
    sql`SELECT ${scheduleColumns} FROM fee_schedules s LEFT JOIN ${providersRelation()} p ON p.code = s.provider_code
        WHERE COALESCE(s.province_code, '') = ${key.provinceCode ?? ''} AND s.provider_code = ${key.providerCode} AND s.channel = ${key.channel}
          AND s.valid_from = ${key.validFrom}::date
        FOR UPDATE OF s`,
  );
  return row && scheduleOf(row);
}

/**
 * Inserts the row, or returns undefined when another transaction inserted the same key first (the
 * caller reads it again and compares).
 */
export async function insertSchedule(executor: Executor, key: ScheduleKey, terms: ScheduleTerms, by: string): Promise<number | undefined> {
  const row = await queryOne<{ id: number }>(
    executor,
    sql`INSERT INTO fee_schedules (province_code, provider_code, channel, valid_from, rate_ppm, fixed_vnd, min_vnd, max_vnd, vat_ppm, set_by)
        VALUES (${key.provinceCode}, ${key.providerCode}, ${key.channel}, ${key.validFrom}::date, ${terms.ratePpm}, ${param(terms.fixedVnd)}::bigint,
                ${param(terms.minVnd)}::bigint, ${param(terms.maxVnd)}::bigint, ${terms.vatPpm}, ${by})
        ON CONFLICT ((COALESCE(province_code, '')), provider_code, channel, valid_from) DO NOTHING
        RETURNING id::int AS id`,
  );
  return row?.id;
}

export async function replaceScheduleTerms(executor: Executor, id: number, terms: ScheduleTerms, by: string): Promise<void> {
  await executor.execute(sql`UPDATE fee_schedules SET rate_ppm = ${terms.ratePpm}, fixed_vnd = ${param(terms.fixedVnd)}::bigint, min_vnd = ${param(terms.minVnd)}::bigint,
    max_vnd = ${param(terms.maxVnd)}::bigint, vat_ppm = ${terms.vatPpm}, set_by = ${by}, set_at = now() WHERE id = ${id}`);
}

export async function findSchedule(executor: Executor, id: number): Promise<ScheduleRow | undefined> {
  const row = await queryOne<ScheduleText>(
    executor,
    sql`SELECT ${scheduleColumns} FROM fee_schedules s LEFT JOIN ${providersRelation()} p ON p.code = s.provider_code WHERE s.id = ${id}`,
  );
  return row && scheduleOf(row);
}

/**
 * The schedules a scope sees: the national rows and those of its province (every row for the
 * national scope), optionally of one provider or one province, newest first per provider and channel.
 */
export async function listSchedules(executor: Executor, scope: Scope, filter: { providerCode?: string; provinceCode?: string }): Promise<ScheduleRow[]> {
  const visible = scope.level === 'national' ? sql`TRUE` : sql`(s.province_code IS NULL OR s.province_code = ${scope.provinceCode})`;
  const rows = await queryRows<ScheduleText>(
    executor,
    sql`SELECT ${scheduleColumns} FROM fee_schedules s LEFT JOIN ${providersRelation()} p ON p.code = s.provider_code
        WHERE ${visible}
          ${filter.providerCode === undefined ? sql`` : sql`AND s.provider_code = ${filter.providerCode}`}
          ${filter.provinceCode === undefined ? sql`` : sql`AND (s.province_code IS NULL OR s.province_code = ${filter.provinceCode})`}
        ORDER BY s.provider_code, s.channel, s.province_code NULLS FIRST, s.valid_from DESC`,
  );
  return rows.map(scheduleOf);
}

/**
 * The SQL twin of fee.ts `paymentFee` for a payment `p` priced by schedule `s` (bigint throughout):
 * each product rounded half up to the đồng, the fee before VAT held between min and max (LEAST
 * ignores a NULL max: no cap), then VAT on it. No schedule: NULL (counted as unpriced, no fee).
 */
const serviceOf = (amount: SQL, s: string) => {
  const t = sql.raw(s);
  return sql`GREATEST(${t}.min_vnd, LEAST(${t}.max_vnd, (${amount} * ${t}.rate_ppm + 500000) / 1000000 + ${t}.fixed_vnd))`;
};
const vatOf = (service: SQL, vatPpm: SQL) => sql`(${service} * ${vatPpm} + 500000) / 1000000`;

/**
 * The cycle's payments, each with its fee, as a statement's WITH clauses ending in `priced`.
 *
 * A payment is a disbursement item once the cycle has batches (every round; an item the provider
 * reports FAILED is not a payment made and earns no fee; a cash follow-up or a retry is a payment
 * of its own). Before batches, the payments are the cycle's unreversed lines grouped as
 * disbursement/batches.repository.ts `stageNewItems` will group them into items (per person,
 * channel, provider, account, payee and locality, with a positive net): the fees the approver sees
 * are those of the items to come. test/fees.test.ts holds the two groupings equal.
 *
 * Which schedule: the one in force on the first day of the cycle's month (one fee date for every
 * payment of a cycle, so the fees shown before approval are the fees after payment): among the
 * rows of the payment's province, else the national rows, for its provider and channel, the latest
 * `valid_from` on or before that day.
 */
function pricedPayments(cycleId: number, scope: Scope, ownProvider: string | null): SQL {
  return sql`
    WITH cycle AS (
      SELECT id, (month || '-01')::date AS fee_date FROM ${cyclesRelation()} c WHERE c.id = ${cycleId}
    ), has_items AS (
      SELECT EXISTS (SELECT 1 FROM ${paymentItemsRelation()} i WHERE i.cycle_id = ${cycleId}) AS yes
    ), payments AS (
      SELECT i.id AS item_id, i.batch_id, i.province_code, i.commune_code, i.provider_code, i.channel, i.amount_vnd
      FROM ${paymentItemsRelation()} i WHERE i.cycle_id = ${cycleId} AND i.outcome <> 'FAILED'
      UNION ALL
      SELECT NULL, NULL, l.province_code, l.commune_code, l.provider_code, l.channel, sum(l.amount_vnd)::bigint
      FROM ${payableLinesRelation()} l
      WHERE l.cycle_id = ${cycleId} AND l.reversed_at IS NULL AND NOT (SELECT yes FROM has_items)
      GROUP BY l.person_id, l.channel, l.provider_code, l.account_number, l.account_holder, l.representative_name, l.personal_id, l.full_name,
               l.province_code, l.commune_code
      HAVING sum(l.amount_vnd) > 0
    ), scoped AS (
      SELECT * FROM payments p
      WHERE ${inScope(scope, { province: sql`p.province_code`, commune: sql`p.commune_code` })}
        ${ownProvider === null ? sql`` : sql`AND p.provider_code = ${ownProvider}`}
    ), schedule AS (
      SELECT DISTINCT ON (v.province_code, s.provider_code, s.channel) v.province_code, s.provider_code, s.channel,
             s.rate_ppm, s.fixed_vnd, s.min_vnd, s.max_vnd, s.vat_ppm
      FROM (SELECT DISTINCT province_code FROM scoped) v
      JOIN fee_schedules s ON (s.province_code = v.province_code OR s.province_code IS NULL) AND s.valid_from <= (SELECT fee_date FROM cycle)
      ORDER BY v.province_code, s.provider_code, s.channel, s.province_code IS NULL, s.valid_from DESC
    ), serviced AS (
      SELECT p.*, s.provider_code IS NOT NULL AS priced, ${serviceOf(sql`p.amount_vnd`, 's')} AS service_vnd, s.vat_ppm
      FROM scoped p LEFT JOIN schedule s ON s.province_code = p.province_code AND s.provider_code = p.provider_code AND s.channel = p.channel
    ), priced AS (
      SELECT item_id, batch_id, province_code, commune_code, provider_code, channel, amount_vnd, priced,
             COALESCE(service_vnd, 0) AS service_vnd, COALESCE(${vatOf(sql`service_vnd`, sql`vat_ppm`)}, 0) AS vat_vnd
      FROM serviced
    )`;
}

/**
 * The fee of each payment item of the cycles `cycleIds` (a subquery of cycle ids) as the reports
 * read it (read-only): `item_id`, `fee_vnd` (service + VAT, 0 when unpriced) with the item's
 * `cycle_id`, the cycle's `month`, `province_code`, `commune_code` and `channel` (so that a report groups the fees
 * without reading the items a second time), priced as
 * `pricedPayments` prices a cycle's items (the schedule in force on the first day of the cycle's
 * month, the province's own before the national one; a FAILED item is no payment and has no fee).
 */
export function itemFeesRelation(cycleIds: SQL): SQL {
  // The schedules in force on the first day of each month (a row per province — NULL for the
  // national ones —, provider, channel and month), joined to the items twice by equality: the
  // province's own row when there is one, else the national one. Two hash joins over the items: a
  // look-up per item (a lateral LIMIT 1) cost 2.3 s of the report of a province of 1,000,000.
  const inForce = sql`(
      SELECT DISTINCT ON (s.province_code, s.provider_code, s.channel, m.fee_date) s.province_code, s.provider_code, s.channel, m.fee_date,
             s.rate_ppm, s.fixed_vnd, s.min_vnd, s.max_vnd, s.vat_ppm
      FROM fee_schedules s JOIN (SELECT DISTINCT (c.month || '-01')::date AS fee_date FROM ${cyclesRelation()} c WHERE c.id IN ${cycleIds}) m ON s.valid_from <= m.fee_date
      ORDER BY s.province_code, s.provider_code, s.channel, m.fee_date, s.valid_from DESC)`;
  const pick = (column: string) => sql.raw(`CASE WHEN own.channel IS NOT NULL THEN own.${column} ELSE nat.${column} END AS ${column}`);
  return sql`(
    SELECT s.item_id, s.cycle_id, s.month, s.province_code, s.commune_code, s.channel,
           COALESCE(${serviceOf(sql`s.amount_vnd`, 's')} + ${vatOf(serviceOf(sql`s.amount_vnd`, 's'), sql`s.vat_ppm`)}, 0)::bigint AS fee_vnd
    FROM (
      SELECT i.id AS item_id, i.cycle_id, c.month, i.province_code, i.commune_code, i.channel, i.amount_vnd, ${sql.join(['rate_ppm', 'fixed_vnd', 'min_vnd', 'max_vnd', 'vat_ppm'].map(pick), sql`, `)}
      FROM ${paymentItemsRelation()} i JOIN ${cyclesRelation()} c ON c.id = i.cycle_id
      LEFT JOIN ${inForce} own ON own.province_code = i.province_code AND own.provider_code = i.provider_code AND own.channel = i.channel
        AND own.fee_date = (c.month || '-01')::date
      LEFT JOIN ${inForce} nat ON nat.province_code IS NULL AND nat.provider_code = i.provider_code AND nat.channel = i.channel
        AND nat.fee_date = (c.month || '-01')::date
      WHERE i.cycle_id IN ${cycleIds} AND i.outcome <> 'FAILED') s)`;
}

/** Whether the cycle's payments are its items (batches exist) or its lines grouped as they will be. */
export async function cycleFeeBasis(executor: Executor, cycleId: number): Promise<{ feeDate: string; basis: 'items' | 'lines' } | undefined> {
  return queryOne<{ feeDate: string; basis: 'items' | 'lines' }>(
    executor,
    sql`SELECT (c.month || '-01') AS "feeDate",
               CASE WHEN EXISTS (SELECT 1 FROM ${paymentItemsRelation()} i WHERE i.cycle_id = c.id) THEN 'items' ELSE 'lines' END AS basis
        FROM ${cyclesRelation()} c WHERE c.id = ${cycleId}`,
  );
}

export interface FeeGroupRow {
  providerCode: string;
  providerName: string | null;
  channel: string;
  payments: number;
  unpricedPayments: number;
  amountVnd: AmountVnd;
  serviceVnd: AmountVnd;
  vatVnd: AmountVnd;
  feeVnd: AmountVnd;
}

type Sums = { amountVnd: string; serviceVnd: string; vatVnd: string };
const sums = sql`count(*)::int AS payments, (count(*) FILTER (WHERE NOT f.priced))::int AS "unpricedPayments", sum(f.amount_vnd)::text AS "amountVnd",
  sum(f.service_vnd)::text AS "serviceVnd", sum(f.vat_vnd)::text AS "vatVnd"`;
const money = <T extends Sums>(row: T) => {
  const serviceVnd = vndFromDb(row.serviceVnd);
  const vatVnd = vndFromDb(row.vatVnd);
  return { ...row, amountVnd: vndFromDb(row.amountVnd), serviceVnd, vatVnd, feeVnd: addVnd(serviceVnd, vatVnd) };
};

/** The fees of the cycle's payments the scope sees, per provider and channel. */
export async function feesByProviderChannel(executor: Executor, scope: Scope, cycleId: number, ownProvider: string | null): Promise<FeeGroupRow[]> {
  const rows = await queryRows<Omit<FeeGroupRow, 'amountVnd' | 'serviceVnd' | 'vatVnd' | 'feeVnd'> & Sums>(
    executor,
    sql`${pricedPayments(cycleId, scope, ownProvider)}
        SELECT f.provider_code AS "providerCode", pr.short_name AS "providerName", f.channel, ${sums}
        FROM priced f LEFT JOIN ${providersRelation()} pr ON pr.code = f.provider_code
        GROUP BY f.provider_code, pr.short_name, f.channel ORDER BY f.provider_code, f.channel`,
  );
  return rows.map(money);
}

export interface BatchFeeRow {
  batchId: number;
  messageId: string;
  providerCode: string;
  channelGroup: string;
  round: number;
  payments: number;
  unpricedPayments: number;
  amountVnd: AmountVnd;
  serviceVnd: AmountVnd;
  vatVnd: AmountVnd;
  feeVnd: AmountVnd;
}

/** The fees of the cycle's batches (their items the scope sees); none before batches exist. */
export async function feesByBatch(executor: Executor, scope: Scope, cycleId: number, ownProvider: string | null): Promise<BatchFeeRow[]> {
  const rows = await queryRows<Omit<BatchFeeRow, 'amountVnd' | 'serviceVnd' | 'vatVnd' | 'feeVnd'> & Sums>(
    executor,
    sql`${pricedPayments(cycleId, scope, ownProvider)}
        SELECT b.id::int AS "batchId", b.message_id AS "messageId", b.provider_code AS "providerCode", b.channel_group AS "channelGroup", b.round::int AS round, ${sums}
        FROM priced f JOIN ${paymentBatchesRelation()} b ON b.id = f.batch_id
        GROUP BY b.id, b.message_id, b.provider_code, b.channel_group, b.round ORDER BY b.id`,
  );
  return rows.map(money);
}

export interface PaymentFeeRow {
  itemId: number | null;
  providerCode: string;
  channel: string;
  provinceCode: string;
  amountVnd: AmountVnd;
  serviceVnd: AmountVnd;
  vatVnd: AmountVnd;
  priced: boolean;
}

/** Each payment of the cycle with its fee (the check that the totals are the sums of these). */
export async function paymentFeeRows(executor: Executor, scope: Scope, cycleId: number): Promise<PaymentFeeRow[]> {
  const rows = await queryRows<Omit<PaymentFeeRow, 'amountVnd' | 'serviceVnd' | 'vatVnd'> & Sums>(
    executor,
    sql`${pricedPayments(cycleId, scope, null)}
        SELECT f.item_id::int AS "itemId", f.provider_code AS "providerCode", f.channel, f.province_code AS "provinceCode", f.priced,
               f.amount_vnd::text AS "amountVnd", f.service_vnd::text AS "serviceVnd", f.vat_vnd::text AS "vatVnd"
        FROM priced f ORDER BY f.provider_code, f.channel, f.amount_vnd, f.item_id`,
  );
  return rows.map((row) => ({ ...row, amountVnd: vndFromDb(row.amountVnd), serviceVnd: vndFromDb(row.serviceVnd), vatVnd: vndFromDb(row.vatVnd) }));
}

/**
 * The SQL of the fee alone, for amounts and terms given as values: the property test runs it on
 * random amounts and schedules against fee.ts.
 */
export async function feeOfValues(executor: Executor, cases: readonly { amountVnd: AmountVnd; terms: ScheduleTerms }[]): Promise<{ serviceVnd: AmountVnd; vatVnd: AmountVnd }[]> {
  const values = sql.join(
    cases.map(
      (c, index) =>
        sql`(${index}::int, ${param(c.amountVnd)}::bigint, ${c.terms.ratePpm}::int, ${param(c.terms.fixedVnd)}::bigint, ${param(c.terms.minVnd)}::bigint, ${param(c.terms.maxVnd)}::bigint, ${c.terms.vatPpm}::int)`,
    ),
    sql`, `,
  );
  const rows = await queryRows<{ serviceVnd: string; vatVnd: string }>(
    executor,
    sql`WITH s (n, amount_vnd, rate_ppm, fixed_vnd, min_vnd, max_vnd, vat_ppm) AS (VALUES ${values}),
        serviced AS (SELECT n, ${serviceOf(sql`s.amount_vnd`, 's')} AS service_vnd, vat_ppm FROM s)
        SELECT service_vnd::text AS "serviceVnd", (${vatOf(sql`service_vnd`, sql`vat_ppm`)})::text AS "vatVnd" FROM serviced ORDER BY n`,
  );
  return rows.map((row) => ({ serviceVnd: vndFromDb(row.serviceVnd), vatVnd: vndFromDb(row.vatVnd) }));
}
