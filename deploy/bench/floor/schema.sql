-- The minimal schema the floor scripts run against: the SQL shape of one posted transaction in
-- LaaS' design (ledger sequence row, account balances, event store, outbox), nothing else.
CREATE TABLE ledgers(id int PRIMARY KEY, seq bigint NOT NULL DEFAULT 0);
CREATE TABLE accounts(id int PRIMARY KEY, ledger_id int, code text, balance numeric NOT NULL DEFAULT 0,
  version bigint NOT NULL DEFAULT 0);
CREATE TABLE events(id uuid PRIMARY KEY DEFAULT gen_random_uuid(), ledger_id int, seq bigint, type text,
  payload jsonb, occurred_at timestamptz DEFAULT now(), idempotency_key text,
  UNIQUE(ledger_id, idempotency_key), UNIQUE(ledger_id, seq));
CREATE TABLE outbox(id uuid PRIMARY KEY, aggregatetype text, aggregateid text, type text, payload jsonb,
  "timestamp" timestamptz DEFAULT now());
-- Ledger 1 holds accounts 1-1000 (every script but ledgers10.sql); ledgers 2-10 hold the next
-- thousand each, for the ten-ledgers variant.
INSERT INTO ledgers SELECT g, 0 FROM generate_series(1,10) g;
INSERT INTO accounts SELECT g, (g - 1) / 1000 + 1, 'acct-'||g FROM generate_series(1,10000) g;
