import { complaintCounts } from '../complaints/complaints.service.js';
import type { AppContext } from '../../app/context.js';
import { domainError, errors } from '../../core/errors.js';
import { averageVnd, vndFromDb, vndToNumber } from '../../core/money.js';
import { isMonth, monthIndex } from '../../core/month.js';
import { requirePermission } from '../access/permissions.js';
import { containsLocality, type Actor } from '../access/scope.js';
import { programmes } from '../rules/categories.js';
import { findCurrentUnit } from '../units/units.service.js';
import { monthlyRows, type MonthlyFilter, type MonthlyRowDb } from './monthly.repository.js';

/**
 * The monthly results report per locality (báo cáo kết quả chi trả, step 6 of the provincial
 * plans): for a payment month, a row per child unit — the country's provinces, a province's
 * communes, a commune itself — and the total, inside the reader's scope. How each line is counted:
 * monthly.repository.ts.
 */
export interface PeopleAmount {
  people: number;
  amountVnd: number;
}

export interface MonthlyRow {
  unit: string | null;
  name: string | null;
  people: number;
  dueVnd: number;
  paid: PeopleAmount & { byChannel: Record<string, PeopleAmount>; byProvider: Record<string, PeopleAmount> };
  failed: PeopleAmount & { byReason: Record<string, number> };
  returned: PeopleAmount & { byReason: Record<string, number> };
  /** Failed or returned, owed again in a later cycle (a part of failed + returned). */
  carriedOver: PeopleAmount;
  /** Not paid and not finally failed yet: no payment, or one without a final result. */
  outstanding: PeopleAmount;
  feesVnd: number;
  /** Fees and payments (not failed) per channel, and the average fee of a payment: the cost per payment by channel. */
  feesByChannel: Record<string, { payments: number; feeVnd: number; perPaymentVnd: number }>;
  /** People paid into a bank account, e-wallet or Mobile Money ÷ people paid (4 decimals); null when nobody was paid. */
  cashlessShare: number | null;
  cashlessPeople: number;
  /** Days from the Treasury's funding to the payment, over the paid payments. */
  daysToPayment: { median: number | null; p90: number | null };
  /** The target in force: a share of the people paid, or a number of people paid into an account; met or not (null: nobody paid yet). */
  target: { pct: number | null; people: number | null; period: string; met: boolean | null } | null;
}

export interface MonthlyReport {
  month: string;
  unit: string | null;
  name: string | null;
  programme: string | null;
  rows: MonthlyRow[];
  total: MonthlyRow;
  /** Complaints and requests of the unit filed and resolved in the month, by kind and outcome (all programmes). */
  complaints?: Awaited<ReturnType<typeof complaintCounts>>;
}

const amount = (text: string) => vndToNumber(vndFromDb(text));
const pair = (people: number, amountVnd: string): PeopleAmount => ({ people, amountVnd: amount(amountVnd) });
const pairs = (map: Record<string, { people: number; amountVnd: string }> | null): Record<string, PeopleAmount> =>
  Object.fromEntries(Object.entries(map ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => [key, pair(value.people, value.amountVnd)]));

function shareOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

const costs = (map: MonthlyRowDb['feesByChannel']): MonthlyRow['feesByChannel'] =>
  Object.fromEntries(
    Object.entries(map ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([channel, value]) => {
        const feeVnd = vndFromDb(value.feeVnd);
        return [channel, { payments: value.payments, feeVnd: vndToNumber(feeVnd), perPaymentVnd: vndToNumber(averageVnd(feeVnd, value.payments)) }];
      }),
  );

function rowOf(row: MonthlyRowDb, fallback: { unit: string | null; name: string | null }): MonthlyRow {
  const cashlessShare = shareOf(row.cashlessPeople, row.paidPeople);
  const targetPct = row.targetPct === null ? null : Number(row.targetPct);
  const met = targetPct !== null ? (cashlessShare === null ? null : cashlessShare * 100 >= targetPct) : row.targetPeople !== null ? row.cashlessPeople >= row.targetPeople : null;
  return {
    unit: row.rowKey ?? fallback.unit,
    name: row.rowKey === null ? fallback.name : row.unitName,
    people: row.people,
    dueVnd: amount(row.dueVnd),
    paid: { ...pair(row.paidPeople, row.paidVnd), byChannel: pairs(row.byChannel), byProvider: pairs(row.byProvider) },
    failed: { ...pair(row.failedPeople, row.failedVnd), byReason: row.failedReasons ?? {} },
    returned: { ...pair(row.returnedPeople, row.returnedVnd), byReason: row.returnedReasons ?? {} },
    carriedOver: pair(row.carriedPeople, row.carriedVnd),
    outstanding: pair(row.outstandingPeople, row.outstandingVnd),
    feesVnd: amount(row.feesVnd),
    feesByChannel: costs(row.feesByChannel),
    cashlessShare,
    cashlessPeople: row.cashlessPeople,
    daysToPayment: { median: row.daysMedian, p90: row.daysP90 },
    target: row.targetPeriod === null ? null : { pct: targetPct, people: row.targetPeople, period: row.targetPeriod, met },
  };
}

