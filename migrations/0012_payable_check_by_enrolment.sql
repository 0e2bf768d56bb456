-- The payable check of payroll lines, measured on a million-line cycle (bench/): 10 s → about 1 s.
-- A regular line names the enrolment it pays, so the check reads that one enrolment (instead of
-- every enrolment of the person and programme), and the dead are looked up among the few people
-- with a death date. A statement of many lines is checked with hash joins: the planner cannot
-- see the transition table's size and would otherwise pick a million index lookups.
CREATE OR REPLACE FUNCTION payroll_lines_payable() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
  found_rows bigint;
  many boolean := (SELECT count(*) FROM new_rows) > 10000;
  nestloop text := current_setting('enable_nestloop');
  check_sql constant text := $sql$
    SELECT n.personal_id, n.for_month, n.component
    FROM new_rows n
    LEFT JOIN enrolments e ON e.id = n.enrolment_id AND e.person_id = n.person_id AND e.programme = n.programme
         AND e.first_month <= n.for_month AND (e.status_effective_month IS NULL OR n.for_month < e.status_effective_month)
    LEFT JOIN persons dead ON dead.id = n.person_id AND dead.death_date IS NOT NULL
    WHERE n.component IN ('MONTHLY', 'ARREARS')
      AND ((dead.id IS NOT NULL AND n.for_month > to_char(dead.death_date, 'YYYY-MM'))
        -- the line's enrolment is not payable in that month (terminated, not started, suspended)
        OR (n.enrolment_id IS NOT NULL AND (e.id IS NULL OR EXISTS (
             SELECT 1 FROM enrolment_suspensions s WHERE s.enrolment_id = e.id AND NOT s.arrears_due
               AND n.for_month >= s.from_month AND (s.to_month IS NULL OR n.for_month <= s.to_month))))
        -- a line without its enrolment: one payable enrolment of the programme must exist
        OR (n.enrolment_id IS NULL AND NOT EXISTS (
             SELECT 1 FROM enrolments o
             WHERE o.person_id = n.person_id AND o.programme = n.programme AND o.first_month <= n.for_month
               AND (o.status_effective_month IS NULL OR n.for_month < o.status_effective_month)
               AND NOT EXISTS (SELECT 1 FROM enrolment_suspensions s WHERE s.enrolment_id = o.id AND NOT s.arrears_due
                                 AND n.for_month >= s.from_month AND (s.to_month IS NULL OR n.for_month <= s.to_month)))))
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
