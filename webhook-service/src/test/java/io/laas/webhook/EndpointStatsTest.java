package io.laas.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.TestTokens;
import io.laas.tenancy.LedgerScope;
import io.laas.web.security.Scopes;
import io.laas.webhook.stats.service.StatsCleanup;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Per-endpoint statistics: counted from real attempts to a receiver on loopback. */
@QuarkusTest
@TestProfile(WebhookDeliveryTest.LoopbackTargetsAllowed.class)
class EndpointStatsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Fixtures and checks span ledgers: the batch datasource, which row-level security does not bind. */
    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Inject
    StatsCleanup cleanup;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void mixOfSuccessesAndFailuresGivesTheCountsRateAndLastAnswer() {
        UUID ledger = UUID.randomUUID();
        // The first two requests fail; their retries (and the third event) succeed: 5 attempts, 3 successes.
        try (Receiver receiver = Receiver.start().thenAnswer(500, 500)) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/mixed"));
            List<UUID> events = LedgerEvents.sendTransactions(ledger, 3);

            await().atMost(WAIT).until(() -> count("SELECT count(*) FROM deliveries WHERE endpoint_id = $1"
                    + " AND status = 'succeeded'", endpoint) == events.size());
            assertEquals(5, receiver.requests().size());
            assertEquals(5L, count("SELECT count(*) FROM attempts WHERE endpoint_id = $1", endpoint));

            for (String window : List.of("1h", "24h", "7d")) {
                stats(ledger, endpoint, window).statusCode(200)
                        .body("window", equalTo(window))
                        .body("attempts", equalTo(5))
                        .body("succeeded", equalTo(3))
                        .body("failed", equalTo(2))
                        .body("success_rate", equalTo(0.6f))
                        .body("average_latency_ms", greaterThanOrEqualTo(0))
                        .body("max_latency_ms", greaterThanOrEqualTo(0))
                        .body("last_attempt_at", notNullValue())
                        .body("last_status", equalTo(200))
                        .body("last_error", nullValue())
                        .body("queue.pending", equalTo(0))
                        .body("queue.due", equalTo(0))
                        .body("queue.in_flight", equalTo(0))
                        .body("enabled", equalTo(true))
                        .body("failing_since", nullValue());
            }
            // 24h is the default window.
            stats(ledger, endpoint, null).statusCode(200).body("window", equalTo("24h")).body("attempts", equalTo(5));
        }
    }

    @Test
    void endpointThatOnlyFailsShowsItsLastErrorAndAZeroRate() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().answerByDefault(503)) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/down"));
            LedgerEvents.sendTransactions(ledger, 1);

            // %test schedule is 0s,1s,2s: three attempts, then failed.
            await().atMost(WAIT).until(() -> count("SELECT count(*) FROM deliveries WHERE endpoint_id = $1"
                    + " AND status = 'failed'", endpoint) == 1L);
            stats(ledger, endpoint, "1h").statusCode(200)
                    .body("attempts", equalTo(3))
                    .body("succeeded", equalTo(0))
                    .body("failed", equalTo(3))
                    .body("success_rate", equalTo(0.0f))
                    .body("last_status", equalTo(503))
                    .body("last_error", equalTo("HTTP 503"))
                    .body("queue.pending", equalTo(0));
        }
    }

    @Test
    void endpointWithoutAttemptsHasNoRateNorLatency() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/quiet"));
            stats(ledger, endpoint, "7d").statusCode(200)
                    .body("attempts", equalTo(0))
                    .body("succeeded", equalTo(0))
                    .body("failed", equalTo(0))
                    .body("success_rate", nullValue())
                    .body("average_latency_ms", nullValue())
                    .body("max_latency_ms", nullValue())
                    .body("last_attempt_at", nullValue())
                    .body("last_status", nullValue())
                    .body("queue.pending", equalTo(0))
                    .body("enabled", equalTo(true));
        }
    }

    @Test
    void queueShowsPendingAndInFlightDeliveriesOfASlowEndpoint() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().holding("/slow", Duration.ofMillis(2500))) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/slow"));
            LedgerEvents.sendTransactions(ledger, 2);

            await().atMost(WAIT).until(() -> receiver.held("/slow") == 2);
            stats(ledger, endpoint, "1h").statusCode(200)
                    .body("queue.pending", equalTo(2))
                    .body("queue.in_flight", equalTo(2))
                    .body("queue.due", equalTo(0))
                    .body("attempts", equalTo(0));

            await().atMost(WAIT).until(() -> count("SELECT count(*) FROM deliveries WHERE endpoint_id = $1"
                    + " AND status = 'succeeded'", endpoint) == 2L);
            stats(ledger, endpoint, "1h").statusCode(200)
                    .body("queue.pending", equalTo(0))
                    .body("queue.in_flight", equalTo(0))
                    .body("attempts", equalTo(2))
                    .body("max_latency_ms", greaterThanOrEqualTo(2000));
        }
    }

    @Test
    void windowCountsOnlyItsHoursWhileTheLastAnswerIsTheLatestKept() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/history"));
            Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
            insertStats(endpoint, ledger, hour.minus(Duration.ofHours(3)), 4, 1, 502);
            insertStats(endpoint, ledger, hour.minus(Duration.ofDays(2)), 10, 10, 200);

            stats(ledger, endpoint, "1h").statusCode(200)
                    .body("attempts", equalTo(0))
                    .body("success_rate", nullValue())
                    .body("last_status", equalTo(502));
            stats(ledger, endpoint, "24h").statusCode(200)
                    .body("attempts", equalTo(4))
                    .body("succeeded", equalTo(1))
                    .body("success_rate", equalTo(0.25f))
                    .body("average_latency_ms", equalTo(25))
                    .body("max_latency_ms", equalTo(40))
                    .body("last_status", equalTo(502));
            stats(ledger, endpoint, "7d").statusCode(200)
                    .body("attempts", equalTo(14))
                    .body("succeeded", equalTo(11));
        }
    }

    @Test
    void cleanupDeletesOnlyCountersOlderThanTheRetention() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/old"));
            Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
            insertStats(endpoint, ledger, hour.minus(Duration.ofDays(31)), 3, 3, 200);
            insertStats(endpoint, ledger, hour.minus(Duration.ofDays(29)), 2, 2, 200);

            cleanup.deleteExpired().await().atMost(WAIT);

            assertEquals(1L, count("SELECT count(*) FROM endpoint_stats WHERE endpoint_id = $1", endpoint));
            assertEquals(1L, count("SELECT count(*) FROM endpoint_stats WHERE endpoint_id = $1"
                    + " AND hour > now() - interval '30 days'", endpoint));
        }
    }

    @Test
    void anotherLedgersEndpointIsNotFound() {
        UUID ledger = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/mine"));
            insertStats(endpoint, ledger, Instant.now().truncatedTo(ChronoUnit.HOURS), 1, 1, 200);

            stats(other, endpoint, null).statusCode(404).body("code", equalTo("WEBHOOK_ENDPOINT_NOT_FOUND"));
            stats(ledger, UUID.randomUUID(), null).statusCode(404).body("code", equalTo("WEBHOOK_ENDPOINT_NOT_FOUND"));
            given().auth().oauth2(reader(ledger)).get(EndpointResourceTest.path(ledger) + "/not-a-uuid/stats")
                    .then().statusCode(404).body("code", equalTo("WEBHOOK_ENDPOINT_NOT_FOUND"));
            // The endpoint's own ledger still sees it.
            stats(ledger, endpoint, null).statusCode(200).body("attempts", equalTo(1));
        }
    }

    @Test
    void unknownWindowIsRefusedAndScopesAreChecked() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/w"));
            for (String window : List.of("2h", "1H", "24", "7 d")) {
                stats(ledger, endpoint, window).statusCode(400)
                        .body("code", equalTo("VALIDATION_FAILED"))
                        .body("errors[0].field", equalTo("window"));
            }
            given().auth().oauth2(TestTokens.token(List.of(ledger), Scopes.LEDGER_READ))
                    .get(EndpointResourceTest.path(ledger) + "/" + endpoint + "/stats")
                    .then().statusCode(403);
            assertEquals(0L, count("SELECT count(*) FROM endpoint_stats WHERE endpoint_id = $1", endpoint));
        }
    }

    private static ValidatableResponse stats(UUID ledger, UUID endpoint, String window) {
        var request = given().auth().oauth2(reader(ledger));
        if (window != null) {
            request = request.queryParam("window", window);
        }
        return request.get(EndpointResourceTest.path(ledger) + "/" + endpoint + "/stats").then();
    }

    private static String reader(UUID ledger) {
        return TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_READ);
    }

    /** An hour of counters: attempts of 10 ms, 40 ms and the rest 25 ms on average (sum = 25 * attempts). */
    private void insertStats(UUID endpoint, UUID ledger, Instant hour, int attempts, int succeeded, int lastStatus) {
        pool.preparedQuery("INSERT INTO endpoint_stats (endpoint_id, ledger_id, hour, attempts, succeeded,"
                + " duration_ms_sum, duration_ms_max, last_attempt_at, last_status, last_error)"
                + " VALUES ($1, $2, $3, $4, $5, $6, 40, $3 + interval '30 minutes', $7, $8)")
                .execute(Tuple.from(List.of(endpoint, ledger, hour.atOffset(ZoneOffset.UTC), attempts, succeeded,
                        25L * attempts, lastStatus))
                        .addString(lastStatus >= 300 ? "HTTP " + lastStatus : null))
                .await().atMost(WAIT);
    }

    private long count(String sql, UUID param) {
        return pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(WAIT)
                .iterator().next().getLong(0);
    }
}
