package io.laas.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.gateway.support.Fakes;
import io.laas.gateway.support.Recorded;
import io.laas.gateway.support.Tokens;
import io.laas.local.testing.TestTokens;
import io.laas.web.security.ApiKeyFormat;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Raw API keys as bearer credentials, and IAM's OAuth endpoints reached through the gateway. */
@QuarkusTest
class ApiKeyAndOAuthTest {

    @ConfigProperty(name = "laas.gateway.iam-url")
    String iamUrl;
    @ConfigProperty(name = "laas.gateway.command-url")
    String commandUrl;
    @ConfigProperty(name = "laas.gateway.projector-url")
    String projectorUrl;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void rawApiKeyIsExchangedOnceAndTheJwtIsForwarded() {
        String apiKey = Fakes.newValidApiKey();
        String requestId = "req-" + UUID.randomUUID();

        given().auth().oauth2(apiKey).header("x-request-id", requestId)
                .contentType("application/json").body("{\"postings\":[]}")
                .post("/v1/transactions")
                .then().statusCode(201)
                .body("path", equalTo("/v1/ledgers/" + Fakes.API_KEY_LEDGER + "/transactions"));
        given().auth().oauth2(apiKey).header("x-request-id", requestId)
                .get("/v1/accounts/cash")
                .then().statusCode(200)
                .body("path", equalTo("/v1/ledgers/" + Fakes.API_KEY_LEDGER + "/accounts/cash"));

        List<Recorded.Request> exchanges = exchangesOf(apiKey);
        assertThat("one exchange, then the cached token", exchanges, hasSize(1));
        assertThat(exchanges.get(0).body(), containsString("grant_type=client_credentials"));
        assertThat(exchanges.get(0).body(), containsString("client_id=" + apiKey.substring(0, 12)));

        List<Recorded.Request> forwarded = Recorded.byRequestId(commandUrl, requestId);
        forwarded = new java.util.ArrayList<>(forwarded);
        forwarded.addAll(Recorded.byRequestId(projectorUrl, requestId));
        assertThat(forwarded, hasSize(2));
        for (Recorded.Request request : forwarded) {
            String authorization = request.header("authorization");
            assertThat(authorization, startsWith("Bearer ey"));
            assertThat(authorization, not(containsString(apiKey)));
            String jwt = authorization.substring("Bearer ".length());
            assertThat(Tokens.claims(jwt).getString("client_id"), equalTo(apiKey.substring(0, 12)));
            assertThat(Tokens.claims(jwt).getString("iss"), equalTo(TestTokens.ISSUER));
        }
    }

    @Test
    void unknownApiKeyIs401AndNothingIsForwarded() {
        String apiKey = "sk_test_wrong" + UUID.randomUUID().toString().replace("-", "");
        String requestId = "req-" + UUID.randomUUID();

        given().auth().oauth2(apiKey).header("x-request-id", requestId)
                .contentType("application/json").body("{}")
                .post("/v1/transactions")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .contentType("application/problem+json")
                .body("code", equalTo("UNAUTHORIZED"));

        assertThat("IAM was asked", exchangesOf(apiKey), hasSize(1));
        assertThat(Recorded.byRequestId(commandUrl, requestId), empty());
    }

    @Test
    void malformedApiKeyIs401WithoutAskingIam() {
        String apiKey = "sk_test_a b";
        given().header("Authorization", "Bearer " + apiKey)
                .get("/v1/accounts")
                .then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        String tooShort = "sk_test_" + "abc123";
        given().auth().oauth2(tooShort).get("/v1/accounts").then().statusCode(401);
        assertThat(Recorded.all(iamUrl).stream().filter(r -> r.body() != null && r.body().contains("sk_test_a"))
                .toList(), empty());
        assertThat(exchangesOf(tooShort), empty());
    }

    @Test
    void checksummedKeyWithATypoIs401WithoutAskingIam() {
        String key = ApiKeyFormat.generate(false);
        char last = key.charAt(key.length() - 1);
        String typo = key.substring(0, key.length() - 1) + (last == 'x' ? 'y' : 'x');
        String requestId = "req-" + UUID.randomUUID();

        given().auth().oauth2(typo).header("x-request-id", requestId)
                .contentType("application/json").body("{}")
                .post("/v1/transactions")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("code", equalTo("UNAUTHORIZED"));
        assertThat("IAM was not asked", exchangesOf(typo), empty());
        assertThat(Recorded.byRequestId(commandUrl, requestId), empty());

        // the same key with its right checksum is worth asking IAM about (the fake IAM does not know it)
        given().auth().oauth2(key).get("/v1/accounts").then().statusCode(401);
        assertThat(exchangesOf(key), hasSize(1));
        assertThat(exchangesOf(key).get(0).body(), containsString("client_id=" + key.substring(0, 12)));
    }

    @Test
    void tokenEndpointReachesIamWithoutAuthentication() {
        String apiKey = Fakes.newValidApiKey();
        String requestId = "req-" + UUID.randomUUID();

        given().header("x-request-id", requestId)
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", apiKey.substring(0, 12))
                .formParam("client_secret", apiKey)
                .post("/oauth/token")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("access_token", notNullValue());

        List<Recorded.Request> received = Recorded.byRequestId(iamUrl, requestId);
        assertThat(received.stream().map(Recorded.Request::path).toList(), contains("/oauth/token"));
        assertThat(received.get(0).body(), containsString("client_secret=" + apiKey));
    }

    @Test
    void prefixedTokenEndpointIsStrippedAndRelaysIamErrorsAsTheyAre() {
        String requestId = "req-" + UUID.randomUUID();

        given().header("x-request-id", requestId)
                .auth().preemptive().basic("demo-client", "wrong-secret")
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .post("/api/auth/oauth/token")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Basic realm=\"laas\"")
                .body("error", equalTo("invalid_client"));

        List<Recorded.Request> received = Recorded.byRequestId(iamUrl, requestId);
        assertThat(received.stream().map(Recorded.Request::path).toList(), contains("/oauth/token"));
        assertThat(received.get(0).header("authorization"), startsWith("Basic "));
        assertThat(received.get(0).header("x-forwarded-prefix"), equalTo("/api/auth"));
    }

    @Test
    void discoveryDocumentsAreServedFromIam() {
        String requestId = "req-" + UUID.randomUUID();

        given().header("x-request-id", requestId)
                .get("/.well-known/openid-configuration")
                .then().statusCode(200).body("issuer", equalTo(TestTokens.ISSUER));
        given().header("x-request-id", requestId)
                .get("/api/auth/.well-known/jwks.json")
                .then().statusCode(200).body("keys[0].kid", equalTo(TestTokens.KEY_ID));

        assertThat(Recorded.paths(iamUrl, requestId),
                contains("/.well-known/openid-configuration", "/.well-known/jwks.json"));
    }

    private List<Recorded.Request> exchangesOf(String apiKey) {
        return Recorded.all(iamUrl).stream()
                .filter(r -> r.path().equals("/oauth/token") && r.body().contains("client_secret=" + apiKey))
                .toList();
    }
}
