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

const camelCase = (column: string) => column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** A created row as the history shows it: each kept column under its camelCase name, and the row number. */
export function createdRowJson(alias: string): SQL {
  const pairs = createdRowColumns.map((column) => `'${camelCase(column)}', ${alias}.${column}`);
  return sql.raw(`jsonb_build_object(${pairs.join(', ')}, 'row', ${alias}.row_no)`);
}
