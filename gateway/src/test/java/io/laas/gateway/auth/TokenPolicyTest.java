package io.laas.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.gateway.support.Fakes;
import io.laas.gateway.support.Recorded;
import io.laas.gateway.support.Tokens;
import io.laas.token.revocation.DenyList;
import io.laas.token.revocation.Revocation;
import io.laas.web.security.Scopes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The shared token rules at the gateway: a JWT that is not an RFC 9068 access token is refused before
 * quarkus-oidc sees it, and a revocation (fed here by hand, in production from IAM's credentials topic)
 * refuses tokens the gateway has already verified and cached, and drops the tokens it got for API keys.
 */
@QuarkusTest
class TokenPolicyTest {

    @ConfigProperty(name = "laas.gateway.iam-url")
    String iamUrl;
    @ConfigProperty(name = "laas.gateway.projector-url")
    String projectorUrl;

    @Inject
    DenyList denyList;

    private final UUID ledger = UUID.randomUUID();

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private int read(String credential, String requestId) {
        return given().auth().oauth2(credential).header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/accounts", ledger).statusCode();
    }

    private static int readWithApiKey(String apiKey, String requestId) {
        return given().auth().oauth2(apiKey).header("x-request-id", requestId).get("/v1/accounts/cash").statusCode();
    }

    @Test
    void aJwtThatIsNotAnAccessTokenIsRefused() {
        String requestId = "req-" + UUID.randomUUID();
        for (String token : List.of(
                Tokens.builder().ledgers(ledger).scopes(Scopes.LEDGER_READ).type("JWT").build(),
                Tokens.builder().ledgers(ledger).scopes(Scopes.LEDGER_READ).type(null).build())) {
            given().auth().oauth2(token).header("x-request-id", requestId)
                    .get("/v1/ledgers/{ledger}/accounts", ledger)
                    .then().statusCode(401).header("WWW-Authenticate", "Bearer")
                    .contentType("application/problem+json").body("code", equalTo("UNAUTHORIZED"));
        }
        assertThat(Recorded.byRequestId(projectorUrl, requestId), empty());
    }

    @Test
    void aRevokedSubjectIsRefusedEvenOnceItsTokenIsCached() {
        String client = "client-" + UUID.randomUUID();
        String token = Tokens.builder().clientId(client).ledgers(ledger).scopes(Scopes.LEDGER_READ).build();
        String before = "req-" + UUID.randomUUID();
        assertThat(read(token, before), equalTo(200));
        assertThat(read(token, before), equalTo(200));

        denyList.apply(new Revocation.SubjectRevoked(client, Instant.now(), "revoked"));

        String after = "req-" + UUID.randomUUID();
        given().auth().oauth2(token).header("x-request-id", after)
                .get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("UNAUTHORIZED"));
        assertThat(Recorded.byRequestId(projectorUrl, after), empty());
    }

    @Test
    void aRevokedTokenIsRefusedByItsJti() {
        String token = Tokens.builder().ledgers(ledger).scopes(Scopes.LEDGER_READ).build();
        assertThat(read(token, "req-" + UUID.randomUUID()), equalTo(200));

        denyList.apply(new Revocation.TokenRevoked(Tokens.claims(token).getString("jti"),
                Instant.ofEpochSecond(Tokens.claims(token).getLong("exp"))));

        String after = "req-" + UUID.randomUUID();
        assertThat(read(token, after), equalTo(401));
        assertThat(Recorded.byRequestId(projectorUrl, after), empty());
    }

    @Test
    void aRevokedApiKeyTokenIsDroppedAndTheKeyExchangedAgain() {
        String apiKey = Fakes.newValidApiKey();
        String first = "req-" + UUID.randomUUID();
        assertThat(readWithApiKey(apiKey, first), equalTo(200));
        String jwt = Recorded.byRequestId(projectorUrl, first).get(0).header("authorization").substring("Bearer ".length());

        denyList.apply(new Revocation.TokenRevoked(Tokens.claims(jwt).getString("jti"),
                Instant.ofEpochSecond(Tokens.claims(jwt).getLong("exp"))));

        String second = "req-" + UUID.randomUUID();
        assertThat(readWithApiKey(apiKey, second), equalTo(200));
        String fresh = Recorded.byRequestId(projectorUrl, second).get(0).header("authorization");
        assertThat(fresh, not(equalTo("Bearer " + jwt)));
        assertThat(Recorded.all(iamUrl).stream()
                .filter(r -> r.path().equals("/oauth/token") && r.body().contains("client_secret=" + apiKey)).toList(),
                hasSize(2));
    }

    @Test
    void revocationAndIntrospectionReachIamWithoutAuthentication() {
        String requestId = "req-" + UUID.randomUUID();
        for (String path : List.of("/oauth/revoke", "/api/auth/oauth/introspect")) {
            given().header("x-request-id", requestId).contentType("application/x-www-form-urlencoded")
                    .header("Authorization", "Basic Y2xpZW50OnNlY3JldA==")
                    .formParam("token", "abc").post(path);
        }
        assertThat(Recorded.byRequestId(iamUrl, requestId).stream().map(Recorded.Request::path).toList(),
                equalTo(List.of("/oauth/revoke", "/oauth/introspect")));
        assertThat(Recorded.byRequestId(iamUrl, requestId).get(0).header("authorization"),
                equalTo("Basic Y2xpZW50OnNlY3JldA=="));
    }
}
