package io.laas.projector.projection;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.DatabaseOutage;
import io.laas.local.testing.LocalInfraTestResource;
import io.laas.projector.Metrics;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The consumer outlives a database outage longer than SmallRye's default limit on how long a record may wait
 * (60 s), and applies everything that arrived meanwhile without a restart. This is the suite's one slow test.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class DatabaseOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(70);
    private static final int TRANSACTIONS = 20;

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void eventsArrivingDuringAnOutageLongerThanAMinuteAreAllAppliedOnceTheDatabaseIsBack() throws Exception {
        TestLedger ledger = new TestLedger();
        ledger.account("cash", "asset").send();
        ledger.account("revenue", "revenue").send();
        await().atMost(Duration.ofSeconds(60)).until(() -> lastSequence(ledger.id) == 2L);
        double retriesBefore = Metrics.value("laas_projector_retries_total");

        List<Event> duringOutage = new ArrayList<>();
        try (DatabaseOutage outage = DatabaseOutage.begin(config("laas.db.host"), Integer.parseInt(config("laas.db.port")),
                config("laas.db.name"), config("laas.db.username"), config("laas.db.batch-username"))) {
            for (int i = 0; i < TRANSACTIONS; i++) {
                duringOutage.add(ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "1.00", "revenue",
                        "credit", "1.00"));
            }
            TestLedger.sendAll(duringOutage.subList(0, TRANSACTIONS / 2));
            Thread.sleep(OUTAGE.toMillis() / 2);
            TestLedger.sendAll(duringOutage.subList(TRANSACTIONS / 2, TRANSACTIONS));
            Thread.sleep(OUTAGE.toMillis() / 2);

            assertTrue(Metrics.value("laas_projector_retries_total") > retriesBefore,
                    "the batch was retried while the database was away");
            management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> lastSequence(ledger.id) == 2L + TRANSACTIONS);
        given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/accounts/cash", ledger.id)
                .then().statusCode(200).body("balance", equalTo(TRANSACTIONS + ".00"));
        assertEquals(TRANSACTIONS, count("SELECT count(*) FROM transactions WHERE ledger_id = $1", ledger.id));
        assertEquals(0L, count("SELECT count(*) FROM failed_events WHERE ledger_id = $1", ledger.id));

        ledger.account("after", "asset").send();
        await().atMost(Duration.ofSeconds(60)).until(() -> lastSequence(ledger.id) == 3L + TRANSACTIONS);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(200));
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    private long lastSequence(UUID ledgerId) {
        var rows = pool.preparedQuery("SELECT last_sequence FROM ledger_progress WHERE ledger_id = $1")
                .execute(Tuple.of(ledgerId)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
    }

    private long count(String sql, UUID id) {
        return pool.preparedQuery(sql).execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
