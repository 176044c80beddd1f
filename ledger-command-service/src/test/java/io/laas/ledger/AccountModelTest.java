package io.laas.ledger;

import static io.laas.ledger.LedgerApi.account;
import static io.laas.ledger.LedgerApi.accountRow;
import static io.laas.ledger.LedgerApi.lastEvent;
import static io.laas.ledger.LedgerApi.patch;
import static io.laas.ledger.LedgerApi.postTransaction;
import static io.laas.ledger.LedgerApi.transfer;
import static io.laas.ledger.LedgerFixtures.lastSequence;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

/**
 * Accounts as people model them: normal balance, parent, metadata, status and limits, changed by PATCH,
 * each change an event; refused requests write nothing.
 */
@QuarkusTest
class AccountModelTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void anAccountIsOpenedWithEverythingItHolds() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        account(ledger, "customers", "liability", Map.of()).statusCode(201)
                .body("normal_balance", equalTo("credit")).body("parent_code", nullValue());
        Map<String, Object> extra = new HashMap<>();
        extra.put("parent_code", "customers");
        extra.put("limits", Map.of("min_balance", "0"));
        extra.put("metadata", Map.of("customer", "alice", "tier", 2));
        account(ledger, "wallet:alice", "liability", extra).statusCode(201)
                .body("parent_code", equalTo("customers"))
                .body("status", equalTo("open"))
                .body("limits.min_balance", equalTo("0.00"))
                .body("limits.max_balance", nullValue())
                .body("metadata.customer", equalTo("alice"))
                .body("version", equalTo(0));
        account(ledger, "contra", "asset", Map.of("normal_balance", "credit")).statusCode(201)
                .body("normal_balance", equalTo("credit"));

        JsonObject created = lastEvent(pool, ledger).getJsonObject("data");
        assertEquals("contra", created.getString("code"));
        assertEquals("credit", created.getString("normal_balance"));
        var alice = accountRow(pool, ledger, "wallet:alice");
        assertEquals(accountRow(pool, ledger, "customers").getUUID("id"), alice.getUUID("parent_id"));
        assertEquals("0.00", alice.getBigDecimal("min_balance").toPlainString());
        assertEquals("alice", alice.getJsonObject("metadata").getString("customer"));
    }

    @Test
    void accountsOpenedConcurrentlyInOneLedgerAreAllCreated() throws Exception {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String code = "acct-" + i;
                answers.add(clients.submit(() -> account(ledger, code, "asset", Map.of()).extract().statusCode()));
            }
            for (java.util.concurrent.Future<Integer> answer : answers) {
                assertEquals(201, answer.get());
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(32, lastSequence(pool, ledger));
    }

    @Test
    void aParentMustExistInTheSameCurrency() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        account(ledger, "eur-root", "asset", Map.of("currency", "EUR")).statusCode(201);
        long sequence = lastSequence(pool, ledger);

        account(ledger, "orphan", "asset", Map.of("parent_code", "nobody")).statusCode(422)
                .body("code", equalTo("PARENT_NOT_FOUND")).body("parent_code", equalTo("nobody"));
        account(ledger, "usd-child", "asset", Map.of("parent_code", "eur-root")).statusCode(422)
                .body("code", equalTo("PARENT_CURRENCY_MISMATCH")).body("parent_currency", equalTo("EUR"));
        assertEquals(sequence, lastSequence(pool, ledger));
        assertEquals(1, LedgerFixtures.count(pool, "SELECT count(*) FROM accounts WHERE ledger_id = $1", ledger));
    }

    @Test
    void badAccountFieldsAreNamedAndWriteNothing() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        Map<String, Object> extra = new HashMap<>();
        extra.put("normal_balance", "sideways");
        extra.put("limits", Map.of("min_balance", 5, "max_balance", "1.5x"));
        extra.put("metadata", List.of(1));
        account(ledger, "bad", "asset", extra).statusCode(400).body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("normal_balance"));
        account(ledger, "bad", "asset", Map.of("limits", Map.of("min_balance", 5, "max_balance", "1.5x"),
                "metadata", List.of(1))).statusCode(400)
                .body("errors.field", contains("metadata", "limits.min_balance", "limits.max_balance"));
        account(ledger, "bad", "asset", Map.of("limits", Map.of("min_balance", "10", "max_balance", "1.001")))
                .statusCode(422).body("code", equalTo("INVALID_LIMITS"));
        account(ledger, "bad", "asset", Map.of("metadata", Map.of("blob", "x".repeat(17 * 1024)))).statusCode(400)
                .body("errors.field", contains("metadata"));
        account(ledger, "bad", "asset", Map.of("limits", Map.of("minimum", "0"))).statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED")).body("errors.field", contains("limits.minimum"))
                .body("errors.message", contains("is not a known field"));
        LedgerApi.postTransaction(ledger, Map.of("idempotency_key", "k", "postings", List.of(), "colour", "red"))
                .statusCode(400).body("errors.field", contains("colour"));
        assertEquals(0, lastSequence(pool, ledger));
    }

    @Test
    void frozenRefusesPostingsUntilReopenedAndEachChangeIsAnEvent() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        account(ledger, "cash", "asset", Map.of()).statusCode(201);
        account(ledger, "wallet", "liability", Map.of()).statusCode(201);

        patch(ledger, "wallet", Map.of("status", "frozen")).statusCode(200).body("status", equalTo("frozen"));
        JsonObject updated = lastEvent(pool, ledger);
        assertEquals("account.updated", updated.getString("event_type"));
        assertEquals("open", updated.getJsonObject("data").getString("previous_status"));
        assertEquals(List.of("status"), updated.getJsonObject("data").getJsonArray("changed").getList());
        long sequence = lastSequence(pool, ledger);

        postTransaction(ledger, transfer("t1", "cash", "wallet", "10.00")).statusCode(422)
                .body("code", equalTo("ACCOUNT_FROZEN")).body("account_code", equalTo("wallet"));
        assertEquals(sequence, lastSequence(pool, ledger));

        patch(ledger, "wallet", Map.of("status", "open")).statusCode(200);
        postTransaction(ledger, transfer("t1", "cash", "wallet", "10.00")).statusCode(201);
        assertEquals(1L, accountRow(pool, ledger, "wallet").getLong("version"));
    }

    @Test
    void closingNeedsAZeroBalanceAndIsFinal() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        account(ledger, "cash", "asset", Map.of()).statusCode(201);
        account(ledger, "wallet", "liability", Map.of()).statusCode(201);
        postTransaction(ledger, transfer("in", "cash", "wallet", "10.00")).statusCode(201);
        long sequence = lastSequence(pool, ledger);

        patch(ledger, "wallet", Map.of("status", "closed")).statusCode(409)
                .body("code", equalTo("ACCOUNT_NOT_EMPTY")).body("balance", equalTo("10.00"));
        assertEquals(sequence, lastSequence(pool, ledger));

        postTransaction(ledger, transfer("out", "wallet", "cash", "10.00")).statusCode(201);
        patch(ledger, "wallet", Map.of("status", "closed")).statusCode(200).body("status", equalTo("closed"));
        postTransaction(ledger, transfer("again", "cash", "wallet", "1.00")).statusCode(422)
                .body("code", equalTo("ACCOUNT_CLOSED"));
        patch(ledger, "wallet", Map.of("status", "open")).statusCode(409)
                .body("code", equalTo("INVALID_STATUS_TRANSITION")).body("account_status", equalTo("closed"));
    }

    @Test
    void patchChangesNameMetadataAndLimitsAndNothingElse() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        account(ledger, "wallet", "liability", Map.of("limits", Map.of("min_balance", "0", "max_balance", "500"),
                "metadata", Map.of("a", 1))).statusCode(201);

        Map<String, Object> limits = new HashMap<>();
        limits.put("max_balance", null);
        patch(ledger, "wallet", Map.of("name", "Alice", "metadata", Map.of("b", 2), "limits", limits)).statusCode(200)
                .body("name", equalTo("Alice"))
                .body("metadata", equalTo(Map.of("b", 2)))
                .body("limits.min_balance", equalTo("0.00"))
                .body("limits.max_balance", nullValue());
        JsonObject data = lastEvent(pool, ledger).getJsonObject("data");
        assertEquals(List.of("name", "limits", "metadata"), data.getJsonArray("changed").getList());
        long sequence = lastSequence(pool, ledger);

        patch(ledger, "wallet", Map.of("name", "Alice")).statusCode(200);
        assertEquals(sequence, lastSequence(pool, ledger), "a PATCH that changes nothing writes nothing");
        patch(ledger, "wallet", Map.of()).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        patch(ledger, "wallet", Map.of("status", "archived")).statusCode(400).body("errors.field", contains("status"));
        patch(ledger, "nobody", Map.of("name", "x")).statusCode(404).body("code", equalTo("ACCOUNT_NOT_FOUND"));
        patch(ledger, "wallet", Map.of("limits", Map.of("max_balance", "-1"))).statusCode(422)
                .body("code", equalTo("INVALID_LIMITS"));
        assertEquals(sequence, lastSequence(pool, ledger));
    }
}
