-- Accounts as people model them: a normal balance (the direction their balance is read in), a parent
-- in the same currency, a status, optional limits on the balance, metadata, a version every posting
-- increments, and the amounts held by pending transactions.
ALTER TABLE accounts
  ADD COLUMN normal_balance  text    NOT NULL DEFAULT 'debit' CHECK (normal_balance IN ('debit', 'credit')),
  ADD COLUMN parent_id       uuid    REFERENCES accounts (id),
  ADD COLUMN status          text    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'frozen', 'closed')),
  ADD COLUMN min_balance     numeric,
  ADD COLUMN max_balance     numeric,
  ADD COLUMN metadata        jsonb   NOT NULL DEFAULT '{}',
  ADD COLUMN version         bigint  NOT NULL DEFAULT 0 CHECK (version >= 0),
  ADD COLUMN pending_debits  numeric NOT NULL DEFAULT 0 CHECK (pending_debits >= 0),
  ADD COLUMN pending_credits numeric NOT NULL DEFAULT 0 CHECK (pending_credits >= 0),
  ADD CONSTRAINT accounts_limits CHECK (min_balance IS NULL OR max_balance IS NULL OR min_balance <= max_balance);

UPDATE accounts SET normal_balance = CASE WHEN type IN ('asset', 'expense') THEN 'debit' ELSE 'credit' END;

-- Every posting already recorded counts towards its account's version.
UPDATE accounts a SET version = p.postings
FROM (SELECT (posting ->> 'account_id')::uuid AS account_id, count(*) AS postings
      FROM events e, jsonb_array_elements(e.payload -> 'data' -> 'postings') AS posting
      WHERE e.type = 'transaction.posted'
      GROUP BY 1) p
WHERE a.id = p.account_id;

CREATE INDEX accounts_parent ON accounts (parent_id) WHERE parent_id IS NOT NULL;

-- The write side's transactions: their state, for what later commands do to them (commit or void a
-- pending one, reverse a posted one). The postings are those of the event that created the transaction
-- (sequence); posted_amounts replaces their amounts once a pending transaction is committed in part, and
-- reversed_amounts sums, per posting, what reversals have taken back.
CREATE TABLE transactions (
  id               uuid        PRIMARY KEY,
  ledger_id        uuid        NOT NULL REFERENCES ledgers (id),
  sequence         bigint      NOT NULL,
  status           text        NOT NULL CHECK (status IN ('posted', 'pending', 'voided')),
  expires_at       timestamptz,
  posted_amounts   numeric[],
  reversed_amounts numeric[]
);

INSERT INTO transactions (id, ledger_id, sequence, status)
SELECT (payload -> 'data' ->> 'transaction_id')::uuid, ledger_id, sequence, 'posted'
FROM events WHERE type = 'transaction.posted';

-- What the expiry scheduler looks for.
CREATE INDEX transactions_expiring ON transactions (expires_at) WHERE status = 'pending' AND expires_at IS NOT NULL;
