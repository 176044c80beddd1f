package io.laas.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The dispatcher does not wait for its fallback timer (an hour in this profile): intake wakes it when
 * deliveries are committed, and a retry runs when it is due.
 */
@QuarkusTest
@TestProfile(DispatchWakeUpTest.HourlyFallbackTimer.class)
class DispatchWakeUpTest {

    public static class HourlyFallbackTimer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("laas.webhook.allow-private-targets", "true", "laas.webhook.dispatch-interval", "1h");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Fixtures and checks span ledgers: the batch datasource, which row-level security does not bind. */
    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void committedDeliveriesWakeTheDispatcherAndTheFirstAttemptLatencyIsMeasured() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/now"));
            double measuredBefore = Metrics.value("laas_webhook_first_attempt_latency_seconds_count", "").orElse(0.0);

            List<UUID> events = LedgerEvents.sendTransactions(ledger, 3);

            await().atMost(WAIT).until(() -> receiver.requests().size() == 3);
            await().atMost(WAIT).until(() -> succeeded(events, endpoint) == 3);
            assertEquals(measuredBefore + 3, Metrics.value("laas_webhook_first_attempt_latency_seconds_count"));
            double median = Metrics.value("laas_webhook_first_attempt_latency_seconds", "quantile=\"0.5\"").orElseThrow();
            // recorded_at is when the test produced the events: the latency is positive, and far below the timer.
            assertTrue(median > 0 && median < WAIT.toSeconds(), "p50 = " + median);
        }
    }

    @Test
    void aRetryRunsWhenItIsDueWithoutTheFallbackTimer() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().thenAnswer(500)) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/retry"));

            List<UUID> events = LedgerEvents.sendTransactions(ledger, 1);

            await().atMost(WAIT).until(() -> succeeded(events, endpoint) == 1);
            List<Receiver.Request> requests = receiver.requests();
            assertEquals(2, requests.size());
            // %test schedule: the second attempt waits 1 s (plus or minus 20%) after the first.
            Duration gap = Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt());
            assertTrue(gap.toMillis() >= 750, "second attempt after " + gap);
        }
    }

    private long succeeded(List<UUID> messages, UUID endpoint) {
        return pool.preparedQuery("SELECT count(*) FROM deliveries WHERE message_id = ANY ($1) AND endpoint_id = $2"
                + " AND status = 'succeeded'")
                .execute(Tuple.tuple().addArrayOfUUID(messages.toArray(UUID[]::new)).addUUID(endpoint))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }
}
