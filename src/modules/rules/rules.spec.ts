import { describe, expect, it } from 'vitest';
import { AssertionError } from '../../core/assert.js';
import { vnd, vndFromDb } from '../../core/money.js';
import { addMonths, monthIndex, monthOfDate, monthRange, type Month } from '../../core/month.js';
import {
  ageAtEndOfMonth,
  amountDue,
  baseLevelVnd,
  checkProvinceOverride,
  funeralSupportVnd,
  ruleTables,
  type AmountDue,
  type EnrolmentFacts,
  type PersonFacts,
  type ProvinceOverride,
} from './rules.js';

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

function enrolment(programme: EnrolmentFacts['programme'], category: string, extra: Partial<EnrolmentFacts> = {}): EnrolmentFacts {
  return { programme, category, firstMonth: '2021-07', status: 'DANG_HUONG', ...extra };
}
const tgxh = (category: string, extra: Partial<EnrolmentFacts> = {}) => enrolment('TGXH', category, extra);
const ncc = (category: string, extra: Partial<EnrolmentFacts> = {}) => enrolment('NCC', category, { firstMonth: '2024-07', ...extra });
const htxh = (category: string, extra: Partial<EnrolmentFacts> = {}) => enrolment('HTXH', category, { firstMonth: '2025-07', ...extra });

function person(birthDate: string, ...enrolments: EnrolmentFacts[]): PersonFacts {
  return { birthDate, provinceCode: '01', enrolments };
}

const total = (due: AmountDue) => due.totalVnd;
const reasons = (due: AmountDue) => due.excluded.map((item) => `${item.category}:${item.reason}`);

// Births in January keep the same age in 2024-06 and 2024-07.
const born = {
  under4: '2022-01-10',
  age10: '2014-01-10',
  age18: '2006-01-10',
  adult: '1990-01-10',
  age70: '1954-01-10',
  age77: '1947-01-10',
  age84: '1940-01-10',
  age1: '2023-01-10',
};

// ---------------------------------------------------------------------------------------------
// DOMAIN.md §2.2, every row at both base levels
// ---------------------------------------------------------------------------------------------

describe('social assistance coefficients (Decree 20/2021 Art. 6(1), DOMAIN.md §2.2)', () => {
  const rows: { label: string; category: string; birthDate: string; children?: number; at360k: bigint; at500k: bigint }[] = [
    { label: 'K1 under 4 (2.5)', category: 'BTXH_K1', birthDate: born.under4, at360k: 900_000n, at500k: 1_250_000n },
    { label: 'K1 4 to under 16 (1.5)', category: 'BTXH_K1', birthDate: born.age10, at360k: 540_000n, at500k: 750_000n },
    { label: 'K2 studying 16–22 (1.5)', category: 'BTXH_K2', birthDate: born.age18, at360k: 540_000n, at500k: 750_000n },
    { label: 'K3 under 4 (2.5)', category: 'BTXH_K3', birthDate: born.under4, at360k: 900_000n, at500k: 1_250_000n },
    { label: 'K3 4 to under 16 (2.0)', category: 'BTXH_K3', birthDate: born.age10, at360k: 720_000n, at500k: 1_000_000n },
    { label: 'K4 one child (1.0 × 1)', category: 'BTXH_K4', birthDate: born.adult, children: 1, at360k: 360_000n, at500k: 500_000n },
    { label: 'K4 two children (1.0 × 2)', category: 'BTXH_K4', birthDate: born.adult, children: 2, at360k: 720_000n, at500k: 1_000_000n },
    { label: 'K5A 60 to under 80 (1.5)', category: 'BTXH_K5A', birthDate: born.age70, at360k: 540_000n, at500k: 750_000n },
    { label: 'K5A 80+ (2.0)', category: 'BTXH_K5A', birthDate: born.age84, at360k: 720_000n, at500k: 1_000_000n },
    { label: 'K5B 75–80 (1.0)', category: 'BTXH_K5B', birthDate: born.age77, at360k: 360_000n, at500k: 500_000n },
    { label: 'K5C 80+ (1.0)', category: 'BTXH_K5C', birthDate: born.age84, at360k: 360_000n, at500k: 500_000n },
    { label: 'K5D community care (3.0)', category: 'BTXH_K5D', birthDate: born.age70, at360k: 1_080_000n, at500k: 1_500_000n },
    { label: 'K6 severe adult (1.5)', category: 'BTXH_K6_NANG', birthDate: born.adult, at360k: 540_000n, at500k: 750_000n },
    { label: 'K6 severe child (2.0)', category: 'BTXH_K6_NANG', birthDate: born.age10, at360k: 720_000n, at500k: 1_000_000n },
    { label: 'K6 severe elderly (2.0)', category: 'BTXH_K6_NANG', birthDate: born.age70, at360k: 720_000n, at500k: 1_000_000n },
    { label: 'K6 extremely severe adult (2.0)', category: 'BTXH_K6_DBN', birthDate: born.adult, at360k: 720_000n, at500k: 1_000_000n },
    { label: 'K6 extremely severe child (2.5)', category: 'BTXH_K6_DBN', birthDate: born.age10, at360k: 900_000n, at500k: 1_250_000n },
    { label: 'K6 extremely severe elderly (2.5)', category: 'BTXH_K6_DBN', birthDate: born.age84, at360k: 900_000n, at500k: 1_250_000n },
    { label: 'K7 under 3 (1.5)', category: 'BTXH_K7', birthDate: born.age1, at360k: 540_000n, at500k: 750_000n },
    { label: 'K8 HIV, poor, no income (1.5)', category: 'BTXH_K8', birthDate: born.adult, at360k: 540_000n, at500k: 750_000n },
  ];

  it.each(rows)('$label: $at360k at 360k (2024-06), $at500k at 500k (2024-07)', ({ category, birthDate, children, at360k, at500k }) => {
    const facts = person(birthDate, tgxh(category, { childrenCount: children ?? null }));
    expect(total(amountDue(facts, '2024-06'))).toBe(at360k);
    expect(total(amountDue(facts, '2024-07'))).toBe(at500k);
  });

  it('explains the amount: one line, base level, coefficient and legal reference', () => {
    const due = amountDue(person(born.under4, tgxh('BTXH_K1', { id: 7 })), '2024-07');
    expect(due.lines).toHaveLength(1);
    const [line] = due.lines;
    expect(line).toMatchObject({ programme: 'TGXH', category: 'BTXH_K1', amountVnd: 1_250_000n });
    expect(line?.breakdown).toEqual([
      expect.objectContaining({ category: 'BTXH_K1', enrolmentId: 7, coefficientX10: 25, baseLevelVnd: vnd(500_000n), componentVnd: 1_250_000n }),
    ]);
    expect(line?.breakdown[0]?.note).toContain('Nghị định 20/2021/NĐ-CP Điều 6');
  });

  it('K4 breakdown keeps the per-child coefficient and the number of children', () => {
    const due = amountDue(person(born.adult, tgxh('BTXH_K4', { childrenCount: 3 })), '2024-07');
    expect(due.lines[0]?.breakdown[0]).toMatchObject({ coefficientX10: 10, children: 3, componentVnd: 1_500_000n });
  });

  it.each([null, 0, -1, 1.5, 21])('K4 with children count %s is not paid (DETAIL_INVALID)', (childrenCount) => {
    const due = amountDue(person(born.adult, tgxh('BTXH_K4', { childrenCount })), '2024-07');
    expect(total(due)).toBe(0n);
    expect(reasons(due)).toEqual(['BTXH_K4:DETAIL_INVALID']);
  });

  it('no base level before 2021-07: RATE_MISSING, never a guess', () => {
    const due = amountDue(person(born.adult, tgxh('BTXH_K8', { firstMonth: '2021-01' })), '2021-06');
    expect(total(due)).toBe(0n);
    expect(reasons(due)).toEqual(['BTXH_K8:RATE_MISSING']);
  });
});

