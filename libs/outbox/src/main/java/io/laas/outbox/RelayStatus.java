package io.laas.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the relay of this instance is doing, for the readiness check and operators.
 *
 * @param role whether this instance publishes the outbox
 * @param blockedAggregates aggregates held back by a row that could not be published, oldest first
 * @param kafkaUnreachableSince set once Kafka has acknowledged nothing for longer than
 *     {@code laas.outbox.relay.kafka-unreachable-after} while records were waiting: since when
 * @param kafkaError the last error seen while Kafka was unreachable
 */
public record RelayStatus(Role role, List<BlockedAggregate> blockedAggregates, Optional<Instant> kafkaUnreachableSince,
        Optional<String> kafkaError) {

    public enum Role {
        /** {@code laas.outbox.relay.enabled=false}: Debezium (or nothing) publishes the outbox. */
        DISABLED,
        /** Holds the relay lock and publishes. */
        ACTIVE,
        /** Another replica holds the relay lock; this one takes over when it goes away. */
        STANDBY
    }
}
