package io.laas.gateway.auth;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.gateway.support.Tokens;
import io.laas.web.security.Scopes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** {@code laas_gateway_auth_failures_total{reason}} moves by one for each refused credential, under its reason only. */
@QuarkusTest
class AuthFailureMetricsTest {

    private static final Pattern SERIES = Pattern.compile(
            "^laas_gateway_auth_failures_total\\{reason=\"([a-z_]+)\"} (\\S+)$", Pattern.MULTILINE);

    private final UUID ledger = UUID.randomUUID();

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void eachRefusedCredentialIsCountedUnderItsReason() {
        String valid = Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ);
        refusedAs("missing", () -> given().get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(401));
        refusedAs("token_expired", () -> expectUnauthorized(Tokens.builder().ledgers(ledger)
                .scopes(Scopes.LEDGER_READ).expiresIn(Duration.ofMinutes(-5)).build()));
        refusedAs("token_invalid", () -> expectUnauthorized(Tokens.resignedWithForeignKey(valid)));
        refusedAs("token_malformed", () -> expectUnauthorized("not-a-jwt"));
        refusedAs("api_key_refused",
                () -> expectUnauthorized("sk_test_wrong" + UUID.randomUUID().toString().replace("-", "")));
    }

    @Test
    void aValidTokenCountsNoFailure() {
        Map<String, Double> before = failures();
        given().auth().oauth2(Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ))
                .get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(200);
        assertEquals(before, failures());
    }

    private void refusedAs(String reason, Runnable request) {
        Map<String, Double> before = failures();
        request.run();
        Map<String, Double> after = failures();
        assertEquals(before.keySet(), after.keySet(), "every reason is published from the start");
        after.forEach((label, value) -> assertEquals(before.get(label) + (label.equals(reason) ? 1 : 0), value,
                "laas_gateway_auth_failures_total{reason=\"" + label + "\"} after a request refused as " + reason));
    }

    private void expectUnauthorized(String credential) {
        given().auth().oauth2(credential).get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(401).contentType("application/problem+json");
    }

    private static Map<String, Double> failures() {
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> values = new java.util.TreeMap<>();
        Matcher series = SERIES.matcher(metrics);
        while (series.find()) {
            values.put(series.group(1), Double.parseDouble(series.group(2)));
        }
        assertEquals(AuthFailureMetrics.Reason.values().length, values.size(), metrics);
        return values;
    }
}