describe('base level by effective date', () => {
  it.each([
    ['2021-06', null],
    ['2021-07', 360_000n],
    ['2024-06', 360_000n],
    ['2024-07', 500_000n],
    ['2030-01', 500_000n],
  ] as const)('%s → %s', (month, expected) => {
    expect(baseLevelVnd(month, '01')).toBe(expected);
  });

  it('the same K6 adult is paid 540,000 in 2024-06 and 750,000 in 2024-07', () => {
    const facts = person(born.adult, tgxh('BTXH_K6_NANG'));
    expect(monthRange('2024-05', '2024-08').map((month) => total(amountDue(facts, month)))).toEqual([540_000n, 540_000n, 750_000n, 750_000n]);
  });
});

// ---------------------------------------------------------------------------------------------
// Age in the month
// ---------------------------------------------------------------------------------------------

describe('age in the month (adjustment from the month of eligibility)', () => {
  it('counts a birthday anywhere in the month', () => {
    expect(ageAtEndOfMonth('2020-03-20', '2024-02')).toBe(3);
    expect(ageAtEndOfMonth('2020-03-20', '2024-03')).toBe(4);
    expect(ageAtEndOfMonth('2020-03-01', '2024-03')).toBe(4);
    expect(ageAtEndOfMonth('2020-03-31', '2024-03')).toBe(4);
    expect(ageAtEndOfMonth('2020-02-29', '2024-02')).toBe(4);
    expect(ageAtEndOfMonth('2020-03-20', '2020-02')).toBe(-1);
  });

  it('K1 child turning 4 in March 2024: 900,000 in February, 540,000 from March', () => {
    const facts = person('2020-03-20', tgxh('BTXH_K1'));
    expect(total(amountDue(facts, '2024-02'))).toBe(900_000n);
    expect(total(amountDue(facts, '2024-03'))).toBe(540_000n);
  });

  it('K5A person turning 80 in August 2024: 750,000 in July, 1,000,000 from August', () => {
    const facts = person('1944-08-25', tgxh('BTXH_K5A'));
    expect(total(amountDue(facts, '2024-07'))).toBe(750_000n);
    expect(total(amountDue(facts, '2024-08'))).toBe(1_000_000n);
  });

  it('K6 severe child turning 16 gets the adult coefficient from the birthday month', () => {
    const facts = person('2008-10-05', tgxh('BTXH_K6_NANG'));
    expect(total(amountDue(facts, '2024-09'))).toBe(1_000_000n);
    expect(total(amountDue(facts, '2024-10'))).toBe(750_000n);
  });

  it.each([
    { label: 'K1 turning 16', category: 'BTXH_K1', birthDate: '2008-08-31', lastPaid: '2024-08', amountVnd: 750_000n },
    { label: 'K3 turning 16', category: 'BTXH_K3', birthDate: '2008-08-01', lastPaid: '2024-08', amountVnd: 1_000_000n },
    { label: 'K7 turning 3', category: 'BTXH_K7', birthDate: '2021-11-15', lastPaid: '2024-11', amountVnd: 750_000n },
    { label: 'K2 turning 23 (at most 22)', category: 'BTXH_K2', birthDate: '2001-12-02', lastPaid: '2024-12', amountVnd: 750_000n },
    { label: 'K5B turning 80', category: 'BTXH_K5B', birthDate: '1944-09-09', lastPaid: '2024-09', amountVnd: 500_000n },
  ])('$label: paid in the birthday month, not the next', ({ category, birthDate, lastPaid, amountVnd }) => {
    const facts = person(birthDate, tgxh(category));
    expect(total(amountDue(facts, lastPaid))).toBe(amountVnd);
    const next = amountDue(facts, addMonths(lastPaid, 1));
    expect(total(next)).toBe(0n);
    expect(reasons(next)).toEqual([`${category}:AGE_OUT_OF_RANGE`]);
  });

  it('K5C turning 80 in 2024-09 with first month 2024-07: nothing in 07 and 08, 500,000 from 09', () => {
    const facts = person('1944-09-30', tgxh('BTXH_K5C', { firstMonth: '2024-07' }));
    const dues = monthRange('2024-06', '2024-10').map((month) => amountDue(facts, month));
    expect(dues.map(total)).toEqual([0n, 0n, 0n, 500_000n, 500_000n]);
    expect(dues.map((due) => due.excluded[0]?.reason ?? null)).toEqual(['NOT_STARTED', 'NOT_STARTED', 'NOT_STARTED', null, null]);
  });

  it('K5B starts in the month of the 75th birthday', () => {
    const facts = person('1949-08-10', tgxh('BTXH_K5B', { firstMonth: '2024-01' }));
    expect(total(amountDue(facts, '2024-07'))).toBe(0n);
    expect(total(amountDue(facts, '2024-08'))).toBe(500_000n);
  });

  it('K5A below 60 has no band: AGE_OUT_OF_RANGE', () => {
    expect(reasons(amountDue(person(born.adult, tgxh('BTXH_K5A')), '2024-07'))).toEqual(['BTXH_K5A:AGE_OUT_OF_RANGE']);
  });

  it('nothing is due before the month of birth', () => {
    expect(reasons(amountDue(person('2024-08-02', tgxh('BTXH_K7', { firstMonth: '2024-01' })), '2024-07'))).toEqual(['BTXH_K7:AGE_OUT_OF_RANGE']);
  });
});

