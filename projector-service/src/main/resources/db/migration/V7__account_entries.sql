-- What every event did to every account, entry by entry: statements, balances as of any time and balance
-- history (docs/architecture.md, "Statements and balances as of a time").
--
-- One entry per posting of a transaction.posted, .reversed, .pending (a hold), .committed and .voided event.
-- Its key is the account, its effective time (the transaction's occurred_at; a commit's or a void's own time)
-- and its place in recording order (the event's sequence, the posting's position). amount is what it posts (0
-- for a hold or a void, maybe 0 for a commit); held the change of what is held on its direction's side (+ for
-- a hold, - for the commit or void that ends it). debits … pending_credits are the account's totals after the
-- entry in recording order (recorded_at, sequence, position): entries are only ever appended in that order, so
-- they never change, and "as of recorded time T" is one index probe.
CREATE TABLE account_entries (
    account_id      uuid        NOT NULL,
    effective_at    timestamptz NOT NULL,
    sequence        bigint      NOT NULL,
    position        int         NOT NULL,
    recorded_at     timestamptz NOT NULL,
    transaction_id  uuid        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('posted', 'reversed', 'pending', 'committed', 'voided')),
    direction       text        NOT NULL CHECK (direction IN ('debit', 'credit')),
    amount          numeric     NOT NULL,
    held            numeric     NOT NULL,
    debits          numeric     NOT NULL,
    credits         numeric     NOT NULL,
    pending_debits  numeric     NOT NULL,
    pending_credits numeric     NOT NULL,
    PRIMARY KEY (account_id, effective_at, sequence, position)
);

CREATE INDEX account_entries_recorded_idx ON account_entries (account_id, recorded_at, sequence, position);

-- Checkpoints of the effective order: an account's totals of all entries before the checkpoint's key, and how
-- many entries lie between it and the next checkpoint (its chunk). The first checkpoint of an account is at
-- (-infinity, 0, 0). A balance as of an effective time is the last checkpoint at or before it plus the entries
-- of its chunk up to that time; the projector splits a chunk that grows beyond 512 entries, so that sum reads
-- at most 512 rows whatever the account's size. A back-dated entry adds to the checkpoints after it.
CREATE TABLE account_checkpoints (
    account_id      uuid        NOT NULL,
    effective_at    timestamptz NOT NULL,
    sequence        bigint      NOT NULL,
    position        int         NOT NULL,
    debits          numeric     NOT NULL,
    credits         numeric     NOT NULL,
    pending_debits  numeric     NOT NULL,
    pending_credits numeric     NOT NULL,
    entries         int         NOT NULL,
    PRIMARY KEY (account_id, effective_at, sequence, position)
);

-- The entries of what is projected already, from the transactions and postings of the read model. The
-- sequence of a commit or void event is not kept there: its entries take the held transaction's sequence
-- (they are placed by their own time, committed_at or voided_at, which is when they were recorded).
INSERT INTO account_entries (account_id, effective_at, sequence, position, recorded_at, transaction_id, kind,
                             direction, amount, held, debits, credits, pending_debits, pending_credits)
WITH raw AS (
    SELECT p.account_id, t.occurred_at AS effective_at, t.sequence, p.position, t.recorded_at,
           t.id AS transaction_id, CASE WHEN t.reversal_of IS NULL THEN 'posted' ELSE 'reversed' END AS kind,
           p.direction, p.amount, 0::numeric AS held
    FROM transactions t JOIN postings p ON p.transaction_id = t.id
    WHERE p.pending_amount IS NULL
    UNION ALL
    SELECT p.account_id, t.occurred_at, t.sequence, p.position, t.recorded_at, t.id, 'pending', p.direction,
           0, p.pending_amount
    FROM transactions t JOIN postings p ON p.transaction_id = t.id
    WHERE p.pending_amount IS NOT NULL
    UNION ALL
    SELECT p.account_id, t.committed_at, t.sequence, p.position, t.committed_at, t.id, 'committed', p.direction,
           p.amount, -p.pending_amount
    FROM transactions t JOIN postings p ON p.transaction_id = t.id
    WHERE p.pending_amount IS NOT NULL AND t.status = 'posted' AND t.committed_at IS NOT NULL
    UNION ALL
    SELECT p.account_id, t.voided_at, t.sequence, p.position, t.voided_at, t.id, 'voided', p.direction,
           0, -p.pending_amount
    FROM transactions t JOIN postings p ON p.transaction_id = t.id
    WHERE p.pending_amount IS NOT NULL AND t.status = 'voided' AND t.voided_at IS NOT NULL
)
SELECT account_id, effective_at, sequence, position, recorded_at, transaction_id, kind, direction, amount, held,
       sum(CASE WHEN direction = 'debit' THEN amount ELSE 0 END) OVER w,
       sum(CASE WHEN direction = 'credit' THEN amount ELSE 0 END) OVER w,
       sum(CASE WHEN direction = 'debit' THEN held ELSE 0 END) OVER w,
       sum(CASE WHEN direction = 'credit' THEN held ELSE 0 END) OVER w
FROM raw
WINDOW w AS (PARTITION BY account_id ORDER BY recorded_at, sequence, position ROWS UNBOUNDED PRECEDING);

-- Their checkpoints: the first one, then one every 256 entries in effective order.
INSERT INTO account_checkpoints (account_id, effective_at, sequence, position, debits, credits, pending_debits,
                                 pending_credits, entries)
WITH numbered AS (
    SELECT account_id, effective_at, sequence, position,
           row_number() OVER w AS rn,
           count(*) OVER (PARTITION BY account_id) AS n,
           coalesce(sum(CASE WHEN direction = 'debit' THEN amount ELSE 0 END) OVER before, 0) AS debits,
           coalesce(sum(CASE WHEN direction = 'credit' THEN amount ELSE 0 END) OVER before, 0) AS credits,
           coalesce(sum(CASE WHEN direction = 'debit' THEN held ELSE 0 END) OVER before, 0) AS pending_debits,
           coalesce(sum(CASE WHEN direction = 'credit' THEN held ELSE 0 END) OVER before, 0) AS pending_credits
    FROM account_entries
    WINDOW w AS (PARTITION BY account_id ORDER BY effective_at, sequence, position),
           before AS (PARTITION BY account_id ORDER BY effective_at, sequence, position
                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
)
SELECT account_id, '-infinity'::timestamptz, 0, 0, 0, 0, 0, 0, least(n, 256)
FROM numbered WHERE rn = 1
UNION ALL
SELECT account_id, effective_at, sequence, position, debits, credits, pending_debits, pending_credits,
       least(256, n - rn + 1)
FROM numbered WHERE rn > 1 AND (rn - 1) % 256 = 0;
