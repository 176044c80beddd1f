package io.laas.iam;

import static io.restassured.RestAssured.given;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

import io.restassured.http.ContentType;

/** Test helpers: obtain tokens from the running application and verify them against its JWKS. */
public final class Tokens {

    private Tokens() {
    }

    public static String accessToken(String clientId, String secret) {
        return given().auth().preemptive().basic(clientId, secret)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    /** Verifies signature (against GET /.well-known/jwks.json), typ, iss, aud, exp; returns the claims. */
    public static JwtClaims verify(String token, String issuer, String audience) throws Exception {
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "RS256")
                .setExpectedType(true, "at+jwt")
                .setExpectedIssuer(issuer)
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setRequireSubject()
                .build()
                .processToClaims(token);
    }
}
