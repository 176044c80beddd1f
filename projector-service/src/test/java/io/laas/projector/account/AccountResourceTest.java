package io.laas.projector.account;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.TestTokens;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.tenancy.LedgerScope;
import io.laas.web.security.Scopes;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class AccountResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROBLEM = "application/problem+json";

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void accountsArePagedByCodeWithAStableCursorThatEndsWithNull() {
        TestLedger ledger = new TestLedger();
        for (String code : List.of("c-03", "c-01", "c-05", "c-02", "c-04")) {
            ledger.account(code, "asset").send();
        }
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/accounts", ledger.id).then().statusCode(200).body("data", hasSize(5)));

        String next = given().auth().oauth2(ledger.token()).queryParam("limit", 2)
                .get("/v1/ledgers/{l}/accounts", ledger.id)
                .then().statusCode(200)
                .body("data.code", contains("c-01", "c-02"))
                .body("data[0].balance", equalTo("0.00"))
                .body("data[0].id", equalTo(ledger.accountId("c-01").toString()))
                .body("next_cursor", notNullValue())
                .extract().path("next_cursor");
        String again = given().auth().oauth2(ledger.token()).queryParam("limit", 2)
                .get("/v1/ledgers/{l}/accounts", ledger.id).then().extract().path("next_cursor");
        assertEquals(next, again);

        String last = given().auth().oauth2(ledger.token()).queryParam("limit", 2).queryParam("cursor", next)
                .get("/v1/ledgers/{l}/accounts", ledger.id)
                .then().statusCode(200)
                .body("data.code", contains("c-03", "c-04"))
                .extract().path("next_cursor");
        given().auth().oauth2(ledger.token()).queryParam("limit", 2).queryParam("cursor", last)
                .get("/v1/ledgers/{l}/accounts", ledger.id)
                .then().statusCode(200)
                .body("data.code", contains("c-05"))
                .body("next_cursor", nullValue());
    }

    @Test
    void accountsShowTheLedgerCoresStateAndAccountUpdatedReplacesIt() {
        TestLedger ledger = new TestLedger();
        ledger.account("loans", "asset").send();
        ledger.account("loan:alice", "asset", new JsonObject()
                .put("parent_id", ledger.accountId("loans").toString()).put("parent_code", "loans")
                .put("status", "open").put("version", 0)
                .put("limits", new JsonObject().put("min_balance", "0.00").putNull("max_balance"))
                .put("metadata", new JsonObject().put("owner", "alice"))).send();
        ledger.account("allowance", "asset", new JsonObject().put("normal_balance", "credit")).send();
        ledger.transaction("transaction.posted", UUID.randomUUID(), new JsonObject(),
                ledger.posting("loan:alice", "debit", "10.00").put("account_version", 1),
                ledger.posting("allowance", "credit", "10.00").put("account_version", 1)).send();

        await().atMost(WAIT).untilAsserted(() -> account(ledger, "loan:alice")
                .body("balance", equalTo("10.00"))
                .body("normal_balance", equalTo("debit"))
                .body("parent_id", equalTo(ledger.accountId("loans").toString()))
                .body("parent_code", equalTo("loans"))
                .body("status", equalTo("open"))
                .body("limits.min_balance", equalTo("0.00"))
                .body("limits.max_balance", nullValue())
                .body("metadata.owner", equalTo("alice"))
                .body("version", equalTo(1)));
        account(ledger, "allowance")
                .body("type", equalTo("asset"))
                .body("normal_balance", equalTo("credit"))
                .body("balance", equalTo("10.00"))
                .body("balances.posted", equalTo("10.00"))
                .body("balances.available", equalTo("10.00"));

        Event update = ledger.accountUpdated("loan:alice", new JsonObject()
                .put("name", "Alice's loan").put("status", "frozen").put("previous_status", "open")
                .put("limits", new JsonObject().put("min_balance", "-5.00").put("max_balance", "500.00"))
                .put("metadata", new JsonObject().put("owner", "alice").put("tier", 2))
                .put("changed", new JsonArray().add("status").add("limits").add("metadata").add("name"))).send();

        await().atMost(WAIT).untilAsserted(() -> account(ledger, "loan:alice")
                .body("name", equalTo("Alice's loan"))
                .body("status", equalTo("frozen"))
                .body("limits.min_balance", equalTo("-5.00"))
                .body("limits.max_balance", equalTo("500.00"))
                .body("metadata.tier", equalTo(2))
                .body("balance", equalTo("10.00"))
                .body("version", equalTo(1)));
        Row row = pool.preparedQuery("SELECT status, min_balance::text, max_balance::text, metadata::text, version, "
                + "last_sequence FROM accounts WHERE id = $1").execute(Tuple.of(ledger.accountId("loan:alice")))
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertEquals("frozen", row.getString("status"));
        assertEquals("-5.00", row.getString("min_balance"));
        assertEquals("500.00", row.getString("max_balance"));
        assertEquals("{\"tier\": 2, \"owner\": \"alice\"}", row.getString("metadata"));
        assertEquals(1L, row.getLong("version"));
        assertEquals(update.sequence(), row.getLong("last_sequence"));

        ledger.accountUpdated("loan:alice", new JsonObject().put("status", "closed").putNull("limits")).send();
        await().atMost(WAIT).untilAsserted(() -> account(ledger, "loan:alice")
                .body("status", equalTo("closed"))
                .body("limits.min_balance", nullValue())
                .body("limits.max_balance", nullValue())
                .body("name", equalTo("Alice's loan"))
                .body("metadata.tier", equalTo(2)));
    }

    @Test
    void accountsOfOlderEventsShowTheDefaults() {
        TestLedger ledger = new TestLedger();
        ledger.account("cash", "asset").send();
        ledger.account("deposits", "liability").send();
        ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "7.00", "deposits", "credit", "7.00").send();
        ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "1.00", "deposits", "credit", "1.00").send();

        await().atMost(WAIT).untilAsserted(() -> account(ledger, "deposits").body("balance", equalTo("8.00")));
        account(ledger, "deposits")
                .body("normal_balance", equalTo("credit"))
                .body("parent_id", nullValue())
                .body("parent_code", nullValue())
                .body("status", equalTo("open"))
                .body("limits.min_balance", nullValue())
                .body("limits.max_balance", nullValue())
                .body("metadata.size()", equalTo(0))
                .body("version", equalTo(2))
                .body("balances.posted", equalTo("8.00"))
                .body("balances.pending_debits", equalTo("0.00"))
                .body("balances.pending_credits", equalTo("0.00"))
                .body("balances.available", equalTo("8.00"));
        account(ledger, "cash").body("normal_balance", equalTo("debit")).body("balance", equalTo("8.00"));
    }

    @Test
    void childrenOfAnAccountAreListedByCodeAndAccountsFilterByStatus() {
        TestLedger ledger = new TestLedger();
        ledger.account("assets", "asset").send();
        for (String child : List.of("assets:cash", "assets:bank", "assets:card")) {
            ledger.account(child, "asset", new JsonObject().put("parent_id", ledger.accountId("assets").toString())
                    .put("parent_code", "assets")).send();
        }
        // A parent named by id only: the projector finds its code.
        ledger.account("assets:safe", "asset", new JsonObject().put("parent_id", ledger.accountId("assets").toString()))
                .send();
        ledger.account("revenue", "revenue").send();
        ledger.accountUpdated("assets:cash", new JsonObject().put("status", "frozen")).send();
        await().atMost(WAIT).untilAsserted(() -> account(ledger, "assets:cash").body("status", equalTo("frozen")));

        given().auth().oauth2(ledger.token()).queryParam("parent", "assets")
                .get("/v1/ledgers/{l}/accounts", ledger.id)
                .then().statusCode(200)
                .body("data.code", contains("assets:bank", "assets:card", "assets:cash", "assets:safe"))
                .body("data.parent_code", everyItem(equalTo("assets")));
        String next = given().auth().oauth2(ledger.token()).queryParam("parent", "assets").queryParam("limit", 3)
                .get("/v1/ledgers/{l}/accounts", ledger.id)
                .then().statusCode(200).body("data.code", contains("assets:bank", "assets:card", "assets:cash"))
                .extract().path("next_cursor");
        given().auth().oauth2(ledger.token()).queryParam("parent", "assets").queryParam("limit", 3)
                .queryParam("cursor", next)
                .get("/v1/ledgers/{l}/accounts", ledger.id)
                .then().statusCode(200).body("data.code", contains("assets:safe")).body("next_cursor", nullValue());
        given().auth().oauth2(ledger.token()).queryParam("parent", "assets").queryParam("status", "open")
                .get("/v1/ledgers/{l}/accounts", ledger.id)
                .then().statusCode(200).body("data.code", contains("assets:bank", "assets:card", "assets:safe"));
        given().auth().oauth2(ledger.token()).queryParam("status", "frozen")
                .get("/v1/ledgers/{l}/accounts", ledger.id)
                .then().statusCode(200).body("data.code", contains("assets:cash"));
        given().auth().oauth2(ledger.token()).queryParam("parent", "revenue")
                .get("/v1/ledgers/{l}/accounts", ledger.id)
                .then().statusCode(200).body("data", empty());
        given().auth().oauth2(ledger.token()).queryParam("status", "deleted")
                .get("/v1/ledgers/{l}/accounts", ledger.id)
                .then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("status"));
    }

    private static ValidatableResponse account(TestLedger ledger, String code) {
        return given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/accounts/{c}", ledger.id, code)
                .then().statusCode(200);
    }

    @Test
    void grantedLedgerWithoutEventsHasAnEmptyAccountList() {
        TestLedger ledger = new TestLedger();
        given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/accounts", ledger.id)
                .then().statusCode(200)
                .body("data", empty())
                .body("next_cursor", nullValue())
                .body("containsKey('next_cursor')", equalTo(true));
    }

    @Test
    void invalidLimitIsRejectedWithProblemJson() {
        TestLedger ledger = new TestLedger();
        for (String limit : List.of("0", "1001", "-1", "ten")) {
            given().auth().oauth2(ledger.token()).queryParam("limit", limit)
                    .get("/v1/ledgers/{l}/accounts", ledger.id)
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("status", equalTo(400))
                    .body("errors[0].field", equalTo("limit"));
        }
        given().auth().oauth2(ledger.token()).queryParam("limit", 1000)
                .get("/v1/ledgers/{l}/accounts", ledger.id).then().statusCode(200);
    }

    @Test
    void invalidCursorIsRejectedWithProblemJson() {
        TestLedger ledger = new TestLedger();
        String foreign = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("txn1:7".getBytes(StandardCharsets.UTF_8));
        for (String cursor : List.of("%%%not-base64", foreign, "YWNjMTo")) { // last: "acc1:" without a code
            given().auth().oauth2(ledger.token()).queryParam("cursor", cursor)
                    .get("/v1/ledgers/{l}/accounts", ledger.id)
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors[0].field", equalTo("cursor"));
        }
        // An empty cursor is the same as none: the first page.
        given().auth().oauth2(ledger.token()).queryParam("cursor", "")
                .get("/v1/ledgers/{l}/accounts", ledger.id)
                .then().statusCode(200).body("next_cursor", nullValue());
    }

    @Test
    void unknownAccountIsNotFound() {
        TestLedger ledger = new TestLedger();
        given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/accounts/{c}", ledger.id, "no-such-account")
                .then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("ACCOUNT_NOT_FOUND"));
    }

    @Test
    void accountOfAnotherLedgerIsNotFound() {
        TestLedger mine = new TestLedger();
        TestLedger theirs = new TestLedger();
        theirs.account("cash", "asset").send();
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(theirs.token())
                .get("/v1/ledgers/{l}/accounts/cash", theirs.id).then().statusCode(200));

        given().auth().oauth2(mine.token())
                .get("/v1/ledgers/{l}/accounts/cash", theirs.id)
                .then().statusCode(404).contentType(PROBLEM).body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(mine.token())
                .get("/v1/ledgers/{l}/accounts", theirs.id)
                .then().statusCode(404).contentType(PROBLEM).body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(mine.token())
                .get("/v1/ledgers/{l}/accounts", "not-a-uuid")
                .then().statusCode(404).contentType(PROBLEM).body("code", equalTo("LEDGER_NOT_FOUND"));
    }

    @Test
    void requestWithoutValidTokenIsUnauthorized() {
        UUID ledgerId = UUID.randomUUID();
        given().get("/v1/ledgers/{l}/accounts", ledgerId)
                .then().statusCode(401).contentType(PROBLEM).body("code", equalTo("UNAUTHORIZED"));
        String expired = TestTokens.builder().ledgers(ledgerId).scopes(Scopes.LEDGER_READ)
                .expiresIn(Duration.ofMinutes(-5)).build();
        given().auth().oauth2(expired).get("/v1/ledgers/{l}/accounts", ledgerId)
                .then().statusCode(401).contentType(PROBLEM).body("code", equalTo("UNAUTHORIZED"));
        String otherIssuer = TestTokens.builder().ledgers(ledgerId).scopes(Scopes.LEDGER_READ)
                .issuer("https://somewhere.else").build();
        given().auth().oauth2(otherIssuer).get("/v1/ledgers/{l}/accounts", ledgerId)
                .then().statusCode(401).contentType(PROBLEM).body("code", equalTo("UNAUTHORIZED"));
    }

    @Test
    void tokenWithoutLedgerReadIsForbidden() {
        UUID ledgerId = UUID.randomUUID();
        String writeOnly = TestTokens.token(List.of(ledgerId), Scopes.LEDGER_WRITE, Scopes.WEBHOOKS_READ);
        given().auth().oauth2(writeOnly).get("/v1/ledgers/{l}/accounts", ledgerId)
                .then().statusCode(403).contentType(PROBLEM).body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(writeOnly).get("/v1/ledgers/{l}/accounts/cash", ledgerId)
                .then().statusCode(403).contentType(PROBLEM).body("code", equalTo("FORBIDDEN"));
    }
}
