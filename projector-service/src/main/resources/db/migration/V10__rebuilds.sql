-- Online rebuilds of one ledger's projection (POST /v1/ops/projector/ledgers/{ledger_id}/rebuild; docs/architecture.md,
-- "Rebuilding a ledger's projection"). The state lives here, not in the replica that runs it, so that any replica
-- answers GET …/rebuild, and a rebuild whose replica stopped is found by its heartbeat and marked failed.
CREATE TABLE rebuilds (
    id              uuid        PRIMARY KEY,
    ledger_id       uuid        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    -- the schema holding the copy being built (dropped when the rebuild ends)
    shadow_schema   text        NOT NULL,
    started_at      timestamptz NOT NULL,
    heartbeat_at    timestamptz NOT NULL,
    finished_at     timestamptz,
    -- the ledger's projected sequence when the rebuild started
    target_sequence bigint      NOT NULL,
    -- the last sequence applied to the copy (after the swap: the sequence the ledger was swapped in at)
    last_sequence   bigint      NOT NULL DEFAULT 0,
    events_applied  bigint      NOT NULL DEFAULT 0,
    error           text
);

-- At most one running rebuild per ledger, whichever replica starts it.
CREATE UNIQUE INDEX rebuilds_running_uk ON rebuilds (ledger_id) WHERE status = 'running';
CREATE INDEX rebuilds_ledger_started_idx ON rebuilds (ledger_id, started_at DESC);
