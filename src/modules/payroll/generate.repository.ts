import { sql, type SQL } from 'drizzle-orm';
import { useBulkSettings, withBulkLoad, withoutNestedLoops } from '../../db/bulk.js';
import { firstDayOfMonth, monthFromIndex, monthIndex, type Month } from '../../core/month.js';
import { addVnd, vndFromDb, zeroVnd, type AmountVnd } from '../../core/money.js';
import { arrayParam, queryOne, queryRows, type Executor } from '../../db/client.js';
import { categories, decisionBoundCategoryCodes } from '../rules/categories.js';
import { profiled } from '../../core/profile.js';
import { instrumentsRelation } from '../accounts/instruments.service.js';
import {
  enrolmentSuspensionsRelation, enrolmentsRelation, personsRelation, provinceBaseLevelsRelation, representativesRelation,
} from '../registry/registry.service.js';
import type { LinePayments } from './ports.js';

/**
 * Builds a cycle's lines in set-based SQL from the registry and the rule tables (the same rules as
 * src/modules/rules/rules.ts, which the tests compare line by line):
 *  1. the scope's enrolments, with the months each may be paid in (start, paid-through, age limits,
 *     termination and suspension, death);
 *  2. an amount per enrolment and month (coefficient × base level, social pension, people-with-merit
 *     tables, each at that month's version);
 *  3. per person, programme and month: the highest social-assistance coefficient (plus BTXH_K4 with
 *     its add-ons), the higher of each exclusive pair (social pension or social assistance), the sum
 *     for people with merit;
 *  4. months already on a line of any cycle are left out — the unique index would refuse them — and
 *     so are months an exclusive benefit already settled (or only the difference is paid);
 *  5. lines with the payee snapshot; then funeral support, one-off payments and recoveries.
 */
export interface GenerateParams {
  cycleId: number;
  month: Month;
  monthsCount: number;
  scope: { provinceCode: string; communeCode: string | null };
  programme: string | null;
}

export interface GenerateResult {
  lines: number;
  totalVnd: AmountVnd;
  byComponent: Record<string, { lines: number; amountVnd: AmountVnd }>;
  /** Enrolment-months with no published rate (people with merit before 2024-07): not paid, to review. */
  rateMissing: number;
  /** Person-months already on a line of another cycle, left out. */
  alreadyPaid: number;
}

/** Arrears reach back at most this many months (larger gaps need a decision on the file). */
export const arrearsMonthsMax = 120;

const categoryOrder = categories.map((category) => category.code);

function scopeCondition(params: GenerateParams, alias: string): SQL {
  const a = sql.raw(alias);
  return params.scope.communeCode
    ? sql`${a}.commune_code = ${params.scope.communeCode}`
    : sql`${a}.province_code = ${params.scope.provinceCode}`;
}

