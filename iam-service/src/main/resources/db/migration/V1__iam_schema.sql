-- Tenant registry, credentials, signing keys and the outbox of iam-service (schema iam).

CREATE TABLE users (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  email TEXT NOT NULL UNIQUE,
  -- pbkdf2-sha256$<iterations>$<base64 salt>$<base64 hash>
  password_hash TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE organizations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE org_users (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'developer')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (organization_id, user_id)
);

CREATE INDEX idx_org_users_org ON org_users(organization_id);
CREATE INDEX idx_org_users_user ON org_users(user_id);

CREATE TABLE projects (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  code TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (organization_id, code)
);

CREATE INDEX idx_projects_org ON projects(organization_id);

CREATE TABLE ledgers (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id UUID NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  code TEXT NOT NULL,
  -- ISO 4217 code, validated against java.util.Currency by the application
  currency TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (project_id, code)
);

CREATE INDEX idx_ledgers_project ON ledgers(project_id);

CREATE TABLE api_keys (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  ledger_id UUID NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
  -- base64 HMAC-SHA256 of the raw key under laas.iam.api-key-secret; the raw key is never stored
  key_hash TEXT NOT NULL UNIQUE,
  -- first 12 characters of the key (e.g. sk_test_1234): shown to humans, used as OAuth2 client_id
  prefix TEXT NOT NULL,
  description TEXT,
  scopes TEXT[] NOT NULL DEFAULT '{}',
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  expires_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  revoked_at TIMESTAMPTZ
);

CREATE INDEX idx_api_keys_ledger ON api_keys(ledger_id);

CREATE TABLE oauth_clients (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id TEXT NOT NULL UNIQUE,
  -- base64 HMAC-SHA256 of the client secret under laas.iam.api-key-secret
  secret_hash TEXT NOT NULL,
  name TEXT NOT NULL,
  org_id UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id UUID NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  scopes TEXT[] NOT NULL DEFAULT '{}',
  ledger_ids UUID[] NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  revoked_at TIMESTAMPTZ
);

CREATE INDEX idx_oauth_clients_project ON oauth_clients(project_id);

CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  algorithm TEXT NOT NULL DEFAULT 'RS256',
  public_jwk JSONB NOT NULL,
  -- AES-256-GCM under laas.iam.signing-key-secret: 12-byte nonce || ciphertext || tag, AAD = kid
  private_key_enc BYTEA NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'retired')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  retired_at TIMESTAMPTZ,
  CHECK ((status = 'retired') = (retired_at IS NOT NULL))
);

-- At most one key signs at any time, whatever the number of replicas.
CREATE UNIQUE INDEX uq_signing_keys_one_active ON signing_keys (status) WHERE status = 'active';

-- Transactional outbox (Debezium Outbox Event Router columns + relay ordering).
CREATE TABLE outbox (
  id UUID PRIMARY KEY,
  aggregatetype TEXT NOT NULL,
  aggregateid TEXT NOT NULL,
  type TEXT NOT NULL,
  payload JSONB NOT NULL,
  timestamp TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  position BIGINT GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX outbox_position ON outbox (position);
