-- UNIQUE (person_id, category) already gives an index led by person_id; the plain one only cost
-- every enrolment written (a million in a first import) one more index entry.
DROP INDEX IF EXISTS enrolments_person;
