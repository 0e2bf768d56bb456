/**
 * Versioned benefit parameters (DOMAIN.md §2 and §3). Every row is valid from `validFrom` (a month)
 * until the `validFrom` of the next row with the same key; the last row is open-ended. Amounts are
 * integer đồng. Arrears use the row of each past month, so rows are never edited in place: a new
 * decree adds rows (Decree 131/2021 Art. 183(2) for people with merit; the same reading for social
 * assistance, DOMAIN.md §1).
 *
 * Nothing here is derived: the tables are copied from the published texts, because the law publishes
 * absolute amounts (Decree 75/2021 Art. 3(2) rounds them; re-deriving them would drift by rounding).
 */
import { assert } from '../../core/assert.js';
import { vnd, type AmountVnd } from '../../core/money.js';
import { isMonth, type Month } from '../../core/month.js';
import { categories, categoryByCode, type Programme } from './categories.js';

export interface VersionedRow {
  /** First month the row applies to (`YYYY-MM`). */
  validFrom: Month;
  /** Where the number comes from, for audits and for the payroll's explanation of an amount. */
  legalReference: string;
}

// ---------------------------------------------------------------------------------------------
// Social assistance (trợ giúp xã hội), Decree 20/2021/NĐ-CP as amended by Decree 76/2024/NĐ-CP.
// ---------------------------------------------------------------------------------------------

export interface BaseLevelRow extends VersionedRow {
  amountVnd: AmountVnd;
}

/** National mức chuẩn trợ giúp xã hội. No row before 2021-07: Decree 136/2013 is out of our sources. */
export const socialAssistanceBaseLevels: readonly BaseLevelRow[] = [
  { validFrom: '2021-07', amountVnd: vnd(360_000n), legalReference: 'Nghị định 20/2021/NĐ-CP Điều 4 khoản 2' },
  { validFrom: '2024-07', amountVnd: vnd(500_000n), legalReference: 'Nghị định 76/2024/NĐ-CP (sửa Điều 4 Nghị định 20/2021)' },
];

export interface CoefficientBandRow extends VersionedRow {
  category: string;
  /**
   * Age band, in full years reached by the END of the month (DOMAIN.md §2.2: an adjustment applies
   * from the month the person becomes eligible for it). `ageMin` inclusive, `ageBelow` exclusive,
   * null = open.
   *
   * A band never ends at an eligibility limit (K1 at 16, K7 at 3…): the person is still paid in the
   * month of that birthday (termination takes effect the month after, Decree 20/2021 Art. 8(2)), so
   * the last band stays open and the limit lives in `categoryAgeLimits`.
   */
  ageMin: number;
  ageBelow: number | null;
  /** Hệ số × 10, so that 2.5 is the integer 25 (coefficients have one decimal digit). */
  coefficientX10: number;
  /** K4: the coefficient is per child being raised (Art. 6(1)(d)). */
  perChild: boolean;
}

const decree20: Month = '2021-07';
const art6 = 'Nghị định 20/2021/NĐ-CP Điều 6 khoản 1';

function band(category: string, ageMin: number, ageBelow: number | null, coefficientX10: number, point: string): CoefficientBandRow {
  return { category, ageMin, ageBelow, coefficientX10, perChild: false, validFrom: decree20, legalReference: `${art6} điểm ${point}` };
}

/** Decree 20/2021 Art. 6(1); the table of DOMAIN.md §2.2. "Child" = under 16, "elderly" = 60+. */
export const coefficientBands: readonly CoefficientBandRow[] = [
  band('BTXH_K1', 0, 4, 25, 'a'),
  band('BTXH_K1', 4, null, 15, 'a'), // "từ đủ 4 tuổi trở lên"; eligibility ends at 16 (Art. 5(1))
  band('BTXH_K2', 0, null, 15, 'b'), // 16 to 22 is an eligibility condition, not a coefficient band
  band('BTXH_K3', 0, 4, 25, 'c'),
  band('BTXH_K3', 4, null, 20, 'c'), // "từ đủ 4 tuổi đến dưới 16 tuổi"; the 16 limit is eligibility
  { ...band('BTXH_K4', 0, null, 10, 'd'), perChild: true },
  band('BTXH_K5A', 60, 80, 15, 'đ'),
  band('BTXH_K5A', 80, null, 20, 'đ'),
  band('BTXH_K5B', 0, null, 10, 'đ'), // the 75..80 window is in categoryAgeLimits (start rule AGE_75)
  band('BTXH_K5C', 0, null, 10, 'đ'), // from the month of the 80th birthday (start rule AGE_80)
  band('BTXH_K5D', 0, null, 30, 'đ'),
  band('BTXH_K6_NANG', 0, 16, 20, 'e'), // child
  band('BTXH_K6_NANG', 16, 60, 15, 'e'), // adult
  band('BTXH_K6_NANG', 60, null, 20, 'e'), // elderly
  band('BTXH_K6_DBN', 0, 16, 25, 'e'),
  band('BTXH_K6_DBN', 16, 60, 20, 'e'),
  band('BTXH_K6_DBN', 60, null, 25, 'e'),
  band('BTXH_K7', 0, null, 15, 'g'), // eligibility ends at 3 (Art. 5(7))
  band('BTXH_K8', 0, null, 15, 'g'),
];

