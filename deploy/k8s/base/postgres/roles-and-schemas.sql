-- LaaS's database setup, run once by the superuser in the application database right after initdb
-- (CloudNativePG bootstrap.initdb.postInitApplicationSQLRefs). Every statement may run again: an operator can
-- re-apply the file to a running cluster (README.md).
--
-- Least privilege: each service's role owns its schema (so its Flyway migrations create and alter its tables)
-- and nothing else; its batch role (BYPASSRLS) is a member of it and so reaches that schema only; nobody else
-- may use a service's schema; PUBLIC may neither connect, nor create in the database or in schema public.

-- The roles, as placeholders without login: the operator creates the managed roles only after the bootstrap,
-- and the grants below need them to exist. The Cluster's managed.roles then gives them login, passwords,
-- BYPASSRLS, REPLICATION and memberships, and keeps them so.
DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['laas_iam', 'laas_iam_batch', 'laas_ledger', 'laas_ledger_batch',
            'laas_projector', 'laas_projector_batch', 'laas_webhook', 'laas_webhook_batch', 'laas_debezium'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
        END IF;
    END LOOP;
END
$$;

-- The database: only the service roles (their batch roles through membership) and Debezium connect; nobody
-- but the projector's batch role creates schemas in it; nobody makes temporary tables.
DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO laas_iam, laas_ledger, laas_projector, laas_webhook, laas_debezium',
            current_database());
    -- A rebuild of the projection writes a copy of it in a schema of its own (projector_rebuild_<id>), created
    -- and dropped by the rebuild on the batch pool, then swaps the ledger's rows in. Creating a schema needs
    -- CREATE on the database; the new schema belongs to laas_projector_batch and is reachable by no other role.
    -- Only the batch role gets it: no path of a tenant's request creates schemas.
    EXECUTE format('GRANT CREATE ON DATABASE %I TO laas_projector_batch', current_database());
END
$$;

-- Schema public stays empty: PostgreSQL 14 and older let PUBLIC create in it.
REVOKE ALL ON SCHEMA public FROM PUBLIC;

-- One schema per service, owned by the service's role (Flyway's "schemas" finds it and creates nothing).
CREATE SCHEMA IF NOT EXISTS iam AUTHORIZATION laas_iam;
CREATE SCHEMA IF NOT EXISTS ledger AUTHORIZATION laas_ledger;
CREATE SCHEMA IF NOT EXISTS projector AUTHORIZATION laas_projector;
CREATE SCHEMA IF NOT EXISTS webhook AUTHORIZATION laas_webhook;
REVOKE ALL ON SCHEMA iam, ledger, projector, webhook FROM PUBLIC;

-- Debezium reads the three outbox tables, and nothing else. The tables are created later, by the services'
-- migrations, so an event trigger grants SELECT on each as it is created. The trigger's function runs as the
-- role that creates the table, which owns it and so may grant on it. Tables that exist already (a re-run of
-- this file) get the grant at once.
GRANT USAGE ON SCHEMA iam, ledger, webhook TO laas_debezium;

-- The connector's heartbeat (components/debezium, heartbeat.action.query) upserts a row of its own table, which
-- is in the publication: while the outbox tables are quiet the slot's confirmed position still advances, so the
-- slot does not hold back the WAL that the other schemas keep writing. Its own schema, reachable by it alone.
CREATE SCHEMA IF NOT EXISTS debezium AUTHORIZATION laas_debezium;
REVOKE ALL ON SCHEMA debezium FROM PUBLIC;
CREATE TABLE IF NOT EXISTS debezium.heartbeat (id int PRIMARY KEY, beat timestamptz NOT NULL);
ALTER TABLE debezium.heartbeat OWNER TO laas_debezium;

CREATE SCHEMA IF NOT EXISTS laas_setup;
REVOKE ALL ON SCHEMA laas_setup FROM PUBLIC;

CREATE OR REPLACE FUNCTION laas_setup.grant_outbox_to_debezium() RETURNS event_trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    created record;
BEGIN
    FOR created IN SELECT object_identity FROM pg_event_trigger_ddl_commands()
            WHERE object_type = 'table'
              AND object_identity IN ('iam.outbox', 'ledger.outbox', 'webhook.outbox') LOOP
        EXECUTE format('GRANT SELECT ON TABLE %s TO laas_debezium', created.object_identity);
    END LOOP;
END
$$;

DROP EVENT TRIGGER IF EXISTS laas_grant_outbox_to_debezium;
CREATE EVENT TRIGGER laas_grant_outbox_to_debezium ON ddl_command_end
    WHEN TAG IN ('CREATE TABLE')
    EXECUTE FUNCTION laas_setup.grant_outbox_to_debezium();

DO $$
DECLARE
    outbox text;
BEGIN
    FOREACH outbox IN ARRAY ARRAY['iam.outbox', 'ledger.outbox', 'webhook.outbox'] LOOP
        IF to_regclass(outbox) IS NOT NULL THEN
            EXECUTE format('GRANT SELECT ON TABLE %s TO laas_debezium', outbox);
        END IF;
    END LOOP;
END
$$;

-- Under row-level security PostgreSQL evaluates only leakproof operators inside an index scan; jsonb
-- containment (the projector's metadata filters) is not marked so as shipped, which turns each such filter into
-- a walk of the ledger. It raises no error that depends on the values it compares, so nothing of a hidden row
-- can leak through it. Only a superuser may mark it.
ALTER FUNCTION pg_catalog.jsonb_contains(jsonb, jsonb) LEAKPROOF;
