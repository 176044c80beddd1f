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

        /** Pause between the end of one relay tick and the start of the next. Default {@code 200ms}. */
        @WithDefault("200ms")
        Duration interval();

        /** Rows read, sent and deleted per database transaction. Default {@code 500}. */
        @WithDefault("500")
        int batchSize();

        /**
         * Key of the transaction-level advisory lock that makes one replica the active relay. Default:
         * derived from the current schema and the table name, so each service has its own lock.
         */
        OptionalLong lockId();

        /** Upper bound for the acknowledgement of a batch ({@code delivery.timeout.ms}). Default {@code 30s}. */
        @WithDefault("30s")
        Duration sendTimeout();

        /** How often the pending-rows and lag gauges are refreshed. Default {@code 10s}. */
        @WithDefault("10s")
        Duration metricsInterval();

        /** Extra Kafka producer properties, e.g. {@code laas.outbox.relay.producer."linger.ms"=5}. */
        Map<String, String> producer();
    }
}
