package io.laas.projector.transaction;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.TestTokens;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.laas.web.security.Scopes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
class TransactionResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROBLEM = "application/problem+json";

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void transactionIsServedWithItsPostingsAtTheCurrencyScale() {
        TestLedger ledger = new TestLedger();
        UUID txId = UUID.randomUUID();
        ledger.account("cash", "asset", "JPY").send();
        ledger.account("sales", "revenue", "JPY").send();
        ledger.transaction(txId, "JPY", "cash", "debit", "1500", "sales", "credit", "1500").send();

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/transactions/{t}", ledger.id, txId)
                .then().statusCode(200)
                .body("id", equalTo(txId.toString()))
                .body("ledger_id", equalTo(ledger.id.toString()))
                .body("sequence", equalTo(3))
                .body("external_id", equalTo("ext-" + txId))
                .body("idempotency_key", equalTo("idem-" + txId))
                .body("currency", equalTo("JPY"))
                .body("occurred_at", notNullValue())
                .body("recorded_at", notNullValue())
                .body("metadata.order", equalTo("A-1"))
                .body("metadata.tags", contains("x"))
                .body("postings.account_code", contains("cash", "sales"))
                .body("postings.direction", contains("debit", "credit"))
                .body("postings.amount", contains("1500", "1500")));
        given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/accounts/sales", ledger.id)
                .then().statusCode(200).body("balance", equalTo("1500"));
    }

    @Test
    void postedTransactionShowsItsStatusAndNoHoldOrReversal() {
        TestLedger ledger = new TestLedger();
        UUID txId = UUID.randomUUID();
        UUID schedule = UUID.randomUUID();
        ledger.account("cash", "asset", "JPY").send();
        ledger.account("sales", "revenue", "JPY").send();
        Event posted = ledger.transaction(txId, "JPY", "cash", "debit", "1500", "sales", "credit", "1500");
        posted.envelope().getJsonObject("data").put("schedule_id", schedule.toString());
        posted.send();

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/transactions/{t}", ledger.id, txId)
                .then().statusCode(200)
                .body("status", equalTo("posted"))
                .body("occurred_at", equalTo("2026-11-20T10:15:30.123456Z"))
                .body("recorded_at", notNullValue())
                .body("expires_at", nullValue())
                .body("committed_at", nullValue())
                .body("voided_at", nullValue())
                .body("void_reason", nullValue())
                .body("reversal_of", nullValue())
                .body("reversed_by", empty())
                .body("schedule_id", equalTo(schedule.toString()))
                .body("postings.pending_amount", contains(nullValue(), nullValue()))
                .body("postings.released", contains(nullValue(), nullValue()))
                .body("postings.reversed_amount", contains("0", "0"))
                .body("postings.original_posting", contains(nullValue(), nullValue())));
    }

    @Test
    void statusFilterTakesOnlyTransactionStatuses() {
        TestLedger ledger = new TestLedger();
        ledger.account("cash", "asset").send();
        ledger.account("equity", "equity").send();
        UUID txId = UUID.randomUUID();
        ledger.transaction(txId, "USD", "cash", "debit", "1.00", "equity", "credit", "1.00").send();
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(ledger.token()).queryParam("status", "posted")
                .get("/v1/ledgers/{l}/transactions", ledger.id)
                .then().statusCode(200).body("data.id", contains(txId.toString())));
        given().auth().oauth2(ledger.token()).queryParam("status", "pending")
                .get("/v1/ledgers/{l}/transactions", ledger.id)
                .then().statusCode(200).body("data", empty()).body("next_cursor", nullValue());
        for (String status : List.of("committed", "POSTED", "posted'--")) {
            given().auth().oauth2(ledger.token()).queryParam("status", status)
                    .get("/v1/ledgers/{l}/transactions", ledger.id)
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors[0].field", equalTo("status"));
        }
    }

    @Test
    void postingsKeepTheirOwnCurrencyAndAccountsTheScaleTheirLedgerGaveIt() {
        TestLedger ledger = new TestLedger();
        UUID txId = UUID.randomUUID();
        ledger.account("usd-cash", "asset", "USD", 2).send();
        ledger.account("usd-fx", "liability", "USD", 2).send();
        ledger.account("usdc-wallet", "asset", "USDC", 6).send();
        ledger.account("usdc-fx", "liability", "USDC", 6).send();
        JsonArray postings = new JsonArray()
                .add(posting(ledger, "usd-cash", "debit", "10.00", null))
                .add(posting(ledger, "usd-fx", "credit", "10.00", null))
                .add(posting(ledger, "usdc-fx", "debit", "9.990000", "USDC"))
                .add(posting(ledger, "usdc-wallet", "credit", "9.990000", "USDC"));
        ledger.event("transaction.posted", new JsonObject()
                .put("transaction_id", txId.toString())
                .put("idempotency_key", "fx-" + txId)
                .put("currency", "USD")
                .put("occurred_at", "2026-11-20T10:15:30Z")
                .put("postings", postings)).send();

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/transactions/{t}", ledger.id, txId)
                .then().statusCode(200)
                .body("currency", equalTo("USD"))
                .body("postings.currency", contains("USD", "USD", "USDC", "USDC"))
                .body("postings.amount", contains("10.00", "10.00", "9.990000", "9.990000"))
                .body("postings.reversed_amount", contains("0.00", "0.00", "0.000000", "0.000000")));
        given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/accounts/usdc-wallet", ledger.id)
                .then().statusCode(200)
                .body("currency", equalTo("USDC"))
                .body("balance", equalTo("-9.990000"))
                .body("debits", equalTo("0.000000"))
                .body("credits", equalTo("9.990000"));
    }

    private static JsonObject posting(TestLedger ledger, String code, String direction, String amount, String currency) {
        JsonObject posting = new JsonObject()
                .put("account_id", ledger.accountId(code).toString())
                .put("account_code", code)
                .put("direction", direction)
                .put("amount", amount);
        return currency == null ? posting : posting.put("currency", currency);
    }

    @Test
    void transactionsArePagedNewestFirst() {
        TestLedger ledger = new TestLedger();
        ledger.account("cash", "asset").send();
        ledger.account("equity", "equity").send();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        ledger.transaction(first, "USD", "cash", "debit", "1.00", "equity", "credit", "1.00").send();
        ledger.transaction(second, "USD", "cash", "debit", "2.00", "equity", "credit", "2.00").send();
        ledger.transaction(third, "USD", "cash", "debit", "3.00", "equity", "credit", "3.00").send();
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/transactions", ledger.id).then().statusCode(200).body("data", hasSize(3)));

        String next = given().auth().oauth2(ledger.token()).queryParam("limit", 2)
                .get("/v1/ledgers/{l}/transactions", ledger.id)
                .then().statusCode(200)
                .body("data.id", contains(third.toString(), second.toString()))
                .body("data[0].postings.amount", contains("3.00", "3.00"))
                .body("next_cursor", notNullValue())
                .extract().path("next_cursor");
        given().auth().oauth2(ledger.token()).queryParam("limit", 2).queryParam("cursor", next)
                .get("/v1/ledgers/{l}/transactions", ledger.id)
                .then().statusCode(200)
                .body("data.id", contains(first.toString()))
                .body("next_cursor", nullValue());
        given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/accounts/equity", ledger.id)
                .then().statusCode(200).body("balance", equalTo("6.00"));
    }

    @Test
    void unknownOrMalformedTransactionIdIsNotFound() {
        TestLedger ledger = new TestLedger();
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            given().auth().oauth2(ledger.token())
                    .get("/v1/ledgers/{l}/transactions/{t}", ledger.id, id)
                    .then().statusCode(404).contentType(PROBLEM)
                    .body("code", equalTo("TRANSACTION_NOT_FOUND"));
        }
    }

    @Test
    void transactionOfAnotherLedgerIsNotFound() {
        TestLedger theirs = new TestLedger();
        UUID txId = UUID.randomUUID();
        theirs.account("cash", "asset").send();
        theirs.account("loan", "liability").send();
        theirs.transaction(txId, "USD", "cash", "debit", "5.00", "loan", "credit", "5.00").send();
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(theirs.token())
                .get("/v1/ledgers/{l}/transactions/{t}", theirs.id, txId).then().statusCode(200));

        String mine = TestTokens.token(List.of(UUID.randomUUID()), Scopes.LEDGER_READ);
        given().auth().oauth2(mine)
                .get("/v1/ledgers/{l}/transactions/{t}", theirs.id, txId)
                .then().statusCode(404).contentType(PROBLEM).body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(mine)
                .get("/v1/ledgers/{l}/transactions", theirs.id)
                .then().statusCode(404).contentType(PROBLEM).body("code", equalTo("LEDGER_NOT_FOUND"));
    }

    @Test
    void invalidPaginationIsRejected() {
        TestLedger ledger = new TestLedger();
        given().auth().oauth2(ledger.token()).queryParam("limit", 1001)
                .get("/v1/ledgers/{l}/transactions", ledger.id)
                .then().statusCode(400).contentType(PROBLEM).body("code", equalTo("VALIDATION_FAILED"));
        given().auth().oauth2(ledger.token()).queryParam("cursor", "dHhuMTp4")  // "txn1:x"
                .get("/v1/ledgers/{l}/transactions", ledger.id)
                .then().statusCode(400).contentType(PROBLEM).body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void tokenWithoutLedgerReadIsForbidden() {
        UUID ledgerId = UUID.randomUUID();
        given().auth().oauth2(TestTokens.token(List.of(ledgerId), Scopes.LEDGER_WRITE))
                .get("/v1/ledgers/{l}/transactions", ledgerId)
                .then().statusCode(403).contentType(PROBLEM).body("code", equalTo("FORBIDDEN"));
        given().get("/v1/ledgers/{l}/transactions", ledgerId)
                .then().statusCode(401).contentType(PROBLEM).body("code", equalTo("UNAUTHORIZED"));
    }
}
