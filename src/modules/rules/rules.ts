/**
 * Benefit rules engine: what one person is due for one month, from facts only (no database). The
 * payroll runs the same rules set-based in SQL from `ruleTables()`; this evaluator is the reference
 * it is tested against, and the explanation shown for a single beneficiary.
 *
 * Legal sources (DOMAIN.md §2, §3): Decree 20/2021/NĐ-CP as amended by Decree 76/2024/NĐ-CP (social
 * assistance), Decree 176/2025/NĐ-CP (social pension), Ordinance 02/2020/UBTVQH14 and Decree
 * 75/2021/NĐ-CP as amended by Decree 77/2024/NĐ-CP (people with merit).
 */
import { assert } from '../../core/assert.js';
import { isValidIsoDate, type IsoDate } from '../../core/dates.js';
import { addVnd, applyCoefficientX10, formatVnd, multiplyVnd, sumVnd, type AmountVnd } from '../../core/money.js';
import { addMonths, isMonth, monthIndex, monthOfDate, type Month } from '../../core/month.js';
import { categories, categoryByCode, firstPayableMonth, programmes, type EnrolmentStatus, type Programme } from './categories.js';
import {
  categoryAgeLimits,
  coefficientBands,
  exclusivePairs,
  nccAmounts,
  singleParentAddOn,
  socialAssistanceBaseLevels,
  socialAssistanceFuneralSupport,
  socialPensionAmounts,
  type CoefficientBandRow,
  type NccAmountRow,
  type NccComponent,
} from './rules.data.js';

export { ruleTables, type RuleTables } from './rules.tables.js';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/** A past suspension, inclusive; `to` null = still suspended. */
export interface SuspensionPeriod {
  from: Month;
  to: Month | null;
}

export interface EnrolmentFacts {
  id?: string | number;
  programme: Programme;
  category: string;
  /** BTXH_K4: number of children being raised. */
  childrenCount?: number | null;
  /** Injury rate in % for the rate-based NCC categories. */
  injuryRate?: number | null;
  /** First month of entitlement (decision, certificate, President's signature… month). */
  firstMonth: Month;
  /**
   * The date the decision was signed. Under a decision-bound start rule (`decisionBoundStartRules`)
   * nothing is paid before its month, even when `firstMonth` is earlier.
   */
  decisionDate?: IsoDate | null;
  status: EnrolmentStatus;
  /** For TAM_DUNG / THOI_HUONG: the first month NOT paid because of it. */
  statusEffectiveMonth?: Month | null;
  suspensions?: readonly SuspensionPeriod[];
}

export interface PersonFacts {
  birthDate: IsoDate;
  provinceCode: string;
  enrolments: readonly EnrolmentFacts[];
}

/** A provincial mức chuẩn trợ giúp xã hội (Decree 20/2021 Art. 4(3)), valid until the province's next row. */
export interface ProvinceOverride {
  provinceCode: string;
  validFrom: Month;
  baseLevelVnd: AmountVnd;
}

export interface AmountDueOptions {
  provinceOverrides?: readonly ProvinceOverride[];
}

export type ExclusionReason =
  /** Before the first month, or before the start age of k5b (75) / k5c (80). */
  | 'NOT_STARTED'
  | 'SUSPENDED'
  | 'TERMINATED'
  /** Past an upper age limit (paid through the birthday month), before birth, or no band for the age. */
  | 'AGE_OUT_OF_RANGE'
  /** No published rate for the month in our sources; never replaced by a guess. */
  | 'RATE_MISSING'
  /** Children count or injury rate missing or out of range for the category. */
  | 'DETAIL_INVALID'
  /** Social pension vs social assistance: only the higher is paid (Decree 176/2025). */
  | 'LOWER_THAN_OTHER_BENEFIT'
  /** Another category of the same programme pays more (Decree 20/2021 Art. 6(2)). */
  | 'NOT_HIGHEST';

