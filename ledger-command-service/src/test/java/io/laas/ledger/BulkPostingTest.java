package io.laas.ledger;

import static io.laas.ledger.LedgerApi.account;
import static io.laas.ledger.LedgerApi.column;
import static io.laas.ledger.LedgerApi.post;
import static io.laas.ledger.LedgerApi.postTransaction;
import static io.laas.ledger.LedgerApi.transfer;
import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.lastSequence;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
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
import io.vertx.mutiny.sqlclient.Pool;

/** Bulk posting: each item on its own, or all together and none if one is refused. */
@QuarkusTest
class BulkPostingTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private UUID ledgerWithWallet(String funds) {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        account(ledger, "cash", "asset", Map.of()).statusCode(201);
        account(ledger, "wallet", "liability", Map.of("limits", Map.of("min_balance", "0"))).statusCode(201);
        account(ledger, "merchant", "liability", Map.of()).statusCode(201);
        postTransaction(ledger, transfer("fund", "cash", "wallet", funds)).statusCode(201);
        return ledger;
    }

    @Test
    void aThousandIndependentItemsAreEachPostedWithTheirOwnEvent() {
        UUID ledger = ledgerWithWallet("1000.00");
        long before = lastSequence(pool, ledger);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(transfer("b" + i, "wallet", "merchant", "1.00"));
        }

        post(ledger, "/transactions/bulk", Map.of("transactions", items)).statusCode(200)
                .body("atomic", equalTo(false))
                .body("results", hasSize(1000))
                .body("results.status", everyItem(equalTo(201)));

        assertEquals(before + 1000, lastSequence(pool, ledger));
        assertEquals(0, column(pool, ledger, "wallet", "credits").subtract(column(pool, ledger, "wallet", "debits")).signum());
        assertEquals(1001, count(pool,
                "SELECT count(*) FROM events WHERE ledger_id = $1 AND type = 'transaction.posted'", ledger));
    }

    @Test
    void aBulkOfSeveralMibIsAccepted() {
        UUID ledger = ledgerWithWallet("1000.00");
        String note = "x".repeat(3 * 1024);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> item = transfer("big" + i, "cash", "merchant", "1.00");
            item.put("metadata", Map.of("note", note));
            items.add(item);
        }
        String body = io.vertx.core.json.Json.encode(Map.of("transactions", items));
        org.junit.jupiter.api.Assertions.assertTrue(body.length() > 3 * 1024 * 1024, "over 3 MiB: " + body.length());

        post(ledger, "/transactions/bulk", body).statusCode(200).body("results.status", everyItem(equalTo(201)));
        assertEquals(1000, count(pool, "SELECT count(*) FROM idempotency_keys WHERE ledger_id = $1 AND key LIKE 'big%'",
                ledger));
    }

    @Test
    void independentItemsAreAnsweredOneByOne() {
        UUID ledger = ledgerWithWallet("10.00");
        List<Object> items = List.of(
                transfer("ok", "wallet", "merchant", "6.00"),
                transfer("too-much", "wallet", "merchant", "6.00"),
                Map.of("idempotency_key", "malformed", "postings", List.of()),
                transfer("ok", "wallet", "merchant", "6.00"));

        post(ledger, "/transactions/bulk", Map.of("transactions", items)).statusCode(200)
                .body("results.status", contains(201, 422, 400, 201))
                .body("results[1].problem.code", equalTo("INSUFFICIENT_FUNDS"))
                .body("results[2].problem.code", equalTo("VALIDATION_FAILED"))
                .body("results[3].replayed", equalTo(true));
        assertEquals(new BigDecimal("4.00"), column(pool, ledger, "wallet", "credits").subtract(
                column(pool, ledger, "wallet", "debits")));
    }

    @Test
    void anAtomicBulkIsAllOrNothing() {
        UUID ledger = ledgerWithWallet("10.00");
        long before = lastSequence(pool, ledger);
        List<Object> failing = List.of(
                transfer("a1", "wallet", "merchant", "4.00"),
                transfer("a2", "wallet", "merchant", "4.00"),
                transfer("a3", "wallet", "merchant", "4.00"));

        post(ledger, "/transactions/bulk", Map.of("atomic", true, "transactions", failing)).statusCode(422)
                .body("code", equalTo("INSUFFICIENT_FUNDS")).body("index", equalTo(2));
        assertEquals(before, lastSequence(pool, ledger));
        assertEquals(0, count(pool, "SELECT count(*) FROM idempotency_keys WHERE ledger_id = $1 AND key LIKE 'a%'", ledger));

        post(ledger, "/transactions/bulk", Map.of("atomic", true, "transactions",
                List.of(transfer("a1", "wallet", "merchant", "4.00"), Map.of("idempotency_key", "bad"))))
                .statusCode(400).body("code", equalTo("VALIDATION_FAILED")).body("index", equalTo(1));
        assertEquals(before, lastSequence(pool, ledger));

        post(ledger, "/transactions/bulk", Map.of("atomic", true, "transactions", failing.subList(0, 2))).statusCode(201)
                .body("results.status", contains(201, 201)).body("results.ledger_sequence",
                        contains((int) before + 1, (int) before + 2));
        assertEquals(0, column(pool, ledger, "wallet", "credits").subtract(column(pool, ledger, "wallet", "debits"))
                .compareTo(new BigDecimal("2.00")));
    }

    @Test
    void theSizeOfABulkIsBounded() {
        UUID ledger = ledgerWithWallet("1.00");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            items.add(transfer("x" + i, "cash", "merchant", "1.00"));
        }
        post(ledger, "/transactions/bulk", Map.of("transactions", items)).statusCode(400)
                .body("errors.field", contains("transactions"));
        post(ledger, "/transactions/bulk", Map.of("transactions", List.of())).statusCode(400);
        post(ledger, "/transactions/bulk", Map.of("atomic", "maybe", "transactions", List.of())).statusCode(400);
    }
}
