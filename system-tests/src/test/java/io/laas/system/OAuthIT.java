package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

class OAuthIT {

    @BeforeAll
    static void stack() {
        RunningStack.get();
    }

    @Test
    void issuesAnRs256AccessTokenThatVerifiesAgainstThePublishedJwksAndCarriesTheTenantClaims() throws Exception {
        String issuer = RunningStack.gateway();
        JsonPath discovery = given().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", equalTo(issuer))
                .body("token_endpoint", equalTo(issuer + "/oauth/token"))
                .extract().jsonPath();
        assertEquals(issuer + "/.well-known/jwks.json", discovery.getString("jwks_uri"));

        String token = RunningStack.demoToken();
        String[] parts = token.split("\\.");
        JsonPath header = new JsonPath(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        JsonPath claims = new JsonPath(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        assertEquals("RS256", header.getString("alg"));
        assertEquals("at+jwt", header.getString("typ"));

        List<Map<String, String>> keys = given().get("/.well-known/jwks.json").then().statusCode(200)
                .extract().jsonPath().getList("keys");
        Map<String, String> jwk = keys.stream().filter(k -> header.getString("kid").equals(k.get("kid"))).findFirst()
                .orElseThrow(() -> new AssertionError("kid " + header.getString("kid") + " is not in the JWKS"));
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("n"))),
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("e")))));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(verifier.verify(Base64.getUrlDecoder().decode(parts[2])), "signature verifies with the JWKS key");

        assertEquals(issuer, claims.getString("iss"));
        assertEquals("demo-client", claims.getString("client_id"));
        assertEquals("demo-client", claims.getString("sub"));
        assertTrue(claims.getString("aud").contains("laas-api"));
        assertTrue(claims.getList("ledgers").contains(RunningStack.SANDBOX.toString()));
        assertEquals("00000000-0000-0000-0000-000000000002", claims.getString("org_id"));
        assertEquals("00000000-0000-0000-0000-000000000004", claims.getString("project_id"));
        long exp = claims.getLong("exp");
        long iat = claims.getLong("iat");
        assertTrue(exp > Instant.now().getEpochSecond() && exp - iat <= 900, "short-lived token");
        assertTrue(List.of(claims.getString("scope").split(" "))
                .containsAll(List.of("ledger:read", "ledger:write", "webhooks:read", "webhooks:write")));
    }

    @Test
    void theTokenEndpointIsAlsoServedUnderApiAuthAndAnswersRfc6749Errors() {
        given().auth().preemptive().basic("demo-client", "demo-secret")
                .formParam("grant_type", "client_credentials")
                .post("/api/auth/oauth/token")
                .then().statusCode(200).body("token_type", equalTo("Bearer")).body("access_token", notNullValue());

        given().auth().preemptive().basic("demo-client", "wrong-secret")
                .formParam("grant_type", "client_credentials")
                .post("/oauth/token")
                .then().statusCode(401).body("error", equalTo("invalid_client"))
                .header("WWW-Authenticate", containsString("Basic"));

        given().auth().preemptive().basic("demo-client", "demo-secret")
                .formParam("grant_type", "client_credentials").formParam("scope", "iam:admin")
                .post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_scope"));

        given().auth().preemptive().basic("demo-client", "demo-secret")
                .formParam("grant_type", "password")
                .post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
    }

    @Test
    void listsTheLedgersTheCredentialMayUse() {
        given().auth().oauth2(RunningStack.demoToken()).get("/v1/ledgers")
                .then().statusCode(200)
                .body("data.id", hasItem(RunningStack.SANDBOX.toString()))
                .body("data.code", hasItem("sandbox"))
                .body("data.size()", equalTo(1));
        given().auth().oauth2(RunningStack.API_KEY).get("/v1/ledgers")
                .then().statusCode(200).body("data[0].currency", equalTo("USD"));
    }
}
