package io.laas.ledger;

import static io.laas.ledger.LedgerFixtures.outboxMetric;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
class ObservabilityTest {

    @Inject
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void healthChecksAreUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void postingAndRelayMetricsArePublished() {
        double publishedBefore = outboxMetric("laas_outbox_published_total");
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        LedgerFixtures.createAccount(ledger, "cash", "asset");
        LedgerFixtures.createAccount(ledger, "revenue", "revenue");
        OutboxRelayTest.postTransaction(ledger, "metrics-ok");
        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON)
                .body(Map.of("idempotency_key", "metrics-bad", "currency", "USD", "postings", List.of(
                        Map.of("account_code", "cash", "direction", "debit", "amount", "2.00"),
                        Map.of("account_code", "revenue", "direction", "credit", "amount", "1.00"))))
                .when().post("/v1/ledgers/{id}/transactions", ledger)
                .then().statusCode(422);

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("laas_ledger_transactions_posted_total"))
                .body(containsString("laas_ledger_transactions_rejected_total{code=\"UNBALANCED_TRANSACTION\""))
                .body(containsString("laas_ledger_posting_latency_seconds"))
                .body(containsString("laas_outbox_pending"))
                .body(containsString("laas_outbox_lag_seconds"));
        // two account.created and one transaction.posted
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxMetric("laas_outbox_published_total") >= publishedBefore + 3);
    }

    @Test
    void openApiDocumentDescribesTheCommands() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/v1/ledgers/{ledger_id}/transactions"))
                .body(containsString("/v1/ledgers/{ledger_id}/accounts"));
    }
}
