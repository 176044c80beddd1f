package io.laas.projector.projection;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.TestTokens;
import io.laas.projector.Metrics;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.projector.projection.service.EventBatchApplier;
import io.laas.projector.projection.service.ProjectedSequences;
import io.laas.tenancy.LedgerScope;
import io.laas.web.security.Scopes;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Reads after writes: every read of a ledger says the sequence it reflects ({@code Ledger-Sequence}), a read
 * with {@code min_sequence} waits for the projection to get there (or answers 409 PROJECTION_BEHIND after
 * {@code max-wait}, 2 s), and {@code GET …/projection} with the lag metrics say how far a ledger is behind the
 * events received for it.
 */
@QuarkusTest
class ReadYourWritesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROBLEM = "application/problem+json";

    @Inject
    ProjectedSequences sequences;

    @Inject
    EventBatchApplier applier;

    @Inject
    LedgerEventParser parser;

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void everyReadOfALedgerSaysTheSequenceItReflects() {
        TestLedger ledger = new TestLedger();
        ledger.account("cash", "asset").send();
        ledger.account("revenue", "revenue").send();
        UUID txId = UUID.randomUUID();
        ledger.transaction(txId, "USD", "cash", "debit", "5.00", "revenue", "credit", "5.00").send();
        awaitProjected(ledger, 3);

        List<String> reads = List.of("/accounts", "/accounts/cash", "/accounts/cash/postings",
                "/accounts/cash/statement?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z",
                "/accounts/cash/balance-history?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z",
                "/transactions", "/transactions/" + txId, "/transactions/" + txId + "/postings", "/assets",
                "/projection");
        for (String path : reads) {
            given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}" + path, ledger.id)
                    .then().statusCode(200).header("Ledger-Sequence", "3");
            // min_sequence is known to every read, also to the lists that refuse parameters they do not know
            given().auth().oauth2(ledger.token()).queryParam("min_sequence", 3).get("/v1/ledgers/{l}" + path, ledger.id)
                    .then().statusCode(200).header("Ledger-Sequence", "3");
        }
        given().auth().oauth2(ledger.token()).queryParam("min_sequence", 3).queryParam("min_sequence", 2)
                .get("/v1/ledgers/{l}/transactions", ledger.id)
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("min_sequence"));
        // an answer that finds nothing says as of when
        given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/accounts/nobody", ledger.id)
                .then().statusCode(404).body("code", equalTo("ACCOUNT_NOT_FOUND")).header("Ledger-Sequence", "3");
        // a ledger without any event yet is at 0
        TestLedger quiet = new TestLedger();
        given().auth().oauth2(quiet.token()).get("/v1/ledgers/{l}/accounts", quiet.id)
                .then().statusCode(200).header("Ledger-Sequence", "0");
        // a ledger the token does not grant: 404 as always, and nothing about its projection
        given().auth().oauth2(quiet.token()).queryParam("min_sequence", 1).get("/v1/ledgers/{l}/accounts", ledger.id)
                .then().statusCode(404).body("code", equalTo("LEDGER_NOT_FOUND")).header("Ledger-Sequence", nullValue());
    }

    @Test
    void aReadWithMinSequenceWaitsForTheEventThatArrivesAfterItStarted() throws Exception {
        TestLedger ledger = new TestLedger();
        ledger.account("cash", "asset").send();
        awaitProjected(ledger, 1);
        Event wallet = ledger.account("wallet", "liability"); // sequence 2, not sent yet

        long started = System.nanoTime();
        CompletableFuture<Response> read = CompletableFuture.supplyAsync(() -> given().auth().oauth2(ledger.token())
                .queryParam("min_sequence", 2)
                .get("/v1/ledgers/{l}/accounts/wallet", ledger.id));
        await().atMost(WAIT).until(() -> sequences.waiting() > 0);
        assertTrue(!read.isDone(), "the read waits for sequence 2");
        wallet.send();

        Response answer = read.get(30, TimeUnit.SECONDS);
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        answer.then().statusCode(200)
                .body("code", equalTo("wallet"))
                .header("Ledger-Sequence", "2");
        assertTrue(waitedMillis < 2000, "answered when the event was applied, not at the deadline: " + waitedMillis);
        assertEquals(0, sequences.waiting());

        // already there: no wait at all
        given().auth().oauth2(ledger.token()).queryParam("min_sequence", 1).get("/v1/ledgers/{l}/accounts", ledger.id)
                .then().statusCode(200).header("Ledger-Sequence", "2").body("data", hasSize(2));
    }

    @Test
    void aReadWaitingOnThisReplicaIsAnsweredWhenAnotherReplicaAppliesTheEvent() throws Exception {
        TestLedger ledger = new TestLedger();
        ledger.account("cash", "asset").send();
        awaitProjected(ledger, 1);
        Event wallet = ledger.account("wallet", "liability"); // sequence 2, never sent to this replica

        long started = System.nanoTime();
        CompletableFuture<Response> read = CompletableFuture.supplyAsync(() -> given().auth().oauth2(ledger.token())
                .queryParam("min_sequence", 2)
                .get("/v1/ledgers/{l}/accounts/wallet", ledger.id));
        await().atMost(WAIT).until(() -> sequences.waiting() > 0);
        // Another replica, holding the ledger's partition, applies the event: its commit does not reach this
        // replica's ProjectedSequences, only the database.
        RawEvent record = new RawEvent(wallet.envelope().encode(), ledger.id.toString(), wallet.eventId().toString(),
                wallet.type(), "other-replica");
        assertEquals(1, pool.withTransaction(conn -> applier.apply(conn, List.of(parser.classify(record))))
                .await().atMost(WAIT).applied());

        Response answer = read.get(30, TimeUnit.SECONDS);
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        answer.then().statusCode(200).body("code", equalTo("wallet")).header("Ledger-Sequence", "2");
        assertTrue(waitedMillis < 1900, "answered by the poll of the progress (50 ms), not at the deadline: "
                + waitedMillis);
        assertEquals(0, sequences.waiting());
    }

    @Test
    void aReadWhoseMinSequenceIsNotReachedInTimeIsProjectionBehind() {
        TestLedger ledger = new TestLedger();
        ledger.account("cash", "asset").send();
        awaitProjected(ledger, 1);

        long started = System.nanoTime();
        given().auth().oauth2(ledger.token()).queryParam("min_sequence", 5)
                .get("/v1/ledgers/{l}/transactions", ledger.id)
                .then().statusCode(409)
                .contentType(PROBLEM)
                .body("code", equalTo("PROJECTION_BEHIND"))
                .body("current_sequence", equalTo(1))
                .body("min_sequence", equalTo(5))
                .header("Ledger-Sequence", "1");
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(waitedMillis >= 1900 && waitedMillis < 10_000, "waited for max-wait (2 s): " + waitedMillis);
        assertEquals(0, sequences.waiting());
    }

    @Test
    void aMinSequenceThatIsNotAWholeNumberIsRefused() {
        TestLedger ledger = new TestLedger();
        for (String bad : List.of("abc", "-1", "1.5", "+3", "12345678901234567890")) {
            given().auth().oauth2(ledger.token()).queryParam("min_sequence", bad)
                    .get("/v1/ledgers/{l}/accounts", ledger.id)
                    .then().statusCode(400)
                    .contentType(PROBLEM)
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors[0].field", equalTo("min_sequence"));
        }
        given().auth().oauth2(ledger.token()).queryParam("min_sequence", "0").get("/v1/ledgers/{l}/assets", ledger.id)
                .then().statusCode(200).header("Ledger-Sequence", "0");
    }

    @Test
    void aTokenWithoutTheReadScopeIsRefusedBeforeAnyWait() {
        TestLedger ledger = new TestLedger();
        long started = System.nanoTime();
        given().auth().oauth2(TestTokens.token(List.of(ledger.id), Scopes.WEBHOOKS_READ))
                .queryParam("min_sequence", 9).get("/v1/ledgers/{l}/accounts", ledger.id)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        assertTrue((System.nanoTime() - started) / 1_000_000 < 1500, "no wait before the scope check");
    }

    @Test
    void aLedgerBehindAGapShowsItsLagUntilTheGapIsFilled() {
        TestLedger ledger = new TestLedger();
        Event first = ledger.account("cash", "asset"); // sequence 1, held back
        List<Event> later = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            later.add(ledger.account("a" + i, "asset"));
        }
        TestLedger.sendAll(later);
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/projection", ledger.id)
                .then().statusCode(200).body("parked_events", equalTo(40)));

        given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/projection", ledger.id)
                .then().statusCode(200)
                .header("Ledger-Sequence", "0")
                .body("ledger_id", equalTo(ledger.id.toString()))
                .body("projected_sequence", equalTo(0))
                .body("last_seen_sequence", equalTo(41))
                .body("events_behind", equalTo(41))
                .body("seconds_behind", greaterThanOrEqualTo(0f))
                .body("last_applied_at", nullValue())
                .body("status", equalTo("waiting"))
                .body("failed_events", equalTo(0));
        String ledgerLabel = "ledger_id=\"" + ledger.id + "\"";
        await().atMost(WAIT).until(() -> Metrics.value("laas_projector_ledger_lag_events", ledgerLabel) == 41);
        assertTrue(Metrics.value("laas_projector_ledgers_behind") >= 1);
        assertTrue(Metrics.value("laas_projector_lag_events_max") >= 41);
        double delays = Metrics.value("laas_projector_event_delay_seconds_count");

        first.send();
        awaitProjected(ledger, 41);
        given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/projection", ledger.id)
                .then().statusCode(200)
                .body("projected_sequence", equalTo(41))
                .body("last_seen_sequence", equalTo(41))
                .body("events_behind", equalTo(0))
                .body("seconds_behind", equalTo(0f))
                .body("last_applied_at", notNullValue())
                .body("status", equalTo("current"))
                .body("parked_events", equalTo(0));
        await().atMost(WAIT).until(() -> Metrics.value("laas_projector_ledger_lag_events", ledgerLabel) == 0);
        assertTrue(Metrics.value("laas_projector_event_delay_seconds_count") >= delays + 41);
    }

    @Test
    void aLedgerStoppedAtAFailedEventSaysSo() {
        TestLedger ledger = new TestLedger();
        ledger.account("cash", "asset").send();
        ledger.unknownAccount("ghost");
        ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "1.00", "ghost", "credit", "1.00").send();
        ledger.account("fees", "expense").send(); // parked behind the failed event
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/projection", ledger.id)
                .then().statusCode(200).body("parked_events", equalTo(1)));

        given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/projection", ledger.id)
                .then().statusCode(200)
                .body("projected_sequence", equalTo(1))
                .body("last_seen_sequence", equalTo(3))
                .body("events_behind", equalTo(2))
                .body("status", equalTo("stopped"))
                .body("failed_events", equalTo(1))
                .body("last_applied_at", notNullValue());
    }

    @Test
    void theOpenApiDocumentShowsMinSequenceAndTheHeaderOnEveryReadOfALedger() {
        String document = management().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        io.vertx.core.json.JsonObject paths = new io.vertx.core.json.JsonObject(document).getJsonObject("paths");
        for (String path : List.of("/v1/ledgers/{ledger_id}/accounts", "/v1/ledgers/{ledger_id}/accounts/{code}",
                "/v1/ledgers/{ledger_id}/transactions", "/v1/ledgers/{ledger_id}/assets",
                "/v1/ledgers/{ledger_id}/projection")) {
            io.vertx.core.json.JsonObject get = paths.getJsonObject(path).getJsonObject("get");
            assertTrue(get.getJsonArray("parameters").stream()
                    .anyMatch(p -> "min_sequence".equals(((io.vertx.core.json.JsonObject) p).getString("name"))), path);
            assertTrue(get.getJsonObject("responses").getJsonObject("200").getJsonObject("headers")
                    .containsKey("Ledger-Sequence"), path);
        }
        assertTrue(!paths.getJsonObject("/v1/ops/projector/failed-events").getJsonObject("get")
                .encode().contains("min_sequence"));
    }

    private static void awaitProjected(TestLedger ledger, long sequence) {
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/projection", ledger.id)
                .then().statusCode(200).body("projected_sequence", equalTo((int) sequence)));
    }
}
