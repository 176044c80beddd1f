-- Events the projection did not apply and will not apply by itself, kept for operators to see and
-- re-drive: poison (unreadable, invalid data, unknown account) and sequence conflicts (a ledger sequence
-- already applied, or held, under another event id). One row per event (fingerprint = event id, or a hash
-- of the record when it has no readable id); a repeat bumps attempts and last_seen_at.
CREATE TABLE failed_events (
    id                uuid        PRIMARY KEY,
    position          bigint      GENERATED ALWAYS AS IDENTITY,
    fingerprint       text        NOT NULL,
    kind              text        NOT NULL CHECK (kind IN ('poison', 'sequence_conflict')),
    status            text        NOT NULL CHECK (status IN ('failed', 'resolved', 'dismissed')),
    ledger_id         uuid,
    sequence          bigint,
    event_id          uuid,
    event_type        text,
    reason            text        NOT NULL,
    -- The record as received, so that a re-drive reads exactly what came.
    record_key        text,
    header_id         text,
    header_event_type text,
    payload           text,
    origin            text,
    first_seen_at     timestamptz NOT NULL,
    last_seen_at      timestamptz NOT NULL,
    attempts          int         NOT NULL,
    resolved_at       timestamptz,
    CONSTRAINT failed_events_fingerprint_uk UNIQUE (fingerprint)
);

CREATE UNIQUE INDEX failed_events_position_idx ON failed_events (position);
CREATE INDEX failed_events_open_event_idx ON failed_events (event_id) WHERE status = 'failed';

-- Which event holds a ledger sequence: named in the reason of a sequence conflict.
CREATE INDEX processed_events_ledger_sequence_idx ON processed_events (ledger_id, sequence);