async function prepareEnrolments(executor: Executor, params: GenerateParams, range: { first: number; last: number }, firstPayIdx: number): Promise<void> {
  const decisionBound = sql`${arrayParam([...decisionBoundCategoryCodes])}::text[]`;
  await profiled('generate: enrolments', () => executor.execute(sql`
    CREATE TEMP TABLE gen_enrolments ON COMMIT DROP AS
    SELECT e.id AS enrolment_id, e.person_id, e.programme, e.category, e.children_count, e.injury_rate,
           -- a decision-bound start rule never pays before the month the decision was signed
           CASE WHEN e.category = ANY (${decisionBound})
                THEN GREATEST(month_index(e.first_month), extract(year FROM e.decision_date)::int * 12 + extract(month FROM e.decision_date)::int - 1)
                ELSE month_index(e.first_month) END AS first_idx,
           month_index(e.paid_through_month) AS paid_through_idx,
           month_index(e.status_effective_month) AS stop_idx,
           (extract(year FROM p.birth_date)::int * 12 + extract(month FROM p.birth_date)::int - 1) AS birth_idx,
           CASE WHEN p.death_date IS NULL THEN NULL ELSE month_index(to_char(p.death_date, 'YYYY-MM')) END AS death_idx,
           e.province_code, e.commune_code,
           -- the payee snapshot the regular lines carry, joined once here
           p.personal_id, p.full_name, COALESCE(i.channel, 'TIEN_MAT') AS channel, COALESCE(i.provider_code, 'VNPOST') AS provider_code,
           i.account_number, i.account_holder, i.id AS instrument_id, rep.full_name AS representative_name
    FROM ${enrolmentsRelation()} e JOIN ${personsRelation()} p ON p.id = e.person_id
    LEFT JOIN ${instrumentsRelation()} i ON i.enrolment_id = e.id AND i.active
    LEFT JOIN ${representativesRelation()} rep ON rep.person_id = p.id AND rep.active
    WHERE ${scopeCondition(params, 'e')}
      ${params.programme ? sql`AND e.programme = ${params.programme}` : sql``}
      -- a decision dated after the cycle's months is not in this cycle; both bounds are compared
      -- as a date and as YYYY-MM text (which sorts as months do), not converted row by row
      AND e.decision_date < ${firstDayOfMonth(monthFromIndex(range.last + 1))}::date
      AND (e.status_effective_month IS NULL OR e.status_effective_month > ${monthFromIndex(range.first)})
    -- in person order, which gen_months and then gen_amounts keep (see computeAmounts)
    ORDER BY e.person_id, e.id`));
  // Months before the cycle already on regular lines (earlier cycles), per person and programme:
  // the arrears window of a person paid every month since starts after the last paid month, so
  // a generation reads one or two months per enrolment, not every month since the import's
  // paid-through month (which would grow by a million rows each month). Only a run of paid
  // months without a gap is skipped; a gap (a suspension resumed, a failed month) keeps the
  // whole window, and the anti-join in insertRegularLines still guards every month.
  await executor.execute(sql`ANALYZE gen_enrolments`);
  await profiled('generate: months already paid', () => executor.execute(sql`
    CREATE TEMP TABLE gen_covered ON COMMIT DROP AS
    SELECT person_id, programme, month_index(first_month) AS first_idx, month_index(last_month) AS last_idx
    FROM (
      -- YYYY-MM months sort as text: one aggregate pass without converting each line's month
      SELECT person_id, programme, min(for_month) AS first_month, max(for_month) AS last_month, count(*) AS months
      FROM (
        SELECT l.person_id, l.programme, l.for_month
        FROM payroll_lines l
        WHERE l.entitlement = 'REGULAR' AND l.line_key = '' AND l.reversed_at IS NULL
          AND l.for_month >= month_of_index(${range.first}) AND l.for_month < month_of_index(${firstPayIdx})
          AND l.person_id IN (SELECT person_id FROM gen_enrolments)
        UNION ALL
        -- a month paid by the higher of two exclusive benefits is settled for the lower one too
        -- (a month also on a line of its own is counted twice: that run is then not skipped)
        SELECT l.person_id, s.programme, l.for_month
        FROM payroll_lines l CROSS JOIN LATERAL unnest(l.settles_programmes) AS s(programme)
        WHERE l.settles_programmes IS NOT NULL AND l.reversed_at IS NULL
          AND l.for_month >= month_of_index(${range.first}) AND l.for_month < month_of_index(${firstPayIdx})
          AND l.person_id IN (SELECT person_id FROM gen_enrolments)
      ) lines
      GROUP BY person_id, programme
    ) paid
    WHERE months = month_index(last_month) - month_index(first_month) + 1`));
  await executor.execute(sql`ALTER TABLE gen_covered ADD PRIMARY KEY (person_id, programme)`);
  await executor.execute(sql`ANALYZE gen_covered`);
  await profiled('generate: months', () => executor.execute(sql`
    CREATE TEMP TABLE gen_months ON COMMIT DROP AS
    SELECT g.enrolment_id, g.person_id, g.programme, g.category, g.children_count, g.injury_rate, g.province_code, g.commune_code,
           m.idx AS month_idx, (m.idx - g.birth_idx) / 12 AS age_end
    FROM gen_enrolments g
    LEFT JOIN rule_age_limits al ON al.category = g.category
    CROSS JOIN LATERAL (SELECT GREATEST(g.first_idx, COALESCE(g.paid_through_idx + 1, 0), ${range.first}, g.birth_idx + 12 * COALESCE(al.paid_from_age, 0)) AS idx) s
    LEFT JOIN gen_covered c ON c.person_id = g.person_id AND c.programme = g.programme
    CROSS JOIN LATERAL generate_series(
      -- the cycle's own months are always looked at (they are counted as already paid when they are)
      GREATEST(s.idx, LEAST(CASE WHEN c.first_idx <= s.idx THEN c.last_idx + 1 ELSE 0 END, ${firstPayIdx})),
      LEAST(${range.last}, COALESCE(g.stop_idx - 1, ${range.last}), COALESCE(g.birth_idx + 12 * al.paid_through_age, ${range.last}),
            COALESCE(g.death_idx, ${range.last}))
    ) AS m(idx)`));
  // Suspended months go in a second statement: the planner cannot size generate_series per row
  // (it assumes 1,000 rows each) and, joining the suspensions in the same statement, PostgreSQL 17
  // (PGlite) hashed the many months on disk to probe them with the few suspensions; with the
  // months counted, the suspensions are hashed and the months probe them.
  await executor.execute(sql`ANALYZE gen_months`);
  await executor.execute(sql`
    DELETE FROM gen_months m USING ${enrolmentSuspensionsRelation()} s
    WHERE s.enrolment_id = m.enrolment_id AND NOT s.arrears_due
      AND m.month_idx >= month_index(s.from_month) AND (s.to_month IS NULL OR m.month_idx <= month_index(s.to_month))`);
}

