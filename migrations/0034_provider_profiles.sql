-- Provider profiles (issue 20, item 2): beside the shared HMAC secret, a G2P Connect provider may
-- take a bearer token and an ed25519 signing key (PKCS#8 PEM), both sealed in `secrets` like the
-- HMAC secret; how its status is asked (asynchronous query + on-status callback, or the
-- synchronous endpoint); and our callback base URL for it (the global setting
-- `disbursement.callbackBaseUrl` applies when null).
ALTER TABLE provider_endpoints ADD COLUMN bearer_token_secret_id bigint UNIQUE REFERENCES secrets (id);
ALTER TABLE provider_endpoints ADD COLUMN signing_key_secret_id bigint UNIQUE REFERENCES secrets (id);
ALTER TABLE provider_endpoints ADD COLUMN status_mode text NOT NULL DEFAULT 'ASYNC' CHECK (status_mode IN ('ASYNC', 'SYNC'));
ALTER TABLE provider_endpoints ADD COLUMN callback_base_url text CHECK (callback_base_url ~ '^https?://' AND length(callback_base_url) <= 500);

-- File templates of the bulk CSV/XLSX files, as data (disbursement/file-templates.ts validates
-- them). A provider's template is the row of its highest version; a change adds a version, so a
-- file already written keeps the template it was written with.
CREATE TABLE provider_file_templates (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  provider_code  text NOT NULL REFERENCES providers (code),
  version        integer NOT NULL CHECK (version >= 1),
  name           text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  template       jsonb NOT NULL CHECK (jsonb_typeof(template) = 'object'),
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider_code, version)
);

-- Which template a CSV/XLSX file was written with (its name, version and the template itself),
-- so that regenerating the file gives the same bytes after the provider's template has changed.
-- Files written before this migration used the generic layout (template NULL).
ALTER TABLE disbursement_files ADD COLUMN template_name text;
ALTER TABLE disbursement_files ADD COLUMN template_version integer;
ALTER TABLE disbursement_files ADD COLUMN template jsonb;
ALTER TABLE disbursement_files ADD CONSTRAINT disbursement_files_template_whole
  CHECK ((template IS NULL) = (template_name IS NULL) AND (template IS NULL) = (template_version IS NULL));
