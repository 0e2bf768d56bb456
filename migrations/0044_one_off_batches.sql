-- Bulk one-off payments (issue 22 item 5): a list of people (a Tết gift, emergency or disaster
-- support) imported from CSV/XLSX as one batch, checked row by row against the registry, capped per
-- person, and approved by a second person. Approval copies the accepted rows into one_off_payments
-- (with the batch's line key), where the next generated cycle picks them up as ONE_OFF lines.
CREATE TABLE one_off_batches (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  file_sha256     text COLLATE "C" NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_name       text NOT NULL,
  for_month       text COLLATE "C" NOT NULL CHECK (for_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  -- the importer's locality: who may see and approve the batch
  province_code   text COLLATE "C" CHECK (province_code ~ '^[0-9]{2}$'),
  commune_code    text COLLATE "C" CHECK (commune_code ~ '^[0-9]{5}$'),
  row_count       integer NOT NULL CHECK (row_count >= 0),
  accepted_count  integer NOT NULL CHECK (accepted_count BETWEEN 0 AND row_count),
  total_vnd       bigint  NOT NULL CHECK (total_vnd >= 0),
  cap_vnd         bigint  NOT NULL CHECK (cap_vnd > 0),
  status          text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
  made_by         text NOT NULL,
  made_at         timestamptz NOT NULL DEFAULT now(),
  decided_by      text,
  decided_at      timestamptz,
  decision_comment text CHECK (length(decision_comment) <= 1000),
  CHECK (decided_by <> made_by),
  CHECK ((status = 'PENDING') = (decided_by IS NULL AND decided_at IS NULL))
);
-- The same file twice is a duplicate, unless the first was rejected.
CREATE UNIQUE INDEX one_off_batches_file_once ON one_off_batches (file_sha256) WHERE status <> 'REJECTED';
CREATE INDEX one_off_batches_status ON one_off_batches (status, id);

-- Every row of a batch's file, accepted or not: the error report repeats the row beside its errors.
CREATE TABLE one_off_batch_rows (
  batch_id     bigint NOT NULL REFERENCES one_off_batches (id),
  row_number   integer NOT NULL CHECK (row_number >= 2),
  cells        jsonb NOT NULL,
  personal_id  text COLLATE "C",
  name_folded  text,
  person_id    bigint REFERENCES persons (id),
  programme    text CHECK (programme IN ('TGXH', 'NCC', 'HTXH')),
  for_month    text COLLATE "C" CHECK (for_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  amount_vnd   bigint CHECK (amount_vnd > 0),
  reason       text,
  -- [{field, code, vi, en}]; empty when the row is accepted
  errors       jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (batch_id, row_number),
  CHECK (jsonb_typeof(errors) = 'array'),
  -- a row without errors has what a payment needs (the person and, when the row left it empty, the programme come from the registry's checks)
  CHECK (jsonb_array_length(errors) > 0 OR (personal_id IS NOT NULL AND for_month IS NOT NULL AND amount_vnd IS NOT NULL AND reason IS NOT NULL))
);

ALTER TABLE one_off_payments ADD COLUMN batch_id bigint REFERENCES one_off_batches (id);
CREATE INDEX one_off_payments_batch ON one_off_payments (batch_id) WHERE batch_id IS NOT NULL;

-- The cap per person and batch a province sets (settings.manage); without a row, the national default in the code.
CREATE TABLE one_off_limits (
  province_code  text COLLATE "C" PRIMARY KEY CHECK (province_code ~ '^[0-9]{2}$'),
  cap_vnd        bigint NOT NULL CHECK (cap_vnd > 0 AND cap_vnd <= 9999999999999),
  updated_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