const emptyRow = (name: string | null): MonthlyRowDb => ({
  rowKey: null, unitName: name, people: 0, dueVnd: '0', paidPeople: 0, paidVnd: '0', cashlessPeople: 0, failedPeople: 0, failedVnd: '0',
  returnedPeople: 0, returnedVnd: '0', carriedPeople: 0, carriedVnd: '0', outstandingPeople: 0, outstandingVnd: '0', feesVnd: '0',
  daysMedian: null, daysP90: null, byChannel: null, byProvider: null, feesByChannel: null, failedReasons: null, returnedReasons: null,
  targetPct: null, targetPeople: null, targetPeriod: null,
});

/** The report's unit: the one asked for, inside the reader's scope, or else the reader's own. */
async function reportUnit(ctx: AppContext, actor: Actor, unitCode: string | null | undefined): Promise<{ filter: MonthlyFilter['unit']; name: string | null }> {
  const scope = actor.scope;
  const code = unitCode ?? (scope.level === 'commune' ? scope.communeCode : scope.level === 'province' ? scope.provinceCode : null);
  if (code === null || code === 'VN') {
    if (scope.level !== 'national') throw errors.forbidden({ reason: 'the national report is for national users' });
    return { filter: null, name: 'Toàn quốc' };
  }
  const unit = await findCurrentUnit(ctx.db.orm, code);
  if (!unit || unit.level === 'district') {
    throw domainError('UNIT_UNKNOWN', 400, `Mã đơn vị hành chính không tồn tại: ${code}`, `Unknown administrative unit code: ${code}`, { field: 'unit', value: code });
  }
  const level = unit.level === 'province' ? 'province' : 'commune';
  const inside = level === 'province' ? scope.level === 'national' || (scope.level === 'province' && scope.provinceCode === unit.code) : containsLocality(scope, unit.provinceCode, unit.code);
  // Outside the scope looks like a unit that does not exist: no oracle of other areas' codes.
  if (!inside) throw errors.notFound({ entity: 'unit', code });
  return { filter: { level, code: unit.code, provinceCode: unit.provinceCode }, name: unit.nameWithType };
}

function checkedMonth(value: string, field: string): string {
  if (!isMonth(value)) throw domainError('MONTH_INVALID', 400, 'Tháng phải có dạng YYYY-MM', 'The month must be YYYY-MM', { field, value });
  return value;
}

function checkedProgramme(programme: string | null | undefined): string | null {
  if (programme === undefined || programme === null) return null;
  if (!(programmes as readonly string[]).includes(programme)) {
    throw domainError('PROGRAMME_INVALID', 400, 'Chương trình phải là TGXH, HTXH hoặc NCC', 'The programme must be TGXH, HTXH or NCC', { field: 'programme', value: programme });
  }
  return programme;
}

/**
 * Where a report's figures are read: `replica` where the reader tolerates a replica's small lag
 * (the reports shown and exported: ASXH_REPLICA_URL, the primary when unset or down), `primary` where
 * they must be the committed state of this moment (a submission freezes them).
 */
export type ReportReads = 'replica' | 'primary';

/** The report's rows (per child unit or per month) and total, for months already checked. */
async function reportOf(
  ctx: AppContext,
  actor: Actor,
  input: { months: { from: string; to: string }; unit?: string | null; programme?: string | null; groupBy: MonthlyFilter['groupBy'] },
  reads: ReportReads,
): Promise<{ unit: string | null; name: string | null; programme: string | null; rows: MonthlyRow[]; total: MonthlyRow }> {
  requirePermission(actor, 'reports.read');
  const programme = checkedProgramme(input.programme);
  const unit = await reportUnit(ctx, actor, input.unit);
  const filter: MonthlyFilter = { months: input.months, unit: unit.filter, programme, groupBy: input.groupBy };
  const rows = reads === 'replica' ? await ctx.replica.read((db) => monthlyRows(db, actor.scope, filter)) : await monthlyRows(ctx.db.orm, actor.scope, filter);
  const unitCode = unit.filter?.code ?? null;
  const total = rows.find((row) => row.rowKey === null) ?? emptyRow(unit.name);
  return {
    unit: unitCode,
    name: unit.name,
    programme,
    rows: rows.filter((row) => row.rowKey !== null).map((row) => rowOf(row, { unit: row.rowKey, name: input.groupBy === 'unit' ? row.unitName : null })),
    total: rowOf(total, { unit: unitCode, name: unit.name }),
  };
}

