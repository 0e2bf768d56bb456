import { sql, type SQL } from 'drizzle-orm';

/** The data-quality flags of people as the registry reads them (registry/ports.ts): read-only. */
export const personFlagsRelation = (): SQL => sql`(SELECT person_id, flag, details FROM dq_flags)`;
