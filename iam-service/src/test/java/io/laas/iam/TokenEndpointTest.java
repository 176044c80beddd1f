package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.iam.crypto.CredentialHasher;
import io.laas.web.security.ApiKeyFormat;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

@QuarkusTest
class TokenEndpointTest {

    private static final String ISSUER = "https://issuer.laas.test";

    @Inject
    Pool pool;

    @Inject
    CredentialHasher hasher;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void clientSecretBasicIssuesASignedAccessTokenWithEveryClaim() throws Exception {
        var response = given().auth().preemptive().basic(Demo.CLIENT_ID, Demo.CLIENT_SECRET)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth/token")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(600))
                .body("scope", equalTo(Demo.ALL_SCOPES))
                .extract();
        String token = response.path("access_token");

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        assertEquals("RS256", jws.getAlgorithmHeaderValue());
        assertEquals("at+jwt", jws.getHeader("typ"));
        String kid = jws.getKeyIdHeaderValue();
        given().get("/.well-known/jwks.json").then().body("keys.kid", org.hamcrest.Matchers.hasItem(kid));

        JwtClaims claims = Tokens.verify(token, ISSUER, "laas-api");
        assertEquals(ISSUER, claims.getIssuer());
        assertEquals(Demo.CLIENT_ID, claims.getSubject());
        assertEquals(List.of("laas-api"), claims.getAudience());
        assertEquals(600, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        assertTrue(Math.abs(claims.getIssuedAt().getValue() - System.currentTimeMillis() / 1000) < 60);
        UUID.fromString(claims.getJwtId());
        assertEquals(Demo.CLIENT_ID, claims.getStringClaimValue("client_id"));
        assertEquals(Demo.ALL_SCOPES, claims.getStringClaimValue("scope"));
        assertEquals(Demo.ORG.toString(), claims.getStringClaimValue("org_id"));
        assertEquals(Demo.PROJECT.toString(), claims.getStringClaimValue("project_id"));
        assertEquals(List.of(Demo.SANDBOX.toString()), claims.getStringListClaimValue("ledgers"));
    }

    @Test
    void clientSecretPostIssuesATokenAndEachTokenHasItsOwnId() throws Exception {
        String first = postToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET).statusCode(200)
                .body("scope", equalTo(Demo.ALL_SCOPES)).extract().path("access_token");
        String second = postToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET).statusCode(200).extract().path("access_token");

