package io.laas.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.local.testing.TestTokens;
import io.laas.tenancy.LedgerScope;
import io.laas.web.security.Scopes;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The message and attempt log of a ledger, resend and recovery, against receivers on loopback (the profile of
 * {@link WebhookDeliveryTest}, so that both run in one application).
 */
@QuarkusTest
@TestProfile(WebhookDeliveryTest.LoopbackTargetsAllowed.class)
class WebhookMessagesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fixtures and checks span ledgers: the batch datasource, which row-level security does not bind. */
    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool batch;

    /** The tenant datasource, bound by row-level security. */
    @Inject
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    // ---------------------------------------------------------------------------------------------------------
    // The message log
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void messagesAreListedNewestFirstAndFilteredByTypeFamilyAndTime() throws Exception {
        UUID ledger = UUID.randomUUID();
        UUID account = UUID.randomUUID();
        String accountEnvelope = LedgerEvents.accountCreated(account, ledger, 1);
        LedgerEvents.send(ledger, account, "account.created", accountEnvelope);
        awaitMessage(account);
        UUID first = UUID.randomUUID();
        LedgerEvents.send(ledger, first, "transaction.posted", LedgerEvents.transactionPosted(first, ledger, 2));
        awaitMessage(first);
        Instant between = Instant.now();
        UUID second = UUID.randomUUID();
        LedgerEvents.send(ledger, second, "transaction.posted", LedgerEvents.transactionPosted(second, ledger, 3));
        awaitMessage(second);
        // Another ledger's message is never listed.
        UUID elsewhere = UUID.randomUUID();
        UUID otherLedger = UUID.randomUUID();
        LedgerEvents.send(otherLedger, elsewhere, "transaction.posted",
                LedgerEvents.transactionPosted(elsewhere, otherLedger, 1));
        awaitMessage(elsewhere);

        JsonPath all = given().auth().oauth2(reader(ledger)).get(messages(ledger))
                .then().statusCode(200)
                .body("data.id", contains(second.toString(), first.toString(), account.toString()))
                .body("data.event_type", contains("transaction.posted", "transaction.posted", "account.created"))
                .body("next_cursor", nullValue())
                .extract().jsonPath();
        assertNotNull(all.getString("data[0].received_at"));
        // The payload is the envelope, as a JSON object.
        assertEquals(JSON.readTree(accountEnvelope),
                JSON.readTree(JSON.writeValueAsString(all.getMap("data[2].payload"))));

        given().auth().oauth2(reader(ledger)).queryParam("event_type", "transaction.posted").get(messages(ledger))
                .then().statusCode(200).body("data.id", contains(second.toString(), first.toString()));
        given().auth().oauth2(reader(ledger)).queryParam("event_type", "transaction.*").get(messages(ledger))
                .then().statusCode(200).body("data.id", contains(second.toString(), first.toString()));
        given().auth().oauth2(reader(ledger)).queryParam("event_type", "account.*").get(messages(ledger))
                .then().statusCode(200).body("data.id", contains(account.toString()));
        given().auth().oauth2(reader(ledger)).queryParam("event_type", "transaction").get(messages(ledger))
                .then().statusCode(200).body("data", hasSize(0));
        // Half-open: since includes, until excludes.
        given().auth().oauth2(reader(ledger)).queryParam("since", between.toString()).get(messages(ledger))
                .then().statusCode(200).body("data.id", contains(second.toString()));
        given().auth().oauth2(reader(ledger)).queryParam("until", between.toString()).get(messages(ledger))
                .then().statusCode(200).body("data.id", contains(first.toString(), account.toString()));
        String secondAt = all.getString("data[0].received_at");
        given().auth().oauth2(reader(ledger)).queryParam("since", secondAt).queryParam("until", secondAt)
                .get(messages(ledger)).then().statusCode(200).body("data", hasSize(0));
        given().auth().oauth2(reader(ledger)).queryParam("since", secondAt).get(messages(ledger))
                .then().statusCode(200).body("data.id", contains(second.toString()));

        // Paging one at a time gives the same order, each message once.
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(reader(ledger)).queryParam("limit", 1);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(messages(ledger)).then().statusCode(200).extract().jsonPath();
            paged.addAll(page.getList("data.id"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        assertEquals(List.of(second.toString(), first.toString(), account.toString()), paged);
    }

    @Test
    void badFiltersOfTheMessageListAreRefusedNamingThem() {
        UUID ledger = UUID.randomUUID();
        given().auth().oauth2(reader(ledger)).queryParam("since", "yesterday").queryParam("until", "2026-01-01")
                .queryParam("event_type", "transaction posted").get(messages(ledger))
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", contains("event_type", "since", "until"));
        given().auth().oauth2(reader(ledger)).queryParam("since", "2026-02-01T00:00:00Z")
                .queryParam("until", "2026-01-01T00:00:00Z").get(messages(ledger))
                .then().statusCode(400).body("errors.field", contains("since"));
        given().auth().oauth2(reader(ledger)).queryParam("cursor", "bm90LWEtY3Vyc29y").get(messages(ledger))
                .then().statusCode(400).body("errors.field", contains("cursor"));
        given().auth().oauth2(reader(ledger)).queryParam("limit", 0).get(messages(ledger))
                .then().statusCode(400).body("errors.field", contains("limit"));
    }

    /**
     * Whatever a ledger's size, the list can be read in index order under row-level security: with scans and sorts
     * that do not keep that order disabled, the plan is still the index (a test table is too small for the planner
     * to prefer it on its own).
     */
    @Test
    void theListReadsTheLedgersLogIndexesUnderRowLevelSecurity() {
        UUID ledger = UUID.randomUUID();
        String plan = explain(ledger, "SELECT id FROM messages WHERE ledger_id = '" + ledger + "'"
                + " ORDER BY created_at DESC, id DESC LIMIT 51");
        assertTrue(plan.contains("messages_ledger_log_idx") && !plan.contains("Sort"), plan);
        plan = explain(ledger, "SELECT id FROM messages WHERE ledger_id = '" + ledger + "'"
                + " AND event_type = 'transaction.posted' AND created_at >= now() - interval '1 day'"
                + " ORDER BY created_at DESC, id DESC LIMIT 51");
        assertTrue(plan.contains("messages_ledger_type_log_idx") && !plan.contains("Sort"), plan);
        plan = explain(ledger, "SELECT id FROM messages WHERE ledger_id = '" + ledger + "'"
                + " AND starts_with(event_type, 'transaction.') ORDER BY created_at DESC, id DESC LIMIT 51");
        assertTrue(plan.contains("messages_ledger_log_idx") && !plan.contains("Sort"), plan);
        // A recovery reads only the endpoint's failed deliveries from its window on.
        plan = explain(ledger, "UPDATE deliveries d SET status = 'pending', round_start = d.attempts FROM messages m"
                + " WHERE d.endpoint_id = '" + UUID.randomUUID() + "' AND d.status = 'failed'"
                + " AND d.created_at >= now() - interval '1 hour' AND m.id = d.message_id"
                + " AND m.created_at >= now() - interval '1 hour'");
        assertTrue(plan.contains("deliveries_endpoint_failed_idx"), plan);
    }

    @Test
    void aMessageShowsItsDeliveriesAndItsAttemptsAcrossEndpoints() {
        UUID ledger = UUID.randomUUID();
        try (Receiver ok = Receiver.start(); Receiver flaky = Receiver.start().thenAnswer(503)) {
            UUID okEndpoint = Endpoints.create(ledger, ok.url("/ok"));
            UUID flakyEndpoint = Endpoints.create(ledger, flaky.url("/flaky"));
            UUID eventId = UUID.randomUUID();
            LedgerEvents.send(ledger, eventId, "transaction.posted", LedgerEvents.transactionPosted(eventId, ledger, 1));
            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(eventId, okEndpoint))
                    && "succeeded".equals(deliveryStatus(eventId, flakyEndpoint)));

            JsonPath message = given().auth().oauth2(reader(ledger)).get(messages(ledger) + "/" + eventId)
                    .then().statusCode(200)
                    .body("id", equalTo(eventId.toString()))
                    .body("event_type", equalTo("transaction.posted"))
                    .body("payload.event_id", equalTo(eventId.toString()))
                    .body("deliveries", hasSize(2))
                    .extract().jsonPath();
            Map<String, Object> toFlaky = message.getMap("deliveries.find { it.endpoint_id == '" + flakyEndpoint + "' }");
            assertEquals("succeeded", toFlaky.get("status"));
            assertEquals(2, toFlaky.get("attempts"));
            assertNull(toFlaky.get("next_attempt_at"));
            assertNotNull(toFlaky.get("last_attempt_at"));

            JsonPath attempts = given().auth().oauth2(reader(ledger)).get(messages(ledger) + "/" + eventId + "/attempts")
                    .then().statusCode(200)
                    .body("data", hasSize(3))
                    .body("data[0].id", notNullValue())
                    .extract().jsonPath();
            assertEquals(List.of(1, 1, 2), attempts.getList("data.attempt_number", Integer.class).stream().sorted().toList());
            List<String> times = attempts.getList("data.attempted_at");
            List<String> newestFirst = new ArrayList<>(times);
            newestFirst.sort((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));
            assertEquals(newestFirst, times);
            assertEquals(List.of(flakyEndpoint.toString(), flakyEndpoint.toString()), attempts.getList(
                    "data.findAll { it.endpoint_id == '" + flakyEndpoint + "' }.endpoint_id"));

            // Paged one at a time: every attempt once.
            String cursor = given().auth().oauth2(reader(ledger)).queryParam("limit", 2)
                    .get(messages(ledger) + "/" + eventId + "/attempts")
                    .then().statusCode(200).body("data", hasSize(2)).extract().path("next_cursor");
            given().auth().oauth2(reader(ledger)).queryParam("limit", 2).queryParam("cursor", cursor)
                    .get(messages(ledger) + "/" + eventId + "/attempts")
                    .then().statusCode(200).body("data", hasSize(1)).body("next_cursor", nullValue())
                    .body("data[0].id", equalTo(attempts.getString("data[2].id")));

            // The endpoint's own log names its attempts too.
            given().auth().oauth2(reader(ledger)).get(EndpointResourceTest.path(ledger) + "/" + flakyEndpoint + "/attempts")
                    .then().statusCode(200)
                    .body("data.id", contains(attempts.getList("data.findAll { it.endpoint_id == '" + flakyEndpoint
                            + "' }.id").toArray()))
                    .body("data.endpoint_id", contains(flakyEndpoint.toString(), flakyEndpoint.toString()));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // What an attempt keeps
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void aFailedAttemptKeepsTheRequestSentAndTheAnswerCutAt20KiB() {
        UUID ledger = UUID.randomUUID();
        byte[] big = new byte[100 * 1024];
        Arrays.fill(big, (byte) 'e');
        try (Receiver receiver = Receiver.start()
                .thenAnswer(500, Map.of("X-Debug", "abc", "Content-Type", "text/plain"), big)) {
            // custom headers carry the receiver's credentials: sent as set, kept in the log masked
            UUID endpoint = Endpoints.create(ledger, receiver.url("/hooks?tenant=1"),
                    Map.of("headers", Map.of("Authorization", "Bearer receiver-credential", "X-Tenant", "acme")));
            UUID eventId = UUID.randomUUID();
            LedgerEvents.send(ledger, eventId, "transaction.posted", LedgerEvents.transactionPosted(eventId, ledger, 1));
            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(eventId, endpoint)));

            JsonPath attempts = given().auth().oauth2(reader(ledger)).get(messages(ledger) + "/" + eventId + "/attempts")
                    .then().statusCode(200).body("data.attempt_number", contains(2, 1))
                    .body("data.response_status", contains(200, 500))
                    .extract().jsonPath();
            String failedId = attempts.getString("data[1].id");
            String succeededId = attempts.getString("data[0].id");
            Receiver.Request sent = receiver.requests().get(0);

            JsonPath failed = given().auth().oauth2(reader(ledger))
                    .get(messages(ledger) + "/" + eventId + "/attempts/" + failedId)
                    .then().statusCode(200)
                    .body("id", equalTo(failedId))
                    .body("message_id", equalTo(eventId.toString()))
                    .body("endpoint_id", equalTo(endpoint.toString()))
                    .body("attempt_number", equalTo(1))
                    .body("error", equalTo("HTTP 500"))
                    .body("request.method", equalTo("POST"))
                    .body("request.url", equalTo(receiver.url("/hooks?tenant=1")))
                    .body("request.headers.'webhook-id'", equalTo(eventId.toString()))
                    .body("request.headers.'webhook-signature'", equalTo(sent.header("webhook-signature")))
                    .body("request.headers.'webhook-timestamp'", equalTo(sent.header("webhook-timestamp")))
                    .body("request.headers.'content-type'", equalTo("application/json"))
                    .body("request.headers.'user-agent'", equalTo("LaaS-Webhooks/1.0"))
                    .body("request.headers.authorization", equalTo("********"))
                    .body("request.headers.'x-tenant'", equalTo("********"))
                    .body("response.status", equalTo(500))
                    .body("response.headers.'x-debug'", equalTo("abc"))
                    .body("response.truncated", equalTo(true))
                    .extract().jsonPath();
            // The body is the one sent, byte for byte (its signature verifies against it).
            assertEquals(sent.body(), failed.getString("request.body"));
            assertEquals("e".repeat(20 * 1024), failed.getString("response.body"));
            assertTrue(failed.getLong("duration_ms") >= 0);

            given().auth().oauth2(reader(ledger)).get(messages(ledger) + "/" + eventId + "/attempts/" + succeededId)
                    .then().statusCode(200)
                    .body("attempt_number", equalTo(2))
                    .body("error", nullValue())
                    .body("request.url", equalTo(receiver.url("/hooks?tenant=1")))
                    .body("request.headers", nullValue())
                    .body("request.body", equalTo(receiver.requests().get(1).body()))
                    .body("response.status", equalTo(200))
                    .body("response.headers", nullValue())
                    .body("response.body", nullValue())
                    .body("response.truncated", equalTo(false));

            // A success keeps its status and duration only; every attempt keeps its URL.
            Row kept = row("SELECT url, request_headers::text AS request_headers, response_headers::text AS"
                    + " response_headers, response_body, response_truncated FROM attempts WHERE id = $1",
                    UUID.fromString(succeededId));
            assertEquals(receiver.url("/hooks?tenant=1"), kept.getString("url"));
            assertNull(kept.getString("request_headers"));
            assertNull(kept.getString("response_headers"));
            assertNull(kept.getString("response_body"));
            assertEquals(false, kept.getBoolean("response_truncated"));
            assertEquals("Bearer receiver-credential", sent.header("authorization"));
            assertEquals("acme", sent.header("x-tenant"));
            Row failedRow = row("SELECT response_body, response_truncated, request_headers::text AS request_headers"
                    + " FROM attempts WHERE id = $1", UUID.fromString(failedId));
            assertFalse(failedRow.getString("request_headers").contains("receiver-credential"));
            assertFalse(failedRow.getString("request_headers").contains("acme"));
            assertEquals(20 * 1024, failedRow.getString("response_body").length());
            assertEquals(true, failedRow.getBoolean("response_truncated"));
        }
    }

    @Test
    void anEndlessAnswerIsNotReadPastTheLimit() {
        UUID ledger = UUID.randomUUID();
        long gigabyte = 1L << 30;
        try (Receiver receiver = Receiver.start().answerByDefaultStreaming(500, gigabyte)) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/endless"));
            UUID eventId = UUID.randomUUID();
            LedgerEvents.send(ledger, eventId, "transaction.posted", LedgerEvents.transactionPosted(eventId, ledger, 1));
            await().atMost(WAIT).until(() -> count("SELECT count(*) FROM attempts a JOIN deliveries d"
                    + " ON d.id = a.delivery_id WHERE d.message_id = $1 AND d.endpoint_id = '" + endpoint + "'",
                    eventId) >= 1);
            Row first = row("SELECT a.response_status, a.response_body, a.response_truncated, a.error FROM attempts a"
                    + " JOIN deliveries d ON d.id = a.delivery_id WHERE d.message_id = $1 AND a.attempt_number = 1",
                    eventId);
            assertEquals(500, first.getInteger("response_status"));
            assertEquals(20 * 1024, first.getString("response_body").length());
            assertTrue(first.getBoolean("response_truncated"));
            // The connection was reset: the receiver could write little more than socket buffers hold.
            assertTrue(receiver.bytesAnswered() < 64L * 1024 * 1024, receiver.bytesAnswered() + " bytes written");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Resend
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void resendingAFailedDeliveryStartsANewRoundOfTheSchedule() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().answerByDefault(503)) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/down"));
            UUID eventId = UUID.randomUUID();
            LedgerEvents.send(ledger, eventId, "transaction.posted", LedgerEvents.transactionPosted(eventId, ledger, 1));
            // %test schedule is 0s,1s,2s: three attempts, then failed.
            await().atMost(WAIT).until(() -> "failed".equals(deliveryStatus(eventId, endpoint)));
            assertEquals(3, receiver.requests().size());

            given().auth().oauth2(writer(ledger)).post(resend(ledger, eventId, endpoint))
                    .then().statusCode(202)
                    .body("endpoint_id", equalTo(endpoint.toString()))
                    .body("status", equalTo("pending"))
                    .body("attempts", equalTo(3))
                    .body("next_attempt_at", notNullValue());
            assertEquals(3, roundStart(eventId, endpoint));
            // A whole new round: three more attempts (a retry decision counted from attempt 1 would stop at 4).
            await().atMost(WAIT).until(() -> "failed".equals(deliveryStatus(eventId, endpoint)));
            assertEquals(6, receiver.requests().size());
            assertEquals(6L, count("SELECT attempts FROM deliveries WHERE message_id = $1", eventId));

            receiver.answerByDefault(200);
            given().auth().oauth2(writer(ledger)).post(resend(ledger, eventId, endpoint))
                    .then().statusCode(202).body("status", equalTo("pending")).body("attempts", equalTo(6));
            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(eventId, endpoint)));
            assertEquals(7, receiver.requests().size());
            assertEquals(6, roundStart(eventId, endpoint));
            assertTrue(receiver.requests().stream().allMatch(r -> eventId.toString().equals(r.header("webhook-id"))));
            given().auth().oauth2(reader(ledger)).get(messages(ledger) + "/" + eventId + "/attempts")
                    .then().statusCode(200).body("data[0].attempt_number", equalTo(7))
                    .body("data[0].response_status", equalTo(200))
                    .body("data[0].delivery_status", equalTo("succeeded"));

            // A succeeded delivery is delivered again too.
            given().auth().oauth2(writer(ledger)).post(resend(ledger, eventId, endpoint))
                    .then().statusCode(202).body("status", equalTo("pending"));
            await().atMost(WAIT).until(() -> receiver.requests().size() == 8
                    && "succeeded".equals(deliveryStatus(eventId, endpoint)));
        }
    }

    @Test
    void resendingADeliveryBeingAttemptedLeavesItToThatAttempt() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().holding("/busy", Duration.ofSeconds(2))) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/busy"));
            UUID eventId = UUID.randomUUID();
            LedgerEvents.send(ledger, eventId, "transaction.posted", LedgerEvents.transactionPosted(eventId, ledger, 1));
            await().atMost(WAIT).until(() -> receiver.held("/busy") == 1);

            given().auth().oauth2(writer(ledger)).post(resend(ledger, eventId, endpoint))
                    .then().statusCode(202).body("status", equalTo("pending")).body("attempts", equalTo(0));
            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(eventId, endpoint)));
            // The dispatcher gets a moment to send it twice, were it due again.
            Thread.sleep(1500);
            assertEquals(1, receiver.requests("/busy").size());
            assertEquals(1L, count("SELECT attempts FROM deliveries WHERE message_id = $1", eventId));
            assertEquals(0, roundStart(eventId, endpoint));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void resendingToAnEndpointWithoutADeliveryCreatesOne() {
        UUID ledger = UUID.randomUUID();
        try (Receiver accounts = Receiver.start()) {
            String id = given().auth().oauth2(TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_WRITE))
                    .contentType(ContentType.JSON)
                    .body(Map.of("url", accounts.url("/accounts"), "event_types", List.of("account.created")))
                    .post(EndpointResourceTest.path(ledger)).then().statusCode(201).extract().path("id");
            UUID endpoint = UUID.fromString(id);
            UUID eventId = UUID.randomUUID();
            LedgerEvents.send(ledger, eventId, "transaction.posted", LedgerEvents.transactionPosted(eventId, ledger, 1));
            awaitMessage(eventId);
            assertNull(deliveryStatus(eventId, endpoint));

            given().auth().oauth2(writer(ledger)).post(resend(ledger, eventId, endpoint))
                    .then().statusCode(202).body("status", equalTo("pending")).body("attempts", equalTo(0));
            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(eventId, endpoint)));
            assertEquals(List.of(eventId.toString()), accounts.requests().stream().map(r -> r.header("webhook-id")).toList());
        }
    }

    @Test
    void resendIsRefusedForUnknownMessagesAndEndpointsAndDisabledEndpointsChangingNothing() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().answerByDefault(503)) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/refused"));
            UUID eventId = UUID.randomUUID();
            LedgerEvents.send(ledger, eventId, "transaction.posted", LedgerEvents.transactionPosted(eventId, ledger, 1));
            await().atMost(WAIT).until(() -> "failed".equals(deliveryStatus(eventId, endpoint)));

            given().auth().oauth2(writer(ledger)).post(resend(ledger, UUID.randomUUID(), endpoint))
                    .then().statusCode(404).body("code", equalTo("WEBHOOK_MESSAGE_NOT_FOUND"));
            given().auth().oauth2(writer(ledger)).post(messages(ledger) + "/not-a-uuid/endpoints/" + endpoint + "/resend")
                    .then().statusCode(404).body("code", equalTo("WEBHOOK_MESSAGE_NOT_FOUND"));
            given().auth().oauth2(writer(ledger)).post(resend(ledger, eventId, UUID.randomUUID()))
                    .then().statusCode(404).body("code", equalTo("WEBHOOK_ENDPOINT_NOT_FOUND"));
            // Another ledger's message is not found, even with a token for both ledgers.
            UUID other = UUID.randomUUID();
            UUID otherEndpoint = Endpoints.create(other, receiver.url("/other"));
            given().auth().oauth2(TestTokens.token(List.of(ledger, other), Scopes.WEBHOOKS_WRITE))
                    .post(resend(other, eventId, otherEndpoint))
                    .then().statusCode(404).body("code", equalTo("WEBHOOK_MESSAGE_NOT_FOUND"));
            // The write scope is needed.
            given().auth().oauth2(reader(ledger)).post(resend(ledger, eventId, endpoint)).then().statusCode(403);

            disable(endpoint);
            given().auth().oauth2(writer(ledger)).post(resend(ledger, eventId, endpoint))
                    .then().statusCode(409).contentType("application/problem+json")
                    .body("code", equalTo("WEBHOOK_ENDPOINT_DISABLED"));

            assertEquals("failed", deliveryStatus(eventId, endpoint));
            assertEquals(0, roundStart(eventId, endpoint));
            assertEquals(3, receiver.requests(("/refused")).size());
            assertEquals(0L, count("SELECT count(*) FROM deliveries WHERE endpoint_id = $1", otherEndpoint));
        }
    }

    @Test
    void unknownMessagesAndAttemptsAreNotFound() {
        UUID ledger = UUID.randomUUID();
        UUID missing = UUID.randomUUID();
        given().auth().oauth2(reader(ledger)).get(messages(ledger) + "/" + missing)
                .then().statusCode(404).body("code", equalTo("WEBHOOK_MESSAGE_NOT_FOUND"));
        given().auth().oauth2(reader(ledger)).get(messages(ledger) + "/" + missing + "/attempts")
                .then().statusCode(404).body("code", equalTo("WEBHOOK_MESSAGE_NOT_FOUND"));
        given().auth().oauth2(reader(ledger)).get(messages(ledger) + "/12/attempts/" + missing)
                .then().statusCode(404).body("code", equalTo("WEBHOOK_MESSAGE_NOT_FOUND"));

        UUID eventId = UUID.randomUUID();
        LedgerEvents.send(ledger, eventId, "transaction.posted", LedgerEvents.transactionPosted(eventId, ledger, 1));
        awaitMessage(eventId);
        given().auth().oauth2(reader(ledger)).get(messages(ledger) + "/" + eventId + "/attempts/" + missing)
                .then().statusCode(404).body("code", equalTo("WEBHOOK_ATTEMPT_NOT_FOUND"));
        given().auth().oauth2(reader(ledger)).get(messages(ledger) + "/" + eventId + "/attempts/x")
                .then().statusCode(404).body("code", equalTo("WEBHOOK_ATTEMPT_NOT_FOUND"));
        // Read by a token of another ledger: 404 for the ledger, before any message is looked up.
        UUID other = UUID.randomUUID();
        given().auth().oauth2(reader(other)).get(messages(ledger) + "/" + eventId)
                .then().statusCode(404).body("code", equalTo("LEDGER_NOT_FOUND"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Recover
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void recoveryResendsOnlyTheFailedDeliveriesOfTheWindow() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().answerByDefault(503)) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/recover"));
            UUID old = UUID.randomUUID();
            UUID recent = UUID.randomUUID();
            LedgerEvents.send(ledger, old, "transaction.posted", LedgerEvents.transactionPosted(old, ledger, 1));
            LedgerEvents.send(ledger, recent, "transaction.posted", LedgerEvents.transactionPosted(recent, ledger, 2));
            await().atMost(WAIT).until(() -> "failed".equals(deliveryStatus(old, endpoint))
                    && "failed".equals(deliveryStatus(recent, endpoint)));
            // The old one was received two hours ago.
            batch.preparedQuery("UPDATE messages SET created_at = created_at - interval '2 hours' WHERE id = $1")
                    .execute(Tuple.of(old)).await().atMost(Duration.ofSeconds(10));
            batch.preparedQuery("UPDATE deliveries SET created_at = created_at - interval '2 hours' WHERE message_id = $1")
                    .execute(Tuple.of(old)).await().atMost(Duration.ofSeconds(10));
            receiver.answerByDefault(200);
            UUID fine = UUID.randomUUID();
            LedgerEvents.send(ledger, fine, "transaction.posted", LedgerEvents.transactionPosted(fine, ledger, 3));
            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(fine, endpoint)));
            int before = receiver.requests().size();

            given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON)
                    .body(Map.of("since", Instant.now().minus(1, ChronoUnit.HOURS).toString()))
                    .post(recover(ledger, endpoint))
                    .then().statusCode(202).body("recovered", equalTo(1));
            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(recent, endpoint)));
            assertEquals(3, roundStart(recent, endpoint));
            assertEquals("failed", deliveryStatus(old, endpoint));
            assertEquals(0, roundStart(old, endpoint));
            assertEquals(1L, count("SELECT attempts FROM deliveries WHERE message_id = $1", fine));
            assertEquals(before + 1, receiver.requests().size());

            // until excludes: a window that ends before the old message recovers nothing.
            Instant oldAt = Instant.parse(given().auth().oauth2(reader(ledger)).get(messages(ledger) + "/" + old)
                    .then().statusCode(200).extract().path("received_at"));
            given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON)
                    .body(Map.of("since", oldAt.minusSeconds(60).toString(), "until", oldAt.toString()))
                    .post(recover(ledger, endpoint))
                    .then().statusCode(202).body("recovered", equalTo(0));
            given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON)
                    .body(Map.of("since", oldAt.toString(), "until", oldAt.plusMillis(1).toString()))
                    .post(recover(ledger, endpoint))
                    .then().statusCode(202).body("recovered", equalTo(1));
            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(old, endpoint)));
        }
    }

    @Test
    void recoveryIsBoundedTo14DaysAndRefusesBadWindowsAndDisabledEndpointsChangingNothing() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start().answerByDefault(503)) {
            UUID endpoint = Endpoints.create(ledger, receiver.url("/bounded"));
            UUID eventId = UUID.randomUUID();
            LedgerEvents.send(ledger, eventId, "transaction.posted", LedgerEvents.transactionPosted(eventId, ledger, 1));
            await().atMost(WAIT).until(() -> "failed".equals(deliveryStatus(eventId, endpoint)));
            Instant now = Instant.now();

            given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON)
                    .body(Map.of("since", now.minus(15, ChronoUnit.DAYS).toString()))
                    .post(recover(ledger, endpoint))
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("VALIDATION_FAILED")).body("errors.field", contains("since"));
            given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON)
                    .body(Map.of("since", now.minusSeconds(60).toString(), "until", now.minusSeconds(60).toString()))
                    .post(recover(ledger, endpoint))
                    .then().statusCode(400).body("errors.field", contains("until"));
            given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON).body(Map.of())
                    .post(recover(ledger, endpoint))
                    .then().statusCode(400).body("errors.field", contains("since"));
            given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON).body(Map.of("since", "last week"))
                    .post(recover(ledger, endpoint))
                    .then().statusCode(400).body("errors.field", contains("since"));
            given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON)
                    .body(Map.of("since", now.minusSeconds(60).toString()))
                    .post(recover(ledger, UUID.randomUUID()))
                    .then().statusCode(404).body("code", equalTo("WEBHOOK_ENDPOINT_NOT_FOUND"));
            disable(endpoint);
            given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON)
                    .body(Map.of("since", now.minus(1, ChronoUnit.HOURS).toString()))
                    .post(recover(ledger, endpoint))
                    .then().statusCode(409).body("code", equalTo("WEBHOOK_ENDPOINT_DISABLED"));

            assertEquals("failed", deliveryStatus(eventId, endpoint));
            assertEquals(0, roundStart(eventId, endpoint));
            assertEquals(3, receiver.requests().size());
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String messages(UUID ledger) {
        return "/v1/ledgers/" + ledger + "/webhook-messages";
    }

    private static String resend(UUID ledger, UUID message, UUID endpoint) {
        return messages(ledger) + "/" + message + "/endpoints/" + endpoint + "/resend";
    }

    private static String recover(UUID ledger, UUID endpoint) {
        return EndpointResourceTest.path(ledger) + "/" + endpoint + "/recover";
    }

    private static String reader(UUID ledger) {
        return TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_READ);
    }

    private static String writer(UUID ledger) {
        return TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_WRITE);
    }

    private void awaitMessage(UUID id) {
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM messages WHERE id = $1", id) == 1L);
    }

    private void disable(UUID endpoint) {
        batch.preparedQuery("UPDATE endpoints SET enabled = false, disabled_at = now(), disabled_reason = 'test'"
                + " WHERE id = $1").execute(Tuple.of(endpoint)).await().atMost(Duration.ofSeconds(10));
    }

    private String explain(UUID ledger, String sql) {
        RowSet<Row> rows = LedgerScope.withLedger(pool, ledger, conn -> conn.query("SET LOCAL enable_seqscan = off")
                .execute()
                .flatMap(v -> conn.query("SET LOCAL enable_bitmapscan = off").execute())
                .flatMap(v -> conn.query("SET LOCAL enable_sort = off").execute())
                .flatMap(v -> conn.query("EXPLAIN " + sql).execute()))
                .await().atMost(Duration.ofSeconds(10));
        StringBuilder plan = new StringBuilder();
        rows.forEach(row -> plan.append(row.getString(0)).append('\n'));
        return plan.toString();
    }

    private String deliveryStatus(UUID messageId, UUID endpointId) {
        var rows = batch.preparedQuery("SELECT status FROM deliveries WHERE message_id = $1 AND endpoint_id = $2")
                .execute(Tuple.of(messageId, endpointId)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next().getString("status");
    }

    private int roundStart(UUID messageId, UUID endpointId) {
        return batch.preparedQuery("SELECT round_start FROM deliveries WHERE message_id = $1 AND endpoint_id = $2")
                .execute(Tuple.of(messageId, endpointId)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getInteger(0);
    }

    private long count(String sql, UUID param) {
        return row(sql, param).getLong(0);
    }

    private Row row(String sql, UUID param) {
        var rows = batch.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(Duration.ofSeconds(10));
        assertTrue(rows.size() > 0, "no row for " + sql);
        return rows.iterator().next();
    }
}
