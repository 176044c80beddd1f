-- The W3C trace context of the work that wrote an outbox row (NULL when it was not traced): the relay continues
-- that trace and passes it on as the Kafka header traceparent (docs/operations.md "Tracing").
ALTER TABLE outbox ADD COLUMN traceparent text;
-- The trace context a consumed event arrived with (its record's traceparent header): each attempt to deliver it
-- is a span of that trace, and the request carries it as its traceparent header. Both columns are nullable
-- without a default: adding them rewrites nothing, and a replica still on the previous version keeps inserting.
ALTER TABLE messages ADD COLUMN traceparent text;
