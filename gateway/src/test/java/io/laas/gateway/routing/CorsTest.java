package io.laas.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.gateway.support.Recorded;
import io.laas.gateway.support.Tokens;
import io.laas.web.security.Scopes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/** With CORS switched on, the console's origin may call the API from a browser. */
@QuarkusTest
@TestProfile(CorsTest.ConsoleOrigin.class)
class CorsTest {

    static final String ORIGIN = "https://console.example";

    public static class ConsoleOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", ORIGIN);
        }
    }

    @ConfigProperty(name = "laas.gateway.command-url")
    String commandUrl;
    @ConfigProperty(name = "laas.gateway.projector-url")
    String projectorUrl;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void aPreflightIsAnsweredWithoutATokenAndIsNotForwarded() {
        String requestId = "req-" + UUID.randomUUID();
        given().header("Origin", ORIGIN).header("x-request-id", requestId)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
                .options("/v1/transactions")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", ORIGIN)
                .header("Access-Control-Allow-Methods", containsString("POST"));
        assertThat(Recorded.byRequestId(commandUrl, requestId), empty());
    }

    @Test
    void anApiAnswerCarriesTheCorsHeadersForTheConsole() {
        UUID ledger = UUID.randomUUID();
        String requestId = "req-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ))
                .header("Origin", ORIGIN).header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", ORIGIN)
                .header("Access-Control-Expose-Headers", containsString("x-request-id"))
                .header("Access-Control-Expose-Headers", containsString("ledger-sequence"))
                .header("Ledger-Sequence", equalTo("42"))
                .header("x-request-id", equalTo(requestId));
        assertThat(Recorded.byRequestId(projectorUrl, requestId), hasSize(1));
    }

    @Test
    void anotherOriginIsRefused() {
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET")
                .options("/v1/accounts")
                .then().statusCode(403);
    }

    @Test
    void anotherOriginIsRefusedOnAnApiRequestWithoutAllowOriginAndNotForwarded() {
        UUID ledger = UUID.randomUUID();
        String requestId = "req-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ))
                .header("Origin", "https://evil.example").header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Credentials", nullValue());
        assertThat(Recorded.byRequestId(projectorUrl, requestId), empty());
    }
}