export interface SingleParentAddOnRule extends VersionedRow {
  /** The single poor parent (k4) category. */
  category: string;
  /** Categories paid in full on top of it. */
  addOnCategories: readonly string[];
}

/**
 * Decree 20/2021 Art. 6(2): only the highest coefficient is paid, except that a single poor parent
 * (k4) who is also in k5, k6 or k8 gets the k4 amount AND the k5/k6/k8 amount.
 */
export const singleParentAddOn: SingleParentAddOnRule = {
  category: 'BTXH_K4',
  addOnCategories: ['BTXH_K5A', 'BTXH_K5B', 'BTXH_K5C', 'BTXH_K5D', 'BTXH_K6_NANG', 'BTXH_K6_DBN', 'BTXH_K8'],
  validFrom: decree20,
  legalReference: 'Nghị định 20/2021/NĐ-CP Điều 6 khoản 2',
};

export interface FuneralSupportRow extends VersionedRow {
  /** The support is this many times the base level of the month of death. */
  baseLevelMultiple: number;
}

/** "Thấp nhất bằng 20 lần mức chuẩn" — a minimum; a province may pay more (not modelled). */
export const socialAssistanceFuneralSupport: readonly FuneralSupportRow[] = [
  { validFrom: decree20, baseLevelMultiple: 20, legalReference: 'Nghị định 20/2021/NĐ-CP Điều 11 khoản 2' },
];

export interface CategoryAgeLimit {
  category: string;
  /** Paid from the month in which the person reaches this age (start rules AGE_75, AGE_80). */
  paidFromAge: number | null;
  /**
   * Paid up to and including the month in which the person reaches this age: reaching it is a loss
   * of eligibility, which takes effect from the month after (Decree 20/2021 Art. 8(2)).
   */
  paidThroughAge: number | null;
}

const startAgeByRule: Partial<Record<string, number>> = { AGE_75: 75, AGE_80: 80 };

/**
 * Derived from the category definitions in modules/registry (not duplicated): the start ages of
 * k5b/k5c (Decree 20/2021 Art. 8(1)(đ)) and every upper age limit (`ageBelow`): k1 and k3 under 16,
 * k2 at most 22, k5b 75 to 80, k7 under 3, social pension 70 to under 75.
 * Lower limits such as k5a 60+ are conditions for the decision (checked at import, CATEGORY_AGE).
 */
export const categoryAgeLimits: readonly CategoryAgeLimit[] = categories
  .map((category) => ({
    category: category.code,
    paidFromAge: startAgeByRule[category.startRule] ?? null,
    paidThroughAge: category.ageBelow ?? null,
  }))
  .filter((limit) => limit.paidFromAge !== null || limit.paidThroughAge !== null);

// ---------------------------------------------------------------------------------------------
// Social pension (trợ cấp hưu trí xã hội), Decree 176/2025/NĐ-CP.
// ---------------------------------------------------------------------------------------------

/** Same amount for HTXH_75 and HTXH_70_NGHEO. The benefit does not exist before 2025-07. */
export const socialPensionAmounts: readonly BaseLevelRow[] = [
  { validFrom: '2025-07', amountVnd: vnd(500_000n), legalReference: 'Nghị định 176/2025/NĐ-CP' },
];

/**
 * Benefits paid only one at a time for a month: the higher of the two, `keptOnTie` when they are
 * equal (it is the benefit already decided, so nothing changes for the person). Decree 176/2025: a
 * person entitled to the social pension and to the monthly social allowance receives the higher.
 */
