package io.laas.outbox;

import java.util.UUID;

/** An outbox row read by the relay, not yet acknowledged by Kafka; {@code traceparent} may be {@code null}. */
record PendingEvent(UUID id, String aggregateType, String aggregateId, String type, String payload, String traceparent,
        long position) {
}
