-- Correcting a cash result within the cycle (issue 22 item 7): the VNPost agent recorded "not
-- found" and the person came the next day, or "paid" was recorded on the wrong person. An agent
-- proposes the correction with a reason; a second agent of the same provider (or an administrator)
-- confirms it; only then the item's outcome changes, in the confirming transaction, while the cycle
-- is not closed and nothing followed from the first result (a replacement payment, a carry-over
-- line in another cycle). The money stays append-only: the correction's reversal and correcting
-- entries are new ledger rows keyed by the correction.

CREATE TABLE cash_result_corrections (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cycle_id            bigint NOT NULL REFERENCES payroll_cycles (id),
  item_id             bigint NOT NULL REFERENCES disbursement_items (id),
  -- the item's provider and locality, copied: who may see and decide the correction
  provider_code       text COLLATE "C" NOT NULL,
  province_code       text COLLATE "C" NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  commune_code        text COLLATE "C" NOT NULL CHECK (commune_code ~ '^[0-9]{5}$'),
  -- the result recorded, as it was when the correction was proposed
  from_outcome        text NOT NULL CHECK (from_outcome IN ('PAID', 'FAILED')),
  from_reason_code    text,
  -- the result it becomes: the agent's words, and the item's outcome and reason they mean
  to_result           text NOT NULL CHECK (to_result IN ('PAID_SELF', 'PAID_REPRESENTATIVE', 'NOT_FOUND', 'REFUSED')),
  to_outcome          text NOT NULL CHECK (to_outcome IN ('PAID', 'FAILED')),
  to_reason_code      text CHECK (to_reason_code IN ('UNCLAIMED', 'REFUSED')),
  -- for a payment: the day the person was paid and the receipt number (NULL otherwise)
  paid_on             date,
  receipt_number      text CHECK (length(receipt_number) BETWEEN 1 AND 50),
  reason              text NOT NULL CHECK (length(reason) BETWEEN 5 AND 500),
  status              text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED')),
  proposed_by         text NOT NULL,
  proposed_by_user_id integer,
  proposed_at         timestamptz NOT NULL DEFAULT now(),
  decided_by          text,
  decided_by_user_id  integer,
  decided_at          timestamptz,
  decision_note       text CHECK (length(decision_note) <= 500),
  CHECK (from_outcome <> to_outcome),
  CHECK ((to_outcome = 'PAID') = (to_result IN ('PAID_SELF', 'PAID_REPRESENTATIVE'))),
  CHECK ((to_outcome = 'PAID') = (to_reason_code IS NULL)),
  CHECK ((to_outcome = 'PAID') = (paid_on IS NOT NULL AND receipt_number IS NOT NULL)),
  CHECK (to_outcome = 'PAID' OR (paid_on IS NULL AND receipt_number IS NULL)),
  CHECK ((status = 'PENDING') = (decided_by IS NULL AND decided_at IS NULL)),
  -- a second person confirms, in a later transaction than the proposal
  CHECK (status <> 'CONFIRMED' OR (decided_by <> proposed_by AND decided_at > proposed_at))
);
-- One correction waiting per item.
CREATE UNIQUE INDEX cash_result_corrections_pending ON cash_result_corrections (item_id) WHERE status = 'PENDING';
CREATE INDEX cash_result_corrections_cycle ON cash_result_corrections (cycle_id, id);
CREATE INDEX cash_result_corrections_item ON cash_result_corrections (item_id);

-- A correction is proposed PENDING, for a final cash item of an open cycle, from the outcome the
-- item has; it is decided once (CONFIRMED or REJECTED), in the deciding transaction's time, and
-- never changes again; none is deleted.
CREATE FUNCTION cash_result_corrections_proposed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status <> 'PENDING' THEN
    RAISE EXCEPTION 'cash result correction: a correction is proposed PENDING (not %)', NEW.status USING ERRCODE = 'check_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM payroll_cycles c WHERE c.id = NEW.cycle_id AND c.status = 'CLOSED') THEN
    PERFORM closed_cycle_refused(NEW.cycle_id, 'its payments');
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM disbursement_items i
    WHERE i.id = NEW.item_id AND i.cycle_id = NEW.cycle_id AND i.provider_code = NEW.provider_code AND i.channel IN ('TIEN_MAT', 'TAI_NHA')
      AND i.is_final AND i.outcome = NEW.from_outcome
  ) THEN
    RAISE EXCEPTION 'cash result correction: item % is not a final % cash item of cycle % and provider %', NEW.item_id, NEW.from_outcome, NEW.cycle_id, NEW.provider_code
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER cash_result_corrections_proposed BEFORE INSERT ON cash_result_corrections FOR EACH ROW EXECUTE FUNCTION cash_result_corrections_proposed();

CREATE FUNCTION cash_result_corrections_decided() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'PENDING' THEN
    RAISE EXCEPTION 'cash result correction %: decided (%), it cannot change', OLD.id, OLD.status USING ERRCODE = 'check_violation';
  END IF;
  IF (NEW.id, NEW.cycle_id, NEW.item_id, NEW.provider_code, NEW.province_code, NEW.commune_code, NEW.from_outcome, NEW.from_reason_code, NEW.to_result,
      NEW.to_outcome, NEW.to_reason_code, NEW.paid_on, NEW.receipt_number, NEW.reason, NEW.proposed_by, NEW.proposed_by_user_id, NEW.proposed_at)
     IS DISTINCT FROM
     (OLD.id, OLD.cycle_id, OLD.item_id, OLD.provider_code, OLD.province_code, OLD.commune_code, OLD.from_outcome, OLD.from_reason_code, OLD.to_result,
      OLD.to_outcome, OLD.to_reason_code, OLD.paid_on, OLD.receipt_number, OLD.reason, OLD.proposed_by, OLD.proposed_by_user_id, OLD.proposed_at) THEN
    RAISE EXCEPTION 'cash result correction %: only its decision may be recorded', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.status <> 'PENDING' AND NEW.decided_at <> now() THEN
    RAISE EXCEPTION 'cash result correction %: decided at the time of the deciding transaction', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER cash_result_corrections_decided BEFORE UPDATE ON cash_result_corrections FOR EACH ROW EXECUTE FUNCTION cash_result_corrections_decided();
