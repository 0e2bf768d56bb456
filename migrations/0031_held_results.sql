-- Results from providers that arrive before their batch was handed over are held, not lost
-- (issue 18): the records of each batch not sent yet are kept per message and batch, with the
-- binding they came with (the provider, the channel group, whether cash may be settled), and
-- applied once when the batch is sent. The rules below hold whatever the code does.

CREATE TABLE held_results (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cycle_id      bigint  NOT NULL REFERENCES payroll_cycles (id),
  batch_id      bigint  NOT NULL REFERENCES disbursement_batches (id),
  -- the message the records came in (inbound_messages' source and key)
  source        text    NOT NULL CHECK (source IN ('pain002', 'csv', 'callback', 'cash', 'status-query')),
  message_key   text    NOT NULL,
  -- what the message was bound to: applied later under the same rules as when it arrived
  provider_code text    NOT NULL,
  channel_group text    CHECK (channel_group IN ('BANK', 'WALLET', 'CASH')),
  -- cash payments (TIEN_MAT, TAI_NHA): settled only by the provider's agent or system ('allowed'),
  -- refused from an officer's file ('refused'), the only items of a cash confirmation ('only')
  cash_rule     text    NOT NULL CHECK (cash_rule IN ('allowed', 'refused', 'only')),
  record_count  integer NOT NULL CHECK (record_count > 0),
  state         text    NOT NULL DEFAULT 'HELD' CHECK (state IN ('HELD', 'APPLIED')),
  held_by       text    NOT NULL,
  held_at       timestamptz NOT NULL DEFAULT now(),
  applied_by    text,
  applied_at    timestamptz,
  summary       jsonb,
  UNIQUE (source, message_key, batch_id),
  CONSTRAINT held_results_applied CHECK ((state = 'APPLIED') = (applied_at IS NOT NULL AND applied_by IS NOT NULL))
);

CREATE INDEX held_results_waiting ON held_results (batch_id) WHERE state = 'HELD';
CREATE INDEX held_results_cycle ON held_results (cycle_id, id);

CREATE TABLE held_result_records (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  held_id            bigint NOT NULL REFERENCES held_results (id),
  end_to_end_id      text   NOT NULL,
  status             text   NOT NULL CHECK (status IN ('ACCEPTED', 'ON_HOLD', 'PAID', 'FAILED', 'RETURNED')),
  reason_code        text,
  reason_text        text,
  amount_vnd         bigint,
  paid_at            timestamptz,
  paid_to            text,
  receipt_number     text,
  provider_reference text
);

CREATE INDEX held_result_records_held ON held_result_records (held_id, id);

-- Held records are evidence of what the provider said: never changed, never deleted.
CREATE TRIGGER held_result_records_no_change BEFORE UPDATE OR DELETE ON held_result_records
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- A held message goes one way: HELD (its count may grow while the message is read) → APPLIED,
-- once; nothing else of it changes, and it is never deleted.
CREATE FUNCTION held_results_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'held_results: a held message is never deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.state <> 'HELD'
     OR (NEW.cycle_id, NEW.batch_id, NEW.source, NEW.message_key, NEW.provider_code, NEW.channel_group, NEW.cash_rule, NEW.held_by, NEW.held_at)
        IS DISTINCT FROM (OLD.cycle_id, OLD.batch_id, OLD.source, OLD.message_key, OLD.provider_code, OLD.channel_group, OLD.cash_rule, OLD.held_by, OLD.held_at)
     OR NEW.record_count < OLD.record_count THEN
    RAISE EXCEPTION 'held_results %: only a HELD message may become APPLIED, once', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER held_results_forward BEFORE UPDATE OR DELETE ON held_results
  FOR EACH ROW EXECUTE FUNCTION held_results_forward();

-- Totals of a cycle as a provider's agent sees them (its own provider's lines), without reading
-- the other providers' lines of a province's cycle.
CREATE INDEX payroll_lines_cycle_provider ON payroll_lines (cycle_id, provider_code) INCLUDE (amount_vnd);