export interface ExclusivePair {
  keptOnTie: Programme;
  other: Programme;
  legalReference: string;
}

export const exclusivePairs: readonly ExclusivePair[] = [
  { keptOnTie: 'TGXH', other: 'HTXH', legalReference: 'Nghị định 176/2025/NĐ-CP' },
];

// ---------------------------------------------------------------------------------------------
// People with merit (người có công), Decree 75/2021/NĐ-CP as amended by Decree 77/2024/NĐ-CP
// (consolidated text VBHN 4804/VBHN-BLĐTBXH). Only the 2024-07 tables are in our sources: an
// earlier month has no rate, and the engine says so instead of guessing.
// ---------------------------------------------------------------------------------------------

export type NccComponent = 'TRO_CAP' | 'PHU_CAP';

export interface NccAmountRow extends VersionedRow {
  category: string;
  /** Injury-rate range in %, inclusive; both null when the amount does not depend on a rate. */
  rateMin: number | null;
  rateMax: number | null;
  /** Trợ cấp (allowance) or phụ cấp (supplement); a category may have both. */
  component: NccComponent;
  amountVnd: AmountVnd;
}

const decree77: Month = '2024-07';
const appendixI = 'Nghị định 77/2024/NĐ-CP Phụ lục I (VBHN 4804/VBHN-BLĐTBXH)';

/** Appendix II: war invalids and people treated like them, ₫/month by injury rate (21%..100%). */
const appendixIIWarInvalidVnd: Readonly<Record<number, bigint>> = {
  21: 1_878_000n, 22: 1_969_000n, 23: 2_053_000n, 24: 2_144_000n, 25: 2_236_000n,
  26: 2_323_000n, 27: 2_411_000n, 28: 2_505_000n, 29: 2_589_000n, 30: 2_683_000n,
  31: 2_770_000n, 32: 2_862_000n, 33: 2_950_000n, 34: 3_040_000n, 35: 3_132_000n,
  36: 3_217_000n, 37: 3_304_000n, 38: 3_399_000n, 39: 3_489_000n, 40: 3_576_000n,
  41: 3_667_000n, 42: 3_753_000n, 43: 3_839_000n, 44: 3_934_000n, 45: 4_024_000n,
  46: 4_113_000n, 47: 4_200_000n, 48: 4_289_000n, 49: 4_382_000n, 50: 4_469_000n,
  51: 4_561_000n, 52: 4_650_000n, 53: 4_736_000n, 54: 4_827_000n, 55: 4_918_000n,
  56: 5_009_000n, 57: 5_093_000n, 58: 5_185_000n, 59: 5_277_000n, 60: 5_364_000n,
  61: 5_450_000n, 62: 5_545_000n, 63: 5_629_000n, 64: 5_721_000n, 65: 5_809_000n,
  66: 5_902_000n, 67: 5_990_000n, 68: 6_081_000n, 69: 6_170_000n, 70: 6_257_000n,
  71: 6_343_000n, 72: 6_436_000n, 73: 6_530_000n, 74: 6_617_000n, 75: 6_708_000n,
  76: 6_794_000n, 77: 6_884_000n, 78: 6_970_000n, 79: 7_060_000n, 80: 7_150_000n,
  81: 7_240_000n, 82: 7_332_000n, 83: 7_421_000n, 84: 7_507_000n, 85: 7_601_000n,
  86: 7_686_000n, 87: 7_773_000n, 88: 7_865_000n, 89: 7_959_000n, 90: 8_050_000n,
  91: 8_134_000n, 92: 8_222_000n, 93: 8_314_000n, 94: 8_398_000n, 95: 8_495_000n,
  96: 8_582_000n, 97: 8_669_000n, 98: 8_761_000n, 99: 8_850_000n, 100: 8_941_000n,
};

/**
 * Appendix III: type-B war invalids, ₫/month by injury rate (21%..100%), as transcribed in DOMAIN.md.
 * ⚠️ 55% = 4,102,000 breaks the ~72,000 step (54% 3,960,000; 56% 4,174,000) and is probably a
 * transcription error (DOMAIN.md §10 item 11). Kept as published until checked against the gazette.
 */
