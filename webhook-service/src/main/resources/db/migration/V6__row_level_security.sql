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

-- Deliveries and attempts carry their endpoint's ledger (which never changes), written by the intake and the
-- dispatcher from the endpoint: the policy is then a plain equality the planner estimates like
-- any other column, so the delivery log keeps its plan (attempts_endpoint_log_idx in order, the joined rows by
-- primary key). A policy reading the ledger through a subquery on endpoints made it sort the endpoint's whole
-- log and scan every delivery.
ALTER TABLE deliveries ADD COLUMN ledger_id uuid;
UPDATE deliveries d SET ledger_id = e.ledger_id FROM endpoints e WHERE e.id = d.endpoint_id;
ALTER TABLE deliveries ALTER COLUMN ledger_id SET NOT NULL;

ALTER TABLE attempts ADD COLUMN ledger_id uuid;
UPDATE attempts a SET ledger_id = e.ledger_id FROM endpoints e WHERE e.id = a.endpoint_id;
ALTER TABLE attempts ALTER COLUMN ledger_id SET NOT NULL;

-- The copy cannot drift: the endpoint references include the ledger (the same one index probe per row as before).
ALTER TABLE endpoints ADD CONSTRAINT endpoints_id_ledger_key UNIQUE (id, ledger_id);
ALTER TABLE deliveries DROP CONSTRAINT deliveries_endpoint_id_fkey,
    ADD CONSTRAINT deliveries_endpoint_ledger_fkey FOREIGN KEY (endpoint_id, ledger_id) REFERENCES endpoints (id, ledger_id);
ALTER TABLE attempts DROP CONSTRAINT attempts_endpoint_id_fkey,
    ADD CONSTRAINT attempts_endpoint_ledger_fkey FOREIGN KEY (endpoint_id, ledger_id) REFERENCES endpoints (id, ledger_id);

ALTER TABLE deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON deliveries
    USING (ledger_id = current_ledger()) WITH CHECK (ledger_id = current_ledger());

ALTER TABLE attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON attempts
    USING (ledger_id = current_ledger()) WITH CHECK (ledger_id = current_ledger());

-- A queue head belongs to the ledger of its endpoint. No request reads or writes it (only the intake and the
-- dispatcher, as laas_batch), so the policy reads the ledger through the endpoint rather than a copied column.
ALTER TABLE endpoint_queues ENABLE ROW LEVEL SECURITY;
ALTER TABLE endpoint_queues FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON endpoint_queues
    USING (endpoint_id IN (SELECT e.id FROM endpoints e WHERE e.ledger_id = current_ledger()))
    WITH CHECK (endpoint_id IN (SELECT e.id FROM endpoints e WHERE e.ledger_id = current_ledger()));

-- flyway_schema_history: Flyway's own bookkeeping, no tenant data; no RLS.
