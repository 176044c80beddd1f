package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;

@QuarkusTest
class WellKnownTest {

    @Inject
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void discoveryDocumentAdvertisesTheConfiguredIssuer() {
        given().get("/.well-known/openid-configuration")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("issuer", equalTo("https://issuer.laas.test"))
                .body("token_endpoint", equalTo("https://issuer.laas.test/oauth/token"))
                .body("jwks_uri", equalTo("https://issuer.laas.test/.well-known/jwks.json"))
                .body("grant_types_supported", contains("client_credentials"))
                .body("token_endpoint_auth_methods_supported", contains("client_secret_basic", "client_secret_post"))
                .body("scopes_supported", containsInAnyOrder("ledger:read", "ledger:write", "webhooks:read",
                        "webhooks:write", "iam:admin"))
                .body("response_types_supported", contains("token"))
                .body("subject_types_supported", contains("public"))
                .body("id_token_signing_alg_values_supported", contains("RS256"));
    }

    @Test
    void jwksPublishesTheActiveKeyFirstWithoutItsPrivatePart() {
        Row active = pool.query("SELECT kid, private_key_enc FROM signing_keys WHERE status = 'active'").execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
        String kid = active.getString("kid");
        byte[] stored = active.getBuffer("private_key_enc").getBytes();
        // encrypted at rest: a PKCS#8 RSA key would start with the DER SEQUENCE tag 0x30 0x82
        assertFalse(stored[0] == 0x30 && stored[1] == (byte) 0x82 && stored[4] == 0x02, "private key stored in clear");

        given().get("/.well-known/jwks.json")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                // a rotation elsewhere in the suite leaves the retired key published after the active one
                .body("keys[0].kid", equalTo(kid))
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0].alg", equalTo("RS256"))
                .body("keys[0].use", equalTo("sig"))
                .body("keys[0].e", equalTo("AQAB"))
                .body("keys", everyItem(not(hasKey("d"))))
                .body("keys", everyItem(not(hasKey("p"))));
        long activeKeys = pool.query("SELECT count(*) FROM signing_keys WHERE status = 'active'").execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertEquals(1, activeKeys);
    }
}
