package io.laas.ledger;

import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.lastSequence;
import static io.laas.ledger.LedgerFixtures.rows;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.TestTokens;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
class AccountResourceTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void createAccountReturns201AndAppendsAccountCreatedToEventStoreAndOutbox() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");

        String id = given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON)
                .body(Map.of("code", "cash:main", "name", "Cash", "type", "asset"))
                .when().post("/v1/ledgers/{id}/accounts", ledger)
                .then().statusCode(201)
                .header("Location", endsWith("/v1/ledgers/" + ledger + "/accounts/cash:main"))
                .body("code", equalTo("cash:main"))
                .body("name", equalTo("Cash"))
                .body("type", equalTo("asset"))
                .body("currency", equalTo("USD"))
                .body("created_at", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"))
                .body("id", notNullValue())
                .extract().path("id");

        Row account = rows(pool, "SELECT * FROM accounts WHERE id = $1", UUID.fromString(id)).iterator().next();
        assertEquals(ledger, account.getUUID("ledger_id"));
        assertEquals("USD", account.getString("currency"));
        assertEquals(0, account.getBigDecimal("debits").signum());
        assertEquals(1L, lastSequence(pool, ledger));

        Row event = rows(pool, "SELECT * FROM events WHERE ledger_id = $1", ledger).iterator().next();
        JsonObject envelope = event.getJsonObject("payload");
        assertEquals("account.created", event.getString("type"));
        assertEquals(1L, event.getLong("sequence"));
        assertEquals(event.getUUID("id").toString(), envelope.getString("event_id"));
        assertEquals("account.created", envelope.getString("event_type"));
        assertEquals(ledger.toString(), envelope.getString("ledger_id"));
        assertEquals(1L, envelope.getLong("sequence"));
        JsonObject data = envelope.getJsonObject("data");
        assertEquals(id, data.getString("account_id"));
        assertEquals("cash:main", data.getString("code"));
        assertEquals("Cash", data.getString("name"));
        assertEquals("asset", data.getString("type"));
        assertEquals("USD", data.getString("currency"));
    }

    @Test
    void duplicateCodeIs409AndLeavesTheSequenceUnchanged() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        LedgerFixtures.createAccount(ledger, "cash", "asset");

        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON)
                .body(Map.of("code", "cash", "name", "Other", "type", "liability"))
                .when().post("/v1/ledgers/{id}/accounts", ledger)
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("ACCOUNT_ALREADY_EXISTS"));

        assertEquals(1L, lastSequence(pool, ledger));
        assertEquals(1L, count(pool, "SELECT count(*) FROM accounts WHERE ledger_id = $1", ledger));
        assertEquals(1L, count(pool, "SELECT count(*) FROM events WHERE ledger_id = $1", ledger));
    }

    @Test
    void unknownTypeAndInvalidCodeAre400ListingTheFields() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");

        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON)
                .body(Map.of("code", "bad code!", "name", "X", "type", "cash"))
                .when().post("/v1/ledgers/{id}/accounts", ledger)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("type"))
                .body("errors.field", hasItem("code"));

        assertEquals(0L, count(pool, "SELECT count(*) FROM accounts WHERE ledger_id = $1", ledger));
        assertEquals(0L, lastSequence(pool, ledger));
    }

    @Test
    void codeLongerThan64CharactersIs400() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON)
                .body(Map.of("code", "a".repeat(65), "name", "X", "type", "asset"))
                .when().post("/v1/ledgers/{id}/accounts", ledger)
                .then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("code"));
    }

    @Test
    void ledgerGrantedButUnknownToTheServiceIs404() {
        UUID ledger = UUID.randomUUID();
        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON)
                .body(Map.of("code", "cash", "name", "Cash", "type", "asset"))
                .when().post("/v1/ledgers/{id}/accounts", ledger)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("LEDGER_NOT_FOUND"));
        assertEquals(0L, count(pool, "SELECT count(*) FROM accounts WHERE ledger_id = $1", ledger));
    }

    @Test
    void ledgerNotInTheTokenIs404NotForbidden() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        given().auth().oauth2(writeToken(UUID.randomUUID())).contentType(ContentType.JSON)
                .body(Map.of("code", "cash", "name", "Cash", "type", "asset"))
                .when().post("/v1/ledgers/{id}/accounts", ledger)
                .then().statusCode(404)
                .body("code", equalTo("LEDGER_NOT_FOUND"));
        assertEquals(0L, count(pool, "SELECT count(*) FROM accounts WHERE ledger_id = $1", ledger));
    }

    @Test
    void readOnlyTokenIs403AndNoTokenIs401() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        given().auth().oauth2(TestTokens.token(List.of(ledger), "ledger:read")).contentType(ContentType.JSON)
                .body(Map.of("code", "cash", "name", "Cash", "type", "asset"))
                .when().post("/v1/ledgers/{id}/accounts", ledger)
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("FORBIDDEN"));
        given().contentType(ContentType.JSON)
                .body(Map.of("code", "cash", "name", "Cash", "type", "asset"))
                .when().post("/v1/ledgers/{id}/accounts", ledger)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("UNAUTHORIZED"));
        assertEquals(0L, count(pool, "SELECT count(*) FROM accounts WHERE ledger_id = $1", ledger));
    }
}
