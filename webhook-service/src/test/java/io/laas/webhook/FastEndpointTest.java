package io.laas.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An endpoint that answers quickly is leased ahead of sending (up to the prefetch size), so its next
 * attempt starts as soon as one ends; it still never has more than its cap of attempts in flight, and
 * every delivery is attempted once.
 */
@QuarkusTest
@TestProfile(FastEndpointTest.SmallCapLargePrefetch.class)
class FastEndpointTest {

    static final int PER_ENDPOINT_CAP = 2;
    static final int PREFETCH = 8;

    public static class SmallCapLargePrefetch implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "laas.webhook.allow-private-targets", "true",
                    "laas.webhook.max-in-flight-per-endpoint", String.valueOf(PER_ENDPOINT_CAP),
                    "laas.webhook.prefetch-per-endpoint", String.valueOf(PREFETCH));
        }
    }

    /** Fixtures and checks span ledgers: the batch datasource, which row-level security does not bind. */
    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Test
    void aFastEndpointIsLeasedAheadWithNoMoreThanItsCapInFlight() throws Exception {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().holding("/quick", Duration.ofMillis(40))) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/quick"));
            List<UUID> events = LedgerEvents.sendTransactions(ledger, 60);

            AtomicLong mostLeased = new AtomicLong();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
                mostLeased.accumulateAndGet(count("SELECT count(*) FROM deliveries WHERE endpoint_id = $1"
                        + " AND status = 'pending' AND lease_expires_at > now()", endpoint), Math::max);
                return count("SELECT count(*) FROM deliveries WHERE endpoint_id = $1 AND status = 'succeeded'",
                        endpoint) == events.size();
            });

            assertTrue(mostLeased.get() > PER_ENDPOINT_CAP && mostLeased.get() <= PREFETCH,
                    "leased at most at once: " + mostLeased.get());
            assertEquals(PER_ENDPOINT_CAP, receiver.mostHeldAtOnce("/quick"));
            assertEquals(events.size(), receiver.requests("/quick").size());
            assertEquals(events.size(), count("SELECT count(*) FROM attempts WHERE endpoint_id = $1", endpoint));
            assertEquals(0, count("SELECT count(*) FROM deliveries WHERE endpoint_id = $1"
                    + " AND (lease_expires_at IS NOT NULL OR leased_by IS NOT NULL OR attempts <> 1)", endpoint));
        }
    }

    private long count(String sql, UUID endpoint) {
        return pool.preparedQuery(sql).execute(Tuple.of(endpoint)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
