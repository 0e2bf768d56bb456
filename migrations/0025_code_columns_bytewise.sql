-- Codes, personal IDs, account numbers, folded names and months compare byte by byte (COLLATE "C").
-- A server initialised with a locale (Debian's default is C.UTF-8) otherwise compares every one of
-- them through the C library's strcoll and cannot use abbreviated sort keys: building the indexes
-- of a million imported rows took two to three times as long (measured on PostgreSQL 15 with
-- C.UTF-8: personal IDs 1.45 s → 0.64 s, folded names 1.50 s → 0.52 s), and so did every sort and
-- range comparison of the import checks and of payroll generation.
-- Nothing a user sees changes: C.UTF-8 already orders by code point, which for UTF-8 is byte
-- order, and PGlite's databases are "C" already. Equality was bytewise before and is still.
-- Changing only the collation rewrites no table; the indexes on these columns are rebuilt.
ALTER TABLE persons
  ALTER COLUMN personal_id TYPE text COLLATE "C",
  ALTER COLUMN legacy_id TYPE text COLLATE "C",
  ALTER COLUMN name_folded TYPE text COLLATE "C",
  ALTER COLUMN phone TYPE text COLLATE "C",
  ALTER COLUMN province_code TYPE text COLLATE "C",
  ALTER COLUMN commune_code TYPE text COLLATE "C";
ALTER TABLE enrolments
  ALTER COLUMN programme TYPE text COLLATE "C",
  ALTER COLUMN category TYPE text COLLATE "C",
  ALTER COLUMN first_month TYPE text COLLATE "C",
  ALTER COLUMN paid_through_month TYPE text COLLATE "C",
  ALTER COLUMN status TYPE text COLLATE "C",
  ALTER COLUMN status_effective_month TYPE text COLLATE "C",
  ALTER COLUMN province_code TYPE text COLLATE "C",
  ALTER COLUMN commune_code TYPE text COLLATE "C";
ALTER TABLE enrolment_suspensions
  ALTER COLUMN from_month TYPE text COLLATE "C",
  ALTER COLUMN to_month TYPE text COLLATE "C";
ALTER TABLE representatives
  ALTER COLUMN name_folded TYPE text COLLATE "C",
  ALTER COLUMN personal_id TYPE text COLLATE "C";
ALTER TABLE payment_instruments
  ALTER COLUMN channel TYPE text COLLATE "C",
  ALTER COLUMN provider_code TYPE text COLLATE "C",
  ALTER COLUMN account_number TYPE text COLLATE "C",
  ALTER COLUMN holder_folded TYPE text COLLATE "C",
  ALTER COLUMN province_code TYPE text COLLATE "C",
  ALTER COLUMN commune_code TYPE text COLLATE "C";
ALTER TABLE payroll_lines
  ALTER COLUMN programme TYPE text COLLATE "C",
  ALTER COLUMN category TYPE text COLLATE "C",
  ALTER COLUMN component TYPE text COLLATE "C",
  ALTER COLUMN for_month TYPE text COLLATE "C",
  ALTER COLUMN line_key TYPE text COLLATE "C",
  ALTER COLUMN entitlement TYPE text COLLATE "C",
  ALTER COLUMN personal_id TYPE text COLLATE "C",
  ALTER COLUMN province_code TYPE text COLLATE "C",
  ALTER COLUMN commune_code TYPE text COLLATE "C",
  ALTER COLUMN channel TYPE text COLLATE "C",
  ALTER COLUMN provider_code TYPE text COLLATE "C";
