-- When an OAuth2 client last had a token issued (at most once a minute per client), as API keys have since V4.
ALTER TABLE oauth_clients ADD COLUMN last_used_at TIMESTAMPTZ;