// ---------------------------------------------------------------------------------------------
// Start, suspension, termination
// ---------------------------------------------------------------------------------------------

describe('start, suspension and termination', () => {
  it('starts in the first month itself, not the month after', () => {
    const facts = person(born.adult, tgxh('BTXH_K8', { firstMonth: '2024-09' }));
    expect(reasons(amountDue(facts, '2024-08'))).toEqual(['BTXH_K8:NOT_STARTED']);
    expect(total(amountDue(facts, '2024-09'))).toBe(750_000n);
  });

  it('termination: paid before statusEffectiveMonth, not from it', () => {
    const facts = person(born.adult, tgxh('BTXH_K8', { status: 'THOI_HUONG', statusEffectiveMonth: '2024-10' }));
    expect(total(amountDue(facts, '2024-09'))).toBe(750_000n);
    const due = amountDue(facts, '2024-10');
    expect(total(due)).toBe(0n);
    expect(reasons(due)).toEqual(['BTXH_K8:TERMINATED']);
    expect(reasons(amountDue(facts, '2025-03'))).toEqual(['BTXH_K8:TERMINATED']);
  });

  it('current suspension: SUSPENDED from statusEffectiveMonth', () => {
    const facts = person(born.adult, tgxh('BTXH_K8', { status: 'TAM_DUNG', statusEffectiveMonth: '2024-10' }));
    expect(total(amountDue(facts, '2024-09'))).toBe(750_000n);
    expect(reasons(amountDue(facts, '2024-10'))).toEqual(['BTXH_K8:SUSPENDED']);
  });

  it('a stopped enrolment without its effective month is paid for no month', () => {
    const facts = person(born.adult, tgxh('BTXH_K8', { status: 'THOI_HUONG', statusEffectiveMonth: null }));
    expect(reasons(amountDue(facts, '2021-07'))).toEqual(['BTXH_K8:TERMINATED']);
  });

  it('past suspension periods are not due, inclusive at both ends', () => {
    const facts = person(born.adult, tgxh('BTXH_K8', { suspensions: [{ from: '2024-08', to: '2024-09' }] }));
    expect(monthRange('2024-07', '2024-10').map((month) => total(amountDue(facts, month)))).toEqual([750_000n, 0n, 0n, 750_000n]);
    expect(reasons(amountDue(facts, '2024-08'))).toEqual(['BTXH_K8:SUSPENDED']);
  });

  it('an open suspension (to = null) continues', () => {
    const facts = person(born.adult, tgxh('BTXH_K8', { suspensions: [{ from: '2024-08', to: null }] }));
    expect(total(amountDue(facts, '2026-01'))).toBe(0n);
  });

  it('a stopped enrolment does not hide another one of the person', () => {
    const facts = person(born.adult, tgxh('BTXH_K6_DBN', { status: 'THOI_HUONG', statusEffectiveMonth: '2024-07' }), tgxh('BTXH_K8'));
    const due = amountDue(facts, '2024-07');
    expect(total(due)).toBe(750_000n);
    expect(reasons(due)).toEqual(['BTXH_K6_DBN:TERMINATED']);
  });
});

