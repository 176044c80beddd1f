package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** An organisation's administrator manages an API key through the gateway, from creation to revocation. */
class ApiKeyLifecycleIT {

    private static final UUID PROJECT = UUID.fromString("00000000-0000-0000-0000-000000000004");

    @BeforeAll
    static void stack() {
        RunningStack.get();
    }

    private static String admin() {
        return RunningStack.token("test-admin", "test-admin-secret", null);
    }

    @Test
    void anAdministratorCreatesUsesListsAndRevokesAKey() {
        var created = given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("description", "lifecycle", "scopes", List.of("ledger:read", "ledger:write"),
                        "ledgers", List.of(RunningStack.SANDBOX.toString()), "environment", "test"))
                .post("/v1/projects/{project}/api-keys", PROJECT)
                .then().statusCode(201)
                .header("Cache-Control", "no-store")
                .extract();
        String key = created.path("key");
        String id = created.path("id");
        assertTrue(key.startsWith("sk_test_k1"), key);

        // the raw key works through the gateway at once, on its ledger, for writes and reads
        String account = LedgerApi.newCode("key");
        String written = LedgerApi.createAccount(key, RunningStack.SANDBOX, account, "asset");
        given().auth().oauth2(key).queryParam("min_sequence", written)
                .get("/v1/ledgers/{ledger}/accounts/{code}", RunningStack.SANDBOX, account)
                .then().statusCode(200).body("code", equalTo(account));
        given().auth().oauth2(key).get("/v1/ledgers/{ledger}/accounts", RunningStack.OTHER_LEDGER)
                .then().statusCode(404).body("code", equalTo("LEDGER_NOT_FOUND"));

        // its tokens name the key's id, never its prefix
        String jwt = token(key).then().statusCode(200).extract().path("access_token");
        JsonPath claims = new JsonPath(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
        assertEquals(id, claims.getString("sub"));
        assertEquals(id, claims.getString("client_id"));

        // listed, recognisable, never readable again
        String list = given().auth().oauth2(admin()).get("/v1/projects/{project}/api-keys", PROJECT)
                .then().statusCode(200)
                .body("data.id", hasItem(id))
                .extract().asString();
        assertFalse(list.contains(key.substring(12)), "the list never shows the key");
        given().auth().oauth2(admin()).get("/v1/projects/{project}/api-keys/{id}", PROJECT, id)
                .then().statusCode(200)
                .body("key", nullValue())
                .body("prefix", equalTo(key.substring(0, 12)))
                .body("last_four", equalTo(key.substring(key.length() - 4)))
                .body("status", equalTo("active"));

        // the gateway holds a token exchanged for the key, and the service has verified the key's own JWT
        String direct = RunningStack.get().service("projector-service").url() + "/v1/ledgers/" + RunningStack.SANDBOX
                + "/accounts";
        given().auth().oauth2(key).get("/v1/ledgers/{ledger}/accounts", RunningStack.SANDBOX).then().statusCode(200);
        given().auth().oauth2(jwt).get(direct).then().statusCode(200);

        long revokedAt = System.nanoTime();
        given().auth().oauth2(admin()).delete("/v1/projects/{project}/api-keys/{id}", PROJECT, id)
                .then().statusCode(204);
        token(key).then().statusCode(401).body("error", equalTo("invalid_client"));
        // credential.revoked for the key's id reaches the gateway's cache and every service's deny-list
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                given().auth().oauth2(key).get("/v1/ledgers/{ledger}/accounts", RunningStack.SANDBOX).statusCode() == 401
                        && given().auth().oauth2(jwt).get(direct).statusCode() == 401);
        long millis = (System.nanoTime() - revokedAt) / 1_000_000;
        assertTrue(millis < 5_000, "the revoked key still worked after " + millis + " ms");
        given().auth().oauth2(admin()).get("/v1/projects/{project}/api-keys/{id}", PROJECT, id)
                .then().statusCode(200).body("status", equalTo("revoked"));
    }

    @Test
    void aMistypedKeyIsRefusedAndAnotherOrganisationSeesNoKeys() {
        String key = given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("scopes", List.of("ledger:read"), "ledgers", List.of(RunningStack.SANDBOX.toString())))
                .post("/v1/projects/{project}/api-keys", PROJECT)
                .then().statusCode(201).extract().path("key");
        char last = key.charAt(key.length() - 1);
        String typo = key.substring(0, key.length() - 1) + (last == 'z' ? 'y' : 'z');
        given().auth().oauth2(typo).get("/v1/ledgers/{ledger}/accounts", RunningStack.SANDBOX)
                .then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        given().auth().oauth2(key).get("/v1/ledgers/{ledger}/accounts", RunningStack.SANDBOX).then().statusCode(200);

        // a tenant token without iam:admin administers nothing
        given().auth().oauth2(RunningStack.otherToken()).get("/v1/projects/{project}/api-keys", PROJECT)
                .then().statusCode(403);
    }

    private static io.restassured.response.Response token(String key) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", key.substring(0, 12)).formParam("client_secret", key)
                .post("/oauth/token");
    }
}
