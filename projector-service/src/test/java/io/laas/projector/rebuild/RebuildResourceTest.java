package io.laas.projector.rebuild;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.events.chain.HashChain;
import io.laas.local.testing.LocalInfraTestResource;
import io.laas.local.testing.TestTokens;
import io.laas.projector.Metrics;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.projector.rebuild.repository.ShadowProjection;
import io.laas.tenancy.LedgerScope;
import io.laas.web.security.Scopes;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * POST/GET /v1/ops/projector/ledgers/{ledger_id}/rebuild: a ledger's projection rebuilt online from the event log,
 * here the envelopes published on Kafka served again by {@link FakeCommandService} (pages of 2 in tests).
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
@QuarkusTestResource(FakeCommandService.class)
class RebuildResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROBLEM = "application/problem+json";

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void aCorruptedBalanceAndEntryAreRebuiltFromTheEventLog() {
        TestLedger ledger = new TestLedger();
        Event cash = ledger.account("cash", "asset");
        Event revenueAccount = ledger.account("revenue", "revenue");
        Event first = ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "10.00", "revenue", "credit",
                "10.00");
        publish(ledger, cash, revenueAccount, first,
                ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "20.00", "revenue", "credit", "20.00"),
                ledger.transaction(UUID.randomUUID(), "USD", "revenue", "debit", "5.00", "cash", "credit", "5.00"));
        awaitProjected(ledger, 5);
        String account = read(ledger, "/accounts/cash");
        String statement = statement(ledger);
        String transactions = read(ledger, "/transactions");
        String revenue = read(ledger, "/accounts/revenue");

        corrupt(ledger, "cash");
        read(ledger, "/accounts/cash", "balance", "1025.00");
        assertNotEquals(statement, statement(ledger), "the corrupted entry shows in the statement");
        double completedBefore = Metrics.value("laas_projector_rebuilds_total", "outcome=\"completed\"");
        double eventsBefore = Metrics.value("laas_projector_rebuild_events_total");

        String id = start(ledger).statusCode(202)
                .header("Location", "/v1/ops/projector/ledgers/" + ledger.id + "/rebuild")
                .body("status", equalTo("running")).body("ledger_id", equalTo(ledger.id.toString()))
                .body("target_sequence", equalTo(5)).body("started_at", notNullValue())
                .body("finished_at", nullValue()).body("error", nullValue())
                .extract().path("id");
        awaitStatus(ledger, "completed").body("id", equalTo(id)).body("events_applied", equalTo(5))
                .body("last_sequence", equalTo(5)).body("finished_at", notNullValue()).body("error", nullValue());

        assertEquals(account, read(ledger, "/accounts/cash"), "balance as before the corruption");
        read(ledger, "/accounts/cash", "balance", "25.00");
        assertEquals(statement, statement(ledger), "statement as before the corruption");
        assertEquals(transactions, read(ledger, "/transactions"));
        assertEquals(revenue, read(ledger, "/accounts/revenue"));
        assertEquals(0, count("SELECT count(*) FROM pg_namespace WHERE nspname = $1",
                "projector_rebuild_" + id.replace("-", "")), "the copy's schema is dropped");
        assertEquals(5, count("SELECT count(*) FROM processed_events WHERE ledger_id = $1", ledger.id));
        assertEquals(completedBefore + 1, Metrics.value("laas_projector_rebuilds_total", "outcome=\"completed\""));
        assertEquals(eventsBefore + 5, Metrics.value("laas_projector_rebuild_events_total"));
        assertTrue(Metrics.value("sql_pool_queue_delay_seconds_count", "pool_name=\"" + ShadowProjection.POOL_NAME
                + "\"") >= 1, "the copy's pool is a pool_name series of its own");

        // the live projection goes on from the rebuilt copy: a duplicate is ignored, the next event applied
        first.send();
        publish(ledger, ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "2.00", "revenue", "credit",
                "2.00"));
        awaitProjected(ledger, 6);
        read(ledger, "/accounts/cash", "balance", "27.00");
    }

    @Test
    void readsAreServedFromTheOldCopyWhileItRunsAndEventsArrivingMeanwhileAreInTheResult() {
        TestLedger ledger = new TestLedger();
        publish(ledger, ledger.account("cash", "asset"), ledger.account("revenue", "revenue"),
                ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "10.00", "revenue", "credit", "10.00"),
                ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "20.00", "revenue", "credit", "20.00"));
        awaitProjected(ledger, 4);
        corrupt(ledger, "cash");
        behaviour(ledger, new JsonObject().put("delay_ms", 1000));

        start(ledger).statusCode(202);
        // while the copy is built (pages of 2 events, 1 s each), reads see the live tables, corruption included
        get(ledger).statusCode(200).body("status", equalTo("running"));
        read(ledger, "/accounts/cash", "balance", "1030.00");
        publish(ledger, ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "7.00", "revenue", "credit",
                "7.00"));
        awaitProjected(ledger, 5);
        read(ledger, "/accounts/cash", "balance", "1037.00");
        get(ledger).statusCode(200).body("status", equalTo("running"));

        awaitStatus(ledger, "completed").body("last_sequence", equalTo(5)).body("events_applied", equalTo(5));
        read(ledger, "/accounts/cash", "balance", "37.00");
        read(ledger, "/accounts/revenue", "balance", "37.00");
        given().auth().oauth2(ledger.token()).get("/v1/ledgers/{id}/transactions", ledger.id).then().statusCode(200)
                .body("data.size()", equalTo(3));
    }

    @Test
    void aLedgerStoppedBehindAWronglyDismissedEventIsProjectedToTheEndOfItsLogByARebuild() {
        TestLedger ledger = new TestLedger();
        publish(ledger, ledger.account("cash", "asset"), ledger.account("revenue", "revenue"));
        Event posted = ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "10.00", "revenue", "credit",
                "10.00");
        Event next = ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "5.00", "revenue", "credit", "5.00");
        serve(ledger, posted, next);
        // the projector received a damaged copy of sequence 3 (posting to an account the ledger does not have)
        JsonObject damaged = posted.envelope().copy();
        damaged.getJsonObject("data").getJsonArray("postings").getJsonObject(0)
                .put("account_id", UUID.randomUUID().toString()).put("account_code", "ghost");
        TestLedger.send(ledger.id.toString(), posted.eventId().toString(), posted.type(), damaged.encode());
        next.send();
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM failed_events WHERE event_id = $1 "
                + "AND status = 'failed'", posted.eventId()) == 1
                && count("SELECT count(*) FROM parked_events WHERE ledger_id = $1", ledger.id) == 1);
        String failedId = pool.preparedQuery("SELECT id FROM failed_events WHERE event_id = $1")
                .execute(Tuple.of(posted.eventId())).await().indefinitely().iterator().next().getUUID(0).toString();
        given().auth().oauth2(ops()).post("/v1/ops/projector/failed-events/{id}/dismiss", failedId).then()
                .statusCode(200).body("status", equalTo("dismissed"));
        read(ledger, "/accounts/cash", "balance", "0.00");

        start(ledger).statusCode(202).body("target_sequence", equalTo(2));
        awaitStatus(ledger, "completed").body("last_sequence", equalTo(4)).body("events_applied", equalTo(4));
        read(ledger, "/accounts/cash", "balance", "15.00");
        assertEquals(4, count("SELECT last_sequence FROM ledger_progress WHERE ledger_id = $1", ledger.id));
        assertEquals(0, count("SELECT count(*) FROM parked_events WHERE ledger_id = $1", ledger.id));
        given().auth().oauth2(ops()).get("/v1/ops/projector/failed-events/{id}", failedId).then().statusCode(200)
                .body("status", equalTo("resolved"));

        publish(ledger, ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "1.00", "revenue", "credit",
                "1.00"));
        awaitProjected(ledger, 5);
        read(ledger, "/accounts/cash", "balance", "16.00");
    }

    @Test
    void aSecondRebuildWhileOneRunsIs409AndOnlyOpsAdminMayRebuild() {
        TestLedger ledger = new TestLedger();
        publish(ledger, ledger.account("cash", "asset"), ledger.account("revenue", "revenue"),
                ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "10.00", "revenue", "credit", "10.00"));
        awaitProjected(ledger, 3);
        String path = "/v1/ops/projector/ledgers/" + ledger.id + "/rebuild";

        given().post(path).then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.token(List.of(ledger.id), Scopes.LEDGER_READ, Scopes.LEDGER_WRITE))
                .post(path).then().statusCode(403).contentType(PROBLEM).body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(ledger.token()).get(path).then().statusCode(403).contentType(PROBLEM);
        get(ledger).statusCode(404).contentType(PROBLEM).body("code", equalTo("REBUILD_NOT_FOUND"));
        given().auth().oauth2(ops()).post("/v1/ops/projector/ledgers/{id}/rebuild", UUID.randomUUID()).then()
                .statusCode(404).contentType(PROBLEM).body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(ops()).get("/v1/ops/projector/ledgers/{id}/rebuild", "not-a-uuid").then()
                .statusCode(404).contentType(PROBLEM);

        behaviour(ledger, new JsonObject().put("delay_ms", 1500));
        int tokensBefore = tokensIssued();
        String first = start(ledger).statusCode(202).extract().path("id");
        start(ledger).statusCode(409).contentType(PROBLEM).body("code", equalTo("REBUILD_IN_PROGRESS"));
        get(ledger).statusCode(200).body("id", equalTo(first)).body("status", equalTo("running"));
        awaitStatus(ledger, "completed").body("id", equalTo(first));
        behaviour(ledger, new JsonObject());
        String second = start(ledger).statusCode(202).extract().path("id");
        assertNotEquals(first, second);
        awaitStatus(ledger, "completed").body("id", equalTo(second));
        assertTrue(tokensIssued() - tokensBefore <= 1, "the projector's token is reused while it is valid");
    }

    private static int tokensIssued() {
        return Integer.parseInt(given().get(fake() + "/test/tokens").then().statusCode(200).extract().asString());
    }

    @Test
    void aGapInTheFeedFailsTheRebuildAndLeavesTheProjectionAsItWas() {
        TestLedger ledger = corruptedLedger();
        double failedBefore = Metrics.value("laas_projector_rebuilds_total", "outcome=\"failed\"");
        behaviour(ledger, new JsonObject().put("drop_sequence", 2));

        String id = start(ledger).statusCode(202).extract().path("id");
        awaitStatus(ledger, "failed").body("id", equalTo(id)).body("finished_at", notNullValue())
                .body("error", containsString("gap")).body("error", containsString("sequence 2 expected, 3 received"));
        read(ledger, "/accounts/cash", "balance", "1010.00");
        assertEquals(0, count("SELECT count(*) FROM pg_namespace WHERE nspname = $1",
                "projector_rebuild_" + id.replace("-", "")));
        assertEquals(failedBefore + 1, Metrics.value("laas_projector_rebuilds_total", "outcome=\"failed\""));
    }

    @Test
    void anEventChangedAfterItWasLinkedFailsTheRebuildAndLeavesTheProjectionAsItWas() {
        TestLedger ledger = corruptedLedger();
        behaviour(ledger, new JsonObject().put("tamper_sequence", 2));

        start(ledger).statusCode(202);
        awaitStatus(ledger, "failed").body("error", containsString("the hash chain breaks at sequence 2"))
                .body("events_applied", equalTo(0));
        read(ledger, "/accounts/cash", "balance", "1010.00");
    }

    @Test
    void aFeedAnswering500FailsTheRebuildAndLeavesTheProjectionAsItWas() {
        TestLedger ledger = corruptedLedger();
        behaviour(ledger, new JsonObject().put("fail_status", 500).put("fail_after", 2));

        start(ledger).statusCode(202);
        awaitStatus(ledger, "failed").body("error", containsString("answered 500"))
                .body("last_sequence", equalTo(2)).body("events_applied", equalTo(2));
        read(ledger, "/accounts/cash", "balance", "1010.00");

        behaviour(ledger, new JsonObject());
        start(ledger).statusCode(202);
        awaitStatus(ledger, "completed");
        read(ledger, "/accounts/cash", "balance", "10.00");
    }

    @Test
    void aRebuildWhoseReplicaStoppedIsMarkedFailedAndItsCopyDropped() {
        TestLedger ledger = corruptedLedger();
        UUID abandoned = UUID.randomUUID();
        String schema = "projector_rebuild_" + abandoned.toString().replace("-", "");
        pool.query("CREATE SCHEMA " + schema).execute().await().indefinitely();
        pool.preparedQuery("INSERT INTO rebuilds (id, ledger_id, status, shadow_schema, started_at, heartbeat_at, "
                + "target_sequence) VALUES ($1, $2, 'running', $3, now() - interval '10 minutes', "
                + "now() - interval '5 minutes', 3)").execute(Tuple.of(abandoned, ledger.id, schema))
                .await().indefinitely();

        get(ledger).statusCode(200).body("id", equalTo(abandoned.toString())).body("status", equalTo("failed"))
                .body("error", containsString("abandoned")).body("finished_at", notNullValue());
        assertEquals(0, count("SELECT count(*) FROM pg_namespace WHERE nspname = $1", schema));
        start(ledger).statusCode(202);
        awaitStatus(ledger, "completed");
        read(ledger, "/accounts/cash", "balance", "10.00");
    }

    // --- helpers ---

    private TestLedger corruptedLedger() {
        TestLedger ledger = new TestLedger();
        publish(ledger, ledger.account("cash", "asset"), ledger.account("revenue", "revenue"),
                ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "10.00", "revenue", "credit", "10.00"));
        awaitProjected(ledger, 3);
        corrupt(ledger, "cash");
        read(ledger, "/accounts/cash", "balance", "1010.00");
        return ledger;
    }

    /** The account's posted debits and its latest entry made 1,000 larger, behind the projection's back. */
    private void corrupt(TestLedger ledger, String code) {
        UUID account = ledger.accountId(code);
        pool.preparedQuery("UPDATE accounts SET debits = debits + 1000 WHERE id = $1").execute(Tuple.of(account))
                .await().indefinitely();
        pool.preparedQuery("UPDATE account_entries SET amount = amount + 1000, debits = debits + 1000 "
                + "WHERE account_id = $1 AND sequence = (SELECT max(sequence) FROM account_entries WHERE account_id = $1)")
                .execute(Tuple.of(account)).await().indefinitely();
    }

    /** The hash of each test ledger's last event published: the events carry the chain, as the command service's do. */
    private static final Map<UUID, String> HEADS = new ConcurrentHashMap<>();

    /** Links the events into their ledger's hash chain, then serves them from the feed and publishes them on Kafka. */
    private static void publish(TestLedger ledger, Event... events) {
        serve(ledger, events);
        TestLedger.sendAll(List.of(events));
    }

    /** Links the events into their ledger's hash chain and serves them from the feed (only). */
    private static void serve(TestLedger ledger, Event... events) {
        JsonArray envelopes = new JsonArray();
        for (Event event : events) {
            String previous = HEADS.computeIfAbsent(ledger.id, HashChain::genesis);
            String hash = HashChain.hash(previous, event.envelope());
            event.envelope().put(HashChain.HASH, hash);
            HEADS.put(ledger.id, hash);
            envelopes.add(event.envelope());
        }
        given().contentType("application/json").body(envelopes.encode())
                .post(fake() + "/test/ledgers/" + ledger.id + "/events").then().statusCode(204);
    }

    private static void behaviour(TestLedger ledger, JsonObject behaviour) {
        given().contentType("application/json").body(behaviour.encode())
                .post(fake() + "/test/ledgers/" + ledger.id + "/behaviour").then().statusCode(204);
    }

    private static String fake() {
        return ConfigProvider.getConfig().getValue("laas.test.fake-command-url", String.class);
    }

    private static String ops() {
        return TestTokens.token(List.of(), Scopes.OPS_ADMIN);
    }

    private static ValidatableResponse start(TestLedger ledger) {
        return given().auth().oauth2(ops()).post("/v1/ops/projector/ledgers/{id}/rebuild", ledger.id).then();
    }

    private static ValidatableResponse get(TestLedger ledger) {
        return given().auth().oauth2(ops()).get("/v1/ops/projector/ledgers/{id}/rebuild", ledger.id).then();
    }

    private static ValidatableResponse awaitStatus(TestLedger ledger, String status) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> !"running".equals(get(ledger).extract().path("status")));
        return get(ledger).statusCode(200).body("status", equalTo(status));
    }

    private void awaitProjected(TestLedger ledger, long sequence) {
        await().atMost(WAIT).until(() -> count("SELECT coalesce(max(last_sequence), 0) FROM ledger_progress "
                + "WHERE ledger_id = $1", ledger.id) == sequence);
    }

    private static String read(TestLedger ledger, String path) {
        return given().auth().oauth2(ledger.token()).get("/v1/ledgers/" + ledger.id + path).then().statusCode(200)
                .extract().asString();
    }

    private static void read(TestLedger ledger, String path, String field, String value) {
        given().auth().oauth2(ledger.token()).get("/v1/ledgers/" + ledger.id + path).then().statusCode(200)
                .body(field, equalTo(value));
    }

    private static String statement(TestLedger ledger) {
        return given().auth().oauth2(ledger.token()).queryParam("from", "2026-11-01T00:00:00Z")
                .queryParam("to", "2026-12-01T00:00:00Z").get("/v1/ledgers/" + ledger.id + "/accounts/cash/statement")
                .then().statusCode(200).extract().asString();
    }

    private long count(String sql, Object parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().indefinitely().iterator().next().getLong(0);
    }
}
