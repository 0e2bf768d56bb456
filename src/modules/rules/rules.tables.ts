/**
 * The rule parameters as plain rows for a SQL seed. The payroll computes amounts set-based from these
 * tables, so they carry everything the TypeScript evaluator (rules.ts) reads; rules.spec.ts checks
 * that a straightforward evaluation from these rows gives the evaluator's amounts.
 *
 * Amounts are decimal strings (JSON has no bigint; a SQL `bigint` column takes them as they are).
 *
 * How the evaluator uses them, for the SQL author (ages are full years reached by the END of the
 * month: floor((month_index - birth_month_index) / 12), month_index = year * 12 + month - 1):
 * - social assistance: base level (province override, else national) × coefficientX10 / 10 of the
 *   band matching the age, × childrenCount when perChild; only the highest per person, except
 *   BTXH_K4 plus the highest of `singleParentAddOns` (Decree 20/2021 Art. 6(2));
 * - an enrolment is paid from the month the person reaches `paidFromAge` and through the month the
 *   person reaches `paidThroughAge` (month_index - birth_month_index >= 12 × age, <= 12 × age);
 * - social pension: the amount in force; of each pair in `exclusivePairs` only the higher line of
 *   the month is paid (a tie keeps `keptOnTie`), whichever cycle pays the month;
 * - people with merit: every row of the category's latest version whose rate range contains the
 *   injury rate (or has no range), summed over all categories of the person.
 */
import { vndToString } from '../../core/money.js';
import { decisionBoundCategoryCodes, type Programme } from './categories.js';
import {
  categoryAgeLimits,
  coefficientBands,
  exclusivePairs,
  nccAmounts,
  singleParentAddOn,
  socialAssistanceBaseLevels,
  socialAssistanceFuneralSupport,
  socialPensionAmounts,
  type NccComponent,
} from './rules.data.js';

export interface RuleTables {
  baseLevels: { programme: Programme; provinceCode: null; validFrom: string; amountVnd: string; legalReference: string }[];
  coefficients: {
    category: string;
    ageMin: number;
    /** null = open */
    ageBelow: number | null;
    coefficientX10: number;
    perChild: boolean;
    validFrom: string;
    legalReference: string;
  }[];
  nccAmounts: {
    category: string;
    /** null when the amount does not depend on the injury rate */
    rateMin: number | null;
    rateMax: number | null;
    component: NccComponent;
    amountVnd: string;
    validFrom: string;
    legalReference: string;
  }[];
  socialPension: { validFrom: string; amountVnd: string; legalReference: string }[];
  /** Added to the four tables of the brief: start ages (k5b, k5c) and upper age limits. */
  ageLimits: { category: string; paidFromAge: number | null; paidThroughAge: number | null }[];
  /** Categories paid on top of BTXH_K4 (the exception to "highest only"). */
  singleParentAddOns: { category: string; addOnCategory: string; validFrom: string; legalReference: string }[];
  /** Funeral support = baseLevelMultiple × base level of the month of death. */
  funeralSupport: { programme: Programme; baseLevelMultiple: number; validFrom: string; legalReference: string }[];
  /** Programmes of which only the higher is paid for a month. */
  exclusivePairs: { keptOnTie: Programme; other: Programme; legalReference: string }[];
  /** Categories never paid before the month their decision was signed (the payable check of lines). */
  decisionBoundCategories: string[];
}

export function ruleTables(): RuleTables {
  return {
    baseLevels: socialAssistanceBaseLevels.map((row) => ({
      programme: 'TGXH',
      provinceCode: null,
      validFrom: row.validFrom,
      amountVnd: vndToString(row.amountVnd),
      legalReference: row.legalReference,
    })),
    coefficients: coefficientBands.map((row) => ({ ...row })),
    nccAmounts: nccAmounts.map((row) => ({ ...row, amountVnd: vndToString(row.amountVnd) })),
    socialPension: socialPensionAmounts.map((row) => ({ ...row, amountVnd: vndToString(row.amountVnd) })),
    ageLimits: categoryAgeLimits.map((limit) => ({ ...limit })),
    singleParentAddOns: singleParentAddOn.addOnCategories.map((addOnCategory) => ({
      category: singleParentAddOn.category,
      addOnCategory,
      validFrom: singleParentAddOn.validFrom,
      legalReference: singleParentAddOn.legalReference,
    })),
    funeralSupport: socialAssistanceFuneralSupport.map((row) => ({ programme: 'TGXH', ...row })),
    exclusivePairs: exclusivePairs.map((pair) => ({ ...pair })),
    decisionBoundCategories: [...decisionBoundCategoryCodes],
  };
}
