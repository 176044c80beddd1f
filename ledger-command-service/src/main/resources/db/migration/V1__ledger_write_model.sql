-- Registry copy of the ledgers (learned from outbox.event.registry). last_sequence is the gapless
-- per-ledger event sequence; updating it serialises the writes of one ledger.
CREATE TABLE ledgers (
  id            uuid PRIMARY KEY,
  org_id        uuid NOT NULL,
  project_id    uuid NOT NULL,
  code          text NOT NULL,
  name          text NOT NULL,
  currency      text NOT NULL,
  last_sequence bigint NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Write model: balances are maintained here inside the posting transaction.
CREATE TABLE accounts (
  id         uuid PRIMARY KEY,
  ledger_id  uuid NOT NULL REFERENCES ledgers (id),
  code       text NOT NULL,
  name       text NOT NULL,
  type       text NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'revenue', 'expense')),
  currency   text NOT NULL,
  debits     numeric NOT NULL DEFAULT 0 CHECK (debits >= 0),
  credits    numeric NOT NULL DEFAULT 0 CHECK (credits >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT accounts_ledger_code UNIQUE (ledger_id, code)
);

-- Event store: every event of a ledger, in sequence order. payload is the published envelope.
CREATE TABLE events (
  id          uuid PRIMARY KEY,
  ledger_id   uuid NOT NULL REFERENCES ledgers (id),
  sequence    bigint NOT NULL,
  type        text NOT NULL,
  payload     jsonb NOT NULL,
  recorded_at timestamptz NOT NULL,
  CONSTRAINT events_ledger_sequence UNIQUE (ledger_id, sequence)
);

-- Only accepted requests are recorded; a replay returns response_status and response_body.
CREATE TABLE idempotency_keys (
  ledger_id       uuid NOT NULL REFERENCES ledgers (id),
  key             text NOT NULL,
  request_hash    text NOT NULL,
  response_status int NOT NULL,
  response_body   jsonb NOT NULL,
  transaction_id  uuid NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ledger_id, key)
);

-- Transactional outbox (Debezium Outbox Event Router columns + relay order).
CREATE TABLE outbox (
  id            uuid PRIMARY KEY,
  aggregatetype text NOT NULL,
  aggregateid   text NOT NULL,
  type          text NOT NULL,
  payload       jsonb NOT NULL,
  timestamp     timestamptz NOT NULL DEFAULT now(),
  position      bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX outbox_position ON outbox (position);
