-- Whether a statement is large (and its check planned with hash joins) was decided by counting
-- every row of its transition table; reading 10,001 rows answers the same question. At 1.1
-- million lines the count read the whole tuplestore (which spills to disk beyond work_mem) once
-- more per statement. The two functions are otherwise those of 0019 and 0017.
CREATE OR REPLACE FUNCTION payroll_lines_payable() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
  found_rows bigint;
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

CREATE OR REPLACE FUNCTION disbursement_item_lines_refs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
  found_rows bigint;
  -- A cycle's million links: hash joins with the items and the lines (two million index look-ups
  -- otherwise, 6.5 s); EXECUTE plans with nested loops off for this query only (restored at once).
  many boolean := EXISTS (SELECT 1 FROM new_rows OFFSET 10000);
  nestloop text := current_setting('enable_nestloop');
  check_sql constant text := $sql$
    SELECT n.item_id, n.line_id
    FROM new_rows n
    LEFT JOIN disbursement_items i ON i.id = n.item_id
    LEFT JOIN payroll_lines l ON l.id = n.line_id AND l.cycle_id = i.cycle_id
    WHERE l.id IS NULL
    LIMIT 1 $sql$;
BEGIN
  IF many THEN PERFORM set_config('enable_nestloop', 'off', true); END IF;
  EXECUTE check_sql INTO bad;
  GET DIAGNOSTICS found_rows = ROW_COUNT;
  IF many THEN PERFORM set_config('enable_nestloop', nestloop, true); END IF;
  IF found_rows > 0 THEN
    RAISE EXCEPTION 'disbursement item % cannot pay line %: no such item, or the line is not of the item''s cycle', bad.item_id, bad.line_id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