/** Versioned rule rows with their month range [from, to), for hash joins instead of per-row look-ups. */
async function prepareRules(executor: Executor): Promise<void> {
  await executor.execute(sql`
    CREATE TEMP TABLE gen_coefficients ON COMMIT DROP AS
    SELECT c.category, c.age_min, c.age_below, c.coefficient_x10, c.per_child, month_index(c.valid_from) AS from_idx,
           COALESCE(month_index(v.next_from), 1000000) AS to_idx
    FROM rule_coefficients c
    JOIN (SELECT category, valid_from, lead(valid_from) OVER (PARTITION BY category ORDER BY valid_from) AS next_from
          FROM (SELECT DISTINCT category, valid_from FROM rule_coefficients) d) v
      ON v.category = c.category AND v.valid_from = c.valid_from`);
  await executor.execute(sql`
    CREATE TEMP TABLE gen_ncc ON COMMIT DROP AS
    SELECT n.category, n.rate_min, n.rate_max, n.component, n.amount_vnd, month_index(n.valid_from) AS from_idx,
           COALESCE(month_index(v.next_from), 1000000) AS to_idx
    FROM rule_ncc_amounts n
    JOIN (SELECT category, valid_from, lead(valid_from) OVER (PARTITION BY category ORDER BY valid_from) AS next_from
          FROM (SELECT DISTINCT category, valid_from FROM rule_ncc_amounts) d) v
      ON v.category = n.category AND v.valid_from = n.valid_from`);
  // Base level per (province, month): the province's own level when it is not below the national one.
  await executor.execute(sql`
    CREATE TEMP TABLE gen_base ON COMMIT DROP AS
    WITH pairs AS (SELECT DISTINCT province_code, month_idx FROM gen_months WHERE programme = 'TGXH'),
    national AS (
      SELECT p.province_code, p.month_idx,
             (SELECT b.amount_vnd FROM rule_base_levels b WHERE b.programme = 'TGXH' AND month_index(b.valid_from) <= p.month_idx
              ORDER BY b.valid_from DESC LIMIT 1) AS national_vnd,
             (SELECT o.amount_vnd FROM ${provinceBaseLevelsRelation()} o WHERE o.province_code = p.province_code AND month_index(o.valid_from) <= p.month_idx
              ORDER BY o.valid_from DESC LIMIT 1) AS province_vnd
      FROM pairs p)
    SELECT province_code, month_idx,
           CASE WHEN province_vnd IS NOT NULL AND province_vnd >= national_vnd THEN province_vnd ELSE national_vnd END AS base_vnd
    FROM national`);
}

