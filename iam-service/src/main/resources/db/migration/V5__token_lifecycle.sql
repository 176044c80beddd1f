-- Access tokens revoked one by one (RFC 7009), so that introspection answers active=false at once; the
-- row is useless once the token has expired (expires_at) and may then be deleted.
CREATE TABLE revoked_tokens (
  jti TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  revoked_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX revoked_tokens_expires_at ON revoked_tokens (expires_at);

-- Signing-key rotation: a 'next' key is published in the JWKS before it signs, then becomes 'active'; the
-- key it replaces is 'retired' and stays published until the tokens it signed have expired.
ALTER TABLE signing_keys DROP CONSTRAINT signing_keys_status_check;
ALTER TABLE signing_keys ADD CONSTRAINT signing_keys_status_check CHECK (status IN ('next', 'active', 'retired'));
ALTER TABLE signing_keys ADD COLUMN activated_at TIMESTAMPTZ;
UPDATE signing_keys SET activated_at = created_at WHERE status <> 'next';

-- At most one key waits to sign.
CREATE UNIQUE INDEX uq_signing_keys_one_next ON signing_keys (status) WHERE status = 'next';
