package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
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
import io.laas.web.security.ApiKeyFormat;
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
class ApiKeyResourceTest {

    static final String ISSUER = "https://issuer.laas.test";
    static final String CREDENTIALS_TOPIC = "outbox.event.credentials";

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

    private static String keys() {
        return "/v1/projects/" + Demo.PROJECT + "/api-keys";
    }

    static JsonObject spec() {
        return new JsonObject().put("description", "CI").put("scopes", new JsonArray().add("ledger:read"))
                .put("ledgers", new JsonArray().add(Demo.SANDBOX.toString()).add(Demo.EURO.toString()));
    }

    private static ExtractableResponse<Response> create(JsonObject body) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body.encode())
                .post(keys()).then().statusCode(201).extract();
    }

    private static ValidatableResponse token(String key) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", ApiKeyFormat.prefix(key)).formParam("client_secret", key)
                .post("/oauth/token").then();
    }

    @Test
    void createsAKeyShownOnceAndStoresOnlyItsHash() {
        var response = given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(spec().put("environment", "test").encode())
                .post(keys())
                .then().statusCode(201)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("project_id", equalTo(Demo.PROJECT.toString()))
                .body("environment", equalTo("test"))
                .body("description", equalTo("CI"))
                .body("scopes", containsInAnyOrder("ledger:read"))
                .body("ledgers", containsInAnyOrder(Demo.SANDBOX.toString(), Demo.EURO.toString()))
                .body("status", equalTo("active"))
                .body("created_at", notNullValue())
                .body("expires_at", nullValue())
                .extract();
        String key = response.path("key");
        String id = response.path("id");
        assertTrue(key.startsWith("sk_test_k1"), key);
        assertTrue(ApiKeyFormat.isWellFormed(key));
        assertEquals(ApiKeyFormat.prefix(key), response.path("prefix"));
        assertEquals(ApiKeyFormat.lastFour(key), response.path("last_four"));
        assertTrue(response.header("Location").endsWith(keys() + "/" + id));

        String row = json("SELECT * FROM api_keys WHERE id = $1", UUID.fromString(id));
        assertFalse(row.contains(key), "the raw key is never stored");
        assertEquals(hasher.hash(key).hash(), new JsonObject(row).getString("key_hash"));

        String one = given().auth().oauth2(admin()).get(keys() + "/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("prefix", equalTo(ApiKeyFormat.prefix(key)))
                .body("key", nullValue())
                .body("last_used_at", nullValue())
                .extract().asString();
        String list = given().auth().oauth2(admin()).get(keys())
                .then().statusCode(200).body("data.id", hasItem(id)).extract().asString();
        assertFalse(one.contains(key.substring(ApiKeyFormat.PREFIX_LENGTH)));
        assertFalse(list.contains(key.substring(ApiKeyFormat.PREFIX_LENGTH)));
    }

    @Test
    void liveIsTheDefaultEnvironment() {
        String key = create(spec()).path("key");
        assertTrue(key.startsWith("sk_live_k1"), key);
    }

    @Test
    void aTokenOfTheKeyNamesTheKeyIdAsSubjectAndItsUseIsRecordedAtMostOnceAMinute() throws Exception {
        var created = create(spec());
        String key = created.path("key");
        UUID id = UUID.fromString(created.path("id"));

        String jwt = token(key).statusCode(200).body("scope", equalTo("ledger:read")).extract().path("access_token");
        JwtClaims claims = Tokens.verify(jwt, ISSUER, "laas-api");
        assertEquals(id.toString(), claims.getSubject());
        assertEquals(id.toString(), claims.getStringClaimValue("client_id"));
        assertEquals(Demo.PROJECT.toString(), claims.getStringClaimValue("project_id"));
        assertEquals(List.of(Demo.SANDBOX, Demo.EURO).stream().map(UUID::toString).sorted().toList(),
                claims.getStringListClaimValue("ledgers"));

        OffsetDateTime first = row("SELECT last_used_at FROM api_keys WHERE id = $1", id).getOffsetDateTime("last_used_at");
        assertNotNull(first);
        token(key).statusCode(200);
        assertEquals(first, row("SELECT last_used_at FROM api_keys WHERE id = $1", id).getOffsetDateTime("last_used_at"));
        given().auth().oauth2(admin()).get(keys() + "/" + id).then().statusCode(200).body("last_used_at", notNullValue());
    }

    @Test
    void aTokenNeverOutlivesTheKeysExpiry() throws Exception {
        Instant expiry = Instant.now().plusSeconds(90);
        String key = create(spec().put("expires_at", expiry.toString())).path("key");
        int expiresIn = token(key).statusCode(200).extract().path("expires_in");
        assertTrue(expiresIn <= 90, "expires_in " + expiresIn);
        String jwt = token(key).extract().path("access_token");
        assertTrue(Tokens.verify(jwt, ISSUER, "laas-api").getExpirationTime().getValue() <= expiry.getEpochSecond());
    }

    @Test
    void invalidInputIsAPreciseValidationProblemAndWritesNothing() {
        long before = count();
        assertInvalid(spec().put("scopes", new JsonArray().add("iam:admin")), "scopes");
        assertInvalid(spec().put("scopes", new JsonArray().add("ops:admin")), "scopes");
        assertInvalid(spec().put("scopes", new JsonArray()), "scopes");
        assertInvalid(spec().put("ledgers", new JsonArray().add(Demo.OTHER_LEDGER.toString())), "ledgers");
        assertInvalid(spec().put("ledgers", new JsonArray().add(UUID.randomUUID().toString())), "ledgers");
        assertInvalid(spec().put("ledgers", new JsonArray()), "ledgers");
        assertInvalid(spec().put("expires_at", Instant.now().minusSeconds(5).toString()), "expires_at");
        assertInvalid(spec().put("environment", "prod"), "environment");
        assertInvalid(spec().put("key", "sk_test_" + "1".repeat(32)), "key");
        assertEquals(before, count());
    }

    private void assertInvalid(JsonObject body, String field) {
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body.encode())
                .post(keys())
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem(field));
    }

    @Test
    void anotherOrganisationsProjectsAndKeysAreNotFound() {
        String id = create(spec()).path("id");
        String other = Tokens.accessToken(Demo.OTHER_ADMIN_CLIENT_ID, Demo.OTHER_ADMIN_CLIENT_SECRET);
        given().auth().oauth2(other).get(keys()).then().statusCode(404).body("code", equalTo("PROJECT_NOT_FOUND"));
        given().auth().oauth2(other).get(keys() + "/" + id).then().statusCode(404).body("code", equalTo("PROJECT_NOT_FOUND"));
        given().auth().oauth2(other).delete(keys() + "/" + id).then().statusCode(404);
        given().auth().oauth2(other).contentType(ContentType.JSON).body(spec().encode()).post(keys())
                .then().statusCode(404).body("code", equalTo("PROJECT_NOT_FOUND"));
        // a key is only found under its own project
        String otherKeys = "/v1/projects/" + Demo.OTHER_PROJECT + "/api-keys/" + id;
        given().auth().oauth2(other).delete(otherKeys).then().statusCode(404).body("code", equalTo("API_KEY_NOT_FOUND"));
        given().auth().oauth2(admin()).get(keys() + "/" + UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("API_KEY_NOT_FOUND"));
        given().auth().oauth2(admin()).get(keys() + "/not-a-key").then().statusCode(404)
                .body("code", equalTo("API_KEY_NOT_FOUND"));
        assertNull(row("SELECT revoked_at FROM api_keys WHERE id = $1", UUID.fromString(id)).getValue("revoked_at"));
    }

    @Test
    void revokingStopsTheKeyAtOnceAndAnnouncesItsSubjectOnce() {
        var created = create(spec());
        String key = created.path("key");
        String id = created.path("id");
        token(key).statusCode(200);

        given().auth().oauth2(admin()).delete(keys() + "/" + id).then().statusCode(204);
        token(key).statusCode(401).body("error", equalTo("invalid_client"));
        given().auth().oauth2(admin()).get(keys() + "/" + id).then().statusCode(200)
                .body("status", equalTo("revoked")).body("revoked_at", notNullValue());
        given().auth().oauth2(admin()).delete(keys() + "/" + id).then().statusCode(204);

        List<ConsumerRecord<String, String>> records = RegistryTopic.recordsWithKey(CREDENTIALS_TOPIC, id,
                Duration.ofSeconds(30), Duration.ofSeconds(2));
        assertEquals(1, records.size(), "one credential.revoked, none for the repeated revocation");
        assertEquals("credential.revoked", RegistryTopic.header(records.get(0), "eventType"));
        JsonObject payload = new JsonObject(records.get(0).value());
        assertEquals(id, payload.getString("subject"));
        assertEquals("api_key_revoked", payload.getString("reason"));
        OffsetDateTime revokedAt = row("SELECT revoked_at FROM api_keys WHERE id = $1", UUID.fromString(id))
                .getOffsetDateTime("revoked_at");
        assertEquals(revokedAt.toInstant(), Instant.parse(payload.getString("revoked_at")));
    }

    @Test
    void rotationIssuesANewKeyAndTheOldOneWorksUntilTheOverlapEnds() throws Exception {
        var created = create(spec());
        String oldKey = created.path("key");
        String oldId = created.path("id");

        var rotated = given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"overlap_seconds\":60}")
                .post(keys() + "/" + oldId + "/rotate")
                .then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("previous.id", equalTo(oldId))
                .body("scopes", containsInAnyOrder("ledger:read"))
                .body("description", equalTo("CI"))
                .extract();
        String newKey = rotated.path("key");
        String newId = rotated.path("id");
        assertNotEquals(oldId, newId);
        assertTrue(ApiKeyFormat.isWellFormed(newKey));
        Instant oldExpiry = OffsetDateTime.parse(rotated.<String>path("previous.expires_at")).toInstant();
        assertTrue(Math.abs(Duration.between(Instant.now().plusSeconds(60), oldExpiry).toSeconds()) < 10, oldExpiry.toString());
        Row old = row("SELECT replaced_by, expires_at FROM api_keys WHERE id = $1", UUID.fromString(oldId));
        assertEquals(UUID.fromString(newId), old.getUUID("replaced_by"));

        String oldJwt = token(oldKey).statusCode(200).extract().path("access_token");
        assertTrue(Tokens.verify(oldJwt, ISSUER, "laas-api").getExpirationTime().getValue() <= oldExpiry.getEpochSecond());
        token(newKey).statusCode(200);

        long keys = count();
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{}")
                .post(keys() + "/" + oldId + "/rotate")
                .then().statusCode(409).body("code", equalTo("API_KEY_ALREADY_ROTATED"));
        assertEquals(keys, count());
    }

    @Test
    void rotationWithoutOverlapStopsTheOldKeyAtOnce() {
        var created = create(spec());
        String oldKey = created.path("key");
        String oldId = created.path("id");
        String newKey = given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"overlap_seconds\":0}")
                .post(keys() + "/" + oldId + "/rotate")
                .then().statusCode(201).extract().path("key");
        token(oldKey).statusCode(401);
        token(newKey).statusCode(200);
        List<ConsumerRecord<String, String>> records = RegistryTopic.recordsWithKey(CREDENTIALS_TOPIC, oldId,
                Duration.ofSeconds(30), Duration.ofSeconds(1));
        assertEquals(1, records.size());
        assertEquals("api_key_rotated", new JsonObject(records.get(0).value()).getString("reason"));

        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{}")
                .post(keys() + "/" + oldId + "/rotate")
                .then().statusCode(409).body("code", equalTo("API_KEY_NOT_ACTIVE"));
    }

    @Test
    void anOverlapOverSevenDaysIsRefused() {
        String id = create(spec()).path("id");
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"overlap_seconds\":604801}")
                .post(keys() + "/" + id + "/rotate")
                .then().statusCode(400).body("errors.field", hasItem("overlap_seconds"));
        assertNull(row("SELECT replaced_by FROM api_keys WHERE id = $1", UUID.fromString(id)).getValue("replaced_by"));
    }

    @Test
    void aKeyWithABadChecksumIsRefusedEvenWhenItsHashIsStored() {
        // a row stored for a key whose checksum is wrong: only a lookup could accept it
        String good = ApiKeyFormat.generate(false);
        char last = good.charAt(good.length() - 1);
        String bad = good.substring(0, good.length() - 1) + (last == 'a' ? 'b' : 'a');
        assertFalse(ApiKeyFormat.isWellFormed(bad));
        pool.preparedQuery("INSERT INTO api_keys (project_id, ledger_ids, key_hash, prefix, scopes) "
                + "VALUES ($1, $2, $3, $4, '{ledger:read}')")
                .execute(Tuple.of(Demo.PROJECT, new UUID[] { Demo.SANDBOX }, hasher.hash(bad).hash(), ApiKeyFormat.prefix(bad)))
                .await().atMost(Duration.ofSeconds(10));
        token(bad).statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void theDemoKeyMadeBeforeChecksumsKeepsWorking() {
        token(Demo.API_KEY).statusCode(200);
    }

    @Test
    void withoutIamAdminScopeIsForbidden() {
        String ledgerToken = Tokens.accessToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET);
        long before = count();
        given().auth().oauth2(ledgerToken).contentType(ContentType.JSON).body(spec().encode()).post(keys())
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(ledgerToken).get(keys()).then().statusCode(403);
        given().get(keys()).then().statusCode(401);
        assertEquals(before, count());
        given().auth().oauth2(admin()).get(keys()).then().statusCode(200)
                .body("data.key", not(hasItem(notNullValue())));
    }

    private long count() {
        return row("SELECT count(*) AS n FROM api_keys WHERE project_id = $1", Demo.PROJECT).getLong("n");
    }

    private Row row(String sql, Object param) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        assertEquals(1, rows.size(), sql);
        return rows.get(0);
    }

    private String json(String sql, Object param) {
        return row("SELECT row_to_json(t)::text AS j FROM (" + sql + ") t", param).getString("j");
    }
}
