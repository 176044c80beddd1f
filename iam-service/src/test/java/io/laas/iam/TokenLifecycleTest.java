package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;

import io.laas.iam.revocation.CredentialRevocations;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * RFC 7009 revocation and RFC 7662 introspection, driven by an OAuth2 client library that is not ours (Nimbus
 * oauth2-oidc-sdk): obtain, introspect, revoke, introspect again; who may revoke and introspect what; what is
 * written (the revoked_tokens row, the token.revoked event) and what is not.
 */
@QuarkusTest
class TokenLifecycleTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(15);

    @TestHTTPResource("/oauth/token")
    URL tokenEndpoint;
    @TestHTTPResource("/oauth/introspect")
    URL introspectionEndpoint;
    @TestHTTPResource("/oauth/revoke")
    URL revocationEndpoint;

    @Inject
    Pool pool;

    private final ClientAuthentication demo = new ClientSecretBasic(new ClientID(Demo.CLIENT_ID), new Secret(Demo.CLIENT_SECRET));

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private AccessToken obtain(ClientAuthentication client) throws Exception {
        TokenResponse response = TokenResponse.parse(
                new TokenRequest(uri(tokenEndpoint), client, new ClientCredentialsGrant(), null).toHTTPRequest().send());
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        return response.toSuccessResponse().getTokens().getAccessToken();
    }

    private TokenIntrospectionSuccessResponse introspect(ClientAuthentication client, AccessToken token) throws Exception {
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(
                new TokenIntrospectionRequest(uri(introspectionEndpoint), client, token).toHTTPRequest().send());
        assertTrue(response.indicatesSuccess());
        return response.toSuccessResponse();
    }

    private HTTPResponse revoke(ClientAuthentication client, AccessToken token) throws Exception {
        return new TokenRevocationRequest(uri(revocationEndpoint), client, token).toHTTPRequest().send();
    }

    private static URI uri(URL url) throws Exception {
        return url.toURI();
    }

    private long revokedRows(String jti) {
        return pool.preparedQuery("SELECT count(*) FROM revoked_tokens WHERE jti = $1").execute(Tuple.of(jti))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private static String jti(AccessToken token) throws Exception {
        return com.nimbusds.jwt.SignedJWT.parse(token.getValue()).getJWTClaimsSet().getJWTID();
    }

    @Test
    void aTokenIsObtainedIntrospectedRevokedAndThenInactive() throws Exception {
        AccessToken token = obtain(demo);
        String jti = jti(token);

        TokenIntrospectionSuccessResponse active = introspect(demo, token);
        assertTrue(active.isActive());
        assertEquals(Demo.CLIENT_ID, active.getClientID().getValue());
        assertEquals(Demo.CLIENT_ID, active.getSubject().getValue());
        assertEquals(Demo.ALL_SCOPES, active.getScope().toString());
        assertEquals(jti, active.getJWTID().getValue());
        assertEquals(Demo.ORG.toString(), active.getStringParameter("org_id"));
        assertEquals(0, revokedRows(jti));

        HTTPResponse revoked = revoke(demo, token);
        assertEquals(200, revoked.getStatusCode());
        assertEquals("no-store", revoked.getHeaderValue("Cache-Control"));
        assertFalse(introspect(demo, token).isActive());
        assertEquals(1, revokedRows(jti));

        List<ConsumerRecord<String, String>> events = RegistryTopic.recordsWithKey("outbox.event.credentials", jti,
                EVENT_WAIT, Duration.ofSeconds(1));
        assertEquals(1, events.size());
        assertEquals(CredentialRevocations.TOKEN_REVOKED, RegistryTopic.header(events.get(0), "eventType"));
        JsonObject payload = new JsonObject(events.get(0).value());
        assertEquals(jti, payload.getString("jti"));
        assertEquals(active.getExpirationTime().toInstant().toString(), payload.getString("expires_at"));

        // the deny-list of IAM's own API learns it from the topic
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> given()
                .auth().oauth2(token.getValue()).get("/v1/ledgers").statusCode() == 401);
        // a fresh token of the same client is unaffected
        given().auth().oauth2(obtain(demo).getValue()).get("/v1/ledgers").then().statusCode(200);
    }

    @Test
    void revokingTwiceOrRevokingWhatIsNotATokenAnswers200AndWritesNothingMore() throws Exception {
        AccessToken token = obtain(demo);
        String jti = jti(token);
        assertEquals(200, revoke(demo, token).getStatusCode());
        assertEquals(200, revoke(demo, token).getStatusCode());
        assertEquals(1, revokedRows(jti));
        assertEquals(1, RegistryTopic.recordsWithKey("outbox.event.credentials", jti, EVENT_WAIT, Duration.ofSeconds(2)).size());

        long before = pool.query("SELECT count(*) FROM revoked_tokens").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
        assertEquals(200, revoke(demo, new BearerAccessToken("not-a-token")).getStatusCode());
        // the same claims signed by a key IAM never published
        String forged = token.getValue().substring(0, token.getValue().lastIndexOf('.')) + ".c2lnbmF0dXJl";
        assertEquals(200, revoke(demo, new BearerAccessToken(forged)).getStatusCode());
        assertEquals(before, pool.query("SELECT count(*) FROM revoked_tokens").execute().await()
                .atMost(Duration.ofSeconds(10)).iterator().next().getLong(0));
    }

    @Test
    void aClientRevokesOnlyItsOwnTokens() throws Exception {
        AccessToken token = obtain(demo);
        ClientAuthentication other = new ClientSecretPost(new ClientID(Demo.ADMIN_CLIENT_ID), new Secret(Demo.ADMIN_CLIENT_SECRET));

        HTTPResponse refused = revoke(other, token);
        assertEquals(400, refused.getStatusCode());
        assertEquals("unauthorized_client", ErrorObject.parse(refused).getCode());
        assertEquals(0, revokedRows(jti(token)));
        assertTrue(introspect(demo, token).isActive());
    }

    @Test
    void onlyTheTokensOwnClientAndPlatformClientsSeeItActive() throws Exception {
        AccessToken token = obtain(demo);
        ClientAuthentication other = new ClientSecretBasic(new ClientID(Demo.ADMIN_CLIENT_ID), new Secret(Demo.ADMIN_CLIENT_SECRET));
        ClientAuthentication platform = new ClientSecretBasic(new ClientID("ops-client"), new Secret("ops-secret"));

        assertFalse(introspect(other, token).isActive());
        TokenIntrospectionSuccessResponse seen = introspect(platform, token);
        assertTrue(seen.isActive());
        assertEquals(Demo.CLIENT_ID, seen.getClientID().getValue());
        assertFalse(introspect(platform, new BearerAccessToken("not-a-token")).isActive());
    }

    @Test
    void badRequestsAreOAuthErrors() {
        given().auth().preemptive().basic(Demo.CLIENT_ID, Demo.CLIENT_SECRET).contentType(ContentType.URLENC)
                .formParam("token_type_hint", "access_token").post("/oauth/revoke")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        given().auth().preemptive().basic(Demo.CLIENT_ID, "wrong").contentType(ContentType.URLENC)
                .formParam("token", "x").post("/oauth/introspect")
                .then().statusCode(401).header("WWW-Authenticate", "Basic realm=\"laas\"").body("error", equalTo("invalid_client"));
        given().contentType(ContentType.URLENC).formParam("token", "x").post("/oauth/revoke")
                .then().statusCode(401).body("error", equalTo("invalid_client"));
        given().auth().preemptive().basic(Demo.CLIENT_ID, Demo.CLIENT_SECRET).contentType(ContentType.JSON)
                .body("{\"token\":\"x\"}").post("/oauth/introspect")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
    }
}
