-- Endpoint controls, the message and attempt log, secret rotation with an overlap, failure policy, fairness and
-- per-endpoint statistics (docs/api.md "Webhook endpoints", "Webhook messages"; docs/architecture.md).
--
-- Tables under FORCE ROW LEVEL SECURITY hide their rows from the owner too: the backfill below lifts FORCE on
-- deliveries for the length of this migration's transaction and sets it again.

-- Endpoints ---------------------------------------------------------------------------------------------------------

-- Headers added to every request to the endpoint (name -> value); never one of the signature headers.
ALTER TABLE endpoints ADD COLUMN headers jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(headers) = 'object');
-- Deliveries per second to this endpoint at most, across replicas; NULL: no limit beyond the concurrency cap.
ALTER TABLE endpoints ADD COLUMN rate_limit integer CHECK (rate_limit >= 1);
-- Attempts in flight at once to this endpoint, across replicas; NULL: the service's cap
-- (laas.webhook.max-in-flight-per-endpoint), which also bounds any value set here.
ALTER TABLE endpoints ADD COLUMN max_in_flight integer CHECK (max_in_flight >= 1);
-- Strict FIFO: one attempt in flight, and the next message only after the one before it succeeded or failed
-- for good, in the order the messages were received (messages.position).
ALTER TABLE endpoints ADD COLUMN fifo boolean NOT NULL DEFAULT false;
-- The secret before the last rotation, still used to sign (next to the current one) until it expires.
ALTER TABLE endpoints ADD COLUMN previous_secret_enc bytea;
ALTER TABLE endpoints ADD COLUMN previous_secret_key_version integer CHECK (previous_secret_key_version >= 1);
ALTER TABLE endpoints ADD COLUMN previous_secret_expires_at timestamptz;
ALTER TABLE endpoints ADD CONSTRAINT endpoints_previous_secret_whole CHECK (
    (previous_secret_enc IS NULL AND previous_secret_key_version IS NULL AND previous_secret_expires_at IS NULL)
    OR (previous_secret_enc IS NOT NULL AND previous_secret_key_version IS NOT NULL
        AND previous_secret_expires_at IS NOT NULL));
-- The first failed attempt since the endpoint's last success (NULL while it succeeds): an endpoint that has
-- only failed for laas.webhook.disable-after-failing is disabled.
ALTER TABLE endpoints ADD COLUMN failing_since timestamptz;
ALTER TABLE endpoints ADD COLUMN disabled_at timestamptz;
UPDATE endpoints SET disabled_at = updated_at WHERE NOT enabled;

-- Messages ----------------------------------------------------------------------------------------------------------

-- The order in which messages were received (one ledger's events arrive in their sequence: one Kafka partition
-- per ledger); strict-FIFO endpoints are served in this order.
ALTER TABLE messages ADD COLUMN position bigint GENERATED ALWAYS AS IDENTITY;
-- A ledger's messages, newest first, all types or one.
CREATE INDEX messages_ledger_log_idx ON messages (ledger_id, created_at DESC, id DESC);
CREATE INDEX messages_ledger_type_log_idx ON messages (ledger_id, event_type, created_at DESC, id DESC);

-- Deliveries --------------------------------------------------------------------------------------------------------

ALTER TABLE deliveries ADD COLUMN position bigint;
-- Attempts made before the current round of the retry schedule: a resend or a recovery starts a new round
-- (the schedule from its first entry) while attempt numbers keep counting.
ALTER TABLE deliveries ADD COLUMN round_start integer NOT NULL DEFAULT 0 CHECK (round_start >= 0);

ALTER TABLE deliveries NO FORCE ROW LEVEL SECURITY;
UPDATE deliveries d SET position = m.position FROM messages m WHERE m.id = d.message_id;
ALTER TABLE deliveries FORCE ROW LEVEL SECURITY;
ALTER TABLE deliveries ALTER COLUMN position SET NOT NULL;

-- The head of a strict-FIFO endpoint's queue.
CREATE INDEX deliveries_endpoint_order_idx ON deliveries (endpoint_id, position) WHERE status = 'pending';
-- An endpoint's failed deliveries by time (recovery).
CREATE INDEX deliveries_endpoint_failed_idx ON deliveries (endpoint_id, created_at) WHERE status = 'failed';

-- Deleting an endpoint deletes its deliveries, their attempts and its queue head.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_endpoint_ledger_fkey,
    ADD CONSTRAINT deliveries_endpoint_ledger_fkey FOREIGN KEY (endpoint_id, ledger_id)
        REFERENCES endpoints (id, ledger_id) ON DELETE CASCADE;
ALTER TABLE attempts DROP CONSTRAINT attempts_endpoint_ledger_fkey,
    ADD CONSTRAINT attempts_endpoint_ledger_fkey FOREIGN KEY (endpoint_id, ledger_id)
        REFERENCES endpoints (id, ledger_id) ON DELETE CASCADE;
