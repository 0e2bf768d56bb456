import { accountChannels, channels } from '../rules/categories.js';
import type { MonthlyReport, MonthlyRow, PeopleAmount } from './monthly.service.js';

/**
 * Figures marked for publication (small-cell suppression). Units are named, never a person.
 *
 * - Primary suppression: a count of 1 to 4 people is shown as "< 5" and the amount of that cell is
 *   withheld (with so few people it would tell what each one receives); the shares and days
 *   computed from fewer than five paid people are withheld too.
 * - Secondary (complementary) suppression: the report's figures add up — a row's channels to its
 *   paid, its providers to its paid, its reasons to its failed or returned, its states to its
 *   people, the child units' rows to the total, measure by measure. In such a sum, when exactly one
 *   of its figures (the parts and the whole) is hidden, it could be worked out by subtraction: the
 *   next smallest non-zero part of that sum is hidden too (the whole when no part is left). Its
 *   count is withheld (`null`, not "< 5": it is five or more) with its amount. A figure hidden so may
 *   leave another sum with one hidden figure, so the sums are gone over again, in a fixed order,
 *   until none has exactly one. Zero is always shown: an empty cell tells nothing about anyone.
 */
export const suppressionThreshold = 5;
export const suppressedCount = '< 5';

/** A count as published: the number, "< 5" (1 to 4 people), or null (withheld to protect a "< 5" of the same sum). */
export type PublishedCount = number | typeof suppressedCount | null;
export interface PublishedPeopleAmount {
  people: PublishedCount;
  amountVnd: number | null;
}

const small = (people: number) => people > 0 && people < suppressionThreshold;

/** A figure of the report: its count (people, or payments for fees) and whether it is hidden. */
export interface Figure {
  size: number;
  hidden: boolean;
}

/** Figures that add up: `whole` = Σ `parts` (in people, or in đồng, or both). */
export interface Sum {
  whole: Figure;
  parts: Figure[];
}

/**
 * Complementary suppression over sums that may share figures: while some sum has exactly one
 * hidden figure, hide the smallest non-zero part still shown (the first in order on a tie), or the
 * whole when no such part is left. Sums are gone over in the order given until nothing changes, so
 * the same figures always give the same result. Returns the number of figures hidden.
 */
export function protectSums(sums: readonly Sum[]): number {
  let hiddenNow = 0;
  for (let changed = true; changed; ) {
    changed = false;
    for (const sum of sums) {
      const members = [sum.whole, ...sum.parts];
      if (members.filter((figure) => figure.hidden).length !== 1) continue;
      let pick: Figure | undefined;
      for (const part of sum.parts) if (!part.hidden && part.size > 0 && (pick === undefined || part.size < pick.size)) pick = part;
      if (pick === undefined && !sum.whole.hidden && sum.whole.size > 0) pick = sum.whole;
      if (pick === undefined) continue;
      pick.hidden = true;
      hiddenNow += 1;
      changed = true;
    }
  }
  return hiddenNow;
}

const figure = (size: number, hidden = small(size)): Figure => ({ size, hidden });
const sortedKeys = (map: Record<string, unknown>) => Object.keys(map).sort((a, b) => a.localeCompare(b));

/** The figures of one row, by a stable name ('paid', 'paid.byChannel.TIEN_MAT', 'fees.byChannel.VI_DIEN_TU', …). */
function figuresOf(row: MonthlyRow): Map<string, Figure> {
  const figures = new Map<string, Figure>();
  const add = (name: string, value: Figure) => figures.set(name, value);
  add('people', figure(row.people));
  add('paid', figure(row.paid.people));
  for (const key of sortedKeys(row.paid.byChannel)) add(`paid.byChannel.${key}`, figure(row.paid.byChannel[key]!.people));
  for (const key of sortedKeys(row.paid.byProvider)) add(`paid.byProvider.${key}`, figure(row.paid.byProvider[key]!.people));
  add('failed', figure(row.failed.people));
  for (const key of sortedKeys(row.failed.byReason)) add(`failed.byReason.${key}`, figure(row.failed.byReason[key]!));
  add('returned', figure(row.returned.people));
  for (const key of sortedKeys(row.returned.byReason)) add(`returned.byReason.${key}`, figure(row.returned.byReason[key]!));
  add('carriedOver', figure(row.carriedOver.people));
  add('outstanding', figure(row.outstanding.people));
  add('cashlessPeople', figure(row.cashlessPeople));
  const payments = Object.values(row.feesByChannel).reduce((sum, cost) => sum + cost.payments, 0);
  // The fees of fewer than five paid people are withheld as before (primary), whatever their payments.
  add('fees', figure(payments, small(row.paid.people) || small(payments)));
  for (const key of sortedKeys(row.feesByChannel)) add(`fees.byChannel.${key}`, figure(row.feesByChannel[key]!.payments));
  return figures;
}

