package io.laas.webhook.delivery.repository;

import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.laas.tenancy.LedgerScope;
import io.laas.webhook.delivery.AttemptOutcome;
import io.laas.webhook.delivery.ClaimedDelivery;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * How many of one endpoint's deliveries a dispatcher replica may lease: up to its prefetch size while no
 * other replica holds any of the endpoint's leases, and otherwise no more than the per-endpoint cap minus
 * every live lease, so the attempts in flight to the endpoint never exceed the cap across replicas; and what an
 * endpoint's own cap, strict FIFO mode, throttling and rate limit leave to claim. The endpoint here has no queue
 * row, or one that is not due, so the running dispatcher never claims its deliveries itself.
 */
@QuarkusTest
class DeliveryLeaseTest {

    private static final int CAP = 3;
    private static final int PREFETCH = 9;
    private static final Duration LEASE = Duration.ofSeconds(30);

    /** Fixtures and checks span ledgers: the batch datasource, which row-level security does not bind. */
    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Inject
    DeliveryRepository deliveries;

    private UUID endpoint;
    /** The endpoint's deliveries, oldest due first. */
    private final List<UUID> dueOrder = new ArrayList<>();

    @BeforeEach
    void twelveDueDeliveries() {
        UUID ledger = UUID.randomUUID();
        endpoint = UUID.randomUUID();
        dueOrder.clear();
        pool.preparedQuery("INSERT INTO endpoints (id, ledger_id, url, secret) VALUES ($1, $2, 'https://example.com/hook',"
                + " 'whsec_dGVzdA==')").execute(Tuple.of(endpoint, ledger)).await().indefinitely();
        for (int i = 0; i < 12; i++) {
            UUID message = UUID.randomUUID();
            pool.preparedQuery("INSERT INTO messages (id, ledger_id, event_type, payload) VALUES ($1, $2,"
                    + " 'transaction.posted', '{}')").execute(Tuple.of(message, ledger)).await().indefinitely();
            UUID delivery = UUID.randomUUID();
            dueOrder.add(delivery);
            pool.preparedQuery("INSERT INTO deliveries (id, message_id, endpoint_id, next_attempt_at, ledger_id,"
                    + " position) VALUES ($1, $2, $3, now() - make_interval(secs => $4), $5, $6)")
                    .execute(Tuple.of(delivery, message, endpoint, 12 - i, ledger, (long) i)).await().indefinitely();
        }
    }

    @Test
    void aReplicaLeasesAheadOnlyWhileNoOtherReplicaHoldsTheEndpoint() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        List<ClaimedDelivery> leasedAhead = claim(first, PREFETCH, 100);
        assertEquals(PREFETCH, leasedAhead.size());
        assertEquals(PREFETCH, leases(first));
        // The prefetch size counts this replica's own leases: nothing more until some are recorded.
        assertEquals(0, claim(first, PREFETCH, 100).size());
        // Another replica gets nothing while the first holds the cap or more.
        assertEquals(0, claim(second, PREFETCH, 100).size());

