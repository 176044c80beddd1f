package io.laas.ledger;

import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.lastSequence;
import static io.laas.ledger.LedgerFixtures.rows;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A ledger holds accounts in several currencies and declared assets: each posting is in its account's
 * currency, a transaction balances in each currency, amounts keep their currency's decimal places, and
 * every refusal writes nothing.
 */
@QuarkusTest
class MultiCurrencyTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void aTransactionBalancedInEachCurrencyIsPostedWithEveryPostingsCurrency() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        createAccount(ledger, "usd-cash", "asset", null).statusCode(201).body("currency", equalTo("USD"));
        createAccount(ledger, "usd-fx", "liability", "USD").statusCode(201);
        createAccount(ledger, "eur-cash", "asset", "EUR").statusCode(201).body("currency", equalTo("EUR"));
        createAccount(ledger, "eur-fx", "liability", "EUR").statusCode(201);
        createAccount(ledger, "jpy-cash", "asset", "JPY").statusCode(201);
        createAccount(ledger, "jpy-fx", "liability", "JPY").statusCode(201);

        // An FX conversion: USD in, EUR out, and a JPY fee; postings without a currency take the transaction's.
        Map<String, Object> body = transaction("fx-1", null, List.of(
                posting("usd-cash", "debit", "110.00", null),
                posting("usd-fx", "credit", "110.00", null),
                posting("eur-fx", "debit", "100.00", "EUR"),
                posting("eur-cash", "credit", "100.00", "EUR"),
                posting("jpy-cash", "debit", "150", "JPY"),
                posting("jpy-fx", "credit", "150", "JPY")));
        post(ledger, body).statusCode(201);

        assertEquals(new BigDecimal("100.00"), balance(ledger, "eur-cash", "credits"));
        assertEquals(new BigDecimal("150"), balance(ledger, "jpy-cash", "debits"));
        JsonObject data = lastEvent(ledger).getJsonObject("data");
        assertEquals("USD", data.getString("currency"));
        JsonArray postings = data.getJsonArray("postings");
        assertEquals(List.of("USD", "USD", "EUR", "EUR", "JPY", "JPY"),
                postings.stream().map(p -> ((JsonObject) p).getString("currency")).toList());
        assertEquals(List.of("110.00", "110.00", "100.00", "100.00", "150", "150"),
                postings.stream().map(p -> ((JsonObject) p).getString("amount")).toList());
    }

    @Test
    void debitsInOneCurrencyCannotBalanceCreditsInAnotherAndNothingIsWritten() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        createAccount(ledger, "usd-cash", "asset", null).statusCode(201);
        createAccount(ledger, "eur-cash", "asset", "EUR").statusCode(201);
        long sequence = lastSequence(pool, ledger);

        post(ledger, transaction("cross", "USD", List.of(
                posting("usd-cash", "debit", "10.00", null),
                posting("eur-cash", "credit", "10.00", "EUR"))))
                .statusCode(422)
                .body("code", equalTo("UNBALANCED_TRANSACTION"))
                .body("totals.currency", contains("EUR", "USD"))
                .body("totals.total_debits", contains("0.00", "10.00"))
                .body("totals.total_credits", contains("10.00", "0.00"));
        assertNothingWritten(ledger, sequence);
    }

    @Test
    void aPostingInAnotherCurrencyThanItsAccountIsRefusedNamingIt() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        createAccount(ledger, "cash", "asset", null).statusCode(201);
        createAccount(ledger, "eur-revenue", "revenue", "EUR").statusCode(201);
        long sequence = lastSequence(pool, ledger);

        post(ledger, transaction("wrong-account", "USD", List.of(
                posting("cash", "debit", "5.00", null),
                posting("eur-revenue", "credit", "5.00", null))))
                .statusCode(422)
                .body("code", equalTo("CURRENCY_MISMATCH"))
                .body("mismatches.posting", contains(1))
                .body("mismatches.account_code", contains("eur-revenue"))
                .body("mismatches.account_currency", contains("EUR"))
                .body("mismatches.currency", contains("USD"));
        assertNothingWritten(ledger, sequence);
    }

    @Test
    void anAssetIsUnknownUntilDeclaredAndThenKeepsItsScale() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        long sequence = lastSequence(pool, ledger);
        createAccount(ledger, "usdc-wallet", "asset", "USDC")
                .statusCode(422).body("code", equalTo("UNKNOWN_CURRENCY")).body("currencies", contains("USDC"));
        assertEquals(sequence, lastSequence(pool, ledger));
        assertEquals(0, count(pool, "SELECT count(*) FROM accounts WHERE ledger_id = $1", ledger));

        declare(ledger, "USDC", 6).statusCode(201)
                .body("code", equalTo("USDC")).body("scale", equalTo(6));
        assertEquals(sequence + 1, lastSequence(pool, ledger));
        JsonObject declared = lastEvent(ledger);
        assertEquals("asset.declared", declared.getString("event_type"));
        JsonObject asset = declared.getJsonObject("data");
        assertEquals("USDC", asset.getString("code"));
        assertEquals(6, asset.getInteger("scale"));
        assertEquals(declared.getString("recorded_at"), asset.getString("declared_at"));

        createAccount(ledger, "usdc-wallet", "asset", "USDC").statusCode(201).body("currency", equalTo("USDC"));
        createAccount(ledger, "usdc-float", "liability", "USDC").statusCode(201);
        post(ledger, transaction("usdc-1", "USDC", List.of(
                posting("usdc-wallet", "debit", "1.123456", null),
                posting("usdc-float", "credit", "1.123456", null)))).statusCode(201);
        assertEquals(new BigDecimal("1.123456"), balance(ledger, "usdc-wallet", "debits"));

        long before = lastSequence(pool, ledger);
        post(ledger, transaction("usdc-2", "USDC", List.of(
                posting("usdc-wallet", "debit", "1.1234567", null),
                posting("usdc-float", "credit", "1.1234567", null))))
                .statusCode(422).body("code", equalTo("INVALID_AMOUNT"))
                .body("errors[0].message", equalTo("has more than 6 decimal places for USDC"));
        assertEquals(before, lastSequence(pool, ledger));
    }

    @Test
    void declaringAnAssetIsIdempotentAndNeverChangesIt() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        declare(ledger, "POINTS", 0).statusCode(201);
        long sequence = lastSequence(pool, ledger);

        declare(ledger, "POINTS", 0).statusCode(200).body("scale", equalTo(0));
        declare(ledger, "POINTS", 2).statusCode(409)
                .body("code", equalTo("ASSET_ALREADY_DECLARED")).body("scale", equalTo(0));
        declare(ledger, "EUR", 2).statusCode(422).body("code", equalTo("ASSET_CODE_RESERVED"));
        declare(ledger, "BIG", 19).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        declare(ledger, "lower", 2).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).body(Map.of())
                .put("/v1/ledgers/{id}/assets/{code}", ledger, "NOSCALE").then()
                .statusCode(400).body("code", equalTo("VALIDATION_FAILED"));

        assertEquals(sequence, lastSequence(pool, ledger));
        assertEquals(1, count(pool, "SELECT count(*) FROM ledger_assets WHERE ledger_id = $1", ledger));
        assertEquals(1, count(pool, "SELECT count(*) FROM events WHERE ledger_id = $1 AND type = 'asset.declared'", ledger));
    }

    @Test
    void anUnknownCurrencyInATransactionIsRefused() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        createAccount(ledger, "cash", "asset", null).statusCode(201);
        createAccount(ledger, "revenue", "revenue", null).statusCode(201);
        long sequence = lastSequence(pool, ledger);
        post(ledger, transaction("gold", "ZZZ", List.of(
                posting("cash", "debit", "1.00", null),
                posting("revenue", "credit", "1.00", "QQQ"))))
                .statusCode(422).body("code", equalTo("UNKNOWN_CURRENCY")).body("currencies", contains("QQQ", "ZZZ"));
        post(ledger, transaction("bad-code", "usd", List.of(
                posting("cash", "debit", "1.00", "E"),
                posting("revenue", "credit", "1.00", null))))
                .statusCode(400).body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", contains("currency", "postings[0].currency"));
        assertNothingWritten(ledger, sequence);
    }

    private static ValidatableResponse createAccount(UUID ledger, String code, String type, String currency) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("name", "Account " + code);
        body.put("type", type);
        if (currency != null) {
            body.put("currency", currency);
        }
        return given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/ledgers/{id}/accounts", ledger).then();
    }

    private static ValidatableResponse declare(UUID ledger, String code, int scale) {
        return given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).body(Map.of("scale", scale))
                .when().put("/v1/ledgers/{id}/assets/{code}", ledger, code).then();
    }

    private static Map<String, Object> posting(String code, String direction, String amount, String currency) {
        Map<String, Object> posting = new HashMap<>();
        posting.put("account_code", code);
        posting.put("direction", direction);
        posting.put("amount", amount);
        if (currency != null) {
            posting.put("currency", currency);
        }
        return posting;
    }

    private static Map<String, Object> transaction(String key, String currency, List<Map<String, Object>> postings) {
        Map<String, Object> body = new HashMap<>();
        body.put("idempotency_key", key);
        if (currency != null) {
            body.put("currency", currency);
        }
        body.put("postings", postings);
        return body;
    }

    private static ValidatableResponse post(UUID ledger, Object body) {
        return given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/ledgers/{id}/transactions", ledger).then();
    }

    private BigDecimal balance(UUID ledger, String code, String side) {
        return rows(pool, "SELECT " + side + " FROM accounts WHERE ledger_id = $1 AND code = $2", ledger, code)
                .iterator().next().getBigDecimal(0);
    }

    private JsonObject lastEvent(UUID ledger) {
        return new JsonObject(rows(pool, "SELECT payload::text FROM events WHERE ledger_id = $1 ORDER BY sequence DESC"
                + " LIMIT 1", ledger).iterator().next().getString(0));
    }

    private void assertNothingWritten(UUID ledger, long sequence) {
        assertEquals(sequence, lastSequence(pool, ledger));
        assertEquals(sequence, count(pool, "SELECT count(*) FROM events WHERE ledger_id = $1", ledger));
        assertEquals(0L, count(pool, "SELECT count(*) FROM idempotency_keys WHERE ledger_id = $1", ledger));
        assertEquals(0L, count(pool, "SELECT count(*) FROM accounts WHERE ledger_id = $1 AND (debits <> 0 OR credits <> 0)",
                ledger));
    }
}
