-- ASXH Pay foundation: administrative units, users and sessions, the hash-chained audit trail.
-- Forward-only: never edit this file once applied; add a new migration instead.

-- Administrative units (đơn vị hành chính) of both generations, as one tree of any depth.
-- Codes overlap between generations (legacy ward 00004 is Trúc Bạch, current ward 00004 is
-- Ba Đình), so a unit is identified by (generation, level, code), never by the code alone.
CREATE TABLE admin_units (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  generation     text     NOT NULL CHECK (generation IN ('legacy', '2025')),
  level          text     NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  code           text     NOT NULL CHECK (code ~ '^[0-9]{2,5}$'),
  parent_id      integer  REFERENCES admin_units (id),
  name           text     NOT NULL,
  name_with_type text     NOT NULL,
  unit_type      text     NOT NULL,
  -- lower case, no diacritics: for search without accents
  name_folded    text     NOT NULL,
  -- code of the province of the same generation (the unit itself for a province)
  province_code  text     NOT NULL,
  -- codes from the root down to this unit, e.g. '2025/51/23293' or 'legacy/62/608/23293'
  path           text     NOT NULL,
  depth          smallint NOT NULL CHECK (depth BETWEEN 1 AND 10),
  -- validity: legacy units end on 2025-06-30; current units start on 2025-07-01; NULL = open
  valid_from     date,
  valid_to       date,
  former_names   jsonb    NOT NULL DEFAULT '[]',
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from <= valid_to),
  CHECK ((level = 'province') = (parent_id IS NULL))
);
-- The compiled legacy list repeats two district codes (794 Tân An, 900 Hà Tiên) in two provinces,
-- so identity includes the province; current units are unique by code alone (how users address them).
CREATE UNIQUE INDEX admin_units_identity ON admin_units (generation, level, province_code, code);
CREATE UNIQUE INDEX admin_units_current_code ON admin_units (level, code) WHERE generation = '2025';
CREATE UNIQUE INDEX admin_units_legacy_commune_code ON admin_units (code) WHERE generation = 'legacy' AND level = 'commune';
CREATE INDEX admin_units_parent ON admin_units (parent_id);
CREATE INDEX admin_units_path ON admin_units (path text_pattern_ops);

-- Old → new edges (DOMAIN.md §6). A legacy commune split across new communes has several edges;
-- those are candidates: people are mapped by address.
CREATE TABLE admin_unit_mappings (
  old_unit_id  integer NOT NULL REFERENCES admin_units (id),
  new_unit_id  integer NOT NULL REFERENCES admin_units (id),
  mapping_type text    NOT NULL,
  note         text    NOT NULL DEFAULT '',
  PRIMARY KEY (old_unit_id, new_unit_id)
);
CREATE INDEX admin_unit_mappings_new ON admin_unit_mappings (new_unit_id);

-- Users. Scope is a locality subtree: NULL unit = the whole country (admin, national auditor).
-- The province and commune codes of the scope are copied here so every scoped query filters on
-- plain indexed columns.
CREATE TABLE users (
  id                   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username             text        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  full_name            text        NOT NULL DEFAULT '',
  password_hash        text        NOT NULL,
  role                 text        NOT NULL CHECK (role IN ('admin', 'officer', 'approver', 'province', 'provider', 'auditor')),
  unit_id              integer     REFERENCES admin_units (id),
  scope_province_code  text,
  scope_commune_code   text,
  -- payment-provider agents see only their provider's lines
  provider_code        text,
  phone                text,
  status               text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  failed_logins        integer     NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until         timestamptz,
  must_change_password boolean     NOT NULL DEFAULT false,
  password_changed_at  timestamptz NOT NULL DEFAULT now(),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CHECK (unit_id IS NOT NULL OR role IN ('admin', 'auditor')),
  CHECK ((unit_id IS NULL) = (scope_province_code IS NULL)),
  CHECK (scope_commune_code IS NULL OR scope_province_code IS NOT NULL),
  CHECK (role <> 'provider' OR provider_code IS NOT NULL)
);

-- Sessions: the cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
  id           text        PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
  user_id      integer     NOT NULL REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  ip           text,
  user_agent   text
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Key/value settings of the installation (first-start flags, provincial configuration).
CREATE TABLE app_settings (
  key        text PRIMARY KEY,
  value      jsonb       NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The audit trail: append-only and hash-chained. Each event's hash covers the previous event's
-- hash and all of its own fields, so altering or deleting a row behind the application's back
-- breaks the chain at that row (`asxh audit verify`).
CREATE TABLE audit_events (
  seq           bigint      PRIMARY KEY,
  at            timestamptz NOT NULL,
  actor_user_id integer,
  actor         text        NOT NULL,
  action        text        NOT NULL,
  entity_type   text        NOT NULL,
  entity_id     text,
  -- locality of the entity (province or commune code), so auditors see only their area
  unit_code     text,
  before        jsonb,
  after         jsonb,
  request_id    text,
  prev_hash     text        NOT NULL,
  hash          text        NOT NULL
);
CREATE INDEX audit_events_entity ON audit_events (entity_type, entity_id);
CREATE INDEX audit_events_at ON audit_events (at);

-- The canonical text that is hashed: a JSON array (unambiguous, NULLs explicit), time in UTC.
CREATE FUNCTION audit_event_hash(
  p_prev_hash text, p_seq bigint, p_at timestamptz, p_actor_user_id integer, p_actor text,
  p_action text, p_entity_type text, p_entity_id text, p_unit_code text, p_before jsonb,
  p_after jsonb, p_request_id text
) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    p_prev_hash, p_seq, to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    p_actor_user_id, p_actor, p_action, p_entity_type, p_entity_id, p_unit_code,
    p_before, p_after, p_request_id
  )::text, 'UTF8')), 'hex')
$$;

-- Appending takes a transaction-scoped lock so that events chain in commit order with no gaps.
CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq  bigint;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(4242001);
  SELECT seq, hash INTO last_seq, last_hash FROM audit_events ORDER BY seq DESC LIMIT 1;
  NEW.seq := COALESCE(last_seq, 0) + 1;
  NEW.prev_hash := COALESCE(last_hash, repeat('0', 64));
  NEW.at := COALESCE(NEW.at, clock_timestamp());
  NEW.hash := audit_event_hash(NEW.prev_hash, NEW.seq, NEW.at, NEW.actor_user_id, NEW.actor,
    NEW.action, NEW.entity_type, NEW.entity_id, NEW.unit_code, NEW.before, NEW.after, NEW.request_id);
  RETURN NEW;
END $$;

CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
