import { sql, type SQL } from 'drizzle-orm';

/**
 * The rows from which an import created records, kept as the file gave them (import_batch_rows,
 * migration 0020). A creation's history row points at its row instead of copying it; readers
 * turn the row back into the object the history shows.
 */
export const createdRowColumns = [
  'personal_id', 'legacy_id', 'full_name', 'birth_date', 'sex', 'phone', 'address', 'commune_code',
  'programme', 'category', 'children_count', 'injury_rate', 'decision_number', 'decision_date',
  'first_month', 'paid_through_month', 'status', 'status_reason', 'event_date', 'status_effective_month',
  'channel', 'provider_code', 'account_number', 'account_holder', 'holder_kind',
] as const;

/** A created row as the history shows it: person, enrolment and instrument, with the row number. */
export function createdRowJson(alias: string): SQL {
  return sql.raw(`jsonb_build_object('personalId', ${alias}.personal_id, 'fullName', ${alias}.full_name, 'birthDate', ${alias}.birth_date,
    'sex', ${alias}.sex, 'phone', ${alias}.phone, 'address', ${alias}.address, 'communeCode', ${alias}.commune_code, 'legacyId', ${alias}.legacy_id,
    'programme', ${alias}.programme, 'category', ${alias}.category, 'childrenCount', ${alias}.children_count,
    'injuryRate', ${alias}.injury_rate, 'decisionNumber', ${alias}.decision_number, 'decisionDate', ${alias}.decision_date,
    'firstMonth', ${alias}.first_month, 'paidThroughMonth', ${alias}.paid_through_month, 'status', ${alias}.status,
    'statusReason', ${alias}.status_reason, 'eventDate', ${alias}.event_date, 'statusEffectiveMonth', ${alias}.status_effective_month,
    'channel', ${alias}.channel, 'providerCode', ${alias}.provider_code, 'accountNumber', ${alias}.account_number,
    'accountHolder', ${alias}.account_holder, 'holderKind', ${alias}.holder_kind, 'row', ${alias}.row_no)`);
}
