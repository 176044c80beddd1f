-- The W3C trace context of the work that wrote an outbox row (NULL when it was not traced): the relay continues
-- that trace and passes it on as the Kafka header traceparent (docs/operations.md "Tracing"). Nullable and
-- without a default, so adding it rewrites nothing and a replica still on the previous version keeps inserting.
ALTER TABLE outbox ADD COLUMN traceparent text;
