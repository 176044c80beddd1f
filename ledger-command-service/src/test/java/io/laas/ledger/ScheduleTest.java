package io.laas.ledger;

import static io.laas.ledger.LedgerApi.account;
import static io.laas.ledger.LedgerApi.post;
import static io.laas.ledger.LedgerApi.postTransaction;
import static io.laas.ledger.LedgerApi.transfer;
import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.lastSequence;
import static io.laas.ledger.LedgerFixtures.rows;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.ledger.schedule.Schedule;
import io.laas.ledger.schedule.TransactionTemplate;
import io.laas.ledger.schedule.repository.ScheduleRepository;
import io.laas.ledger.transaction.service.PostingService;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/** Scheduled and recurring transactions: each run posted once, failures recorded, pause, resume, cancel. */
@QuarkusTest
class ScheduleTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Inject
    ScheduleRepository schedules;

    @Inject
    PostingService postings;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private UUID ledger() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        account(ledger, "cash", "asset", Map.of()).statusCode(201);
        account(ledger, "wallet", "liability", Map.of("limits", Map.of("min_balance", "0"))).statusCode(201);
        account(ledger, "rent", "expense", Map.of()).statusCode(201);
        return ledger;
    }

    private static Map<String, Object> schedule(String key, Map<String, Object> every, Integer maxRuns) {
        // the wallet pays 10.00 of rent at each run
        Map<String, Object> transaction = transfer("ignored", "wallet", "rent", "10.00");
        transaction.remove("idempotency_key");
        Map<String, Object> body = new HashMap<>();
        body.put("idempotency_key", key);
        body.put("transaction", transaction);
        if (every != null) {
            body.put("every", every);
        }
        if (maxRuns != null) {
            body.put("max_runs", maxRuns);
        }
        return body;
    }

    /** Makes the schedule's next run due now, as if time had passed. */
    private void makeDue(String scheduleId) {
        rows(pool, "UPDATE schedules SET next_run_at = now() - interval '1 millisecond' WHERE id = $1 AND status = 'active'",
                UUID.fromString(scheduleId));
    }

    private long runs(String scheduleId) {
        return count(pool, "SELECT runs FROM schedules WHERE id = $1", UUID.fromString(scheduleId));
    }

    @Test
    void aRecurringScheduleRunsEachTimeOnceUntilItsLastRun() {
        UUID ledger = ledger();
        postTransaction(ledger, transfer("fund", "cash", "wallet", "100.00")).statusCode(201);
        String id = post(ledger, "/schedules", schedule("s1", Map.of("unit", "month", "count", 1), 3)).statusCode(201)
                .body("status", equalTo("active")).body("every.unit", equalTo("month")).body("runs", equalTo(0))
                .extract().path("id");
        assertEquals(1, count(pool, "SELECT count(*) FROM events WHERE ledger_id = $1 AND type = 'schedule.created'"
                + " AND payload -> 'data' ->> 'schedule_id' = $2", ledger, id));

        await().atMost(Duration.ofSeconds(15)).until(() -> runs(id) == 1);
        for (int run = 2; run <= 3; run++) {
            makeDue(id);
            long expected = run;
            await().atMost(Duration.ofSeconds(15)).until(() -> runs(id) == expected);
        }

        assertEquals("completed", rows(pool, "SELECT status FROM schedules WHERE id = $1", UUID.fromString(id))
                .iterator().next().getString(0));
        RestAssured.given().auth().oauth2(io.laas.local.testing.TestTokens.token(List.of(ledger), "ledger:read"))
                .when().get("/v1/ledgers/{l}/schedules/{s}", ledger, id)
                .then().statusCode(200).body("status", equalTo("completed")).body("runs", equalTo(3))
                .body("next_run_at", nullValue()).body("latest_runs.run", contains(3, 2, 1));
        RestAssured.given().auth().oauth2(io.laas.local.testing.TestTokens.token(List.of(ledger), "ledger:read"))
                .when().get("/v1/ledgers/{l}/schedules?status=completed&limit=1", ledger)
                .then().statusCode(200).body("data.id", contains(id)).body("next_cursor", nullValue());
        RestAssured.given().auth().oauth2(io.laas.local.testing.TestTokens.token(List.of(ledger), "ledger:read"))
                .when().get("/v1/ledgers/{l}/schedules?status=sleeping", ledger)
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        assertEquals(3, count(pool, "SELECT count(*) FROM events WHERE ledger_id = $1 AND type = 'transaction.posted'"
                + " AND payload -> 'data' ->> 'schedule_id' = $2", ledger, id));
        assertEquals(3, count(pool, "SELECT count(DISTINCT key) FROM idempotency_keys WHERE ledger_id = $1 AND key LIKE $2",
                ledger, "schedule:" + id + ":%"));
        JsonObject last = LedgerApi.lastEvent(pool, ledger);
        assertEquals("schedule.updated", last.getString("event_type"));
        assertEquals("completed", last.getJsonObject("data").getString("status"));
    }

    @Test
    void aRefusedRunIsRecordedAndNotRetried() {
        UUID ledger = ledger();
        String id = post(ledger, "/schedules", schedule("s1", Map.of("unit", "day", "count", 1), null)).statusCode(201)
                .extract().path("id");
        post(ledger, "/schedules", schedule("s1", Map.of("unit", "day", "count", 1), null)).statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(id));

        await().atMost(Duration.ofSeconds(15)).until(() -> runs(id) == 1);
        JsonObject failed = LedgerApi.lastEvent(pool, ledger);
        assertEquals("schedule.run_failed", failed.getString("event_type"));
        assertEquals("INSUFFICIENT_FUNDS", failed.getJsonObject("data").getJsonObject("problem").getString("code"));
        assertEquals(1, count(pool, "SELECT failed_runs FROM schedules WHERE id = $1", UUID.fromString(id)));
        assertEquals(1, count(pool, "SELECT count(*) FROM schedule_runs WHERE schedule_id = $1 AND problem IS NOT NULL",
                UUID.fromString(id)));
        assertEquals(1, count(pool, "SELECT count(*) FROM schedules WHERE id = $1 AND next_run_at > now() + interval '23 hours'",
                UUID.fromString(id)), "the next run is tomorrow's, not a retry");
    }

    @Test
    void aRunPostedBeforeACrashIsRecordedOnceWithItsTransaction() {
        UUID ledger = ledger();
        postTransaction(ledger, transfer("fund", "cash", "wallet", "100.00")).statusCode(201);
        Map<String, Object> body = schedule("s1", Map.of("unit", "day", "count", 1), null);
        body.put("start_at", Instant.now().plus(1, ChronoUnit.HOURS).toString());
        String id = post(ledger, "/schedules", body).statusCode(201).extract().path("id");
        Schedule schedule = schedules.find(pool, ledger, UUID.fromString(id)).await().indefinitely();
        // another replica posted run 1 and stopped before recording it
        UUID posted = postings.post(TransactionTemplate.command(schedule, 1, schedule.nextRunAt()))
                .await().indefinitely().receipt().transactionId();

        makeDue(id);
        await().atMost(Duration.ofSeconds(15)).until(() -> runs(id) == 1);

        assertEquals(posted, rows(pool, "SELECT transaction_id FROM schedule_runs WHERE schedule_id = $1",
                UUID.fromString(id)).iterator().next().getUUID(0));
        assertEquals(1, count(pool, "SELECT count(*) FROM events WHERE ledger_id = $1 AND type = 'transaction.posted'"
                + " AND payload -> 'data' ->> 'schedule_id' = $2", ledger, id));
    }

    @Test
    void pauseResumeAndCancelAreEventsAndCancelIsFinal() {
        UUID ledger = ledger();
        Map<String, Object> body = schedule("s1", Map.of("unit", "cron", "cron", "0 9 * * 1"), null);
        body.put("start_at", Instant.now().plus(1, ChronoUnit.DAYS).toString());
        String id = post(ledger, "/schedules", body).statusCode(201).body("every.cron", equalTo("0 9 * * 1"))
                .extract().path("id");
        String path = "/schedules/" + id;

        RestAssured.given().auth().oauth2(LedgerFixtures.writeToken(ledger)).when()
                .post("/v1/ledgers/{l}" + path + "/pause", ledger)
                .then().statusCode(200).body("status", equalTo("paused"));
        post(ledger, path + "/resume", Map.of()).statusCode(200).body("status", equalTo("active"));
        post(ledger, path + "/cancel", Map.of()).statusCode(200).body("status", equalTo("cancelled"))
                .body("next_run_at", nullValue());
        long sequence = lastSequence(pool, ledger);
        post(ledger, path + "/resume", Map.of()).statusCode(409).body("code", equalTo("INVALID_SCHEDULE_TRANSITION"))
                .body("schedule_status", equalTo("cancelled"));
        post(ledger, "/schedules/" + UUID.randomUUID() + "/pause", Map.of()).statusCode(404)
                .body("code", equalTo("SCHEDULE_NOT_FOUND"));
        assertEquals(sequence, lastSequence(pool, ledger));
        assertEquals(3, count(pool, "SELECT count(*) FROM events WHERE ledger_id = $1 AND type = 'schedule.updated'", ledger));
    }

    @Test
    void aScheduleIsCreatedOncePerKeyAndBadOnesWriteNothing() {
        UUID ledger = ledger();
        Map<String, Object> body = schedule("s1", Map.of("unit", "week", "count", 2), null);
        body.put("start_at", Instant.now().plus(1, ChronoUnit.DAYS).toString());
        String id = post(ledger, "/schedules", body).statusCode(201).extract().path("id");
        post(ledger, "/schedules", body).statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(id));
        body.put("max_runs", 5);
        post(ledger, "/schedules", body).statusCode(409).body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        long sequence = lastSequence(pool, ledger);

        Map<String, Object> bad = schedule("s2", Map.of("unit", "fortnight", "count", 1), 0);
        bad.put("start_at", "2020-01-01T00:00:00Z");
        post(ledger, "/schedules", bad).statusCode(400).body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", containsInAnyOrder("start_at", "max_runs", "every.unit"));
        post(ledger, "/schedules", schedule("s3", Map.of("unit", "cron", "cron", "every day"), null)).statusCode(400)
                .body("errors.field", contains("every.cron"));
        Map<String, Object> unbalanced = schedule("s4", null, null);
        ((Map<String, Object>) unbalanced.get("transaction")).put("postings", List.of(
                LedgerApi.posting("rent", "debit", "10.00"), LedgerApi.posting("wallet", "credit", "9.00")));
        post(ledger, "/schedules", unbalanced).statusCode(422).body("code", equalTo("UNBALANCED_TRANSACTION"));
        Map<String, Object> keyed = schedule("s5", null, null);
        ((Map<String, Object>) keyed.get("transaction")).put("idempotency_key", "mine");
        post(ledger, "/schedules", keyed).statusCode(400).body("errors.field", contains("transaction.idempotency_key"));
        postTransaction(ledger, transfer("schedule:" + id + ":1", "wallet", "rent", "1.00")).statusCode(400)
                .body("errors.field", contains("idempotency_key"));
        assertEquals(sequence, lastSequence(pool, ledger));
        assertEquals(1, count(pool, "SELECT count(*) FROM schedules WHERE ledger_id = $1", ledger));
    }
}