/** Amount per person, programme and month, with the category that determined it. */
async function computeAmounts(executor: Executor): Promise<void> {
  // Most people have one social-assistance enrolment: only those with several go through the
  // (costly) per-person aggregation that picks the highest coefficient.
  await executor.execute(sql`
    CREATE TEMP TABLE gen_multi ON COMMIT DROP AS
    SELECT person_id FROM gen_enrolments WHERE programme = 'TGXH' GROUP BY person_id HAVING count(*) > 1`);
  await executor.execute(sql`ALTER TABLE gen_multi ADD PRIMARY KEY (person_id)`);
  await executor.execute(sql`ANALYZE gen_multi`);
  const categoryCodes = sql`${arrayParam(categoryOrder)}::text[]`;
  const order = sql`coef DESC, array_position(${categoryCodes}, category)`;
  const categoryPosition = sql`array_position(${categoryCodes}, m.category)::bigint`;
  // The planner cannot estimate the joins on month ranges and ages: it takes the rated months for
  // a few thousand and joins the base levels in a nested loop, comparing every month with every
  // level. Hash joins only, for this statement.
  await withoutNestedLoops(executor, () => executor.execute(sql`
    CREATE TEMP TABLE gen_amounts ON COMMIT DROP AS
    -- inlined into both branches below: each reads gen_months again (cheap) instead of writing
    -- all its rows to a work table first
    WITH rated AS NOT MATERIALIZED (
      SELECT m.person_id, m.month_idx, m.enrolment_id, m.category, b.base_vnd,
             c.coefficient_x10 * CASE WHEN c.per_child THEN m.children_count ELSE 1 END AS coef,
             (m.category IN (SELECT category FROM rule_single_parent_addons)) AS is_parent,
             (m.category IN (SELECT addon_category FROM rule_single_parent_addons)) AS is_addon,
             EXISTS (SELECT 1 FROM gen_multi x WHERE x.person_id = m.person_id) AS multi
      FROM gen_months m
      JOIN gen_coefficients c ON c.category = m.category AND m.month_idx >= c.from_idx AND m.month_idx < c.to_idx
       AND m.age_end >= c.age_min AND (c.age_below IS NULL OR m.age_end < c.age_below)
      -- joined here, on the scan of gen_months, where the planner hashes the few base levels
      JOIN gen_base b ON b.province_code = m.province_code AND b.month_idx = m.month_idx AND b.base_vnd IS NOT NULL
      WHERE m.programme = 'TGXH'
    ), combined AS (
      -- one category: the line's own category and coefficient say it all (no parts: 90 of a line's
      -- 350 bytes, written and logged a million times)
      SELECT person_id, month_idx, coef AS max_any, NULL::int AS parent_coef, NULL::int AS addon_coef, enrolment_id, category, base_vnd,
             NULL::jsonb AS parts
      FROM rated WHERE NOT multi
      UNION ALL
      (SELECT person_id, month_idx,
             max(coef) AS max_any,
             max(coef) FILTER (WHERE is_parent) AS parent_coef,
             max(coef) FILTER (WHERE is_addon) AS addon_coef,
             (array_agg(enrolment_id ORDER BY ${order}))[1] AS enrolment_id,
             (array_agg(category ORDER BY ${order}))[1] AS category,
             -- one scope is one province: one base level per person and month
             max(base_vnd) AS base_vnd,
             jsonb_agg(jsonb_build_object('category', category, 'coefficientX10', coef) ORDER BY coef DESC) AS parts
      FROM rated WHERE multi GROUP BY person_id, month_idx ORDER BY person_id, month_idx)
    ), tgxh AS (
      SELECT c.person_id, c.month_idx, c.enrolment_id, c.category, c.parts, c.base_vnd,
             -- Decree 20/2021 Art. 6(2): the highest only, except BTXH_K4 plus the highest of its add-ons
             CASE WHEN c.parent_coef IS NOT NULL AND c.addon_coef IS NOT NULL THEN GREATEST(c.max_any, c.parent_coef + c.addon_coef)
                  ELSE c.max_any END AS coef_total
      FROM combined c
    )
    -- the rate in two columns; jsonb only for what a rate does not say (migration 0018)
    SELECT person_id, month_idx, 'TGXH'::text AS programme, enrolment_id, category,
           base_vnd * coef_total / 10 AS amount_vnd, base_vnd AS base_level_vnd, coef_total AS coefficient_x10,
           CASE WHEN parts IS NULL THEN NULL ELSE jsonb_build_object('parts', parts) END AS breakdown
    FROM tgxh
    UNION ALL
    (SELECT m.person_id, m.month_idx, 'HTXH', (array_agg(m.enrolment_id))[1], (array_agg(m.category))[1], max(sp.amount_vnd), NULL, NULL,
           jsonb_build_object('socialPensionVnd', max(sp.amount_vnd))
    FROM gen_months m
    JOIN LATERAL (SELECT r.amount_vnd FROM rule_social_pension r WHERE month_index(r.valid_from) <= m.month_idx ORDER BY r.valid_from DESC LIMIT 1) sp ON TRUE
    WHERE m.programme = 'HTXH'
    GROUP BY m.person_id, m.month_idx ORDER BY m.person_id, m.month_idx)
    UNION ALL
    -- the line's category: the highest amount, then the first in the category order (as rules.ts);
    -- one max() over (amount, -position, enrolment) instead of two ordered aggregates, which sort
    -- each of a quarter of a million groups on its own
    (SELECT m.person_id, m.month_idx, 'NCC', (max(ARRAY[n.amount_vnd, -${categoryPosition}, m.enrolment_id]))[3],
           (${categoryCodes})[-(max(ARRAY[n.amount_vnd, -${categoryPosition}, m.enrolment_id]))[2]], sum(n.amount_vnd)::bigint, NULL, NULL,
           jsonb_build_object('parts', jsonb_agg(jsonb_build_object('category', m.category, 'component', n.component, 'amountVnd', n.amount_vnd)))
    FROM gen_months m
    JOIN gen_ncc n ON n.category = m.category AND m.month_idx >= n.from_idx AND m.month_idx < n.to_idx
     AND (n.rate_min IS NULL OR m.injury_rate BETWEEN n.rate_min AND n.rate_max)
    WHERE m.programme = 'NCC'
    GROUP BY m.person_id, m.month_idx ORDER BY m.person_id, m.month_idx)`));
  // Exclusive pairs (Decree 176/2025: social pension or social allowance): only the higher is paid,
  // and the line paid records that it also settles the other programme's month.
  // With statistics the planner hashes the few rows of one side instead of sorting all the others.
  await executor.execute(sql`ANALYZE gen_amounts`);
  await executor.execute(sql`ALTER TABLE gen_amounts ADD COLUMN settles_programmes text[]`);
  await executor.execute(sql`
    CREATE TEMP TABLE gen_pairs ON COMMIT DROP AS
    SELECT CASE WHEN o.amount_vnd > k.amount_vnd THEN o.ctid ELSE k.ctid END AS winner,
           CASE WHEN o.amount_vnd > k.amount_vnd THEN k.ctid ELSE o.ctid END AS loser,
           CASE WHEN o.amount_vnd > k.amount_vnd THEN k.programme ELSE o.programme END AS loser_programme
    FROM gen_amounts k
    JOIN rule_exclusive_programmes x ON x.kept_on_tie = k.programme
    JOIN gen_amounts o ON o.person_id = k.person_id AND o.month_idx = k.month_idx AND o.programme = x.other`);
  const pairs = await queryOne<{ count: number }>(executor, sql`SELECT count(*)::int AS count FROM gen_pairs`);
  if ((pairs?.count ?? 0) === 0) return;
  // One pass found each pair by its rows' ctids (this transaction's own work table): the few rows
  // are then reached by TID instead of a second join over all amounts.
  await executor.execute(sql`DELETE FROM gen_amounts WHERE ctid = ANY (ARRAY(SELECT loser FROM gen_pairs))`);
  await executor.execute(sql`CREATE INDEX ON gen_pairs (winner)`);
  await executor.execute(sql`
    UPDATE gen_amounts a SET settles_programmes = (SELECT array_agg(p.loser_programme ORDER BY p.loser_programme) FROM gen_pairs p WHERE p.winner = a.ctid)
    WHERE a.ctid = ANY (ARRAY(SELECT winner FROM gen_pairs))`);
}

/**
 * The months of exclusive benefits that an earlier cycle already settled. Only people enrolled in
 * both programmes of a pair are looked at (few), against the lines of any cycle:
 *  - a month whose line of the other programme settles this one (it was paid the higher) is left out;
 *  - a month the other programme paid without knowing of this one (a decision found later) is paid
 *    the difference only, when this one is higher, and otherwise left out.
 */
