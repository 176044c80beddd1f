package io.laas.webhook;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
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

/** Consumption and delivery, end to end, to receivers on loopback (allowed by this profile only). */
@QuarkusTest
@TestProfile(WebhookDeliveryTest.LoopbackTargetsAllowed.class)
class WebhookDeliveryTest {

    public static class LoopbackTargetsAllowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("laas.webhook.allow-private-targets", "true");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fixtures and checks span ledgers: the batch datasource, which row-level security does not bind. */
    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void postedTransactionIsDeliveredWithAVerifiableStandardWebhooksSignature() throws Exception {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            Response endpoint = createEndpoint(ledger, receiver.url("/hooks?tenant=1"), null);
            String secret = endpoint.path("secret");
            UUID eventId = UUID.randomUUID();
            String envelope = LedgerEvents.transactionPosted(eventId, ledger, 1);

            long before = Instant.now().getEpochSecond();
            LedgerEvents.send(ledger, eventId, "transaction.posted", envelope);

            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            Receiver.Request request = receiver.requests().get(0);
            assertEquals("POST", request.method());
            assertEquals("/hooks?tenant=1", request.path());
            assertEquals("application/json", request.header("content-type"));
            assertEquals("LaaS-Webhooks/1.0", request.header("user-agent"));
            assertEquals(eventId.toString(), request.header("webhook-id"));
            long timestamp = Long.parseLong(request.header("webhook-timestamp"));
            assertTrue(timestamp >= before && timestamp <= Instant.now().getEpochSecond());
            assertTrue(request.header("webhook-signature").startsWith("v1,"));
            assertDoesNotThrow(() -> new Webhook(secret).verify(request.body(), request.headers()));

            JsonNode body = JSON.readTree(request.body());
            assertEquals("transaction.posted", body.get("type").asText());
            assertEquals("2026-11-21T15:00:00.123456Z", body.get("timestamp").asText());
            assertEquals(JSON.readTree(envelope), body.get("data"));
            assertEquals("100.00", body.at("/data/data/postings/0/amount").asText());

            // A signature made with another secret does not verify.
            Webhook other = new Webhook("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
            assertTrue(throwsOnVerify(other, request));

            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(eventId, endpointId(endpoint))));
            given().auth().oauth2(reader(ledger)).get(EndpointResourceTest.path(ledger) + "/" + endpointId(endpoint) + "/attempts")
                    .then().statusCode(200)
                    .body("data.size()", equalTo(1))
                    .body("data[0].message_id", equalTo(eventId.toString()))
                    .body("data[0].event_type", equalTo("transaction.posted"))
                    .body("data[0].attempt_number", equalTo(1))
                    .body("data[0].response_status", equalTo(200))
                    .body("data[0].error", nullValue())
                    .body("data[0].delivery_status", equalTo("succeeded"));
        }
    }

    @Test
    void failedAttemptIsRetriedWithTheSameWebhookIdAndLogged() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().thenAnswer(500)) {
            Response endpoint = createEndpoint(ledger, receiver.url("/flaky"), null);
            UUID eventId = UUID.randomUUID();
            LedgerEvents.send(ledger, eventId, "transaction.posted", LedgerEvents.transactionPosted(eventId, ledger, 1));

            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(eventId, endpointId(endpoint))));
            List<Receiver.Request> requests = receiver.requests();
            assertEquals(2, requests.size());
            assertEquals(eventId.toString(), requests.get(0).header("webhook-id"));
            assertEquals(eventId.toString(), requests.get(1).header("webhook-id"));
            assertEquals(requests.get(0).body(), requests.get(1).body());
            String secret = endpoint.path("secret");
            assertDoesNotThrow(() -> new Webhook(secret).verify(requests.get(1).body(), requests.get(1).headers()));

            given().auth().oauth2(reader(ledger)).get(EndpointResourceTest.path(ledger) + "/" + endpointId(endpoint) + "/attempts")
                    .then().statusCode(200)
                    .body("data.attempt_number", contains(2, 1))
                    .body("data.response_status", contains(200, 500))
                    .body("data[1].error", equalTo("HTTP 500"))
                    .body("data.delivery_status", contains("succeeded", "succeeded"));
            // Paging through the log one attempt at a time gives the same order.
            String cursor = given().auth().oauth2(reader(ledger)).queryParam("limit", 1)
                    .get(EndpointResourceTest.path(ledger) + "/" + endpointId(endpoint) + "/attempts")
                    .then().statusCode(200).body("data.attempt_number", contains(2))
                    .extract().path("next_cursor");
            given().auth().oauth2(reader(ledger)).queryParam("limit", 1).queryParam("cursor", cursor)
                    .get(EndpointResourceTest.path(ledger) + "/" + endpointId(endpoint) + "/attempts")
                    .then().statusCode(200).body("data.attempt_number", contains(1)).body("next_cursor", nullValue());
        }
    }

    @Test
    void deliveryFailsAfterTheLastScheduledAttempt() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().answerByDefault(503)) {
            Response endpoint = createEndpoint(ledger, receiver.url("/down"), null);
            UUID eventId = UUID.randomUUID();
            LedgerEvents.send(ledger, eventId, "transaction.posted", LedgerEvents.transactionPosted(eventId, ledger, 1));

            await().atMost(WAIT).until(() -> "failed".equals(deliveryStatus(eventId, endpointId(endpoint))));
            // %test schedule is 0s,1s,2s: three attempts, then failed.
            assertEquals(3, receiver.requests().size());
            assertEquals(3L, count("SELECT count(*) FROM attempts a JOIN deliveries d ON d.id = a.delivery_id"
                    + " WHERE d.message_id = $1", eventId));
            assertEquals(null, scalar("SELECT next_attempt_at::text FROM deliveries WHERE message_id = $1", eventId));
        }
    }

    @Test
    void duplicateEventIsDeliveredOnce() throws Exception {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            Response endpoint = createEndpoint(ledger, receiver.url("/once"), null);
            UUID eventId = UUID.randomUUID();
            String envelope = LedgerEvents.transactionPosted(eventId, ledger, 1);
            LedgerEvents.send(ledger, eventId, "transaction.posted", envelope);
            LedgerEvents.send(ledger, eventId, "transaction.posted", envelope);
            // A later event of the same ledger proves both copies were consumed before we count.
            UUID marker = UUID.randomUUID();
            LedgerEvents.send(ledger, marker, "transaction.posted", LedgerEvents.transactionPosted(marker, ledger, 2));

            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(marker, endpointId(endpoint))));
            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(eventId, endpointId(endpoint))));
            assertEquals(1L, count("SELECT count(*) FROM messages WHERE id = $1", eventId));
            assertEquals(1L, count("SELECT count(*) FROM deliveries WHERE message_id = $1", eventId));
            assertEquals(1, receiver.requests().stream()
                    .filter(r -> eventId.toString().equals(r.header("webhook-id"))).count());
        }
    }

    @Test
    void endpointsReceiveOnlyTheEventTypesTheySubscribedTo() {
        UUID ledger = UUID.randomUUID();
        try (Receiver accounts = Receiver.start(); Receiver everything = Receiver.start()) {
            Response accountsOnly = createEndpoint(ledger, accounts.url("/accounts"), List.of("account.created"));
            Response all = createEndpoint(ledger, everything.url("/all"), null);

            UUID posted = UUID.randomUUID();
            LedgerEvents.send(ledger, posted, "transaction.posted", LedgerEvents.transactionPosted(posted, ledger, 2));
            UUID created = UUID.randomUUID();
            LedgerEvents.send(ledger, created, "account.created", LedgerEvents.accountCreated(created, ledger, 1));

            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(created, endpointId(accountsOnly)))
                    && "succeeded".equals(deliveryStatus(posted, endpointId(all)))
                    && "succeeded".equals(deliveryStatus(created, endpointId(all))));
            assertEquals(null, deliveryStatus(posted, endpointId(accountsOnly)));
            assertEquals(List.of(created.toString()),
                    accounts.requests().stream().map(r -> r.header("webhook-id")).toList());
            assertEquals(2, everything.requests().size());
        }
    }

    @Test
    void goneDisablesTheEndpointAndFailsItsPendingDeliveries() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().answerByDefault(410)) {
            Response endpoint = createEndpoint(ledger, receiver.url("/gone"), null);
            UUID endpointId = endpointId(endpoint);
            UUID eventId = UUID.randomUUID();
            LedgerEvents.send(ledger, eventId, "transaction.posted", LedgerEvents.transactionPosted(eventId, ledger, 1));

            await().atMost(WAIT).until(() -> "failed".equals(deliveryStatus(eventId, endpointId)));
            assertEquals(1, receiver.requests().size());
            given().auth().oauth2(reader(ledger)).get(EndpointResourceTest.path(ledger) + "/" + endpointId)
                    .then().statusCode(200)
                    .body("enabled", equalTo(false))
                    .body("disabled_reason", containsString("410"));
            assertEquals(0L, count("SELECT count(*) FROM deliveries WHERE endpoint_id = $1 AND status = 'pending'",
                    endpointId));

            // Later events are no longer queued for the disabled endpoint.
            UUID later = UUID.randomUUID();
            LedgerEvents.send(ledger, later, "transaction.posted", LedgerEvents.transactionPosted(later, ledger, 2));
            await().atMost(WAIT).until(() -> count("SELECT count(*) FROM messages WHERE id = $1", later) == 1L);
            assertEquals(null, deliveryStatus(later, endpointId));
            assertEquals(1, receiver.requests().size());
        }
    }

    @Test
    void unprocessableRecordGoesToTheDeadLetterTopicAndConsumptionContinues() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            Response endpoint = createEndpoint(ledger, receiver.url("/after-poison"), null);
            String poisonKey = ledger.toString();
            LedgerEvents.send(LedgerEvents.TOPIC, poisonKey, null, null, "this is not json " + ledger);
            UUID next = UUID.randomUUID();
            LedgerEvents.send(ledger, next, "transaction.posted", LedgerEvents.transactionPosted(next, ledger, 1));

            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(next, endpointId(endpoint))));
            List<ConsumerRecord<String, String>> dead = readDeadLetters(poisonKey);
            assertEquals(1, dead.size());
            assertEquals("this is not json " + ledger, dead.get(0).value());
            assertNotNull(dead.get(0).headers().lastHeader("dead-letter-reason"));
            String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("laas_webhook_events_dead_lettered_total")
                    && !l.endsWith(" 0.0")), metrics);
        }
    }

    @Test
    void aPoisonRecordIsDeadLetteredAloneAndTheRestOfItsBatchIsDelivered() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            UUID endpoint = endpointId(createEndpoint(ledger, receiver.url("/batch-poison"), null));
            UUID before = UUID.randomUUID();
            UUID after = UUID.randomUUID();
            String poison = "{\"event_id\": \"not-a-uuid\", \"ledger\": \"" + ledger + "\"}";
            // One producer, one flush: the three records reach the consumer in the same poll.
            LedgerEvents.sendAll(List.of(
                    LedgerEvents.record(ledger, before, "transaction.posted", LedgerEvents.transactionPosted(before, ledger, 1)),
                    LedgerEvents.record(LedgerEvents.TOPIC, ledger.toString(), null, null, poison),
                    LedgerEvents.record(ledger, after, "transaction.posted", LedgerEvents.transactionPosted(after, ledger, 2))));

            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(before, endpoint))
                    && "succeeded".equals(deliveryStatus(after, endpoint)));
            List<ConsumerRecord<String, String>> dead = readDeadLetters(ledger.toString());
            assertEquals(1, dead.size());
            assertEquals(poison, dead.get(0).value());
            assertTrue(new String(dead.get(0).headers().lastHeader("dead-letter-reason").value()).contains("event_id"));
            assertEquals(2, receiver.requests().size());
        }
    }

    @Test
    void anEventTheDatabaseRejectsIsDeadLetteredAndTheRestOfItsBatchIsDelivered() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            UUID endpoint = endpointId(createEndpoint(ledger, receiver.url("/batch-rejected"), null));
            UUID before = UUID.randomUUID();
            UUID rejected = UUID.randomUUID();
            UUID after = UUID.randomUUID();
            // Valid JSON, but jsonb refuses a NUL character (SQLSTATE 22P05): the batch's statement fails.
            String withNul = LedgerEvents.transactionPosted(rejected, ledger, 2).replace("A-1", "A\\u0000");
            LedgerEvents.sendAll(List.of(
                    LedgerEvents.record(ledger, before, "transaction.posted", LedgerEvents.transactionPosted(before, ledger, 1)),
                    LedgerEvents.record(ledger, rejected, "transaction.posted", withNul),
                    LedgerEvents.record(ledger, after, "transaction.posted", LedgerEvents.transactionPosted(after, ledger, 3))));

            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(before, endpoint))
                    && "succeeded".equals(deliveryStatus(after, endpoint)));
            List<ConsumerRecord<String, String>> dead = readDeadLetters(ledger.toString());
            assertEquals(1, dead.size());
            assertEquals(withNul, dead.get(0).value());
            assertEquals(0L, count("SELECT count(*) FROM messages WHERE id = $1", rejected));
            assertEquals(Set.of(before.toString(), after.toString()),
                    receiver.requests().stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet()));
            assertEquals(2, receiver.requests().size());
        }
    }

    @Test
    void aBatchIsStoredInOneTransactionWithADeliveryForEverySubscribedEndpoint() {
        UUID ledger = UUID.randomUUID();
        try (Receiver everything = Receiver.start(); Receiver accounts = Receiver.start()) {
            UUID all = endpointId(createEndpoint(ledger, everything.url("/all"), null));
            UUID accountsOnly = endpointId(createEndpoint(ledger, accounts.url("/accounts"), List.of("account.created")));

            List<UUID> events = LedgerEvents.sendTransactions(ledger, 200);

            await().atMost(WAIT).until(() -> everything.requests().size() == events.size());
            await().atMost(WAIT).until(() -> countFor(events, "SELECT count(*) FROM deliveries"
                    + " WHERE message_id = ANY ($1) AND status = 'succeeded'") == events.size());
            assertEquals(events.size(), countFor(events, "SELECT count(*) FROM messages WHERE id = ANY ($1)"));
            assertEquals(events.size(), countFor(events, "SELECT count(*) FROM deliveries"
                    + " WHERE message_id = ANY ($1) AND endpoint_id = '" + all + "'"));
            assertEquals(0, countFor(events, "SELECT count(*) FROM deliveries"
                    + " WHERE message_id = ANY ($1) AND endpoint_id = '" + accountsOnly + "'"));
            assertEquals(List.of(), accounts.requests());
            // Rows written by one transaction share its id (xmin): 200 events took a handful of transactions.
            long transactions = countFor(events, "SELECT count(DISTINCT xmin::text) FROM messages WHERE id = ANY ($1)");
            assertTrue(transactions <= events.size() / 10, transactions + " transactions for " + events.size() + " events");
        }
    }

    private static boolean throwsOnVerify(Webhook webhook, Receiver.Request request) {
        try {
            webhook.verify(request.body(), request.headers());
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    private static List<ConsumerRecord<String, String>> readDeadLetters(String key) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "webhook-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("outbox.event.ledger.dlq.webhook-service"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            // After the first hit, keep reading a little: a second record for the key must be seen too.
            long settled = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settled)) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                if (!found.isEmpty() && settled == Long.MAX_VALUE) {
                    settled = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return found;
    }

    private Response createEndpoint(UUID ledger, String url, List<String> eventTypes) {
        Map<String, Object> body = eventTypes == null ? Map.of("url", url) : Map.of("url", url, "event_types", eventTypes);
        return given().auth().oauth2(TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_WRITE))
                .contentType(ContentType.JSON).body(body)
                .post(EndpointResourceTest.path(ledger))
                .then().statusCode(201).extract().response();
    }

    private static UUID endpointId(Response endpoint) {
        return UUID.fromString(endpoint.path("id"));
    }

    private static String reader(UUID ledger) {
        return TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_READ);
    }

    private String deliveryStatus(UUID messageId, UUID endpointId) {
        var rows = pool.preparedQuery("SELECT status FROM deliveries WHERE message_id = $1 AND endpoint_id = $2")
                .execute(Tuple.of(messageId, endpointId)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next().getString("status");
    }

    private long count(String sql, UUID param) {
        Row row = pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(Duration.ofSeconds(10))
                .iterator().next();
        return row.getLong(0);
    }

    private long countFor(List<UUID> ids, String sql) {
        return pool.preparedQuery(sql).execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private String scalar(String sql, UUID param) {
        var rows = pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(Duration.ofSeconds(10));
        assertNotEquals(0, rows.size());
        return rows.iterator().next().getString(0);
    }
}
