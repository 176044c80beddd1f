-- Endpoint signing secrets are encrypted at rest: AES-256-GCM (12-byte nonce || ciphertext || tag, the endpoint
-- id as associated data) under version secret_key_version of laas.webhook.secret-encryption-key. The plaintext
-- column only holds secrets written before this migration until the service's start-up encrypts them (and empties
-- it); a row has one form or the other.
ALTER TABLE endpoints ADD COLUMN secret_enc BYTEA;
ALTER TABLE endpoints ADD COLUMN secret_key_version INTEGER CHECK (secret_key_version >= 1);
ALTER TABLE endpoints ALTER COLUMN secret DROP NOT NULL;
ALTER TABLE endpoints ADD CONSTRAINT endpoints_secret_stored CHECK (
    (secret_enc IS NOT NULL AND secret_key_version IS NOT NULL AND secret IS NULL)
    OR (secret_enc IS NULL AND secret_key_version IS NULL AND secret IS NOT NULL));
