package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

class WebhooksIT {

    private static LoopbackReceiver receiver;

    @BeforeAll
    static void start() {
        RunningStack.get();
        // the very first request is answered 500, every later one 204
        receiver = LoopbackReceiver.start("/hooks", earlier -> earlier.isEmpty() ? 500 : 204);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void aPostedTransactionIsDeliveredSignedAndRedeliveredAfterTheReceiverFirstAnswers500() throws Exception {
        String url = receiver.url();
        JsonPath endpoint = given().auth().oauth2(RunningStack.API_KEY).contentType(ContentType.JSON)
                .body(Map.of("url", url, "event_types", List.of("transaction.posted"), "description", "whole-suite receiver"))
                .post("/v1/webhook-endpoints")
                .then().statusCode(201)
                .body("secret", startsWith("whsec_"))
                .extract().jsonPath();
        String secret = endpoint.getString("secret");
        String endpointId = endpoint.getString("id");
        given().auth().oauth2(RunningStack.API_KEY).get("/v1/webhook-endpoints/{id}", endpointId)
                .then().statusCode(200).body("url", equalTo(url)).body("secret", org.hamcrest.Matchers.nullValue());

        String token = RunningStack.demoToken();
        String debit = LedgerApi.newCode("hook-cash");
        String credit = LedgerApi.newCode("hook-sales");
        LedgerApi.createAccount(token, RunningStack.SANDBOX, debit, "asset");
        LedgerApi.createAccount(token, RunningStack.SANDBOX, credit, "revenue");
        String transactionId = LedgerApi.post(token, RunningStack.SANDBOX,
                LedgerApi.transfer(UUID.randomUUID().toString(), debit, credit, "42.00"))
                .then().statusCode(201).extract().path("transaction_id");

        // first attempt answered 500, then redelivered (Svix schedule: the second attempt ~5 s later)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> receiver.requests().stream()
                .filter(d -> d.body().contains(transactionId)).filter(d -> d.answered() == 204).count() == 1);
        List<LoopbackReceiver.Request> forTransaction = receiver.requests().stream()
                .filter(d -> d.body().contains(transactionId)).toList();
        LoopbackReceiver.Request success = forTransaction.stream().filter(d -> d.answered() == 204).findFirst().orElseThrow();
        assertTrue(receiver.requests().get(0).answered() == 500, "the very first delivery was refused");
        assertEquals(success.webhookId(), receiver.requests().get(0).webhookId(), "the retry carries the same webhook-id");

        new Webhook(secret).verify(success.body(), success.headers());
        JsonPath payload = new JsonPath(success.body());
        assertEquals("transaction.posted", payload.getString("type"));
        assertNotNull(payload.getString("timestamp"));
        assertEquals(transactionId, payload.getString("data.data.transaction_id"));
        assertEquals(success.webhookId(), payload.getString("data.event_id"));

        given().auth().oauth2(RunningStack.API_KEY).get("/v1/webhook-endpoints/{id}/attempts", endpointId)
                .then().statusCode(200)
                .body("data.findAll { it.message_id == '" + success.webhookId() + "' }.response_status",
                        org.hamcrest.Matchers.containsInAnyOrder(500, 204));
    }

    @Test
    void aMalformedWebhookUrlIsABadRequestProblem() {
        given().auth().oauth2(RunningStack.API_KEY).contentType(ContentType.JSON)
                .body(Map.of("url", "not a url"))
                .post("/v1/webhook-endpoints")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
