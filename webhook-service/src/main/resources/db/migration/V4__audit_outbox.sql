-- Transactional outbox (Debezium Outbox Event Router columns + relay ordering) of webhook-service: the
-- audit events of endpoint changes, written in the change's transaction, reach IAM's audit log through it.
CREATE TABLE outbox (
  id UUID PRIMARY KEY,
  aggregatetype TEXT NOT NULL,
  aggregateid TEXT NOT NULL,
  type TEXT NOT NULL,
  payload JSONB NOT NULL,
  timestamp TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  position BIGINT GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX outbox_position ON outbox (position);
