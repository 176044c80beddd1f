package io.laas.gateway.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

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

/**
 * Buckets per credential and per organisation with their header fields, an organisation's override carried by
 * its token, and failed authentications throttled per client id and per source address, behind a trusted
 * proxy (the test client, 127.0.0.1).
 */
@QuarkusTest
@TestProfile(QuotaAndThrottleTest.SmallLimits.class)
class QuotaAndThrottleTest {

    /** 3 requests per credential, 5 per organisation (slowly refilled); 3 failures per client id, 4 per address. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("laas.gateway.rate-limit.requests-per-second", "0.01",
                    "laas.gateway.rate-limit.burst", "3",
                    "laas.gateway.rate-limit.organization.requests-per-second", "0.01",
                    "laas.gateway.rate-limit.organization.burst", "5",
                    "laas.gateway.auth-failures.max-per-client", "3",
                    "laas.gateway.auth-failures.max-per-address", "4",
                    "laas.gateway.trusted-proxies", "127.0.0.1/32,::1/128");
        }
    }

    @ConfigProperty(name = "laas.gateway.projector-url")
    String projectorUrl;
    @ConfigProperty(name = "laas.gateway.iam-url")
    String iamUrl;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static String token(UUID org, UUID ledger, Map<String, Object> limits) {
        var builder = Tokens.builder().orgId(org).ledgers(List.of(ledger)).scopes(Scopes.LEDGER_READ);
        if (limits != null) {
            builder.claim("limits", limits);
        }
        return builder.build();
    }

    @Test
    void everyAnswerCarriesTheBucketsAndTheOrganisationsCredentialsShareOne() {
        UUID org = UUID.randomUUID();
        UUID ledger = UUID.randomUUID();
        String first = token(org, ledger, null);

        given().auth().oauth2(first).get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(200)
                .header("RateLimit-Policy", "\"client\";q=3;w=300, \"organization\";q=5;w=500")
                .header("RateLimit", startsWith("\"client\";r=2;t="));
        given().auth().oauth2(first).get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(200);
        given().auth().oauth2(first).get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(200);
        given().auth().oauth2(first).get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("RATE_LIMITED"))
                .header("Retry-After", "100")
                .header("RateLimit", startsWith("\"client\";r=0;t=100, \"organization\";r=2;"));

        String second = token(org, ledger, null);
        String requestId = "req-" + UUID.randomUUID();
        given().auth().oauth2(second).get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(200);
        given().auth().oauth2(second).get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(200);
        given().auth().oauth2(second).header("x-request-id", requestId).get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(429)
                .body("detail", containsString("organisation"))
                .header("RateLimit", containsString("\"organization\";r=0;"));
        assertThat("a refused request is not forwarded", Recorded.byRequestId(projectorUrl, requestId), empty());

        given().auth().oauth2(token(UUID.randomUUID(), ledger, null)).get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(200);
    }

    @Test
    void anOrganisationsOverrideInItsTokenReplacesTheDefaults() {
        UUID org = UUID.randomUUID();
        UUID ledger = UUID.randomUUID();
        String raised = token(org, ledger, Map.of("requests_per_second", 100, "burst", 50,
                "client_requests_per_second", 100, "client_burst", 20));
        for (int i = 0; i < 10; i++) {
            given().auth().oauth2(raised).get("/v1/ledgers/{ledger}/accounts", ledger)
                    .then().statusCode(200)
                    .header("RateLimit-Policy", "\"client\";q=20;w=1, \"organization\";q=50;w=1");
        }
    }

    @Test
    void aClientIdThatFailsAtTheTokenEndpointIsRefusedWithoutAskingIam() {
        String clientId = "client-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            given().formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                    .formParam("client_secret", "wrong").header("X-Forwarded-For", "198.51.100." + i)
                    .post("/oauth/token").then().statusCode(401);
        }
        given().auth().preemptive().basic(clientId, "still wrong").formParam("grant_type", "client_credentials")
                .header("X-Forwarded-For", "198.51.100.200")
                .post("/oauth/token")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("RATE_LIMITED"))
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        assertThat("the fourth attempt never reached IAM", tokenRequestsOf(clientId), hasSize(3));
    }

    @Test
    void aSourceAddressBehindTheTrustedProxyIsThrottledAndASpoofedEntryLeftOfItChangesNothing() {
        String address = "203.0.113." + (1 + (int) (Math.random() * 200));
        for (int i = 0; i < 4; i++) {
            String key = "sk_test_unknown" + UUID.randomUUID().toString().replace("-", "");
            given().auth().oauth2(key).header("X-Forwarded-For", "10.9.9." + i + ", " + address)
                    .get("/v1/accounts").then().statusCode(401);
        }
        String fresh = "sk_test_unknown" + UUID.randomUUID().toString().replace("-", "");
        given().auth().oauth2(fresh).header("X-Forwarded-For", "192.0.2.1, " + address)
                .get("/v1/accounts")
                .then().statusCode(429).body("code", equalTo("RATE_LIMITED"));
        assertThat("no exchange for a throttled address", exchangesOf(fresh), empty());

        // the same unknown key from another address is not throttled
        given().auth().oauth2(fresh).header("X-Forwarded-For", address + ", 198.51.100.77")
                .get("/v1/accounts").then().statusCode(401);
    }

    @Test
    void aRefusedKeyIsRefusedAgainWithoutAskingIam() {
        String key = "sk_test_refused" + UUID.randomUUID().toString().replace("-", "");
        String address = "192.0.2." + (1 + (int) (Math.random() * 200));
        given().auth().oauth2(key).header("X-Forwarded-For", address).get("/v1/accounts").then().statusCode(401);
        given().auth().oauth2(key).header("X-Forwarded-For", address).get("/v1/accounts").then().statusCode(401);
        assertThat("one exchange, then the negative cache", exchangesOf(key), hasSize(1));
    }

    @Test
    void theServicesReceiveTheResolvedSourceAsTheOnlyForwardedForEntry() {
        UUID ledger = UUID.randomUUID();
        String requestId = "req-" + UUID.randomUUID();
        given().auth().oauth2(token(UUID.randomUUID(), ledger, null)).header("x-request-id", requestId)
                .header("X-Forwarded-For", "1.2.3.4, 198.51.100.9")
                .get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(200);
        assertThat(Recorded.byRequestId(projectorUrl, requestId).get(0).header("x-forwarded-for"),
                equalTo("198.51.100.9"));
    }

    private List<Recorded.Request> exchangesOf(String apiKey) {
        return tokenRequestsOf(apiKey.substring(0, 12)).stream()
                .filter(request -> request.body().contains(apiKey)).toList();
    }

    private List<Recorded.Request> tokenRequestsOf(String clientId) {
        return Recorded.all(iamUrl).stream()
                .filter(request -> "/oauth/token".equals(request.path())
                        && ((request.body() != null && request.body().contains(clientId))
                                || basicUser(request.header("authorization")).equals(clientId)))
                .toList();
    }

    private static String basicUser(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return "";
        }
        String pair = new String(java.util.Base64.getDecoder().decode(authorization.substring(6)));
        return pair.substring(0, Math.max(0, pair.indexOf(':')));
    }
}
