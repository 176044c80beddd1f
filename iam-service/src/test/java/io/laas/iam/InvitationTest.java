package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

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
class InvitationTest {

    @Inject
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /** {owner's access token, owner id, organisation id} of a new organisation. */
    static String[] newOrganisation(String name) {
        String email = People.uniqueEmail(name);
        UUID[] owner = People.newOwner(email);
        return new String[] { People.accessToken(People.session(email, People.PASSWORD)), owner[0].toString(),
                owner[1].toString() };
    }

    static io.restassured.response.Response invite(String token, String email, String role) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}")
                .post("/v1/organizations/current/invitations");
    }

    static io.restassured.response.Response accept(String invitationToken, String password) {
        return People.from(People.newSource()).body("{\"password\":\"" + password + "\"}")
                .post("/v1/invitations/" + invitationToken + "/accept");
    }

    @Test
    void anOwnerInvitesAndTheNewPersonJoinsWithTheRoleByAcceptingOnce() throws Exception {
        String[] org = newOrganisation("inviter");
        String email = People.uniqueEmail("dev");

        var created = invite(org[0], email, "developer");
        created.then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("email", equalTo(email))
                .body("role", equalTo("developer"))
                .body("status", equalTo("pending"))
                .body("accept_path", startsWith("/v1/invitations/"));
        String token = created.path("token");
        String id = created.path("id");

        Row stored = row("SELECT token_hash, invited_by, organization_id FROM invitations WHERE id = $1", UUID.fromString(id));
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8))), stored.getString("token_hash"));
        assertEquals(org[1], stored.getUUID("invited_by").toString());
        given().auth().oauth2(org[0]).get("/v1/organizations/current/invitations")
                .then().statusCode(200)
                .body("data[0].id", equalTo(id))
                .body("data[0]", not(hasKey("token")));

        accept(token, People.PASSWORD).then().statusCode(200)
                .body("user.email", equalTo(email))
                .body("organization_id", equalTo(org[2]))
                .body("role", equalTo("developer"))
                .body("new_account", equalTo(true));
        accept(token, People.PASSWORD).then().statusCode(410).body("code", equalTo("INVITATION_USED"));

        Row member = row("SELECT m.role, u.password_hash FROM org_users m JOIN users u ON u.id = m.user_id "
                + "WHERE m.organization_id = $1 AND lower(u.email) = lower($2)", UUID.fromString(org[2]), email);
        assertEquals("developer", member.getString("role"));
        assertTrue(member.getString("password_hash").startsWith("$argon2id$"));

        // the developer signs in: ledger and webhook scopes, no administration
        String developer = People.accessToken(People.session(email, People.PASSWORD));
        given().auth().oauth2(developer).get("/v1/organizations/current/members").then().statusCode(403);
        given().auth().oauth2(developer).contentType(ContentType.JSON).body("{\"email\":\"x@y.test\",\"role\":\"owner\"}")
                .post("/v1/organizations/current/invitations").then().statusCode(403);
        given().auth().oauth2(developer).get("/v1/projects").then().statusCode(403);
    }

    @Test
    void ofConcurrentAcceptsOneWinsAndTheOthersFindTheInvitationUsed() throws Exception {
        String[] org = newOrganisation("race");
        String email = People.uniqueEmail("racer");
        String token = invite(org[0], email, "developer").then().statusCode(201).extract().path("token");

        int racers = 6;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return accept(token, People.PASSWORD).statusCode();
            }));
        }
        start.countDown();
        List<Integer> statuses = answers.stream().map(CompletableFuture::join).toList();

        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 410 || s == 409), statuses.toString());
        assertEquals(1L, row("SELECT count(*) AS n FROM users WHERE lower(email) = lower($1)", email).getLong("n"));
        assertEquals(1L, row("SELECT count(*) AS n FROM org_users m JOIN users u ON u.id = m.user_id "
                + "WHERE lower(u.email) = lower($1)", email).getLong("n"));
    }

    @Test
    void expiredRevokedAndUnknownInvitationsCannotBeAcceptedAndNothingIsWritten() {
        String[] org = newOrganisation("expiry");
        String lateEmail = People.uniqueEmail("late");
        var late = invite(org[0], lateEmail, "developer").then().statusCode(201).extract();
        exec("UPDATE invitations SET expires_at = NOW() - interval '1 second' WHERE id = $1", UUID.fromString(late.path("id")));
        accept(late.path("token"), People.PASSWORD).then().statusCode(410).body("code", equalTo("INVITATION_EXPIRED"));

        String revokedEmail = People.uniqueEmail("revoked");
        var revoked = invite(org[0], revokedEmail, "owner").then().statusCode(201).extract();
        given().auth().oauth2(org[0]).delete("/v1/organizations/current/invitations/" + revoked.path("id"))
                .then().statusCode(204);
        given().auth().oauth2(org[0]).delete("/v1/organizations/current/invitations/" + revoked.path("id"))
                .then().statusCode(409).body("code", equalTo("INVITATION_NOT_PENDING"));
        accept(revoked.path("token"), People.PASSWORD).then().statusCode(410).body("code", equalTo("INVITATION_REVOKED"));

        accept("A".repeat(43), People.PASSWORD).then().statusCode(404).body("code", equalTo("INVITATION_NOT_FOUND"));
        accept("short", People.PASSWORD).then().statusCode(404).body("code", equalTo("INVITATION_NOT_FOUND"));

        assertEquals(0L, row("SELECT count(*) AS n FROM users WHERE lower(email) IN (lower($1), lower($2))", lateEmail,
                revokedEmail).getLong("n"));
        // an expired invitation does not block a new one
        invite(org[0], lateEmail, "developer").then().statusCode(201);
        invite(org[0], lateEmail, "developer").then().statusCode(409).body("code", equalTo("INVITATION_PENDING"));
    }

    @Test
    void anExistingPersonJoinsWithTheirOwnPasswordAndAWeakNewPasswordIsRefused() {
        String[] org = newOrganisation("second-org");
        String existing = People.uniqueEmail("existing");
        UUID[] theirs = People.newOwner(existing);
        String token = invite(org[0], existing, "developer").then().statusCode(201).extract().path("token");

        accept(token, "not their password").then().statusCode(401).body("code", equalTo("INVALID_CREDENTIALS"));
        accept(token, People.PASSWORD).then().statusCode(200)
                .body("user.id", equalTo(theirs[0].toString()))
                .body("new_account", equalTo(false));
        assertEquals(2L, row("SELECT count(*) AS n FROM org_users WHERE user_id = $1", theirs[0]).getLong("n"));

        String fresh = People.uniqueEmail("fresh");
        String weakToken = invite(org[0], fresh, "developer").then().statusCode(201).extract().path("token");
        accept(weakToken, "too short").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        assertEquals(0L, row("SELECT count(*) AS n FROM users WHERE lower(email) = lower($1)", fresh).getLong("n"));
        accept(weakToken, People.PASSWORD).then().statusCode(200);
    }

    @Test
    void aSignedInPersonJoinsWithTheirSessionOnlyIfTheInvitationIsForThem() {
        String[] org = newOrganisation("by-session");
        String mine = People.uniqueEmail("mine");
        UUID[] me = People.newOwner(mine);
        String session = People.session(mine, People.PASSWORD);
        String someoneElse = invite(org[0], People.uniqueEmail("else"), "developer").then().statusCode(201)
                .extract().path("token");
        String forMe = invite(org[0], mine, "owner").then().statusCode(201).extract().path("token");

        given().header("X-Session-Token", session).contentType(ContentType.JSON).body("{}")
                .post("/v1/invitations/" + someoneElse + "/accept")
                .then().statusCode(403).body("code", equalTo("INVITATION_FOR_ANOTHER_PERSON"));
        given().header("X-Session-Token", "A".repeat(43)).contentType(ContentType.JSON).body("{}")
                .post("/v1/invitations/" + forMe + "/accept")
                .then().statusCode(401).body("code", equalTo("SESSION_INVALID"));
        People.from(People.newSource()).body("{}").post("/v1/invitations/" + forMe + "/accept")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        assertEquals(1L, row("SELECT count(*) AS n FROM org_users WHERE user_id = $1", me[0]).getLong("n"));

        given().header("X-Session-Token", session).contentType(ContentType.JSON).body("{}")
                .post("/v1/invitations/" + forMe + "/accept")
                .then().statusCode(200)
                .body("user.id", equalTo(me[0].toString()))
                .body("role", equalTo("owner"))
                .body("new_account", equalTo(false));
        assertEquals("owner", row("SELECT role FROM org_users WHERE user_id = $1 AND organization_id = $2", me[0],
                UUID.fromString(org[2])).getString("role"));
    }

    @Test
    void aMemberCannotBeInvitedAgainAndInputsAreChecked() {
        String[] org = newOrganisation("checks");
        String ownerEmail = given().auth().oauth2(org[0]).get("/v1/organizations/current/members")
                .then().statusCode(200).extract().path("data[0].email");
        invite(org[0], ownerEmail, "developer").then().statusCode(409).body("code", equalTo("ALREADY_MEMBER"));
        invite(org[0], People.uniqueEmail("role"), "admin").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        invite(org[0], "nope", "developer").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().contentType(ContentType.JSON).body("{\"email\":\"a@b.test\",\"role\":\"owner\"}")
                .post("/v1/organizations/current/invitations").then().statusCode(401);
    }

    private void exec(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }

    private Row row(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().iterator().next();
    }
}
