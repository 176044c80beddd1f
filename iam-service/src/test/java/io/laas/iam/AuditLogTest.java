package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

@QuarkusTest
class AuditLogTest {

    private static final String EVENTS = "/v1/organizations/current/audit-events";

    @Inject
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /** A new organisation with its owner signed in: {user id, organisation id, email, access token}. */
    private record Owner(UUID userId, UUID orgId, String email, String token) {
    }

    private static Owner newOwner() {
        String email = People.uniqueEmail("auditor");
        UUID[] ids = People.newOwner(email);
        return new Owner(ids[0], ids[1], email.toLowerCase().equals(email) ? email : email,
                People.accessToken(People.session(email, People.PASSWORD)));
    }

    /** A request as the gateway forwards it: the client's address last in X-Forwarded-For. */
    private static RequestSpecification as(String token, String address, String requestId) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .header("X-Forwarded-For", "198.51.100.7, " + address)
                .header("User-Agent", "audit-test/1.0")
                .header("X-Request-Id", requestId);
    }

    private static String createProject(String token, String code) {
        return as(token, "192.0.2.10", "req-" + code).body("{\"code\":\"" + code + "\",\"name\":\"P " + code + "\"}")
                .post("/v1/projects").then().statusCode(201).extract().path("id");
    }

    private static String createLedger(String token, String projectId) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"code\":\"main\",\"name\":\"Main\",\"currency\":\"EUR\"}")
                .post("/v1/projects/" + projectId + "/ledgers").then().statusCode(201).extract().path("id");
    }

    private long count(UUID orgId, String action) {
        return pool.preparedQuery("SELECT count(*) FROM audit_events WHERE organization_id = $1 AND action = $2")
                .execute(Tuple.of(orgId, action)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private String rowsAsText(UUID orgId) {
        StringBuilder text = new StringBuilder();
        for (Row row : pool.preparedQuery("SELECT to_jsonb(a)::text FROM audit_events a WHERE organization_id = $1")
                .execute(Tuple.of(orgId)).await().atMost(Duration.ofSeconds(10))) {
            text.append(row.getString(0)).append('\n');
        }
        return text.toString();
    }

    @Test
    void eachProjectChangeLeavesOneEventWithItsInitiatorAndSource() {
        Owner owner = newOwner();
        String code = ProjectResourceTest.uniqueCode("audited");
        String id = createProject(owner.token(), code);
        as(owner.token(), "192.0.2.11", "req-rename").body("{\"name\":\"Renamed\"}")
                .patch("/v1/projects/" + id).then().statusCode(200);
        as(owner.token(), "192.0.2.12", "req-delete").delete("/v1/projects/" + id).then().statusCode(204);

        given().auth().oauth2(owner.token()).queryParam("target_id", id).get(EVENTS)
                .then().statusCode(200)
                .body("data.action", contains("project.deleted", "project.updated", "project.created"))
                .body("data.actor.type", everyItem(equalTo("person")))
                .body("data.actor.id", everyItem(equalTo(owner.userId().toString())))
                .body("data.actor.display", everyItem(equalTo(owner.email())))
                .body("data.organization_id", everyItem(equalTo(owner.orgId().toString())))
                .body("data.target.type", everyItem(equalTo("project")))
                .body("data.source.ip", contains("192.0.2.12", "192.0.2.11", "192.0.2.10"))
                .body("data.source.user_agent", everyItem(equalTo("audit-test/1.0")))
                .body("data.source.request_id", contains("req-delete", "req-rename", "req-" + code))
                .body("data[2].before", nullValue())
                .body("data[2].after.code", equalTo(code))
                .body("data[2].after.name", equalTo("P " + code))
                .body("data[1].before.name", equalTo("P " + code))
                .body("data[1].after.name", equalTo("Renamed"))
                .body("data[0].before.name", equalTo("Renamed"))
                .body("data[0].after", nullValue())
                .body("data[0].occurred_at", notNullValue())
                .body("next_cursor", nullValue());
        assertEquals(1, count(owner.orgId(), "project.created"));
        assertEquals(1, count(owner.orgId(), "project.updated"));
        assertEquals(1, count(owner.orgId(), "project.deleted"));
    }

    @Test
    void signUpAndSignInAreRecordedAsThePerson() {
        Owner owner = newOwner();
        given().auth().oauth2(owner.token()).queryParam("action", "organization.created").get(EVENTS)
                .then().statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].actor.id", equalTo(owner.userId().toString()))
                .body("data[0].target.id", equalTo(owner.orgId().toString()))
                .body("data[0].after.owner_email", equalTo(owner.email()));
        given().auth().oauth2(owner.token()).queryParam("action", "session.created").get(EVENTS)
                .then().statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].actor.display", equalTo(owner.email()))
                .body("data[0].source.ip", notNullValue());
        assertFalse(rowsAsText(owner.orgId()).contains(People.PASSWORD));
    }

    @Test
    void aRefusedChangeLeavesNoEvent() {
        Owner owner = newOwner();
        String code = ProjectResourceTest.uniqueCode("twice");
        createProject(owner.token(), code);
        as(owner.token(), "192.0.2.13", "req-again").body("{\"code\":\"" + code + "\",\"name\":\"Again\"}")
                .post("/v1/projects").then().statusCode(409);
        as(owner.token(), "192.0.2.13", "req-missing").delete("/v1/projects/" + UUID.randomUUID())
                .then().statusCode(404);

        assertEquals(1, count(owner.orgId(), "project.created"));
        assertEquals(0, count(owner.orgId(), "project.deleted"));
    }

    @Test
    void apiKeyAndClientEventsNeverHoldASecret() {
        Owner owner = newOwner();
        String project = createProject(owner.token(), ProjectResourceTest.uniqueCode("keys"));
        String ledger = createLedger(owner.token(), project);
        var key = given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                .body("{\"description\":\"CI\",\"scopes\":[\"ledger:read\"],\"ledgers\":[\"" + ledger + "\"]}")
                .post("/v1/projects/" + project + "/api-keys").then().statusCode(201).extract();
        String keyId = key.path("id");
        String rawKey = key.path("key");
        given().auth().oauth2(owner.token()).delete("/v1/projects/" + project + "/api-keys/" + keyId)
                .then().statusCode(204);
        var client = given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                .body("{\"name\":\"backend\",\"scopes\":[\"ledger:read\"],\"ledgers\":[\"" + ledger + "\"]}")
                .post("/v1/projects/" + project + "/clients").then().statusCode(201).extract();
        String clientId = client.path("id");
        String firstSecret = client.path("client_secret");
        String secondSecret = given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                .body("{\"overlap_seconds\":0}")
                .post("/v1/projects/" + project + "/clients/" + clientId + "/rotate-secret")
                .then().statusCode(200).extract().path("client_secret");
        given().auth().oauth2(owner.token()).delete("/v1/projects/" + project + "/clients/" + clientId)
                .then().statusCode(204);

        given().auth().oauth2(owner.token()).queryParam("target_id", keyId).get(EVENTS)
                .then().statusCode(200)
                .body("data.action", contains("api_key.revoked", "api_key.created"))
                .body("data[1].after.prefix", equalTo(key.path("prefix")))
                .body("data[1].after.last_four", equalTo(key.path("last_four")))
                .body("data[0].before.revoked_at", nullValue())
                .body("data[0].after.revoked_at", notNullValue());
        given().auth().oauth2(owner.token()).queryParam("action", "client.").get(EVENTS)
                .then().statusCode(200)
                .body("data.action", contains("client.deleted", "client.secret_rotated", "client.created"))
                .body("data.target.id", everyItem(equalTo(clientId)))
                .body("data[1].after.secret_rotated_at", notNullValue());

        String everything = rowsAsText(owner.orgId());
        assertTrue(everything.contains("api_key.revoked"));
        assertFalse(everything.contains(rawKey), "no raw key");
        assertFalse(everything.contains(rawKey.substring(12)), "no part of the raw key past its prefix");
        assertFalse(everything.contains(firstSecret), "no client secret");
        assertFalse(everything.contains(secondSecret), "no rotated client secret");
        assertFalse(everything.contains("key_hash") || everything.contains("secret_hash"), "no hash");
    }

    @Test
    void anOAuthClientIsTheActorOfWhatItChanges() {
        String code = ProjectResourceTest.uniqueCode("by-client");
        String id = createProject(ProjectResourceTest.adminToken(), code);
        given().auth().oauth2(ProjectResourceTest.adminToken()).queryParam("target_id", id).get(EVENTS)
                .then().statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].actor.type", equalTo("client"))
                .body("data[0].actor.id", equalTo(Demo.ADMIN_CLIENT_ID))
                .body("data[0].actor.display", equalTo(Demo.ADMIN_CLIENT_ID))
                .body("data[0].organization_id", equalTo(Demo.ORG.toString()));
    }

    @Test
    void filtersAndPages() {
        Owner owner = newOwner();
        Instant before = Instant.now();
        List<String> ids = List.of(createProject(owner.token(), ProjectResourceTest.uniqueCode("a")),
                createProject(owner.token(), ProjectResourceTest.uniqueCode("b")),
                createProject(owner.token(), ProjectResourceTest.uniqueCode("c")));

        var first = given().auth().oauth2(owner.token()).queryParam("action", "project.").queryParam("limit", 2)
                .get(EVENTS).then().statusCode(200)
                .body("data.target.id", contains(ids.get(2), ids.get(1)))
                .body("next_cursor", notNullValue())
                .extract();
        given().auth().oauth2(owner.token()).queryParam("action", "project.").queryParam("limit", 2)
                .queryParam("cursor", (String) first.path("next_cursor"))
                .get(EVENTS).then().statusCode(200)
                .body("data.target.id", contains(ids.get(0)))
                .body("next_cursor", nullValue());

        given().auth().oauth2(owner.token()).queryParam("from", before.toString()).queryParam("target_type", "project")
                .get(EVENTS).then().statusCode(200).body("data.size()", equalTo(3));
        given().auth().oauth2(owner.token()).queryParam("to", before.toString()).queryParam("target_type", "project")
                .get(EVENTS).then().statusCode(200).body("data", empty());
        given().auth().oauth2(owner.token()).queryParam("actor_id", owner.userId().toString())
                .queryParam("action", "project.created")
                .get(EVENTS).then().statusCode(200).body("data.size()", equalTo(3));
        given().auth().oauth2(owner.token()).queryParam("actor_id", "someone-else")
                .get(EVENTS).then().statusCode(200).body("data", empty());
        given().auth().oauth2(owner.token()).queryParam("action", "project.created")
                .queryParam("target_type", "ledger")
                .get(EVENTS).then().statusCode(200).body("data", empty());
    }

    @Test
    void badQueriesAreRefused() {
        Owner owner = newOwner();
        given().auth().oauth2(owner.token()).queryParam("actor", "x").get(EVENTS)
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("actor"));
        given().auth().oauth2(owner.token()).queryParam("action", "API_KEY").queryParam("from", "yesterday")
                .queryParam("limit", 0).get(EVENTS)
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("action", "from", "limit"));
        given().auth().oauth2(owner.token()).queryParam("cursor", "bm90LWEtY3Vyc29y").get(EVENTS)
                .then().statusCode(400).body("errors.field", hasItem("cursor"));
        given().auth().oauth2(owner.token()).queryParam("from", "2030-01-01T00:00:00Z")
                .queryParam("to", "2029-01-01T00:00:00Z").get(EVENTS)
                .then().statusCode(400).body("errors.field", hasItem("from"));
    }

    @Test
    void anotherOrganisationsEventsAreNeverVisible() {
        Owner one = newOwner();
        Owner other = newOwner();
        String theirs = createProject(other.token(), ProjectResourceTest.uniqueCode("theirs"));
        given().auth().oauth2(one.token()).queryParam("target_id", theirs).get(EVENTS)
                .then().statusCode(200).body("data", empty());
        given().auth().oauth2(one.token()).queryParam("actor_id", other.userId().toString()).get(EVENTS)
                .then().statusCode(200).body("data", empty());
        given().auth().oauth2(one.token()).get(EVENTS)
                .then().statusCode(200)
                .body("data.organization_id", everyItem(equalTo(one.orgId().toString())));
    }

    @Test
    void onlyOwnersAndTheOperatorReadTheLog() {
        String readOnly = Tokens.accessToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET);
        given().auth().oauth2(readOnly).get(EVENTS).then().statusCode(403);
        given().get(EVENTS).then().statusCode(401);
        given().auth().oauth2(ProjectResourceTest.adminToken())
                .get("/v1/ops/organizations/" + Demo.ORG + "/audit-events").then().statusCode(403);

        Owner owner = newOwner();
        String id = createProject(owner.token(), ProjectResourceTest.uniqueCode("ops-read"));
        String ops = Tokens.accessToken("ops-client", "ops-secret");
        given().auth().oauth2(ops).queryParam("target_id", id)
                .get("/v1/ops/organizations/" + owner.orgId() + "/audit-events")
                .then().statusCode(200)
                .body("data.action", contains("project.created"));
        given().auth().oauth2(ops).get("/v1/ops/organizations/not-a-uuid/audit-events")
                .then().statusCode(400).body("errors.field", hasItem("organization_id"));
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveAnEvent() {
        Owner owner = newOwner();
        String id = createProject(owner.token(), ProjectResourceTest.uniqueCode("immutable"));
        for (String sql : List.of("UPDATE audit_events SET action = 'project.forged' WHERE target_id = $1",
                "DELETE FROM audit_events WHERE target_id = $1")) {
            var failure = assertThrows(Exception.class, () -> pool.preparedQuery(sql).execute(Tuple.of(id))
                    .await().atMost(Duration.ofSeconds(10)), sql);
            assertTrue(failure instanceof PgException, failure.toString());
            assertEquals("42501", ((PgException) failure).getSqlState(), sql);
        }
        var truncate = assertThrows(PgException.class, () -> pool.query("TRUNCATE audit_events").execute()
                .await().atMost(Duration.ofSeconds(10)));
        assertEquals("42501", truncate.getSqlState());
        given().auth().oauth2(owner.token()).queryParam("target_id", id).get(EVENTS)
                .then().statusCode(200).body("data.action", contains("project.created"));
        assertNotNull(id);
    }
}
