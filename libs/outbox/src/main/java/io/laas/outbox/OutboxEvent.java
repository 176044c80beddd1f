package io.laas.outbox;

import java.util.Objects;
import java.util.UUID;

import io.laas.web.tracing.TraceContext;
import io.vertx.core.json.JsonObject;

/**
 * One row of the transactional outbox, with the columns of Debezium's Outbox Event Router. The relay
 * publishes it to topic {@code outbox.event.<aggregateType>} with key {@code aggregateId}, headers
 * {@code id} and {@code eventType}, and {@code payload} (a JSON document) as the value. {@code traceparent} is the
 * trace context of the work that wrote it ({@code null} outside a trace): the relay continues that trace and
 * passes it on in the record's {@code traceparent} header.
 */
public record OutboxEvent(UUID id, String aggregateType, String aggregateId, String type, String payload,
        String traceparent) {

    public OutboxEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }

    /** A row written in the current trace context. */
    public OutboxEvent(UUID id, String aggregateType, String aggregateId, String type, String payload) {
        this(id, aggregateType, aggregateId, type, payload, TraceContext.current());
    }

    /** A row written in the current trace context. */
    public OutboxEvent(UUID id, String aggregateType, String aggregateId, String type, JsonObject payload) {
        this(id, aggregateType, aggregateId, type, payload.encode());
    }
}