export interface BreakdownItem {
  category: string;
  enrolmentId?: string | number;
  /** Social assistance: the coefficient of the category for the age, per child for K4. */
  coefficientX10?: number;
  baseLevelVnd?: AmountVnd;
  children?: number;
  injuryRate?: number;
  component?: NccComponent;
  componentVnd: AmountVnd;
  note: string;
}

export interface AmountLine {
  programme: Programme;
  /** The category that determined the amount: the highest-paying one. */
  category: string;
  amountVnd: AmountVnd;
  breakdown: BreakdownItem[];
}

export interface Exclusion {
  programme: Programme;
  category: string;
  enrolmentId?: string | number;
  reason: ExclusionReason;
}

export type RuleIssueCode =
  /** The province's level is below the national one: the national level is paid. */
  | 'OVERRIDE_BELOW_NATIONAL'
  /** An odd amount would make base × 1.5 a fraction of a đồng: the national level is paid. */
  | 'OVERRIDE_NOT_EXACT';

export interface RuleIssue {
  code: RuleIssueCode;
  provinceCode: string;
  validFrom: Month;
  baseLevelVnd: AmountVnd;
  note: string;
}

export interface AmountDue {
  month: Month;
  totalVnd: AmountVnd;
  /** At most one line per programme. */
  lines: AmountLine[];
  excluded: Exclusion[];
  /** Problems in the parameters used (not in the person's facts). */
  issues: RuleIssue[];
}

// ---------------------------------------------------------------------------------------------
// Bounds on the facts: beyond them the data is wrong, not a person.
// ---------------------------------------------------------------------------------------------

const enrolmentsPerPersonMax = 32;
const childrenCountMax = 20;

// ---------------------------------------------------------------------------------------------
// Versioned lookups
// ---------------------------------------------------------------------------------------------

/** The row in force in `month`: the latest `validFrom` not after it. */
function rowInForce<Row extends { validFrom: Month }>(rows: readonly Row[], month: Month): Row | null {
  let found: Row | null = null;
  for (const row of rows) {
    if (row.validFrom <= month && (found === null || row.validFrom > found.validFrom)) found = row;
  }
  return found;
}

/** All rows of the version in force (rows sharing one `validFrom` form one published table). */
function rowsInForce<Row extends { validFrom: Month }>(rows: readonly Row[], month: Month): Row[] {
  const version = rowInForce(rows, month)?.validFrom;
  return version === undefined ? [] : rows.filter((row) => row.validFrom === version);
}

function groupByCategory<Row extends { category: string }>(rows: readonly Row[]): ReadonlyMap<string, readonly Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) groups.set(row.category, [...(groups.get(row.category) ?? []), row]);
  return groups;
}

const bandsByCategory = groupByCategory(coefficientBands);
const nccRowsByCategory = groupByCategory(nccAmounts);
const ageLimitByCategory = new Map(categoryAgeLimits.map((limit) => [limit.category, limit]));
const categoryRank = new Map(categories.map((category, index) => [category.code, index]));

// ---------------------------------------------------------------------------------------------
// Age
// ---------------------------------------------------------------------------------------------

/**
 * Full years reached by the end of `month`: a birthday anywhere in the month counts, because an
 * adjustment applies from the month the person becomes eligible for it (Decree 20/2021, DOMAIN.md
 * §2.2). Negative before the month of birth.
 */
export function ageAtEndOfMonth(birthDate: IsoDate, month: Month): number {
  return Math.floor((monthIndex(month) - monthIndex(monthOfDate(birthDate))) / 12);
}

/** The month of the birthday on which the person reaches `age`. */
function monthReachingAge(birthDate: IsoDate, age: number): Month {
  return addMonths(monthOfDate(birthDate), 12 * age);
}

// ---------------------------------------------------------------------------------------------
// Base level (mức chuẩn) with provincial overrides
// ---------------------------------------------------------------------------------------------