/** The monthly results report; `reads: 'replica'` for the report shown or exported, the primary by default (a submission freezes it). */
export async function monthlyReport(
  ctx: AppContext,
  actor: Actor,
  input: { month: string; unit?: string | null; programme?: string | null },
  options: { reads?: ReportReads } = {},
): Promise<MonthlyReport> {
  requirePermission(actor, 'reports.read');
  const reads = options.reads ?? 'primary';
  const month = checkedMonth(input.month, 'month');
  const report = await reportOf(ctx, actor, { months: { from: month, to: month }, unit: input.unit, programme: input.programme, groupBy: 'unit' }, reads);
  const complaints = reads === 'replica' ? await ctx.replica.read((db) => complaintCounts(db, month, report.unit)) : await complaintCounts(ctx.db.orm, month, report.unit);
  return { month, ...report, complaints };
}

const trendMonthsMax = 36;

export interface TrendsReport {
  from: string;
  to: string;
  unit: string | null;
  name: string | null;
  programme: string | null;
  /** One row per payment month with payments (`unit` holds the month), oldest first. */
  months: MonthlyRow[];
  /** The whole period: each person counted once. */
  total: MonthlyRow;
}

/**
 * The month-by-month figures of a unit over a period (at most 36 months): people and amounts by
 * channel, the cashless share, failures by reason, fees and the cost per payment by channel. Read
 * on the replica when there is one: nothing freezes these figures.
 */
export async function trendsReport(
  ctx: AppContext,
  actor: Actor,
  input: { from: string; to: string; unit?: string | null; programme?: string | null },
): Promise<TrendsReport> {
  requirePermission(actor, 'reports.read');
  const from = checkedMonth(input.from, 'from');
  const to = checkedMonth(input.to, 'to');
  const span = monthIndex(to) - monthIndex(from) + 1;
  if (span < 1 || span > trendMonthsMax) {
    throw domainError('PERIOD_INVALID', 400, `Khoảng thời gian từ 1 đến ${trendMonthsMax} tháng, từ tháng đầu đến tháng cuối`, `The period is 1 to ${trendMonthsMax} months, first month first`, { from, to });
  }
  const { rows, ...report } = await reportOf(ctx, actor, { months: { from, to }, unit: input.unit, programme: input.programme, groupBy: 'month' }, 'replica');
  return { from, to, ...report, months: rows };
}

export type Period = 'H1' | 'H2' | 'YEAR';

/** The months of a period: the first or second half-year, or the year as reviewed in November (January–November). */
export function periodMonths(year: number, period: Period): { from: string; to: string } {
  const [first, last] = period === 'H1' ? [1, 6] : period === 'H2' ? [7, 12] : [1, 11];
  const month = (value: number) => `${year}-${String(value).padStart(2, '0')}`;
  return { from: month(first), to: month(last) };
}

/**
 * The six-monthly report and the annual (November) review: the period's figures beside the same
 * months of the year before, each person counted once per period.
 */
export async function periodReport(
  ctx: AppContext,
  actor: Actor,
  input: { year: number; period: Period; unit?: string | null; programme?: string | null },
): Promise<{ year: number; period: Period; unit: string | null; name: string | null; programme: string | null; current: TrendsReport; previous: TrendsReport }> {
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) {
    throw domainError('YEAR_INVALID', 400, 'Năm không hợp lệ', 'Invalid year', { field: 'year', value: input.year });
  }
  if (!['H1', 'H2', 'YEAR'].includes(input.period)) {
    throw domainError('PERIOD_INVALID', 400, 'Kỳ báo cáo là H1, H2 hoặc YEAR', 'The period is H1, H2 or YEAR', { field: 'period', value: input.period });
  }
  const current = await trendsReport(ctx, actor, { ...periodMonths(input.year, input.period), unit: input.unit, programme: input.programme });
  const previous = await trendsReport(ctx, actor, { ...periodMonths(input.year - 1, input.period), unit: input.unit, programme: input.programme });
  return { year: input.year, period: input.period, unit: current.unit, name: current.name, programme: current.programme, current, previous };
}
