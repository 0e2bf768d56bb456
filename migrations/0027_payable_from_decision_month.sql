-- A decision-bound start rule (src/modules/registry/categories.ts, decisionBoundStartRules) never pays
-- a month before the month its decision was signed. The categories are filled from the code with
-- the other rule_* tables, and the payable check of payroll lines (last defined in 0019) refuses such
-- a regular line. The whole check, as it now stands:
--   dead:       a regular line for a month after the month of death;
--   enrolment:  the line's enrolment does not pay that month (not started, before its decision
--               month under a decision-bound rule, terminated), or it is suspended that month
--               (without arrears due);
--   no enrolment named: one payable enrolment of the programme must exist.
CREATE TABLE rule_decision_bound_categories (
  category text COLLATE "C" PRIMARY KEY
);

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
          AND (e.category NOT IN (SELECT category FROM rule_decision_bound_categories)
               OR e.decision_date < (n.for_month || '-01')::date + interval '1 month')
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
         AND (o.category NOT IN (SELECT category FROM rule_decision_bound_categories)
              OR o.decision_date < (n.for_month || '-01')::date + interval '1 month')
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
    RAISE EXCEPTION 'payroll line for % (%, %) is not payable: dead, not yet decided, terminated or suspended in that month', bad.personal_id, bad.component, bad.for_month
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
