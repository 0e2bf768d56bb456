-- The provider's ed25519 public key (SPKI PEM), registered in its profile: G2P callbacks whose body
-- carries a signature are verified with it, and a profile with a key requires signed callbacks.
-- A public key is no secret: it is stored as it is.
ALTER TABLE provider_endpoints ADD COLUMN provider_public_key text
  CHECK (provider_public_key IS NULL OR (provider_public_key LIKE '-----BEGIN PUBLIC KEY-----%' AND length(provider_public_key) <= 1000));