interface ResolvedBaseLevel {
  amountVnd: AmountVnd;
  legalReference: string;
  issue: RuleIssue | null;
}

function overrideIssue(override: ProvinceOverride, nationalVnd: AmountVnd): RuleIssue | null {
  const common = { provinceCode: override.provinceCode, validFrom: override.validFrom, baseLevelVnd: override.baseLevelVnd };
  // Art. 4(3)(a): a local level "không thấp hơn" the national one; a lower row is ignored, not obeyed.
  if (override.baseLevelVnd < nationalVnd) {
    return { ...common, code: 'OVERRIDE_BELOW_NATIONAL', note: `${formatVnd(override.baseLevelVnd)} < ${formatVnd(nationalVnd)} (mức chuẩn quốc gia)` };
  }
  // Coefficients move in 0.5 steps, so an even base level keeps every amount a whole đồng.
  if (override.baseLevelVnd % 2n !== 0n) {
    return { ...common, code: 'OVERRIDE_NOT_EXACT', note: `${formatVnd(override.baseLevelVnd)} × 1,5 is not a whole đồng` };
  }
  return null;
}

function assertOverrides(overrides: readonly ProvinceOverride[]): void {
  const keys = new Set<string>();
  for (const override of overrides) {
    assert(isMonth(override.validFrom), `province override: bad month ${override.validFrom}`);
    assert(override.baseLevelVnd > 0n, 'province override: amount must be positive');
    const key = `${override.provinceCode}|${override.validFrom}`;
    assert(!keys.has(key), `province override: two rows for ${key}`);
    keys.add(key);
  }
}

function resolveBaseLevel(month: Month, provinceCode: string, overrides: readonly ProvinceOverride[]): ResolvedBaseLevel | null {
  const national = rowInForce(socialAssistanceBaseLevels, month);
  // No national level in our sources: a provincial row alone cannot be checked, so nothing is paid.
  if (national === null) return null;
  const nationalLevel = { amountVnd: national.amountVnd, legalReference: national.legalReference, issue: null };
  // The province's latest row governs even when invalid: falling back to an older row it replaced
  // would resurrect a superseded decision.
  const override = rowInForce(overrides.filter((row) => row.provinceCode === provinceCode), month);
  if (override === null) return nationalLevel;
  const issue = overrideIssue(override, national.amountVnd);
  if (issue !== null) return { ...nationalLevel, issue };
  return {
    amountVnd: override.baseLevelVnd,
    legalReference: `Mức chuẩn của tỉnh ${provinceCode} từ ${override.validFrom} (Nghị định 20/2021/NĐ-CP Điều 4 khoản 3)`,
    issue: null,
  };
}

/** Social-assistance base level for a province and month; null when no level is published for the month. */
export function baseLevelVnd(month: Month, provinceCode: string, overrides: readonly ProvinceOverride[] = []): AmountVnd | null {
  assert(isMonth(month), `not a month: ${month}`);
  assertOverrides(overrides);
  return resolveBaseLevel(month, provinceCode, overrides)?.amountVnd ?? null;
}

/** For the settings screen: whether an override is acceptable at its own first month. */
export function checkProvinceOverride(override: ProvinceOverride): RuleIssue | null {
  assertOverrides([override]);
  const national = rowInForce(socialAssistanceBaseLevels, override.validFrom);
  return national === null ? null : overrideIssue(override, national.amountVnd);
}

/**
 * Funeral support for a deceased social-assistance beneficiary: 20 × the base level of the month of
 * death (Decree 20/2021 Art. 11(2), a minimum). Null when no base level is published for the month.
 */
export function funeralSupportVnd(month: Month, provinceCode: string, overrides: readonly ProvinceOverride[] = []): AmountVnd | null {
  const base = baseLevelVnd(month, provinceCode, overrides);
  const rule = rowInForce(socialAssistanceFuneralSupport, month);
  if (base === null || rule === null) return null;
  return multiplyVnd(base, rule.baseLevelMultiple);
}

