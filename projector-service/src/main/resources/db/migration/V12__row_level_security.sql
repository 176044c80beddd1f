-- Row-level security (docs/security.md, "Row-level security"): a read on a tenant's behalf sees only the rows of
-- the ledger its transaction names in the setting laas.ledger_id (libs/tenancy LedgerScope), so a query that
-- forgets its ledger filter returns nothing of another ledger, and a write for another ledger is refused. The
-- projection's batches, rebuilds, re-drives and gauges span ledgers by design: they connect as laas_batch, which
-- has BYPASSRLS.
--
-- FORCE binds the tables' owner too, i.e. the role Flyway migrates as: a later migration that reads or writes the
-- rows of these tables must first run ALTER TABLE ... NO FORCE ROW LEVEL SECURITY, and FORCE again after its
-- work, inside its own transaction (Flyway runs each migration in one), or it sees no rows at all.

-- The ledger of the current transaction; no setting (or an empty one, as a transaction-local setting leaves it
-- once its transaction ends) is NULL, which matches no row. SQL and STABLE, so that it is inlined into the
-- policies and usable as an index condition.
CREATE FUNCTION current_ledger() RETURNS uuid
    LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('laas.ledger_id', true), '')::uuid $$;

-- Account entries and checkpoints were keyed by their account alone: they get the ledger's id, so that the
-- policy is a comparison on the row itself (a policy looking the account up would cost a probe per row). The
-- entries' primary key carries it among its included columns: balances as of a time sum entries with
-- index-only scans (V11), which a policy reading a column outside the index would turn into heap visits.
ALTER TABLE account_entries ADD COLUMN ledger_id uuid;
UPDATE account_entries e SET ledger_id = a.ledger_id FROM accounts a WHERE a.id = e.account_id;
ALTER TABLE account_entries
    ALTER COLUMN ledger_id SET NOT NULL,
    DROP CONSTRAINT account_entries_pkey,
    ADD CONSTRAINT account_entries_pkey PRIMARY KEY (account_id, effective_at, sequence, position)
        INCLUDE (direction, amount, ledger_id);

ALTER TABLE account_checkpoints ADD COLUMN ledger_id uuid;
UPDATE account_checkpoints c SET ledger_id = a.ledger_id FROM accounts a WHERE a.id = c.account_id;
ALTER TABLE account_checkpoints ALTER COLUMN ledger_id SET NOT NULL;

-- Every table with a ledger's rows. The policy compares with (SELECT current_ledger()), not current_ledger()
-- itself: the sub-select is evaluated once per statement, while a function call in a filter is evaluated for
-- every row; a trial balance as of a time filters some 300,000 account entries (in index-only scans) and took
-- 1.8 times as long with the call. The comparison is still an index condition where an index leads with
-- ledger_id.
-- failed_events rows without a ledger (an unreadable record) are seen by the batch role only. ledger_progress
-- is left out on purpose: it holds a ledger id, a sequence and a time, no tenant data, and the wait of reads
-- with min_sequence polls the progress of every ledger that reads wait for, whichever tenants they are, in one
-- query (ProjectedSequences). flyway_schema_history is the migrations' own.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['accounts', 'assets', 'transactions', 'postings', 'account_entries',
                             'account_checkpoints', 'processed_events', 'parked_events', 'failed_events', 'rebuilds']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY ledger_isolation ON %I USING (ledger_id = (SELECT current_ledger())) '
                       'WITH CHECK (ledger_id = (SELECT current_ledger()))', t);
    END LOOP;
END
$$;
