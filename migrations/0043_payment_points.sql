-- Payment points and home-delivery rounds (issue 22 item 4), owned by the disbursement module
-- (it owns the cash batches and their items): per commune the places where cash is paid (place,
-- address, hours, the provider whose agent pays, optionally the villages it serves), the dates of
-- each cycle at each point, and the rounds of the home delivery (a date, the agent, the villages or
-- the whole commune). The cash lists per point and per round are read from the cycle's cash items;
-- the CASH_SCHEDULE SMS tells each person the first date and the place.
CREATE TABLE payment_points (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  province_code  text COLLATE "C" NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  commune_code   text COLLATE "C" NOT NULL CHECK (commune_code ~ '^[0-9]{5}$'),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  address        text CHECK (length(address) BETWEEN 1 AND 300),
  hours          text CHECK (length(hours) BETWEEN 1 AND 60),
  provider_code  text COLLATE "C" NOT NULL,
  agent_name     text CHECK (length(agent_name) BETWEEN 1 AND 120),
  -- NULL: the whole commune; else the people whose address names one of these villages (thôn, tổ)
  villages       text[] CHECK (villages IS NULL OR cardinality(villages) BETWEEN 1 AND 50),
  active         boolean NOT NULL DEFAULT true,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX payment_points_name ON payment_points (commune_code, lower(name));

-- The dates of a cycle at a point (one row per date; the SMS tells the first).
CREATE TABLE payment_point_dates (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cycle_id    bigint NOT NULL REFERENCES payroll_cycles (id),
  point_id    bigint NOT NULL REFERENCES payment_points (id),
  pay_date    date NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (cycle_id, point_id, pay_date)
);
CREATE INDEX payment_point_dates_point ON payment_point_dates (point_id);

-- A home-delivery round of a cycle in a commune: the TAI_NHA people of the commune (or of its
-- villages) paid by the provider's agent on that date.
CREATE TABLE home_delivery_rounds (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cycle_id       bigint NOT NULL REFERENCES payroll_cycles (id),
  province_code  text COLLATE "C" NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  commune_code   text COLLATE "C" NOT NULL CHECK (commune_code ~ '^[0-9]{5}$'),
  round_date     date NOT NULL,
  hours          text CHECK (length(hours) BETWEEN 1 AND 60),
  provider_code  text COLLATE "C" NOT NULL,
  agent_name     text CHECK (length(agent_name) BETWEEN 1 AND 120),
  villages       text[] CHECK (villages IS NULL OR cardinality(villages) BETWEEN 1 AND 50),
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX home_delivery_rounds_key ON home_delivery_rounds (cycle_id, commune_code, provider_code, round_date, COALESCE(villages, '{}'::text[]));
CREATE INDEX home_delivery_rounds_cycle ON home_delivery_rounds (cycle_id, commune_code);
