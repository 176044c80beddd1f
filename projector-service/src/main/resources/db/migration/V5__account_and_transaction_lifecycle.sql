-- The ledger core's account and transaction lifecycle (docs/events.md): accounts with their normal balance,
-- parent, status, limits, metadata, version and held (pending) amounts; transactions that are held
-- (pending), then committed (posted) or voided, and reversals of posted ones.

ALTER TABLE accounts
    ADD COLUMN normal_balance  text,
    ADD COLUMN parent_id       uuid,
    ADD COLUMN parent_code     text,
    ADD COLUMN status          text    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'frozen', 'closed')),
    ADD COLUMN min_balance     numeric,
    ADD COLUMN max_balance     numeric,
    ADD COLUMN metadata        jsonb   NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN version         bigint  NOT NULL DEFAULT 0,
    ADD COLUMN pending_debits  numeric NOT NULL DEFAULT 0,
    ADD COLUMN pending_credits numeric NOT NULL DEFAULT 0;

-- What the events of these accounts would have given them: the normal balance of their type, and one
-- version per posting (older events carry no account_version).
UPDATE accounts a
SET normal_balance = CASE WHEN a.type IN ('asset', 'expense') THEN 'debit' ELSE 'credit' END,
    version = (SELECT count(*) FROM postings p WHERE p.account_id = a.id);

ALTER TABLE accounts
    ALTER COLUMN normal_balance SET NOT NULL,
    ADD CONSTRAINT accounts_normal_balance_ck CHECK (normal_balance IN ('debit', 'credit'));

-- GET /v1/ledgers/{id}/accounts?parent=code: the children of an account, by code.
CREATE INDEX accounts_parent_idx ON accounts (ledger_id, parent_code, code) WHERE parent_code IS NOT NULL;

ALTER TABLE transactions
    ADD COLUMN status       text NOT NULL DEFAULT 'posted' CHECK (status IN ('posted', 'pending', 'voided')),
    ADD COLUMN expires_at   timestamptz,
    ADD COLUMN committed_at timestamptz,
    ADD COLUMN voided_at    timestamptz,
    ADD COLUMN void_reason  text,
    ADD COLUMN reversal_of  uuid,
    ADD COLUMN schedule_id  uuid;

-- ?status=pending|voided lists (posted ones are most of a ledger and use the (ledger_id, sequence) key).
CREATE INDEX transactions_held_idx ON transactions (ledger_id, status, sequence) WHERE status <> 'posted';
-- A transaction's reversed_by: the reversals naming it.
CREATE INDEX transactions_reversal_of_idx ON transactions (reversal_of) WHERE reversal_of IS NOT NULL;

-- A posting of a held transaction keeps the amount held (pending_amount) and, once the hold ends, what was
-- released without being posted; amount is then the part posted (a commit) or stays the amount held (a void).
-- reversed_amount sums the reversals' postings that mirror it; a reversal's posting names the original
-- posting it mirrors (original_position).
ALTER TABLE postings
    ADD COLUMN pending_amount    numeric,
    ADD COLUMN released          numeric,
    ADD COLUMN reversed_amount   numeric NOT NULL DEFAULT 0,
    ADD COLUMN original_position int;
