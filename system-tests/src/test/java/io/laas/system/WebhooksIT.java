package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

class WebhooksIT {

    /** One request as the receiver saw it, and what it answered. */
    record Delivery(Map<String, List<String>> headers, String body, int answered) {
        String id() {
            return headers.get("webhook-id").get(0);
        }
    }

    private static final List<Delivery> DELIVERIES = new CopyOnWriteArrayList<>();
    private static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();
    private static HttpServer receiver;

    @BeforeAll
    static void start() throws IOException {
        RunningStack.get();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            int status = FAILED_ONCE.compareAndSet(false, true) ? 500 : 204;
            DELIVERIES.add(new Delivery(headers, body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
    }

    @Test
    void aPostedTransactionIsDeliveredSignedAndRedeliveredAfterTheReceiverFirstAnswers500() throws Exception {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
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
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> DELIVERIES.stream()
                .filter(d -> d.body().contains(transactionId)).filter(d -> d.answered() == 204).count() == 1);
        List<Delivery> forTransaction = DELIVERIES.stream().filter(d -> d.body().contains(transactionId)).toList();
        Delivery success = forTransaction.stream().filter(d -> d.answered() == 204).findFirst().orElseThrow();
        assertTrue(DELIVERIES.get(0).answered() == 500, "the very first delivery was refused");
        assertEquals(success.id(), DELIVERIES.get(0).id(), "the retry carries the same webhook-id");

        new Webhook(secret).verify(success.body(), success.headers());
        JsonPath payload = new JsonPath(success.body());
        assertEquals("transaction.posted", payload.getString("type"));
        assertNotNull(payload.getString("timestamp"));
        assertEquals(transactionId, payload.getString("data.data.transaction_id"));
        assertEquals(success.id(), payload.getString("data.event_id"));

        given().auth().oauth2(RunningStack.API_KEY).get("/v1/webhook-endpoints/{id}/attempts", endpointId)
                .then().statusCode(200)
                .body("data.findAll { it.message_id == '" + success.id() + "' }.response_status",
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
