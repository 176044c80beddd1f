-- Server secrets rotate without downtime: every stored credential hash records the version of
-- laas.iam.api-key-secret it was made under, and every private signing key the version of
-- laas.iam.signing-key-secret it is encrypted under. What was stored before versions existed was made under
-- the one secret there was, which is version 1 unless configured otherwise (laas.iam.*-secret-version).
ALTER TABLE api_keys ADD COLUMN key_hash_version INTEGER NOT NULL DEFAULT 1 CHECK (key_hash_version >= 1);

ALTER TABLE oauth_clients ADD COLUMN secret_hash_version INTEGER NOT NULL DEFAULT 1 CHECK (secret_hash_version >= 1);
ALTER TABLE oauth_clients ADD COLUMN previous_secret_hash_version INTEGER CHECK (previous_secret_hash_version >= 1);
UPDATE oauth_clients SET previous_secret_hash_version = 1 WHERE previous_secret_hash IS NOT NULL;
ALTER TABLE oauth_clients ADD CONSTRAINT oauth_clients_previous_secret_version
  CHECK ((previous_secret_hash IS NULL) = (previous_secret_hash_version IS NULL));

ALTER TABLE signing_keys ADD COLUMN kek_version INTEGER NOT NULL DEFAULT 1 CHECK (kek_version >= 1);
