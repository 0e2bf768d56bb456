-- The payable check of payroll lines (0015), measured on a province's first cycle of 1.1 million
-- lines: 1.9 s. Two costs went: the regular lines were first copied into a materialised CTE, and
-- the suspension test hashed all the statement's lines to probe the few suspensions, because the
-- planner estimated `component IN ('MONTHLY', 'ARREARS')` at 1% of the transition table (no
-- statistics). The same set is now named by the components it excludes, which the planner
-- estimates at 98%, and the enrolment and suspension tests share one pass: the line's enrolment
-- is looked up (hash join) and its suspensions are joined beside it (the small side hashed).
-- Same rule as before:
--   dead:       a regular line for a month after the month of death;
--   enrolment:  the line's enrolment does not pay that month (not started, terminated), or it
--               is suspended that month (without arrears due);
--   no enrolment named: one payable enrolment of the programme must exist.
CREATE OR REPLACE FUNCTION payroll_lines_payable() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
  found_rows bigint;
  -- large: more than 10,000 rows, read as 10,001 rather than counting a million
  many boolean := EXISTS (SELECT 1 FROM new_rows OFFSET 10000);
  nestloop text := current_setting('enable_nestloop');
  check_sql constant text := $sql$
    (SELECT n.personal_id, n.for_month, n.component
     FROM new_rows n JOIN persons dead ON dead.id = n.person_id AND dead.death_date IS NOT NULL
     WHERE n.component NOT IN ('FUNERAL', 'ONE_OFF', 'CARRY_OVER', 'RECOVERY') AND n.for_month > to_char(dead.death_date, 'YYYY-MM')
     LIMIT 1)
    UNION ALL
    (SELECT n.personal_id, n.for_month, n.component
     FROM new_rows n
     LEFT JOIN enrolments e ON e.id = n.enrolment_id AND e.person_id = n.person_id AND e.programme = n.programme
          AND e.first_month <= n.for_month AND (e.status_effective_month IS NULL OR n.for_month < e.status_effective_month)
     LEFT JOIN enrolment_suspensions s ON s.enrolment_id = n.enrolment_id AND NOT s.arrears_due
          AND n.for_month >= s.from_month AND (s.to_month IS NULL OR n.for_month <= s.to_month)
     WHERE n.component NOT IN ('FUNERAL', 'ONE_OFF', 'CARRY_OVER', 'RECOVERY') AND n.enrolment_id IS NOT NULL
       AND (e.id IS NULL OR s.enrolment_id IS NOT NULL)
     LIMIT 1)
    UNION ALL
    (SELECT n.personal_id, n.for_month, n.component
     FROM new_rows n
     WHERE n.component NOT IN ('FUNERAL', 'ONE_OFF', 'CARRY_OVER', 'RECOVERY') AND n.enrolment_id IS NULL AND NOT EXISTS (
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
