-- Monthly payroll: rule tables (synced from src/modules/rules at start), cycles and their lines,
-- recoveries, deadlines. Money is integer đồng in bigint (VND has no minor unit).

CREATE FUNCTION month_index(month text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT substr(month, 1, 4)::int * 12 + substr(month, 6, 2)::int - 1
$$;
CREATE FUNCTION month_of_index(idx integer) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT lpad((idx / 12)::text, 4, '0') || '-' || lpad((idx % 12 + 1)::text, 2, '0')
$$;

-- Rule parameters, versioned by the month they take effect. Owned by code (rules.data.ts) and
-- replaced at every start, so SQL and the TypeScript evaluator always read the same numbers.
CREATE TABLE rule_base_levels (
  programme  text   NOT NULL,
  valid_from text   NOT NULL,
  amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
  legal_ref  text   NOT NULL,
  PRIMARY KEY (programme, valid_from)
);
CREATE TABLE rule_coefficients (
  category        text    NOT NULL,
  age_min         integer NOT NULL,
  age_below       integer,
  coefficient_x10 integer NOT NULL CHECK (coefficient_x10 > 0 AND coefficient_x10 % 5 = 0),
  per_child       boolean NOT NULL,
  valid_from      text    NOT NULL,
  legal_ref       text    NOT NULL
);
CREATE INDEX rule_coefficients_category ON rule_coefficients (category, valid_from);
CREATE TABLE rule_ncc_amounts (
  category   text    NOT NULL,
  rate_min   integer,
  rate_max   integer,
  component  text    NOT NULL CHECK (component IN ('TRO_CAP', 'PHU_CAP')),
  amount_vnd bigint  NOT NULL CHECK (amount_vnd > 0),
  valid_from text    NOT NULL,
  legal_ref  text    NOT NULL
);
CREATE INDEX rule_ncc_amounts_category ON rule_ncc_amounts (category, valid_from);
CREATE TABLE rule_age_limits (
  category          text PRIMARY KEY,
  paid_from_age     integer,
  paid_through_age  integer
);
CREATE TABLE rule_single_parent_addons (
  category       text NOT NULL,
  addon_category text NOT NULL,
  valid_from     text NOT NULL,
  PRIMARY KEY (category, addon_category)
);
CREATE TABLE rule_social_pension (
  valid_from text   PRIMARY KEY,
  amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
  legal_ref  text   NOT NULL
);
CREATE TABLE rule_funeral_support (
  programme           text    NOT NULL,
  valid_from          text    NOT NULL,
  base_level_multiple integer NOT NULL CHECK (base_level_multiple > 0),
  PRIMARY KEY (programme, valid_from)
);

-- One payroll cycle: a month, a locality (a commune or a whole province) and a programme (or all).
-- The state order is enforced by the trigger below, whatever interface asks.
CREATE TABLE payroll_cycles (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  month              text    NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  -- Tết: pay this many months together (the months from `month` on)
  months_count       smallint NOT NULL DEFAULT 1 CHECK (months_count BETWEEN 1 AND 2),
  scope_level        text    NOT NULL CHECK (scope_level IN ('province', 'commune')),
  province_code      text    NOT NULL,
  commune_code       text,
  -- NULL = all programmes in one cycle
  programme          text    CHECK (programme IN ('TGXH', 'NCC', 'HTXH')),
  status             text    NOT NULL DEFAULT 'DRAFT'
                     CHECK (status IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'FUNDED', 'DISBURSING', 'RECONCILED', 'CLOSED')),
  -- maintained by the line triggers: always the sum and count of the cycle's lines
  total_vnd          bigint  NOT NULL DEFAULT 0,
  line_count         integer NOT NULL DEFAULT 0,
  generated_by       text    NOT NULL,
  generated_at       timestamptz NOT NULL DEFAULT now(),
  submitted_by       text,
  submitted_by_user_id integer,
  submitted_at       timestamptz,
  approved_by        text,
  approved_by_user_id integer,
  approved_at        timestamptz,
  funded_reference   text,
  funded_date        date,
  funded_amount_vnd  bigint,
  funded_by          text,
  funded_at          timestamptz,
  last_comment       text,
  version            integer NOT NULL DEFAULT 1,
  CHECK ((scope_level = 'commune') = (commune_code IS NOT NULL)),
  -- maker-checker: the approver is never the submitter
  CHECK (approved_by IS NULL OR approved_by <> submitted_by),
  CHECK (approved_by_user_id IS NULL OR submitted_by_user_id IS NULL OR approved_by_user_id <> submitted_by_user_id),
  -- the Treasury transfer equals the total to the đồng
  CHECK (funded_amount_vnd IS NULL OR funded_amount_vnd = total_vnd),
  CHECK (status IN ('DRAFT', 'SUBMITTED', 'APPROVED') OR (funded_amount_vnd IS NOT NULL AND funded_reference IS NOT NULL)),
  CHECK (status IN ('DRAFT', 'SUBMITTED') OR approved_by IS NOT NULL),
  CHECK (status = 'DRAFT' OR submitted_by IS NOT NULL)
);
-- One cycle per month, locality and programme.
CREATE UNIQUE INDEX payroll_cycles_one_per_scope ON payroll_cycles
  (month, province_code, COALESCE(commune_code, ''), COALESCE(programme, 'ALL'));

