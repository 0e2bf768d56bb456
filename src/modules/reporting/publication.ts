import type { MonthlyReport, MonthlyRow, PeopleAmount } from './monthly.service.js';

/**
 * Figures marked for publication (small-cell suppression): a count of 1 to 4 people is shown as
 * "< 5" and the amount of that cell is withheld (with so few people it would tell what each one
 * receives); the shares and days computed from such a cell are withheld too. Units are named,
 * never a person. This is primary suppression only: a hidden cell can sometimes be worked out
 * from its row's total and the other cells (docs/reports.md says so).
 */
export const suppressionThreshold = 5;
export const suppressedCount = '< 5';

export type PublishedCount = number | typeof suppressedCount;
export interface PublishedPeopleAmount {
  people: PublishedCount;
  amountVnd: number | null;
}

const small = (people: number) => people > 0 && people < suppressionThreshold;
const count = (people: number): PublishedCount => (small(people) ? suppressedCount : people);
const cell = (value: PeopleAmount): PublishedPeopleAmount => (small(value.people) ? { people: suppressedCount, amountVnd: null } : { ...value });
const cells = (map: Record<string, PeopleAmount>) => Object.fromEntries(Object.entries(map).map(([key, value]) => [key, cell(value)]));
const counts = (map: Record<string, number>) => Object.fromEntries(Object.entries(map).map(([key, value]) => [key, count(value)]));

export function publishedRow(row: MonthlyRow) {
  const paidSmall = small(row.paid.people);
  return {
    unit: row.unit,
    name: row.name,
    people: count(row.people),
    dueVnd: small(row.people) ? null : row.dueVnd,
    paid: { ...cell(row.paid), byChannel: cells(row.paid.byChannel), byProvider: cells(row.paid.byProvider) },
    failed: { ...cell(row.failed), byReason: counts(row.failed.byReason) },
    returned: { ...cell(row.returned), byReason: counts(row.returned.byReason) },
    carriedOver: cell(row.carriedOver),
    outstanding: cell(row.outstanding),
    feesVnd: paidSmall ? null : row.feesVnd,
    feesByChannel: Object.fromEntries(
      Object.entries(row.feesByChannel).map(([channel, cost]): [string, { payments: PublishedCount; feeVnd: number | null; perPaymentVnd: number | null }] => [
        channel,
        small(cost.payments) ? { payments: suppressedCount, feeVnd: null, perPaymentVnd: null } : { ...cost },
      ]),
    ),
    cashlessShare: paidSmall ? null : row.cashlessShare,
    cashlessPeople: count(row.cashlessPeople),
    daysToPayment: paidSmall ? { median: null, p90: null } : row.daysToPayment,
    target: row.target === null ? null : { ...row.target, met: paidSmall ? null : row.target.met },
  };
}

export type PublishedRow = ReturnType<typeof publishedRow>;

export function publishedReport(report: MonthlyReport): Omit<MonthlyReport, 'rows' | 'total'> & { published: true; rows: PublishedRow[]; total: PublishedRow } {
  return { month: report.month, unit: report.unit, name: report.name, programme: report.programme, published: true, rows: report.rows.map(publishedRow), total: publishedRow(report.total) };
}
