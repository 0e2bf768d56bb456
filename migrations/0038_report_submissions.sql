-- The monthly results report as a unit submits it (issue 21 item 3): each submission is a frozen
-- version of the report (its JSON and that JSON's SHA-256); a later change is submitted as the
-- next version and the earlier one stays readable (SUPERSEDED). The unit's approver confirms a
-- submission (never its submitter); the province may return one for correction (RETURNED).
CREATE TABLE report_submissions (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_code            text NOT NULL CHECK (unit_code ~ '^([0-9]{2}|[0-9]{5})$'),
  province_code        text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  month                text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  programme            text CHECK (programme IN ('TGXH', 'NCC', 'HTXH')),
  version              integer NOT NULL CHECK (version >= 1),
  status               text NOT NULL DEFAULT 'SUBMITTED' CHECK (status IN ('SUBMITTED', 'CONFIRMED', 'RETURNED', 'SUPERSEDED')),
  report               jsonb NOT NULL CHECK (jsonb_typeof(report) = 'object'),
  report_sha256        text NOT NULL CHECK (report_sha256 ~ '^[0-9a-f]{64}$'),
  submitted_by         text NOT NULL,
  submitted_by_user_id integer,
  submitted_at         timestamptz NOT NULL DEFAULT now(),
  confirmed_by         text,
  confirmed_by_user_id integer,
  confirmed_at         timestamptz,
  returned_by          text,
  returned_at          timestamptz,
  return_reason        text CHECK (length(return_reason) BETWEEN 1 AND 500),
  CHECK ((confirmed_by IS NULL) = (confirmed_at IS NULL)),
  CHECK ((returned_by IS NULL) = (returned_at IS NULL) AND (returned_at IS NULL) = (return_reason IS NULL)),
  CHECK (status <> 'CONFIRMED' OR confirmed_at IS NOT NULL),
  CHECK (status <> 'RETURNED' OR returned_at IS NOT NULL),
  CHECK (confirmed_by IS NULL OR confirmed_by <> submitted_by),
  CHECK (confirmed_by_user_id IS NULL OR submitted_by_user_id IS NULL OR confirmed_by_user_id <> submitted_by_user_id)
);
CREATE UNIQUE INDEX report_submissions_version ON report_submissions (unit_code, month, (COALESCE(programme, '')), version);
-- At most one version in force (submitted or confirmed) per unit, month and programme.
CREATE UNIQUE INDEX report_submissions_in_force ON report_submissions (unit_code, month, (COALESCE(programme, ''))) WHERE status IN ('SUBMITTED', 'CONFIRMED');
CREATE INDEX report_submissions_province_month ON report_submissions (province_code, month);

-- A submitted version is frozen: only its status moves forward, with who decided and when.
CREATE OR REPLACE FUNCTION report_submissions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'report submission % cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF (NEW.unit_code, NEW.province_code, NEW.month, NEW.programme, NEW.version, NEW.report, NEW.report_sha256, NEW.submitted_by, NEW.submitted_by_user_id, NEW.submitted_at)
     IS DISTINCT FROM (OLD.unit_code, OLD.province_code, OLD.month, OLD.programme, OLD.version, OLD.report, OLD.report_sha256, OLD.submitted_by, OLD.submitted_by_user_id, OLD.submitted_at)
     OR (OLD.confirmed_at IS NOT NULL AND (NEW.confirmed_by, NEW.confirmed_at) IS DISTINCT FROM (OLD.confirmed_by, OLD.confirmed_at))
     OR (OLD.returned_at IS NOT NULL AND (NEW.returned_by, NEW.returned_at, NEW.return_reason) IS DISTINCT FROM (OLD.returned_by, OLD.returned_at, OLD.return_reason)) THEN
    RAISE EXCEPTION 'report submission % is frozen', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.status <> OLD.status AND NOT (
       (OLD.status = 'SUBMITTED' AND NEW.status IN ('CONFIRMED', 'RETURNED', 'SUPERSEDED'))
    OR (OLD.status = 'CONFIRMED' AND NEW.status IN ('RETURNED', 'SUPERSEDED'))
  ) THEN
    RAISE EXCEPTION 'report submission %: % → % is not allowed', OLD.id, OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER report_submissions_frozen BEFORE UPDATE OR DELETE ON report_submissions FOR EACH ROW EXECUTE FUNCTION report_submissions_frozen();
