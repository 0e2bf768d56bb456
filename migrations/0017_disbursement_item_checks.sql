-- A province's month after the first (bench/, 955,000 items): the foreign keys of the items and of
-- their links to payroll lines checked each new row with its own query and row lock — five look-ups
-- per item, 70 of the 86 s it took to create the batches. The same references are now checked once
-- per statement, over the statement's rows (joins), and more strictly than the keys did: an item's
-- batch must be a batch of the item's cycle, and a linked line a line of that same cycle.
--
-- What the keys also guarded stays guarded: items, batches and ledger entries are never deleted
-- (0007); people and cycles are never deleted either (below: a person leaves the registry by a
-- termination, a cycle by its states); the lines an item pays belong to a cycle past submission,
-- whose lines cannot be deleted (payroll_lines_total_delete); links are never changed (below).
CREATE TRIGGER persons_no_delete BEFORE DELETE ON persons FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER payroll_cycles_no_delete BEFORE DELETE ON payroll_cycles FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE FUNCTION disbursement_items_refs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT n.id, n.batch_id, n.cycle_id, n.person_id, b.id IS NULL AS no_batch INTO bad
  FROM new_rows n
  LEFT JOIN disbursement_batches b ON b.id = n.batch_id AND b.cycle_id = n.cycle_id
  WHERE b.id IS NULL OR NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = n.person_id)
  LIMIT 1;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF bad.no_batch THEN
    RAISE EXCEPTION 'disbursement item %: batch % is not a batch of cycle %', bad.id, bad.batch_id, bad.cycle_id USING ERRCODE = 'foreign_key_violation';
  END IF;
  RAISE EXCEPTION 'disbursement item %: person % does not exist', bad.id, bad.person_id USING ERRCODE = 'foreign_key_violation';
END $$;
CREATE TRIGGER disbursement_items_refs AFTER INSERT ON disbursement_items
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION disbursement_items_refs();
ALTER TABLE disbursement_items DROP CONSTRAINT disbursement_items_batch_id_fkey;
ALTER TABLE disbursement_items DROP CONSTRAINT disbursement_items_cycle_id_fkey;
ALTER TABLE disbursement_items DROP CONSTRAINT disbursement_items_person_id_fkey;

CREATE FUNCTION disbursement_item_lines_refs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
  found_rows bigint;
  -- A cycle's million links: hash joins with the items and the lines (two million index look-ups
  -- otherwise, 6.5 s); EXECUTE plans with nested loops off for this query only (restored at once).
  many boolean := (SELECT count(*) FROM new_rows) > 10000;
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
CREATE TRIGGER disbursement_item_lines_refs AFTER INSERT ON disbursement_item_lines
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION disbursement_item_lines_refs();
CREATE TRIGGER disbursement_item_lines_fixed BEFORE UPDATE OR DELETE ON disbursement_item_lines FOR EACH ROW EXECUTE FUNCTION refuse_change();
ALTER TABLE disbursement_item_lines DROP CONSTRAINT disbursement_item_lines_item_id_fkey;
ALTER TABLE disbursement_item_lines DROP CONSTRAINT disbursement_item_lines_line_id_fkey;
