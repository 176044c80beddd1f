-- Projection bookkeeping: per-ledger progress (also the per-ledger lock), de-duplication by event id,
-- and events that arrived before their predecessor.
CREATE TABLE ledger_progress (
    ledger_id     uuid        PRIMARY KEY,
    last_sequence bigint      NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE processed_events (
    event_id     uuid        PRIMARY KEY,
    ledger_id    uuid        NOT NULL,
    sequence     bigint      NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE parked_events (
    ledger_id   uuid        NOT NULL,
    sequence    bigint      NOT NULL,
    event_id    uuid        NOT NULL,
    payload     jsonb       NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ledger_id, sequence)
);

-- Read models.
CREATE TABLE accounts (
    id            uuid        PRIMARY KEY,
    ledger_id     uuid        NOT NULL,
    code          text        NOT NULL,
    name          text        NOT NULL,
    type          text        NOT NULL,
    currency      text        NOT NULL,
    debits        numeric     NOT NULL DEFAULT 0,
    credits       numeric     NOT NULL DEFAULT 0,
    last_sequence bigint      NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    CONSTRAINT accounts_ledger_code_uk UNIQUE (ledger_id, code)
);

CREATE TABLE transactions (
    id              uuid        PRIMARY KEY,
    ledger_id       uuid        NOT NULL,
    sequence        bigint      NOT NULL,
    external_id     text,
    idempotency_key text,
    currency        text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL,
    metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT transactions_ledger_sequence_uk UNIQUE (ledger_id, sequence)
);

CREATE TABLE postings (
    transaction_id uuid    NOT NULL REFERENCES transactions (id),
    position       int     NOT NULL,
    ledger_id      uuid    NOT NULL,
    account_id     uuid    NOT NULL,
    account_code   text    NOT NULL,
    direction      text    NOT NULL CHECK (direction IN ('debit', 'credit')),
    amount         numeric NOT NULL,
    PRIMARY KEY (transaction_id, position)
);

CREATE INDEX postings_account_idx ON postings (account_id);