function formatCoefficient(coefficientX10: number): string {
  return `${Math.trunc(coefficientX10 / 10)},${coefficientX10 % 10}`;
}

// ---------------------------------------------------------------------------------------------
// One enrolment in one month
// ---------------------------------------------------------------------------------------------

interface Evaluation {
  person: PersonFacts;
  month: Month;
  ageYears: number;
  baseLevel: ResolvedBaseLevel | null;
}

interface Priced {
  index: number;
  enrolment: EnrolmentFacts;
  amountVnd: AmountVnd;
  breakdown: BreakdownItem[];
}

type Pricing = { amountVnd: AmountVnd; breakdown: BreakdownItem[] } | { reason: ExclusionReason };

function idOf(enrolment: EnrolmentFacts): { enrolmentId?: string | number } {
  return enrolment.id === undefined ? {} : { enrolmentId: enrolment.id };
}

/**
 * Suspension or termination: months from `statusEffectiveMonth` on are not paid (termination takes
 * effect from the month after the event, Decree 20/2021 Art. 8(2); the registry records that month).
 */
function statusBlocker(enrolment: EnrolmentFacts, month: Month): ExclusionReason | null {
  if (enrolment.status === 'DANG_HUONG') return null;
  // Without the month it took effect we cannot tell which months were due: pay none rather than guess.
  const effectiveMonth = enrolment.statusEffectiveMonth ?? null;
  if (effectiveMonth !== null && month < effectiveMonth) return null;
  return enrolment.status === 'THOI_HUONG' ? 'TERMINATED' : 'SUSPENDED';
}

function isSuspended(suspensions: readonly SuspensionPeriod[], month: Month): boolean {
  return suspensions.some((period) => period.from <= month && (period.to === null || month <= period.to));
}

/**
 * Start ages (k5b from the month of the 75th birthday, k5c of the 80th: Decree 20/2021 Art. 8(1)(đ))
 * and upper age limits (paid through the month of the birthday, stopped from the next: Art. 8(2)).
 */
function ageBlocker(category: string, evaluation: Evaluation): ExclusionReason | null {
  if (evaluation.ageYears < 0) return 'AGE_OUT_OF_RANGE';
  const limit = ageLimitByCategory.get(category);
  if (limit === undefined) return null;
  const { birthDate } = evaluation.person;
  if (limit.paidFromAge !== null && evaluation.month < monthReachingAge(birthDate, limit.paidFromAge)) return 'NOT_STARTED';
  if (limit.paidThroughAge !== null && evaluation.month > monthReachingAge(birthDate, limit.paidThroughAge)) return 'AGE_OUT_OF_RANGE';
  return null;
}

function entitlementBlocker(enrolment: EnrolmentFacts, evaluation: Evaluation): ExclusionReason | null {
  // Payment starts in the month of the decision / certificate (Art. 8(1)(đ)), not the month after.
  if (evaluation.month < firstPayableMonth(enrolment.category, enrolment.firstMonth, enrolment.decisionDate ?? null)) return 'NOT_STARTED';
  const status = statusBlocker(enrolment, evaluation.month);
  if (status !== null) return status;
  // Months of a past suspension are not due now; arrears are the payroll's decision (Circular 02/2021 Art. 6).
  if (isSuspended(enrolment.suspensions ?? [], evaluation.month)) return 'SUSPENDED';
  return ageBlocker(enrolment.category, evaluation);
}

function bandFor(category: string, month: Month, ageYears: number): CoefficientBandRow | null {
  const bands = rowsInForce(bandsByCategory.get(category) ?? [], month);
  return bands.find((band) => ageYears >= band.ageMin && (band.ageBelow === null || ageYears < band.ageBelow)) ?? null;
}