async function settleExclusiveMonths(executor: Executor, params: GenerateParams): Promise<void> {
  const enrolmentSource = params.programme
    ? sql`(SELECT person_id, programme FROM ${enrolmentsRelation()} e WHERE ${scopeCondition(params, 'e')})`
    : sql`gen_enrolments`;
  // The people of a pair's `other` programme (the social pension: few) who are also enrolled in
  // its `kept_on_tie` one: the few are hashed and the many enrolments probe them once.
  await executor.execute(sql`
    CREATE TEMP TABLE gen_pair_people ON COMMIT DROP AS
    WITH others AS MATERIALIZED (
      SELECT DISTINCT e.person_id, x.kept_on_tie FROM ${enrolmentSource} e JOIN rule_exclusive_programmes x ON e.programme = x.other)
    SELECT DISTINCT o.person_id FROM others o JOIN ${enrolmentSource} e ON e.person_id = o.person_id AND e.programme = o.kept_on_tie`);
  const people = await queryOne<{ count: number }>(executor, sql`SELECT count(*)::int AS count FROM gen_pair_people`);
  if ((people?.count ?? 0) === 0) return;
  await executor.execute(sql`
    CREATE TEMP TABLE gen_other_paid ON COMMIT DROP AS
    SELECT a.ctid AS row_id, COALESCE(bool_or(a.programme = ANY (l.settles_programmes)), FALSE) AS settled, sum(l.amount_vnd) AS paid_vnd
    FROM gen_amounts a
    JOIN gen_pair_people pp ON pp.person_id = a.person_id
    JOIN rule_exclusive_programmes x ON a.programme IN (x.kept_on_tie, x.other)
    JOIN payroll_lines l ON l.person_id = a.person_id AND l.entitlement = 'REGULAR' AND l.line_key = '' AND l.reversed_at IS NULL
     AND l.for_month = month_of_index(a.month_idx)
     AND l.programme = CASE WHEN a.programme = x.kept_on_tie THEN x.other ELSE x.kept_on_tie END
    GROUP BY a.ctid`);
  await executor.execute(sql`
    DELETE FROM gen_amounts a USING gen_other_paid o
    WHERE a.ctid = o.row_id AND (o.settled OR o.paid_vnd >= a.amount_vnd)`);
  // The rate columns say amount = base × coefficient: a difference carries its rate in the breakdown.
  await executor.execute(sql`
    UPDATE gen_amounts a
    SET amount_vnd = a.amount_vnd - o.paid_vnd, base_level_vnd = NULL, coefficient_x10 = NULL,
        breakdown = COALESCE(a.breakdown, '{}'::jsonb) || jsonb_build_object(
          'dueVnd', a.amount_vnd, 'otherBenefitPaidVnd', o.paid_vnd, 'baseLevelVnd', a.base_level_vnd, 'coefficientX10', a.coefficient_x10)
    FROM gen_other_paid o
    WHERE a.ctid = o.row_id AND NOT o.settled AND o.paid_vnd < a.amount_vnd`);
}

/** The columns every line insert names: the line's key, then (last) the payee snapshot. */
const lineKeyColumns = sql.raw('cycle_id, person_id, enrolment_id, programme, category, component, entitlement, for_month');
const linePayeeColumns = sql.raw('province_code, commune_code, personal_id, full_name, channel, provider_code, account_number, account_holder, instrument_id, representative_name');

const payeeColumns = sql`
  p.personal_id, p.full_name,
  COALESCE(i.channel, 'TIEN_MAT'), COALESCE(i.provider_code, 'VNPOST'), i.account_number, i.account_holder, i.id,
  (SELECT r.full_name FROM ${representativesRelation()} r WHERE r.person_id = p.id AND r.active)`;

/** What a generation wrote, per component: summed from the inserts themselves, not read back. */
type ComponentTotals = Map<string, { lines: number; amountVnd: AmountVnd }>;

/** Runs one INSERT INTO payroll_lines … and adds the lines it wrote to the totals. */
async function insertCounted(executor: Executor, totals: ComponentTotals, insert: SQL): Promise<void> {
  const rows = await queryRows<{ component: string; lines: number; amount: string }>(
    executor,
    sql`WITH inserted AS (${insert} RETURNING component, amount_vnd)
        SELECT component, count(*)::int AS lines, sum(amount_vnd)::text AS amount FROM inserted GROUP BY component`,
  );
  for (const row of rows) {
    const total = totals.get(row.component) ?? { lines: 0, amountVnd: zeroVnd };
    totals.set(row.component, { lines: total.lines + row.lines, amountVnd: addVnd(total.amountVnd, vndFromDb(row.amount)) });
  }
}

/** The month of gen_amounts row `a` is already on a regular line of some cycle (the unique index's key). */
const onALineAlready = sql`EXISTS (
  SELECT 1 FROM payroll_lines l
  WHERE l.person_id = a.person_id AND l.programme = a.programme AND l.entitlement = 'REGULAR'
    AND l.for_month = month_of_index(a.month_idx) AND l.line_key = '' AND l.reversed_at IS NULL)`;

