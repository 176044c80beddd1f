-- Row-level security (docs/security.md, "Row-level security"): every tenant table admits only the rows of the
-- ledger named by the transaction-local setting laas.ledger_id (io.laas.tenancy.LedgerScope); with nothing set,
-- no rows at all. FORCE binds the tables' owner, the role the service connects as, too. Work that spans ledgers
-- by design (the outbox relay, the registry consumer, the hold expiry and schedule scans) connects as laas_batch,
-- which has BYPASSRLS.
--
-- FORCE binds Flyway as well, which connects as the owner: a later migration that reads or changes rows across
-- ledgers must run ALTER TABLE ... NO FORCE ROW LEVEL SECURITY first and FORCE again before it ends, inside its
-- own transaction (so the tables are never left unforced).
--
-- Not under RLS: flyway_schema_history (Flyway's bookkeeping, no tenant data).

-- STABLE and SQL, so the planner inlines it and compares a column with it as an index condition.
CREATE FUNCTION current_ledger() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('laas.ledger_id', true), '')::uuid $$;

-- A run belongs to its schedule's ledger: recorded with it, so that the table carries its own policy instead of
-- reading schedules for every row.
ALTER TABLE schedule_runs ADD COLUMN ledger_id uuid REFERENCES ledgers (id);
UPDATE schedule_runs r SET ledger_id = s.ledger_id FROM schedules s WHERE s.id = r.schedule_id;
ALTER TABLE schedule_runs ALTER COLUMN ledger_id SET NOT NULL;

-- The registry copy: a ledger is its own tenant.
ALTER TABLE ledgers ENABLE ROW LEVEL SECURITY;
ALTER TABLE ledgers FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON ledgers
  USING (id = current_ledger()) WITH CHECK (id = current_ledger());

ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON accounts
  USING (ledger_id = current_ledger()) WITH CHECK (ledger_id = current_ledger());

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON events
  USING (ledger_id = current_ledger()) WITH CHECK (ledger_id = current_ledger());

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON idempotency_keys
  USING (ledger_id = current_ledger()) WITH CHECK (ledger_id = current_ledger());

ALTER TABLE ledger_assets ENABLE ROW LEVEL SECURITY;
ALTER TABLE ledger_assets FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON ledger_assets
  USING (ledger_id = current_ledger()) WITH CHECK (ledger_id = current_ledger());

ALTER TABLE transactions ENABLE ROW LEVEL SECURITY;
ALTER TABLE transactions FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON transactions
  USING (ledger_id = current_ledger()) WITH CHECK (ledger_id = current_ledger());

ALTER TABLE schedules ENABLE ROW LEVEL SECURITY;
ALTER TABLE schedules FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON schedules
  USING (ledger_id = current_ledger()) WITH CHECK (ledger_id = current_ledger());

ALTER TABLE schedule_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE schedule_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON schedule_runs
  USING (ledger_id = current_ledger()) WITH CHECK (ledger_id = current_ledger());

-- The outbox holds the events of every ledger until the relay (laas_batch) publishes and deletes them. Its rows
-- are written inside the ledger's own transaction, keyed by the ledger (aggregateid, the Kafka record key), so
-- a tenant transaction may write (and, with delete-after-write, delete) only its own ledger's rows and reads
-- nobody else's.
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON outbox
  USING (aggregateid = current_ledger()::text) WITH CHECK (aggregateid = current_ledger()::text);