/** The sums inside one row. */
function rowSums(figures: Map<string, Figure>): Sum[] {
  const get = (name: string) => figures.get(name)!;
  const prefixed = (prefix: string) => [...figures.keys()].filter((name) => name.startsWith(prefix)).map(get);
  const channel = (names: readonly string[]) => names.flatMap((name) => (figures.has(`paid.byChannel.${name}`) ? [get(`paid.byChannel.${name}`)] : []));
  const cashChannels = channels.filter((name) => !accountChannels.includes(name));
  return [
    // due = paid + failed + returned + outstanding to the đồng (docs/reports.md), and in people near enough
    { whole: get('people'), parts: ['paid', 'failed', 'returned', 'outstanding'].map(get) },
    // the paid are the cashless people and the cash channels' people, the cashless the account
    // channels' people: gone over before the channels, so that a hidden cash channel is protected
    // by the other cash channel or by the cashless people (then by an account channel), not twice
    { whole: get('paid'), parts: [get('cashlessPeople'), ...channel(cashChannels)] },
    { whole: get('cashlessPeople'), parts: channel(accountChannels) },
    { whole: get('paid'), parts: prefixed('paid.byChannel.') },
    { whole: get('paid'), parts: prefixed('paid.byProvider.') },
    { whole: get('failed'), parts: prefixed('failed.byReason.') },
    { whole: get('returned'), parts: prefixed('returned.byReason.') },
    { whole: get('fees'), parts: prefixed('fees.byChannel.') },
  ];
}

/**
 * Which figures of the report are hidden: primary, then complementary over each row's sums and,
 * measure by measure, the child units' rows against the total.
 */
export function hiddenFigures(report: Pick<MonthlyReport, 'rows' | 'total'>): { rows: Map<string, Figure>[]; total: Map<string, Figure> } {
  const rows = report.rows.map(figuresOf);
  const total = figuresOf(report.total);
  const sums = [...rows, total].flatMap(rowSums);
  if (rows.length > 0) {
    for (const [name, whole] of total) {
      sums.push({ whole, parts: rows.flatMap((row) => (row.has(name) ? [row.get(name)!] : [])) });
    }
  }
  protectSums(sums);
  return { rows, total };
}

function publishedFigures(row: MonthlyRow, figures: Map<string, Figure>) {
  const hidden = (name: string) => figures.get(name)?.hidden ?? false;
  const count = (name: string, value: number): PublishedCount => (!hidden(name) ? value : small(value) ? suppressedCount : null);
  const cell = (name: string, value: PeopleAmount): PublishedPeopleAmount => (hidden(name) ? { people: count(name, value.people), amountVnd: null } : { ...value });
  const cells = (prefix: string, map: Record<string, PeopleAmount>) => Object.fromEntries(Object.entries(map).map(([key, value]) => [key, cell(`${prefix}${key}`, value)]));
  const counts = (prefix: string, map: Record<string, number>) => Object.fromEntries(Object.entries(map).map(([key, value]) => [key, count(`${prefix}${key}`, value)]));
  const paidSmall = small(row.paid.people);
  const shareHidden = paidSmall || hidden('paid') || hidden('cashlessPeople');
  return {
    unit: row.unit,
    name: row.name,
    people: count('people', row.people),
    dueVnd: hidden('people') ? null : row.dueVnd,
    paid: { ...cell('paid', row.paid), byChannel: cells('paid.byChannel.', row.paid.byChannel), byProvider: cells('paid.byProvider.', row.paid.byProvider) },
    failed: { ...cell('failed', row.failed), byReason: counts('failed.byReason.', row.failed.byReason) },
    returned: { ...cell('returned', row.returned), byReason: counts('returned.byReason.', row.returned.byReason) },
    carriedOver: cell('carriedOver', row.carriedOver),
    outstanding: cell('outstanding', row.outstanding),
    feesVnd: hidden('fees') ? null : row.feesVnd,
    feesByChannel: Object.fromEntries(
      Object.entries(row.feesByChannel).map(([channel, cost]): [string, { payments: PublishedCount; feeVnd: number | null; perPaymentVnd: number | null }] => [
        channel,
        hidden(`fees.byChannel.${channel}`) ? { payments: count(`fees.byChannel.${channel}`, cost.payments), feeVnd: null, perPaymentVnd: null } : { ...cost },
      ]),
    ),
    // a share beside a shown count would give the hidden one back
    cashlessShare: shareHidden ? null : row.cashlessShare,
    cashlessPeople: count('cashlessPeople', row.cashlessPeople),
    daysToPayment: paidSmall ? { median: null, p90: null } : row.daysToPayment,
    target: row.target === null ? null : { ...row.target, met: shareHidden ? null : row.target.met },
  };
}

/** One row published on its own (its sums only, no other rows to protect against). */
export function publishedRow(row: MonthlyRow) {
  const { total } = hiddenFigures({ rows: [], total: row });
  return publishedFigures(row, total);
}

export type PublishedRow = ReturnType<typeof publishedRow>;

export function publishedReport(report: MonthlyReport): Omit<MonthlyReport, 'rows' | 'total'> & { published: true; rows: PublishedRow[]; total: PublishedRow } {
  const hidden = hiddenFigures(report);
  return {
    month: report.month,
    unit: report.unit,
    name: report.name,
    programme: report.programme,
    published: true,
    rows: report.rows.map((row, index) => publishedFigures(row, hidden.rows[index]!)),
    total: publishedFigures(report.total, hidden.total),
  };
}