/**
 * `paidBefore`: some person of the scope already has a regular line for a month of the window.
 * Only then are months already on a line of another cycle looked for and left out (the unique
 * index would refuse them); a province's first cycle skips the anti-join, whose month text is
 * computed for every line even against an empty table.
 */
async function insertRegularLines(executor: Executor, totals: ComponentTotals, params: GenerateParams, firstPayIdx: number, paidBefore: boolean): Promise<void> {
  const notPaidYet = paidBefore
    ? sql`AND NOT ${onALineAlready}` : sql``;
  await insertCounted(
    executor,
    totals,
    sql`
      INSERT INTO payroll_lines (${lineKeyColumns}, amount_vnd,
        base_level_vnd, coefficient_x10, breakdown, settles_programmes,
        ${linePayeeColumns})
      SELECT ${params.cycleId}, a.person_id, a.enrolment_id, a.programme, a.category,
             CASE WHEN a.month_idx >= ${firstPayIdx} THEN 'MONTHLY' ELSE 'ARREARS' END, 'REGULAR',
             month_of_index(a.month_idx), a.amount_vnd, a.base_level_vnd, a.coefficient_x10, a.breakdown, a.settles_programmes, g.province_code, g.commune_code,
             g.personal_id, g.full_name, g.channel, g.provider_code, g.account_number, g.account_holder, g.instrument_id, g.representative_name
      -- gen_amounts is written in the order of the index that pays each month once, and the hash
      -- joins keep the order of the rows they probe with: the index's entries are then appended
      -- at its right edge instead of scattered over its pages. Sorting here instead would sort the
      -- wide joined rows, on disk.
      FROM gen_amounts a JOIN gen_enrolments g ON g.enrolment_id = a.enrolment_id
      WHERE a.amount_vnd > 0 ${notPaidYet}`,
  );
}

/** Funeral support (Decree 20/2021 Art. 11): 20 × the base level of the month of death, paid once. */
async function insertFuneralLines(executor: Executor, totals: ComponentTotals, params: GenerateParams, range: { first: number; last: number }): Promise<void> {
  await insertCounted(executor, totals, sql`
    INSERT INTO payroll_lines (${lineKeyColumns}, amount_vnd, breakdown,
      ${linePayeeColumns})
    SELECT ${params.cycleId}, p.id, e.id, 'TGXH', e.category, 'FUNERAL', 'FUNERAL', to_char(p.death_date, 'YYYY-MM'),
           f.base_level_multiple * COALESCE(
             (SELECT o.amount_vnd FROM ${provinceBaseLevelsRelation()} o WHERE o.province_code = e.province_code AND o.valid_from <= to_char(p.death_date, 'YYYY-MM')
                AND o.amount_vnd >= b.amount_vnd ORDER BY o.valid_from DESC LIMIT 1), b.amount_vnd),
           jsonb_build_object('baseLevelMultiple', f.base_level_multiple, 'deathDate', p.death_date),
           e.province_code, e.commune_code, ${payeeColumns}
    FROM ${personsRelation()} p
    JOIN LATERAL (
      -- the social-assistance enrolment that was being paid at the death
      SELECT e.* FROM ${enrolmentsRelation()} e
      WHERE e.person_id = p.id AND e.programme = 'TGXH' AND ${scopeCondition(params, 'e')}
        AND e.first_month <= to_char(p.death_date, 'YYYY-MM')
        AND (e.status = 'DANG_HUONG' OR (e.status = 'THOI_HUONG' AND e.status_reason = 'CHET'))
      ORDER BY e.id LIMIT 1) e ON TRUE
    JOIN LATERAL (SELECT r.amount_vnd FROM rule_base_levels r WHERE r.programme = 'TGXH' AND r.valid_from <= to_char(p.death_date, 'YYYY-MM')
                  ORDER BY r.valid_from DESC LIMIT 1) b ON TRUE
    JOIN LATERAL (SELECT r.base_level_multiple FROM rule_funeral_support r WHERE r.programme = 'TGXH' AND r.valid_from <= to_char(p.death_date, 'YYYY-MM')
                  ORDER BY r.valid_from DESC LIMIT 1) f ON TRUE
    LEFT JOIN ${instrumentsRelation()} i ON i.enrolment_id = e.id AND i.active
    WHERE p.death_date IS NOT NULL
      AND month_index(to_char(p.death_date, 'YYYY-MM')) BETWEEN ${range.first} AND ${range.last}
      ${params.programme && params.programme !== 'TGXH' ? sql`AND FALSE` : sql``}
      AND NOT EXISTS (SELECT 1 FROM payroll_lines l WHERE l.person_id = p.id AND l.programme = 'TGXH' AND l.entitlement = 'FUNERAL' AND l.reversed_at IS NULL)`);
}

