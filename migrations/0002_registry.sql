-- Beneficiary registry: people, their benefit enrolments, representatives (guardians and
-- authorised persons) and payment instruments, with an append-only history of every change.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Payment-service providers: banks (NAPAS BIN), e-wallets, Mobile Money, VNPost (DOMAIN.md §5.3).
CREATE TABLE providers (
  code       text PRIMARY KEY CHECK (code ~ '^([0-9]{6}|[A-Z][A-Z0-9_]{1,19})$'),
  kind       text NOT NULL CHECK (kind IN ('BANK', 'EWALLET', 'MOBILE_MONEY', 'POSTAL')),
  short_name text NOT NULL,
  name       text NOT NULL,
  vietqr_code text,
  -- template channels this provider serves, e.g. {TK_NGAN_HANG}
  channels   text[] NOT NULL,
  active     boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE persons (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- số định danh cá nhân (CCCD), DOMAIN.md §5.1; never changes for a person
  personal_id   text    NOT NULL UNIQUE CHECK (personal_id ~ '^[0-9]{12}$'),
  -- old 9-digit CMND, kept only to match bank accounts opened with it
  legacy_id     text    CHECK (legacy_id ~ '^[0-9]{9}$'),
  full_name     text    NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
  -- lower case without diacritics (đ → d): search and duplicate detection
  name_folded   text    NOT NULL,
  birth_date    date    NOT NULL,
  sex           text    NOT NULL CHECK (sex IN ('M', 'F')),
  phone         text    CHECK (phone ~ '^0[0-9]{9}$'),
  -- residence, current (2025) codes; every scoped query filters on these
  province_code text    NOT NULL,
  commune_code  text    NOT NULL,
  address       text,
  -- set when a death is known (population database, MD07 return, family report)
  death_date    date,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX persons_commune ON persons (commune_code, id);
CREATE INDEX persons_province ON persons (province_code, id);
CREATE INDEX persons_name_trgm ON persons USING gin (name_folded gin_trgm_ops);
CREATE INDEX persons_name_birth ON persons (name_folded, birth_date);
CREATE INDEX persons_phone ON persons (phone) WHERE phone IS NOT NULL;

-- One benefit enrolment (chế độ) of one person: a programme and category under a decision.
-- Identity is (person, category): the import's "so_dinh_danh + ma_doi_tuong".
CREATE TABLE enrolments (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id             bigint  NOT NULL REFERENCES persons (id),
  programme             text    NOT NULL CHECK (programme IN ('TGXH', 'NCC', 'HTXH')),
  category              text    NOT NULL,
  children_count        smallint CHECK (children_count BETWEEN 1 AND 20),
  injury_rate           smallint CHECK (injury_rate BETWEEN 21 AND 100),
  decision_number       text    NOT NULL CHECK (length(decision_number) BETWEEN 1 AND 100),
  decision_date         date    NOT NULL,
  decision_authority    text,
  first_month           text    NOT NULL CHECK (first_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  -- last month the previous system already paid: no arrears up to and including it
  paid_through_month    text    CHECK (paid_through_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  status                text    NOT NULL DEFAULT 'DANG_HUONG' CHECK (status IN ('DANG_HUONG', 'TAM_DUNG', 'THOI_HUONG')),
  status_reason         text    CHECK (status_reason IN ('CHET', 'MAT_TICH', 'KHONG_DU_DIEU_KIEN', 'CHUYEN_DI', 'TU_CHOI', 'TU_GIAM', 'KHONG_NHAN_3_THANG')),
  status_event_date     date,
  -- first month not paid because of the suspension or termination (the month after the event)
  status_effective_month text   CHECK (status_effective_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  -- denormalised from the person for scope filters and payroll partitioning
  province_code         text    NOT NULL,
  commune_code          text    NOT NULL,
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_id, category),
  CHECK ((status = 'DANG_HUONG') = (status_reason IS NULL)),
  CHECK ((status = 'DANG_HUONG') = (status_effective_month IS NULL)),
  CHECK (category <> 'BTXH_K4' OR children_count IS NOT NULL)
);
CREATE INDEX enrolments_person ON enrolments (person_id);
CREATE INDEX enrolments_commune ON enrolments (commune_code, programme);
CREATE INDEX enrolments_province ON enrolments (province_code, programme);

-- Past and current suspensions, inclusive months; to_month NULL while suspended. Used by the rules
-- (no payment inside a suspension) and by arrears after a resumption.
CREATE TABLE enrolment_suspensions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enrolment_id  bigint NOT NULL REFERENCES enrolments (id),
  from_month    text   NOT NULL CHECK (from_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  to_month      text   CHECK (to_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  reason        text   NOT NULL,
  -- whether the suspended months are owed as arrears after resumption (decided by the officer)
  arrears_due   boolean NOT NULL DEFAULT false,
  CHECK (to_month IS NULL OR to_month >= from_month)
);
CREATE UNIQUE INDEX enrolment_suspensions_open ON enrolment_suspensions (enrolment_id) WHERE to_month IS NULL;

-- Guardian (giám hộ) or authorised person (người được ủy quyền nhận thay) of a beneficiary.
CREATE TABLE representatives (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id     bigint NOT NULL REFERENCES persons (id),
  kind          text   NOT NULL CHECK (kind IN ('GIAM_HO', 'UY_QUYEN')),
  full_name     text   NOT NULL,
  name_folded   text   NOT NULL,
  personal_id   text   NOT NULL CHECK (personal_id ~ '^[0-9]{12}$'),
  relationship  text,
  -- power of attorney or guardianship registration
  legal_basis   text,
  valid_until   date,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  ended_at      timestamptz,
  CHECK (kind <> 'UY_QUYEN' OR valid_until IS NOT NULL),
  CHECK (active = (ended_at IS NULL))
);
CREATE UNIQUE INDEX representatives_one_active ON representatives (person_id) WHERE active;
CREATE INDEX representatives_personal_id ON representatives (personal_id);

-- How an enrolment is paid. Exactly one active instrument per enrolment; a change creates a new
-- row and supersedes the old one (history kept). Changes pass maker-checker (payment accounts).
CREATE TABLE payment_instruments (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enrolment_id     bigint NOT NULL REFERENCES enrolments (id),
  person_id        bigint NOT NULL REFERENCES persons (id),
  channel          text   NOT NULL CHECK (channel IN ('TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY', 'TIEN_MAT', 'TAI_NHA')),
  provider_code    text   NOT NULL REFERENCES providers (code),
  account_number   text,
  account_holder   text,
  holder_folded    text,
  -- whose account: the beneficiary or their representative
  holder_kind      text   NOT NULL DEFAULT 'SELF' CHECK (holder_kind IN ('SELF', 'REPRESENTATIVE')),
  representative_id bigint REFERENCES representatives (id),
  effective_month  text   CHECK (effective_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  -- collected → identity verified (population DB) → account verified (name inquiry), or rejected
  verification     text   NOT NULL DEFAULT 'COLLECTED' CHECK (verification IN ('COLLECTED', 'ID_VERIFIED', 'ACCOUNT_VERIFIED', 'REJECTED')),
  verification_note text,
  verified_at      timestamptz,
  -- set when a failed transfer or a re-verification asks for a new check before the next payroll
  needs_reverification boolean NOT NULL DEFAULT false,
  active           boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now(),
  superseded_at    timestamptz,
  province_code    text   NOT NULL,
  commune_code     text   NOT NULL,
  CHECK (active = (superseded_at IS NULL)),
  CHECK ((channel IN ('TIEN_MAT', 'TAI_NHA')) = (account_number IS NULL)),
  CHECK (account_number IS NULL OR account_holder IS NOT NULL),
  CHECK (account_number IS NULL OR account_number ~ '^[0-9]{6,19}$')
);
CREATE UNIQUE INDEX payment_instruments_one_active ON payment_instruments (enrolment_id) WHERE active;
CREATE INDEX payment_instruments_account ON payment_instruments (provider_code, account_number) WHERE active AND account_number IS NOT NULL;
CREATE INDEX payment_instruments_commune ON payment_instruments (commune_code) WHERE active;

-- A proposed new or changed payment instrument. It takes effect only when a different user with
-- the approver role approves it (maker-checker); the rule is also a CHECK here, so no interface
-- can bypass it. One pending proposal per enrolment: a newer one replaces (cancels) the older.
CREATE TABLE instrument_proposals (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enrolment_id        bigint NOT NULL REFERENCES enrolments (id),
  person_id           bigint NOT NULL REFERENCES persons (id),
  channel             text   NOT NULL CHECK (channel IN ('TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY', 'TIEN_MAT', 'TAI_NHA')),
  provider_code       text   NOT NULL REFERENCES providers (code),
  account_number      text   CHECK (account_number ~ '^[0-9]{6,19}$'),
  account_holder      text,
  holder_folded       text,
  holder_kind         text   NOT NULL DEFAULT 'SELF' CHECK (holder_kind IN ('SELF', 'REPRESENTATIVE')),
  representative_id   bigint REFERENCES representatives (id),
  effective_month     text   CHECK (effective_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  status              text   NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED')),
  source              text   NOT NULL CHECK (source IN ('IMPORT', 'API', 'CLI', 'SELF_SERVICE')),
  previous_instrument_id bigint REFERENCES payment_instruments (id),
  -- latest account-name inquiry for the proposed account
  verification        jsonb,
  proposed_by         text   NOT NULL,
  proposed_by_user_id integer REFERENCES users (id),
  proposed_at         timestamptz NOT NULL DEFAULT now(),
  decided_by          text,
  decided_by_user_id  integer REFERENCES users (id),
  decided_at          timestamptz,
  decision_reason     text,
  import_batch_id     bigint,
  province_code       text   NOT NULL,
  commune_code        text   NOT NULL,
  CHECK ((channel IN ('TIEN_MAT', 'TAI_NHA')) = (account_number IS NULL)),
  CHECK ((status = 'PENDING') = (decided_at IS NULL)),
  CHECK (status <> 'REJECTED' OR length(decision_reason) > 0),
  CHECK (decided_by IS NULL OR status = 'CANCELLED' OR decided_by <> proposed_by),
  CHECK (decided_by_user_id IS NULL OR proposed_by_user_id IS NULL OR status = 'CANCELLED' OR decided_by_user_id <> proposed_by_user_id)
);
CREATE UNIQUE INDEX instrument_proposals_one_pending ON instrument_proposals (enrolment_id) WHERE status = 'PENDING';
CREATE INDEX instrument_proposals_queue ON instrument_proposals (commune_code, status);

-- Bulk imports: one row per file run (dry runs too); the audit trail records one event per import.
CREATE TABLE import_batches (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text   NOT NULL DEFAULT 'beneficiaries',
  file_name    text   NOT NULL,
  file_sha256  text   NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  actor        text   NOT NULL,
  dry_run      boolean NOT NULL,
  rows         integer NOT NULL DEFAULT 0,
  accepted     integer NOT NULL DEFAULT 0,
  rejected     integer NOT NULL DEFAULT 0,
  created      integer NOT NULL DEFAULT 0,
  updated      integer NOT NULL DEFAULT 0,
  unchanged    integer NOT NULL DEFAULT 0,
  proposals    integer NOT NULL DEFAULT 0,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);

-- The history of every registry entity (timeline of a person). Append-only, like the audit trail;
-- bulk imports write it set-based, one row per changed entity.
CREATE TABLE registry_history (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id       bigint NOT NULL REFERENCES persons (id),
  entity_type     text   NOT NULL CHECK (entity_type IN ('person', 'enrolment', 'representative', 'instrument', 'proposal', 'review')),
  entity_id       bigint NOT NULL,
  action          text   NOT NULL,
  before          jsonb,
  after           jsonb,
  actor           text   NOT NULL,
  at              timestamptz NOT NULL DEFAULT now(),
  import_batch_id bigint REFERENCES import_batches (id),
  request_id      text
);
CREATE INDEX registry_history_person ON registry_history (person_id, id);
CREATE INDEX registry_history_batch ON registry_history (import_batch_id) WHERE import_batch_id IS NOT NULL;

CREATE FUNCTION registry_history_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'registry_history is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER registry_history_no_update BEFORE UPDATE OR DELETE ON registry_history
  FOR EACH ROW EXECUTE FUNCTION registry_history_refuse_change();
