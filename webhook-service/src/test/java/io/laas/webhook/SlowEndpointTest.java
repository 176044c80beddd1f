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
 * One tenant's slow endpoint must not delay anyone else: it holds at most its per-endpoint cap of
 * attempts, and the replica never sends more than its global cap at once.
 */
@QuarkusTest
@TestProfile(SlowEndpointTest.SmallCaps.class)
class SlowEndpointTest {

    static final int PER_ENDPOINT_CAP = 3;
    static final int REPLICA_CAP = 5;

    public static class SmallCaps implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "laas.webhook.allow-private-targets", "true",
                    "laas.webhook.request-timeout", "10s",
                    "laas.webhook.claim-lease", "20s",
                    "laas.webhook.max-in-flight", String.valueOf(REPLICA_CAP),
                    "laas.webhook.max-in-flight-per-endpoint", String.valueOf(PER_ENDPOINT_CAP));
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Fixtures and checks span ledgers: the batch datasource, which row-level security does not bind. */
    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void aSlowEndpointHoldsAtMostItsCapWhileAnotherTenantIsDeliveredPromptly() {
        UUID slowLedger = UUID.randomUUID();
        UUID fastLedger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().holding("/slow", Duration.ofSeconds(5))) {
            UUID slow = Endpoints.create(slowLedger, receiver.url("/slow"));
            UUID fast = Endpoints.create(fastLedger, receiver.url("/fast"));

            List<UUID> slowEvents = LedgerEvents.sendTransactions(slowLedger, 6);
            await().atMost(WAIT).until(() -> receiver.held("/slow") == PER_ENDPOINT_CAP);
            List<UUID> fastEvents = LedgerEvents.sendTransactions(fastLedger, 5);

            await().atMost(WAIT).until(() -> countWithStatus(fastEvents, fast, "succeeded") == fastEvents.size());
            // Every delivery of the other tenant went through while the slow endpoint's first attempts were held.
            assertEquals(0, receiver.answered("/slow"));
            assertEquals(fastEvents.size(), receiver.requests("/fast").size());
            assertEquals(PER_ENDPOINT_CAP, receiver.held("/slow"));
            // The slow endpoint's other deliveries wait in the database, unclaimed.
            assertEquals(slowEvents.size() - PER_ENDPOINT_CAP, count("SELECT count(*) FROM deliveries"
                    + " WHERE endpoint_id = $1 AND status = 'pending' AND lease_expires_at IS NULL", slow));
            assertEquals(PER_ENDPOINT_CAP, count("SELECT count(*) FROM deliveries"
                    + " WHERE endpoint_id = $1 AND lease_expires_at > now()", slow));
            // ... which the metrics show too.
            assertEquals(PER_ENDPOINT_CAP, Metrics.value("laas_webhook_endpoint_in_flight_max"));
            assertEquals(1.0, Metrics.value("laas_webhook_endpoints_at_capacity"));
            await().atMost(Duration.ofSeconds(3)).until(() -> Metrics.value("laas_webhook_deliveries_due") >= 1);

            await().atMost(WAIT).until(() -> countWithStatus(slowEvents, slow, "succeeded") == slowEvents.size());
            assertEquals(PER_ENDPOINT_CAP, receiver.mostHeldAtOnce("/slow"));
            // Each delivered once: no lease ran out while its attempt was held.
            assertEquals(slowEvents.size(), receiver.requests("/slow").size());
            assertEquals(slowEvents.size(), count("SELECT count(*) FROM attempts WHERE endpoint_id = $1", slow));
            await().atMost(Duration.ofSeconds(3)).until(() -> Metrics.value("laas_webhook_endpoint_in_flight_max") == 0);
        }
    }

    @Test
    void theReplicaNeverSendsMoreThanItsCapAtOnce() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().holding("/first", Duration.ofSeconds(3))
                .holding("/second", Duration.ofSeconds(3))) {
            UUID firstEndpoint = Endpoints.create(first, receiver.url("/first"));
            UUID secondEndpoint = Endpoints.create(second, receiver.url("/second"));

            List<UUID> firstEvents = LedgerEvents.sendTransactions(first, 4);
            List<UUID> secondEvents = LedgerEvents.sendTransactions(second, 4);

            await().atMost(WAIT).until(() -> countWithStatus(firstEvents, firstEndpoint, "succeeded") == 4
                    && countWithStatus(secondEvents, secondEndpoint, "succeeded") == 4);
            assertEquals(REPLICA_CAP, receiver.mostHeldAtOnce());
            assertTrue(receiver.mostHeldAtOnce("/first") <= PER_ENDPOINT_CAP);
            assertTrue(receiver.mostHeldAtOnce("/second") <= PER_ENDPOINT_CAP);
            assertEquals(8, receiver.requests().size());
        }
    }

    private long countWithStatus(List<UUID> messages, UUID endpoint, String status) {
        return pool.preparedQuery("SELECT count(*) FROM deliveries WHERE message_id = ANY ($1) AND endpoint_id = $2"
                + " AND status = $3")
                .execute(Tuple.tuple().addArrayOfUUID(messages.toArray(UUID[]::new)).addUUID(endpoint).addString(status))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private long count(String sql, UUID endpoint) {
        return pool.preparedQuery(sql).execute(Tuple.of(endpoint)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
