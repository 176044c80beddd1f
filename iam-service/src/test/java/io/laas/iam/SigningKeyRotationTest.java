package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Signing-key rotation (next → active → retired, the next key published before it signs, the old one kept while
 * its tokens live) and the integrity of the JWKS: a key row written straight into the database, without the
 * signing-key secret, is neither published nor used. In tests the lead time is 2 s and the check runs every second.
 */
@QuarkusTest
class SigningKeyRotationTest {

    private static final String ISSUER = "https://issuer.laas.test";

    @Inject
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static String kid(String jwt) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))),
                StandardCharsets.UTF_8)).getString("kid");
    }

    private static List<String> publishedKids() {
        return given().get("/.well-known/jwks.json").then().statusCode(200).extract().path("keys.kid");
    }

    private String status(String kid) {
        var rows = pool.preparedQuery("SELECT status FROM signing_keys WHERE kid = $1").execute(Tuple.of(kid))
                .await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next().getString(0);
    }

    private void insert(ForgedSigningKey forged, String status) {
        pool.preparedQuery("INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key_enc, status, retired_at) "
                + "VALUES ($1, 'RS256', $2, $3, $4, CASE WHEN $4 = 'retired' THEN now() END)")
                .execute(Tuple.of(forged.kid(), forged.jwk(), Buffer.buffer(ForgedSigningKey.garbage()), status))
                .await().atMost(Duration.ofSeconds(10));
    }

    private static String signedBy(ForgedSigningKey forged) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER).subject(Demo.CLIENT_ID).audience("laas-api").issuedAt(now).expiresAt(now.plusSeconds(300))
                .claim("jti", java.util.UUID.randomUUID().toString()).claim("client_id", Demo.CLIENT_ID)
                .claim("scope", "ledger:read").claim("org_id", Demo.ORG.toString())
                .claim("project_id", Demo.PROJECT.toString()).claim("ledgers", List.of(Demo.SANDBOX.toString()))
                .jws().keyId(forged.kid()).header("typ", "at+jwt").sign(forged.pair().getPrivate());
    }

    @Test
    void aKeyRotatesWithItsSuccessorPublishedFirstAndForgedRowsAreNeverPublishedNorUsed() throws Exception {
        String opsToken = Tokens.accessToken("ops-client", "ops-secret");
        String oldToken = Tokens.accessToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET);
        String oldKid = kid(oldToken);

        // rows written without the signing-key secret: not published, not used, not promoted
        ForgedSigningKey retired = ForgedSigningKey.generate();
        insert(retired, "retired");
        ForgedSigningKey next = ForgedSigningKey.generate();
        insert(next, "next");
        assertEquals(List.of(), publishedKids().stream().filter(k -> k.equals(retired.kid()) || k.equals(next.kid())).toList());
        given().auth().oauth2(signedBy(retired)).get("/v1/ledgers").then().statusCode(401);
        given().auth().oauth2(signedBy(next)).get("/v1/ledgers").then().statusCode(401);
        Thread.sleep(3_500); // past the lead time and several rotation checks
        assertEquals(oldKid, kid(Tokens.accessToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET)));
        assertEquals("next", status(next.kid()));

        // only the platform scope starts a rotation
        given().auth().oauth2(Tokens.accessToken(Demo.ADMIN_CLIENT_ID, Demo.ADMIN_CLIENT_SECRET))
                .post("/v1/ops/signing-keys/rotation").then().statusCode(403);
        String nextKid = given().auth().oauth2(opsToken).post("/v1/ops/signing-keys/rotation")
                .then().statusCode(202).body("status", equalTo("next")).extract().path("kid");
        assertNotEquals(next.kid(), nextKid);
        assertEquals(null, status(next.kid()), "the forged next key is replaced");

        // published before it signs: verifiers fetch it while the old key still signs
        assertEquals(List.of(oldKid, nextKid), publishedKids().subList(0, 2));
        assertEquals(oldKid, kid(Tokens.accessToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET)));
        given().auth().oauth2(opsToken).post("/v1/ops/signing-keys/rotation").then().statusCode(202)
                .body("kid", equalTo(nextKid));

        // after the lead time it signs; the old key stays published for the tokens it signed
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> kid(Tokens.accessToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET)).equals(nextKid));
        String newToken = Tokens.accessToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET);
        assertEquals("active", status(nextKid));
        assertEquals("retired", status(oldKid));
        assertEquals(List.of(nextKid, oldKid), publishedKids().subList(0, 2));
        Tokens.verify(oldToken, ISSUER, "laas-api");
        Tokens.verify(newToken, ISSUER, "laas-api");
        given().auth().oauth2(oldToken).get("/v1/ledgers").then().statusCode(200);
        given().auth().oauth2(newToken).get("/v1/ledgers").then().statusCode(200);

        given().auth().oauth2(opsToken).get("/v1/ops/signing-keys").then().statusCode(200)
                .body("data.kid", hasItems(nextKid, oldKid))
                .body("data.find { it.kid == '" + oldKid + "' }.status", equalTo("retired"))
                .body("data.find { it.kid == '" + oldKid + "' }.published_until", not(equalTo(null)))
                .body("data.find { it.kid == '" + nextKid + "' }.status", equalTo("active"));
        assertEquals(List.of(), publishedKids().stream().filter(k -> k.equals(retired.kid())).toList());
        given().get("/.well-known/jwks.json").then().body("keys.kid", not(hasItem(retired.kid())));
    }
}