const appendixIIITypeBInvalidVnd: Readonly<Record<number, bigint>> = {
  21: 1_552_000n, 22: 1_626_000n, 23: 1_695_000n, 24: 1_772_000n, 25: 1_848_000n,
  26: 1_917_000n, 27: 1_991_000n, 28: 2_060_000n, 29: 2_137_000n, 30: 2_211_000n,
  31: 2_280_000n, 32: 2_356_000n, 33: 2_430_000n, 34: 2_505_000n, 35: 2_577_000n,
  36: 2_646_000n, 37: 2_719_000n, 38: 2_795_000n, 39: 2_869_000n, 40: 2_939_000n,
  41: 3_015_000n, 42: 3_089_000n, 43: 3_163_000n, 44: 3_234_000n, 45: 3_304_000n,
  46: 3_379_000n, 47: 3_444_000n, 48: 3_520_000n, 49: 3_592_000n, 50: 3_667_000n,
  51: 3_741_000n, 52: 3_809_000n, 53: 3_886_000n, 54: 3_960_000n, 55: 4_102_000n,
  56: 4_174_000n, 57: 4_253_000n, 58: 4_326_000n, 59: 4_395_000n, 60: 4_469_000n,
  61: 4_543_000n, 62: 4_615_000n, 63: 4_691_000n, 64: 4_760_000n, 65: 4_835_000n,
  66: 4_911_000n, 67: 4_983_000n, 68: 5_052_000n, 69: 5_124_000n, 70: 5_200_000n,
  71: 5_277_000n, 72: 5_347_000n, 73: 5_421_000n, 74: 5_493_000n, 75: 5_570_000n,
  76: 5_641_000n, 77: 5_712_000n, 78: 5_782_000n, 79: 5_860_000n, 80: 5_936_000n,
  81: 6_005_000n, 82: 6_081_000n, 83: 6_149_000n, 84: 6_225_000n, 85: 6_303_000n,
  86: 6_371_000n, 87: 6_446_000n, 88: 6_516_000n, 89: 6_594_000n, 90: 6_663_000n,
  91: 6_736_000n, 92: 6_811_000n, 93: 6_884_000n, 94: 6_960_000n, 95: 7_031_000n,
  96: 7_104_000n, 97: 7_174_000n, 98: 7_246_000n, 99: 7_322_000n, 100: 7_397_000n,
};

function nccRow(
  category: string,
  component: NccComponent,
  amount: bigint,
  legalReference: string,
  rates: { min: number; max: number } | null = null,
): NccAmountRow {
  return {
    category,
    rateMin: rates?.min ?? null,
    rateMax: rates?.max ?? null,
    component,
    amountVnd: vnd(amount),
    validFrom: decree77,
    legalReference,
  };
}

function perRateRows(category: string, table: Readonly<Record<number, bigint>>, legalReference: string): NccAmountRow[] {
  const rows: NccAmountRow[] = [];
  for (let rate = 21; rate <= 100; rate++) {
    const amount = table[rate];
    assert(amount !== undefined, `${category}: no amount for ${rate}%`);
    rows.push(nccRow(category, 'TRO_CAP', amount, legalReference, { min: rate, max: rate }));
  }
  return rows;
}

/** Phụ cấp for a rate of 81% or more (Appendix I). The "especially severe wounds" rate is not modelled: no input for it. */
function severeSupplement(category: string, legalReference = appendixI): NccAmountRow {
  return nccRow(category, 'PHU_CAP', 1_399_000n, legalReference, { min: 81, max: 100 });
}

