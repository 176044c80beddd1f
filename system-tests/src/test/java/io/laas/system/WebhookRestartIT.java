package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

/** The retry schedule lives in the database: a failed delivery is retried by the restarted service. */
class WebhookRestartIT {

    private static LoopbackReceiver receiver;

    @BeforeAll
    static void start() {
        RunningStack.get();
        // the first request is refused, every later one accepted
        receiver = LoopbackReceiver.start("/restart-hooks", earlier -> earlier.isEmpty() ? 503 : 200);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void aDeliveryThatFailedBeforeARestartIsRetriedByTheRestartedService() throws IOException {
        String token = RunningStack.otherToken();
        UUID ledger = RunningStack.OTHER_LEDGER;
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(),
                        "event_types", List.of("transaction.posted")))
                .post("/v1/ledgers/{ledger}/webhook-endpoints", ledger)
                .then().statusCode(201);
        String debit = LedgerApi.newCode("till");
        String credit = LedgerApi.newCode("sales");
        LedgerApi.createAccount(token, ledger, debit, "asset");
        LedgerApi.createAccount(token, ledger, credit, "revenue");
        Map<String, Object> body = Map.of(
                "idempotency_key", UUID.randomUUID().toString(),
                "currency", "EUR",
                "postings", List.of(
                        Map.of("account_code", debit, "direction", "debit", "amount", "7.50"),
                        Map.of("account_code", credit, "direction", "credit", "amount", "7.50")));
        String transactionId = LedgerApi.post(token, ledger, body).then().statusCode(201).extract().path("transaction_id");

        List<LoopbackReceiver.Request> received = receiver.requests();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> !received.isEmpty());
        Instant restartBegan = Instant.now();
        RunningStack.get().restart("webhook-service");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> received.stream().anyMatch(r -> r.answered() == 200));
        LoopbackReceiver.Request failed = received.get(0);
        LoopbackReceiver.Request retried = received.stream().filter(r -> r.answered() == 200).findFirst().orElseThrow();
        assertTrue(failed.body().contains(transactionId));
        assertEquals(failed.webhookId(), retried.webhookId(), "the same message, retried");
        assertTrue(retried.at().isAfter(restartBegan), "retried by the restarted service, not before it stopped");
    }
}
