-- An import that creates or changes payment accounts is decided by a second person as a whole:
-- its accounts are proposals tied to the batch (instrument_proposals.import_batch_id) and none of
-- them can be paid before the batch is approved. The rules below hold whatever the code does.

ALTER TABLE import_batches
  ADD COLUMN actor_user_id      integer REFERENCES users (id),
  -- proposals of new or changed accounts the batch wrote (its approval decides them all)
  ADD COLUMN account_changes    integer NOT NULL DEFAULT 0 CHECK (account_changes >= 0),
  ADD COLUMN approval           text    NOT NULL DEFAULT 'NOT_NEEDED'
    CHECK (approval IN ('NOT_NEEDED', 'PENDING', 'APPROVED', 'REJECTED')),
  ADD COLUMN decided_by         text,
  ADD COLUMN decided_by_user_id integer REFERENCES users (id),
  ADD COLUMN decided_at         timestamptz,
  ADD COLUMN decision_reason    text,
  -- what the decision did: accounts activated or rejected, and instruments the activated replaced
  ADD COLUMN accounts_decided   integer NOT NULL DEFAULT 0,
  ADD COLUMN accounts_replaced  integer NOT NULL DEFAULT 0,
  -- the smallest locality holding every account change (a commune, a province, or the country:
  -- NULL), which the approver's scope must cover
  ADD COLUMN province_code      text,
  ADD COLUMN commune_code       text,
  ADD CONSTRAINT import_batches_locality CHECK (commune_code IS NULL OR province_code IS NOT NULL),
  ADD CONSTRAINT import_batches_decided CHECK ((approval IN ('APPROVED', 'REJECTED')) = (decided_at IS NOT NULL AND decided_by IS NOT NULL)),
  ADD CONSTRAINT import_batches_reject_reason CHECK (approval <> 'REJECTED' OR length(decision_reason) > 0),
  -- maker-checker: the importer never decides their own file
  ADD CONSTRAINT import_batches_second_person CHECK (decided_by IS NULL OR decided_by <> actor),
  ADD CONSTRAINT import_batches_second_user CHECK (decided_by_user_id IS NULL OR actor_user_id IS NULL OR decided_by_user_id <> actor_user_id),
  ADD CONSTRAINT import_batches_needs_changes CHECK (approval = 'NOT_NEEDED' OR account_changes > 0);

-- Batches imported before this rule: those whose account changes still wait are decided as a whole.
UPDATE import_batches b SET account_changes = c.count, approval = 'PENDING', province_code = c.province_code, commune_code = c.commune_code
FROM (SELECT import_batch_id, count(*)::int AS count,
             CASE WHEN count(DISTINCT province_code) = 1 THEN min(province_code) END AS province_code,
             CASE WHEN count(DISTINCT commune_code) = 1 THEN min(commune_code) END AS commune_code
      FROM instrument_proposals
      WHERE source = 'IMPORT' AND status = 'PENDING' AND import_batch_id IS NOT NULL GROUP BY import_batch_id) c
WHERE c.import_batch_id = b.id;

CREATE INDEX import_batches_awaiting ON import_batches (id) WHERE approval = 'PENDING';
CREATE INDEX instrument_proposals_batch ON instrument_proposals (import_batch_id, enrolment_id) WHERE import_batch_id IS NOT NULL;

-- The batch an instrument came from (an import's cash instruments directly, its accounts on approval).
ALTER TABLE payment_instruments ADD COLUMN import_batch_id bigint;

-- An account of an import is active only once its batch is approved; a proposal of an import is
-- approved only with its batch. Checked once per statement over its rows (a batch of a million
-- accounts is one join, not a million lookups).
CREATE FUNCTION payment_instruments_batch_approved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT n.id, n.import_batch_id, b.approval INTO bad
  FROM new_rows n LEFT JOIN import_batches b ON b.id = n.import_batch_id
  WHERE n.active AND n.import_batch_id IS NOT NULL AND n.account_number IS NOT NULL AND b.approval IS DISTINCT FROM 'APPROVED'
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'payment instrument %: the accounts of import batch % are not approved (%)', bad.id, bad.import_batch_id, COALESCE(bad.approval, 'missing')
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER payment_instruments_batch_approved_insert AFTER INSERT ON payment_instruments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION payment_instruments_batch_approved();
-- Updates of instruments are many and small (verification, reverification flags): checked per
-- row, and only for a row that becomes an active account of a batch.
CREATE FUNCTION payment_instrument_batch_approved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM import_batches b WHERE b.id = NEW.import_batch_id AND b.approval = 'APPROVED') THEN
    RAISE EXCEPTION 'payment instrument %: the accounts of import batch % are not approved', NEW.id, NEW.import_batch_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payment_instruments_batch_approved_update BEFORE UPDATE ON payment_instruments
  FOR EACH ROW WHEN (NEW.active AND NEW.import_batch_id IS NOT NULL AND NEW.account_number IS NOT NULL
    AND (NOT OLD.active OR OLD.import_batch_id IS DISTINCT FROM NEW.import_batch_id OR OLD.account_number IS DISTINCT FROM NEW.account_number))
  EXECUTE FUNCTION payment_instrument_batch_approved();

CREATE FUNCTION instrument_proposals_batch_approved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT n.id, n.import_batch_id, b.approval INTO bad
  FROM new_rows n LEFT JOIN import_batches b ON b.id = n.import_batch_id
  WHERE n.status = 'APPROVED' AND n.import_batch_id IS NOT NULL AND b.approval IS DISTINCT FROM 'APPROVED'
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'proposal %: import batch % is not approved (%)', bad.id, bad.import_batch_id, COALESCE(bad.approval, 'missing')
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER instrument_proposals_batch_approved_insert AFTER INSERT ON instrument_proposals
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION instrument_proposals_batch_approved();
CREATE TRIGGER instrument_proposals_batch_approved_update AFTER UPDATE ON instrument_proposals
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION instrument_proposals_batch_approved();

-- A decision is final: an approved batch is never rejected afterwards, nor the reverse. Only the
-- transaction that took it (decided_at is its now()) still records what it did.
CREATE TRIGGER import_batches_decision_final BEFORE UPDATE ON import_batches
  FOR EACH ROW WHEN (OLD.approval IN ('APPROVED', 'REJECTED') AND OLD.decided_at <> now() AND
    (NEW.approval, NEW.decided_by, NEW.decided_at, NEW.accounts_decided, NEW.accounts_replaced)
      IS DISTINCT FROM (OLD.approval, OLD.decided_by, OLD.decided_at, OLD.accounts_decided, OLD.accounts_replaced))
  EXECUTE FUNCTION refuse_change();
