-- Self-service organisations: people, invitations, and the lifecycle of projects and ledgers.

-- An email names one person whatever its case; the stored spelling is the one they gave.
CREATE UNIQUE INDEX uq_users_email_ci ON users (lower(email));
-- A user created from an invitation has no password until human login sets one.
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;

-- Single-use invitations into an organisation. The raw token is handed to the inviting owner once;
-- only its SHA-256 (base64url) is kept. Accepted, revoked or expired invitations cannot be used.
CREATE TABLE invitations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'developer')),
  token_hash TEXT NOT NULL UNIQUE,
  invited_by UUID REFERENCES users(id) ON DELETE SET NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  accepted_at TIMESTAMPTZ,
  accepted_by UUID REFERENCES users(id) ON DELETE SET NULL,
  revoked_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CHECK ((accepted_at IS NULL) = (accepted_by IS NULL))
);

CREATE INDEX idx_invitations_org ON invitations (organization_id);

ALTER TABLE projects ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW();

-- A ledger's code is unique per project (V1); its name may change, its currency never does.
-- An archived ledger takes no more writes; it can still be read.
ALTER TABLE ledgers ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW();
ALTER TABLE ledgers ADD COLUMN archived_at TIMESTAMPTZ;
