-- Secrets at rest (issue 20, item 3): providers' secrets, tokens and private keys are kept as
-- AES-256-GCM ciphertexts under a key that lives outside the database (ASXH_SECRET_KEY or the key
-- file of the data folder). Only the key's public identifier is stored, beside the nonce and the tag.
-- `purpose` names what the secret is for (`provider_endpoint:970405`); it is also the additional
-- authenticated data, so a ciphertext moved to another row no longer decrypts.
CREATE TABLE secrets (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  purpose     text COLLATE "C" NOT NULL UNIQUE CHECK (purpose ~ '^[a-z_]{1,40}:[A-Za-z0-9_.-]{1,60}$'),
  key_id      text COLLATE "C" NOT NULL CHECK (key_id ~ '^[0-9a-f]{16}$'),
  nonce       text NOT NULL CHECK (nonce ~ '^[A-Za-z0-9+/]{16}$'),
  tag         text NOT NULL CHECK (tag ~ '^[A-Za-z0-9+/]{22}==$'),
  ciphertext  text NOT NULL CHECK (ciphertext ~ '^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$' AND length(ciphertext) > 0),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- A provider endpoint's secret is a reference to its ciphertext. The plaintext column stays only
-- for databases written before this migration: it is encrypted and emptied at the first start
-- (disbursement/endpoints.service.ts, audited), and no statement may write a plaintext again.
ALTER TABLE provider_endpoints RENAME COLUMN secret TO legacy_plaintext_secret;
ALTER TABLE provider_endpoints ALTER COLUMN legacy_plaintext_secret DROP NOT NULL;
ALTER TABLE provider_endpoints ADD COLUMN secret_id bigint UNIQUE REFERENCES secrets (id);
ALTER TABLE provider_endpoints ADD CONSTRAINT provider_endpoints_one_secret
  CHECK ((legacy_plaintext_secret IS NULL) <> (secret_id IS NULL));

CREATE FUNCTION provider_endpoints_no_plaintext() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.legacy_plaintext_secret IS NOT NULL
     AND (TG_OP = 'INSERT' OR NEW.legacy_plaintext_secret IS DISTINCT FROM OLD.legacy_plaintext_secret) THEN
    RAISE EXCEPTION 'provider_endpoints: a secret is stored encrypted (secret_id), never as plain text'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER provider_endpoints_no_plaintext BEFORE INSERT OR UPDATE ON provider_endpoints
  FOR EACH ROW EXECUTE FUNCTION provider_endpoints_no_plaintext();

-- Paying accounts (issue 20, item 1): per province and programme, the paying agency, its debtor
-- account and its bank's NAPAS BIN. Proposed by one person, approved by another (maker-checker in
-- the rows themselves); an approval supersedes the previous account of the same province and
-- programme, whose row stays as history (which account paid which batch is decided by time).
CREATE TABLE payer_accounts (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  province_code        text COLLATE "C" NOT NULL CHECK (province_code ~ '^\d{2}$'),
  programme            text COLLATE "C" NOT NULL CHECK (programme IN ('TGXH', 'NCC', 'HTXH')),
  agent_bin            text NOT NULL REFERENCES providers (code) CHECK (agent_bin ~ '^\d{6}$'),
  account_number       text COLLATE "C" NOT NULL CHECK (account_number ~ '^[0-9A-Z]{4,34}$'),
  name                 text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 140 AND name = btrim(name)),
  status               text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'SUPERSEDED', 'REJECTED')),
  proposed_by          text NOT NULL,
  proposed_by_user_id  integer,
  proposed_at          timestamptz NOT NULL DEFAULT now(),
  decided_by           text,
  decided_by_user_id   integer,
  decided_at           timestamptz,
  reason               text CHECK (length(reason) <= 500),
  approved_at          timestamptz,
  superseded_at        timestamptz,
  -- a decision is someone else's, and only a pending proposal has none
  CHECK ((status = 'PENDING') = (decided_by IS NULL)),
  CHECK (decided_by IS NULL OR decided_by <> proposed_by),
  CHECK (decided_by_user_id IS NULL OR proposed_by_user_id IS NULL OR decided_by_user_id <> proposed_by_user_id),
  -- approved_at is set for the accounts that were approved (those in force, and those replaced since)
  CHECK ((approved_at IS NOT NULL) = (status IN ('APPROVED', 'SUPERSEDED'))),
  CHECK ((superseded_at IS NOT NULL) = (status = 'SUPERSEDED')),
  CHECK (superseded_at IS NULL OR superseded_at >= approved_at)
);
-- one account in force per province and programme; one identical proposal pending at a time
CREATE UNIQUE INDEX payer_accounts_in_force ON payer_accounts (province_code, programme) WHERE status = 'APPROVED';
CREATE UNIQUE INDEX payer_accounts_pending_once ON payer_accounts (province_code, programme, agent_bin, account_number, name) WHERE status = 'PENDING';
CREATE INDEX payer_accounts_history ON payer_accounts (province_code, programme, approved_at) WHERE approved_at IS NOT NULL;
