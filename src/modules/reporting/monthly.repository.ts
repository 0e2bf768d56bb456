import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.js';
import { inScope, type Scope } from '../access/scope.js';
import { campaignTargetsRelation } from '../accounts/campaign.service.js';
import { linePaymentOutcomesRelation, lineStatesCyclesRelation, lineStatesRelation } from '../disbursement/payment-items.service.js';
import { itemFeesRelation } from '../fees/fees.service.js';
import { cyclesRelation, payableLinesRelation } from '../payroll/relations.service.js';
import { accountChannels } from '../rules/categories.js';
import { unitsRelation } from '../units/units.service.js';

/**
 * The monthly results report (báo cáo kết quả chi trả) in one set-based statement over the lines of
 * the month's cycles: each unreversed line takes the state of its latest payment — PAID, FAILED or
 * RETURNED when that payment is final, OUTSTANDING otherwise (no payment yet, or not final) — so
 * that per row `due = paid + failed + returned + outstanding` to the đồng. A failed transfer that a
 * cash payment replaced is PAID in cash. Amounts are the lines' (net of recoveries); people are
 * counted once per row and measure. The grand total is the `()` grouping set (row_key NULL).
 *
 * Each line's state is read from line_states (migration 0040: kept by triggers in the transaction
 * of every change of a payment), not derived from the payments here: at 1,000,000 people the
 * derivation (the lines joined to every payment, the latest per line, its state) was more than half
 * of the report. docs/performance.md has the figures.
 */
export interface MonthlyFilter {
  /** The payment months covered (one month: from = to). */
  months: { from: string; to: string };
  /** The report's unit: null for the country. */
  unit: { level: 'province' | 'commune'; code: string; provinceCode: string } | null;
  programme: string | null;
  /** A row per child unit (country → provinces, province → communes, commune → itself), or per payment month. */
  groupBy: 'unit' | 'month';
}

/** Sums as decimal text (bigint in SQL), counts as numbers; `rowKey` (unit code or month) null for the total. */
export interface MonthlyRowDb {
  rowKey: string | null;
  unitName: string | null;
  people: number;
  dueVnd: string;
  paidPeople: number;
  paidVnd: string;
  cashlessPeople: number;
  failedPeople: number;
  failedVnd: string;
  returnedPeople: number;
  returnedVnd: string;
  carriedPeople: number;
  carriedVnd: string;
  outstandingPeople: number;
  outstandingVnd: string;
  feesVnd: string;
  daysMedian: number | null;
  daysP90: number | null;
  byChannel: Record<string, { people: number; amountVnd: string }> | null;
  byProvider: Record<string, { people: number; amountVnd: string }> | null;
  feesByChannel: Record<string, { payments: number; feeVnd: string }> | null;
  failedReasons: Record<string, number> | null;
  returnedReasons: Record<string, number> | null;
  targetPct: string | null;
  targetPeople: number | null;
  targetPeriod: string | null;
}

