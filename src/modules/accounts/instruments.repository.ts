import { sql, type SQL } from 'drizzle-orm';

/**
 * Payment instruments as other modules may join them in set-based SQL (read-only): payroll
 * snapshots the active instrument of each enrolment on its lines and warns the approver about new
 * or unverified accounts.
 */
export const instrumentsRelation = (): SQL =>
  sql`(SELECT id, enrolment_id, active, channel, provider_code, account_number, account_holder, verification, verification_note,
              needs_reverification, created_at FROM payment_instruments)`;
