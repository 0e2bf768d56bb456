-- The audit trail becomes a KEYED chain (issue 18, item 5). The unkeyed SHA-256 chain of 0001 is
-- only as strong as the database's own triggers: whoever can run SQL as a superuser can rewrite a
-- row and recompute every hash after it, or delete the newest rows, and `audit verify` saw nothing.
-- From now on each event's hash is an HMAC-SHA-256, computed by the application with a key the
-- database never sees (ASXH_AUDIT_KEY or the key file of the audit folder), over the same canonical
-- text as before (previous hash, sequence, every field). Signed checkpoints of the chain head are
-- written outside the database (audit-checkpoints.log) so that deleting the newest rows shows too.
--
-- Existing rows keep their unkeyed hashes (chain = 1) and are verified as before; the first keyed
-- event covers the last unkeyed hash, so the unkeyed prefix is pinned by the keyed chain from the
-- moment of the upgrade (tampering before it stays as detectable as it was). Forward-only.

-- 1 = unkeyed SHA-256 of migration 0001 (rows older than this migration), 2 = keyed HMAC-SHA-256.
ALTER TABLE audit_events ADD COLUMN chain smallint NOT NULL DEFAULT 1 CHECK (chain IN (1, 2));
ALTER TABLE audit_events ALTER COLUMN chain SET DEFAULT 2;
-- Which key sealed a keyed event: a public identifier derived from the key, never the key itself.
ALTER TABLE audit_events ADD COLUMN key_id text CHECK (key_id ~ '^[0-9a-f]{16}$');
-- A keyed event names its key once sealed; between its insert and its seal (same transaction) its
-- hash is '' and the key may still be unknown (the first keyed event of a database).
ALTER TABLE audit_events ADD CONSTRAINT audit_events_keyed CHECK (chain = 1 OR hash = '' OR key_id IS NOT NULL);

-- The canonical text of an event, as audit_event_hash (0001) hashes it: the application computes
-- the keyed HMAC over this text, the same text at writing and at verification.
CREATE FUNCTION audit_event_canonical(
  p_prev_hash text, p_seq bigint, p_at timestamptz, p_actor_user_id integer, p_actor text,
  p_action text, p_entity_type text, p_entity_id text, p_unit_code text, p_before jsonb,
  p_after jsonb, p_request_id text
) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_array(
    p_prev_hash, p_seq, to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    p_actor_user_id, p_actor, p_action, p_entity_type, p_entity_id, p_unit_code,
    p_before, p_after, p_request_id
  )::text
$$;

-- Appending still takes the transaction-scoped lock, so events chain in commit order with no gaps.
-- A new event is always keyed: it continues the key of the previous keyed event (NULL after an
-- unkeyed one: the application names its key when it seals), and its hash stays '' until the
-- application seals it in the same transaction. The lock is held until commit, so the next event
-- always finds its predecessor sealed; an unsealed predecessor means two events of one transaction
-- were written at once, which is refused rather than chained to an empty hash.
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq   bigint;
  last_hash  text;
  last_chain smallint;
  last_key   text;
BEGIN
  PERFORM pg_advisory_xact_lock(4242001);
  SELECT seq, hash, chain, key_id INTO last_seq, last_hash, last_chain, last_key
  FROM audit_events ORDER BY seq DESC LIMIT 1;
  IF last_hash = '' THEN
    RAISE EXCEPTION 'audit event % is not sealed yet: events of one transaction are recorded one after the other', last_seq
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  NEW.seq := COALESCE(last_seq, 0) + 1;
  NEW.prev_hash := COALESCE(last_hash, repeat('0', 64));
  NEW.at := COALESCE(NEW.at, clock_timestamp());
  NEW.chain := 2;
  NEW.key_id := CASE WHEN last_chain = 2 THEN last_key END;
  NEW.hash := '';
  RETURN NEW;
END $$;

-- Still append-only. The one change allowed is the seal: an unsealed keyed event of the writing
-- transaction gets its HMAC and key identifier, and nothing else of it changes.
CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.chain = 2 AND OLD.hash = '' AND NEW.hash ~ '^[0-9a-f]{64}$'
     AND NEW.key_id IS NOT NULL AND (OLD.key_id IS NULL OR NEW.key_id = OLD.key_id)
     AND (NEW.seq, NEW.at, NEW.actor_user_id, NEW.actor, NEW.action, NEW.entity_type, NEW.entity_id,
          NEW.unit_code, NEW.before, NEW.after, NEW.request_id, NEW.prev_hash, NEW.chain)
         IS NOT DISTINCT FROM
         (OLD.seq, OLD.at, OLD.actor_user_id, OLD.actor, OLD.action, OLD.entity_type, OLD.entity_id,
          OLD.unit_code, OLD.before, OLD.after, OLD.request_id, OLD.prev_hash, OLD.chain) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

-- No event commits unsealed: checked at commit, once per event written.
CREATE FUNCTION audit_events_check_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM audit_events WHERE seq = NEW.seq AND hash = '') THEN
    RAISE EXCEPTION 'audit event % was not sealed before commit', NEW.seq USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER audit_events_sealed AFTER INSERT ON audit_events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_events_check_sealed();
