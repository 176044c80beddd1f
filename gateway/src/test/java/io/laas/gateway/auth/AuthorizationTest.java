package io.laas.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.gateway.support.Fakes;
import io.laas.gateway.support.Recorded;
import io.laas.gateway.support.Tokens;
import io.laas.web.security.Scopes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

/** Who may pass: token validity (401), scope (403) and ledger tenancy (404), all before forwarding. */
@QuarkusTest
class AuthorizationTest {

    @ConfigProperty(name = "laas.gateway.iam-url")
    String iamUrl;
    @ConfigProperty(name = "laas.gateway.command-url")
    String commandUrl;
    @ConfigProperty(name = "laas.gateway.projector-url")
    String projectorUrl;
    @ConfigProperty(name = "laas.gateway.webhook-url")
    String webhookUrl;

    private final UUID ledger = UUID.randomUUID();
    private final String requestId = "req-" + UUID.randomUUID();

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void noTokenIs401WithBearerChallenge() {
        given().header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .contentType("application/problem+json")
                .body("code", equalTo("UNAUTHORIZED"));
        assertNothingForwarded();
    }

    @Test
    void tokenSignedByAnUnknownKeyIs401() {
        String valid = Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ);
        expectUnauthorized(Tokens.resignedWithForeignKey(valid));
    }

    @Test
    void tokenFromAnotherIssuerIs401() {
        expectUnauthorized(Tokens.builder().ledgers(ledger).scopes(Scopes.LEDGER_READ)
                .issuer("https://evil.example").build());
    }

    @Test
    void tokenForAnotherAudienceIs401() {
        expectUnauthorized(Tokens.builder().ledgers(ledger).scopes(Scopes.LEDGER_READ)
                .audience("some-other-api").build());
    }

    @Test
    void expiredTokenIs401() {
        expectUnauthorized(Tokens.builder().ledgers(ledger).scopes(Scopes.LEDGER_READ)
                .expiresIn(Duration.ofMinutes(-5)).build());
    }

    @Test
    void garbageTokenIs401() {
        expectUnauthorized("not.a.jwt");
    }

    @Test
    void readOnlyTokenCannotWrite() {
        given().auth().oauth2(Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ))
                .header("x-request-id", requestId)
                .contentType("application/json").body("{}")
                .post("/v1/ledgers/{ledger}/transactions", ledger)
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("FORBIDDEN"))
                .body("required_scope", equalTo(Scopes.LEDGER_WRITE));
        assertNothingForwarded();
    }

    @Test
    void ledgerScopesDoNotOpenWebhooks() {
        given().auth().oauth2(Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ, Scopes.LEDGER_WRITE))
                .header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/webhook-endpoints", ledger)
                .then().statusCode(403)
                .body("code", equalTo("FORBIDDEN"))
                .body("required_scope", equalTo(Scopes.WEBHOOKS_READ));
        assertNothingForwarded();
    }

    @Test
    void anotherTenantsLedgerIs404AndNothingIsForwarded() {
        String token = Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ, Scopes.LEDGER_WRITE,
                Scopes.WEBHOOKS_READ, Scopes.WEBHOOKS_WRITE);
        UUID other = UUID.randomUUID();

        given().auth().oauth2(token).header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/accounts", other)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(token).header("x-request-id", requestId)
                .contentType("application/json").body("{}")
                .post("/v1/ledgers/{ledger}/transactions", other)
                .then().statusCode(404).body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(token).header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/webhook-endpoints", other)
                .then().statusCode(404).body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(token).header("x-request-id", requestId)
                .get("/v1/ledgers/not-a-uuid/accounts")
                .then().statusCode(404).body("code", equalTo("LEDGER_NOT_FOUND"));

        assertNothingForwarded();
    }

    @Test
    void aKeyIamRotatesInIsPickedUpWithoutRestart() {
        String token = Tokens.builder().ledgers(ledger).scopes(Scopes.LEDGER_READ).keyId(Fakes.ROTATED_KEY_ID).build();
        expectUnauthorized(token);

        given().post(iamUrl + "/__fake/rotate-keys").then().statusCode(204);

        // an unknown kid makes quarkus-oidc fetch the JWKS again, at most every forced-jwk-refresh-interval
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).untilAsserted(
                () -> given().auth().oauth2(token).get("/v1/ledgers/{ledger}/accounts", ledger)
                        .then().statusCode(200).header("X-Served-By", "projector"));
    }

    private void expectUnauthorized(String token) {
        ValidatableResponse response = given().auth().oauth2(token).header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/accounts", ledger)
                .then();
        response.statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .contentType("application/problem+json")
                .body("code", equalTo("UNAUTHORIZED"));
        assertNothingForwarded();
    }

    private void assertNothingForwarded() {
        assertThat(Recorded.byRequestId(iamUrl, requestId), empty());
        assertThat(Recorded.byRequestId(commandUrl, requestId), empty());
        assertThat(Recorded.byRequestId(projectorUrl, requestId), empty());
        assertThat(Recorded.byRequestId(webhookUrl, requestId), empty());
    }
}
