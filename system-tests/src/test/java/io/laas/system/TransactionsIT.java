package io.laas.system;

import static io.laas.system.LedgerApi.newCode;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

class TransactionsIT {

    private static final UUID SANDBOX = RunningStack.SANDBOX;

    @BeforeAll
    static void stack() {
        RunningStack.get();
    }

    /** The manual test of the LaaS guide (§7.2), verbatim, with the demo API key on the short paths. */
    @Test
    void theGuidesManualTestPostsWithTheApiKeyAndEndsWithCashAndRevenueAt100() {
        String body = """
                {
                  "idempotency_key": "test-txn-001",
                  "external_id": "order-123",
                  "currency": "USD",
                  "occurred_at": "2024-01-01T12:00:00Z",
                  "postings": [
                    {"account_code": "cash", "direction": "debit", "amount": "100.00"},
                    {"account_code": "revenue", "direction": "credit", "amount": "100.00"}
                  ]
                }""";
        String transactionId = given().header("Authorization", "Bearer " + RunningStack.API_KEY)
                .contentType(ContentType.JSON).body(body)
                .post("/v1/transactions")
                .then().statusCode(201)
                .body("status", equalTo("accepted"))
                .body("transaction_id", notNullValue())
                .body("ledger_sequence", notNullValue())
                .extract().path("transaction_id");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            given().header("Authorization", "Bearer " + RunningStack.API_KEY).get("/v1/accounts/cash")
                    .then().statusCode(200).body("balance", equalTo("100.00"));
            given().header("Authorization", "Bearer " + RunningStack.API_KEY).get("/v1/accounts/revenue")
                    .then().statusCode(200).body("balance", equalTo("100.00"));
        });
        given().header("Authorization", "Bearer " + RunningStack.API_KEY).get("/v1/transactions/{id}", transactionId)
                .then().statusCode(200)
                .body("external_id", equalTo("order-123"))
                .body("postings.size()", equalTo(2))
                .body("postings[0].amount", equalTo("100.00"));
    }

    @Test
    void createsAnAccountOnceAndRefusesTheSameCodeAgain() {
        String token = RunningStack.demoToken();
        String code = newCode("wallet");
        LedgerApi.createAccount(token, SANDBOX, code, "liability");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", "again", "type", "liability"))
                .post("/v1/ledgers/{ledger}/accounts", SANDBOX)
                .then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("ACCOUNT_ALREADY_EXISTS"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> LedgerApi.account(token, SANDBOX, code)
                .then().statusCode(200).body("balance", equalTo("0.00")).body("type", equalTo("liability")));
    }

    @Test
    void projectsBalancesInTheAccountsNormalDirectionWithinSeconds() {
        String token = RunningStack.demoToken();
        String bank = newCode("bank");
        String fees = newCode("fees");
        LedgerApi.createAccount(token, SANDBOX, bank, "asset");
        LedgerApi.createAccount(token, SANDBOX, fees, "revenue");

        long start = System.nanoTime();
        LedgerApi.post(token, SANDBOX, LedgerApi.transfer(UUID.randomUUID().toString(), bank, fees, "12.34"))
                .then().statusCode(201);
        LedgerApi.post(token, SANDBOX, LedgerApi.transfer(UUID.randomUUID().toString(), fees, bank, "0.34"))
                .then().statusCode(201);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            LedgerApi.account(token, SANDBOX, bank).then().statusCode(200).body("balance", equalTo("12.00"));
            LedgerApi.account(token, SANDBOX, fees).then().statusCode(200).body("balance", equalTo("12.00"));
        });
        System.out.printf("Projected two transactions in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void aReplayReturnsTheOriginalResponseAndAReusedKeyWithAnotherBodyIsAConflict() {
        String token = RunningStack.demoToken();
        String from = newCode("from");
        String to = newCode("to");
        LedgerApi.createAccount(token, SANDBOX, from, "asset");
        LedgerApi.createAccount(token, SANDBOX, to, "liability");
        String key = UUID.randomUUID().toString();

        var first = LedgerApi.post(token, SANDBOX, LedgerApi.transfer(key, from, to, "5.00"));
        first.then().statusCode(201);
        var replay = LedgerApi.post(token, SANDBOX, LedgerApi.transfer(key, from, to, "5.00"));
        replay.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(first.jsonPath().getString("transaction_id"), replay.jsonPath().getString("transaction_id"));
        assertEquals(first.jsonPath().getLong("ledger_sequence"), replay.jsonPath().getLong("ledger_sequence"));

        LedgerApi.post(token, SANDBOX, LedgerApi.transfer(key, from, to, "6.00"))
                .then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> LedgerApi.account(token, SANDBOX, from)
                .then().statusCode(200).body("balance", equalTo("5.00")));
    }

    @Test
    void anUnbalancedTransactionIsRejectedAndWritesNothing() {
        String token = RunningStack.demoToken();
        String a = newCode("a");
        String b = newCode("b");
        LedgerApi.createAccount(token, SANDBOX, a, "asset");
        LedgerApi.createAccount(token, SANDBOX, b, "equity");

        long before = LedgerApi.post(token, SANDBOX, LedgerApi.transfer(UUID.randomUUID().toString(), a, b, "1.00"))
                .then().statusCode(201).extract().jsonPath().getLong("ledger_sequence");
        Map<String, Object> unbalanced = Map.of(
                "idempotency_key", UUID.randomUUID().toString(),
                "currency", "USD",
                "occurred_at", "2024-01-01T12:00:00Z",
                "postings", List.of(
                        Map.of("account_code", a, "direction", "debit", "amount", "10.00"),
                        Map.of("account_code", b, "direction", "credit", "amount", "9.99")));
        LedgerApi.post(token, SANDBOX, unbalanced)
                .then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("UNBALANCED_TRANSACTION"));
        long after = LedgerApi.post(token, SANDBOX, LedgerApi.transfer(UUID.randomUUID().toString(), a, b, "1.00"))
                .then().statusCode(201).extract().jsonPath().getLong("ledger_sequence");
        assertEquals(before + 1, after, "the rejected transaction took no sequence number");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> LedgerApi.account(token, SANDBOX, a)
                .then().statusCode(200).body("balance", equalTo("2.00")).body("debits", equalTo("2.00")));
    }

    @Test
    void anUnknownTransactionIsNotFound() {
        given().auth().oauth2(RunningStack.demoToken())
                .get("/v1/ledgers/{ledger}/transactions/{id}", SANDBOX, UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("TRANSACTION_NOT_FOUND")).body("detail", notNullValue())
                .body("errors", nullValue());
    }
}
