package io.laas.projector.rebuild;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.laas.events.chain.HashChain;
import io.laas.local.testing.LocalInfraTestResource;
import io.laas.local.testing.TestTokens;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.tenancy.LedgerScope;
import io.laas.web.security.Scopes;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Measures, does not assert: how long a rebuild of a ledger of {@code laas.measure.transactions} transactions
 * (default 10,000, two postings each, so twice as many account entries) takes, and how long its swap holds the
 * ledger. Run with {@code ./mvnw -pl projector-service -am verify -Dtest=RebuildMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false}; pages of 1,000 events, as in production.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
@QuarkusTestResource(FakeCommandService.class)
@TestProfile(RebuildMeasurement.ProductionPages.class)
class RebuildMeasurement {

    public static class ProductionPages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("laas.projector.rebuild.page-size", "1000");
        }
    }

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Test
    void rebuildOfALargeLedger() {
        int transactions = Integer.getInteger("laas.measure.transactions", 10_000);
        TestLedger ledger = new TestLedger();
        List<Event> events = new ArrayList<>();
        events.add(ledger.account("cash", "asset"));
        events.add(ledger.account("revenue", "revenue"));
        for (int i = 0; i < transactions; i++) {
            events.add(ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "1.00", "revenue", "credit",
                    "1.00"));
        }
        String previous = HashChain.genesis(ledger.id);
        JsonArray envelopes = new JsonArray();
        for (Event event : events) {
            previous = HashChain.hash(previous, event.envelope());
            event.envelope().put(HashChain.HASH, previous);
            envelopes.add(event.envelope());
        }
        String fake = ConfigProvider.getConfig().getValue("laas.test.fake-command-url", String.class);
        given().contentType("application/json").body(envelopes.encode())
                .post(fake + "/test/ledgers/" + ledger.id + "/events").then().statusCode(204);
        TestLedger.sendAll(events);
        long last = events.size();
        await().atMost(Duration.ofMinutes(10)).until(() -> pool.preparedQuery("SELECT coalesce(max(last_sequence), 0) "
                + "FROM ledger_progress WHERE ledger_id = $1").execute(Tuple.of(ledger.id)).await().indefinitely()
                .iterator().next().getLong(0) == last);

        String ops = TestTokens.token(List.of(), Scopes.OPS_ADMIN);
        long began = System.nanoTime();
        given().auth().oauth2(ops).post("/v1/ops/projector/ledgers/{id}/rebuild", ledger.id).then().statusCode(202);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> !"running".equals(given().auth().oauth2(ops)
                        .get("/v1/ops/projector/ledgers/{id}/rebuild", ledger.id).then().extract().path("status")));
        double seconds = (System.nanoTime() - began) / 1e9;
        assertEquals("completed", given().auth().oauth2(ops).get("/v1/ops/projector/ledgers/{id}/rebuild", ledger.id)
                .then().extract().path("status"));
        String swap = management().get("/q/metrics").then().extract().asString().lines()
                .filter(line -> line.startsWith("laas_projector_rebuild_swap_seconds_max")).findFirst().orElse("?");
        System.out.printf("Rebuild of %d events (%d transactions): %.1f s, %.0f events/s; swap: %s%n", last,
                transactions, seconds, last / seconds, swap);
    }
}
