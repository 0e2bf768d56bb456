import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import type { MonthlyReport, MonthlyRow, PeopleAmount } from '../src/modules/reporting/monthly.service.js';
import { protectSums, publishedReport, publishedRow, type Figure, type PublishedCount } from '../src/modules/reporting/publication.js';
import { PublishedMonthlyReport } from '../src/modules/reporting/reporting.schemas.js';

/**
 * Small-cell suppression of the published monthly report (publication.ts), on figures written out
 * here: counts of 1–4 hidden as "< 5" (primary), and in every sum with exactly one hidden figure the
 * next smallest non-zero one withheld too (complementary), so that nothing hidden comes back by
 * subtraction.
 */
const amount = 500_000;
const pa = (people: number): PeopleAmount => ({ people, amountVnd: people * amount });
const map = (figures: Record<string, number>) => Object.fromEntries(Object.entries(figures).map(([key, people]) => [key, pa(people)]));
const sum = (figures: Record<string, number>) => Object.values(figures).reduce((total, people) => total + people, 0);
const accounts = ['TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY'];

/** A row whose figures add up: paid by channel (providers one per channel), failed by reason, outstanding. */
function row(unit: string, figures: { channels: Record<string, number>; failed?: Record<string, number>; outstanding?: number }): MonthlyRow {
  const paid = sum(figures.channels);
  const failed = sum(figures.failed ?? {});
  const outstanding = figures.outstanding ?? 0;
  const cashlessPeople = sum(Object.fromEntries(Object.entries(figures.channels).filter(([channel]) => accounts.includes(channel))));
  const providers = Object.fromEntries(Object.entries(figures.channels).map(([channel, people]) => [`P-${channel}`, people]));
  const payments = Object.fromEntries(Object.entries(figures.channels).map(([channel, people]) => [channel, { payments: people, feeVnd: people * 1_100, perPaymentVnd: 1_100 }]));
  return {
    unit,
    name: `Xã ${unit}`,
    people: paid + failed + outstanding,
    dueVnd: (paid + failed + outstanding) * amount,
    paid: { ...pa(paid), byChannel: map(figures.channels), byProvider: map(providers) },
    failed: { ...pa(failed), byReason: figures.failed ?? {} },
    returned: { ...pa(0), byReason: {} },
    carriedOver: pa(failed),
    outstanding: pa(outstanding),
    feesVnd: paid * 1_100,
    feesByChannel: payments,
    cashlessShare: paid === 0 ? null : Math.round((cashlessPeople / paid) * 10_000) / 10_000,
    cashlessPeople,
    daysToPayment: { median: 3, p90: 6 },
    target: { pct: 80, people: null, period: '2024-12', met: paid > 0 && cashlessPeople / paid >= 0.8 },
  };
}

/** The sum of rows, as the report's total. */
function totalOf(rows: MonthlyRow[]): MonthlyRow {
  const add = (pick: (row: MonthlyRow) => Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const each of rows) for (const [key, value] of Object.entries(pick(each))) out[key] = (out[key] ?? 0) + value;
    return out;
  };
  const channels = add((each) => Object.fromEntries(Object.entries(each.paid.byChannel).map(([key, value]) => [key, value.people])));
  const failed = add((each) => each.failed.byReason);
  return { ...row('51', { channels, failed, outstanding: rows.reduce((total, each) => total + each.outstanding.people, 0) }), name: 'Tỉnh' };
}

const report = (rows: MonthlyRow[]): MonthlyReport => ({ month: '2024-07', unit: '51', name: 'Tỉnh', programme: null, rows, total: totalOf(rows) });
const isHidden = (value: PublishedCount) => value === null || value === '< 5';
/** How many figures of a published sum are hidden: never exactly one. */
const hiddenIn = (values: PublishedCount[]) => values.filter(isHidden).length;
/** A cell's count, 0 where the cell is absent (a hidden count stays hidden). */
const peopleIn = (cell: { people: PublishedCount } | undefined): PublishedCount => (cell === undefined ? 0 : cell.people);

