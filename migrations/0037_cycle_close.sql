-- The close of a cycle (quyết toán, issue 21 item 6): what the paying agency still holds of a
-- reconciled cycle's funding goes back to the Treasury in one SETTLEMENT entry, and the cycle
-- becomes CLOSED; from then on nothing about it can change. The guards extend the triggers that
-- already check each table (same transition tables, no new scan of a bulk statement).

ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check
  CHECK (kind IN ('FUNDING', 'DISPATCH', 'PAYOUT', 'RETURN', 'REFUND', 'SETTLEMENT'));
-- One settlement per cycle, from its fund to the Treasury.
CREATE UNIQUE INDEX ledger_entries_settlement_once ON ledger_entries (cycle_id) WHERE kind = 'SETTLEMENT';
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_settlement_accounts
  CHECK (kind <> 'SETTLEMENT' OR (debit_account = 'TREASURY' AND credit_account = 'FUND:' || cycle_id AND item_id IS NULL AND batch_id IS NULL));

CREATE OR REPLACE FUNCTION closed_cycle_refused(p_cycle_id bigint, p_what text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'payroll cycle % is closed: % cannot change', p_cycle_id, p_what USING ERRCODE = 'check_violation';
END $$;

-- A closed cycle's row never changes again (its status included).
CREATE OR REPLACE FUNCTION payroll_cycles_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'CLOSED' THEN
    PERFORM closed_cycle_refused(OLD.id, 'the cycle');
  END IF;
  IF NEW.status = OLD.status THEN
    -- Totals may change only while the cycle is a draft (the lines are frozen after submission).
    IF OLD.status <> 'DRAFT' AND (NEW.total_vnd <> OLD.total_vnd OR NEW.line_count <> OLD.line_count) THEN
      RAISE EXCEPTION 'payroll cycle % is frozen (status %)', OLD.id, OLD.status USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF NOT (
       (OLD.status = 'DRAFT' AND NEW.status = 'SUBMITTED')
    OR (OLD.status = 'SUBMITTED' AND NEW.status IN ('APPROVED', 'DRAFT'))
    OR (OLD.status = 'APPROVED' AND NEW.status IN ('FUNDED', 'DRAFT'))
    OR (OLD.status = 'FUNDED' AND NEW.status = 'DISBURSING')
    OR (OLD.status = 'DISBURSING' AND NEW.status = 'RECONCILED')
    OR (OLD.status = 'RECONCILED' AND NEW.status = 'CLOSED')
  ) THEN
    RAISE EXCEPTION 'payroll cycle %: % → % is not allowed', OLD.id, OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

-- Lines: immutable but for a reversal, and not even that once their cycle is closed.
CREATE OR REPLACE FUNCTION payroll_lines_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  closed bigint;
BEGIN
  IF EXISTS (
    SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.cycle_id, o.person_id, o.programme, o.category, o.component, o.for_month, o.line_key, o.amount_vnd, o.channel,
           o.provider_code, o.account_number, o.account_holder, o.personal_id, o.full_name, o.commune_code)
          IS DISTINCT FROM
          (n.cycle_id, n.person_id, n.programme, n.category, n.component, n.for_month, n.line_key, n.amount_vnd, n.channel,
           n.provider_code, n.account_number, n.account_holder, n.personal_id, n.full_name, n.commune_code)
       OR (o.reversed_at IS NOT NULL AND n.reversed_at IS DISTINCT FROM o.reversed_at)
  ) THEN
    RAISE EXCEPTION 'payroll lines are immutable; only a reversal may be recorded' USING ERRCODE = 'check_violation';
  END IF;
  SELECT c.id INTO closed FROM (SELECT DISTINCT cycle_id FROM old_rows) o JOIN payroll_cycles c ON c.id = o.cycle_id WHERE c.status = 'CLOSED' LIMIT 1;
  IF FOUND THEN
    PERFORM closed_cycle_refused(closed, 'its lines');
  END IF;
  RETURN NULL;
END $$;

-- Items: a new item of a closed cycle is refused with the references it is checked against.
CREATE OR REPLACE FUNCTION disbursement_items_refs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
  closed bigint;
BEGIN
  SELECT c.id INTO closed FROM (SELECT DISTINCT cycle_id FROM new_rows) n JOIN payroll_cycles c ON c.id = n.cycle_id WHERE c.status = 'CLOSED' LIMIT 1;
  IF FOUND THEN
    PERFORM closed_cycle_refused(closed, 'its payments');
  END IF;
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

-- A change of a final item (a return after payment, a replacement, a follow-up) is the only
-- change an item of a reconciled cycle can see: checked against its cycle's status, row by row,
-- only for final items (a result file updates items that are not final yet).
CREATE OR REPLACE FUNCTION disbursement_items_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM payroll_cycles c WHERE c.id = OLD.cycle_id AND c.status = 'CLOSED') THEN
    PERFORM closed_cycle_refused(OLD.cycle_id, 'its payments');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER disbursement_items_closed BEFORE UPDATE ON disbursement_items FOR EACH ROW WHEN (OLD.is_final) EXECUTE FUNCTION disbursement_items_closed();

-- Batches: only sent_at may be set, and not once the cycle is closed; no new batch for it.
CREATE OR REPLACE FUNCTION disbursement_batches_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.cycle_id, NEW.provider_code, NEW.channel_group, NEW.message_id, NEW.item_count, NEW.control_sum_vnd, NEW.created_at)
     IS DISTINCT FROM (OLD.cycle_id, OLD.provider_code, OLD.channel_group, OLD.message_id, OLD.item_count, OLD.control_sum_vnd, OLD.created_at) OR NEW.round <> OLD.round THEN
    RAISE EXCEPTION 'disbursement batch % is immutable (only sent_at may be set)', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM payroll_cycles c WHERE c.id = OLD.cycle_id AND c.status = 'CLOSED') THEN
    PERFORM closed_cycle_refused(OLD.cycle_id, 'its batches');
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION disbursement_batches_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM payroll_cycles c WHERE c.id = NEW.cycle_id AND c.status = 'CLOSED') THEN
    PERFORM closed_cycle_refused(NEW.cycle_id, 'its batches');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER disbursement_batches_closed BEFORE INSERT ON disbursement_batches FOR EACH ROW EXECUTE FUNCTION disbursement_batches_closed();

-- Ledger: no entry for a closed cycle (its SETTLEMENT is written before the status moves).
CREATE OR REPLACE FUNCTION ledger_entries_items_exist() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
  closed bigint;
BEGIN
  SELECT c.id INTO closed FROM (SELECT DISTINCT cycle_id FROM new_rows) n JOIN payroll_cycles c ON c.id = n.cycle_id WHERE c.status = 'CLOSED' LIMIT 1;
  IF FOUND THEN
    PERFORM closed_cycle_refused(closed, 'its money');
  END IF;
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
