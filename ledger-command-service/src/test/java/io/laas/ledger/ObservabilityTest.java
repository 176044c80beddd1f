package io.laas.ledger;

import static io.laas.local.testing.ManagementInterface.management;
import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.metric;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
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
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
class ObservabilityTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void healthChecksAreUp() {
        management().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        management().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void postingsRejectionsBatchesAndRelayMoveTheirMetrics() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        LedgerFixtures.createAccount(ledger, "cash", "asset");
        LedgerFixtures.createAccount(ledger, "revenue", "revenue");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(pool, "SELECT count(*) FROM outbox WHERE aggregateid = $1", ledger.toString()) == 0);
        String unbalanced = "laas_ledger_transactions_rejected_total{code=\"UNBALANCED_TRANSACTION\"}";
        double posted = metric("laas_ledger_transactions_posted_total");
        double replayed = metric("laas_ledger_transactions_replayed_total");
        double rejected = metric(unbalanced);
        double latencies = metric("laas_ledger_posting_latency_seconds_count");
        double batches = metric("laas_ledger_batch_size_count");
        double published = metric("laas_outbox_published_total{table=\"outbox\"}");
        double appends = metric("laas_ledger_event_append_seconds_count");
        double appendsWithin10s = metric("laas_ledger_event_append_seconds_bucket{le=\"10.0\"}");
        double eventsAppended = metric("laas_ledger_events_appended_total");

        OutboxRelayTest.postTransaction(ledger, "metrics-ok");
        OutboxRelayTest.postTransaction(ledger, "metrics-ok");
        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON)
                .body(Map.of("idempotency_key", "metrics-bad", "currency", "USD", "postings", List.of(
                        Map.of("account_code", "cash", "direction", "debit", "amount", "2.00"),
                        Map.of("account_code", "revenue", "direction", "credit", "amount", "1.00"))))
                .when().post("/v1/ledgers/{id}/transactions", ledger)
                .then().statusCode(422);

        assertEquals(posted + 1, metric("laas_ledger_transactions_posted_total"));
        assertEquals(replayed + 1, metric("laas_ledger_transactions_replayed_total"));
        assertEquals(rejected + 1, metric(unbalanced));
        assertEquals(latencies + 2, metric("laas_ledger_posting_latency_seconds_count"));
        assertEquals(batches + 2, metric("laas_ledger_batch_size_count"), "the unbalanced one never joined a batch");
        assertEquals(appends + 1, metric("laas_ledger_event_append_seconds_count"), "one append: the replay and the"
                + " rejected request wrote no event");
        assertEquals(appendsWithin10s + 1, metric("laas_ledger_event_append_seconds_bucket{le=\"10.0\"}"),
                "the append timer publishes buckets, for quantiles over all replicas");
        assertEquals(eventsAppended + 1, metric("laas_ledger_events_appended_total"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertTrue(metric("laas_outbox_published_total{table=\"outbox\"}") >= published + 1));
    }

    @Test
    void openApiDocumentDescribesTheCommands() {
        management().when().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/v1/ledgers/{ledger_id}/transactions"))
                .body(containsString("/v1/ledgers/{ledger_id}/accounts"));
    }
}
