-- Authentication and separation of duties (issue 18): who created each account and who last reset
-- its password (neither may have their proposals approved by that account), the changes to accounts
-- that wait for a second administrator, and the login failures per account and client address
-- (strangers are slowed down, never able to lock an account). Forward-only.

ALTER TABLE users ADD COLUMN created_by text;
ALTER TABLE users ADD COLUMN password_reset_by text;
ALTER TABLE users ADD COLUMN password_reset_at timestamptz;
ALTER TABLE users ADD CONSTRAINT users_reset_pair CHECK ((password_reset_by IS NULL) = (password_reset_at IS NULL));

-- A user with an approving role, a change of role or unit, a password reset: proposed by one
-- administrator, applied only when another approves (auth/user-changes.service.ts).
CREATE TABLE user_change_requests (
  id                   integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind                 text        NOT NULL CHECK (kind IN ('create', 'role', 'password_reset')),
  status               text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  -- The account changed; for a creation, the account made when it is approved.
  user_id              integer     REFERENCES users (id),
  username             text        NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  -- The role and unit the account will have (create, role); for a reset, the account's own unit,
  -- so that the request is listed to the administrators of that locality.
  role                 text        CHECK (role IN ('admin', 'officer', 'approver', 'province', 'provider', 'auditor')),
  unit_id              integer     REFERENCES admin_units (id),
  scope_province_code  text,
  scope_commune_code   text,
  provider_code        text,
  full_name            text        CHECK (length(full_name) <= 200),
  phone                text        CHECK (length(phone) <= 20),
  -- The initial or reset password, hashed (argon2id), kept only while the request waits.
  password_hash        text,
  proposed_by          text        NOT NULL,
  proposed_by_user_id  integer     REFERENCES users (id),
  proposed_at          timestamptz NOT NULL,
  decided_by           text,
  decided_by_user_id   integer     REFERENCES users (id),
  decided_at           timestamptz,
  decision_reason      text        CHECK (length(decision_reason) <= 500),
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  CHECK ((decided_by IS NULL) = (decided_at IS NULL)),
  -- Maker-checker in the database too: the proposer may withdraw (reject) but never approve.
  CHECK (status <> 'approved' OR decided_by <> proposed_by),
  CHECK (kind = 'create' OR user_id IS NOT NULL),
  CHECK (status <> 'approved' OR user_id IS NOT NULL),
  CHECK (kind = 'password_reset' OR role IS NOT NULL),
  CHECK (status <> 'pending' OR kind = 'role' OR password_hash IS NOT NULL),
  CHECK (status = 'pending' OR password_hash IS NULL),
  CHECK (scope_commune_code IS NULL OR scope_province_code IS NOT NULL)
);
-- One waiting change per account (or per username to be created): no two conflicting requests.
CREATE UNIQUE INDEX user_change_requests_one_pending ON user_change_requests (username) WHERE status = 'pending';
CREATE INDEX user_change_requests_recent ON user_change_requests (proposed_at DESC);

-- Login failures per username (known or not: the answers must not tell them apart) and client
-- address. An address that once logged in successfully is the user's own: its failures count
-- towards locking the account. Any other address is only slowed down, more at each failure.
CREATE TABLE login_sources (
  username        text        NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
  source          text        NOT NULL CHECK (length(source) BETWEEN 1 AND 100),
  succeeded_at    timestamptz,
  failures        integer     NOT NULL DEFAULT 0 CHECK (failures >= 0),
  last_failure_at timestamptz,
  PRIMARY KEY (username, source),
  CHECK (failures = 0 OR last_failure_at IS NOT NULL)
);
CREATE INDEX login_sources_stale ON login_sources (last_failure_at) WHERE succeeded_at IS NULL;
