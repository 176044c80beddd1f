-- Webhook endpoints registered by tenants, one ledger each.
CREATE TABLE endpoints (
    id              uuid        PRIMARY KEY,
    ledger_id       uuid        NOT NULL,
    url             text        NOT NULL CHECK (char_length(url) <= 2048),
    description     text,
    -- whsec_<base64>; needed in clear to sign every request.
    secret          text        NOT NULL,
    -- empty = every event type
    event_types     text[]      NOT NULL DEFAULT '{}',
    enabled         boolean     NOT NULL DEFAULT true,
    disabled_reason text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX endpoints_ledger_idx ON endpoints (ledger_id, created_at, id);

-- One row per consumed ledger event; the primary key (= event id) de-duplicates redelivered records.
CREATE TABLE messages (
    id          uuid        PRIMARY KEY,
    ledger_id   uuid        NOT NULL,
    event_type  text        NOT NULL,
    payload     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per (message, endpoint); its state drives the dispatcher.
CREATE TABLE deliveries (
    id              uuid        PRIMARY KEY,
    message_id      uuid        NOT NULL REFERENCES messages (id),
    endpoint_id     uuid        NOT NULL REFERENCES endpoints (id),
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_attempt_at timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT deliveries_message_endpoint_key UNIQUE (message_id, endpoint_id)
);

CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_endpoint_pending_idx ON deliveries (endpoint_id) WHERE status = 'pending';

-- The delivery log: one row per HTTP attempt. endpoint_id is denormalised so the per-endpoint log
-- (newest first) is one index range scan.
CREATE TABLE attempts (
    id              uuid        PRIMARY KEY,
    delivery_id     uuid        NOT NULL REFERENCES deliveries (id),
    endpoint_id     uuid        NOT NULL REFERENCES endpoints (id),
    attempt_number  integer     NOT NULL,
    attempted_at    timestamptz NOT NULL,
    response_status integer,
    error           text,
    duration_ms     bigint      NOT NULL,
    CONSTRAINT attempts_delivery_number_key UNIQUE (delivery_id, attempt_number)
);

CREATE INDEX attempts_endpoint_log_idx ON attempts (endpoint_id, attempted_at DESC, id DESC);