describe('complementary suppression of sums (protectSums)', () => {
  const figures = (...sizes: number[]): Figure[] => sizes.map((size) => ({ size, hidden: size > 0 && size < 5 }));

  it('hides the next smallest non-zero part when one part is hidden, and leaves zeros shown', () => {
    const [whole, ...parts] = figures(22, 12, 3, 7, 0);
    expect(protectSums([{ whole: whole!, parts }])).toBe(1);
    expect([whole, ...parts].map((figure) => figure!.hidden)).toEqual([false, false, true, true, false]);
  });

  it('adds nothing when two parts are already hidden, or none is', () => {
    const [whole, ...parts] = figures(20, 2, 3, 15);
    expect(protectSums([{ whole: whole!, parts }])).toBe(0);
    const [shown, ...others] = figures(30, 10, 20);
    expect(protectSums([{ whole: shown!, parts: others }])).toBe(0);
  });

  it('takes the first of equal parts, and the whole when no part is left to hide', () => {
    const [whole, ...parts] = figures(15, 6, 3, 6);
    protectSums([{ whole: whole!, parts }]);
    expect(parts.map((figure) => figure.hidden)).toEqual([true, true, false]);
    // a part withheld elsewhere that is the sum's only non-zero part: the whole goes with it
    const lone: Figure = { size: 9, hidden: true };
    const of: Figure = { size: 9, hidden: false };
    expect(protectSums([{ whole: of, parts: [lone, { size: 0, hidden: false }] }])).toBe(1);
    expect(of.hidden).toBe(true);
  });

  it('goes over the sums again until none has exactly one hidden figure', () => {
    // rows A, B and the total; columns x, y: A.x is 2; hiding B.x (column) leaves row B with one hidden
    const [a, ax, ay, b, bx, by, t, tx, ty] = figures(12, 2, 10, 17, 8, 9, 29, 10, 19);
    const sums = [
      { whole: tx!, parts: [ax!, bx!] },
      { whole: ty!, parts: [ay!, by!] },
      { whole: a!, parts: [ax!, ay!] },
      { whole: b!, parts: [bx!, by!] },
      { whole: t!, parts: [tx!, ty!] },
    ];
    protectSums(sums);
    expect([ax, bx, ay, by].map((figure) => figure!.hidden)).toEqual([true, true, true, true]);
    expect([a, b, t, tx, ty].map((figure) => figure!.hidden)).toEqual([false, false, false, false, false]);
    for (const each of sums) expect([each.whole, ...each.parts].filter((figure) => figure.hidden).length).not.toBe(1);
  });
});

