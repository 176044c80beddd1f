package io.laas.ledger;

import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.lastSequence;
import static io.laas.ledger.LedgerFixtures.rows;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.TestTokens;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
class TransactionResourceTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @TestHTTPResource("/")
    URL baseUrl;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /** A USD ledger with accounts cash (asset) and revenue (revenue): its sequence is 2. */
    private UUID usdLedger() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        LedgerFixtures.createAccount(ledger, "cash", "asset");
        LedgerFixtures.createAccount(ledger, "revenue", "revenue");
        return ledger;
    }

    private static Map<String, Object> posting(String code, String direction, Object amount) {
        Map<String, Object> posting = new HashMap<>();
        posting.put("account_code", code);
        posting.put("direction", direction);
        posting.put("amount", amount);
        return posting;
    }

    private static Map<String, Object> sale(String key, String debit, String credit) {
        Map<String, Object> body = new HashMap<>();
        body.put("idempotency_key", key);
        body.put("external_id", "order-123");
        body.put("currency", "USD");
        body.put("occurred_at", "2024-01-01T12:00:00Z");
        body.put("postings", List.of(posting("cash", "debit", debit), posting("revenue", "credit", credit)));
        body.put("metadata", Map.of("channel", "web", "tags", List.of("a", "b")));
        return body;
    }

    private static ValidatableResponse post(UUID ledger, Object body) {
        return given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/ledgers/{id}/transactions", ledger)
                .then();
    }

    private void assertNothingWritten(UUID ledger) {
        assertEquals(2L, lastSequence(pool, ledger));
        assertEquals(2L, count(pool, "SELECT count(*) FROM events WHERE ledger_id = $1", ledger));
        assertEquals(0L, count(pool, "SELECT count(*) FROM idempotency_keys WHERE ledger_id = $1", ledger));
        assertEquals(0L, count(pool, "SELECT count(*) FROM accounts WHERE ledger_id = $1 AND (debits <> 0 OR credits <> 0)", ledger));
    }

    @Test
    void balancedTransactionIsCommittedWithEventAndBalances() {
        UUID ledger = usdLedger();

        String transactionId = post(ledger, sale("k-1", "100.00", "100.00"))
                .statusCode(201)
                .header("Location", matchesPattern(".*/v1/ledgers/" + ledger + "/transactions/[0-9a-f-]{36}"))
                .body("status", equalTo("accepted"))
                .body("ledger_sequence", equalTo(3))
                .body("transaction_id", notNullValue())
                .header("Idempotent-Replayed", nullValue())
                .extract().path("transaction_id");

        assertEquals(3L, lastSequence(pool, ledger));
        Row cash = rows(pool, "SELECT debits, credits FROM accounts WHERE ledger_id = $1 AND code = 'cash'", ledger).iterator().next();
        Row revenue = rows(pool, "SELECT debits, credits FROM accounts WHERE ledger_id = $1 AND code = 'revenue'", ledger).iterator().next();
        assertEquals(0, new BigDecimal("100.00").compareTo(cash.getBigDecimal("debits")));
        assertEquals(0, cash.getBigDecimal("credits").signum());
        assertEquals(0, new BigDecimal("100.00").compareTo(revenue.getBigDecimal("credits")));

        Row event = rows(pool, "SELECT * FROM events WHERE ledger_id = $1 AND sequence = 3", ledger).iterator().next();
        assertEquals("transaction.posted", event.getString("type"));
        JsonObject envelope = event.getJsonObject("payload");
        assertEquals(event.getUUID("id").toString(), envelope.getString("event_id"));
        assertEquals("transaction.posted", envelope.getString("event_type"));
        assertEquals(ledger.toString(), envelope.getString("ledger_id"));
        assertEquals(3L, envelope.getLong("sequence"));
        JsonObject data = envelope.getJsonObject("data");
        assertEquals(transactionId, data.getString("transaction_id"));
        assertEquals("order-123", data.getString("external_id"));
        assertEquals("k-1", data.getString("idempotency_key"));
        assertEquals("USD", data.getString("currency"));
        assertEquals("2024-01-01T12:00:00Z", data.getString("occurred_at"));
        assertEquals("web", data.getJsonObject("metadata").getString("channel"));
        JsonArray postings = data.getJsonArray("postings");
        assertEquals(2, postings.size());
        assertEquals("cash", postings.getJsonObject(0).getString("account_code"));
        assertEquals("asset", postings.getJsonObject(0).getString("account_type"));
        assertEquals("debit", postings.getJsonObject(0).getString("direction"));
        assertEquals("100.00", postings.getJsonObject(0).getString("amount"));
        assertEquals("revenue", postings.getJsonObject(1).getString("account_type"));
        assertEquals(rows(pool, "SELECT id FROM accounts WHERE ledger_id = $1 AND code = 'cash'", ledger).iterator().next()
                .getUUID("id").toString(), postings.getJsonObject(0).getString("account_id"));

        Row key = rows(pool, "SELECT * FROM idempotency_keys WHERE ledger_id = $1", ledger).iterator().next();
        assertEquals("k-1", key.getString("key"));
        assertEquals(transactionId, key.getUUID("transaction_id").toString());
        assertEquals(3L, key.getLong("ledger_sequence"));
    }

    @Test
    void eachTransactionTakesTheNextSequence() {
        UUID ledger = usdLedger();
        post(ledger, sale("a", "1.00", "1.00")).statusCode(201).body("ledger_sequence", equalTo(3));
        post(ledger, sale("b", "2.50", "2.50")).statusCode(201).body("ledger_sequence", equalTo(4));
        Row cash = rows(pool, "SELECT debits FROM accounts WHERE ledger_id = $1 AND code = 'cash'", ledger).iterator().next();
        assertEquals(0, new BigDecimal("3.50").compareTo(cash.getBigDecimal("debits")));
    }

    @Test
    void replayReturnsTheOriginalResponseAndWritesNothing() {
        UUID ledger = usdLedger();
        Map<String, Object> body = sale("replay-1", "10.00", "10.00");
        String transactionId = post(ledger, body).statusCode(201).extract().path("transaction_id");

        // Same request, key in the header instead of the body, amounts written differently: still the same request.
        Map<String, Object> again = new HashMap<>(body);
        again.remove("idempotency_key");
        again.put("postings", List.of(posting("cash", "debit", "10.0"), posting("revenue", "credit", "10")));
        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).header("Idempotency-Key", "replay-1")
                .body(again)
                .when().post("/v1/ledgers/{id}/transactions", ledger)
                .then().statusCode(201)
                .header("Idempotent-Replayed", "true")
                .header("Location", endsWith("/transactions/" + transactionId))
                .body("transaction_id", equalTo(transactionId))
                .body("status", equalTo("accepted"))
                .body("ledger_sequence", equalTo(3));

        assertEquals(3L, lastSequence(pool, ledger));
        assertEquals(3L, count(pool, "SELECT count(*) FROM events WHERE ledger_id = $1", ledger));
        assertEquals(1L, count(pool, "SELECT count(*) FROM idempotency_keys WHERE ledger_id = $1", ledger));
        Row cash = rows(pool, "SELECT debits FROM accounts WHERE ledger_id = $1 AND code = 'cash'", ledger).iterator().next();
        assertEquals(0, new BigDecimal("10").compareTo(cash.getBigDecimal("debits")));
    }

    @Test
    void sameKeyWithAnotherBodyIs409() {
        UUID ledger = usdLedger();
        post(ledger, sale("reuse", "10.00", "10.00")).statusCode(201);

        post(ledger, sale("reuse", "11.00", "11.00"))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));

        assertEquals(3L, lastSequence(pool, ledger));
        assertEquals(1L, count(pool, "SELECT count(*) FROM idempotency_keys WHERE ledger_id = $1", ledger));
    }

    @Test
    void differentHeaderAndBodyKeysAre400() {
        UUID ledger = usdLedger();
        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).header("Idempotency-Key", "other")
                .body(sale("mine", "1.00", "1.00"))
                .when().post("/v1/ledgers/{id}/transactions", ledger)
                .then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItems("idempotency_key"));
        assertNothingWritten(ledger);
    }

    @Test
    void unbalancedTransactionIs422WithTotalsAndWritesNothing() {
        UUID ledger = usdLedger();
        post(ledger, sale("unbalanced", "100.00", "90.00"))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("UNBALANCED_TRANSACTION"))
                .body("total_debits", equalTo("100.00"))
                .body("total_credits", equalTo("90.00"));
        assertNothingWritten(ledger);
    }

    @Test
    void moreDecimalsThanTheCurrencyAllowsIs422InvalidAmount() {
        UUID ledger = usdLedger();
        post(ledger, sale("decimals", "10.001", "10.001"))
                .statusCode(422)
                .body("code", equalTo("INVALID_AMOUNT"))
                .body("errors.field", contains("postings[0].amount", "postings[1].amount"));
        assertNothingWritten(ledger);
    }

    @Test
    void zeroOrNegativeAmountIs422InvalidAmount() {
        UUID ledger = usdLedger();
        post(ledger, sale("zero", "0.00", "0.00")).statusCode(422).body("code", equalTo("INVALID_AMOUNT"));
        post(ledger, sale("negative", "-5.00", "-5.00")).statusCode(422).body("code", equalTo("INVALID_AMOUNT"));
        assertNothingWritten(ledger);
    }

    @Test
    void postingsInAnotherCurrencyThanTheirAccountsAre422() {
        UUID ledger = usdLedger();
        Map<String, Object> body = sale("eur", "5.00", "5.00");
        body.put("currency", "EUR");
        post(ledger, body)
                .statusCode(422)
                .body("code", equalTo("CURRENCY_MISMATCH"))
                .body("mismatches.account_code", contains("cash", "revenue"))
                .body("mismatches.account_currency", contains("USD", "USD"))
                .body("mismatches.currency", contains("EUR", "EUR"));
        assertNothingWritten(ledger);
    }

    @Test
    void unknownAccountIs422NamingTheCodes() {
        UUID ledger = usdLedger();
        Map<String, Object> body = sale("unknown", "5.00", "5.00");
        body.put("postings", List.of(posting("cash", "debit", "5.00"), posting("nope", "credit", "3.00"),
                posting("ghost", "credit", "2.00")));
        post(ledger, body)
                .statusCode(422)
                .body("code", equalTo("ACCOUNT_NOT_FOUND"))
                .body("account_codes", contains("ghost", "nope"));
        assertNothingWritten(ledger);
    }

    @Test
    void structuralProblemsAre400ListingEveryField() {
        UUID ledger = usdLedger();
        Map<String, Object> body = new HashMap<>();
        body.put("idempotency_key", "structure");
        body.put("currency", "dollars");
        body.put("occurred_at", "yesterday");
        body.put("postings", List.of(posting("cash", "sideways", 5)));
        body.put("metadata", List.of("not", "an", "object"));
        post(ledger, body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItems("currency", "occurred_at", "postings", "postings[0].direction",
                        "postings[0].amount", "metadata"));
        assertNothingWritten(ledger);
    }

    @Test
    void missingIdempotencyKeyIs400() {
        UUID ledger = usdLedger();
        Map<String, Object> body = sale("x", "1.00", "1.00");
        body.remove("idempotency_key");
        post(ledger, body).statusCode(400).body("errors.field", hasItems("idempotency_key"));
        assertNothingWritten(ledger);
    }

    @Test
    void malformedJsonIs400ProblemJson() {
        UUID ledger = usdLedger();
        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).body("{\"postings\": [")
                .when().post("/v1/ledgers/{id}/transactions", ledger)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("MALFORMED_REQUEST"));
        assertNothingWritten(ledger);
    }

    @Test
    void noTokenIs401ReadOnlyTokenIs403OtherLedgerIs404() {
        UUID ledger = usdLedger();
        given().contentType(ContentType.JSON).body(sale("auth", "1.00", "1.00"))
                .when().post("/v1/ledgers/{id}/transactions", ledger)
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("UNAUTHORIZED"));
        given().auth().oauth2(TestTokens.token(List.of(ledger), "ledger:read")).contentType(ContentType.JSON)
                .body(sale("auth", "1.00", "1.00"))
                .when().post("/v1/ledgers/{id}/transactions", ledger)
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(writeToken(UUID.randomUUID())).contentType(ContentType.JSON)
                .body(sale("auth", "1.00", "1.00"))
                .when().post("/v1/ledgers/{id}/transactions", ledger)
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(TestTokens.builder().ledgers(ledger).scopes("ledger:write").issuer("https://evil.example").build())
                .contentType(ContentType.JSON).body(sale("auth", "1.00", "1.00"))
                .when().post("/v1/ledgers/{id}/transactions", ledger)
                .then().statusCode(401);
        assertNothingWritten(ledger);
    }

    @Test
    void concurrentPostsOnOneLedgerGetGaplessSequences() throws Exception {
        UUID ledger = usdLedger();
        int requests = 20;
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < requests; i++) {
            responses.add(client.sendAsync(request(ledger, "parallel-" + i, new JsonObject(sale("parallel-" + i, "1.00", "1.00"))),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Set<Long> sequences = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            HttpResponse<String> r = response.get();
            assertEquals(201, r.statusCode(), r.body());
            sequences.add(new JsonObject(r.body()).getLong("ledger_sequence"));
        }

        assertEquals(LongStream.rangeClosed(3, 22).boxed().collect(Collectors.toSet()), sequences);
        assertEquals(22L, lastSequence(pool, ledger));
        List<Long> stored = new ArrayList<>();
        rows(pool, "SELECT sequence FROM events WHERE ledger_id = $1 ORDER BY sequence", ledger)
                .forEach(row -> stored.add(row.getLong("sequence")));
        assertEquals(LongStream.rangeClosed(1, 22).boxed().toList(), stored);
        Row cash = rows(pool, "SELECT debits FROM accounts WHERE ledger_id = $1 AND code = 'cash'", ledger).iterator().next();
        assertEquals(0, new BigDecimal("20.00").compareTo(cash.getBigDecimal("debits")));
    }

    @Test
    void concurrentRequestsWithOneKeyYieldOneTransaction() throws Exception {
        UUID ledger = usdLedger();
        JsonObject body = new JsonObject(sale("same-key", "7.00", "7.00"));
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            responses.add(client.sendAsync(request(ledger, "same-key", body), HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> transactionIds = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            HttpResponse<String> r = response.get();
            assertEquals(201, r.statusCode(), r.body());
            transactionIds.add(new JsonObject(r.body()).getString("transaction_id"));
        }

        assertEquals(1, transactionIds.size());
        assertEquals(3L, lastSequence(pool, ledger));
        assertEquals(3L, count(pool, "SELECT count(*) FROM events WHERE ledger_id = $1", ledger));
        Row cash = rows(pool, "SELECT debits FROM accounts WHERE ledger_id = $1 AND code = 'cash'", ledger).iterator().next();
        assertTrue(new BigDecimal("7.00").compareTo(cash.getBigDecimal("debits")) == 0);
    }

    private HttpRequest request(UUID ledger, String key, JsonObject body) {
        return HttpRequest.newBuilder(URI.create(baseUrl.toString()).resolve("/v1/ledgers/" + ledger + "/transactions"))
                .header("Authorization", "Bearer " + writeToken(ledger))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build();
    }
}
