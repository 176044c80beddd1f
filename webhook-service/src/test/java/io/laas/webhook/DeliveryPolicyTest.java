package io.laas.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the dispatcher does with an endpoint's failures and limits (docs/api.md, "Delivery policy"): an endpoint
 * that only fails for the whole period is disabled and the ledger's other endpoints are told; a 429 with
 * Retry-After pauses that endpoint alone; an endpoint's rate limit, concurrency cap and strict FIFO order hold.
 * The endpoint columns are set directly in the database.
 */
@QuarkusTest
@TestProfile(DeliveryPolicyTest.ShortPolicy.class)
class DeliveryPolicyTest {

    static final Duration FAILING_PERIOD = Duration.ofSeconds(3);
    static final int SERVICE_CAP = 4;

    public static class ShortPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "laas.webhook.allow-private-targets", "true",
                    "laas.webhook.disable-after-failing", FAILING_PERIOD.toSeconds() + "s",
                    "laas.webhook.retry-schedule", "0s,1s,1s,1s,1s,1s,1s,1s,1s,1s",
                    "laas.webhook.retry-jitter", "0",
                    "laas.webhook.throttle-max", "10s",
                    "laas.webhook.max-in-flight-per-endpoint", String.valueOf(SERVICE_CAP));
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(40);
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
    void anEndpointThatOnlyFailsForThePeriodIsDisabledAndTheLedgersOtherEndpointsAreTold() throws Exception {
        UUID ledger = UUID.randomUUID();
        UUID otherLedger = UUID.randomUUID();
        double disabledBefore = Metrics.value("laas_webhook_endpoints_disabled_total", "reason=\"failing\"")
                .orElse(0.0);
        try (Receiver failing = Receiver.start().answerByDefault(500);
                Receiver watcher = Receiver.start();
                Receiver transactionsOnly = Receiver.start();
                Receiver stranger = Receiver.start()) {
            UUID endpoint = Endpoints.create(ledger, failing.url("/failing"));
            Response watching = createEndpoint(ledger, watcher.url("/watcher"), List.of());
            createEndpoint(ledger, transactionsOnly.url("/transactions"), List.of("transaction.*"));
            Endpoints.create(otherLedger, stranger.url("/stranger"));

            List<UUID> events = LedgerEvents.sendTransactions(ledger, 1);
            LedgerEvents.sendTransactions(otherLedger, 1);

            await().atMost(WAIT).until(() -> watcher.requests("/watcher").stream()
                    .anyMatch(request -> request.body().contains("\"endpoint.disabled\"")));
            Instant failingSince = instant("SELECT failing_since FROM endpoints WHERE id = $1", endpoint);
            Instant disabledAt = instant("SELECT disabled_at FROM endpoints WHERE id = $1", endpoint);
            assertNotNull(failingSince);
            // Not before the period was over: several attempts failed first, none after.
            assertTrue(!disabledAt.isBefore(failingSince.plus(FAILING_PERIOD)), failingSince + " -> " + disabledAt);
            int attempts = failing.requests().size();
            assertTrue(attempts >= 3, attempts + " attempts");
            assertEquals(attempts, count("SELECT count(*) FROM attempts WHERE endpoint_id = $1", endpoint));
            assertEquals("failed", deliveryStatus(events.get(0), endpoint));
            given().auth().oauth2(reader(ledger)).get(EndpointResourceTest.path(ledger) + "/" + endpoint)
                    .then().statusCode(200)
                    .body("enabled", equalTo(false))
                    .body("disabled_reason", containsString("No attempt has succeeded since"));

            Receiver.Request told = watcher.requests("/watcher").stream()
                    .filter(request -> request.body().contains("\"endpoint.disabled\"")).findFirst().orElseThrow();
            String secret = watching.path("secret");
            assertDoesNotThrow(() -> new Webhook(secret).verify(told.body(), told.headers()));
            JsonNode body = JSON.readTree(told.body());
            assertEquals("endpoint.disabled", body.get("type").asText());
            JsonNode envelope = body.get("data");
            assertEquals(told.header("webhook-id"), envelope.get("event_id").asText());
            assertEquals(ledger.toString(), envelope.get("ledger_id").asText());
            assertEquals(body.get("timestamp").asText(), envelope.get("recorded_at").asText());
            assertNull(envelope.get("sequence"));
            JsonNode data = envelope.get("data");
            assertEquals(endpoint.toString(), data.get("endpoint_id").asText());
            assertEquals(failing.url("/failing"), data.get("url").asText());
            assertEquals("failing", data.get("reason").asText());
            assertEquals(failingSince, Instant.parse(data.get("failing_since").asText()));
            assertEquals(disabledAt, Instant.parse(data.get("disabled_at").asText()));
            assertEquals(List.of(), OperationalEventSchemas.errors("endpoint.disabled", envelope.toString()),
                    "docs/events/operational/endpoint.disabled.schema.json");
            assertEquals(1, count("SELECT count(*) FROM messages WHERE ledger_id = $1 AND event_type = 'endpoint.disabled'",
                    ledger));

            // Nobody else is told: not an endpoint subscribed to other types, not another ledger's endpoint.
            await().atMost(WAIT).until(() -> stranger.requests().size() == 1 && transactionsOnly.requests().size() == 1);
            Thread.sleep(500);
            assertTrue(stranger.requests().stream().noneMatch(r -> r.body().contains("endpoint.disabled")));
            assertTrue(transactionsOnly.requests().stream().noneMatch(r -> r.body().contains("endpoint.disabled")));
            assertEquals(attempts, failing.requests().size());
            await().atMost(Duration.ofSeconds(5)).until(() -> Metrics.value("laas_webhook_endpoints_disabled_total",
                    "reason=\"failing\"").orElse(0.0) >= disabledBefore + 1);
        }
    }

    @Test
    void aSuccessClearsFailingSince() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().thenAnswer(500)) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/flaky"));
            List<UUID> events = LedgerEvents.sendTransactions(ledger, 1);

            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            await().atMost(WAIT).until(() -> instant("SELECT failing_since FROM endpoints WHERE id = $1", endpoint) != null);
            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(events.get(0), endpoint)));
            assertNull(instant("SELECT failing_since FROM endpoints WHERE id = $1", endpoint));
            assertEquals(2, receiver.requests().size());
        }
    }

    @Test
    void anEndpointThatAnswersAgainGetsItsWaitingRetriesAtOnce() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/back"));
            // What an outage of the receiver leaves: it has been failing, one delivery is due for its retry and
            // four wait for theirs an hour from now.
            List<UUID> messages = pool.withTransaction(conn -> conn.preparedQuery(
                    "UPDATE endpoints SET failing_since = now() - interval '1 second' WHERE id = $1")
                    .execute(Tuple.of(endpoint))
                    .flatMap(v -> conn.preparedQuery("WITH m AS ("
                            + "   INSERT INTO messages (id, ledger_id, event_type, payload)"
                            + "   SELECT gen_random_uuid(), $2, 'transaction.posted', $3::text::jsonb"
                            + "   FROM generate_series(1, 5) RETURNING id, position)"
                            + " INSERT INTO deliveries (id, message_id, endpoint_id, status, attempts, next_attempt_at,"
                            + "   ledger_id, position)"
                            + " SELECT gen_random_uuid(), m.id, $1, 'pending', 1, CASE WHEN m.position = min(m.position)"
                            + "   OVER () THEN now() ELSE now() + interval '1 hour' END, $2, m.position FROM m"
                            + " RETURNING message_id")
                            .execute(Tuple.of(endpoint, ledger,
                                    LedgerEvents.transactionPosted(UUID.randomUUID(), ledger, 1))))
                    .flatMap(rows -> conn.preparedQuery("INSERT INTO endpoint_queues (endpoint_id, next_due_at)"
                            + " VALUES ($1, now()) ON CONFLICT (endpoint_id) DO UPDATE SET next_due_at = now()")
                            .execute(Tuple.of(endpoint))
                            .map(v -> {
                                List<UUID> ids = new ArrayList<>();
                                rows.forEach(row -> ids.add(row.getUUID(0)));
                                return ids;
                            })))
                    .await().atMost(Duration.ofSeconds(10));

            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests().size() == 5);
            await().atMost(WAIT).until(() -> messages.stream()
                    .allMatch(message -> "succeeded".equals(deliveryStatus(message, endpoint))));
            assertNull(instant("SELECT failing_since FROM endpoints WHERE id = $1", endpoint));
            assertEquals(5, count("SELECT count(*) FROM attempts WHERE endpoint_id = $1 AND attempt_number = 2",
                    endpoint));
        }
    }

    @Test
    void goneDisablesAtOnceAndTellsTheLedgersOtherEndpoints() throws Exception {
        UUID ledger = UUID.randomUUID();
        double goneBefore = Metrics.value("laas_webhook_endpoints_disabled_total", "reason=\"gone\"").orElse(0.0);
        try (Receiver gone = Receiver.start().answerByDefault(410); Receiver watcher = Receiver.start()) {
            UUID endpoint = Endpoints.create(ledger, gone.url("/gone"));
            Endpoints.create(ledger, watcher.url("/watcher"));
            LedgerEvents.sendTransactions(ledger, 1);

            await().atMost(WAIT).until(() -> watcher.requests().stream()
                    .anyMatch(request -> request.body().contains("\"endpoint.disabled\"")));
            assertEquals(1, gone.requests().size());
            JsonNode data = JSON.readTree(watcher.requests().stream()
                    .filter(request -> request.body().contains("\"endpoint.disabled\"")).findFirst().orElseThrow()
                    .body()).at("/data/data");
            assertEquals(endpoint.toString(), data.get("endpoint_id").asText());
            assertEquals("gone", data.get("reason").asText());
            assertEquals(instant("SELECT disabled_at FROM endpoints WHERE id = $1", endpoint),
                    Instant.parse(data.get("disabled_at").asText()));
            assertEquals(instant("SELECT failing_since FROM endpoints WHERE id = $1", endpoint),
                    Instant.parse(data.get("failing_since").asText()));
            await().atMost(Duration.ofSeconds(5)).until(() -> Metrics.value("laas_webhook_endpoints_disabled_total",
                    "reason=\"gone\"").orElse(0.0) >= goneBefore + 1);
        }
    }

    @Test
    void retryAfterOn429PausesThatEndpointOnly() {
        UUID ledger = UUID.randomUUID();
        UUID otherLedger = UUID.randomUUID();
        try (Receiver throttling = Receiver.start().thenAnswer(429).answerHeader("Retry-After", "4");
                Receiver other = Receiver.start()) {
            UUID endpoint = Endpoints.create(ledger, throttling.url("/busy"));
            UUID otherEndpoint = Endpoints.create(otherLedger, other.url("/other"));
            setEndpoint("max_in_flight = 1", endpoint);
            List<UUID> events = LedgerEvents.sendTransactions(ledger, 4);

            await().atMost(WAIT).until(() -> throttling.requests().size() == 1);
            Instant answered = throttling.requests().get(0).receivedAt();
            await().atMost(Duration.ofSeconds(2)).until(() -> instant(
                    "SELECT throttled_until FROM endpoint_queues WHERE endpoint_id = $1", endpoint) != null);
            Instant throttledUntil = instant("SELECT throttled_until FROM endpoint_queues WHERE endpoint_id = $1",
                    endpoint);
            assertTrue(Duration.between(answered, throttledUntil).compareTo(Duration.ofMillis(3500)) > 0,
                    answered + " -> " + throttledUntil);

            // Meanwhile another endpoint is served at once.
            List<UUID> otherEvents = LedgerEvents.sendTransactions(otherLedger, 3);
            await().atMost(Duration.ofSeconds(2)).until(() -> other.requests().size() == 3);
            assertEquals(1, throttling.requests().size());
            await().atMost(Duration.ofSeconds(2)).until(() -> Metrics.value("laas_webhook_endpoints_throttled") >= 1);

            await().atMost(WAIT).until(() -> events.stream()
                    .allMatch(event -> "succeeded".equals(deliveryStatus(event, endpoint))));
            assertEquals(5, throttling.requests().size());
            // Nothing reached the endpoint before the end of its pause.
            Instant resumed = throttling.requests().get(1).receivedAt();
            assertTrue(!resumed.isBefore(throttledUntil.minusMillis(50)), resumed + " before " + throttledUntil);
            assertTrue(otherEvents.stream().allMatch(event -> "succeeded".equals(deliveryStatus(event, otherEndpoint))));
        }
    }

    @Test
    void anEndpointsRateLimitHoldsAcrossItsBacklog() {
        UUID ledger = UUID.randomUUID();
        int rate = 5;
        int events = 25;
        try (Receiver receiver = Receiver.start()) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/limited"));
            setEndpoint("rate_limit = " + rate, endpoint);
            LedgerEvents.sendTransactions(ledger, events);

            await().atMost(WAIT).until(() -> receiver.requests().size() == events);
            List<Instant> times = receiver.requests().stream().map(Receiver.Request::receivedAt).sorted().toList();
            // A burst of one second's worth, then the rate: the last goes (events - rate) / rate seconds after the first.
            Duration spread = Duration.between(times.get(0), times.get(events - 1));
            assertTrue(spread.compareTo(Duration.ofMillis((events - rate) * 1000L / rate - 300)) >= 0, "spread " + spread);
            assertTrue(spread.compareTo(Duration.ofMillis((events - rate) * 1000L / rate + 8000)) <= 0, "spread " + spread);
            // In any second, at most a full bucket (one second's worth) and one second's refill.
            for (Instant from : times) {
                long inWindow = times.stream().filter(t -> !t.isBefore(from) && t.isBefore(from.plusSeconds(1))).count();
                assertTrue(inWindow <= 2 * rate, inWindow + " requests within a second from " + from);
            }
            await().atMost(WAIT).until(() -> count("SELECT count(*) FROM deliveries WHERE endpoint_id = $1"
                    + " AND status = 'succeeded'", endpoint) == events);
            assertEquals(events, receiver.requests().size());
        }
    }

    @Test
    void anEndpointsOwnConcurrencyCapHolds() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().holding("/capped", Duration.ofMillis(800))) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/capped"));
            setEndpoint("max_in_flight = 2", endpoint);
            LedgerEvents.sendTransactions(ledger, 8);

            await().atMost(WAIT).until(() -> receiver.answered("/capped") == 8);
            assertEquals(2, receiver.mostHeldAtOnce("/capped"));
            assertEquals(8, receiver.requests().size());
            await().atMost(WAIT).until(() -> count("SELECT count(*) FROM deliveries WHERE endpoint_id = $1"
                    + " AND status = 'succeeded'", endpoint) == 8);
        }
    }

    @Test
    void aStrictFifoEndpointGetsItsMessagesInOrderThroughAFailureAndItsRetry() {
        UUID ledger = UUID.randomUUID();
        double retriesBefore = Metrics.value("laas_webhook_attempts_total", "result=\"retry\"").orElse(0.0);
        double successesBefore = Metrics.value("laas_webhook_attempts_total", "result=\"success\"").orElse(0.0);
        try (Receiver receiver = Receiver.start().holding("/fifo", Duration.ofMillis(200)).thenAnswer(200, 500)) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/fifo"));
            setEndpoint("fifo = true", endpoint);
            List<UUID> events = LedgerEvents.sendTransactions(ledger, 5);

            await().atMost(WAIT).until(() -> receiver.answered("/fifo") == 6);
            List<String> order = receiver.requests().stream().map(request -> request.header("webhook-id")).toList();
            List<String> expected = List.of(events.get(0), events.get(1), events.get(1), events.get(2), events.get(3),
                    events.get(4)).stream().map(UUID::toString).toList();
            assertEquals(expected, order);
            assertEquals(1, receiver.mostHeldAtOnce("/fifo"));
            // The retry came after the schedule's wait, and nothing was sent meanwhile.
            Duration retryWait = Duration.between(receiver.requests().get(1).receivedAt(),
                    receiver.requests().get(2).receivedAt());
            assertTrue(retryWait.compareTo(Duration.ofMillis(900)) >= 0, "retried after " + retryWait);
            await().atMost(WAIT).until(() -> events.stream()
                    .allMatch(event -> "succeeded".equals(deliveryStatus(event, endpoint))));
            // The attempts are counted by result: one retry, five successes (at least: other tests run too).
            await().atMost(Duration.ofSeconds(5)).until(() -> Metrics.value("laas_webhook_attempts_total",
                    "result=\"retry\"").orElse(0.0) >= retriesBefore + 1
                    && Metrics.value("laas_webhook_attempts_total", "result=\"success\"").orElse(0.0)
                            >= successesBefore + 5);
        }
    }

    private Response createEndpoint(UUID ledger, String url, List<String> eventTypes) {
        return given().auth().oauth2(TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_WRITE))
                .contentType(ContentType.JSON).body(Map.of("url", url, "event_types", eventTypes))
                .post(EndpointResourceTest.path(ledger))
                .then().statusCode(201).body("secret", notNullValue()).extract().response();
    }

    private static String reader(UUID ledger) {
        return TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_READ);
    }

    private void setEndpoint(String assignment, UUID endpoint) {
        pool.preparedQuery("UPDATE endpoints SET " + assignment + " WHERE id = $1").execute(Tuple.of(endpoint))
                .await().atMost(Duration.ofSeconds(10));
    }

    private String deliveryStatus(UUID messageId, UUID endpointId) {
        RowSet<Row> rows = pool.preparedQuery("SELECT status FROM deliveries WHERE message_id = $1 AND endpoint_id = $2")
                .execute(Tuple.of(messageId, endpointId)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next().getString("status");
    }

    private long count(String sql, UUID param) {
        return pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    private Instant instant(String sql, UUID param) {
        RowSet<Row> rows = pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(Duration.ofSeconds(10));
        if (rows.size() == 0) {
            return null;
        }
        var value = rows.iterator().next().getOffsetDateTime(0);
        return value == null ? null : value.toInstant();
    }
}