ALTER TABLE attempts DROP CONSTRAINT attempts_delivery_id_fkey,
    ADD CONSTRAINT attempts_delivery_id_fkey FOREIGN KEY (delivery_id) REFERENCES deliveries (id) ON DELETE CASCADE;
ALTER TABLE endpoint_queues DROP CONSTRAINT endpoint_queues_endpoint_id_fkey,
    ADD CONSTRAINT endpoint_queues_endpoint_id_fkey FOREIGN KEY (endpoint_id) REFERENCES endpoints (id) ON DELETE CASCADE;

-- Attempts ----------------------------------------------------------------------------------------------------------

-- Where the request went (the endpoint's URL may change later).
ALTER TABLE attempts ADD COLUMN url text;
-- Kept for failed attempts only, so that the log does not outgrow the ledger: the headers sent and the answer's
-- headers and body (truncated at 20 KiB; response_truncated says whether it was).
ALTER TABLE attempts ADD COLUMN request_headers jsonb;
ALTER TABLE attempts ADD COLUMN response_headers jsonb;
ALTER TABLE attempts ADD COLUMN response_body text;
ALTER TABLE attempts ADD COLUMN response_truncated boolean NOT NULL DEFAULT false;

-- Queue heads -------------------------------------------------------------------------------------------------------

-- Token bucket of an endpoint's rate limit (tokens left as of tokens_at), spent by the claims of every replica.
ALTER TABLE endpoint_queues ADD COLUMN tokens double precision;
ALTER TABLE endpoint_queues ADD COLUMN tokens_at timestamptz;
-- The endpoint asked to be left alone until then (429 or 503 with Retry-After): nothing is claimed for it before.
ALTER TABLE endpoint_queues ADD COLUMN throttled_until timestamptz;

-- Per-endpoint statistics -------------------------------------------------------------------------------------------

-- Attempts per endpoint and hour, kept by the trigger below as the dispatcher appends to the log (one upsert per
-- endpoint and statement, in the same transaction): the endpoint's success rate, latency and last answer read a
-- day of these rows instead of a day of attempts.
CREATE TABLE endpoint_stats (
    endpoint_id     uuid        NOT NULL,
    ledger_id       uuid        NOT NULL,
    hour            timestamptz NOT NULL,
    attempts        integer     NOT NULL,
    succeeded       integer     NOT NULL,
    duration_ms_sum bigint      NOT NULL,
    duration_ms_max bigint      NOT NULL,
    last_attempt_at timestamptz NOT NULL,
    last_status     integer,
    last_error      text,
    PRIMARY KEY (endpoint_id, hour),
    FOREIGN KEY (endpoint_id, ledger_id) REFERENCES endpoints (id, ledger_id) ON DELETE CASCADE
);

CREATE FUNCTION count_endpoint_attempts() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO endpoint_stats AS s (endpoint_id, ledger_id, hour, attempts, succeeded, duration_ms_sum,
                                     duration_ms_max, last_attempt_at, last_status, last_error)
    SELECT a.endpoint_id, a.ledger_id, date_trunc('hour', a.attempted_at), count(*),
           count(*) FILTER (WHERE a.response_status BETWEEN 200 AND 299), sum(a.duration_ms), max(a.duration_ms),
           max(a.attempted_at),
           (array_agg(a.response_status ORDER BY a.attempted_at DESC))[1],
           (array_agg(a.error ORDER BY a.attempted_at DESC))[1]
    FROM new_attempts a
    GROUP BY a.endpoint_id, a.ledger_id, date_trunc('hour', a.attempted_at)
    ORDER BY 1, 3
    ON CONFLICT (endpoint_id, hour) DO UPDATE SET
        attempts = s.attempts + EXCLUDED.attempts,
        succeeded = s.succeeded + EXCLUDED.succeeded,
        duration_ms_sum = s.duration_ms_sum + EXCLUDED.duration_ms_sum,
        duration_ms_max = GREATEST(s.duration_ms_max, EXCLUDED.duration_ms_max),
        last_attempt_at = GREATEST(s.last_attempt_at, EXCLUDED.last_attempt_at),
        last_status = CASE WHEN EXCLUDED.last_attempt_at >= s.last_attempt_at THEN EXCLUDED.last_status
                           ELSE s.last_status END,
        last_error = CASE WHEN EXCLUDED.last_attempt_at >= s.last_attempt_at THEN EXCLUDED.last_error
                          ELSE s.last_error END;
    RETURN NULL;
END
$$;

CREATE TRIGGER attempts_count AFTER INSERT ON attempts
    REFERENCING NEW TABLE AS new_attempts
    FOR EACH STATEMENT EXECUTE FUNCTION count_endpoint_attempts();

ALTER TABLE endpoint_stats ENABLE ROW LEVEL SECURITY;
ALTER TABLE endpoint_stats FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_isolation ON endpoint_stats
    USING (ledger_id = current_ledger()) WITH CHECK (ledger_id = current_ledger());
