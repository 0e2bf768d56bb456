-- Whether a statement is large (and its check planned with hash joins) was decided by counting
-- every row of its transition table; reading 10,001 rows answers the same question (as the
-- payable check of 0019 does). For a cycle's million links the count read the whole tuplestore,
-- which spills to disk beyond work_mem, once more. The function is otherwise that of 0017.
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