/** Manual one-off payments (e.g. a Tết gift) registered for the cycle's months and not yet on a line. */
async function insertOneOffLines(executor: Executor, totals: ComponentTotals, params: GenerateParams, lastIdx: number): Promise<void> {
  await insertCounted(executor, totals, sql`
    INSERT INTO payroll_lines (${lineKeyColumns}, line_key, amount_vnd, note,
      ${linePayeeColumns})
    SELECT ${params.cycleId}, p.id, e.id, o.programme, e.category, 'ONE_OFF', 'ONE_OFF', o.for_month, o.line_key, o.amount_vnd, o.reason,
           e.province_code, e.commune_code, ${payeeColumns}
    FROM one_off_payments o
    JOIN ${personsRelation()} p ON p.id = o.person_id
    JOIN LATERAL (SELECT e.* FROM ${enrolmentsRelation()} e WHERE e.person_id = p.id AND e.programme = o.programme AND ${scopeCondition(params, 'e')}
                  ORDER BY (e.status = 'DANG_HUONG') DESC, e.id LIMIT 1) e ON TRUE
    LEFT JOIN ${instrumentsRelation()} i ON i.enrolment_id = e.id AND i.active
    WHERE month_index(o.for_month) <= ${lastIdx}
      ${params.programme ? sql`AND o.programme = ${params.programme}` : sql``}
      AND NOT EXISTS (SELECT 1 FROM payroll_lines l WHERE l.person_id = o.person_id AND l.programme = o.programme AND l.entitlement = 'ONE_OFF'
                        AND l.for_month = o.for_month AND l.line_key = o.line_key AND l.reversed_at IS NULL)`);
}

/**
 * Money owed from earlier cycles that did not arrive (a failed or returned transfer, cash not
 * collected) under the carry-over policy: each original line comes back once as CARRY_OVER, for its
 * original month, paid to the person's current instrument (Circular 44/2022 Art. 8(4)).
 */
async function insertCarryOverLines(executor: Executor, totals: ComponentTotals, params: GenerateParams, payments: LinePayments): Promise<void> {
  await insertCounted(executor, totals, sql`
    INSERT INTO payroll_lines (${lineKeyColumns}, line_key, amount_vnd, note,
      ${linePayeeColumns})
    SELECT DISTINCT ON (l.id) ${params.cycleId}, l.person_id, l.enrolment_id, l.programme, l.category, 'CARRY_OVER', 'CARRY_OVER', l.for_month, 'L' || l.id, l.amount_vnd,
           format('Chưa nhận kỳ #%s (%s %s)', l.cycle_id, d.outcome, COALESCE(d.reason_code, '')),
           l.province_code, l.commune_code, p.personal_id, p.full_name,
           COALESCE(i.channel, 'TIEN_MAT'), COALESCE(i.provider_code, 'VNPOST'), i.account_number, i.account_holder, i.id,
           (SELECT r.full_name FROM ${representativesRelation()} r WHERE r.person_id = p.id AND r.active)
    FROM ${payments.carryOverPaymentsRelation()} d
    JOIN payroll_lines l ON l.id = d.line_id
    JOIN ${personsRelation()} p ON p.id = l.person_id
    LEFT JOIN ${instrumentsRelation()} i ON i.enrolment_id = l.enrolment_id AND i.active
    WHERE l.amount_vnd > 0 AND l.reversed_at IS NULL AND l.cycle_id <> ${params.cycleId}
      AND ${scopeCondition(params, 'l')}
      ${params.programme ? sql`AND l.programme = ${params.programme}` : sql``}
      AND NOT EXISTS (SELECT 1 FROM payroll_lines c WHERE c.person_id = l.person_id AND c.programme = l.programme AND c.entitlement = 'CARRY_OVER'
                        AND c.for_month = l.for_month AND c.line_key = 'L' || l.id AND c.reversed_at IS NULL)
      -- a death ends the right to later months, but money owed for earlier ones is still paid
      AND (p.death_date IS NULL OR l.for_month <= to_char(p.death_date, 'YYYY-MM') OR l.component NOT IN ('MONTHLY', 'ARREARS'))
    ORDER BY l.id`);
}

/**
 * Recoveries (truy thu, Circular 44/2022 Art. 15): netted against the person's lines of the same
 * programme in this cycle, never more than those lines, so no payment becomes negative.
 */
async function insertRecoveryLines(executor: Executor, totals: ComponentTotals, params: GenerateParams): Promise<void> {
  // Most months nobody owes anything back: then the cycle's lines need not be summed per person.
  const outstanding = await queryOne<{ any: boolean }>(executor, sql`SELECT EXISTS (SELECT 1 FROM recoveries WHERE cancelled_at IS NULL) AS any`);
  if (!outstanding?.any) return;
  await insertCounted(executor, totals, sql`
    WITH outstanding AS (
      SELECT r.id, r.person_id, r.programme, r.reason,
             r.amount_vnd + COALESCE((SELECT sum(l.amount_vnd) FROM payroll_lines l WHERE l.component = 'RECOVERY' AND l.line_key = r.id::text
                                        AND l.person_id = r.person_id AND l.reversed_at IS NULL), 0) AS remaining_vnd
      FROM recoveries r WHERE r.cancelled_at IS NULL
    ), payable AS (
      SELECT l.person_id, l.programme, sum(l.amount_vnd) AS amount_vnd,
             (array_agg(l.id ORDER BY l.amount_vnd DESC))[1] AS line_id
      FROM payroll_lines l WHERE l.cycle_id = ${params.cycleId} GROUP BY l.person_id, l.programme
    ), netted AS (
      SELECT o.id, o.person_id, o.programme, o.reason, LEAST(o.remaining_vnd, p.amount_vnd) AS amount_vnd, p.line_id
      FROM outstanding o JOIN payable p ON p.person_id = o.person_id AND p.programme = o.programme
      WHERE o.remaining_vnd > 0 AND p.amount_vnd > 0
    )
    INSERT INTO payroll_lines (${lineKeyColumns}, line_key, amount_vnd, note,
      ${linePayeeColumns})
    SELECT ${params.cycleId}, n.person_id, l.enrolment_id, n.programme, l.category, 'RECOVERY', 'RECOVERY', ${params.month}, n.id::text, -n.amount_vnd, n.reason,
           l.province_code, l.commune_code, l.personal_id, l.full_name, l.channel, l.provider_code, l.account_number, l.account_holder,
           l.instrument_id, l.representative_name
    FROM netted n JOIN payroll_lines l ON l.id = n.line_id`);
}

