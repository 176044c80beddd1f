package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.iam.crypto.CredentialHasher;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class OAuthClientResourceTest {

    @Inject
    Pool pool;

    @Inject
    CredentialHasher hasher;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static String admin() {
        return ProjectResourceTest.adminToken();
    }

    private static String clients() {
        return "/v1/projects/" + Demo.PROJECT + "/clients";
    }

    private static JsonObject spec(String name) {
        return new JsonObject().put("name", name).put("scopes", new JsonArray().add("ledger:read").add("ledger:write"))
                .put("ledgers", new JsonArray().add(Demo.EURO.toString()));
    }

    private static ExtractableResponse<Response> create(JsonObject body) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body.encode())
                .post(clients()).then().statusCode(201).extract();
    }

    private static ValidatableResponse token(String clientId, String secret) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId).formParam("client_secret", secret)
                .post("/oauth/token").then();
    }

    @Test
    void createsAClientWhoseSecretIsShownOnceAndStoredHashed() throws Exception {
        var created = given().auth().oauth2(admin()).contentType(ContentType.JSON).body(spec(" Backend ").encode())
                .post(clients())
                .then().statusCode(201)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("name", equalTo("Backend"))
                .body("scopes", contains("ledger:read", "ledger:write"))
                .body("ledgers", contains(Demo.EURO.toString()))
                .body("project_id", equalTo(Demo.PROJECT.toString()))
                .extract();
        String id = created.path("id");
        String clientId = created.path("client_id");
        String secret = created.path("client_secret");
        assertTrue(clientId.matches("lc_[0-9A-Za-z]{20}"), clientId);
        assertTrue(secret.matches("cs_[0-9A-Za-z]{43}"), "at least 128 bits: " + secret.length());
        assertTrue(created.header("Location").endsWith(clients() + "/" + id));

        String row = row("SELECT row_to_json(c)::text AS j FROM oauth_clients c WHERE id = $1", UUID.fromString(id))
                .getString("j");
        assertFalse(row.contains(secret));
        assertEquals(hasher.hash(secret).hash(), new JsonObject(row).getString("secret_hash"));

        String jwt = token(clientId, secret).statusCode(200).body("scope", equalTo("ledger:read ledger:write"))
                .extract().path("access_token");
        JwtClaims claims = Tokens.verify(jwt, ApiKeyResourceTest.ISSUER, "laas-api");
        assertEquals(clientId, claims.getSubject());
        assertEquals(List.of(Demo.EURO.toString()), claims.getStringListClaimValue("ledgers"));

        String one = given().auth().oauth2(admin()).get(clients() + "/" + id).then().statusCode(200)
                .body("client_id", equalTo(clientId)).body("client_secret", nullValue()).extract().asString();
        String list = given().auth().oauth2(admin()).get(clients()).then().statusCode(200)
                .body("data.client_id", hasItem(clientId)).extract().asString();
        assertFalse(one.contains(secret) || list.contains(secret));
    }

    @Test
    void aTokenIssuedToTheClientIsItsLastUseRecordedAtMostOnceAMinute() throws Exception {
        var created = create(spec("Used"));
        String id = created.path("id");
        String clientId = created.path("client_id");
        given().auth().oauth2(admin()).get(clients() + "/" + id).then().statusCode(200).body("last_used_at", nullValue());
        token(clientId, "cs_" + "x".repeat(43)).statusCode(401);
        assertNull(row("SELECT last_used_at FROM oauth_clients WHERE id = $1", UUID.fromString(id))
                .getOffsetDateTime("last_used_at"), "a refused secret is no use");

        token(clientId, created.path("client_secret")).statusCode(200);
        OffsetDateTime first = row("SELECT last_used_at FROM oauth_clients WHERE id = $1", UUID.fromString(id))
                .getOffsetDateTime("last_used_at");
        assertNotNull(first);
        token(clientId, created.path("client_secret")).statusCode(200);
        assertEquals(first, row("SELECT last_used_at FROM oauth_clients WHERE id = $1", UUID.fromString(id))
                .getOffsetDateTime("last_used_at"));
        given().auth().oauth2(admin()).get(clients()).then().statusCode(200)
                .body("data.find { it.id == '" + id + "' }.last_used_at", notNullValue());
    }

    @Test
    void rotationKeepsTheOldSecretDuringTheOverlapOnlyAndNoTokenOutlivesIt() throws Exception {
        var created = create(spec("Rotating"));
        String id = created.path("id");
        String clientId = created.path("client_id");
        String oldSecret = created.path("client_secret");

        var rotated = given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"overlap_seconds\":120}")
                .post(clients() + "/" + id + "/rotate-secret")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("client_id", equalTo(clientId))
                .body("secret_rotated_at", notNullValue())
                .extract();
        String newSecret = rotated.path("client_secret");
        assertNotEquals(oldSecret, newSecret);
        Instant overlapEnd = OffsetDateTime.parse(rotated.<String>path("previous_secret_expires_at")).toInstant();

        String oldJwt = token(clientId, oldSecret).statusCode(200).extract().path("access_token");
        assertTrue(Tokens.verify(oldJwt, ApiKeyResourceTest.ISSUER, "laas-api").getExpirationTime().getValue()
                <= overlapEnd.getEpochSecond());
        token(clientId, newSecret).statusCode(200).body("expires_in", equalTo(600));

        // a second rotation without overlap forgets both earlier secrets and revokes the tokens issued so far
        String newest = given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"overlap_seconds\":0}")
                .post(clients() + "/" + id + "/rotate-secret")
                .then().statusCode(200).body("previous_secret_expires_at", nullValue())
                .extract().path("client_secret");
        token(clientId, oldSecret).statusCode(401);
        token(clientId, newSecret).statusCode(401);
        token(clientId, newest).statusCode(200);
        List<ConsumerRecord<String, String>> records = RegistryTopic.recordsWithKey(ApiKeyResourceTest.CREDENTIALS_TOPIC,
                clientId, Duration.ofSeconds(30), Duration.ofSeconds(1));
        assertEquals(1, records.size(), "only the rotation without overlap revokes");
        assertEquals("client_secret_rotated", new JsonObject(records.get(0).value()).getString("reason"));
    }

    @Test
    void deletingRevokesTheClientAndAnnouncesIt() {
        var created = create(spec("Deleted"));
        String id = created.path("id");
        String clientId = created.path("client_id");
        String secret = created.path("client_secret");
        token(clientId, secret).statusCode(200);

        given().auth().oauth2(admin()).delete(clients() + "/" + id).then().statusCode(204);
        token(clientId, secret).statusCode(401).body("error", equalTo("invalid_client"));
        given().auth().oauth2(admin()).get(clients() + "/" + id).then().statusCode(404)
                .body("code", equalTo("CLIENT_NOT_FOUND"));
        given().auth().oauth2(admin()).get(clients()).then().statusCode(200).body("data.id", not(hasItem(id)));
        given().auth().oauth2(admin()).delete(clients() + "/" + id).then().statusCode(404);
        assertNotNull(row("SELECT revoked_at FROM oauth_clients WHERE id = $1", UUID.fromString(id)).getValue("revoked_at"));

        List<ConsumerRecord<String, String>> records = RegistryTopic.recordsWithKey(ApiKeyResourceTest.CREDENTIALS_TOPIC,
                clientId, Duration.ofSeconds(30), Duration.ofSeconds(1));
        assertEquals(1, records.size());
        assertEquals("credential.revoked", RegistryTopic.header(records.get(0), "eventType"));
        assertEquals("client_deleted", new JsonObject(records.get(0).value()).getString("reason"));
    }

    @Test
    void invalidInputIsAPreciseValidationProblemAndWritesNothing() {
        long before = count();
        assertInvalid(spec("x").put("scopes", new JsonArray().add("ops:admin")), "scopes");
        assertInvalid(spec("x").put("scopes", new JsonArray().add("ledger:delete")), "scopes");
        assertInvalid(spec("x").put("scopes", new JsonArray()), "scopes");
        assertInvalid(spec("x").put("ledgers", new JsonArray().add(Demo.OTHER_LEDGER.toString())), "ledgers");
        assertInvalid(spec("   "), "name");
        assertInvalid(spec("x").put("client_secret", "chosen"), "client_secret");
        assertEquals(before, count());
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"overlap_seconds\":-1}")
                .post(clients() + "/" + UUID.randomUUID() + "/rotate-secret")
                .then().statusCode(400).body("errors.field", hasItem("overlap_seconds"));
    }

    private void assertInvalid(JsonObject body, String field) {
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body.encode())
                .post(clients())
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem(field));
    }

    @Test
    void anotherOrganisationsProjectsAndClientsAreNotFound() {
        var created = create(spec("Mine"));
        String id = created.path("id");
        String other = Tokens.accessToken(Demo.OTHER_ADMIN_CLIENT_ID, Demo.OTHER_ADMIN_CLIENT_SECRET);
        given().auth().oauth2(other).get(clients()).then().statusCode(404).body("code", equalTo("PROJECT_NOT_FOUND"));
        given().auth().oauth2(other).delete(clients() + "/" + id).then().statusCode(404);
        given().auth().oauth2(other).contentType(ContentType.JSON).body("{}")
                .post(clients() + "/" + id + "/rotate-secret").then().statusCode(404);
        given().auth().oauth2(other).delete("/v1/projects/" + Demo.OTHER_PROJECT + "/clients/" + id)
                .then().statusCode(404).body("code", equalTo("CLIENT_NOT_FOUND"));
        token(created.path("client_id"), created.path("client_secret")).statusCode(200);
    }

    @Test
    void onlyTheOperatorsOrganisationMayGiveItsClientsOpsAdmin() {
        String operatorAdmin = Tokens.accessToken("ops-org-admin", "ops-org-admin-secret");
        var created = given().auth().oauth2(operatorAdmin).contentType(ContentType.JSON)
                .body(new JsonObject().put("name", "Runbook automation")
                        .put("scopes", new JsonArray().add("ops:admin")).encode())
                .post("/v1/projects/00000000-0000-0000-0000-000000000031/clients")
                .then().statusCode(201).body("scopes", contains("ops:admin")).body("ledgers", org.hamcrest.Matchers.empty())
                .extract();
        token(created.path("client_id"), created.path("client_secret")).statusCode(200)
                .body("scope", equalTo("ops:admin"));
    }

    @Test
    void withoutIamAdminScopeIsForbidden() {
        String ledgerToken = Tokens.accessToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET);
        long before = count();
        given().auth().oauth2(ledgerToken).contentType(ContentType.JSON).body(spec("no").encode()).post(clients())
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        assertEquals(before, count());
    }

    private long count() {
        return row("SELECT count(*) AS n FROM oauth_clients WHERE project_id = $1", Demo.PROJECT).getLong("n");
    }

    private Row row(String sql, Object param) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        assertEquals(1, rows.size(), sql);
        return rows.get(0);
    }
}
