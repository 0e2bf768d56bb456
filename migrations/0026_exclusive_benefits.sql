-- Benefits a person cannot receive together for the same month (Decree 176/2025: the social pension
-- or the monthly social allowance, only the higher). Filled from src/modules/rules like the other
-- rule_* tables. On equal amounts `kept_on_tie` is paid.
CREATE TABLE rule_exclusive_programmes (
  kept_on_tie text COLLATE "C" NOT NULL CHECK (kept_on_tie IN ('TGXH', 'NCC', 'HTXH')),
  other       text COLLATE "C" NOT NULL CHECK (other IN ('TGXH', 'NCC', 'HTXH')),
  legal_ref   text NOT NULL,
  PRIMARY KEY (kept_on_tie, other),
  CHECK (kept_on_tie <> other)
);

-- The programmes a regular line also settles for its month: they were due too, paid less, and so
-- were not paid. A later cycle must count that month as settled for them, not as never paid.
ALTER TABLE payroll_lines ADD COLUMN settles_programmes text[] COLLATE "C"
  CHECK (settles_programmes IS NULL OR (cardinality(settles_programmes) > 0 AND NOT programme = ANY (settles_programmes)));
-- Few lines settle another programme: the months they settle are found without reading the others.
CREATE INDEX payroll_lines_settles ON payroll_lines (person_id, for_month) WHERE settles_programmes IS NOT NULL AND reversed_at IS NULL;
