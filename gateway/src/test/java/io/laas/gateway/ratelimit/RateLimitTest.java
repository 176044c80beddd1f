package io.laas.gateway.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

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

@QuarkusTest
@TestProfile(RateLimitTest.TinyBucket.class)
class RateLimitTest {

    /** Two requests at once, then one every 10 s. */
    public static class TinyBucket implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("laas.gateway.rate-limit.requests-per-second", "0.1",
                    "laas.gateway.rate-limit.burst", "2");
        }
    }

    @ConfigProperty(name = "laas.gateway.projector-url")
    String projectorUrl;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void aClientOverItsBudgetGets429WithRetryAfterWhileOthersPass() {
        UUID ledger = UUID.randomUUID();
        String busy = Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ);
        String requestId = "req-" + UUID.randomUUID();

        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(busy).header("x-request-id", requestId)
                    .get("/v1/ledgers/{ledger}/accounts", ledger)
                    .then().statusCode(200);
        }
        int retryAfter = Integer.parseInt(given().auth().oauth2(busy).header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("RATE_LIMITED"))
                .extract().header("Retry-After"));
        assertThat(retryAfter >= 1 && retryAfter <= 10, equalTo(true));
        assertThat("the refused request was not forwarded", Recorded.byRequestId(projectorUrl, requestId), hasSize(2));

        given().auth().oauth2(Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ))
                .get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(200);
    }
}
