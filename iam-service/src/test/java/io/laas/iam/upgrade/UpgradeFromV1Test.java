package io.laas.iam.upgrade;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.iam.People;
import io.laas.iam.Tokens;
import io.laas.local.testing.MigrationUpgrade;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An upgrade from the first release: IAM's schema at V1 with the rows V1's code wrote (src/test/resources/upgrade/
 * from-v1.sql), then this service started on it, its migrations taking it to the latest version. The credentials
 * issued before the upgrade keep working: the API key (now a project's key granted its one ledger), the OAuth client,
 * the owner's PBKDF2 password (rehashed to argon2id at sign-in) and the signing key, which still signs; and the owner
 * can issue a new key for the old ledger.
 */
@QuarkusTest
@QuarkusTestResource(value = MigrationUpgrade.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "schema", value = "iam"),
        @ResourceArg(name = "seed", value = "src/test/resources/upgrade/from-v1.sql") })
class UpgradeFromV1Test {

    private static final String ISSUER = "https://issuer.laas.test";
    private static final UUID PROJECT = UUID.fromString("7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d04");
    private static final UUID LEDGER = UUID.fromString("7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d05");
    private static final UUID API_KEY_ID = UUID.fromString("7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d06");
    private static final String API_KEY = "sk_live_V1upgradeKey0123456789abcdefghijklmnop";
    private static final String CLIENT_ID = "acme-backend";
    private static final String CLIENT_SECRET = "v1-upgrade-client-secret-0123456789";
    private static final String EMAIL = "alice@acme.test";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String SIGNING_KEY = "TPwb1w4PXf8bkQgfZYr1d1n-Nik49YMt_azf_XH4MJw";

    @Inject
    Pool pool;

    @Inject
    Flyway flyway;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void theSchemaWentFromV1ToTheLatestAndCannotBeCleaned() {
        List<String> versions = Arrays.stream(flyway.info().applied()).filter(m -> m.getVersion() != null)
                .map(m -> m.getVersion().getVersion()).toList();
        assertEquals("1", versions.get(0), versions.toString());
        assertTrue(versions.size() > 1, versions.toString());
        assertEquals(0, flyway.info().pending().length);
        assertTrue(flyway.getConfiguration().isValidateOnMigrate());
        assertFalse(flyway.getConfiguration().isOutOfOrder());
        assertThrows(FlywayException.class, flyway::clean);
        assertEquals(1L, count("SELECT count(*) FROM api_keys WHERE id = $1", API_KEY_ID));
    }

    @Test
    void theApiKeyIssuedBeforeTheUpgradeStillAuthenticatesForItsLedger() throws Exception {
        String token = given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", API_KEY.substring(0, 12)).formParam("client_secret", API_KEY)
                .post("/oauth/token").then().statusCode(200).extract().path("access_token");
        JwtClaims claims = Tokens.verify(token, ISSUER, "laas-api");
        assertEquals(API_KEY_ID.toString(), claims.getSubject());
        assertEquals(PROJECT.toString(), claims.getStringClaimValue("project_id"));
        assertEquals(List.of(LEDGER.toString()), claims.getStringListClaimValue("ledgers"));
        assertTrue(claims.getStringClaimValue("scope").contains("ledger:write"), claims.getStringClaimValue("scope"));
        given().auth().oauth2(token).get("/v1/ledgers").then().statusCode(200)
                .body("data.id", containsInAnyOrder(LEDGER.toString()))
                .body("data[0].code", equalTo("main"));
        assertNotNull(one("SELECT last_used_at FROM api_keys WHERE id = $1", API_KEY_ID));
    }

    @Test
    void theOAuthClientOfTheOldReleaseStillGetsTokensSignedByTheOldKey() throws Exception {
        String token = Tokens.accessToken(CLIENT_ID, CLIENT_SECRET);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        assertEquals(SIGNING_KEY, jws.getKeyIdHeaderValue(), "the signing key stored by V1 still signs");
        given().get("/.well-known/jwks.json").then().statusCode(200).body("keys.kid", hasItem(SIGNING_KEY));
        assertEquals(CLIENT_ID, Tokens.verify(token, ISSUER, "laas-api").getSubject());
        given().auth().oauth2(token).get("/v1/ledgers").then().statusCode(200)
                .body("data.id", containsInAnyOrder(LEDGER.toString()));
    }

    @Test
    void theOwnerSignsInWithTheOldPasswordAndIssuesANewKeyForTheOldLedger() {
        assertTrue(String.valueOf(one("SELECT password_hash FROM users WHERE email = $1", EMAIL)).startsWith("pbkdf2-sha256$"));
        String session = People.session(EMAIL, PASSWORD);
        assertTrue(String.valueOf(one("SELECT password_hash FROM users WHERE email = $1", EMAIL)).startsWith("$argon2id$"),
                "rehashed once the password was known");
        String person = People.accessToken(session);

        JsonObject spec = new JsonObject().put("description", "after the upgrade")
                .put("scopes", new JsonArray().add("ledger:read")).put("ledgers", new JsonArray().add(LEDGER.toString()));
        String key = given().auth().oauth2(person).contentType(ContentType.JSON).body(spec.encode())
                .post("/v1/projects/{project}/api-keys", PROJECT).then().statusCode(201).extract().path("key");
        keys(person).body("data.id", hasItem(API_KEY_ID.toString()));
        String token = given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", key.substring(0, 12)).formParam("client_secret", key)
                .post("/oauth/token").then().statusCode(200).extract().path("access_token");
        given().auth().oauth2(token).get("/v1/ledgers").then().statusCode(200)
                .body("data.id", containsInAnyOrder(LEDGER.toString()));
    }

    private static ValidatableResponse keys(String token) {
        return given().auth().oauth2(token).get("/v1/projects/{project}/api-keys", PROJECT).then().statusCode(200);
    }

    private long count(String sql, Object... params) {
        return pool.preparedQuery(sql).executeAndAwait(Tuple.from(params)).iterator().next().getLong(0);
    }

    private Object one(String sql, Object... params) {
        return pool.preparedQuery(sql).executeAndAwait(Tuple.from(params)).iterator().next().getValue(0);
    }
}
