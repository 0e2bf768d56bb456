-- Payroll lines are generated from persons and enrolments by the same statement that reads them,
-- and lines are never deleted after submission; the per-row foreign-key triggers to those two
-- tables cost ~20 % of generating a million lines. The cycle key stays (lines belong to a cycle).
ALTER TABLE payroll_lines DROP CONSTRAINT payroll_lines_person_id_fkey;
ALTER TABLE payroll_lines DROP CONSTRAINT payroll_lines_enrolment_id_fkey;
