-- Disbursement and reconciliation: batches per provider and channel, one item (payment) per person
-- and payee with an immutable end-to-end id, results from files, APIs and cash confirmations,
-- and a double-entry ledger that always balances.

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

-- A batch: the items of one cycle for one provider and channel group, with control totals fixed
-- at creation (PAYMENT-FORMATS §1.7; G2P Bridge envelopes).
CREATE TABLE disbursement_batches (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cycle_id         bigint NOT NULL REFERENCES payroll_cycles (id),
  provider_code    text   NOT NULL REFERENCES providers (code),
  -- BANK: pain.001 or a bulk file; WALLET: G2P Connect API; CASH: VNPost cash list
  channel_group    text   NOT NULL CHECK (channel_group IN ('BANK', 'WALLET', 'CASH')),
  -- 1 for the cycle's batches; 2, 3 … for cash batches paying failed transfers in the same cycle
  round            smallint NOT NULL DEFAULT 1 CHECK (round BETWEEN 1 AND 20),
  -- GrpHdr/MsgId and PmtInfId / G2P transaction_id: created once, reused on every resend
  message_id       text   NOT NULL UNIQUE CHECK (message_id ~ '^[A-Za-z0-9-]{1,35}$'),
  item_count       integer NOT NULL CHECK (item_count > 0),
  control_sum_vnd  bigint NOT NULL CHECK (control_sum_vnd > 0),
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz,
  UNIQUE (cycle_id, provider_code, channel_group, round)
);
CREATE INDEX disbursement_batches_cycle ON disbursement_batches (cycle_id);

CREATE FUNCTION disbursement_batches_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.cycle_id, NEW.provider_code, NEW.channel_group, NEW.message_id, NEW.item_count, NEW.control_sum_vnd, NEW.created_at)
     IS DISTINCT FROM (OLD.cycle_id, OLD.provider_code, OLD.channel_group, OLD.message_id, OLD.item_count, OLD.control_sum_vnd, OLD.created_at) OR NEW.round <> OLD.round THEN
    RAISE EXCEPTION 'disbursement batch % is immutable (only sent_at may be set)', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER disbursement_batches_immutable BEFORE UPDATE ON disbursement_batches FOR EACH ROW EXECUTE FUNCTION disbursement_batches_immutable();
CREATE TRIGGER disbursement_batches_no_delete BEFORE DELETE ON disbursement_batches FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- One payment to one payee. Status on two axes: transmission (did it reach the provider) and
-- outcome (paid, failed with a reason, returned after success), with a final flag.
CREATE TABLE disbursement_items (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  batch_id           bigint NOT NULL REFERENCES disbursement_batches (id),
  cycle_id           bigint NOT NULL REFERENCES payroll_cycles (id),
  person_id          bigint NOT NULL REFERENCES persons (id),
  -- the reconciliation key: ≤ 35 characters, created once, never regenerated
  end_to_end_id      text   NOT NULL UNIQUE CHECK (end_to_end_id ~ '^[A-Z0-9]{1,35}$'),
  amount_vnd         bigint NOT NULL CHECK (amount_vnd > 0),
  personal_id        text   NOT NULL,
  full_name          text   NOT NULL,
  channel            text   NOT NULL,
  provider_code      text   NOT NULL,
  account_number     text,
  account_holder     text,
  representative_name text,
  province_code      text   NOT NULL,
  commune_code       text   NOT NULL,
  transmission       text   NOT NULL DEFAULT 'PENDING' CHECK (transmission IN ('PENDING', 'SENT', 'ACKNOWLEDGED')),
  outcome            text   NOT NULL DEFAULT 'NONE' CHECK (outcome IN ('NONE', 'ON_HOLD', 'PAID', 'FAILED', 'RETURNED')),
  reason_code        text,
  reason_text        text,
  is_final           boolean NOT NULL DEFAULT false,
  paid_at            timestamptz,
  paid_to            text   CHECK (paid_to IN ('SELF', 'REPRESENTATIVE')),
  receipt_number     text,
  provider_reference text,
  -- what happens after a failure: paid in cash in this cycle, or carried over to the next
  follow_up          text   CHECK (follow_up IN ('CASH_SAME_CYCLE', 'CARRY_OVER')),
  -- the cash item created in this cycle for a failed transfer (CASH_SAME_CYCLE)
  replaced_by_item_id bigint REFERENCES disbursement_items (id),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (outcome <> 'PAID' OR is_final),
  CHECK (outcome NOT IN ('FAILED', 'RETURNED') OR reason_code IS NOT NULL),
  CHECK (NOT is_final OR outcome IN ('PAID', 'FAILED', 'RETURNED'))
);
CREATE INDEX disbursement_items_batch ON disbursement_items (batch_id, id);
CREATE INDEX disbursement_items_cycle ON disbursement_items (cycle_id, outcome);
CREATE INDEX disbursement_items_person ON disbursement_items (person_id);

