-- Provincial base levels, data-quality flags, national population database checks and the review
-- items they produce.

-- A province's own mức chuẩn trợ giúp xã hội (Decree 20/2021 Art. 4(3)), valid from a month until
-- the province's next row. Never below the national level (the rules ignore and report a lower one).
CREATE TABLE province_base_levels (
  province_code text   NOT NULL,
  valid_from    text   NOT NULL CHECK (valid_from ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  amount_vnd    bigint NOT NULL CHECK (amount_vnd > 0 AND amount_vnd % 2 = 0),
  legal_ref     text   NOT NULL,
  created_by    text   NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, valid_from)
);

-- Derived flags, recomputed set-based over the whole registry (`asxh quality check`).
CREATE TABLE dq_flags (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id     bigint NOT NULL REFERENCES persons (id),
  flag          text   NOT NULL CHECK (flag IN ('ACTIVE_IN_TWO_COMMUNES', 'POSSIBLE_DUPLICATE', 'DECEASED_BUT_ACTIVE', 'ACCOUNT_SHARED')),
  details       jsonb  NOT NULL DEFAULT '{}',
  province_code text   NOT NULL,
  commune_code  text   NOT NULL,
  computed_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_id, flag)
);
CREATE INDEX dq_flags_commune ON dq_flags (commune_code, flag);

-- One look-up of a person in the national population database (CSDLQG về dân cư).
CREATE TABLE population_checks (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id             bigint NOT NULL REFERENCES persons (id),
  checked_at            timestamptz NOT NULL DEFAULT now(),
  outcome               text   NOT NULL CHECK (outcome IN ('MATCH', 'NAME_MISMATCH', 'DOB_MISMATCH', 'DECEASED', 'MOVED', 'NOT_FOUND', 'ERROR')),
  population_name       text,
  population_birth_date date,
  death_date            date,
  moved_to              text,
  error                 text,
  run_id                text   NOT NULL
);
CREATE INDEX population_checks_person ON population_checks (person_id, checked_at DESC);

-- A discrepancy an officer must resolve: accept the corrected data, terminate for a death from the
-- month after, or dismiss with a reason.
CREATE TABLE review_items (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id     bigint NOT NULL REFERENCES persons (id),
  kind          text   NOT NULL CHECK (kind IN ('NAME_MISMATCH', 'DOB_MISMATCH', 'DECEASED', 'MOVED', 'NOT_FOUND')),
  status        text   NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'ACCEPTED', 'TERMINATED', 'DISMISSED')),
  check_id      bigint NOT NULL REFERENCES population_checks (id),
  current_value jsonb  NOT NULL,
  proposed      jsonb  NOT NULL,
  province_code text   NOT NULL,
  commune_code  text   NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  resolved_at   timestamptz,
  resolved_by   text,
  resolution_note text,
  CHECK ((status = 'OPEN') = (resolved_at IS NULL)),
  CHECK (status <> 'DISMISSED' OR length(resolution_note) > 0)
);
CREATE UNIQUE INDEX review_items_one_open ON review_items (person_id, kind) WHERE status = 'OPEN';
CREATE INDEX review_items_queue ON review_items (commune_code, status);