CREATE TABLE payroll_cycle_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cycle_id    bigint NOT NULL REFERENCES payroll_cycles (id),
  from_status text,
  to_status   text   NOT NULL,
  actor       text   NOT NULL,
  comment     text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payroll_cycle_events_cycle ON payroll_cycle_events (cycle_id, id);

CREATE FUNCTION payroll_cycles_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = OLD.status THEN
    -- Totals may change only while the cycle is a draft (the lines are frozen after submission).
    IF OLD.status <> 'DRAFT' AND (NEW.total_vnd <> OLD.total_vnd OR NEW.line_count <> OLD.line_count) THEN
      RAISE EXCEPTION 'payroll cycle % is frozen (status %)', OLD.id, OLD.status USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF NOT (
       (OLD.status = 'DRAFT' AND NEW.status = 'SUBMITTED')
    OR (OLD.status = 'SUBMITTED' AND NEW.status IN ('APPROVED', 'DRAFT'))
    OR (OLD.status = 'APPROVED' AND NEW.status IN ('FUNDED', 'DRAFT'))
    OR (OLD.status = 'FUNDED' AND NEW.status = 'DISBURSING')
    OR (OLD.status = 'DISBURSING' AND NEW.status = 'RECONCILED')
    OR (OLD.status = 'RECONCILED' AND NEW.status = 'CLOSED')
  ) THEN
    RAISE EXCEPTION 'payroll cycle %: % → % is not allowed', OLD.id, OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payroll_cycles_transition BEFORE UPDATE ON payroll_cycles
  FOR EACH ROW EXECUTE FUNCTION payroll_cycles_transition();

-- A payroll line: what one person is due under one programme, component and entitlement month.
-- Payee and account are a snapshot taken at generation; after submission nothing changes.
CREATE TABLE payroll_lines (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cycle_id           bigint  NOT NULL REFERENCES payroll_cycles (id),
  person_id          bigint  NOT NULL REFERENCES persons (id),
  enrolment_id       bigint  REFERENCES enrolments (id),
  programme          text    NOT NULL CHECK (programme IN ('TGXH', 'NCC', 'HTXH')),
  -- the category that determined the amount (the highest one for social assistance)
  category           text    NOT NULL,
  component          text    NOT NULL CHECK (component IN ('MONTHLY', 'ARREARS', 'FUNERAL', 'ONE_OFF', 'CARRY_OVER', 'RECOVERY')),
  for_month          text    NOT NULL CHECK (for_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  -- distinguishes several one-offs, recoveries or carry-overs of one month ('' otherwise)
  line_key           text    NOT NULL DEFAULT '',
  -- MONTHLY and ARREARS pay the same entitlement: one month is paid once, as one or the other
  entitlement        text    GENERATED ALWAYS AS (CASE WHEN component IN ('MONTHLY', 'ARREARS') THEN 'REGULAR' ELSE component END) STORED,
  amount_vnd         bigint  NOT NULL,
  breakdown          jsonb   NOT NULL DEFAULT '[]',
  note               text,
  personal_id        text    NOT NULL,
  full_name          text    NOT NULL,
  province_code      text    NOT NULL,
  commune_code       text    NOT NULL,
  channel            text    NOT NULL,
  provider_code      text    NOT NULL,
  account_number     text,
  account_holder     text,
  instrument_id      bigint,
  representative_name text,
  reversed_at        timestamptz,
  reversed_by        text,
  reversal_reason    text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((component = 'RECOVERY') = (amount_vnd < 0)),
  CHECK (amount_vnd <> 0),
  CHECK ((reversed_at IS NULL) = (reversal_reason IS NULL))
);
-- Nobody is paid twice for the same month and component, across all cycles.
CREATE UNIQUE INDEX payroll_lines_once ON payroll_lines (person_id, programme, entitlement, for_month, line_key)
  WHERE reversed_at IS NULL;
CREATE INDEX payroll_lines_cycle ON payroll_lines (cycle_id, id);
CREATE INDEX payroll_lines_cycle_commune ON payroll_lines (cycle_id, commune_code, channel, provider_code);

-- Cycle totals follow the lines (statement-level, set-based: cheap for a million lines).
CREATE FUNCTION payroll_lines_total_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE payroll_cycles c SET total_vnd = c.total_vnd + d.total, line_count = c.line_count + d.lines
  FROM (SELECT cycle_id, sum(amount_vnd) AS total, count(*) AS lines FROM new_rows GROUP BY cycle_id) d
  WHERE c.id = d.cycle_id;
  RETURN NULL;
END $$;
CREATE TRIGGER payroll_lines_total_insert AFTER INSERT ON payroll_lines
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION payroll_lines_total_insert();

CREATE FUNCTION payroll_lines_total_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_rows o JOIN payroll_cycles c ON c.id = o.cycle_id WHERE c.status <> 'DRAFT') THEN
    RAISE EXCEPTION 'payroll lines of a submitted cycle cannot be deleted' USING ERRCODE = 'check_violation';
  END IF;
  UPDATE payroll_cycles c SET total_vnd = c.total_vnd - d.total, line_count = c.line_count - d.lines
  FROM (SELECT cycle_id, sum(amount_vnd) AS total, count(*) AS lines FROM old_rows GROUP BY cycle_id) d
  WHERE c.id = d.cycle_id;
  RETURN NULL;
