-- Row-level security: a transaction made on a tenant's behalf sees and writes only the rows of the ledger it set
-- (laas.ledger_id, libs/tenancy LedgerScope); with nothing set it sees no rows at all. Work that spans ledgers by
-- design (event intake, dispatcher, relay, metrics) connects as laas_batch, which has BYPASSRLS.
--
-- FORCE binds the tables' owner too, which is the role Flyway migrates as: a later migration that reads or
-- changes existing rows sees none of them unless it first runs, in its own transaction,
-- ALTER TABLE <table> NO FORCE ROW LEVEL SECURITY, does its work, then ALTER TABLE <table> FORCE ROW LEVEL SECURITY.

CREATE FUNCTION current_ledger() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('laas.ledger_id', true), '')::uuid $$;

-- The organisation quota counts endpoints across the organisation's ledgers, which a ledger-scoped transaction
-- cannot see: a count per organisation, kept by the trigger below, answers it instead. Without row-level
-- security on purpose: it holds no ledger's data (one number per organisation) and is keyed by the
-- organisation, which no policy here can name.
CREATE TABLE organization_endpoint_counts (
    org_id    uuid    PRIMARY KEY,
    endpoints integer NOT NULL CHECK (endpoints >= 0)
);

INSERT INTO organization_endpoint_counts (org_id, endpoints)
SELECT org_id, count(*) FROM endpoints WHERE org_id IS NOT NULL GROUP BY org_id;

CREATE FUNCTION count_organization_endpoints() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO organization_endpoint_counts AS c (org_id, endpoints) VALUES (NEW.org_id, 1)
        ON CONFLICT (org_id) DO UPDATE SET endpoints = c.endpoints + 1;
    ELSE
        UPDATE organization_endpoint_counts SET endpoints = endpoints - 1 WHERE org_id = OLD.org_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER endpoints_count_insert AFTER INSERT ON endpoints
    FOR EACH ROW WHEN (NEW.org_id IS NOT NULL) EXECUTE FUNCTION count_organization_endpoints();
CREATE TRIGGER endpoints_count_delete AFTER DELETE ON endpoints
    FOR EACH ROW WHEN (OLD.org_id IS NOT NULL) EXECUTE FUNCTION count_organization_endpoints();

-- The audit events of a ledger's endpoint changes are that ledger's: the column takes the transaction's ledger
-- by default, so the shared outbox writer needs no change. Rows written before this column stay NULL (visible
-- to the relay only).
ALTER TABLE outbox ADD COLUMN ledger_id uuid DEFAULT current_ledger();

ALTER TABLE endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE endpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON endpoints
    USING (ledger_id = current_ledger()) WITH CHECK (ledger_id = current_ledger());

ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE messages FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON messages
    USING (ledger_id = current_ledger()) WITH CHECK (ledger_id = current_ledger());

ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON outbox
    USING (ledger_id = current_ledger()) WITH CHECK (ledger_id = current_ledger());

-- Deliveries, attempts and queue heads belong to the ledger of their endpoint, which never changes: the policy
-- reads it there (itself under its policy) rather than from a copied column, so the intake and dispatcher
-- statements, which run under laas_batch, write exactly what they wrote before, and the largest tables need no
-- backfill. For a tenant's read the subquery is one lookup of the ledger's endpoints (endpoints_ledger_idx).
ALTER TABLE deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON deliveries
    USING (endpoint_id IN (SELECT e.id FROM endpoints e WHERE e.ledger_id = current_ledger()))
    WITH CHECK (endpoint_id IN (SELECT e.id FROM endpoints e WHERE e.ledger_id = current_ledger()));

ALTER TABLE attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON attempts
    USING (endpoint_id IN (SELECT e.id FROM endpoints e WHERE e.ledger_id = current_ledger()))
    WITH CHECK (endpoint_id IN (SELECT e.id FROM endpoints e WHERE e.ledger_id = current_ledger()));

ALTER TABLE endpoint_queues ENABLE ROW LEVEL SECURITY;
ALTER TABLE endpoint_queues FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON endpoint_queues
    USING (endpoint_id IN (SELECT e.id FROM endpoints e WHERE e.ledger_id = current_ledger()))
    WITH CHECK (endpoint_id IN (SELECT e.id FROM endpoints e WHERE e.ledger_id = current_ledger()));

-- flyway_schema_history: Flyway's own bookkeeping, no tenant data; no RLS.
