import type { AppContext } from '../../app/context.js';
import { domainError, errors } from '../../core/errors.js';
import { vndFromDb, vndToNumber } from '../../core/money.js';
import { isMonth } from '../../core/month.js';
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
  /** People paid into a bank account, e-wallet or Mobile Money ÷ people paid (4 decimals); null when nobody was paid. */
  cashlessShare: number | null;
  cashlessPeople: number;
  /** Days from the Treasury's funding to the payment, over the paid payments. */
  daysToPayment: { median: number | null; p90: number | null };
  target: { pct: number; period: string; met: boolean | null } | null;
}

export interface MonthlyReport {
  month: string;
  unit: string | null;
  name: string | null;
  programme: string | null;
  rows: MonthlyRow[];
  total: MonthlyRow;
}

const amount = (text: string) => vndToNumber(vndFromDb(text));
const pair = (people: number, amountVnd: string): PeopleAmount => ({ people, amountVnd: amount(amountVnd) });
const pairs = (map: Record<string, { people: number; amountVnd: string }> | null): Record<string, PeopleAmount> =>
  Object.fromEntries(Object.entries(map ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => [key, pair(value.people, value.amountVnd)]));

function shareOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

function rowOf(row: MonthlyRowDb, fallback: { unit: string | null; name: string | null }): MonthlyRow {
  const cashlessShare = shareOf(row.cashlessPeople, row.paidPeople);
  const targetPct = row.targetPct === null ? null : Number(row.targetPct);
  return {
    unit: row.unitCode ?? fallback.unit,
    name: row.unitCode === null ? fallback.name : row.unitName,
    people: row.people,
    dueVnd: amount(row.dueVnd),
    paid: { ...pair(row.paidPeople, row.paidVnd), byChannel: pairs(row.byChannel), byProvider: pairs(row.byProvider) },
    failed: { ...pair(row.failedPeople, row.failedVnd), byReason: row.failedReasons ?? {} },
    returned: { ...pair(row.returnedPeople, row.returnedVnd), byReason: row.returnedReasons ?? {} },
    carriedOver: pair(row.carriedPeople, row.carriedVnd),
    outstanding: pair(row.outstandingPeople, row.outstandingVnd),
    feesVnd: amount(row.feesVnd),
    cashlessShare,
    cashlessPeople: row.cashlessPeople,
    daysToPayment: { median: row.daysMedian, p90: row.daysP90 },
    target:
      targetPct === null || row.targetPeriod === null
        ? null
        : { pct: targetPct, period: row.targetPeriod, met: cashlessShare === null ? null : cashlessShare * 100 >= targetPct },
  };
}

const emptyRow = (name: string | null): MonthlyRowDb => ({
  unitCode: null, unitName: name, people: 0, dueVnd: '0', paidPeople: 0, paidVnd: '0', cashlessPeople: 0, failedPeople: 0, failedVnd: '0',
  returnedPeople: 0, returnedVnd: '0', carriedPeople: 0, carriedVnd: '0', outstandingPeople: 0, outstandingVnd: '0', feesVnd: '0',
  daysMedian: null, daysP90: null, byChannel: null, byProvider: null, failedReasons: null, returnedReasons: null,
  targetPct: null, targetPeriod: null,
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

export async function monthlyReport(ctx: AppContext, actor: Actor, input: { month: string; unit?: string | null; programme?: string | null }): Promise<MonthlyReport> {
  requirePermission(actor, 'reports.read');
  const month = input.month;
  if (!isMonth(month)) throw domainError('MONTH_INVALID', 400, 'Tháng phải có dạng YYYY-MM', 'The month must be YYYY-MM', { field: 'month', value: month });
  const programme = input.programme ?? null;
  if (programme !== null && !(programmes as readonly string[]).includes(programme)) {
    throw domainError('PROGRAMME_INVALID', 400, 'Chương trình phải là TGXH, HTXH hoặc NCC', 'The programme must be TGXH, HTXH or NCC', { field: 'programme', value: programme });
  }
  const unit = await reportUnit(ctx, actor, input.unit);
  const rows = await monthlyRows(ctx.db.orm, actor.scope, { month, unit: unit.filter, programme });
  const unitCode = unit.filter?.code ?? null;
  const total = rows.find((row) => row.unitCode === null) ?? emptyRow(unit.name);
  return {
    month,
    unit: unitCode,
    name: unit.name,
    programme,
    rows: rows.filter((row) => row.unitCode !== null).map((row) => rowOf(row, { unit: row.unitCode, name: row.unitName })),
    total: rowOf(total, { unit: unitCode, name: unit.name }),
  };
}