function isCountIn(value: number | null | undefined, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Mức chuẩn × hệ số (Decree 20/2021 Art. 6(1)); K4 is 1.0 per child raised. */
function priceSocialAssistance(enrolment: EnrolmentFacts, evaluation: Evaluation): Pricing {
  const base = evaluation.baseLevel;
  if (base === null) return { reason: 'RATE_MISSING' };
  const band = bandFor(enrolment.category, evaluation.month, evaluation.ageYears);
  if (band === null) return { reason: 'AGE_OUT_OF_RANGE' };
  let children = 1;
  if (band.perChild) {
    if (!isCountIn(enrolment.childrenCount, 1, childrenCountMax)) return { reason: 'DETAIL_INVALID' };
    children = enrolment.childrenCount;
  }
  const amountVnd = applyCoefficientX10(base.amountVnd, band.coefficientX10 * children);
  const perChild = band.perChild ? ` × ${children} con` : '';
  const item: BreakdownItem = {
    category: enrolment.category,
    ...idOf(enrolment),
    coefficientX10: band.coefficientX10,
    baseLevelVnd: base.amountVnd,
    ...(band.perChild ? { children } : {}),
    componentVnd: amountVnd,
    note: `${formatVnd(base.amountVnd)} × hệ số ${formatCoefficient(band.coefficientX10)}${perChild} (tuổi ${evaluation.ageYears}) — ${band.legalReference}; ${base.legalReference}`,
  };
  return { amountVnd, breakdown: [item] };
}

/** Social pension: one flat amount (Decree 176/2025); nothing before it took effect. */
function priceSocialPension(enrolment: EnrolmentFacts, month: Month): Pricing {
  const row = rowInForce(socialPensionAmounts, month);
  if (row === null) return { reason: 'RATE_MISSING' };
  const item: BreakdownItem = { category: enrolment.category, ...idOf(enrolment), componentVnd: row.amountVnd, note: `Trợ cấp hưu trí xã hội — ${row.legalReference}` };
  return { amountVnd: row.amountVnd, breakdown: [item] };
}

/** Injury rate for the rate-based NCC categories: null for the others, undefined when invalid. */
function injuryRateFor(enrolment: EnrolmentFacts): number | null | undefined {
  const range = categoryByCode.get(enrolment.category)?.injuryRate;
  if (range === undefined) return null;
  return isCountIn(enrolment.injuryRate, range.min, range.max) ? enrolment.injuryRate : undefined;
}

function rowMatchesRate(row: NccAmountRow, rate: number | null): boolean {
  if (row.rateMin === null || row.rateMax === null) return true;
  return rate !== null && rate >= row.rateMin && rate <= row.rateMax;
}

/** The published absolute amounts of the table in force (Decree 75/2021 as amended by 77/2024). */
function pricePeopleWithMerit(enrolment: EnrolmentFacts, month: Month): Pricing {
  const rows = rowsInForce(nccRowsByCategory.get(enrolment.category) ?? [], month);
  if (rows.length === 0) return { reason: 'RATE_MISSING' };
  const rate = injuryRateFor(enrolment);
  if (rate === undefined) return { reason: 'DETAIL_INVALID' };
  const matched = rows.filter((row) => rowMatchesRate(row, rate));
  assert(matched.filter((row) => row.component === 'TRO_CAP').length === 1, `${enrolment.category} ${rate}%: not exactly one trợ cấp row`);
  const breakdown = matched.map((row): BreakdownItem => ({
    category: enrolment.category,
    ...idOf(enrolment),
    ...(rate === null ? {} : { injuryRate: rate }),
    component: row.component,
    componentVnd: row.amountVnd,
    note: `${row.component === 'TRO_CAP' ? 'Trợ cấp' : 'Phụ cấp'}${rate === null ? '' : ` ${rate}%`} — ${row.legalReference}`,
  }));
  return { amountVnd: sumVnd(breakdown.map((item) => item.componentVnd)), breakdown };
}

function priceEnrolment(enrolment: EnrolmentFacts, evaluation: Evaluation): Pricing {
  const blocker = entitlementBlocker(enrolment, evaluation);
  if (blocker !== null) return { reason: blocker };
  switch (enrolment.programme) {
    case 'TGXH':
      return priceSocialAssistance(enrolment, evaluation);
    case 'HTXH':
      return priceSocialPension(enrolment, evaluation.month);
    case 'NCC':
      return pricePeopleWithMerit(enrolment, evaluation.month);
  }
}

// ---------------------------------------------------------------------------------------------
// Combining enrolments into one line per programme
// ---------------------------------------------------------------------------------------------

/** Highest amount first; ties broken by the category order of the registry, then input order. */
function byValue(a: Priced, b: Priced): number {
  if (a.amountVnd !== b.amountVnd) return a.amountVnd > b.amountVnd ? -1 : 1;
  const rank = (categoryRank.get(a.enrolment.category) ?? 0) - (categoryRank.get(b.enrolment.category) ?? 0);
  return rank !== 0 ? rank : a.index - b.index;
}

/**
 * Decree 20/2021 Art. 6(2): only the highest level, except that a single poor parent (k4) who is
 * also in k5, k6 or k8 receives both. Taking the better of the two options also covers the odd
 * case of k4 + k5/k6/k8 + another category paying more than the pair.
 */
function selectSocialAssistance(ranked: readonly Priced[]): Priced[] {
  const best = ranked[0];
  if (best === undefined) return [];
  const singleParent = ranked.find((priced) => priced.enrolment.category === singleParentAddOn.category);
  const addOn = ranked.find((priced) => singleParentAddOn.addOnCategories.includes(priced.enrolment.category));
  if (singleParent === undefined || addOn === undefined) return [best];
  if (addVnd(singleParent.amountVnd, addOn.amountVnd) <= best.amountVnd) return [best];
  const note = `; cộng với ${addOn.enrolment.category} — ${singleParentAddOn.legalReference}`;
  const withNote: Priced = { ...singleParent, breakdown: singleParent.breakdown.map((item) => ({ ...item, note: item.note + note })) };
  return [addOn, withNote].sort(byValue);
}

/** Which priced enrolments of one programme are paid. */
function selectPaid(programme: Programme, ranked: readonly Priced[]): Priced[] {
  switch (programme) {
    case 'TGXH':
      return selectSocialAssistance(ranked);
    case 'HTXH':
      // One social pension per person; both categories pay the same amount.
      return ranked.slice(0, 1);
    case 'NCC':
      // Ordinance 02/2020 Art. 6: a person in several categories receives all of them.
      return [...ranked];
  }
}

interface ProgrammeResult {
  line: AmountLine;
  paid: Priced[];
}

function programmeResult(programme: Programme, priced: readonly Priced[], excluded: IndexedExclusion[]): ProgrammeResult | null {
  const ranked = priced.filter((item) => item.enrolment.programme === programme).sort(byValue);
  const paid = selectPaid(programme, ranked);
  for (const item of ranked) if (!paid.some((chosen) => chosen.index === item.index)) excluded.push(exclusion(item.index, item.enrolment, 'NOT_HIGHEST'));
  const top = paid[0];
  if (top === undefined) return null;
  const line: AmountLine = {
    programme,
    category: top.enrolment.category,
    amountVnd: sumVnd(paid.map((item) => item.amountVnd)),
    breakdown: paid.flatMap((item) => item.breakdown),
  };
  return { line, paid };
}

interface IndexedExclusion {
  index: number;
  exclusion: Exclusion;
}

function exclusion(index: number, enrolment: EnrolmentFacts, reason: ExclusionReason): IndexedExclusion {
  return { index, exclusion: { programme: enrolment.programme, category: enrolment.category, ...idOf(enrolment), reason } };
}

/**
 * Of each exclusive pair (Decree 176/2025: social pension or monthly social allowance) only the
 * higher line is paid; on a tie `keptOnTie`, the benefit already decided, so nothing changes for
 * the person.
 */
function keepHigherOfExclusivePairs(results: Map<Programme, ProgrammeResult>, excluded: IndexedExclusion[]): void {
  for (const pair of exclusivePairs) {
    const kept = results.get(pair.keptOnTie);
    const other = results.get(pair.other);
    if (kept === undefined || other === undefined) continue;
    const loser: Programme = other.line.amountVnd > kept.line.amountVnd ? pair.keptOnTie : pair.other;
    for (const item of results.get(loser)?.paid ?? []) excluded.push(exclusion(item.index, item.enrolment, 'LOWER_THAN_OTHER_BENEFIT'));
    results.delete(loser);
  }
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

function assertEnrolment(enrolment: EnrolmentFacts): void {
  const info = categoryByCode.get(enrolment.category);
  assert(info !== undefined, `unknown category ${enrolment.category}`);
  assert(info.programme === enrolment.programme, `${enrolment.category} is not in programme ${enrolment.programme}`);
  assert(isMonth(enrolment.firstMonth), `bad first month ${enrolment.firstMonth}`);
  assert(enrolment.decisionDate == null || isValidIsoDate(enrolment.decisionDate), `bad decision date ${enrolment.decisionDate}`);
  assert(enrolment.statusEffectiveMonth == null || isMonth(enrolment.statusEffectiveMonth), `bad status month ${enrolment.statusEffectiveMonth}`);
  for (const period of enrolment.suspensions ?? []) {
    assert(isMonth(period.from) && (period.to === null || (isMonth(period.to) && period.from <= period.to)), `bad suspension ${period.from}..${period.to}`);
  }
}

function assertPerson(person: PersonFacts): void {
  assert(isValidIsoDate(person.birthDate), `bad birth date ${person.birthDate}`);
  assert(person.provinceCode.length > 0, 'province code missing');
  assert(person.enrolments.length <= enrolmentsPerPersonMax, `more than ${enrolmentsPerPersonMax} enrolments`);
  for (const enrolment of person.enrolments) assertEnrolment(enrolment);
}

/** What `person` is due for `month`, with the reason for every enrolment that pays nothing. */
export function amountDue(person: PersonFacts, month: Month, options: AmountDueOptions = {}): AmountDue {
  assert(isMonth(month), `not a month: ${month}`);
  assertPerson(person);
  const overrides = options.provinceOverrides ?? [];
  assertOverrides(overrides);
  const evaluation: Evaluation = {
    person,
    month,
    ageYears: ageAtEndOfMonth(person.birthDate, month),
    baseLevel: resolveBaseLevel(month, person.provinceCode, overrides),
  };

  const priced: Priced[] = [];
  const excluded: IndexedExclusion[] = [];
  person.enrolments.forEach((enrolment, index) => {
    const pricing = priceEnrolment(enrolment, evaluation);
    if ('reason' in pricing) excluded.push(exclusion(index, enrolment, pricing.reason));
    else priced.push({ index, enrolment, ...pricing });
  });

  const results = new Map<Programme, ProgrammeResult>();
  for (const programme of programmes) {
    const result = programmeResult(programme, priced, excluded);
    if (result !== null) results.set(programme, result);
  }
  keepHigherOfExclusivePairs(results, excluded);

  const lines = programmes.flatMap((programme) => results.get(programme)?.line ?? []);
  const hasAssistance = person.enrolments.some((enrolment) => enrolment.programme === 'TGXH');
  const issue = hasAssistance ? (evaluation.baseLevel?.issue ?? null) : null;
  return {
    month,
    totalVnd: sumVnd(lines.map((line) => line.amountVnd)),
    lines,
    excluded: excluded.sort((a, b) => a.index - b.index).map((item) => item.exclusion),
    issues: issue === null ? [] : [issue],
  };
}
