-- Complaints and requests (khiếu nại, kiến nghị; issue 22 item 3): filed by an officer on a
-- person's behalf or by the person through the public self-service page (after the one-time code),
-- about a person and optionally one of their payment cycles; assigned to an officer, answered by a
-- due date counted in working days (the province's setting, default 10), resolved with an outcome.
-- The text may carry personal data: the service shows it to the unit's officers, approvers and
-- the province only (auditors and administrators see the metadata).
CREATE TABLE complaints (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id           bigint NOT NULL REFERENCES persons (id),
  province_code       text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  commune_code        text NOT NULL CHECK (commune_code ~ '^[0-9]{5}$'),
  cycle_id            bigint REFERENCES payroll_cycles (id),
  kind                text NOT NULL CHECK (kind IN ('NOT_RECEIVED', 'WRONG_AMOUNT', 'ACCOUNT_CHANGE', 'CASH_DELIVERY', 'OTHER')),
  body                text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  source              text NOT NULL CHECK (source IN ('OFFICER', 'SELF_SERVICE')),
  status              text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'ASSIGNED', 'RESOLVED')),
  filed_by            text NOT NULL,
  filed_by_user_id    integer,
  filed_at            timestamptz NOT NULL,
  due_date            date NOT NULL,
  assigned_to         text,
  assigned_to_user_id integer,
  assigned_by         text,
  assigned_at         timestamptz,
  outcome             text CHECK (outcome IN ('CORRECTED_ACCOUNT', 'REPAID_NEXT_CYCLE', 'PAID_IN_CASH', 'EXPLAINED', 'REFERRED', 'REJECTED')),
  resolution          text CHECK (length(resolution) BETWEEN 1 AND 2000),
  resolved_by         text,
  resolved_by_user_id integer,
  resolved_at         timestamptz,
  CHECK ((assigned_to IS NULL) = (assigned_at IS NULL)),
  CHECK (status <> 'ASSIGNED' OR assigned_to IS NOT NULL),
  CHECK ((status = 'RESOLVED') = (resolved_at IS NOT NULL)),
  CHECK ((resolved_at IS NULL) = (outcome IS NULL) AND (outcome IS NULL) = (resolution IS NULL) AND (resolution IS NULL) = (resolved_by IS NULL))
);
CREATE INDEX complaints_locality ON complaints (province_code, commune_code, status, due_date);
CREATE INDEX complaints_person ON complaints (person_id, id);
CREATE INDEX complaints_filed ON complaints (filed_at);

-- The province's answer deadline in working days (Mon–Fri); none = the national default (10).
CREATE TABLE complaint_settings (
  province_code  text PRIMARY KEY CHECK (province_code ~ '^[0-9]{2}$'),
  answer_days    integer NOT NULL CHECK (answer_days BETWEEN 1 AND 60),
  updated_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