// ---------------------------------------------------------------------------------------------
// Combination rules
// ---------------------------------------------------------------------------------------------

describe('combining social-assistance categories (Decree 20/2021 Art. 6(2))', () => {
  it('K4 with 2 children + K6 extremely severe adult: 1,000,000 + 1,000,000 = 2,000,000', () => {
    const due = amountDue(person(born.adult, tgxh('BTXH_K4', { childrenCount: 2 }), tgxh('BTXH_K6_DBN')), '2024-07');
    expect(total(due)).toBe(2_000_000n);
    expect(due.lines).toHaveLength(1);
    expect(due.lines[0]?.breakdown.map((item) => [item.category, item.componentVnd])).toEqual([
      ['BTXH_K4', 1_000_000n],
      ['BTXH_K6_DBN', 1_000_000n],
    ]);
    expect(due.excluded).toEqual([]);
  });

  it.each(['BTXH_K5A', 'BTXH_K5B', 'BTXH_K5C', 'BTXH_K5D', 'BTXH_K6_NANG', 'BTXH_K6_DBN', 'BTXH_K8'])('K4 is paid on top of %s', (category) => {
    const birthDate = category === 'BTXH_K5B' ? born.age77 : born.age84;
    const alone = total(amountDue(person(birthDate, tgxh(category)), '2024-07'));
    const both = total(amountDue(person(birthDate, tgxh('BTXH_K4', { childrenCount: 1 }), tgxh(category)), '2024-07'));
    expect(alone).toBeGreaterThan(0n);
    expect(both).toBe(alone + 500_000n);
  });

  it('K4 + K1: only the highest', () => {
    const due = amountDue(person(born.under4, tgxh('BTXH_K4', { childrenCount: 2, id: 'a' }), tgxh('BTXH_K1', { id: 'b' })), '2024-07');
    expect(total(due)).toBe(1_250_000n);
    expect(due.lines[0]?.category).toBe('BTXH_K1');
    expect(due.excluded).toEqual([{ programme: 'TGXH', category: 'BTXH_K4', enrolmentId: 'a', reason: 'NOT_HIGHEST' }]);
  });

  it('K6 + K8 (no K4): only the highest', () => {
    const due = amountDue(person(born.adult, tgxh('BTXH_K8'), tgxh('BTXH_K6_DBN')), '2024-07');
    expect(total(due)).toBe(1_000_000n);
    expect(due.lines[0]?.category).toBe('BTXH_K6_DBN');
    expect(reasons(due)).toEqual(['BTXH_K8:NOT_HIGHEST']);
  });

  it('K4 + two add-on categories: K4 plus the highest of them only', () => {
    const due = amountDue(person(born.age70, tgxh('BTXH_K4', { childrenCount: 1 }), tgxh('BTXH_K5A'), tgxh('BTXH_K6_DBN')), '2024-07');
    expect(total(due)).toBe(500_000n + 1_250_000n);
    expect(reasons(due)).toEqual(['BTXH_K5A:NOT_HIGHEST']);
  });
});