CREATE TRIGGER cash_result_corrections_no_delete BEFORE DELETE ON cash_result_corrections FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Items: an outcome still never goes back, except for a final cash item whose correction was
-- confirmed in this very transaction (decided_at = now()), from and to the outcomes and with the
-- reason and receipt it names, when nothing followed from the first result: no payment replaced
-- the item and none of its lines is carried over into a cycle (a CARRY_OVER line not reversed).
-- (The closed cycle is refused by disbursement_items_closed.)
CREATE OR REPLACE FUNCTION disbursement_items_refuse_backward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- called only for a row that breaks the rule (see the trigger's WHEN): which part? A row whose
  -- identity is intact and whose transmission did not go back broke the outcome rule.
  IF (NEW.batch_id, NEW.cycle_id, NEW.person_id, NEW.end_to_end_id, NEW.amount_vnd, NEW.account_number, NEW.provider_code, NEW.channel)
     IS DISTINCT FROM (OLD.batch_id, OLD.cycle_id, OLD.person_id, OLD.end_to_end_id, OLD.amount_vnd, OLD.account_number, OLD.provider_code, OLD.channel) THEN
    RAISE EXCEPTION 'disbursement item %: identity, amount and payee are immutable', OLD.id USING ERRCODE = 'check_violation';
  ELSIF (CASE OLD.transmission WHEN 'PENDING' THEN 0 WHEN 'SENT' THEN 1 ELSE 2 END)
        > (CASE NEW.transmission WHEN 'PENDING' THEN 0 WHEN 'SENT' THEN 1 ELSE 2 END) THEN
    RAISE EXCEPTION 'disbursement item %: transmission cannot go back', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.is_final AND NEW.is_final AND OLD.channel IN ('TIEN_MAT', 'TAI_NHA') AND OLD.replaced_by_item_id IS NULL AND NEW.replaced_by_item_id IS NULL
     AND EXISTS (
       SELECT 1 FROM cash_result_corrections c
       WHERE c.item_id = OLD.id AND c.status = 'CONFIRMED' AND c.decided_at = now()
         AND c.from_outcome = OLD.outcome AND c.to_outcome = NEW.outcome
         AND NEW.reason_code IS NOT DISTINCT FROM c.to_reason_code AND NEW.receipt_number IS NOT DISTINCT FROM c.receipt_number)
     AND NOT EXISTS (
       SELECT 1 FROM disbursement_item_lines il
       JOIN payroll_lines l ON l.id = il.line_id
       JOIN payroll_lines c ON c.person_id = l.person_id AND c.programme = l.programme AND c.entitlement = 'CARRY_OVER' AND c.for_month = l.for_month
                           AND c.line_key = 'L' || l.id AND c.reversed_at IS NULL
       WHERE il.item_id = OLD.id) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'disbursement item %: outcome % → % is not allowed', OLD.id, OLD.outcome, NEW.outcome USING ERRCODE = 'check_violation';
END $$;

-- Ledger: a correction's movements, keyed by it (one per correction and kind): the reversal of the
-- first result's movement (PAYOUT_REVERSAL: the beneficiaries give back to the provider;
-- REFUND_REVERSAL: the fund gives back to the provider) and the corrected result's movement
-- (PAYOUT or REFUND). The other movements of an item stay one per item and kind.
ALTER TABLE ledger_entries ADD COLUMN correction_id bigint;
COMMENT ON COLUMN ledger_entries.correction_id IS
  'The cash result correction (cash_result_corrections) whose movement this is; NULL for the movements of results, dispatch, funding and settlement.';
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check
  CHECK (kind IN ('FUNDING', 'DISPATCH', 'PAYOUT', 'RETURN', 'REFUND', 'SETTLEMENT', 'PAYOUT_REVERSAL', 'REFUND_REVERSAL'));
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_correction_item CHECK (correction_id IS NULL OR item_id IS NOT NULL);
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_reversal_corrects
  CHECK (kind NOT IN ('PAYOUT_REVERSAL', 'REFUND_REVERSAL') OR correction_id IS NOT NULL);
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_correction_kinds
  CHECK (correction_id IS NULL OR kind IN ('PAYOUT', 'REFUND', 'PAYOUT_REVERSAL', 'REFUND_REVERSAL'));
CREATE UNIQUE INDEX ledger_entries_correction_once ON ledger_entries (correction_id, kind) WHERE correction_id IS NOT NULL;
DROP INDEX ledger_entries_item_once;
CREATE UNIQUE INDEX ledger_entries_item_once ON ledger_entries (item_id, kind) WHERE item_id IS NOT NULL AND correction_id IS NULL;

-- Ledger: a correction's entry names a confirmed correction of its item.
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
  SELECT n.item_id, n.correction_id INTO bad
  FROM new_rows n
  WHERE n.correction_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM cash_result_corrections c WHERE c.id = n.correction_id AND c.item_id = n.item_id AND c.status = 'CONFIRMED')
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger entry: % is not a confirmed correction of item %', bad.correction_id, bad.item_id USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