END $$;
CREATE TRIGGER payroll_lines_total_delete AFTER DELETE ON payroll_lines
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION payroll_lines_total_delete();

-- After submission a line changes only by an explicit reversal: the line stays in the cycle (money
-- history is append-only; the total does not move) but no longer blocks paying that month again.
CREATE FUNCTION payroll_lines_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.cycle_id, o.person_id, o.programme, o.category, o.component, o.for_month, o.line_key, o.amount_vnd, o.channel,
           o.provider_code, o.account_number, o.account_holder, o.personal_id, o.full_name, o.commune_code)
          IS DISTINCT FROM
          (n.cycle_id, n.person_id, n.programme, n.category, n.component, n.for_month, n.line_key, n.amount_vnd, n.channel,
           n.provider_code, n.account_number, n.account_holder, n.personal_id, n.full_name, n.commune_code)
       OR (o.reversed_at IS NOT NULL AND n.reversed_at IS DISTINCT FROM o.reversed_at)
  ) THEN
    RAISE EXCEPTION 'payroll lines are immutable; only a reversal may be recorded' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER payroll_lines_frozen AFTER UPDATE ON payroll_lines
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION payroll_lines_frozen();

-- No regular line for a month in which the person is dead, or in which none of their enrolments
-- of the programme is payable (terminated from the effective month, or inside a suspension).
CREATE FUNCTION payroll_lines_payable() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT n.personal_id, n.for_month, n.component INTO bad
  FROM new_rows n JOIN persons p ON p.id = n.person_id
  WHERE n.component IN ('MONTHLY', 'ARREARS') AND (
       (p.death_date IS NOT NULL AND n.for_month > to_char(p.death_date, 'YYYY-MM'))
    OR NOT EXISTS (
         SELECT 1 FROM enrolments e
         WHERE e.person_id = n.person_id AND e.programme = n.programme
           AND e.first_month <= n.for_month
           AND (e.status_effective_month IS NULL OR n.for_month < e.status_effective_month)
           AND NOT EXISTS (SELECT 1 FROM enrolment_suspensions s WHERE s.enrolment_id = e.id AND NOT s.arrears_due
                             AND n.for_month >= s.from_month AND (s.to_month IS NULL OR n.for_month <= s.to_month))))
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'payroll line for % (%, %) is not payable: dead, terminated or suspended in that month', bad.personal_id, bad.component, bad.for_month
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER payroll_lines_payable AFTER INSERT ON payroll_lines
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION payroll_lines_payable();

-- Overpayments to recover (truy thu), netted against the person's lines of the programme.
CREATE TABLE recoveries (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id      bigint NOT NULL REFERENCES persons (id),
  programme      text   NOT NULL CHECK (programme IN ('TGXH', 'NCC', 'HTXH')),
  amount_vnd     bigint NOT NULL CHECK (amount_vnd > 0),
  reason         text   NOT NULL CHECK (length(reason) > 0),
  decision_ref   text,
  created_by     text   NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  cancelled_at   timestamptz
);
CREATE INDEX recoveries_person ON recoveries (person_id);

-- Manual one-off payments waiting for the next cycle (a Tết gift, emergency support).
CREATE TABLE one_off_payments (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id      bigint NOT NULL REFERENCES persons (id),
  programme      text   NOT NULL CHECK (programme IN ('TGXH', 'NCC', 'HTXH')),
  for_month      text   NOT NULL CHECK (for_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  amount_vnd     bigint NOT NULL CHECK (amount_vnd > 0),
  reason         text   NOT NULL CHECK (length(reason) > 0),
  line_key       text   NOT NULL,
  created_by     text   NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_id, programme, for_month, line_key)
);

-- Deadlines per province (national defaults: list and funds before the 25th of month M for M+1,
-- the payment organisation's report before the 20th; Kon Tum's plan: report before the 12th).
CREATE TABLE payroll_deadlines (
  province_code    text PRIMARY KEY,
  list_due_day     smallint NOT NULL CHECK (list_due_day BETWEEN 1 AND 28),
  report_due_day   smallint NOT NULL CHECK (report_due_day BETWEEN 1 AND 28),
  -- what happens to a failed transfer: paid in cash in the same cycle, or carried over
  failure_policy   text NOT NULL DEFAULT 'CARRY_OVER' CHECK (failure_policy IN ('CASH_SAME_CYCLE', 'CARRY_OVER')),
  updated_by       text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX enrolment_suspensions_enrolment ON enrolment_suspensions (enrolment_id);
CREATE INDEX persons_death ON persons (death_date) WHERE death_date IS NOT NULL;
