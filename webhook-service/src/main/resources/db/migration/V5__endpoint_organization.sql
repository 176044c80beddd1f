-- The organisation an endpoint belongs to (the org_id claim of the token that registered it), counted against
-- the organisation's webhook endpoint quota. Endpoints registered before this column existed are not counted.
ALTER TABLE endpoints ADD COLUMN org_id uuid;
CREATE INDEX endpoints_org_idx ON endpoints (org_id) WHERE org_id IS NOT NULL;
