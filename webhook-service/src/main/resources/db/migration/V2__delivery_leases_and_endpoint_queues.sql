-- A delivery that a dispatcher has claimed for sending carries a lease until its result is recorded.
-- Claiming sets lease_expires_at and pushes next_attempt_at to the same instant, so the delivery becomes
-- due again if that dispatcher dies mid-send; recording the result clears it. Live leases are what
-- "in flight" means across replicas, and the per-endpoint cap counts them.
ALTER TABLE deliveries ADD COLUMN lease_expires_at timestamptz;

-- The next due deliveries of one endpoint, oldest first (also serves "every pending delivery of an endpoint").
-- The dispatcher finds due work through endpoint_queues, never by scanning all due deliveries, so the
-- global due index goes: every claim and every recorded attempt moves next_attempt_at, and each index
-- on it is written again each time.
CREATE INDEX deliveries_endpoint_due_idx ON deliveries (endpoint_id, next_attempt_at) WHERE status = 'pending';
DROP INDEX deliveries_endpoint_pending_idx;
DROP INDEX deliveries_due_idx;
-- Attempts in flight per endpoint: few rows, since a lease only lives while its attempt is sent.
CREATE INDEX deliveries_endpoint_leased_idx ON deliveries (endpoint_id) WHERE lease_expires_at IS NOT NULL;

-- The head of every endpoint's delivery queue: the earliest time the endpoint may have something to send
-- (a due delivery and a free slot). The dispatcher serves endpoints in next_due_at order, so an endpoint
-- with a long backlog or slow answers never hides the deliveries of other endpoints behind its own.
-- Intake and recorded results move next_due_at earlier; a dispatch cycle sets it from the endpoint's
-- deliveries while it holds the row lock. NULL: nothing pending.
CREATE TABLE endpoint_queues (
    endpoint_id uuid        PRIMARY KEY REFERENCES endpoints (id),
    next_due_at timestamptz
);

CREATE INDEX endpoint_queues_due_idx ON endpoint_queues (next_due_at) WHERE next_due_at IS NOT NULL;

INSERT INTO endpoint_queues (endpoint_id, next_due_at)
SELECT endpoint_id, min(next_attempt_at) FROM deliveries WHERE status = 'pending' GROUP BY endpoint_id;
