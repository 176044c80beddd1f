package io.laas.webhook;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

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

    @Inject
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
            refuseTheService();
            try {
                duringOutage.addAll(LedgerEvents.sendTransactions(ledger, 5));
                Thread.sleep(OUTAGE.dividedBy(2).toMillis());
                duringOutage.addAll(LedgerEvents.sendTransactions(ledger, 5));
                Thread.sleep(OUTAGE.minus(Duration.ofNanos(System.nanoTime() - started)).toMillis());
                // Past 60 s: the consumer still counts as alive (a restart would not help), readiness reports the database.
                management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
                management().get("/q/health/ready").then().statusCode(503);
                assertEquals(1, receiver.requests().size());
            } finally {
                welcomeTheServiceBack();
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

    /** The service's role may no longer log in, and its open connections are cut. */
    private static void refuseTheService() throws SQLException {
        String role = config().getValue("laas.db.username", String.class);
        try (Connection admin = superuser(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE \"" + role + "\" NOLOGIN");
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
        }
    }

    private static void welcomeTheServiceBack() throws SQLException {
        String role = config().getValue("laas.db.username", String.class);
        try (Connection admin = superuser(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE \"" + role + "\" LOGIN");
        }
    }

    private static Connection superuser() throws SQLException {
        Config config = config();
        String url = "jdbc:postgresql://" + config.getValue("laas.db.host", String.class) + ":"
                + config.getValue("laas.db.port", String.class) + "/" + config.getValue("laas.db.name", String.class);
        return DriverManager.getConnection(url, "postgres", "postgres");
    }

    private static Config config() {
        return ConfigProvider.getConfig();
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
