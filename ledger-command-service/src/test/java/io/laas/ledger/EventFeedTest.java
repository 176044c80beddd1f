package io.laas.ledger;

import static io.laas.ledger.ChainFixtures.readToken;
import static io.laas.ledger.ChainFixtures.storedEnvelopes;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.TestTokens;
import io.laas.tenancy.LedgerScope;
import io.laas.web.security.Scopes;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/** GET /v1/ledgers/{id}/events: the stored envelopes in sequence order, a page at a time. */
@QuarkusTest
class EventFeedTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void pagesThroughTheStoredEnvelopesInSequenceOrder() {
        UUID ledger = ChainFixtures.populatedLedger(pool);

        String all = events(ledger, "").statusCode(200).contentType("application/json")
                .body("data.sequence", contains(1, 2, 3, 4, 5, 6, 7, 8, 9))
                .body("data.epoch", everyItem(equalTo(1)))
                .body("next_after_sequence", equalTo(9)).body("has_more", equalTo(false))
                .extract().asString();
        assertEquals(new JsonArray(storedEnvelopes(pool, ledger)), new JsonObject(all).getJsonArray("data"),
                "the envelopes as stored, hash included");

        events(ledger, "?limit=4").statusCode(200)
                .body("data.sequence", contains(1, 2, 3, 4)).body("next_after_sequence", equalTo(4))
                .body("has_more", equalTo(true));
        events(ledger, "?after_sequence=4&limit=4").statusCode(200)
                .body("data.sequence", contains(5, 6, 7, 8)).body("has_more", equalTo(true));
        events(ledger, "?after_sequence=8&limit=4").statusCode(200)
                .body("data.sequence", contains(9)).body("next_after_sequence", equalTo(9))
                .body("has_more", equalTo(false));
        events(ledger, "?after_sequence=9").statusCode(200)
                .body("data", empty()).body("next_after_sequence", nullValue()).body("has_more", equalTo(false));
        events(ledger, "?after_sequence=8&limit=1").statusCode(200)
                .body("data.sequence", contains(9)).body("has_more", equalTo(false));
        events(ledger, "?limit=1000").statusCode(200).body("data.size()", equalTo(9));
    }

    @Test
    void theDefaultPageIsAHundredEvents() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        ChainFixtures.account(ledger, "cash", "asset", null);
        ChainFixtures.account(ledger, "revenue", "revenue", null);
        for (int i = 0; i < 100; i++) {
            ChainFixtures.post(ledger, "sale-" + i, "cash", "revenue", "1.00", null, null);
        }
        events(ledger, "").statusCode(200)
                .body("data.size()", equalTo(100)).body("data[99].sequence", equalTo(100))
                .body("next_after_sequence", equalTo(100)).body("has_more", equalTo(true));
        events(ledger, "?after_sequence=100").statusCode(200)
                .body("data.sequence", contains(101, 102)).body("has_more", equalTo(false));
    }

    @Test
    void badParametersAre400ValidationFailedNamingEach() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        for (String query : List.of("?after_sequence=-1", "?after_sequence=abc", "?after_sequence=1.5",
                "?after_sequence=99999999999999999999")) {
            events(ledger, query).statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors.field", contains("after_sequence"))
                    .body("errors[0].message", equalTo("must be an integer of at least 0"));
        }
        for (String query : List.of("?limit=0", "?limit=1001", "?limit=x", "?limit=-5")) {
            events(ledger, query).statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors.field", contains("limit"))
                    .body("errors[0].message", equalTo("must be an integer between 1 and 1000"));
        }
        events(ledger, "?after_sequence=-1&limit=0").statusCode(400)
                .body("errors.field", contains("after_sequence", "limit"));
    }

    @Test
    void onlyATokenThatReadsTheLedgerSeesItsEvents() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        given().when().get("/v1/ledgers/{id}/events", ledger).then()
                .statusCode(401).contentType("application/problem+json").body("code", equalTo("UNAUTHORIZED"));
        given().auth().oauth2(writeToken(ledger)).when().get("/v1/ledgers/{id}/events", ledger).then()
                .statusCode(403).contentType("application/problem+json").body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(readToken(UUID.randomUUID())).when().get("/v1/ledgers/{id}/events", ledger).then()
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("LEDGER_NOT_FOUND"));
        UUID unknown = UUID.randomUUID();
        given().auth().oauth2(readToken(unknown)).when().get("/v1/ledgers/{id}/events", unknown).then()
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("LEDGER_NOT_FOUND"));
    }

    @Test
    void aPlatformIdentityWithOpsAdminReadsAnyLedgersEvents() {
        UUID ledger = ChainFixtures.populatedLedger(pool);
        String ops = TestTokens.token(List.of(), Scopes.OPS_ADMIN);
        String all = given().auth().oauth2(ops).when().get("/v1/ledgers/{id}/events?limit=1000", ledger).then()
                .statusCode(200).body("data.sequence", contains(1, 2, 3, 4, 5, 6, 7, 8, 9))
                .body("has_more", equalTo(false)).extract().asString();
        assertEquals(new JsonArray(storedEnvelopes(pool, ledger)), new JsonObject(all).getJsonArray("data"));
        given().auth().oauth2(ops).when().get("/v1/ledgers/{id}/events", "not-a-ledger").then()
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("LEDGER_NOT_FOUND"));
        // ops:admin opens the event log, nothing else of the ledger
        given().auth().oauth2(ops).when().get("/v1/ledgers/{id}/verify", ledger).then().statusCode(403);
    }

    private static ValidatableResponse events(UUID ledger, String query) {
        return given().auth().oauth2(readToken(ledger)).when().get("/v1/ledgers/" + ledger + "/events" + query).then();
    }
}