        JwtClaims one = Tokens.verify(first, ISSUER, "laas-api");
        JwtClaims two = Tokens.verify(second, ISSUER, "laas-api");
        assertEquals(Demo.CLIENT_ID, one.getSubject());
        assertNotEquals(one.getJwtId(), two.getJwtId());
    }

    @Test
    void basicCredentialsAreFormUrlDecoded() {
        // RFC 6749 §2.3.1: id and secret are form-urlencoded before being joined with a colon
        String header = "Basic " + Base64.getEncoder().encodeToString(
                "demo%2Dclient:demo%2Dsecret".getBytes(StandardCharsets.UTF_8));
        given().header("Authorization", header)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth/token")
                .then().statusCode(200);
    }

    @Test
    void wrongSecretWithBasicIsInvalidClientWithAChallenge() {
        given().auth().preemptive().basic(Demo.CLIENT_ID, "not-the-secret")
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth/token")
                .then().statusCode(401)
                .contentType(ContentType.JSON)
                .header("WWW-Authenticate", "Basic realm=\"laas\"")
                .header("Cache-Control", "no-store")
                .body("error", equalTo("invalid_client"))
                .body("error_description", org.hamcrest.Matchers.notNullValue())
                .body("access_token", nullValue());
    }

    @Test
    void wrongSecretWithPostIsInvalidClientWithoutAChallenge() {
        postToken(Demo.CLIENT_ID, "not-the-secret")
                .statusCode(401)
                .header("WWW-Authenticate", nullValue())
                .body("error", equalTo("invalid_client"));
    }

    @Test
    void unknownClientIsInvalidClient() {
        postToken("no-such-client", "whatever").statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void unknownGrantTypeIsUnsupportedGrantType() {
        given().auth().preemptive().basic(Demo.CLIENT_ID, Demo.CLIENT_SECRET)
                .contentType(ContentType.URLENC).formParam("grant_type", "password")
                .formParam("username", "test@example.com").formParam("password", "password")
                .post("/oauth/token")
                .then().statusCode(400)
                .header("Cache-Control", "no-store")
                .body("error", equalTo("unsupported_grant_type"));
    }

    @Test
    void missingGrantTypeIsInvalidRequest() {
        given().auth().preemptive().basic(Demo.CLIENT_ID, Demo.CLIENT_SECRET)
                .contentType(ContentType.URLENC).formParam("scope", "ledger:read")
                .post("/oauth/token")
                .then().statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void repeatedParameterIsInvalidRequest() {
        given().auth().preemptive().basic(Demo.CLIENT_ID, Demo.CLIENT_SECRET)
                .contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&grant_type=client_credentials")
                .post("/oauth/token")
                .then().statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void jsonBodyIsInvalidRequest() {
        given().contentType(ContentType.JSON)
                .body("{\"grant_type\":\"client_credentials\",\"client_id\":\"demo-client\",\"client_secret\":\"demo-secret\"}")
                .post("/oauth/token")
                .then().statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void bothAuthenticationMethodsAtOnceIsInvalidRequest() {
        given().auth().preemptive().basic(Demo.CLIENT_ID, Demo.CLIENT_SECRET)
                .contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", Demo.CLIENT_ID)
                .formParam("client_secret", Demo.CLIENT_SECRET)
                .post("/oauth/token")
                .then().statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void noClientAuthenticationIsInvalidClient() {
        given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", Demo.CLIENT_ID)
                .post("/oauth/token")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Basic realm=\"laas\"")
                .body("error", equalTo("invalid_client"));
    }

    @Test
    void bearerSchemeIsNotAClientAuthenticationMethod() {
        given().header("Authorization", "Bearer " + Demo.API_KEY)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth/token")
                .then().statusCode(401)
                .body("error", equalTo("invalid_client"));
    }

    @Test
    void requestedScopesAreGrantedWhenTheClientHoldsThem() throws Exception {
        String token = given().auth().preemptive().basic(Demo.CLIENT_ID, Demo.CLIENT_SECRET)
                .contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("scope", "webhooks:read ledger:read")
                .post("/oauth/token")
                .then().statusCode(200)
                .body("scope", equalTo("ledger:read webhooks:read"))
                .extract().path("access_token");
        assertEquals("ledger:read webhooks:read", Tokens.verify(token, ISSUER, "laas-api").getStringClaimValue("scope"));
    }

    @Test
    void scopeTheClientMayNotHaveIsInvalidScopeNotDropped() {
        given().auth().preemptive().basic(Demo.CLIENT_ID, Demo.CLIENT_SECRET)
                .contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("scope", "ledger:read iam:admin")
                .post("/oauth/token")
                .then().statusCode(400)
                .header("Cache-Control", "no-store")
                .body("error", equalTo("invalid_scope"))
                .body("access_token", nullValue());
    }

    @Test
    void opsAdminIsGrantedToTheOperatorsOwnClient() throws Exception {
        String token = postToken("ops-client", "ops-secret").statusCode(200)
                .body("scope", equalTo("ops:admin"))
                .extract().path("access_token");
        assertEquals("ops:admin", Tokens.verify(token, ISSUER, "laas-api").getStringClaimValue("scope"));
    }

    @Test
    void opsAdminStoredForATenantsClientIsNeverGranted() {
        String clientId = "tenant-ops-" + UUID.randomUUID();
        pool.preparedQuery("INSERT INTO oauth_clients (client_id, secret_hash, name, org_id, project_id, scopes, "
                + "ledger_ids) VALUES ($1, $2, 'tenant', $3, $4, '{ledger:read,ops:admin}', $5)")
                .execute(Tuple.of(clientId, hasher.hash("s3cret").hash(), Demo.ORG, Demo.PROJECT, new UUID[] { Demo.SANDBOX }))
                .await().atMost(Duration.ofSeconds(10));

        given().auth().preemptive().basic(clientId, "s3cret")
                .contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("scope", "ops:admin")
                .post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_scope"));
        postToken(clientId, "s3cret").statusCode(200).body("scope", equalTo("ledger:read"));
    }

    @Test
    void malformedScopeIsInvalidScope() {
        given().auth().preemptive().basic(Demo.CLIENT_ID, Demo.CLIENT_SECRET)
                .contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("scope", "ledger:read \"quoted\"")
                .post("/oauth/token")
                .then().statusCode(400)
                .header("Cache-Control", "no-store")
                .body("error", equalTo("invalid_scope"))
                .body("access_token", nullValue());
    }

    @Test
    void apiKeyIsAClientCredentialWithItsPrefixAsClientIdAndItsIdAsSubject() throws Exception {
        String token = given().auth().preemptive().basic(Demo.API_KEY.substring(0, 12), Demo.API_KEY)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth/token")
                .then().statusCode(200)
                .body("scope", equalTo(Demo.ALL_SCOPES))
                .extract().path("access_token");
        JwtClaims claims = Tokens.verify(token, ISSUER, "laas-api");
        // the key's id, never its prefix, which keys of several tenants may share
        assertEquals(Demo.API_KEY_ID.toString(), claims.getSubject());
        assertEquals(Demo.API_KEY_ID.toString(), claims.getStringClaimValue("client_id"));
        assertEquals(List.of(Demo.SANDBOX.toString()), claims.getStringListClaimValue("ledgers"));
        assertEquals(Demo.PROJECT.toString(), claims.getStringClaimValue("project_id"));
        assertEquals(Demo.ORG.toString(), claims.getStringClaimValue("org_id"));
        // and with client_secret_post
        postToken("sk_test_1234", Demo.API_KEY).statusCode(200);
    }

    @Test
    void apiKeyWithAnotherPrefixAsClientIdIsInvalidClient() {
        postToken("sk_test_9999", Demo.API_KEY).statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void revokedApiKeyIsInvalidClient() {
        String key = insertKey("now()", null, true);
        postToken(ApiKeyFormat.prefix(key), key).statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void expiredOrInactiveApiKeyIsInvalidClient() {
        String expired = insertKey(null, "now() - interval '1 minute'", true);
        postToken(ApiKeyFormat.prefix(expired), expired).statusCode(401).body("error", equalTo("invalid_client"));
        String inactive = insertKey(null, null, false);
        postToken(ApiKeyFormat.prefix(inactive), inactive).statusCode(401).body("error", equalTo("invalid_client"));
        String valid = insertKey(null, "now() + interval '1 hour'", true);
        postToken(ApiKeyFormat.prefix(valid), valid).statusCode(200).body("scope", equalTo("ledger:read"));
    }

    @Test
    void revokedClientIsInvalidClient() {
        String clientId = "revoked-" + UUID.randomUUID();
        pool.preparedQuery("INSERT INTO oauth_clients (client_id, secret_hash, name, org_id, project_id, scopes, "
                + "ledger_ids, revoked_at) VALUES ($1, $2, 'revoked', $3, $4, '{ledger:read}', $5, now())")
                .execute(Tuple.of(clientId, hasher.hash("s3cret").hash(), Demo.ORG, Demo.PROJECT, new UUID[] { Demo.SANDBOX }))
                .await().atMost(Duration.ofSeconds(10));
        postToken(clientId, "s3cret").statusCode(401).body("error", equalTo("invalid_client"));
    }

    private String insertKey(String revokedAt, String expiresAt, boolean active) {
        String key = ApiKeyFormat.generate(false);
        pool.preparedQuery("INSERT INTO api_keys (project_id, ledger_ids, key_hash, prefix, description, scopes, is_active, "
                + "revoked_at, expires_at) VALUES ($1, $2, $3, $4, 'test', '{ledger:read}', $5, "
                + (revokedAt == null ? "NULL" : revokedAt) + ", " + (expiresAt == null ? "NULL" : expiresAt) + ")")
                .execute(Tuple.of(Demo.PROJECT, new UUID[] { Demo.SANDBOX }, hasher.hash(key).hash(), ApiKeyFormat.prefix(key),
                        active))
                .await().atMost(Duration.ofSeconds(10));
        return key;
    }

    private static ValidatableResponse postToken(String clientId, String secret) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .post("/oauth/token")
                .then();
    }
}