describe('social pension (Decree 176/2025)', () => {
  it('500,000 from 2025-07; no rate before', () => {
    const facts = person('1945-01-01', htxh('HTXH_75', { firstMonth: '2025-01' }));
    expect(reasons(amountDue(facts, '2025-06'))).toEqual(['HTXH_75:RATE_MISSING']);
    expect(total(amountDue(facts, '2025-07'))).toBe(500_000n);
    expect(amountDue(facts, '2025-07').lines[0]).toMatchObject({ programme: 'HTXH', category: 'HTXH_75' });
  });

  it('K5A 80+ (1,000,000) beats the social pension (500,000)', () => {
    const due = amountDue(person(born.age84, tgxh('BTXH_K5A'), htxh('HTXH_75')), '2025-07');
    expect(total(due)).toBe(1_000_000n);
    expect(due.lines.map((line) => line.programme)).toEqual(['TGXH']);
    expect(reasons(due)).toEqual(['HTXH_75:LOWER_THAN_OTHER_BENEFIT']);
  });

  it('K5C 500,000 vs social pension 500,000: the tie keeps social assistance', () => {
    const due = amountDue(person(born.age84, htxh('HTXH_75'), tgxh('BTXH_K5C')), '2025-07');
    expect(total(due)).toBe(500_000n);
    expect(due.lines.map((line) => [line.programme, line.category])).toEqual([['TGXH', 'BTXH_K5C']]);
    expect(reasons(due)).toEqual(['HTXH_75:LOWER_THAN_OTHER_BENEFIT']);
  });

  it('the pension is paid when the social allowance pays nothing that month', () => {
    const due = amountDue(person(born.age84, htxh('HTXH_75'), tgxh('BTXH_K5C', { status: 'THOI_HUONG', statusEffectiveMonth: '2025-07' })), '2025-07');
    expect(total(due)).toBe(500_000n);
    expect(due.lines.map((line) => line.programme)).toEqual(['HTXH']);
  });

  it('HTXH_70_NGHEO stops after the month of the 75th birthday', () => {
    const facts = person('1951-03-15', htxh('HTXH_70_NGHEO'));
    expect(total(amountDue(facts, '2026-03'))).toBe(500_000n);
    expect(reasons(amountDue(facts, '2026-04'))).toEqual(['HTXH_70_NGHEO:AGE_OUT_OF_RANGE']);
  });

  it('one pension even with both pension categories', () => {
    const due = amountDue(person('1951-03-15', htxh('HTXH_70_NGHEO'), htxh('HTXH_75')), '2025-07');
    expect(total(due)).toBe(500_000n);
    expect(due.excluded).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// People with merit
// ---------------------------------------------------------------------------------------------

describe('people with merit (Decree 77/2024, from 2024-07)', () => {
  it.each([
    { label: 'war invalid 21%', category: 'NCC_THUONG_BINH', rate: 21, expected: 1_878_000n },
    { label: 'war invalid 61%', category: 'NCC_THUONG_BINH', rate: 61, expected: 5_450_000n },
    { label: 'war invalid 80%', category: 'NCC_THUONG_BINH', rate: 80, expected: 7_150_000n },
    { label: 'war invalid 81% (+ phụ cấp)', category: 'NCC_THUONG_BINH', rate: 81, expected: 7_240_000n + 1_399_000n },
    { label: 'war invalid 100% (+ phụ cấp)', category: 'NCC_THUONG_BINH', rate: 100, expected: 8_941_000n + 1_399_000n },
    { label: 'type-B invalid 21%', category: 'NCC_THUONG_BINH_B', rate: 21, expected: 1_552_000n },
    { label: 'type-B invalid 55% (as transcribed)', category: 'NCC_THUONG_BINH_B', rate: 55, expected: 4_102_000n },
    { label: 'type-B invalid 81% (+ assumed phụ cấp)', category: 'NCC_THUONG_BINH_B', rate: 81, expected: 6_005_000n + 1_399_000n },
    { label: 'sick soldier 41%', category: 'NCC_BENH_BINH', rate: 41, expected: 2_911_000n },
    { label: 'sick soldier 60%', category: 'NCC_BENH_BINH', rate: 60, expected: 3_627_000n },
    { label: 'sick soldier 61%', category: 'NCC_BENH_BINH', rate: 61, expected: 4_622_000n },
    { label: 'sick soldier 75%', category: 'NCC_BENH_BINH', rate: 75, expected: 5_329_000n },
    { label: 'sick soldier 85% (+ phụ cấp)', category: 'NCC_BENH_BINH', rate: 85, expected: 6_378_000n + 1_399_000n },
    { label: 'sick soldier 91% (+ phụ cấp)', category: 'NCC_BENH_BINH', rate: 91, expected: 7_104_000n + 1_399_000n },
    { label: 'Agent Orange 21%', category: 'NCC_CDHH', rate: 21, expected: 2_120_000n },
    { label: 'Agent Orange 41%', category: 'NCC_CDHH', rate: 41, expected: 3_542_000n },
    { label: 'Agent Orange 80%', category: 'NCC_CDHH', rate: 80, expected: 4_964_000n },
    { label: 'Agent Orange 81% (+ phụ cấp)', category: 'NCC_CDHH', rate: 81, expected: 6_358_000n + 1_399_000n },
  ])('$label → $expected', ({ category, rate, expected }) => {
    expect(total(amountDue(person(born.age77, ncc(category, { injuryRate: rate })), '2024-07'))).toBe(expected);
  });

  it.each([
    ['NCC_BMVNAH', 8_367_000n + 2_337_000n],
    ['NCC_LTCM_TL', 3_117_000n],
    ['NCC_LTCM_KTL', 5_291_000n],
    ['NCC_TKN', 2_884_000n],
    ['NCC_THAN_NHAN_LS_1', 2_789_000n],
    ['NCC_THAN_NHAN_LS_2', 5_578_000n],
    ['NCC_THAN_NHAN_LS_3', 8_367_000n],
    ['NCC_TU_DAY', 1_673_000n],
    ['NCC_GIUP_CM_KC', 1_639_000n],
  ] as const)('%s → %s', (category, expected) => {
    expect(total(amountDue(person(born.age84, ncc(category)), '2024-07'))).toBe(expected);
  });

  it('Heroic Mother: trợ cấp and phụ cấp listed separately', () => {
    const due = amountDue(person(born.age84, ncc('NCC_BMVNAH')), '2024-07');
    expect(due.lines[0]?.breakdown.map((item) => [item.component, item.componentVnd])).toEqual([
      ['TRO_CAP', 8_367_000n],
      ['PHU_CAP', 2_337_000n],
    ]);
  });

  it('war invalid 81%: components carry the rate', () => {
    const due = amountDue(person(born.age77, ncc('NCC_THUONG_BINH', { injuryRate: 81 })), '2024-07');
    expect(due.lines[0]?.breakdown).toEqual([
      expect.objectContaining({ component: 'TRO_CAP', injuryRate: 81, componentVnd: 7_240_000n }),
      expect.objectContaining({ component: 'PHU_CAP', injuryRate: 81, componentVnd: 1_399_000n }),
    ]);
  });

  it('two NCC categories are summed into one line', () => {
    const due = amountDue(person(born.age77, ncc('NCC_THAN_NHAN_LS_1'), ncc('NCC_THUONG_BINH', { injuryRate: 61 })), '2024-07');
    expect(due.lines).toHaveLength(1);
    expect(due.lines[0]).toMatchObject({ programme: 'NCC', category: 'NCC_THUONG_BINH', amountVnd: 2_789_000n + 5_450_000n });
    expect(due.lines[0]?.breakdown.map((item) => item.category)).toEqual(['NCC_THUONG_BINH', 'NCC_THAN_NHAN_LS_1']);
  });

  it('2024-06: no published rate in our sources → RATE_MISSING, nothing invented', () => {
    const due = amountDue(person(born.age84, ncc('NCC_BMVNAH', { firstMonth: '2021-07' })), '2024-06');
    expect(total(due)).toBe(0n);
    expect(due.lines).toEqual([]);
    expect(reasons(due)).toEqual(['NCC_BMVNAH:RATE_MISSING']);
  });

  it.each([null, 20, 101, 61.5])('war invalid with rate %s → DETAIL_INVALID', (injuryRate) => {
    expect(reasons(amountDue(person(born.age77, ncc('NCC_THUONG_BINH', { injuryRate })), '2024-07'))).toEqual(['NCC_THUONG_BINH:DETAIL_INVALID']);
  });

  it('sick soldier below 41% → DETAIL_INVALID', () => {
    expect(reasons(amountDue(person(born.age77, ncc('NCC_BENH_BINH', { injuryRate: 40 })), '2024-07'))).toEqual(['NCC_BENH_BINH:DETAIL_INVALID']);
  });

  it('NCC and social assistance are separate lines', () => {
    const due = amountDue(person(born.age84, ncc('NCC_TU_DAY'), tgxh('BTXH_K5C')), '2024-07');
    expect(due.lines.map((line) => [line.programme, line.amountVnd])).toEqual([
      ['TGXH', 500_000n],
      ['NCC', 1_673_000n],
    ]);
    expect(total(due)).toBe(2_173_000n);
  });
});

// ---------------------------------------------------------------------------------------------
// Provincial base levels and funeral support
// ---------------------------------------------------------------------------------------------

describe('provincial base level (Decree 20/2021 Art. 4(3))', () => {
  const hcmc: ProvinceOverride[] = [{ provinceCode: '79', validFrom: '2024-07', baseLevelVnd: vnd(600_000n) }];
  const inHcmc = (facts: PersonFacts): PersonFacts => ({ ...facts, provinceCode: '79' });

  it("province '79' at 600,000 from 2024-07: K6 severe adult → 900,000", () => {
    const facts = inHcmc(person(born.adult, tgxh('BTXH_K6_NANG')));
    expect(total(amountDue(facts, '2024-07', { provinceOverrides: hcmc }))).toBe(900_000n);
    expect(total(amountDue(facts, '2024-06', { provinceOverrides: hcmc }))).toBe(540_000n);
    expect(amountDue(facts, '2024-07', { provinceOverrides: hcmc }).issues).toEqual([]);
  });

  it('does not apply to another province', () => {
    expect(total(amountDue(person(born.adult, tgxh('BTXH_K6_NANG')), '2024-07', { provinceOverrides: hcmc }))).toBe(750_000n);
  });

  it('does not apply to the social pension or people with merit', () => {
    const due = amountDue(inHcmc(person(born.age84, htxh('HTXH_75'), ncc('NCC_TU_DAY'))), '2025-07', { provinceOverrides: hcmc });
    expect(total(due)).toBe(500_000n + 1_673_000n);
  });

  it('a level below the national one is ignored and flagged', () => {
    const overrides: ProvinceOverride[] = [{ provinceCode: '79', validFrom: '2023-01', baseLevelVnd: vnd(400_000n) }];
    const facts = inHcmc(person(born.adult, tgxh('BTXH_K6_NANG')));
    // Above the national 360,000 in 2024-06, below the national 500,000 from 2024-07.
    expect(total(amountDue(facts, '2024-06', { provinceOverrides: overrides }))).toBe(600_000n);
    const due = amountDue(facts, '2024-07', { provinceOverrides: overrides });
    expect(total(due)).toBe(750_000n);
    expect(due.issues).toEqual([expect.objectContaining({ code: 'OVERRIDE_BELOW_NATIONAL', provinceCode: '79', validFrom: '2023-01', baseLevelVnd: vnd(400_000n) })]);
  });

  it('an odd level (not a whole đồng at 1.5) is ignored and flagged', () => {
    const overrides: ProvinceOverride[] = [{ provinceCode: '79', validFrom: '2024-07', baseLevelVnd: vnd(600_001n) }];
    const due = amountDue(inHcmc(person(born.adult, tgxh('BTXH_K6_NANG'))), '2024-07', { provinceOverrides: overrides });
    expect(total(due)).toBe(750_000n);
    expect(due.issues.map((issue) => issue.code)).toEqual(['OVERRIDE_NOT_EXACT']);
  });

  it('the latest provincial row governs', () => {
    const overrides: ProvinceOverride[] = [
      { provinceCode: '79', validFrom: '2024-07', baseLevelVnd: vnd(600_000n) },
      { provinceCode: '79', validFrom: '2025-01', baseLevelVnd: vnd(700_000n) },
    ];
    expect(baseLevelVnd('2024-12', '79', overrides)).toBe(600_000n);
    expect(baseLevelVnd('2025-01', '79', overrides)).toBe(700_000n);
    expect(baseLevelVnd('2025-01', '01', overrides)).toBe(500_000n);
  });

  it('checkProvinceOverride validates a row at its first month', () => {
    expect(checkProvinceOverride({ provinceCode: '79', validFrom: '2024-07', baseLevelVnd: vnd(600_000n) })).toBeNull();
    expect(checkProvinceOverride({ provinceCode: '79', validFrom: '2024-07', baseLevelVnd: vnd(450_000n) })?.code).toBe('OVERRIDE_BELOW_NATIONAL');
  });

  it('two rows for the same province and month are a programmer error', () => {
    const overrides: ProvinceOverride[] = [
      { provinceCode: '79', validFrom: '2024-07', baseLevelVnd: vnd(600_000n) },
      { provinceCode: '79', validFrom: '2024-07', baseLevelVnd: vnd(650_000n) },
    ];
    expect(() => baseLevelVnd('2024-07', '79', overrides)).toThrow(AssertionError);
  });
});

describe('funeral support (Decree 20/2021 Art. 11: 20 × base level of the month of death)', () => {
  it.each([
    ['2024-07', '01', 10_000_000n],
    ['2024-06', '01', 7_200_000n],
    ['2021-06', '01', null],
  ] as const)('%s in %s → %s', (month, province, expected) => {
    expect(funeralSupportVnd(month, province)).toBe(expected);
  });

  it('uses the provincial base level', () => {
    expect(funeralSupportVnd('2024-07', '79', [{ provinceCode: '79', validFrom: '2024-07', baseLevelVnd: vnd(600_000n) }])).toBe(12_000_000n);
  });
});

// ---------------------------------------------------------------------------------------------
// Programmer errors
// ---------------------------------------------------------------------------------------------

describe('programmer errors are assertions', () => {
  it.each([
    ['unknown category', person(born.adult, tgxh('BTXH_K9'))],
    ['category of another programme', person(born.adult, enrolment('NCC', 'BTXH_K8'))],
    ['bad birth date', person('1990-02-30', tgxh('BTXH_K8'))],
    ['bad first month', person(born.adult, tgxh('BTXH_K8', { firstMonth: '2024-13' }))],
    ['suspension ending before it starts', person(born.adult, tgxh('BTXH_K8', { suspensions: [{ from: '2024-09', to: '2024-08' }] }))],
  ])('%s', (_label, facts) => {
    expect(() => amountDue(facts, '2024-07')).toThrow(AssertionError);
  });

  it('bad month', () => {
    expect(() => amountDue(person(born.adult, tgxh('BTXH_K8')), '2024-7')).toThrow(AssertionError);
  });
});

// ---------------------------------------------------------------------------------------------
// The SQL seed tables carry what the evaluator uses
// ---------------------------------------------------------------------------------------------

describe('ruleTables()', () => {
  const tables = ruleTables();

  it('is plain JSON (amounts as strings)', () => {
    expect(JSON.parse(JSON.stringify(tables))).toEqual(tables);
    expect(tables.baseLevels).toEqual([
      expect.objectContaining({ programme: 'TGXH', provinceCode: null, validFrom: '2021-07', amountVnd: '360000' }),
      expect.objectContaining({ programme: 'TGXH', provinceCode: null, validFrom: '2024-07', amountVnd: '500000' }),
    ]);
    expect(tables.socialPension).toEqual([expect.objectContaining({ validFrom: '2025-07', amountVnd: '500000' })]);
  });

  it('holds the full Appendix II and III tables, 21% to 100%', () => {
    for (const category of ['NCC_THUONG_BINH', 'NCC_THUONG_BINH_B']) {
      const rates = tables.nccAmounts.filter((row) => row.category === category && row.component === 'TRO_CAP').map((row) => [row.rateMin, row.rateMax]);
      expect(rates).toEqual(Array.from({ length: 80 }, (_, index) => [21 + index, 21 + index]));
    }
  });

  /** Single-enrolment amounts computed the way a set-based SQL query would, from the rows alone. */
  function fromTables(birthDate: string, item: EnrolmentFacts, month: Month): bigint {
    const age = Math.floor((monthIndex(month) - monthIndex(monthOfDate(birthDate))) / 12);
    const limit = tables.ageLimits.find((row) => row.category === item.category);
    const monthsLived = monthIndex(month) - monthIndex(monthOfDate(birthDate));
    if (limit?.paidFromAge != null && monthsLived < 12 * limit.paidFromAge) return 0n;
    if (limit?.paidThroughAge != null && monthsLived > 12 * limit.paidThroughAge) return 0n;
    const latest = <Row extends { validFrom: string }>(rows: Row[]) => {
      const version = rows.filter((row) => row.validFrom <= month).reduce<string | null>((max, row) => (max === null || row.validFrom > max ? row.validFrom : max), null);
      return rows.filter((row) => row.validFrom === version);
    };
    if (item.programme === 'TGXH') {
      const base = latest(tables.baseLevels)[0];
      const band = latest(tables.coefficients.filter((row) => row.category === item.category)).find((row) => age >= row.ageMin && (row.ageBelow === null || age < row.ageBelow));
      if (base === undefined || band === undefined) return 0n;
      return (vndFromDb(base.amountVnd) * BigInt(band.coefficientX10) * BigInt(band.perChild ? (item.childrenCount ?? 0) : 1)) / 10n;
    }
    if (item.programme === 'HTXH') return vndFromDb(latest(tables.socialPension)[0]?.amountVnd ?? '0');
    return latest(tables.nccAmounts.filter((row) => row.category === item.category))
      .filter((row) => row.rateMin === null || (item.injuryRate != null && row.rateMin <= item.injuryRate && item.injuryRate <= (row.rateMax ?? 100)))
      .reduce((sum, row) => sum + vndFromDb(row.amountVnd), 0n);
  }

  const months = ['2021-07', '2024-06', '2024-07', '2025-07'];
  const births = ['2022-06-15', '2020-03-20', '2008-05-31', '2008-08-31', '2001-12-02', '1990-01-10', '1964-07-01', '1949-08-10', '1944-09-30', '1944-08-25'];

  it('social assistance and social pension: same amount for every category, age and month of the grid', () => {
    const categories = tables.coefficients.map((row) => row.category).filter((code, index, all) => all.indexOf(code) === index);
    for (const month of months) {
      for (const birthDate of births) {
        for (const item of [...categories.map((code) => tgxh(code, { childrenCount: 2 })), htxh('HTXH_75', { firstMonth: '2021-07' }), htxh('HTXH_70_NGHEO', { firstMonth: '2021-07' })]) {
          const expected = fromTables(birthDate, item, month);
          expect(total(amountDue(person(birthDate, item), month)), `${item.category} ${birthDate} ${month}`).toBe(expected);
        }
      }
    }
  });

  it('people with merit: same amount for every category and rate', () => {
    const categories = tables.nccAmounts.map((row) => row.category).filter((code, index, all) => all.indexOf(code) === index);
    for (const month of ['2024-06', '2024-07']) {
      for (const category of categories) {
        const rated = tables.nccAmounts.some((row) => row.category === category && row.rateMin !== null);
        const rates = rated ? Array.from({ length: 80 }, (_, index) => 21 + index).filter((rate) => category !== 'NCC_BENH_BINH' || rate >= 41) : [null];
        for (const injuryRate of rates) {
          const item = ncc(category, { firstMonth: '2021-07', injuryRate });
          expect(total(amountDue(person(born.age77, item), month)), `${category} ${injuryRate} ${month}`).toBe(fromTables(born.age77, item, month));
        }
      }
    }
  });

  it('lists the K4 add-on categories and the age limits', () => {
    expect(tables.singleParentAddOns.map((row) => row.addOnCategory).sort()).toEqual(['BTXH_K5A', 'BTXH_K5B', 'BTXH_K5C', 'BTXH_K5D', 'BTXH_K6_DBN', 'BTXH_K6_NANG', 'BTXH_K8']);
    expect(tables.ageLimits).toEqual(
      expect.arrayContaining([
        { category: 'BTXH_K1', paidFromAge: null, paidThroughAge: 16 },
        { category: 'BTXH_K5B', paidFromAge: 75, paidThroughAge: 80 },
        { category: 'BTXH_K5C', paidFromAge: 80, paidThroughAge: null },
        { category: 'BTXH_K7', paidFromAge: null, paidThroughAge: 3 },
      ]),
    );
    expect(tables.funeralSupport).toEqual([expect.objectContaining({ programme: 'TGXH', baseLevelMultiple: 20, validFrom: '2021-07' })]);
  });
});