describe('the published monthly report', () => {
  it('withholds a second channel beside a lone "< 5" one, with its amount, and keeps the share from giving it back', () => {
    // paid 31: bank 20, e-wallet 8, cash 3. Cash alone hidden would be 31 − 28 cashless.
    const published = publishedRow(row('23293', { channels: { TK_NGAN_HANG: 20, VI_DIEN_TU: 8, TIEN_MAT: 3 }, outstanding: 9 }));
    expect(published.paid).toMatchObject({ people: 31, amountVnd: 31 * amount });
    expect(published.paid.byChannel).toEqual({
      TIEN_MAT: { people: '< 5', amountVnd: null },
      TK_NGAN_HANG: { people: 20, amountVnd: 20 * amount },
      VI_DIEN_TU: { people: null, amountVnd: null }, // 8, the smallest account channel: protects the cashless people
    });
    expect(published.cashlessPeople).toBeNull(); // 28 = paid − cash
    expect(published.cashlessShare).toBeNull();
    expect(published.target?.met).toBeNull();
    expect(published.daysToPayment).toEqual({ median: 3, p90: 6 }); // 31 paid: not small
    // providers: the same figures, the same protection
    expect(published.paid.byProvider).toEqual({
      'P-TIEN_MAT': { people: '< 5', amountVnd: null },
      'P-TK_NGAN_HANG': { people: 20, amountVnd: 20 * amount },
      'P-VI_DIEN_TU': { people: null, amountVnd: null },
    });
    // fees per channel: 3 cash payments hidden, then the 8 wallet payments, and the fees stay shown (three parts, two hidden)
    expect(published.feesByChannel.TIEN_MAT).toEqual({ payments: '< 5', feeVnd: null, perPaymentVnd: null });
    expect(published.feesByChannel.VI_DIEN_TU).toEqual({ payments: null, feeVnd: null, perPaymentVnd: null });
    expect(published.feesVnd).toBe(31 * 1_100);
    expect(published).toMatchObject({ people: 40, dueVnd: 40 * amount, outstanding: { people: 9 }, failed: { people: 0, amountVnd: 0 } });
  });

  it('protects a hidden reason of failure by the next smallest reason, and a lone hidden state by another state', () => {
    // failed 12: AC04 2, AC01 4 — two hidden, nothing more; AM04 6 stays
    let published = publishedRow(row('1', { channels: { TK_NGAN_HANG: 30 }, failed: { AC04: 2, AC01: 4, AM04: 6 } }));
    expect(published.failed.byReason).toEqual({ AC01: '< 5', AC04: '< 5', AM04: 6 });
    // failed 14: AC04 2, AM04 5, AC01 7 → AM04 withheld
    published = publishedRow(row('1', { channels: { TK_NGAN_HANG: 30 }, failed: { AC04: 2, AM04: 5, AC01: 7 } }));
    expect(published.failed).toMatchObject({ people: 14, amountVnd: 14 * amount, byReason: { AC04: '< 5', AM04: null, AC01: 7 } });
    // failed 3 alone among the states: people 45 = 30 paid + 3 failed + 12 outstanding → the outstanding withheld
    published = publishedRow(row('1', { channels: { TK_NGAN_HANG: 30 }, failed: { AC04: 3 }, outstanding: 12 }));
    expect(published.failed).toMatchObject({ people: '< 5', amountVnd: null, byReason: { AC04: '< 5' } });
    expect(published.outstanding).toEqual({ people: null, amountVnd: null });
    expect(published.paid).toMatchObject({ people: 30, amountVnd: 30 * amount });
    expect(published.dueVnd).toBe(45 * amount);
  });

  it('shows zeros and everything of five or more when no cell is small', () => {
    const figures = row('1', { channels: { TK_NGAN_HANG: 30, TIEN_MAT: 5 }, outstanding: 0 });
    const published = publishedRow(figures);
    expect(published.paid.byChannel).toEqual(figures.paid.byChannel);
    expect(published).toMatchObject({ failed: { people: 0, amountVnd: 0 }, outstanding: { people: 0, amountVnd: 0 }, cashlessPeople: 30, cashlessShare: figures.cashlessShare });
  });

  it('protects a commune’s small figure against the province total, measure by measure', () => {
    const rows = [
      row('23293', { channels: { TK_NGAN_HANG: 40, TIEN_MAT: 10 } }),
      row('23302', { channels: { TK_NGAN_HANG: 25, TIEN_MAT: 3 } }),
      row('23305', { channels: { TK_NGAN_HANG: 60, TIEN_MAT: 7 } }),
      row('23308', { channels: { TK_NGAN_HANG: 12 } }),
    ];
    const published = publishedReport(report(rows));
    const cash = published.rows.map((each) => each.paid.byChannel.TIEN_MAT?.people);
    // 3 hidden in its row (beside the bank's 25: so the cashless 25 and the bank 25 are withheld)
    // and in the column: 3, then the next smallest cash figure, 7; the total's 20 stays
    expect(cash).toEqual([10, '< 5', null, undefined]);
    // the cashless 25 withheld in the column of cashless people takes the next smallest, 12 of 23308,
    // which is all its paid (no cash): its paid and people go with it, then 23302's people and paid
    expect(published.rows.map((each) => [each.people, each.paid.people, each.cashlessPeople])).toEqual([
      [50, 50, 40],
      [null, null, null],
      [67, 67, null],
      [null, null, null],
    ]);
    expect(published.total.paid.byChannel.TIEN_MAT).toEqual({ people: 20, amountVnd: 20 * amount });
    expect(published.rows[1]!.paid.byChannel.TK_NGAN_HANG).toEqual({ people: null, amountVnd: null });
    // no sum of the published report has exactly one hidden figure
    const all = [...published.rows, published.total];
    for (const each of all) {
      expect(hiddenIn([each.paid.people, ...Object.values(each.paid.byChannel).map((cell) => cell.people)])).not.toBe(1);
      expect(hiddenIn([each.paid.people, ...Object.values(each.paid.byProvider).map((cell) => cell.people)])).not.toBe(1);
      expect(hiddenIn([each.paid.people, each.cashlessPeople, peopleIn(each.paid.byChannel.TIEN_MAT)])).not.toBe(1);
      expect(hiddenIn([each.people, each.paid.people, each.failed.people, each.returned.people, each.outstanding.people])).not.toBe(1);
    }
    for (const channel of ['TK_NGAN_HANG', 'TIEN_MAT']) {
      expect(hiddenIn([published.total.paid.byChannel[channel]!.people, ...published.rows.map((each) => peopleIn(each.paid.byChannel[channel]))])).not.toBe(1);
    }
    for (const measure of ['people', 'cashlessPeople'] as const) {
      expect(hiddenIn([published.total[measure], ...published.rows.map((each) => each[measure])])).not.toBe(1);
    }
    console.log(JSON.stringify(all.map((each) => [each.unit, each.people, each.paid.people, each.cashlessPeople, each.paid.byChannel, each.paid.byProvider])));
    // the same figures always give the same publication, and the API's schema takes it
    expect(publishedReport(report(rows))).toEqual(published);
    expect(Value.Check(PublishedMonthlyReport, published)).toBe(true);
  });

  it('hides a small commune wholly and protects it in every column', () => {
    const rows = [row('23293', { channels: { TK_NGAN_HANG: 40 } }), row('23302', { channels: { TK_NGAN_HANG: 2 } }), row('23305', { channels: { TK_NGAN_HANG: 9 } })];
    const published = publishedReport(report(rows));
    expect(published.rows.map((each) => each.people)).toEqual([40, '< 5', null]);
    expect(published.rows.map((each) => each.dueVnd)).toEqual([40 * amount, null, null]);
    expect(published.rows.map((each) => each.paid.people)).toEqual([40, '< 5', null]);
    expect(published.rows[2]).toMatchObject({ feesVnd: null, cashlessShare: null, paid: { amountVnd: null, byChannel: { TK_NGAN_HANG: { people: null, amountVnd: null } } } });
    expect(published.total).toMatchObject({ people: 51, paid: { people: 51, amountVnd: 51 * amount }, feesVnd: 51 * 1_100 });
  });
});
