-- An operator's overrides of one organisation's quotas; a missing row or a NULL column means the configured
-- default (laas.quotas.* here, laas.gateway.rate-limit.* at the gateway). Rates travel to the gateway, and the
-- webhook endpoint count to the webhook service, in the organisation's access tokens (claim "limits").
CREATE TABLE organization_quotas (
  organization_id UUID PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  requests_per_second DOUBLE PRECISION CHECK (requests_per_second > 0),
  burst INTEGER CHECK (burst >= 1),
  client_requests_per_second DOUBLE PRECISION CHECK (client_requests_per_second > 0),
  client_burst INTEGER CHECK (client_burst >= 1),
  ledgers INTEGER CHECK (ledgers >= 0),
  api_keys INTEGER CHECK (api_keys >= 0),
  oauth_clients INTEGER CHECK (oauth_clients >= 0),
  webhook_endpoints INTEGER CHECK (webhook_endpoints >= 0),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CHECK ((requests_per_second IS NULL) = (burst IS NULL)),
  CHECK ((client_requests_per_second IS NULL) = (client_burst IS NULL))
);
