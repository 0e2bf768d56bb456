-- Payment service fees (phí dịch vụ chi trả, issue 20 requirement 4): what the paying agency owes
-- a provider per payment, by provider and channel, from a date. A row holds until a later row of
-- the same provider, channel and locality; a province's own rows come before the national ones
-- (the provincial People's Committee sets the fee rate, Circular 76/2021 Art. 3(7)). The fee is
-- computed by fees/fees.repository.ts (SQL, set-based) and fees/fee.ts (the reference); it is
-- never deducted from what a beneficiary receives. Forward-only.

CREATE TABLE fee_schedules (
  id             integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- NULL: every province without rows of its own for this provider and channel.
  province_code  text        CHECK (province_code ~ '^[0-9]{2}$'),
  provider_code  text        NOT NULL REFERENCES providers (code),
  channel        text        NOT NULL CHECK (channel IN ('TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY', 'TIEN_MAT', 'TAI_NHA')),
  valid_from     date        NOT NULL,
  -- Exact rates as integers: millionths of the amount (0.5 % is 5000), never a float.
  rate_ppm       integer     NOT NULL DEFAULT 0 CHECK (rate_ppm BETWEEN 0 AND 1000000),
  fixed_vnd      bigint      NOT NULL DEFAULT 0 CHECK (fixed_vnd BETWEEN 0 AND 1000000000),
  min_vnd        bigint      NOT NULL DEFAULT 0 CHECK (min_vnd BETWEEN 0 AND 1000000000),
  -- NULL: no maximum.
  max_vnd        bigint      CHECK (max_vnd BETWEEN 0 AND 1000000000),
  vat_ppm        integer     NOT NULL DEFAULT 0 CHECK (vat_ppm BETWEEN 0 AND 1000000),
  set_by         text        NOT NULL,
  set_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (max_vnd IS NULL OR max_vnd >= min_vnd)
);

-- One row per locality, provider, channel and day: a second one the same day would leave the
-- schedule in force ambiguous (fees.service replaces it only when asked to).
CREATE UNIQUE INDEX fee_schedules_key ON fee_schedules ((COALESCE(province_code, '')), provider_code, channel, valid_from);
