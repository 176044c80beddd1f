package io.laas.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.gateway.support.Tokens;
import io.laas.web.security.Scopes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** A service that cannot answer becomes a gateway problem, never a hanging or empty response. */
@QuarkusTest
class UpstreamFailureTest {

    private final UUID ledger = UUID.randomUUID();
    private final String token = Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ);

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void aServiceThatDropsTheConnectionIs502() {
        given().auth().oauth2(token)
                .get("/v1/ledgers/{ledger}/accounts/__close", ledger)
                .then().statusCode(502)
                .contentType("application/problem+json")
                .body("code", equalTo("UPSTREAM_UNAVAILABLE"))
                .body("upstream", equalTo("projector"));
    }

    @Test
    void aServiceSlowerThanTheTimeoutIs504() {
        given().auth().oauth2(token)
                .get("/v1/ledgers/{ledger}/accounts/__slow", ledger)
                .then().statusCode(504)
                .contentType("application/problem+json")
                .body("code", equalTo("UPSTREAM_TIMEOUT"));
    }
}
