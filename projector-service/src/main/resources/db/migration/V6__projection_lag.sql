-- Projection lag per ledger (GET /v1/ledgers/{ledger_id}/projection, laas_projector_ledger_lag_*): the failed events
-- of one ledger that are not resolved, found without scanning every failed event ever recorded.
CREATE INDEX failed_events_unresolved_ledger_idx ON failed_events (ledger_id, sequence) WHERE status <> 'resolved';
