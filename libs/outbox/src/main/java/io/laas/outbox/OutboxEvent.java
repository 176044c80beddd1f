package io.laas.outbox;

import java.util.Objects;
import java.util.UUID;

import io.vertx.core.json.JsonObject;

/**
 * One row of the transactional outbox, with the columns of Debezium's Outbox Event Router. The relay
 * publishes it to topic {@code outbox.event.<aggregateType>} with key {@code aggregateId}, headers
 * {@code id} and {@code eventType}, and {@code payload} (a JSON document) as the value.
 */
public record OutboxEvent(UUID id, String aggregateType, String aggregateId, String type, String payload) {

    public OutboxEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }

    public OutboxEvent(UUID id, String aggregateType, String aggregateId, String type, JsonObject payload) {
        this(id, aggregateType, aggregateId, type, payload.encode());
    }
}
