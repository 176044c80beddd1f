package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class MemberTest {

    @Inject
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void ownersListChangeAndRemoveMembersButTheLastOwnerStays() {
        String[] org = InvitationTest.newOrganisation("members");
        String devEmail = People.uniqueEmail("dev");
        String token = InvitationTest.invite(org[0], devEmail, "developer").then().statusCode(201).extract().path("token");
        String devId = InvitationTest.accept(token, People.PASSWORD).then().statusCode(200).extract().path("user.id");

        given().auth().oauth2(org[0]).get("/v1/organizations/current/members")
                .then().statusCode(200)
                .body("data.user_id", containsInAnyOrder(org[1], devId))
                .body("data.find { it.user_id == '" + devId + "' }.role", equalTo("developer"));

        // the only owner cannot step down or leave
        roleChange(org[0], org[1], "developer").then().statusCode(409).body("code", equalTo("LAST_OWNER"));
        given().auth().oauth2(org[0]).delete("/v1/organizations/current/members/" + org[1])
                .then().statusCode(409).body("code", equalTo("LAST_OWNER"));
        assertEquals("owner", role(org[2], org[1]));

        roleChange(org[0], devId, "owner").then().statusCode(200).body("role", equalTo("owner"));
        assertEquals("owner", role(org[2], devId));
        roleChange(org[0], org[1], "developer").then().statusCode(200);
        assertEquals("developer", role(org[2], org[1]));

        // the new owner removes the former one, whose sessions in the organisation end
        String formerSession = People.session(devEmail, People.PASSWORD);
        String newOwner = People.accessToken(formerSession);
        given().auth().oauth2(newOwner).delete("/v1/organizations/current/members/" + org[1]).then().statusCode(204);
        assertEquals(0L, pool.preparedQuery("SELECT count(*) AS n FROM org_users WHERE organization_id = $1 AND user_id = $2")
                .execute(Tuple.of(UUID.fromString(org[2]), UUID.fromString(org[1]))).await().indefinitely()
                .iterator().next().getLong("n"));
        assertEquals(0L, pool.preparedQuery("SELECT count(*) AS n FROM sessions WHERE user_id = $1 AND organization_id = $2 "
                + "AND revoked_at IS NULL").execute(Tuple.of(UUID.fromString(org[1]), UUID.fromString(org[2])))
                .await().indefinitely().iterator().next().getLong("n"));
        given().auth().oauth2(newOwner).delete("/v1/organizations/current/members/" + org[1])
                .then().statusCode(404).body("code", equalTo("MEMBER_NOT_FOUND"));
    }

    @Test
    void membersOfAnotherOrganisationAreNotFoundAndRolesAreChecked() {
        String[] org = InvitationTest.newOrganisation("mine");
        String[] other = InvitationTest.newOrganisation("theirs");
        roleChange(org[0], other[1], "developer").then().statusCode(404).body("code", equalTo("MEMBER_NOT_FOUND"));
        given().auth().oauth2(org[0]).delete("/v1/organizations/current/members/" + other[1]).then().statusCode(404);
        assertEquals("owner", role(other[2], other[1]));
        roleChange(org[0], org[1], "admin").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        roleChange(org[0], "not-a-uuid", "owner").then().statusCode(404);
    }

    private static io.restassured.response.Response roleChange(String token, String userId, String role) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"role\":\"" + role + "\"}")
                .patch("/v1/organizations/current/members/" + userId);
    }

    private String role(String orgId, String userId) {
        return pool.preparedQuery("SELECT role FROM org_users WHERE organization_id = $1 AND user_id = $2")
                .execute(Tuple.of(UUID.fromString(orgId), UUID.fromString(userId))).await().indefinitely()
                .iterator().next().getString("role");
    }
}