-- Which payroll lines an item pays (a person's lines are netted into one payment). A line is paid
-- by at most one live item.
CREATE TABLE disbursement_item_lines (
  item_id  bigint NOT NULL REFERENCES disbursement_items (id),
  line_id  bigint NOT NULL REFERENCES payroll_lines (id),
  PRIMARY KEY (item_id, line_id)
);
CREATE INDEX disbursement_item_lines_line ON disbursement_item_lines (line_id);

-- Forward-only outcomes: PAID may become RETURNED; FAILED and RETURNED are final; nothing goes back.
CREATE FUNCTION disbursement_items_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.batch_id, NEW.cycle_id, NEW.person_id, NEW.end_to_end_id, NEW.amount_vnd, NEW.account_number, NEW.provider_code, NEW.channel)
     IS DISTINCT FROM (OLD.batch_id, OLD.cycle_id, OLD.person_id, OLD.end_to_end_id, OLD.amount_vnd, OLD.account_number, OLD.provider_code, OLD.channel) THEN
    RAISE EXCEPTION 'disbursement item %: identity, amount and payee are immutable', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.outcome <> NEW.outcome AND NOT (
       (OLD.outcome IN ('NONE', 'ON_HOLD') AND NEW.outcome IN ('ON_HOLD', 'PAID', 'FAILED'))
    OR (OLD.outcome = 'PAID' AND NEW.outcome = 'RETURNED')
  ) THEN
    RAISE EXCEPTION 'disbursement item %: outcome % → % is not allowed', OLD.id, OLD.outcome, NEW.outcome USING ERRCODE = 'check_violation';
  END IF;
  IF (CASE OLD.transmission WHEN 'PENDING' THEN 0 WHEN 'SENT' THEN 1 ELSE 2 END) > (CASE NEW.transmission WHEN 'PENDING' THEN 0 WHEN 'SENT' THEN 1 ELSE 2 END) THEN
    RAISE EXCEPTION 'disbursement item %: transmission cannot go back', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER disbursement_items_forward BEFORE UPDATE ON disbursement_items FOR EACH ROW EXECUTE FUNCTION disbursement_items_forward();
CREATE TRIGGER disbursement_items_no_delete BEFORE DELETE ON disbursement_items FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Every file we produced (its bytes can be regenerated identically) and every result we ingested.
CREATE TABLE disbursement_files (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  batch_id    bigint NOT NULL REFERENCES disbursement_batches (id),
  format      text   NOT NULL CHECK (format IN ('pain001', 'csv', 'xlsx', 'cash-list')),
  sha256      text   NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes       bigint NOT NULL,
  created_by  text   NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (batch_id, format)
);

-- Inbound messages (result files, callbacks): the unique key makes a second delivery a no-op.
CREATE TABLE inbound_messages (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source       text   NOT NULL CHECK (source IN ('pain002', 'csv', 'callback', 'cash', 'status-query')),
  message_key  text   NOT NULL,
  cycle_id     bigint REFERENCES payroll_cycles (id),
  received_at  timestamptz NOT NULL DEFAULT now(),
  summary      jsonb  NOT NULL DEFAULT '{}',
  UNIQUE (source, message_key)
);

-- Attempts to hand a batch to a provider's API, written (committed) before the network call so a
-- crash in between is resolved by a status query, never by sending with a new id.
CREATE TABLE disbursement_attempts (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  batch_id         bigint NOT NULL REFERENCES disbursement_batches (id),
  idempotency_key  text   NOT NULL,
  state            text   NOT NULL CHECK (state IN ('SENDING', 'ACKNOWLEDGED', 'REJECTED', 'UNKNOWN')),
  detail           jsonb  NOT NULL DEFAULT '{}',
  started_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz
);
CREATE INDEX disbursement_attempts_batch ON disbursement_attempts (batch_id, id);

-- Provider connection settings (API base URL, shared secret for callbacks and signatures).
CREATE TABLE provider_endpoints (
  provider_code text PRIMARY KEY REFERENCES providers (code),
  kind          text NOT NULL CHECK (kind IN ('BANK_H2H', 'G2P', 'POSTAL')),
  base_url      text NOT NULL,
  secret        text NOT NULL,
  updated_by    text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Double-entry ledger, append-only. Accounts: TREASURY, FUND:<cycle>, PROVIDER:<code>:<cycle>,
-- BENEFICIARIES:<cycle>. Each entry moves one amount from one account to another, so every
-- entry balances; the unique key makes each movement idempotent.
CREATE TABLE ledger_entries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cycle_id        bigint NOT NULL REFERENCES payroll_cycles (id),
  kind            text   NOT NULL CHECK (kind IN ('FUNDING', 'DISPATCH', 'PAYOUT', 'RETURN', 'REFUND')),
  debit_account   text   NOT NULL,
  credit_account  text   NOT NULL,
  amount_vnd      bigint NOT NULL CHECK (amount_vnd > 0),
  batch_id        bigint REFERENCES disbursement_batches (id),
  item_id         bigint REFERENCES disbursement_items (id),
  reference       text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (debit_account <> credit_account)
);
CREATE UNIQUE INDEX ledger_entries_once ON ledger_entries (cycle_id, kind, COALESCE(batch_id, 0), COALESCE(item_id, 0));
CREATE INDEX ledger_entries_cycle ON ledger_entries (cycle_id);
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION refuse_change();
