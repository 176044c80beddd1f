-- The audit log: every IAM and configuration change of an organisation, appended in the transaction of
-- the change (or, for other services' changes, from their outbox). Rows are never changed or removed.

CREATE TABLE audit_events (
  id UUID PRIMARY KEY,
  -- the order in which rows were appended: pages are read newest first by it
  seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  -- no foreign key: the log outlives what it speaks of
  organization_id UUID NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL,
  actor_type TEXT NOT NULL CHECK (actor_type IN ('person', 'api_key', 'client', 'operator', 'system-bootstrap')),
  actor_id TEXT,
  actor_display TEXT,
  action TEXT NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
  target_type TEXT NOT NULL,
  target_id TEXT,
  source_ip TEXT,
  user_agent TEXT,
  request_id TEXT,
  before JSONB,
  after JSONB,
  -- the service that made the change
  service TEXT NOT NULL DEFAULT 'iam-service'
);

CREATE INDEX idx_audit_events_org ON audit_events (organization_id, seq DESC);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- The trigger holds even for the table's owner; the privileges go too, for every role but the owner's
-- own ability to re-grant them (which the trigger still stops).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM CURRENT_USER;
