-- Payment news for beneficiaries (issue 22): SMS when a payment is credited, when it failed and
-- what happens next, and the date and place of a cash payment. Each is sent once per payment item
-- (the partial unique index), skipped for a person who opted out, worded by the province's
-- template (else the national default in the code), and followed by the gateway's delivery report.
CREATE UNIQUE INDEX notifications_payment_once ON notifications (purpose, entity_type, entity_id) WHERE purpose LIKE 'payment.%';
CREATE INDEX notifications_provider_message ON notifications (provider_message_id) WHERE provider_message_id IS NOT NULL;

ALTER TABLE notifications ADD COLUMN delivery text CHECK (delivery IN ('DELIVERED', 'UNDELIVERED'));
ALTER TABLE notifications ADD COLUMN delivered_at timestamptz;
ALTER TABLE notifications ADD CONSTRAINT notifications_delivery_after_sending CHECK (delivery IS NULL OR status = 'SENT');

CREATE TABLE notification_templates (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  purpose text COLLATE "C" NOT NULL CHECK (purpose IN ('payment.credited', 'payment.failed', 'payment.cash_schedule')),
  -- NULL: the national wording (overrides the default in the code); else one province's
  province_code text COLLATE "C" CHECK (province_code ~ '^[0-9]{2}$'),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 480),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX notification_templates_key ON notification_templates (purpose, COALESCE(province_code, ''));

-- A person who asked not to receive payment news (codes to log in are still sent: they are asked for).
CREATE TABLE notification_opt_outs (
  person_id bigint PRIMARY KEY REFERENCES persons(id),
  opted_out_by text NOT NULL,
  opted_out_at timestamptz NOT NULL DEFAULT now(),
  reason text CHECK (length(reason) <= 300)
);
