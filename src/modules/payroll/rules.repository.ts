import { sql } from 'drizzle-orm';
import { arrayParam, type Executor } from '../../db/client.js';
import type { RuleTables } from '../rules/rules.js';

/** Replaces the rule_* tables the payroll SQL reads with the rules of the code (rules.sync.ts). */
export async function replaceRuleTables(executor: Executor, tables: RuleTables): Promise<void> {
  await executor.execute(sql`DELETE FROM rule_base_levels`);
  await executor.execute(sql`DELETE FROM rule_coefficients`);
  await executor.execute(sql`DELETE FROM rule_ncc_amounts`);
  await executor.execute(sql`DELETE FROM rule_age_limits`);
  await executor.execute(sql`DELETE FROM rule_single_parent_addons`);
  await executor.execute(sql`DELETE FROM rule_social_pension`);
  await executor.execute(sql`DELETE FROM rule_funeral_support`);
  await executor.execute(sql`DELETE FROM rule_exclusive_programmes`);
  await executor.execute(sql`DELETE FROM rule_decision_bound_categories`);
  const column = <T, V>(rows: readonly T[], pick: (row: T) => V) => arrayParam(rows.map(pick));
  const { baseLevels, coefficients, nccAmounts, ageLimits, singleParentAddOns, socialPension, funeralSupport, exclusivePairs, decisionBoundCategories } = tables;
  await executor.execute(sql`
    INSERT INTO rule_base_levels (programme, valid_from, amount_vnd, legal_ref)
    SELECT * FROM unnest(${column(baseLevels, (r) => r.programme)}::text[], ${column(baseLevels, (r) => r.validFrom)}::text[],
                         ${column(baseLevels, (r) => r.amountVnd)}::bigint[], ${column(baseLevels, (r) => r.legalReference)}::text[])`);
  await executor.execute(sql`
    INSERT INTO rule_coefficients (category, age_min, age_below, coefficient_x10, per_child, valid_from, legal_ref)
    SELECT * FROM unnest(${column(coefficients, (r) => r.category)}::text[], ${column(coefficients, (r) => r.ageMin)}::int[],
                         ${column(coefficients, (r) => r.ageBelow)}::int[], ${column(coefficients, (r) => r.coefficientX10)}::int[],
                         ${column(coefficients, (r) => r.perChild)}::boolean[], ${column(coefficients, (r) => r.validFrom)}::text[],
                         ${column(coefficients, (r) => r.legalReference)}::text[])`);
  await executor.execute(sql`
    INSERT INTO rule_ncc_amounts (category, rate_min, rate_max, component, amount_vnd, valid_from, legal_ref)
    SELECT * FROM unnest(${column(nccAmounts, (r) => r.category)}::text[], ${column(nccAmounts, (r) => r.rateMin)}::int[],
                         ${column(nccAmounts, (r) => r.rateMax)}::int[], ${column(nccAmounts, (r) => r.component)}::text[],
                         ${column(nccAmounts, (r) => r.amountVnd)}::bigint[], ${column(nccAmounts, (r) => r.validFrom)}::text[],
                         ${column(nccAmounts, (r) => r.legalReference)}::text[])`);
  await executor.execute(sql`
    INSERT INTO rule_age_limits (category, paid_from_age, paid_through_age)
    SELECT * FROM unnest(${column(ageLimits, (r) => r.category)}::text[], ${column(ageLimits, (r) => r.paidFromAge)}::int[],
                         ${column(ageLimits, (r) => r.paidThroughAge)}::int[])`);
  await executor.execute(sql`
    INSERT INTO rule_single_parent_addons (category, addon_category, valid_from)
    SELECT * FROM unnest(${column(singleParentAddOns, (r) => r.category)}::text[], ${column(singleParentAddOns, (r) => r.addOnCategory)}::text[],
                         ${column(singleParentAddOns, (r) => r.validFrom)}::text[])`);
  await executor.execute(sql`
    INSERT INTO rule_social_pension (valid_from, amount_vnd, legal_ref)
    SELECT * FROM unnest(${column(socialPension, (r) => r.validFrom)}::text[], ${column(socialPension, (r) => r.amountVnd)}::bigint[],
                         ${column(socialPension, (r) => r.legalReference)}::text[])`);
  await executor.execute(sql`
    INSERT INTO rule_funeral_support (programme, valid_from, base_level_multiple)
    SELECT * FROM unnest(${column(funeralSupport, (r) => r.programme)}::text[], ${column(funeralSupport, (r) => r.validFrom)}::text[],
                         ${column(funeralSupport, (r) => r.baseLevelMultiple)}::int[])`);
  await executor.execute(sql`
    INSERT INTO rule_exclusive_programmes (kept_on_tie, other, legal_ref)
    SELECT * FROM unnest(${column(exclusivePairs, (r) => r.keptOnTie)}::text[], ${column(exclusivePairs, (r) => r.other)}::text[],
                         ${column(exclusivePairs, (r) => r.legalReference)}::text[])`);
  await executor.execute(sql`
    INSERT INTO rule_decision_bound_categories (category) SELECT unnest(${arrayParam(decisionBoundCategories)}::text[])`);
}
