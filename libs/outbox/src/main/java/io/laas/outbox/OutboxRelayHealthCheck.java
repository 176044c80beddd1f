package io.laas.outbox;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the outbox relay in the readiness details. Always UP: a blocked aggregate, or Kafka out of
 * reach, does not stop the service from doing its own work (its commits wait in the outbox), so it
 * must not be taken out of rotation for it. The details say what is held back and since when.
 *
 * <p>Data: {@code relay} (active, standby, disabled), {@code blocked_aggregates} (count), and for each
 * of the {@value #LISTED} longest-blocked aggregates {@code blocked.<aggregateid>.event_id},
 * {@code .error}, {@code .since}, {@code .attempts}; {@code kafka_unreachable_since} and
 * {@code kafka_error} once Kafka has acknowledged nothing for {@code laas.outbox.relay.kafka-unreachable-after}.
 */
@Readiness
@ApplicationScoped
public class OutboxRelayHealthCheck implements HealthCheck {

    static final int LISTED = 20;

    private final OutboxRelay relay;

    public OutboxRelayHealthCheck(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        RelayStatus status = relay.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox-relay").up()
                .withData("relay", status.role().name().toLowerCase(Locale.ROOT))
                .withData("blocked_aggregates", status.blockedAggregates().size());
        status.blockedAggregates().stream().limit(LISTED).forEach(blocked -> {
            String key = "blocked." + blocked.aggregateId() + ".";
            response.withData(key + "event_id", blocked.eventId().toString())
                    .withData(key + "error", blocked.error())
                    .withData(key + "since", blocked.since().toString())
                    .withData(key + "attempts", blocked.attempts());
        });
        status.kafkaUnreachableSince().ifPresent(since -> response.withData("kafka_unreachable_since", since.toString()));
        status.kafkaError().ifPresent(error -> response.withData("kafka_error", error));
        return response.build();
    }
}
