package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class OrganizationSwitchTest {

    @Inject
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /** A person who owns one organisation and is a developer of another: {person, own org, other org}. */
    private static UUID[] personInTwoOrganizations(String name) {
        String email = People.uniqueEmail(name);
        UUID[] person = People.newOwner(email);
        String otherOwner = People.uniqueEmail(name + "-other");
        UUID[] other = People.newOwner(otherOwner);
        String ownerToken = People.accessToken(People.session(otherOwner, People.PASSWORD));
        String invitation = given().auth().oauth2(ownerToken).contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"role\":\"developer\"}")
                .post("/v1/organizations/current/invitations").then().statusCode(201).extract().path("token");
        People.from(People.newSource()).body("{\"password\":\"" + People.PASSWORD + "\"}")
                .post("/v1/invitations/" + invitation + "/accept").then().statusCode(200);
        return new UUID[] { person[0], person[1], other[1] };
    }

    @Test
    void aSessionListsTheOrganisationsOfItsPersonWithTheirRoles() {
        UUID[] ids = personInTwoOrganizations("list");
        String email = email(ids[0]);
        String session = People.session(email, People.PASSWORD);

        given().header("X-Session-Token", session).get("/v1/sessions/current/organizations")
                .then().statusCode(200)
                .body("data", hasSize(2))
                .body("data.find { it.id == '" + ids[1] + "' }.role", equalTo("owner"))
                .body("data.find { it.id == '" + ids[1] + "' }.name", equalTo("Org of " + email))
                .body("data.find { it.id == '" + ids[2] + "' }.role", equalTo("developer"))
                .body("data[0].joined_at", notNullValue());
        given().get("/v1/sessions/current/organizations").then().statusCode(401).body("code", equalTo("SESSION_INVALID"));
        given().header("X-Session-Token", "not-a-session").get("/v1/sessions/current/organizations")
                .then().statusCode(401).body("code", equalTo("SESSION_INVALID"));
    }

    @Test
    void aSwitchEndsTheSessionAndOpensOneInTheOtherOrganisationNoLongerThanTheFirst() {
        UUID[] ids = personInTwoOrganizations("switch");
        String old = People.session(email(ids[0]), People.PASSWORD);
        OffsetDateTime oldEnd = row("SELECT expires_at FROM sessions WHERE user_id = $1 AND revoked_at IS NULL", ids[0])
                .getOffsetDateTime("expires_at");

        var switched = given().header("X-Session-Token", old).contentType(ContentType.JSON)
                .body("{\"organization_id\":\"" + ids[2] + "\"}").post("/v1/sessions/current/organization");
        switched.then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("organization.id", equalTo(ids[2].toString()))
                .body("user.id", equalTo(ids[0].toString()))
                .body("role", equalTo("developer"))
                .body("scopes", not(hasItem("iam:admin")));
        String fresh = switched.path("session_token");

        People.exchange(old).then().statusCode(401).body("code", equalTo("SESSION_INVALID"));
        People.exchange(fresh).then().statusCode(200).body("organization_id", equalTo(ids[2].toString()))
                .body("role", equalTo("developer"));
        Row session = row("SELECT expires_at, idle_expires_at FROM sessions WHERE user_id = $1 AND revoked_at IS NULL",
                ids[0]);
        assertEquals(oldEnd.toInstant(), session.getOffsetDateTime("expires_at").toInstant());
        assertFalse(session.getOffsetDateTime("idle_expires_at").isAfter(session.getOffsetDateTime("expires_at")));
        assertEquals(1L, row("SELECT count(*) AS n FROM audit_events WHERE organization_id = $1 AND action = 'session.created' "
                + "AND after->>'switched_from' = $2", ids[2], ids[1].toString()).getLong("n"));

        // and back again, with the new session
        given().header("X-Session-Token", fresh).contentType(ContentType.JSON)
                .body("{\"organization_id\":\"" + ids[1] + "\"}").post("/v1/sessions/current/organization")
                .then().statusCode(201).body("role", equalTo("owner")).body("scopes", hasItem("iam:admin"));
        People.exchange(fresh).then().statusCode(401);
    }

    @Test
    void aSwitchToAnOrganisationThePersonIsNotAMemberOfIsRefusedAndChangesNothing() {
        UUID[] ids = personInTwoOrganizations("stranger");
        String session = People.session(email(ids[0]), People.PASSWORD);
        long sessionsBefore = count(ids[0]);

        for (String org : new String[] { Demo.ORG.toString(), UUID.randomUUID().toString() }) {
            given().header("X-Session-Token", session).contentType(ContentType.JSON)
                    .body("{\"organization_id\":\"" + org + "\"}").post("/v1/sessions/current/organization")
                    .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("NOT_A_MEMBER"));
        }
        given().header("X-Session-Token", session).contentType(ContentType.JSON).body("{\"organization_id\":\"nope\"}")
                .post("/v1/sessions/current/organization").then().statusCode(400).body("code", equalTo("MALFORMED_REQUEST"));
        given().header("X-Session-Token", session).contentType(ContentType.JSON).body("{}")
                .post("/v1/sessions/current/organization").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().contentType(ContentType.JSON).body("{\"organization_id\":\"" + ids[2] + "\"}")
                .post("/v1/sessions/current/organization").then().statusCode(401).body("code", equalTo("SESSION_INVALID"));

        People.exchange(session).then().statusCode(200).body("organization_id", equalTo(ids[1].toString()));
        assertEquals(sessionsBefore, count(ids[0]));
    }

    @Test
    void anEndedSessionCannotSwitchAndARemovedMemberCannotSwitchBack() {
        UUID[] ids = personInTwoOrganizations("ended");
        String session = People.session(email(ids[0]), People.PASSWORD);
        given().header("X-Session-Token", session).delete("/v1/sessions/current").then().statusCode(204);
        given().header("X-Session-Token", session).contentType(ContentType.JSON)
                .body("{\"organization_id\":\"" + ids[2] + "\"}").post("/v1/sessions/current/organization")
                .then().statusCode(401).body("code", equalTo("SESSION_INVALID"));

        String live = People.session(email(ids[0]), People.PASSWORD);
        exec("DELETE FROM org_users WHERE organization_id = $1 AND user_id = $2", ids[2], ids[0]);
        given().header("X-Session-Token", live).contentType(ContentType.JSON)
                .body("{\"organization_id\":\"" + ids[2] + "\"}").post("/v1/sessions/current/organization")
                .then().statusCode(403).body("code", equalTo("NOT_A_MEMBER"));
        given().header("X-Session-Token", live).get("/v1/sessions/current/organizations")
                .then().statusCode(200).body("data.id", contains(ids[1].toString()));
        assertTrue(count(ids[0]) >= 1);
    }

    private long count(UUID userId) {
        return row("SELECT count(*) AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL", userId).getLong("n");
    }

    private String email(UUID userId) {
        return row("SELECT email FROM users WHERE id = $1", userId).getString("email");
    }

    private void exec(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }

    private Row row(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().iterator().next();
    }
}