/** `payments`: the payments of earlier cycles' lines (payroll/ports.ts), for the carry-overs. */
export async function generateLines(executor: Executor, params: GenerateParams, payments: LinePayments): Promise<GenerateResult> {
  const firstPayIdx = monthIndex(params.month);
  const range = { first: firstPayIdx - arrearsMonthsMax, last: firstPayIdx + params.monthsCount - 1 };
  await useBulkSettings(executor);
  await profiled('generate: enrolments and months', () => prepareEnrolments(executor, params, range, firstPayIdx));
  await profiled('generate: rules', () => prepareRules(executor));
  // Small tables, but without statistics the planner takes them for a thousand rows each.
  await executor.execute(sql`ANALYZE gen_coefficients, gen_ncc, gen_base`);
  await profiled('generate: amounts', () => computeAmounts(executor));
  await profiled('generate: exclusive benefits', () => settleExclusiveMonths(executor, params));
  const paidBefore = await anyPaidBefore(executor, range);
  const rateMissing = await queryOne<{ count: number }>(
    executor,
    sql`SELECT count(*)::int AS count FROM gen_months m WHERE m.programme = 'NCC'
        AND NOT EXISTS (SELECT 1 FROM gen_ncc n WHERE n.category = m.category AND m.month_idx >= n.from_idx AND m.month_idx < n.to_idx)`,
  );
  // A province's first cycle: the lines' indexes are built once afterwards (db/bulk.ts), the one
  // that pays each month once included — its rebuild checks every line before the cycle commits
  // (5.5 million lines: maintained line by line, it made the insert grow faster than the cycle).
  const expected = await queryOne<{ count: number; dueNow: number }>(
    executor,
    sql`SELECT count(*)::int AS count, (count(*) FILTER (WHERE month_idx >= ${firstPayIdx} AND amount_vnd > 0))::int AS "dueNow" FROM gen_amounts`,
  );
  const totals: ComponentTotals = new Map();
  const plan = { table: 'payroll_lines', newRows: expected?.count ?? 0, uniqueIndexes: ['payroll_lines_once'] };
  await withBulkLoad(executor, [plan], () =>
    profiled('generate: regular lines', () => insertRegularLines(executor, totals, params, firstPayIdx, paidBefore)),
  );
  // The cycle's own months that were due but not written: already on a line of another cycle
  // (the insert left them out), counted from what it wrote rather than by a second anti-join.
  const alreadyPaid = (expected?.dueNow ?? 0) - (totals.get('MONTHLY')?.lines ?? 0);
  await profiled('generate: funeral lines', () => insertFuneralLines(executor, totals, params, { first: firstPayIdx - 12, last: range.last }));
  await profiled('generate: one-off lines', () => insertOneOffLines(executor, totals, params, range.last));
  await profiled('generate: carry-over lines', () => insertCarryOverLines(executor, totals, params, payments));
  await profiled('generate: recovery lines', () => insertRecoveryLines(executor, totals, params));
  const byComponent: GenerateResult['byComponent'] = {};
  let totalVnd = zeroVnd;
  let lines = 0;
  for (const [component, total] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
    byComponent[component] = { lines: total.lines, amountVnd: total.amountVnd };
    totalVnd = addVnd(totalVnd, total.amountVnd);
    lines += total.lines;
  }
  // A province's first cycle adds a million lines: batches and reports right after need statistics.
  if (lines >= 50_000) await executor.execute(sql`ANALYZE payroll_lines`);
  for (const table of ['gen_enrolments', 'gen_covered', 'gen_months', 'gen_coefficients', 'gen_ncc', 'gen_base', 'gen_multi', 'gen_amounts', 'gen_pairs', 'gen_pair_people', 'gen_other_paid']) {
    await executor.execute(sql.raw(`DROP TABLE IF EXISTS ${table}`));
  }
  return { lines, totalVnd, byComponent, rateMissing: rateMissing?.count ?? 0, alreadyPaid };
}

/** Whether anyone of the scope already has a regular line for a month of the window (any cycle). */
async function anyPaidBefore(executor: Executor, range: { first: number; last: number }): Promise<boolean> {
  const row = await queryOne<{ any: boolean }>(
    executor,
    sql`SELECT EXISTS (
          SELECT 1 FROM payroll_lines l
          WHERE l.entitlement = 'REGULAR' AND l.line_key = '' AND l.reversed_at IS NULL
            AND l.for_month BETWEEN month_of_index(${range.first}) AND month_of_index(${range.last})
            AND l.person_id IN (SELECT person_id FROM gen_enrolments)) AS any`,
  );
  return row?.any ?? true;
}
