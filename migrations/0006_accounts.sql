-- Payment accounts and the cashless campaign: notification outbox, account verification runs,
-- campaign stages and targets, self-service one-time codes.

-- Messages to beneficiaries (SMS). Written in the same transaction as the change they announce
-- (transactional outbox) and sent afterwards by the dispatcher, so a change is never announced
-- without happening, nor happens without being announced.
CREATE TABLE notifications (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel       text   NOT NULL DEFAULT 'SMS' CHECK (channel IN ('SMS')),
  phone         text   NOT NULL CHECK (phone ~ '^0[0-9]{9}$'),
  body          text   NOT NULL CHECK (length(body) BETWEEN 1 AND 480),
  purpose       text   NOT NULL,
  person_id     bigint REFERENCES persons (id),
  entity_type   text,
  entity_id     text,
  status        text   NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
  attempts      integer NOT NULL DEFAULT 0,
  last_error    text,
  provider_message_id text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  sent_at       timestamptz
);
CREATE INDEX notifications_pending ON notifications (id) WHERE status = 'PENDING';
CREATE INDEX notifications_person ON notifications (person_id, id);

-- Where each beneficiary is in the move from cash to an account (provincial plans, step 3–4).
CREATE TABLE campaign_stages (
  person_id     bigint PRIMARY KEY REFERENCES persons (id),
  stage         text   NOT NULL CHECK (stage IN ('NOT_CONTACTED', 'CONTACTED', 'DOCUMENTS_MISSING', 'ACCOUNT_REQUESTED',
                                                  'ACCOUNT_OPENED', 'VERIFIED', 'DECLINED', 'NEEDS_HOME_DELIVERY')),
  -- a beneficiary who declines gives a written reason (Hanoi practice, DOMAIN.md §4.4)
  note          text,
  changed_by    text   NOT NULL,
  changed_at    timestamptz NOT NULL DEFAULT now(),
  province_code text   NOT NULL,
  commune_code  text   NOT NULL,
  CHECK (stage <> 'DECLINED' OR length(note) > 0)
);
CREATE INDEX campaign_stages_commune ON campaign_stages (commune_code, stage);

CREATE TABLE campaign_stage_history (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id  bigint NOT NULL REFERENCES persons (id),
  from_stage text,
  to_stage   text   NOT NULL,
  note       text,
  changed_by text   NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaign_stage_history_person ON campaign_stage_history (person_id, id);

-- Targets: the share of beneficiaries paid through an account, per locality, programme group and
-- deadline (e.g. 40 % of social-protection beneficiaries by 2024-12; 100 % of people with merit).
CREATE TABLE campaign_targets (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_code     text   NOT NULL CHECK (unit_code ~ '^([0-9]{2}|[0-9]{5})$'),
  programme     text   CHECK (programme IN ('TGXH', 'NCC', 'HTXH')),
  period        text   NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  target_pct    numeric(5, 2) NOT NULL CHECK (target_pct > 0 AND target_pct <= 100),
  created_by    text   NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX campaign_targets_key ON campaign_targets (unit_code, COALESCE(programme, 'ALL'), period);

-- Self-service: one-time codes sent by SMS; only their hash is stored, with a short life and a
-- bounded number of attempts.
CREATE TABLE self_service_codes (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES persons (id),
  code_hash   text   NOT NULL,
  expires_at  timestamptz NOT NULL,
  attempts    integer NOT NULL DEFAULT 0,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX self_service_codes_person ON self_service_codes (person_id, id);
