package io.laas.webhook;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.DatabaseOutage;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * PostgreSQL refuses the service for longer than SmallRye's default 60 s unprocessed-record limit while
 * events keep arriving. Afterwards every event is stored and delivered by the same running service: the
 * consumer held its partitions and retried, it was neither closed nor reported dead.
 */
@QuarkusTest
@TestProfile(WebhookDeliveryTest.LoopbackTargetsAllowed.class)
class DatabaseOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(75);

    /** Fixtures and checks span ledgers: the batch datasource, which row-level security does not bind. */
    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Test
    void eventsThatArriveDuringALongDatabaseOutageAreStoredAndDeliveredAfterwards() throws Exception {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/outage"));
            List<UUID> warmUp = LedgerEvents.sendTransactions(ledger, 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().size() == 1);
            double retriesBefore = Metrics.value("laas_webhook_intake_retries_total", "").orElse(0.0);

            List<UUID> duringOutage = new ArrayList<>();
            long started = System.nanoTime();
            // Both of the service's roles: its own, and the batch role the intake and the dispatcher connect as.
            try (DatabaseOutage outage = DatabaseOutage.begin(config("laas.db.host"),
                    Integer.parseInt(config("laas.db.port")), config("laas.db.name"), config("laas.db.username"),
                    config("laas.db.batch-username"))) {
                duringOutage.addAll(LedgerEvents.sendTransactions(ledger, 5));
                Thread.sleep(OUTAGE.dividedBy(2).toMillis());
                duringOutage.addAll(LedgerEvents.sendTransactions(ledger, 5));
                Thread.sleep(OUTAGE.minus(Duration.ofNanos(System.nanoTime() - started)).toMillis());
                // Past 60 s: the consumer still counts as alive (a restart would not help), readiness reports the database.
                management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
                management().get("/q/health/ready").then().statusCode(503);
                assertEquals(1, receiver.requests().size());
            }

            await().atMost(Duration.ofSeconds(90)).until(() -> receiver.requests().size() == 11);
            await().atMost(Duration.ofSeconds(30)).until(() -> succeeded(duringOutage, endpoint) == duringOutage.size());
            assertEquals(Set.copyOf(ids(warmUp, duringOutage)),
                    receiver.requests().stream().map(r -> UUID.fromString(r.header("webhook-id"))).collect(Collectors.toSet()));
            assertTrue(Metrics.value("laas_webhook_intake_retries_total") > retriesBefore);

            // The same consumer goes on with new events.
            List<UUID> afterwards = LedgerEvents.sendTransactions(ledger, 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> succeeded(afterwards, endpoint) == 1);
            management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
            // The pools replace their cut connections as they are used or checked.
            await().atMost(Duration.ofSeconds(30)).until(() -> management().get("/q/health/ready").statusCode() == 200);
        }
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    private static List<UUID> ids(List<UUID> first, List<UUID> second) {
        List<UUID> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private long succeeded(List<UUID> messages, UUID endpoint) {
        return pool.preparedQuery("SELECT count(*) FROM deliveries WHERE message_id = ANY ($1) AND endpoint_id = $2"
                + " AND status = 'succeeded'")
                .execute(Tuple.tuple().addArrayOfUUID(messages.toArray(UUID[]::new)).addUUID(endpoint))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }
}
