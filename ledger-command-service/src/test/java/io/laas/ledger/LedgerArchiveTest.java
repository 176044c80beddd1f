package io.laas.ledger;

import static io.laas.ledger.LedgerApi.account;
import static io.laas.ledger.LedgerApi.patch;
import static io.laas.ledger.LedgerApi.post;
import static io.laas.ledger.LedgerApi.postTransaction;
import static io.laas.ledger.LedgerApi.transfer;
import static io.laas.ledger.LedgerFixtures.REGISTRY_TOPIC;
import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.lastSequence;
import static io.laas.ledger.LedgerFixtures.ledgerCreated;
import static io.laas.ledger.LedgerFixtures.produce;
import static io.laas.ledger.LedgerFixtures.rows;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.TestTokens;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An archived ledger (IAM's {@code ledger.archived}) takes no more writes on any path, judged under the ledger's
 * lock, and can still be read; its holds stay as they are and its schedules stop.
 */
@QuarkusTest
class LedgerArchiveTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static final String ORG = UUID.randomUUID().toString();
    private static final String PROJECT = UUID.randomUUID().toString();

    /** A ledger with cash, wallet (no overdraft) and merchant, the wallet funded with 100.00. */
    private UUID fundedLedger() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        account(ledger, "cash", "asset", Map.of()).statusCode(201);
        account(ledger, "wallet", "liability", Map.of("limits", Map.of("min_balance", "0"))).statusCode(201);
        account(ledger, "merchant", "liability", Map.of()).statusCode(201);
        postTransaction(ledger, transfer("fund", "cash", "wallet", "100.00")).statusCode(201);
        return ledger;
    }

    /** Publishes IAM's ledger.archived for the ledger and waits until this service has stored it. */
    private void archive(UUID ledger) {
        JsonObject event = registryEvent(ledger, "ledger.archived", "Archived book")
                .put("archived_at", Instant.now().toString());
        produce(REGISTRY_TOPIC, ledger.toString(), event.getString("event_id"), "ledger.archived", event.encode());
        await().atMost(Duration.ofSeconds(60)).until(() -> count(pool,
                "SELECT count(*) FROM ledgers WHERE id = $1 AND archived_at IS NOT NULL", ledger) == 1);
    }

    private static JsonObject registryEvent(UUID ledger, String type, String name) {
        return ledgerCreated(ledger, "USD")
                .put("event_type", type)
                .put("org_id", ORG)
                .put("project_id", PROJECT)
                .put("name", name)
                .put("updated_at", Instant.now().toString())
                .putNull("archived_at");
    }

    private static Map<String, Object> hold(String key, String amount, Instant expiresAt) {
        Map<String, Object> body = transfer(key, "wallet", "merchant", amount);
        body.put("status", "pending");
        if (expiresAt != null) {
            body.put("expires_at", expiresAt.toString());
        }
        return body;
    }

    private static Map<String, Object> schedule(String key, Instant startAt) {
        Map<String, Object> transaction = transfer("ignored", "wallet", "merchant", "1.00");
        transaction.remove("idempotency_key");
        Map<String, Object> body = new HashMap<>();
        body.put("idempotency_key", key);
        body.put("transaction", transaction);
        body.put("every", Map.of("unit", "day", "count", 1));
        if (startAt != null) {
            body.put("start_at", startAt.toString());
        }
        return body;
    }

    private static void refused(ValidatableResponse response, UUID ledger) {
        response.statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("LEDGER_ARCHIVED"))
                .body("archived_at", notNullValue())
                .body("detail", org.hamcrest.Matchers.containsString(ledger.toString()));
    }

    private long events(UUID ledger) {
        return count(pool, "SELECT count(*) FROM events WHERE ledger_id = $1", ledger);
    }

    private long outbox(UUID ledger) {
        return count(pool, "SELECT count(*) FROM outbox WHERE aggregateid = $1", ledger.toString());
    }

    private String snapshot(UUID ledger) {
        return rows(pool, """
                SELECT json_build_object(
                  'accounts', (SELECT json_agg(a ORDER BY a.code) FROM accounts a WHERE a.ledger_id = $1),
                  'transactions', (SELECT json_agg(t ORDER BY t.id) FROM transactions t WHERE t.ledger_id = $1),
                  'assets', (SELECT json_agg(s ORDER BY s.code) FROM ledger_assets s WHERE s.ledger_id = $1),
                  'schedules', (SELECT json_agg(json_build_object('id', s.id, 'status', s.status, 'runs', s.runs)
                                ORDER BY s.id) FROM schedules s WHERE s.ledger_id = $1),
                  'keys', (SELECT count(*) FROM idempotency_keys k WHERE k.ledger_id = $1))::text""", ledger)
                .iterator().next().getString(0);
    }

    @Test
    void everyWriteToAnArchivedLedgerIsRefusedAndChangesNothing() {
        UUID ledger = fundedLedger();
        String pending = postTransaction(ledger, hold("h1", "10.00", null)).statusCode(201).extract().path("transaction_id");
        String posted = postTransaction(ledger, transfer("t1", "wallet", "merchant", "5.00")).statusCode(201)
                .extract().path("transaction_id");
        String schedule = post(ledger, "/schedules", schedule("s1", Instant.now().plus(30, ChronoUnit.DAYS)))
                .statusCode(201).extract().path("id");
        String paused = post(ledger, "/schedules", schedule("s3", Instant.now().plus(30, ChronoUnit.DAYS)))
                .statusCode(201).extract().path("id");
        post(ledger, "/schedules/" + paused + "/pause", Map.of()).statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox(ledger) == 0);
        archive(ledger);
        long sequence = lastSequence(pool, ledger);
        long events = events(ledger);
        String before = snapshot(ledger);

        refused(postTransaction(ledger, transfer("t2", "wallet", "merchant", "1.00")), ledger);
        refused(postTransaction(ledger, hold("h2", "1.00", null)), ledger);
        refused(post(ledger, "/transactions/bulk", Map.of("atomic", true,
                "transactions", List.of(transfer("b1", "cash", "wallet", "1.00")))), ledger);
        post(ledger, "/transactions/bulk", Map.of("transactions",
                List.of(transfer("b2", "cash", "wallet", "1.00"), transfer("b3", "cash", "wallet", "2.00"))))
                .statusCode(200)
                .body("results.status", everyItem(equalTo(409)))
                .body("results.problem.code", everyItem(equalTo("LEDGER_ARCHIVED")));
        refused(account(ledger, "fees", "revenue", Map.of()), ledger);
        refused(patch(ledger, "wallet", Map.of("name", "Renamed wallet")), ledger);
        refused(given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).body(Map.of("scale", 0))
                .when().put("/v1/ledgers/{id}/assets/{code}", ledger, "POINTS").then(), ledger);
        refused(post(ledger, "/transactions/" + pending + "/post", Map.of("idempotency_key", "c1")), ledger);
        refused(post(ledger, "/transactions/" + pending + "/void", Map.of("idempotency_key", "v1")), ledger);
        refused(post(ledger, "/transactions/" + posted + "/reversal", Map.of("idempotency_key", "r1")), ledger);
        refused(post(ledger, "/schedules", schedule("s2", null)), ledger);
        refused(post(ledger, "/schedules/" + schedule + "/pause", Map.of()), ledger);
        refused(post(ledger, "/schedules/" + schedule + "/cancel", Map.of()), ledger);
        refused(post(ledger, "/schedules/" + paused + "/resume", Map.of()), ledger);

        assertEquals(sequence, lastSequence(pool, ledger));
        assertEquals(events, events(ledger));
        assertEquals(0, outbox(ledger));
        assertEquals(before, snapshot(ledger));
    }

    @Test
    void anArchivedLedgerCanStillBeReadAndAnswersTheReplaysOfItsEarlierWrites() {
        UUID ledger = fundedLedger();
        String first = postTransaction(ledger, transfer("t1", "wallet", "merchant", "5.00")).statusCode(201)
                .extract().path("transaction_id");
        archive(ledger);
        long sequence = lastSequence(pool, ledger);

        // a retry of a write the ledger accepted before its archive is answered as the first time
        postTransaction(ledger, transfer("t1", "wallet", "merchant", "5.00")).statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("transaction_id", equalTo(first));
        // the same key with another body is still the client's mistake, not the archive
        postTransaction(ledger, transfer("t1", "wallet", "merchant", "6.00")).statusCode(409)
                .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));

        String readToken = TestTokens.token(List.of(ledger), "ledger:read");
        given().auth().oauth2(readToken).when().get("/v1/ledgers/{id}/events", ledger)
                .then().statusCode(200).body("data.size()", equalTo((int) sequence));
        given().auth().oauth2(readToken).when().get("/v1/ledgers/{id}/verify", ledger)
                .then().statusCode(200);
        given().auth().oauth2(readToken).when().get("/v1/ledgers/{id}/schedules", ledger)
                .then().statusCode(200);
        assertEquals(sequence, lastSequence(pool, ledger));
    }

    @Test
    void anArchivedLedgersHoldsDoNotExpireAndItsSchedulesDoNotRun() {
        UUID ledger = fundedLedger();
        String pending = postTransaction(ledger, hold("h1", "10.00", Instant.now().plus(2, ChronoUnit.SECONDS)))
                .statusCode(201).extract().path("transaction_id");
        String schedule = post(ledger, "/schedules", schedule("s1", Instant.now().plus(2, ChronoUnit.SECONDS)))
                .statusCode(201).extract().path("id");
        // stored as the registry consumer stores ledger.archived (here at once, so that it surely precedes both)
        rows(pool, "UPDATE ledgers SET archived_at = now(), updated_at = now() WHERE id = $1", ledger);
        long sequence = lastSequence(pool, ledger);

        // both fall due within 2 s and the expiry and schedule loops look every second
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertEquals(sequence, lastSequence(pool, ledger));
        assertEquals("pending", rows(pool, "SELECT status FROM transactions WHERE id = $1", UUID.fromString(pending))
                .iterator().next().getString(0));
        assertEquals(0, count(pool, "SELECT runs FROM schedules WHERE id = $1", UUID.fromString(schedule)));
        assertEquals(0, count(pool, "SELECT count(*) FROM schedule_runs WHERE schedule_id = $1", UUID.fromString(schedule)));
        assertEquals("active", rows(pool, "SELECT status FROM schedules WHERE id = $1", UUID.fromString(schedule))
                .iterator().next().getString(0));
    }

    /**
     * A write waiting for the ledger's lock while the archive commits is refused: the flag is read from the
     * locked row, not from what this service cached when the ledger still took writes.
     */
    @Test
    void aWriteWaitingForTheLedgersLockWhileItIsArchivedIsRefused() throws Exception {
        UUID ledger = fundedLedger();
        // the ledger is now cached as taking writes
        postTransaction(ledger, transfer("warm", "cash", "wallet", "1.00")).statusCode(201);
        long sequence = lastSequence(pool, ledger);

        SqlConnection conn = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        try {
            conn.query("BEGIN").execute().await().atMost(Duration.ofSeconds(10));
            // what the registry consumer's UPDATE does, holding the row until it commits
            conn.preparedQuery("UPDATE ledgers SET archived_at = now(), updated_at = now() WHERE id = $1")
                    .execute(Tuple.of(ledger)).await().atMost(Duration.ofSeconds(10));
            List<CompletableFuture<ValidatableResponse>> writes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String key = "racing-" + i;
                writes.add(CompletableFuture.supplyAsync(() -> postTransaction(ledger, transfer(key, "cash", "wallet", "1.00"))));
            }
            writes.add(CompletableFuture.supplyAsync(() -> account(ledger, "late", "asset", Map.of())));
            Thread.sleep(1500);
            assertTrue(writes.stream().noneMatch(CompletableFuture::isDone), "the writes wait for the ledger's lock");
            conn.query("COMMIT").execute().await().atMost(Duration.ofSeconds(10));
            for (CompletableFuture<ValidatableResponse> write : writes) {
                refused(write.get(30, TimeUnit.SECONDS), ledger);
            }
        } finally {
            conn.close().await().atMost(Duration.ofSeconds(10));
        }
        assertEquals(sequence, lastSequence(pool, ledger));
        assertEquals(0, count(pool, "SELECT count(*) FROM accounts WHERE ledger_id = $1 AND code = 'late'", ledger));
    }

    @Test
    void aRenameIsStoredAndAnOlderChangeArrivingLaterDoesNotUndoIt() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        JsonObject renamed = registryEvent(ledger, "ledger.updated", "Second name")
                .put("updated_at", "2026-06-01T00:00:00Z");
        produce(REGISTRY_TOPIC, ledger.toString(), renamed.getString("event_id"), "ledger.updated", renamed.encode());
        JsonObject older = registryEvent(ledger, "ledger.updated", "First name")
                .put("updated_at", "2026-05-01T00:00:00Z");
        produce(REGISTRY_TOPIC, ledger.toString(), older.getString("event_id"), "ledger.updated", older.encode());
        UUID marker = LedgerFixtures.ledger(pool, "USD", ledger.toString());

        assertEquals(1, count(pool, "SELECT count(*) FROM ledgers WHERE id = $1", marker));
        var row = rows(pool, "SELECT name, archived_at, last_sequence FROM ledgers WHERE id = $1", ledger).iterator().next();
        assertEquals("Second name", row.getString("name"));
        assertEquals(null, row.getValue("archived_at"));
        // a rename does not stop writes
        account(ledger, "cash", "asset", Map.of()).statusCode(201);
    }

    @Test
    void anArchiveWithoutItsTimeGoesToTheDeadLetterTopicAndTheLedgerKeepsTakingWrites() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        JsonObject archived = registryEvent(ledger, "ledger.archived", "Archived book");
        produce(REGISTRY_TOPIC, ledger.toString(), archived.getString("event_id"), "ledger.archived", archived.encode());
        UUID marker = LedgerFixtures.ledger(pool, "USD", ledger.toString());

        assertEquals(1, count(pool, "SELECT count(*) FROM ledgers WHERE id = $1", marker));
        assertEquals(1, LedgerFixtures.awaitRecords(REGISTRY_TOPIC + ".dlq.ledger-command-service",
                r -> ledger.toString().equals(r.key()), 1).size());
        assertEquals(0, count(pool, "SELECT count(*) FROM ledgers WHERE id = $1 AND archived_at IS NOT NULL", ledger));
        account(ledger, "cash", "asset", Map.of()).statusCode(201);
    }
}