export const nccAmounts: readonly NccAmountRow[] = [
  // Pre-1945 activist, detached: the 529,000/year seniority supplement is not modelled — the
  // import template has no seniority input, so the payroll would have nothing to compute it from.
  nccRow('NCC_LTCM_TL', 'TRO_CAP', 3_117_000n, appendixI),
  nccRow('NCC_LTCM_KTL', 'TRO_CAP', 5_291_000n, appendixI),
  nccRow('NCC_TKN', 'TRO_CAP', 2_884_000n, appendixI),
  nccRow('NCC_BMVNAH', 'TRO_CAP', 8_367_000n, appendixI),
  nccRow('NCC_BMVNAH', 'PHU_CAP', 2_337_000n, appendixI),
  nccRow('NCC_THAN_NHAN_LS_1', 'TRO_CAP', 2_789_000n, appendixI),
  nccRow('NCC_THAN_NHAN_LS_2', 'TRO_CAP', 5_578_000n, appendixI),
  nccRow('NCC_THAN_NHAN_LS_3', 'TRO_CAP', 8_367_000n, appendixI),
  ...perRateRows('NCC_THUONG_BINH', appendixIIWarInvalidVnd, 'Nghị định 77/2024/NĐ-CP Phụ lục II (VBHN 4804/VBHN-BLĐTBXH)'),
  severeSupplement('NCC_THUONG_BINH'),
  ...perRateRows('NCC_THUONG_BINH_B', appendixIIITypeBInvalidVnd, 'Nghị định 77/2024/NĐ-CP Phụ lục III (VBHN 4804/VBHN-BLĐTBXH)'),
  // ASSUMPTION: Appendix I as we have it names the 81%+ supplement for war invalids; that it also
  // applies to type-B invalids was not read in the source. Verify before go-live.
  severeSupplement('NCC_THUONG_BINH_B', `${appendixI} — giả định: áp dụng cho thương binh loại B`),
  nccRow('NCC_BENH_BINH', 'TRO_CAP', 2_911_000n, appendixI, { min: 41, max: 50 }),
  nccRow('NCC_BENH_BINH', 'TRO_CAP', 3_627_000n, appendixI, { min: 51, max: 60 }),
  nccRow('NCC_BENH_BINH', 'TRO_CAP', 4_622_000n, appendixI, { min: 61, max: 70 }),
  nccRow('NCC_BENH_BINH', 'TRO_CAP', 5_329_000n, appendixI, { min: 71, max: 80 }),
  nccRow('NCC_BENH_BINH', 'TRO_CAP', 6_378_000n, appendixI, { min: 81, max: 90 }),
  nccRow('NCC_BENH_BINH', 'TRO_CAP', 7_104_000n, appendixI, { min: 91, max: 100 }),
  severeSupplement('NCC_BENH_BINH'),
  nccRow('NCC_CDHH', 'TRO_CAP', 2_120_000n, appendixI, { min: 21, max: 40 }),
  nccRow('NCC_CDHH', 'TRO_CAP', 3_542_000n, appendixI, { min: 41, max: 60 }),
  nccRow('NCC_CDHH', 'TRO_CAP', 4_964_000n, appendixI, { min: 61, max: 80 }),
  nccRow('NCC_CDHH', 'TRO_CAP', 6_358_000n, appendixI, { min: 81, max: 100 }),
  severeSupplement('NCC_CDHH'),
  nccRow('NCC_TU_DAY', 'TRO_CAP', 1_673_000n, appendixI),
  nccRow('NCC_GIUP_CM_KC', 'TRO_CAP', 1_639_000n, appendixI),
];

// ---------------------------------------------------------------------------------------------
// Checks of the tables themselves, run once at load: a typo here would pay wrong amounts.
// ---------------------------------------------------------------------------------------------

function checkTables(): void {
  const versioned: readonly VersionedRow[] = [singleParentAddOn, ...socialAssistanceBaseLevels, ...coefficientBands, ...socialPensionAmounts, ...nccAmounts, ...socialAssistanceFuneralSupport];
  for (const row of versioned) assert(isMonth(row.validFrom) && row.legalReference.length > 0, `bad rule row from ${row.validFrom}: ${row.legalReference}`);
  for (const row of coefficientBands) {
    assert(categoryByCode.get(row.category)?.programme === 'TGXH', `coefficient for a non-TGXH category ${row.category}`);
    // 0.5 steps keep base × coefficient exact for any even base level (see applyCoefficientX10 in core/money.ts).
    assert(Number.isInteger(row.coefficientX10) && row.coefficientX10 > 0 && row.coefficientX10 % 5 === 0, `coefficient not a 0.5 step: ${row.category}`);
    assert(row.ageBelow === null || row.ageBelow > row.ageMin, `empty age band: ${row.category}`);
  }
  for (const category of categories.filter((info) => info.programme === 'TGXH')) {
    assert(coefficientBands.some((row) => row.category === category.code), `no coefficient for ${category.code}`);
  }
  for (const row of nccAmounts) {
    assert(categoryByCode.get(row.category)?.programme === 'NCC', `NCC amount for a non-NCC category ${row.category}`);
    assert(row.amountVnd > 0n && (row.rateMin === null) === (row.rateMax === null), `bad NCC row ${row.category}`);
  }
  for (const category of categories.filter((info) => info.programme === 'NCC')) {
    assert(nccAmounts.some((row) => row.category === category.code), `no NCC amount for ${category.code}`);
  }
}

checkTables();
