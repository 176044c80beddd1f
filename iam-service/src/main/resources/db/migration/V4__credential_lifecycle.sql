-- API keys and OAuth2 clients managed through the API: a key belongs to a project and may use several of
-- its ledgers; keys expire, rotate with an overlap window and record when they were last used; a client's
-- secret rotates with an overlap window too.

ALTER TABLE api_keys ADD COLUMN project_id UUID REFERENCES projects(id) ON DELETE CASCADE;
ALTER TABLE api_keys ADD COLUMN ledger_ids UUID[] NOT NULL DEFAULT '{}';
UPDATE api_keys k SET project_id = l.project_id, ledger_ids = ARRAY[k.ledger_id] FROM ledgers l WHERE l.id = k.ledger_id;
ALTER TABLE api_keys ALTER COLUMN project_id SET NOT NULL;
ALTER TABLE api_keys DROP COLUMN ledger_id;
CREATE INDEX idx_api_keys_project ON api_keys(project_id);

-- the last four characters of the raw key, shown next to its prefix; unknown for keys stored before
ALTER TABLE api_keys ADD COLUMN last_four TEXT;
-- the last token issued for the key, written at most once a minute per key
ALTER TABLE api_keys ADD COLUMN last_used_at TIMESTAMPTZ;
-- the key that replaced this one by rotation; this one expires at the end of the overlap window
ALTER TABLE api_keys ADD COLUMN replaced_by UUID REFERENCES api_keys(id) ON DELETE SET NULL;

-- While a rotation overlaps, the previous secret still authenticates the client until it expires.
ALTER TABLE oauth_clients ADD COLUMN previous_secret_hash TEXT;
ALTER TABLE oauth_clients ADD COLUMN previous_secret_expires_at TIMESTAMPTZ;
ALTER TABLE oauth_clients ADD COLUMN secret_rotated_at TIMESTAMPTZ;
ALTER TABLE oauth_clients ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW();
ALTER TABLE oauth_clients ADD CONSTRAINT oauth_clients_previous_secret
  CHECK ((previous_secret_hash IS NULL) = (previous_secret_expires_at IS NULL));
