package io.laas.gateway.auth;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.gateway.support.Recorded;
import io.laas.gateway.support.Tokens;
import io.laas.web.security.Scopes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** A verified token is not verified again while it is valid, and is refused as soon as it expires. */
@QuarkusTest
class TokenCacheTest {

    private static final Pattern HITS = Pattern.compile(
            "cache_gets_total\\{[^}]*cache=\"laas_gateway_verified_tokens\"[^}]*result=\"hit\"[^}]*} ([0-9.E+-]+)");

    @ConfigProperty(name = "laas.gateway.projector-url")
    String projectorUrl;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void aTokenSeenAgainIsAnsweredFromTheCache() {
        UUID ledger = UUID.randomUUID();
        String token = Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ);
        String requestId = "req-" + UUID.randomUUID();

        given().auth().oauth2(token).header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(200);
        double before = hits();
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).header("x-request-id", requestId)
                    .get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(200);
        }

        assertThat(hits() - before, greaterThanOrEqualTo(3.0));
        assertThat(Recorded.byRequestId(projectorUrl, requestId), hasSize(4));
    }

    @Test
    void aCachedTokenIsRefusedOnceItExpires() {
        UUID ledger = UUID.randomUUID();
        String token = Tokens.builder().ledgers(ledger).scopes(Scopes.LEDGER_READ).expiresIn(Duration.ofSeconds(5)).build();
        given().auth().oauth2(token).get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(200);
        given().auth().oauth2(token).get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(200);

        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(
                () -> given().auth().oauth2(token).get("/v1/ledgers/{ledger}/accounts", ledger)
                        .then().statusCode(401).body("code", equalTo("UNAUTHORIZED")));
        String requestId = "req-" + UUID.randomUUID();
        given().auth().oauth2(token).header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(401).header("WWW-Authenticate", "Bearer").contentType("application/problem+json");

        assertThat("an expired token is never forwarded", Recorded.byRequestId(projectorUrl, requestId), empty());
    }

    private static double hits() {
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher hits = HITS.matcher(metrics);
        return hits.find() ? Double.parseDouble(hits.group(1)) : 0;
    }
}
