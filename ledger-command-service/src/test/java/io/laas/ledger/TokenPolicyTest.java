package io.laas.ledger;

import static io.laas.ledger.LedgerFixtures.count;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.LocalInfraTestResource;
import io.laas.local.testing.TestTokens;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The shared token rules at a smallrye-jwt service: a token that is not an RFC 9068 access token, and a
 * token revoked on IAM's credentials topic (by subject or by jti), are refused with 401 and write nothing.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class TokenPolicyTest {

    private static final String CREDENTIALS_TOPIC = "outbox.event.credentials";

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static ValidatableResponse createAccount(UUID ledger, String token, String code) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", "Account " + code, "type", "asset"))
                .when().post("/v1/ledgers/{id}/accounts", ledger).then();
    }

    private long accounts(UUID ledger) {
        return count(pool, "SELECT count(*) FROM accounts WHERE ledger_id = $1", ledger);
    }

    @Test
    void aTokenWhoseTypIsNotAtJwtIsRefused() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        String jwt = TestTokens.builder().ledgers(ledger).scopes("ledger:write").type("JWT").build();
        createAccount(ledger, jwt, "cash").statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("UNAUTHORIZED"));
        String noTyp = TestTokens.builder().ledgers(ledger).scopes("ledger:write").type(null).build();
        createAccount(ledger, noTyp, "cash").statusCode(401);
        assertEquals(0, accounts(ledger));

        createAccount(ledger, TestTokens.builder().ledgers(ledger).scopes("ledger:write").build(), "cash").statusCode(201);
    }

    @Test
    void aRevokedSubjectIsRefusedOnceItsEventArrives() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        String subject = "key-" + UUID.randomUUID();
        String revoked = TestTokens.builder().ledgers(ledger).scopes("ledger:write").clientId(subject).build();
        String other = TestTokens.builder().ledgers(ledger).scopes("ledger:write").clientId("other-" + subject).build();
        createAccount(ledger, revoked, "before").statusCode(201);

        LedgerFixtures.produce(CREDENTIALS_TOPIC, subject, UUID.randomUUID().toString(), "credential.revoked",
                new JsonObject().put("subject", subject).put("revoked_at", Instant.now().plusSeconds(1).toString())
                        .put("reason", "revoked").encode());

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().auth().oauth2(revoked).get("/v1/ledgers/{id}/events", ledger).statusCode() == 401);
        createAccount(ledger, revoked, "after").statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("UNAUTHORIZED"));
        assertEquals(0, count(pool, "SELECT count(*) FROM accounts WHERE ledger_id = $1 AND code = 'after'", ledger));
        createAccount(ledger, other, "other").statusCode(201);
    }

    @Test
    void aRevokedTokenIsRefusedByItsJti() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        String revoked = TestTokens.builder().ledgers(ledger).scopes("ledger:write").build();
        String sibling = TestTokens.builder().ledgers(ledger).scopes("ledger:write").build();
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(revoked.split("\\.")[1]), StandardCharsets.UTF_8));

        LedgerFixtures.produce(CREDENTIALS_TOPIC, claims.getString("jti"), UUID.randomUUID().toString(), "token.revoked",
                new JsonObject().put("jti", claims.getString("jti"))
                        .put("expires_at", Instant.ofEpochSecond(claims.getLong("exp")).toString()).encode());

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().auth().oauth2(revoked).get("/v1/ledgers/{id}/events", ledger).statusCode() == 401);
        createAccount(ledger, revoked, "cash").statusCode(401);
        assertEquals(0, accounts(ledger));
        // the same subject's other tokens still work
        createAccount(ledger, sibling, "cash").statusCode(201);
    }
}
