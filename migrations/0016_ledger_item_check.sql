-- Ingesting a million results (bench/) writes a million ledger entries. The composite foreign key
-- of 0014 checked each entry with its own query and a row lock on the item: 0.8 s per 100,000
-- entries, a third of the ledger's cost. The same rule is now checked once per statement, over
-- the statement's entries (one join with the items: 0.25 s per 100,000), as the items' own
-- forward-only rule is. Nothing the key guarded is left open:
--   - an entry names an item of its batch and cycle (this check);
--   - an item is never deleted (disbursement_items_no_delete) and its batch and cycle never
--     change (disbursement_items_forward); its id never changes (the trigger below).
CREATE FUNCTION ledger_entries_items_exist() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT n.item_id, n.batch_id, n.cycle_id INTO bad
  FROM new_rows n
  WHERE n.item_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM disbursement_items i WHERE i.id = n.item_id AND i.batch_id = n.batch_id AND i.cycle_id = n.cycle_id)
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger entry: item % is not an item of batch % of cycle %', bad.item_id, bad.batch_id, bad.cycle_id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER ledger_entries_items_exist AFTER INSERT ON ledger_entries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_items_exist();
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_item_fkey;
-- It existed only for that key: one index less to write for each new item.
DROP INDEX disbursement_items_ledger_key;

-- An identity column still takes DEFAULT (a new id): refused. Fires only when a statement sets
-- the id (UPDATE OF), so it costs nothing to every other update.
CREATE TRIGGER disbursement_items_id_fixed BEFORE UPDATE OF id ON disbursement_items
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION refuse_change();
