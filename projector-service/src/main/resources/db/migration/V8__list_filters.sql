-- The filtered lists of accounts and transactions and the posting lists (docs/api.md; the query plans are in
-- docs/architecture.md, "Read API"). Every list is ordered by a key an index gives in order, so that a page
-- reads about as many index entries as it returns whatever the size of the ledger.

-- A posting keeps the sequence of its transaction: an account's postings are listed newest first, and the
-- transactions with a posting on an account found, from one index, without sorting all of the account's
-- postings. It replaces the index on account_id alone, which it covers.
ALTER TABLE postings ADD COLUMN sequence bigint;
UPDATE postings p SET sequence = t.sequence FROM transactions t WHERE t.id = p.transaction_id;
ALTER TABLE postings ALTER COLUMN sequence SET NOT NULL;
CREATE INDEX postings_account_sequence_idx ON postings (account_id, sequence, position);
DROP INDEX postings_account_idx;

-- Transactions filtered by a time range are listed in the order of that time (then sequence): the range and
-- the order are one index range, read backwards from the cursor, however narrow or old the range is.
CREATE INDEX transactions_occurred_idx ON transactions (ledger_id, occurred_at, sequence);
CREATE INDEX transactions_recorded_idx ON transactions (ledger_id, recorded_at, sequence);
-- The other filters that can select a small part of a big ledger have an index that finds that part (the list
-- then sorts it by sequence); one that selects much of the ledger is answered faster by walking (ledger_id,
-- sequence) backwards, and the planner picks between the two from the statistics.
CREATE INDEX transactions_external_id_idx ON transactions (ledger_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX transactions_currency_idx ON transactions (ledger_id, currency, sequence);
-- metadata[key]=value: containment (@>), which jsonb_path_ops answers with a smaller index than the default
-- operator class (it indexes hashes of paths with their values, not every key on its own).
CREATE INDEX transactions_metadata_idx ON transactions USING gin (metadata jsonb_path_ops);

-- Accounts are listed by code in byte order (COLLATE "C"), whatever the database's collation: the order is
-- then the same everywhere, and a code prefix is a range of that index.
CREATE INDEX accounts_code_idx ON accounts (ledger_id, code COLLATE "C");
CREATE INDEX accounts_parent_code_idx ON accounts (ledger_id, parent_code, code COLLATE "C")
    WHERE parent_code IS NOT NULL;
DROP INDEX accounts_parent_idx;
CREATE INDEX accounts_metadata_idx ON accounts USING gin (metadata jsonb_path_ops);
