package io.laas.ledger;

import static io.laas.ledger.LedgerApi.account;
import static io.laas.ledger.LedgerApi.patch;
import static io.laas.ledger.LedgerApi.post;
import static io.laas.ledger.LedgerApi.postTransaction;
import static io.laas.ledger.LedgerApi.transfer;
import static io.laas.ledger.LedgerFixtures.lastSequence;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Every successful write answers the ledger's sequence after it in {@code Ledger-Sequence} (what a read's
 * {@code min_sequence} waits for): the sequence of its event, of the write a replay repeats, or, for a write
 * that changed nothing, the ledger's current one. A refused write answers none.
 */
@QuarkusTest
class LedgerSequenceHeaderTest {

    private static final String HEADER = "Ledger-Sequence";

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private String sequence(UUID ledger) {
        return Long.toString(lastSequence(pool, ledger));
    }

    @Test
    void accountAndAssetWritesAnswerTheirSequence() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        account(ledger, "cash", "asset", Map.of()).statusCode(201).header(HEADER, "1");
        patch(ledger, "cash", Map.of("name", "Till")).statusCode(200).header(HEADER, "2");
        account(ledger, "fees", "expense", Map.of()).statusCode(201).header(HEADER, "3");
        // nothing to change: nothing written, the ledger's sequence now
        patch(ledger, "cash", Map.of("name", "Till")).statusCode(200).header(HEADER, "3");
        assertEquals(3, lastSequence(pool, ledger));

        declareAsset(ledger, "GOLD", 4).statusCode(201).header(HEADER, "4");
        declareAsset(ledger, "GOLD", 4).statusCode(200).header(HEADER, "4");

        account(ledger, "cash", "asset", Map.of()).statusCode(409).header(HEADER, nullValue());
        patch(ledger, "nobody", Map.of("name", "x")).statusCode(404).header(HEADER, nullValue());
        declareAsset(ledger, "GOLD", 2).statusCode(409).header(HEADER, nullValue());
        assertEquals(4, lastSequence(pool, ledger));
    }

    @Test
    void transactionWritesAnswerTheirSequenceAndReplaysTheOriginalOne() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        account(ledger, "cash", "asset", Map.of()).statusCode(201);
        account(ledger, "wallet", "liability", Map.of()).statusCode(201);
        postTransaction(ledger, transfer("t1", "cash", "wallet", "100.00")).statusCode(201)
                .header(HEADER, "3").body("ledger_sequence", equalTo(3));
        postTransaction(ledger, transfer("t2", "cash", "wallet", "1.00")).statusCode(201).header(HEADER, "4");
        postTransaction(ledger, transfer("t1", "cash", "wallet", "100.00")).statusCode(201)
                .header("Idempotent-Replayed", "true").header(HEADER, "3");

        Map<String, Object> hold = transfer("h1", "wallet", "cash", "10.00");
        hold.put("status", "pending");
        String pending = postTransaction(ledger, hold).statusCode(201).header(HEADER, "5")
                .extract().path("transaction_id");
        post(ledger, "/transactions/" + pending + "/post", Map.of("idempotency_key", "c1")).statusCode(200)
                .header(HEADER, "6").body("ledger_sequence", equalTo(6));
        hold.put("idempotency_key", "h2");
        String voided = postTransaction(ledger, hold).statusCode(201).header(HEADER, "7")
                .extract().path("transaction_id");
        post(ledger, "/transactions/" + voided + "/void", Map.of("idempotency_key", "v1")).statusCode(200)
                .header(HEADER, "8");
        String original = postTransaction(ledger, transfer("t3", "cash", "wallet", "5.00")).statusCode(201)
                .extract().path("transaction_id");
        post(ledger, "/transactions/" + original + "/reversal", Map.of("idempotency_key", "r1")).statusCode(201)
                .header(HEADER, "10");

        postTransaction(ledger, transfer("t4", "cash", "nobody", "5.00")).statusCode(422).header(HEADER, nullValue());
        assertEquals(10, lastSequence(pool, ledger));
    }

    @Test
    void aBulkAnswersTheSequenceAfterAllOfItsItems() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        account(ledger, "cash", "asset", Map.of()).statusCode(201);
        account(ledger, "wallet", "liability", Map.of()).statusCode(201);
        List<Map<String, Object>> items = List.of(transfer("b1", "cash", "wallet", "1.00"),
                transfer("b2", "cash", "nobody", "1.00"), transfer("b3", "cash", "wallet", "2.00"));
        post(ledger, "/transactions/bulk", Map.of("transactions", items)).statusCode(200)
                .header(HEADER, sequence(ledger)).body("results[2].ledger_sequence", equalTo(4));
        post(ledger, "/transactions/bulk", Map.of("atomic", true, "transactions",
                List.of(transfer("b4", "cash", "wallet", "1.00"), transfer("b5", "cash", "wallet", "1.00"))))
                .statusCode(201).header(HEADER, "6");
        // every item refused: nothing written, nothing to wait for
        post(ledger, "/transactions/bulk", Map.of("transactions", List.of(transfer("b6", "cash", "nobody", "1.00"))))
                .statusCode(200).header(HEADER, nullValue());
        assertEquals(6, lastSequence(pool, ledger));
    }

    @Test
    void scheduleWritesAnswerTheirSequenceAndAReplayTheCurrentOne() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        account(ledger, "cash", "asset", Map.of()).statusCode(201);
        account(ledger, "rent", "expense", Map.of()).statusCode(201);
        Map<String, Object> transaction = transfer("ignored", "rent", "cash", "10.00");
        transaction.remove("idempotency_key");
        Map<String, Object> body = new HashMap<>();
        body.put("idempotency_key", "s1");
        body.put("transaction", transaction);
        body.put("every", Map.of("unit", "day", "count", 1));
        body.put("start_at", Instant.now().plus(1, ChronoUnit.DAYS).toString());

        String id = post(ledger, "/schedules", body).statusCode(201).header(HEADER, "3").extract().path("id");
        account(ledger, "fees", "expense", Map.of()).statusCode(201).header(HEADER, "4");
        post(ledger, "/schedules", body).statusCode(201).header("Idempotent-Replayed", "true").header(HEADER, "4");

        String path = "/schedules/" + id;
        post(ledger, path + "/pause", Map.of()).statusCode(200).header(HEADER, "5");
        post(ledger, path + "/pause", Map.of()).statusCode(200).header(HEADER, "5"); // paused already
        post(ledger, path + "/resume", Map.of()).statusCode(200).header(HEADER, "6");
        post(ledger, path + "/cancel", Map.of()).statusCode(200).header(HEADER, "7");
        post(ledger, path + "/resume", Map.of()).statusCode(409).header(HEADER, nullValue());
        assertEquals(7, lastSequence(pool, ledger));
    }

    private static ValidatableResponse declareAsset(UUID ledger, String code, int scale) {
        return given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).body(Map.of("scale", scale))
                .when().put("/v1/ledgers/{id}/assets/{code}", ledger, code).then();
    }
}
