-- Ledger lifecycle from the IAM registry: renames (ledger.updated) and archiving (ledger.archived).
-- updated_at is the registry's time of the last change applied here, so that an older change arriving
-- after a newer one (the synchronous lookup and the events may cross) never undoes it. archived_at is set
-- once and never cleared: an archived ledger takes no more writes, judged under the ledger's row lock.
ALTER TABLE ledgers ADD COLUMN updated_at timestamptz;
ALTER TABLE ledgers ADD COLUMN archived_at timestamptz;
