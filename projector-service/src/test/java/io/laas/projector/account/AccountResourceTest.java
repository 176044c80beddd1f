package io.laas.projector.account;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.TestTokens;
import io.laas.projector.TestLedger;
import io.laas.web.security.Scopes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
class AccountResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROBLEM = "application/problem+json";

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
        for (String limit : List.of("0", "201", "-1", "ten")) {
            given().auth().oauth2(ledger.token()).queryParam("limit", limit)
                    .get("/v1/ledgers/{l}/accounts", ledger.id)
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("status", equalTo(400))
                    .body("errors[0].field", equalTo("limit"));
        }
        given().auth().oauth2(ledger.token()).queryParam("limit", 200)
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
