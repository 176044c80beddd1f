package io.laas.outbox;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the outbox writer and the built-in relay ({@code laas.outbox.*}). */
@ConfigMapping(prefix = "laas.outbox")
public interface OutboxConfig {

    /** Outbox table name, resolved against the datasource's search path. Default {@code outbox}. */
    @WithDefault("outbox")
    String table();

    /** Topic of a row = this prefix + its aggregatetype (Debezium's default route). Default {@code outbox.event.}. */
    @WithDefault("outbox.event.")
    String topicPrefix();

    Writer writer();

    Relay relay();

    interface Writer {

        /**
         * Delete each outbox row in the same transaction right after inserting it. Only for when the
         * built-in relay is off and Debezium captures the INSERT from the WAL. Default {@code false}.
         */
        @WithDefault("false")
        boolean deleteAfterWrite();
    }

    interface Relay {

        /** Whether this service relays its outbox to Kafka. Turn off when Debezium runs. Default {@code true}. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Fallback poll: how often the relay looks for rows nobody woke it for (rows committed by other
         * replicas, rows left by a restart), and how often a standby replica tries to become the active
         * one. {@link OutboxRelay#wake()} makes the common case immediate. Default {@code 200ms}.
         */
        @WithDefault("200ms")
        Duration interval();

        /** Rows read and handed to the producer per batch. Default {@code 1000}. */
        @WithDefault("1000")
        int batchSize();

        /**
         * Key of the session-level advisory lock that makes one replica the active relay. Default:
         * derived from the current schema and the table name, so each service has its own lock.
         */
        OptionalLong lockId();

        /**
         * How long a woken relay waits before it reads the outbox, so that the rows committed in that
         * moment go out together: one Kafka request and one delete instead of one each, at the price of
         * this much more delay for each event. Full batches still follow each other without pause.
         * Default {@code 0ms}.
         */
        @WithDefault("0ms")
        Duration wakeDelay();

        /** Upper bound for the acknowledgement of one record ({@code delivery.timeout.ms}). Default {@code 30s}. */
        @WithDefault("30s")
        Duration sendTimeout();

        /**
         * How long a batch waits for its acknowledgements before the relay goes on with other
         * aggregates. A record still unanswered keeps its aggregate held back until Kafka answers
         * (at the latest after {@code send-timeout}). Default {@code 1s}.
         */
        @WithDefault("1s")
        Duration ackWait();

        /**
         * Pause before the oldest row of a blocked aggregate is sent again; it doubles after each
         * further failure up to {@code retry-backoff-max}. Also the first pause of the whole relay when
         * Kafka answers nothing at all. Default {@code 1s}.
         */
        @WithDefault("1s")
        Duration retryBackoff();

        /** Longest pause between two retries. Default {@code 10s}. */
        @WithDefault("10s")
        Duration retryBackoffMax();

        /**
         * After how long without any acknowledgement, while records wait or fail, the relay reports Kafka
         * as unreachable (readiness details and a warning). Default {@code 60s}.
         */
        @WithDefault("60s")
        Duration kafkaUnreachableAfter();

        /** How often the pending-rows and lag gauges are refreshed. Default {@code 10s}. */
        @WithDefault("10s")
        Duration metricsInterval();

        /** Extra Kafka producer properties, e.g. {@code laas.outbox.relay.producer."linger.ms"=5}. */
        Map<String, String> producer();
    }
}
