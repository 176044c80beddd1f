package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
class LedgerResourceTest {

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void listsTheLedgersOfTheToken() {
        String token = Tokens.accessToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET);
        given().auth().oauth2(token)
                .get("/v1/ledgers")
                .then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].id", equalTo(Demo.SANDBOX.toString()))
                .body("data[0].code", equalTo("sandbox"))
                .body("data[0].name", equalTo("Sandbox"))
                .body("data[0].currency", equalTo("USD"))
                .body("data[0].project_id", equalTo(Demo.PROJECT.toString()))
                .body("data[0]", hasKey("archived_at"))
                .body("data[0].archived_at", nullValue());
    }

    @Test
    void apiKeyTokenListsItsOneLedger() {
        String token = Tokens.accessToken(Demo.API_KEY.substring(0, 12), Demo.API_KEY);
        given().auth().oauth2(token).get("/v1/ledgers")
                .then().statusCode(200)
                .body("data.id", containsInAnyOrder(Demo.SANDBOX.toString()));
    }

    @Test
    void noTokenIsUnauthorizedProblem() {
        given().get("/v1/ledgers")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("UNAUTHORIZED"));
    }

    @Test
    void tokenSignedByAnotherKeyIsUnauthorized() {
        // right issuer and audience, but not signed by IAM
        given().auth().oauth2(TestTokens.token(List.of(Demo.SANDBOX), "ledger:read"))
                .get("/v1/ledgers")
                .then().statusCode(401)
                .body("code", equalTo("UNAUTHORIZED"));
    }

    @Test
    void tokenWithoutLedgerReadIsForbidden() {
        String token = Tokens.accessToken("webhooks-only", "webhooks-only-secret");
        given().auth().oauth2(token).get("/v1/ledgers")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void clientWithTwoLedgersListsBothOrderedByCode() {
        String token = Tokens.accessToken("reader", "reader-secret");
        given().auth().oauth2(token).get("/v1/ledgers")
                .then().statusCode(200)
                .body("data.code", contains("euro", "sandbox"))
                .body("data.id", contains(Demo.EURO.toString(), Demo.SANDBOX.toString()))
                .body("data.currency", contains("EUR", "USD"));
    }
}
