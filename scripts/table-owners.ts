/**
 * Which module owns each table: only that module's repository reads or writes it with SQL; other
 * modules call the owner's service (docs/architecture.md). `npm run sql -- --check` holds the code
 * to this map, less the debts listed in sql/debts.json, which may only shrink.
 */
export const tableOwners: Readonly<Record<string, string>> = {
  // platform
  schema_migrations: 'db',
  app_settings: 'db',
  rate_limit_counters: 'db',
  // reference data
  admin_units: 'units',
  admin_unit_mappings: 'units',
  providers: 'units',
  // people and access
  users: 'auth',
  sessions: 'auth',
  user_change_requests: 'auth',
  login_sources: 'auth',
  audit_events: 'audit',
  // secrets at rest (ciphertexts; the key is outside the database)
  secrets: 'secrets',
  // the registry of beneficiaries
  persons: 'registry',
  enrolments: 'registry',
  enrolment_suspensions: 'registry',
  representatives: 'registry',
  registry_history: 'registry',
  import_batches: 'registry',
  import_batch_rows: 'registry',
  province_base_levels: 'registry',
  population_checks: 'population',
  review_items: 'population',
  dq_flags: 'quality',
  // payment accounts
  payment_instruments: 'accounts',
  instrument_proposals: 'accounts',
  self_service_codes: 'accounts',
  campaign_targets: 'accounts',
  campaign_stages: 'accounts',
  campaign_stage_history: 'accounts',
  notifications: 'notifications',
  // the rules' parameters, copied from the code (payroll/rules.sync.ts)
  rule_age_limits: 'payroll',
  rule_base_levels: 'payroll',
  rule_coefficients: 'payroll',
  rule_decision_bound_categories: 'payroll',
  rule_exclusive_programmes: 'payroll',
  rule_funeral_support: 'payroll',
  rule_ncc_amounts: 'payroll',
  rule_single_parent_addons: 'payroll',
  rule_social_pension: 'payroll',
  // payroll
  payroll_cycles: 'payroll',
  payroll_cycle_events: 'payroll',
  payroll_deadlines: 'payroll',
  payroll_lines: 'payroll',
  one_off_payments: 'payroll',
  recoveries: 'payroll',
  // disbursement and the ledger
  disbursement_batches: 'disbursement',
  disbursement_items: 'disbursement',
  disbursement_item_lines: 'disbursement',
  disbursement_attempts: 'disbursement',
  disbursement_files: 'disbursement',
  inbound_messages: 'disbursement',
  held_results: 'disbursement',
  held_result_records: 'disbursement',
  provider_endpoints: 'disbursement',
  provider_file_templates: 'disbursement',
  payment_points: 'disbursement',
  payment_point_dates: 'disbursement',
  home_delivery_rounds: 'disbursement',
  // cash results corrected within the cycle, confirmed by a second agent
  cash_result_corrections: 'disbursement',
  // the provinces' paying accounts
  payer_accounts: 'payers',
  // payment service fees
  fee_schedules: 'fees',
  // the monthly results reports as units submit them (frozen versions)
  report_submissions: 'submissions',
  ledger_entries: 'ledger',
};