        // The first replica gives back all but one lease: the second may now lease up to the cap in all.
        release(leasedAhead.subList(1, PREFETCH));
        assertEquals(1, leases(first));
        assertEquals(CAP - 1, claim(second, PREFETCH, 100).size());
        assertEquals(CAP - 1, leases(second));
        // With both holding leases, each is held to the cap minus every live lease: none left.
        assertEquals(0, claim(first, PREFETCH, 100).size());
        assertEquals(0, claim(second, PREFETCH, 100).size());
    }

    @Test
    void withoutPrefetchAReplicaLeasesAtMostTheCapOldestFirst() {
        UUID holder = UUID.randomUUID();
        List<ClaimedDelivery> claimed = claim(holder, CAP, 100);
        assertEquals(Set.copyOf(dueOrder.subList(0, CAP)), claimed.stream().map(ClaimedDelivery::id).collect(toSet()));
        assertEquals(0, claim(holder, CAP, 100).size());
        assertEquals(CAP, leases(holder));
    }

    @Test
    void theReplicaLimitBoundsTheClaimAndRecordingEndsTheLease() {
        UUID holder = UUID.randomUUID();
        List<ClaimedDelivery> claimed = claim(holder, PREFETCH, 2);
        assertEquals(2, claimed.size());
        release(claimed);
        assertEquals(0, leases(holder));
        assertEquals(0, count("SELECT count(*) FROM deliveries WHERE endpoint_id = $1"
                + " AND (lease_expires_at IS NOT NULL OR attempts <> 0 OR next_attempt_at > now())"));
    }

    @Test
    void anEndpointsOwnCapBindsEveryReplica() {
        update("UPDATE endpoints SET max_in_flight = 2 WHERE id = $1");
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        List<ClaimedDelivery> claimed = claim(first, 0, 100);
        assertEquals(2, claimed.size());
        assertEquals(Set.of(2), claimed.stream().map(ClaimedDelivery::maxInFlight).collect(toSet()));
        assertEquals(0, claim(second, 0, 100).size());
        // A max_in_flight above the service's cap is held to it.
        release(claimed);
        update("UPDATE endpoints SET max_in_flight = 50 WHERE id = $1");
        assertEquals(CAP, claim(first, 0, 100).size());
    }

    @Test
    void aStrictFifoEndpointIsClaimedOneDeliveryAtATimeInPositionOrder() {
        update("UPDATE endpoints SET fifo = true WHERE id = $1");
        UUID head = dueOrder.get(5);
        pool.preparedQuery("UPDATE deliveries SET position = -1 WHERE id = $1").execute(Tuple.of(head))
                .await().indefinitely();
        UUID holder = UUID.randomUUID();

        List<ClaimedDelivery> claimed = claim(holder, PREFETCH, 100);
        assertEquals(List.of(head), claimed.stream().map(ClaimedDelivery::id).toList());
        assertEquals(1, claimed.get(0).maxInFlight());
        // Nothing more while it is in flight, from this replica or another, leased ahead or not.
        assertEquals(0, claim(holder, PREFETCH, 100).size());
        assertEquals(0, claim(UUID.randomUUID(), PREFETCH, 100).size());
        // Waiting for its retry, it still holds back the others.
        pool.preparedQuery("UPDATE deliveries SET lease_expires_at = NULL, leased_by = NULL, attempts = 1,"
                + " next_attempt_at = now() + interval '1 minute' WHERE id = $1").execute(Tuple.of(head))
                .await().indefinitely();
        assertEquals(0, claim(holder, PREFETCH, 100).size());
        // Once it has succeeded, the next in position order goes.
        pool.preparedQuery("UPDATE deliveries SET status = 'succeeded', next_attempt_at = NULL WHERE id = $1")
                .execute(Tuple.of(head)).await().indefinitely();
        assertEquals(List.of(dueOrder.get(0)), claim(holder, PREFETCH, 100).stream().map(ClaimedDelivery::id).toList());
    }

    @Test
    void aThrottledEndpointIsClaimedByNoReplicaUntilItsPauseEnds() {
        update("INSERT INTO endpoint_queues (endpoint_id, next_due_at, throttled_until)"
                + " VALUES ($1, now() + interval '1 minute', now() + interval '1 minute')");
        assertEquals(0, claim(UUID.randomUUID(), PREFETCH, 100).size());
        assertEquals(0, claim(UUID.randomUUID(), 0, 100).size());
        update("UPDATE endpoint_queues SET throttled_until = now() - interval '1 second' WHERE endpoint_id = $1");
        assertEquals(CAP, claim(UUID.randomUUID(), 0, 100).size());
    }

    @Test
    void aRateLimitIsOneBucketForEveryReplica() {
        update("UPDATE endpoints SET rate_limit = 2 WHERE id = $1");
        update("INSERT INTO endpoint_queues (endpoint_id, next_due_at) VALUES ($1, NULL)");
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        // A full bucket holds one second's worth.
        List<ClaimedDelivery> claimed = claim(first, PREFETCH, 100);
        assertEquals(2, claimed.size());
        release(claimed);
        // Spent: no replica gets more within the second, though slots are free.
        assertEquals(0, claim(second, PREFETCH, 100).size());
        assertEquals(0, claim(first, PREFETCH, 100).size());
        // Half a second later, one token.
        update("UPDATE endpoint_queues SET tokens_at = tokens_at - interval '500 milliseconds' WHERE endpoint_id = $1");
        assertEquals(1, claim(second, PREFETCH, 100).size());
    }

    private void update(String sql) {
        pool.preparedQuery(sql).execute(Tuple.of(endpoint)).await().indefinitely();
    }

    private List<ClaimedDelivery> claim(UUID holder, int leaseLimit, int replicaLimit) {
        return pool.withTransaction(conn -> deliveries.claimDue(conn, List.of(endpoint), List.of(leaseLimit), CAP,
                replicaLimit, LEASE, holder)).await().atMost(Duration.ofSeconds(10));
    }

    private void release(List<ClaimedDelivery> claimed) {
        deliveries.recordOutcomes(pool, claimed.stream().map(AttemptOutcome::release).toList())
                .await().atMost(Duration.ofSeconds(10));
    }

    private long leases(UUID holder) {
        return pool.preparedQuery("SELECT count(*) FROM deliveries WHERE endpoint_id = $1 AND leased_by = $2"
                + " AND lease_expires_at > now()").execute(Tuple.of(endpoint, holder)).await().indefinitely()
                .iterator().next().getLong(0);
    }

    private long count(String sql) {
        return pool.preparedQuery(sql).execute(Tuple.of(endpoint)).await().indefinitely().iterator().next().getLong(0);
    }
}