export async function monthlyRows(executor: Executor, scope: Scope, filter: MonthlyFilter): Promise<MonthlyRowDb[]> {
  const unit = filter.unit;
  // Rows per child unit: the country's provinces, a province's communes, a commune itself.
  const rowKey = filter.groupBy === 'month' ? sql`cyc.month` : unit === null ? sql`l.province_code` : sql`l.commune_code`;
  const childLevel = unit === null ? 'province' : 'commune';
  const area =
    unit === null ? sql`TRUE` : unit.level === 'province' ? sql`l.province_code = ${unit.code}` : sql`l.commune_code = ${unit.code}`;
  const cycleArea = unit === null ? sql`TRUE` : sql`c.province_code = ${unit.provinceCode}`;
  const programme = filter.programme === null ? sql`TRUE` : sql`l.programme = ${filter.programme}`;
  // The target in force for a row: a unit row's own (the total's: the report unit's) at the end of
  // the period; a month row's: the report unit's in that month.
  const byUnit = filter.groupBy === 'unit';
  const targetUnit = byUnit ? sql`COALESCE(t.row_key, ${unit?.code ?? null})` : sql`${unit?.code ?? null}`;
  const targetMonth = byUnit ? sql`${filter.months.to}` : sql`COALESCE(t.row_key, ${filter.months.to})`;
  const cashless = sql.join(accountChannels.map((channel) => sql`${channel}`), sql`, `);
  const scoped = (alias: string) => inScope(scope, { province: sql.raw(`${alias}.province_code`), commune: sql.raw(`${alias}.commune_code`) });
  // The priced payments of the report's lines, each once with its row and channel. An item pays
  // lines of its own cycle and commune (grouped so when the batches were made; its cash replacement
  // copies them), and at least one of them is not reversed (only recoveries are reversed, and an
  // item pays a positive sum): the items of the month's cycles in the report's area are those of
  // its lines. Under a programme filter an item's fee goes to the programme of its largest line, so
  // the fees of the programmes add up to the month's fees.
  const fees = itemFeesRelation(sql`(SELECT id FROM cyc)`);
  const feeRowKey = filter.groupBy === 'month' ? sql`f.month` : unit === null ? sql`f.province_code` : sql`f.commune_code`;
  const feeArea =
    unit === null ? sql`TRUE` : unit.level === 'province' ? sql`f.province_code = ${unit.code}` : sql`f.commune_code = ${unit.code}`;
  const itemFees: SQL =
    filter.programme === null
      ? sql`SELECT ${feeRowKey} AS row_key, f.channel, f.fee_vnd FROM ${fees} f WHERE ${feeArea} AND ${scoped('f')}`
      : sql`SELECT x.row_key, x.channel, f.fee_vnd FROM (
              SELECT DISTINCT ON (p.item_id) p.item_id, l.row_key, p.channel, l2.programme
              FROM stated l JOIN ${linePaymentOutcomesRelation()} p ON p.line_id = l.id
              JOIN ${linePaymentOutcomesRelation()} all_lines ON all_lines.item_id = p.item_id
              JOIN ${payableLinesRelation()} l2 ON l2.id = all_lines.line_id
              ORDER BY p.item_id, l2.amount_vnd DESC, l2.programme) x
            JOIN ${fees} f ON f.item_id = x.item_id
            WHERE x.programme = ${filter.programme}`;
  return queryRows<MonthlyRowDb>(
    executor,
    sql`
    WITH cyc AS MATERIALIZED (
      SELECT c.id, c.month, c.funded_date, c.line_count FROM ${cyclesRelation()} c WHERE c.month BETWEEN ${filter.months.from} AND ${filter.months.to} AND ${cycleArea}
    ), stated AS NOT MATERIALIZED (
      -- the lines with payments, each with the state of its payments (line_states, migration 0040);
      -- NOT MATERIALIZED: each reader scanning the narrow table again (0.1 s at 1,000,000) costs
      -- less than writing its million rows to a tuplestore that spills to disk
      SELECT l.line_id AS id, l.person_id, l.amount_vnd, l.cycle_id, ${rowKey} AS row_key,
             l.item_id, l.channel, l.provider_code, l.reason_code, l.paid_at, l.state, l.carried
      FROM ${lineStatesRelation()} l JOIN cyc ON cyc.id = l.cycle_id
      WHERE NOT l.reversed AND ${area} AND ${programme} AND ${scoped('l')}
    ), unpaid AS MATERIALIZED (
      -- the lines without payments (OUTSTANDING), looked for only in the cycles with fewer lines
      -- with payments than lines (none made yet, a person's lines netted to nothing)
      SELECT l.id, l.person_id, l.amount_vnd, l.cycle_id, ${rowKey} AS row_key
      FROM ${payableLinesRelation()} l
      JOIN (SELECT cyc.* FROM cyc LEFT JOIN ${lineStatesCyclesRelation()} n ON n.cycle_id = cyc.id
            WHERE cyc.line_count > COALESCE(n.lines, 0)) cyc ON cyc.id = l.cycle_id
      WHERE l.reversed_at IS NULL AND ${area} AND ${programme} AND ${scoped('l')}
        AND NOT EXISTS (SELECT 1 FROM ${lineStatesRelation()} s WHERE s.line_id = l.id)
    ), line AS NOT MATERIALIZED (
      SELECT id, person_id, amount_vnd, row_key, state, channel, carried FROM stated
      UNION ALL
      SELECT id, person_id, amount_vnd, row_key, 'OUTSTANDING', NULL, false FROM unpaid
    ), totals AS MATERIALIZED (
      -- people once per row and measure (count(DISTINCT): one sort per row, faster here than
      -- grouping per row and person first)
      SELECT row_key,
             count(DISTINCT person_id)::int AS people, sum(amount_vnd)::text AS due_vnd,
             count(DISTINCT person_id) FILTER (WHERE state = 'PAID')::int AS paid_people,
             COALESCE(sum(amount_vnd) FILTER (WHERE state = 'PAID'), 0)::text AS paid_vnd,
             count(DISTINCT person_id) FILTER (WHERE state = 'PAID' AND channel IN (${cashless}))::int AS cashless_people,
             count(DISTINCT person_id) FILTER (WHERE state = 'FAILED')::int AS failed_people,
             COALESCE(sum(amount_vnd) FILTER (WHERE state = 'FAILED'), 0)::text AS failed_vnd,
             count(DISTINCT person_id) FILTER (WHERE state = 'RETURNED')::int AS returned_people,
             COALESCE(sum(amount_vnd) FILTER (WHERE state = 'RETURNED'), 0)::text AS returned_vnd,
             count(DISTINCT person_id) FILTER (WHERE carried)::int AS carried_people,
             COALESCE(sum(amount_vnd) FILTER (WHERE carried), 0)::text AS carried_vnd,
             count(DISTINCT person_id) FILTER (WHERE state = 'OUTSTANDING')::int AS outstanding_people,
             COALESCE(sum(amount_vnd) FILTER (WHERE state = 'OUTSTANDING'), 0)::text AS outstanding_vnd
      FROM line GROUP BY GROUPING SETS ((row_key), ())
    ), channels AS MATERIALIZED (
      SELECT row_key, channel, count(DISTINCT person_id)::int AS people, sum(amount_vnd)::text AS amount_vnd
      FROM stated WHERE state = 'PAID' GROUP BY GROUPING SETS ((row_key, channel), (channel))
    ), by_provider AS MATERIALIZED (
      SELECT row_key, provider_code, count(DISTINCT person_id)::int AS people, sum(amount_vnd)::text AS amount_vnd
      FROM stated WHERE state = 'PAID' GROUP BY GROUPING SETS ((row_key, provider_code), (provider_code))
    ), reasons AS MATERIALIZED (
      SELECT row_key, state, reason_code, count(DISTINCT person_id)::int AS people
      FROM stated WHERE state IN ('FAILED', 'RETURNED') GROUP BY GROUPING SETS ((row_key, state, reason_code), (state, reason_code))
    ), paid_days AS (
      -- days from the Treasury's funding to the payment, per paid item (Vietnam's calendar day)
      SELECT s.row_key, s.item_id, ((s.paid_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - cyc.funded_date) AS days
      FROM stated s JOIN cyc ON cyc.id = s.cycle_id
      WHERE s.state = 'PAID' AND s.paid_at IS NOT NULL AND cyc.funded_date IS NOT NULL
      GROUP BY s.row_key, s.item_id, s.paid_at, cyc.funded_date
    ), days AS MATERIALIZED (
      SELECT row_key, percentile_disc(0.5) WITHIN GROUP (ORDER BY days)::int AS median, percentile_disc(0.9) WITHIN GROUP (ORDER BY days)::int AS p90
      FROM paid_days GROUP BY GROUPING SETS ((row_key), ())
    ), item_fees AS MATERIALIZED (
      ${itemFees}
    ), fees AS MATERIALIZED (
      SELECT row_key, sum(fee_vnd)::text AS fee_vnd FROM item_fees GROUP BY GROUPING SETS ((row_key), ())
    ), fee_channels AS MATERIALIZED (
      SELECT row_key, channel, count(*)::int AS payments, sum(fee_vnd)::text AS fee_vnd FROM item_fees GROUP BY GROUPING SETS ((row_key, channel), (channel))
    )
    SELECT t.row_key AS "rowKey", u.name_with_type AS "unitName", t.people, t.due_vnd AS "dueVnd",
           t.paid_people AS "paidPeople", t.paid_vnd AS "paidVnd", t.cashless_people AS "cashlessPeople",
           t.failed_people AS "failedPeople", t.failed_vnd AS "failedVnd", t.returned_people AS "returnedPeople", t.returned_vnd AS "returnedVnd",
           t.carried_people AS "carriedPeople", t.carried_vnd AS "carriedVnd", t.outstanding_people AS "outstandingPeople", t.outstanding_vnd AS "outstandingVnd",
           COALESCE(fe.fee_vnd, '0') AS "feesVnd", d.median AS "daysMedian", d.p90 AS "daysP90",
           (SELECT jsonb_object_agg(c.channel, jsonb_build_object('people', c.people, 'amountVnd', c.amount_vnd)) FROM channels c
             WHERE c.row_key IS NOT DISTINCT FROM t.row_key) AS "byChannel",
           (SELECT jsonb_object_agg(p.provider_code, jsonb_build_object('people', p.people, 'amountVnd', p.amount_vnd)) FROM by_provider p
             WHERE p.row_key IS NOT DISTINCT FROM t.row_key) AS "byProvider",
           (SELECT jsonb_object_agg(fc.channel, jsonb_build_object('payments', fc.payments, 'feeVnd', fc.fee_vnd)) FROM fee_channels fc
             WHERE fc.row_key IS NOT DISTINCT FROM t.row_key) AS "feesByChannel",
           (SELECT jsonb_object_agg(r.reason_code, r.people) FROM reasons r WHERE r.state = 'FAILED' AND r.row_key IS NOT DISTINCT FROM t.row_key) AS "failedReasons",
           (SELECT jsonb_object_agg(r.reason_code, r.people) FROM reasons r WHERE r.state = 'RETURNED' AND r.row_key IS NOT DISTINCT FROM t.row_key) AS "returnedReasons",
           tg.target_pct::text AS "targetPct", tg.target_people AS "targetPeople", tg.period AS "targetPeriod"
    FROM totals t
    LEFT JOIN ${unitsRelation()} u ON ${sql.raw(filter.groupBy === 'unit' ? 'TRUE' : 'FALSE')} AND u.generation = '2025' AND u.level = ${childLevel} AND u.code = t.row_key
    LEFT JOIN days d ON d.row_key IS NOT DISTINCT FROM t.row_key
    LEFT JOIN fees fe ON fe.row_key IS NOT DISTINCT FROM t.row_key
    LEFT JOIN LATERAL (
      -- the row's own target (the report's unit for the total), else its province's: the nearest not yet past, else the latest
      SELECT ct.target_pct, ct.target_people, ct.period FROM ${campaignTargetsRelation()} ct
      WHERE ct.unit_code IN (${targetUnit}, ${unit?.provinceCode ?? null})
        AND (ct.programme IS NULL OR ct.programme = ${filter.programme})
      ORDER BY (ct.unit_code = ${targetUnit}) DESC, (ct.period >= ${targetMonth}) DESC,
               CASE WHEN ct.period >= ${targetMonth} THEN ct.period END ASC, ct.period DESC
      LIMIT 1) tg ON TRUE
    ORDER BY t.row_key NULLS LAST`,
  );
}
