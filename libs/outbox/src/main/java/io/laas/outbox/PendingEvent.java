package io.laas.outbox;

import java.util.UUID;

/** An outbox row read by the relay, not yet acknowledged by Kafka. */
record PendingEvent(UUID id, String aggregateType, String aggregateId, String type, String payload, long position) {
}
