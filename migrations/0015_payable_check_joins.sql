-- The payable check of payroll lines (0012), measured on a province's first cycle of 1.1 million
-- lines (bench/): 3.7 s, most of it the suspension test, which ran as a sub-query per line (an
-- index look-up each, 1.1 million times) because it sat inside an OR. Each way a line can be
-- unpayable is now its own branch, so each is a hash join over the statement's lines; the first
-- offending line found still names the person, the component and the month. Same rule as before:
--   dead:       a regular line for a month after the month of death;
--   enrolment:  the line's enrolment does not pay that month (not started, terminated);
--   suspended:  the line's enrolment is suspended that month (without arrears due);
--   no enrolment named: one payable enrolment of the programme must exist.
CREATE OR REPLACE FUNCTION payroll_lines_payable() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
  found_rows bigint;
  many boolean := (SELECT count(*) FROM new_rows) > 10000;
  nestloop text := current_setting('enable_nestloop');
  check_sql constant text := $sql$
    WITH regular AS MATERIALIZED (
      SELECT n.person_id, n.enrolment_id, n.programme, n.for_month, n.personal_id, n.component
      FROM new_rows n WHERE n.component IN ('MONTHLY', 'ARREARS')
    )
    (SELECT n.personal_id, n.for_month, n.component
     FROM regular n JOIN persons dead ON dead.id = n.person_id AND dead.death_date IS NOT NULL
     WHERE n.for_month > to_char(dead.death_date, 'YYYY-MM')
     LIMIT 1)
    UNION ALL
    (SELECT n.personal_id, n.for_month, n.component
     FROM regular n
     LEFT JOIN enrolments e ON e.id = n.enrolment_id AND e.person_id = n.person_id AND e.programme = n.programme
          AND e.first_month <= n.for_month AND (e.status_effective_month IS NULL OR n.for_month < e.status_effective_month)
     WHERE n.enrolment_id IS NOT NULL AND e.id IS NULL
     LIMIT 1)
    UNION ALL
    (SELECT n.personal_id, n.for_month, n.component
     FROM regular n JOIN enrolment_suspensions s ON s.enrolment_id = n.enrolment_id AND NOT s.arrears_due
          AND n.for_month >= s.from_month AND (s.to_month IS NULL OR n.for_month <= s.to_month)
     LIMIT 1)
    UNION ALL
    (SELECT n.personal_id, n.for_month, n.component
     FROM regular n
     WHERE n.enrolment_id IS NULL AND NOT EXISTS (
       SELECT 1 FROM enrolments o
       WHERE o.person_id = n.person_id AND o.programme = n.programme AND o.first_month <= n.for_month
         AND (o.status_effective_month IS NULL OR n.for_month < o.status_effective_month)
         AND NOT EXISTS (SELECT 1 FROM enrolment_suspensions s WHERE s.enrolment_id = o.id AND NOT s.arrears_due
                           AND n.for_month >= s.from_month AND (s.to_month IS NULL OR n.for_month <= s.to_month)))
     LIMIT 1)
    LIMIT 1 $sql$;
BEGIN
  -- EXECUTE plans each time, so the setting below shapes this plan only; it is restored at once.
  IF many THEN PERFORM set_config('enable_nestloop', 'off', true); END IF;
  EXECUTE check_sql INTO bad;
  GET DIAGNOSTICS found_rows = ROW_COUNT;
  IF many THEN PERFORM set_config('enable_nestloop', nestloop, true); END IF;
  IF found_rows > 0 THEN
    RAISE EXCEPTION 'payroll line for % (%, %) is not payable: dead, terminated or suspended in that month', bad.personal_id, bad.component, bad.for_month
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
