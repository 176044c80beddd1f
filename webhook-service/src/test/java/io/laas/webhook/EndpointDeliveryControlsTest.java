package io.laas.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;

import io.laas.local.testing.TestTokens;
import io.laas.tenancy.LedgerScope;
import io.laas.web.security.Scopes;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What endpoint settings do to the requests, against receivers on loopback (allowed by this profile only): custom
 * headers arrive and never replace the signature, a test message reaches only its endpoint, wildcard subscriptions,
 * and both signatures during a secret rotation's overlap (3 s here), verified by the reference Standard Webhooks
 * library.
 */
@QuarkusTest
@TestProfile(EndpointDeliveryControlsTest.ShortOverlap.class)
class EndpointDeliveryControlsTest {

    public static class ShortOverlap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("laas.webhook.allow-private-targets", "true", "laas.webhook.secret-overlap", "3s");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void customHeadersArriveWithEveryRequestAndNeverReplaceTheSenderOwnHeaders() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            Response created = given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON)
                    .body(Map.of("url", receiver.url("/custom"),
                            "headers", Map.of("Authorization", "Bearer receiver-credential", "X-Tenant", "acme")))
                    .post(EndpointResourceTest.path(ledger))
                    .then().statusCode(201).extract().response();
            UUID endpoint = UUID.fromString(created.path("id"));
            String secret = created.path("secret");
            // as if stored past the validation: the sender still sets its own headers last
            pool.preparedQuery("UPDATE endpoints SET headers = headers || '{\"webhook-signature\": \"v1,forged\","
                    + " \"Webhook-Id\": \"forged\", \"Content-Type\": \"text/plain\", \"User-Agent\": \"forged\"}'"
                    + " WHERE id = $1").execute(Tuple.of(endpoint)).await().atMost(WAIT);

            UUID eventId = UUID.randomUUID();
            LedgerEvents.send(ledger, eventId, "transaction.posted", LedgerEvents.transactionPosted(eventId, ledger, 1));
            await().atMost(WAIT).until(() -> receiver.requests("/custom").size() == 1);
            Receiver.Request request = receiver.requests("/custom").get(0);
            assertEquals("Bearer receiver-credential", request.header("authorization"));
            assertEquals("acme", request.header("x-tenant"));
            assertEquals(List.of(eventId.toString()), request.headers().get("webhook-id"));
            assertEquals(1, request.headers().get("webhook-signature").size());
            assertTrue(request.header("webhook-signature").startsWith("v1,"));
            assertTrue(!request.header("webhook-signature").contains("forged"), "the genuine signature");
            assertEquals(List.of("application/json"), request.headers().get("content-type"));
            assertEquals("LaaS-Webhooks/1.0", request.header("user-agent"));
            assertDoesNotThrow(() -> new Webhook(secret).verify(request.body(), request.headers()));
        }
    }

    @Test
    void aTestMessageReachesOnlyItsEndpointSigned() throws Exception {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            Response tested = createEndpoint(ledger, receiver.url("/tested"), List.of("transaction.posted"));
            createEndpoint(ledger, receiver.url("/other"), null);
            UUID endpoint = UUID.fromString(tested.path("id"));

            String messageId = given().auth().oauth2(writer(ledger))
                    .post(EndpointResourceTest.path(ledger) + "/" + endpoint + "/test")
                    .then().statusCode(202)
                    .body("event_type", equalTo("webhook.test"))
                    .extract().path("message_id");

            await().atMost(WAIT).until(() -> receiver.requests("/tested").size() == 1);
            Receiver.Request request = receiver.requests("/tested").get(0);
            assertEquals(messageId, request.header("webhook-id"));
            String secret = tested.path("secret");
            assertDoesNotThrow(() -> new Webhook(secret).verify(request.body(), request.headers()));
            JsonNode body = JSON.readTree(request.body());
            assertEquals("webhook.test", body.get("type").asText());
            assertEquals(messageId, body.at("/data/event_id").asText());
            assertEquals("webhook.test", body.at("/data/event_type").asText());
            assertEquals(ledger.toString(), body.at("/data/ledger_id").asText());
            assertEquals(endpoint.toString(), body.at("/data/data/endpoint_id").asText());
            assertEquals(body.get("timestamp").asText(), body.at("/data/recorded_at").asText());
            assertTrue(body.at("/data/sequence").isMissingNode(), "an operational event has no ledger sequence");
            Instant.parse(body.get("timestamp").asText());
            assertEquals(List.of(), OperationalEventSchemas.errors("webhook.test", body.get("data").toString()),
                    "docs/events/operational/webhook.test.schema.json");

            Row message = row("SELECT event_type, jsonb_typeof(payload) AS shape FROM messages WHERE id = $1",
                    UUID.fromString(messageId));
            assertEquals("webhook.test", message.getString("event_type"));
            assertEquals("object", message.getString("shape"));
            assertEquals(1L, row("SELECT count(*) FROM deliveries WHERE message_id = $1", UUID.fromString(messageId))
                    .getLong(0), "one delivery, to the tested endpoint only");
            await().atMost(WAIT).until(() -> "succeeded".equals(row("SELECT status FROM deliveries WHERE message_id = $1",
                    UUID.fromString(messageId)).getString(0)));
            assertEquals(List.of(), receiver.requests("/other"));
        }
    }

    @Test
    void aFamilyWildcardReceivesItsFamilyOnly() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            UUID endpoint = UUID.fromString(createEndpoint(ledger, receiver.url("/transactions"),
                    List.of("transaction.*")).path("id"));
            UUID account = UUID.randomUUID();
            UUID transaction = UUID.randomUUID();
            // one partition per ledger: the account event is taken in before the transaction
            LedgerEvents.send(ledger, account, "account.created", LedgerEvents.accountCreated(account, ledger, 1));
            LedgerEvents.send(ledger, transaction, "transaction.posted",
                    LedgerEvents.transactionPosted(transaction, ledger, 2));

            await().atMost(WAIT).until(() -> receiver.requests("/transactions").size() == 1);
            assertEquals(transaction.toString(), receiver.requests("/transactions").get(0).header("webhook-id"));
            assertEquals(1L, row("SELECT count(*) FROM messages WHERE id = $1", account).getLong(0));
            assertEquals(0L, row("SELECT count(*) FROM deliveries WHERE message_id = $1", account).getLong(0));
            assertEquals(1L, row("SELECT count(*) FROM deliveries WHERE endpoint_id = $1", endpoint).getLong(0));
        }
    }

    @Test
    void duringTheOverlapEveryRequestCarriesBothSignaturesAndAfterItOnlyTheNewOne() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            Response created = createEndpoint(ledger, receiver.url("/rotating"), null);
            UUID endpoint = UUID.fromString(created.path("id"));
            String oldSecret = created.path("secret");
            String newSecret = given().auth().oauth2(writer(ledger))
                    .post(EndpointResourceTest.path(ledger) + "/" + endpoint + "/secret/rotate")
                    .then().statusCode(200).extract().path("secret");

            UUID during = UUID.randomUUID();
            LedgerEvents.send(ledger, during, "transaction.posted", LedgerEvents.transactionPosted(during, ledger, 1));
            await().atMost(WAIT).until(() -> receiver.requests("/rotating").size() == 1);
            Receiver.Request overlapping = receiver.requests("/rotating").get(0);
            String[] signatures = overlapping.header("webhook-signature").split(" ");
            assertEquals(2, signatures.length, overlapping.header("webhook-signature"));
            assertTrue(signatures[0].startsWith("v1,") && signatures[1].startsWith("v1,"));
            assertDoesNotThrow(() -> new Webhook(newSecret).verify(overlapping.body(), overlapping.headers()));
            assertDoesNotThrow(() -> new Webhook(oldSecret).verify(overlapping.body(), overlapping.headers()));

            await().atMost(WAIT).until(() -> row("SELECT previous_secret_expires_at < now() FROM endpoints WHERE id = $1",
                    endpoint).getBoolean(0));
            given().auth().oauth2(TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_READ))
                    .get(EndpointResourceTest.path(ledger) + "/" + endpoint)
                    .then().statusCode(200).body("previous_secret_expires_at", equalTo(null));
            UUID after = UUID.randomUUID();
            LedgerEvents.send(ledger, after, "transaction.posted", LedgerEvents.transactionPosted(after, ledger, 2));
            await().atMost(WAIT).until(() -> receiver.requests("/rotating").size() == 2);
            Receiver.Request alone = receiver.requests("/rotating").get(1);
            assertEquals(1, alone.header("webhook-signature").split(" ").length);
            assertDoesNotThrow(() -> new Webhook(newSecret).verify(alone.body(), alone.headers()));
            assertThrows(Exception.class, () -> new Webhook(oldSecret).verify(alone.body(), alone.headers()));
        }
    }

    @Test
    void deletingAnEndpointWithAnAttemptInFlightLeavesTheOthersServed() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().holding("/deleted", Duration.ofSeconds(3))) {
            UUID deleted = UUID.fromString(createEndpoint(ledger, receiver.url("/deleted"), null).path("id"));
            UUID first = UUID.randomUUID();
            LedgerEvents.send(ledger, first, "transaction.posted", LedgerEvents.transactionPosted(first, ledger, 1));
            await().atMost(WAIT).until(() -> receiver.held("/deleted") == 1);

            given().auth().oauth2(writer(ledger)).delete(EndpointResourceTest.path(ledger) + "/" + deleted)
                    .then().statusCode(204);
            await().atMost(WAIT).until(() -> receiver.answered("/deleted") == 1);

            // the outcome of the attempt to the deleted endpoint must not hold up anyone else's
            UUID kept = UUID.fromString(createEndpoint(ledger, receiver.url("/kept"), null).path("id"));
            UUID second = UUID.randomUUID();
            LedgerEvents.send(ledger, second, "transaction.posted", LedgerEvents.transactionPosted(second, ledger, 2));
            await().atMost(WAIT).until(() -> "succeeded".equals(status(second, kept)));
            assertEquals(1L, row("SELECT count(*) FROM attempts WHERE endpoint_id = $1", kept).getLong(0));
            assertEquals(0L, row("SELECT count(*) FROM deliveries WHERE endpoint_id = $1", deleted).getLong(0));
            assertEquals(0L, row("SELECT count(*) FROM endpoint_queues WHERE endpoint_id = $1", deleted).getLong(0));
        }
    }

    private String status(UUID message, UUID endpoint) {
        var rows = pool.preparedQuery("SELECT status FROM deliveries WHERE message_id = $1 AND endpoint_id = $2")
                .execute(Tuple.of(message, endpoint)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next().getString(0);
    }

    private Response createEndpoint(UUID ledger, String url, List<String> eventTypes) {
        Map<String, Object> body = eventTypes == null ? Map.of("url", url) : Map.of("url", url, "event_types", eventTypes);
        return given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON).body(body)
                .post(EndpointResourceTest.path(ledger))
                .then().statusCode(201).extract().response();
    }

    private static String writer(UUID ledger) {
        return TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_WRITE);
    }

    private Row row(String sql, UUID param) {
        var rows = pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(Duration.ofSeconds(10));
        assertEquals(1, rows.size(), sql);
        return rows.iterator().next();
    }
}
