import { sql, type SQL } from 'drizzle-orm';

/**
 * A payroll line's breakdown as the API shows it: the rate columns of a social-assistance line
 * (base level × coefficient, migration 0018) merged with the jsonb that tells the rest (combined
 * categories, people-with-merit parts, funeral support). Lines written before 0018 carry the
 * whole object in jsonb and have no rate columns. jsonb orders keys itself, so the object is the
 * same whichever way it was stored.
 */
export function lineBreakdown(alias: string): SQL {
  const a = sql.raw(alias);
  return sql`CASE WHEN ${a}.base_level_vnd IS NULL THEN COALESCE(${a}.breakdown, '[]'::jsonb)
    ELSE jsonb_build_object('baseLevelVnd', ${a}.base_level_vnd, 'coefficientX10', ${a}.coefficient_x10) || COALESCE(${a}.breakdown, '{}'::jsonb) END`;
}
