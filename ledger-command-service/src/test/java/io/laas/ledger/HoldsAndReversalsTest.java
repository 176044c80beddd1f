package io.laas.ledger;

import static io.laas.ledger.LedgerApi.account;
import static io.laas.ledger.LedgerApi.column;
import static io.laas.ledger.LedgerApi.lastEvent;
import static io.laas.ledger.LedgerApi.post;
import static io.laas.ledger.LedgerApi.postTransaction;
import static io.laas.ledger.LedgerApi.transfer;
import static io.laas.ledger.LedgerFixtures.lastSequence;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
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

import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/** Two-phase holds (commit, void, expiry) and reversals through the API, with what each writes. */
@QuarkusTest
class HoldsAndReversalsTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /** A wallet (no overdraft) holding 100.00, funded from cash. */
    private UUID walletWith100() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        account(ledger, "cash", "asset", Map.of()).statusCode(201);
        account(ledger, "wallet", "liability", Map.of("limits", Map.of("min_balance", "0"))).statusCode(201);
        account(ledger, "merchant", "liability", Map.of()).statusCode(201);
        postTransaction(ledger, transfer("fund", "cash", "wallet", "100.00")).statusCode(201);
        return ledger;
    }

    private static Map<String, Object> hold(String key, String amount, Instant expiresAt) {
        Map<String, Object> body = transfer(key, "wallet", "merchant", amount);
        body.put("status", "pending");
        if (expiresAt != null) {
            body.put("expires_at", expiresAt.toString());
        }
        return body;
    }

    private static Map<String, Object> amounts(String key, String... amounts) {
        Map<String, Object> body = new HashMap<>();
        body.put("idempotency_key", key);
        body.put("postings", java.util.Arrays.stream(amounts).map(amount -> Map.of("amount", amount)).toList());
        return body;
    }

    @Test
    void aHoldReservesItsAmountUntilCommittedInPart() {
        UUID ledger = walletWith100();
        String pending = postTransaction(ledger, hold("h1", "70.00", null)).statusCode(201)
                .body("status", equalTo("pending")).extract().path("transaction_id");
        assertEquals(new BigDecimal("70.00"), column(pool, ledger, "wallet", "pending_debits"));
        assertEquals(0, column(pool, ledger, "wallet", "debits").signum());
        assertEquals("transaction.pending", lastEvent(pool, ledger).getString("event_type"));

        postTransaction(ledger, transfer("too-much", "wallet", "merchant", "30.01")).statusCode(422)
                .body("code", equalTo("INSUFFICIENT_FUNDS")).body("available", equalTo("30.00"));

        post(ledger, "/transactions/" + pending + "/post", amounts("c1", "50.00", "50.00")).statusCode(200)
                .body("status", equalTo("posted")).body("transaction_id", equalTo(pending));
        JsonObject committed = lastEvent(pool, ledger);
        assertEquals("transaction.committed", committed.getString("event_type"));
        assertEquals(true, committed.getJsonObject("data").getBoolean("partial"));
        assertEquals("20.00", committed.getJsonObject("data").getJsonArray("released").getJsonObject(0).getString("amount"));
        assertEquals(new BigDecimal("50.00"), column(pool, ledger, "wallet", "debits"));
        assertEquals(0, column(pool, ledger, "wallet", "pending_debits").signum());

        long sequence = lastSequence(pool, ledger);
        post(ledger, "/transactions/" + pending + "/post", amounts("c1", "50.00", "50.00")).statusCode(200)
                .header(io.laas.ledger.transaction.rest.TransactionResource.IDEMPOTENT_REPLAYED, "true");
        post(ledger, "/transactions/" + pending + "/void", Map.of("idempotency_key", "v1")).statusCode(409)
                .body("code", equalTo("TRANSACTION_NOT_PENDING")).body("transaction_status", equalTo("posted"));
        assertEquals(sequence, lastSequence(pool, ledger));
    }

    @Test
    void commitsAreCheckedBeforeAnythingIsWritten() {
        UUID ledger = walletWith100();
        String pending = postTransaction(ledger, hold("h1", "10.00", null)).statusCode(201).extract().path("transaction_id");
        long sequence = lastSequence(pool, ledger);

        post(ledger, "/transactions/" + pending + "/post", amounts("c1", "11.00", "11.00")).statusCode(422)
                .body("code", equalTo("COMMIT_EXCEEDS_PENDING"));
        post(ledger, "/transactions/" + pending + "/post", amounts("c2", "5.00", "6.00")).statusCode(422)
                .body("code", equalTo("UNBALANCED_TRANSACTION"));
        post(ledger, "/transactions/" + pending + "/post", amounts("c3", "5.00")).statusCode(422)
                .body("code", equalTo("POSTING_COUNT_MISMATCH"));
        post(ledger, "/transactions/" + pending + "/post", amounts("c4", "5.001", "5.001")).statusCode(422)
                .body("code", equalTo("INVALID_AMOUNT"));
        post(ledger, "/transactions/" + pending + "/post", Map.of()).statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        post(ledger, "/transactions/" + UUID.randomUUID() + "/post", Map.of("idempotency_key", "c5")).statusCode(404)
                .body("code", equalTo("TRANSACTION_NOT_FOUND"));
        post(ledger, "/transactions/not-a-uuid/void", Map.of("idempotency_key", "c6")).statusCode(404);
        String posted = postTransaction(ledger, transfer("p", "wallet", "merchant", "1.00")).statusCode(201)
                .extract().path("transaction_id");
        sequence = lastSequence(pool, ledger);
        post(ledger, "/transactions/" + posted + "/post", Map.of("idempotency_key", "c7")).statusCode(409)
                .body("code", equalTo("TRANSACTION_NOT_PENDING"));
        assertEquals(sequence, lastSequence(pool, ledger));
        assertEquals(new BigDecimal("10.00"), column(pool, ledger, "wallet", "pending_debits"));
    }

    @Test
    void anExpiredHoldIsVoidedOnceAndItsAmountIsAvailableAgain() {
        UUID ledger = walletWith100();
        String pending = postTransaction(ledger, hold("h1", "100.00", Instant.now().plus(2, ChronoUnit.SECONDS)))
                .statusCode(201).extract().path("transaction_id");
        postTransaction(ledger, transfer("blocked", "wallet", "merchant", "1.00")).statusCode(422);

        await().atMost(Duration.ofSeconds(15)).until(() -> column(pool, ledger, "wallet", "pending_debits").signum() == 0);
        JsonObject voided = lastEvent(pool, ledger);
        assertEquals("transaction.voided", voided.getString("event_type"));
        assertEquals("expired", voided.getJsonObject("data").getString("reason"));
        assertEquals(1, LedgerFixtures.count(pool,
                "SELECT count(*) FROM events WHERE ledger_id = $1 AND type = 'transaction.voided'", ledger));
        postTransaction(ledger, transfer("now-fine", "wallet", "merchant", "100.00")).statusCode(201);
        post(ledger, "/transactions/" + pending + "/post", Map.of("idempotency_key", "late")).statusCode(409)
                .body("transaction_status", equalTo("voided"));
    }

    @Test
    void aVoidReleasesTheWholeHold() {
        UUID ledger = walletWith100();
        String pending = postTransaction(ledger, hold("h1", "40.00", null)).statusCode(201).extract().path("transaction_id");

        post(ledger, "/transactions/" + pending + "/void", Map.of("idempotency_key", "v1")).statusCode(200)
                .body("status", equalTo("voided"));
        assertEquals(0, column(pool, ledger, "wallet", "pending_debits").signum());
        assertEquals(0, column(pool, ledger, "merchant", "pending_credits").signum());
        assertEquals("voided", lastEvent(pool, ledger).getJsonObject("data").getString("reason"));
    }

    @Test
    void aReversalTakesBackInPartThenInFullAndNoMore() {
        UUID ledger = walletWith100();
        String original = postTransaction(ledger, transfer("pay", "wallet", "merchant", "30.00")).statusCode(201)
                .extract().path("transaction_id");

        String partial = post(ledger, "/transactions/" + original + "/reversal", amounts("r1", "10.00", "10.00"))
                .statusCode(201).body("reversal_of", equalTo(original)).extract().path("transaction_id");
        JsonObject reversed = lastEvent(pool, ledger);
        assertEquals("transaction.reversed", reversed.getString("event_type"));
        assertEquals(original, reversed.getJsonObject("data").getString("reversal_of"));
        assertEquals("credit", reversed.getJsonObject("data").getJsonArray("postings").getJsonObject(0).getString("direction"));
        assertEquals(new BigDecimal("80.00"), column(pool, ledger, "wallet", "credits").subtract(
                column(pool, ledger, "wallet", "debits")));

        long sequence = lastSequence(pool, ledger);
        post(ledger, "/transactions/" + original + "/reversal", amounts("r2", "25.00", "25.00")).statusCode(422)
                .body("code", equalTo("REVERSAL_EXCEEDS_REMAINING"));
        assertEquals(sequence, lastSequence(pool, ledger));

        String rest = post(ledger, "/transactions/" + original + "/reversal", Map.of("idempotency_key", "r3")).statusCode(201)
                .extract().path("transaction_id");
        post(ledger, "/transactions/" + original + "/reversal", Map.of("idempotency_key", "r3")).statusCode(201)
                .header(io.laas.ledger.transaction.rest.TransactionResource.IDEMPOTENT_REPLAYED, "true")
                .body("transaction_id", equalTo(rest));
        assertEquals(new BigDecimal("100.00"), column(pool, ledger, "wallet", "credits").subtract(
                column(pool, ledger, "wallet", "debits")));
        post(ledger, "/transactions/" + original + "/reversal", Map.of("idempotency_key", "r4")).statusCode(409)
                .body("code", equalTo("ALREADY_REVERSED"));
        post(ledger, "/transactions/" + original + "/reversal", amounts("r1", "10.00", "10.00")).statusCode(201)
                .header(io.laas.ledger.transaction.rest.TransactionResource.IDEMPOTENT_REPLAYED, "true")
                .body("transaction_id", equalTo(partial));
        post(ledger, "/transactions/" + original + "/reversal", amounts("r1", "11.00", "11.00")).statusCode(409)
                .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
    }

    @Test
    void concurrentWithdrawalsNeverTakeTheWalletBelowItsLimit() throws Exception {
        UUID ledger = walletWith100();
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String key = "w" + i;
                answers.add(clients.submit(() -> postTransaction(ledger, transfer(key, "wallet", "merchant", "7.00"))
                        .extract().statusCode()));
            }
            int accepted = 0;
            for (java.util.concurrent.Future<Integer> answer : answers) {
                int status = answer.get();
                if (status == 201) {
                    accepted++;
                } else {
                    assertEquals(422, status);
                }
            }
            assertEquals(14, accepted, "100.00 holds fourteen withdrawals of 7.00");
        } finally {
            clients.shutdownNow();
        }
        assertEquals(new BigDecimal("2.00"), column(pool, ledger, "wallet", "credits").subtract(
                column(pool, ledger, "wallet", "debits")));
        assertEquals(15, LedgerFixtures.count(pool,
                "SELECT count(*) FROM events WHERE ledger_id = $1 AND type = 'transaction.posted'", ledger));
    }

    @Test
    void lockVersionsAndBalanceAssertionsMakeWritesConditional() {
        UUID ledger = walletWith100();
        Map<String, Object> debit = LedgerApi.posting("wallet", "debit", "10.00");
        debit.put("lock_version", 0);
        Map<String, Object> stale = new HashMap<>(Map.of("idempotency_key", "stale",
                "postings", List.of(debit, LedgerApi.posting("merchant", "credit", "10.00"))));
        long sequence = lastSequence(pool, ledger);
        postTransaction(ledger, stale).statusCode(409).body("code", equalTo("LOCK_VERSION_MISMATCH"))
                .body("current_lock_version", equalTo(1)).body("expected_lock_version", equalTo(0));

        debit.put("lock_version", 1);
        debit.put("balance_assertion", Map.of("gte", "95.00"));
        postTransaction(ledger, Map.of("idempotency_key", "assert",
                "postings", List.of(debit, LedgerApi.posting("merchant", "credit", "10.00")))).statusCode(422)
                .body("code", equalTo("BALANCE_ASSERTION_FAILED")).body("resulting_balance", equalTo("90.00"));
        assertEquals(sequence, lastSequence(pool, ledger));

        debit.put("balance_assertion", Map.of("eq", "90", "balance", "available"));
        postTransaction(ledger, Map.of("idempotency_key", "ok",
                "postings", List.of(debit, LedgerApi.posting("merchant", "credit", "10.00")))).statusCode(201);
        assertEquals(2L, LedgerApi.accountRow(pool, ledger, "wallet").getLong("version"));
        assertEquals(2L, lastEvent(pool, ledger).getJsonObject("data").getJsonArray("postings").getJsonObject(0)
                .getLong("account_version"));
    }
}
