package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * People through the gateway, as a browser would: sign up, sign in (cookie, no token), administer with the
 * cookie and the CSRF token, invite a developer who accepts, signs in and posts but may not administer, and
 * sessions that end.
 */
class HumanLoginIT {

    private static final String PASSWORD = "correct horse battery staple";

    @BeforeAll
    static void stack() {
        RunningStack.get();
    }

    /** Signs in, checking that the browser is handed no token. */
    private static ConsoleSession signIn(String email, String password) {
        Response login = given().baseUri(RunningStack.gateway()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password)).post("/v1/sessions");
        login.then().statusCode(201).body("$", not(org.hamcrest.Matchers.hasKey("session_token")));
        assertFalse(login.asString().contains("eyJ"), "no bearer token for the browser");
        return ConsoleSession.of(login);
    }

    @Test
    void anOwnerSignsUpInvitesADeveloperWhoPostsButCannotAdministerAndSessionsEnd() {
        String ownerEmail = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        given().baseUri(RunningStack.gateway()).contentType(ContentType.JSON)
                .body(Map.of("email", ownerEmail, "password", PASSWORD, "organization_name", "Human Books"))
                .post("/v1/signup")
                .then().statusCode(201).body("role", equalTo("owner"));
        ConsoleSession owner = signIn(ownerEmail, PASSWORD);

        // a change with the cookie but without the CSRF token is refused, and nothing is created
        owner.request().body(Map.of("code", "books", "name", "Books")).post("/v1/projects")
                .then().statusCode(403).body("code", equalTo("CSRF_TOKEN_INVALID"));
        owner.request().get("/v1/projects").then().statusCode(200).body("data.size()", equalTo(0));

        String project = owner.unsafe().body(Map.of("code", "books", "name", "Books")).post("/v1/projects")
                .then().statusCode(201).extract().path("id");
        UUID ledger = UUID.fromString(owner.unsafe().body(Map.of("code", "main", "name", "Main", "currency", "USD"))
                .post("/v1/projects/{project}/ledgers", project)
                .then().statusCode(201).extract().path("id"));
        for (String code : new String[] { "cash", "revenue" }) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> owner.unsafe()
                    .body(Map.of("code", code, "name", code, "type", code.equals("cash") ? "asset" : "revenue"))
                    .post("/v1/ledgers/{ledger}/accounts", ledger).statusCode() == 201);
        }

        String developerEmail = "dev-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        Response invitation = owner.unsafe().body(Map.of("email", developerEmail, "role", "developer"))
                .post("/v1/organizations/current/invitations");
        invitation.then().statusCode(201).header("Cache-Control", containsString("no-store"));
        given().baseUri(RunningStack.gateway()).contentType(ContentType.JSON).body(Map.of("password", PASSWORD))
                .post((String) invitation.path("accept_path"))
                .then().statusCode(200).body("role", equalTo("developer"));
        owner.request().get("/v1/organizations/current/members")
                .then().statusCode(200).body("data.email", hasItem(developerEmail));

        ConsoleSession developer = signIn(developerEmail, PASSWORD);
        developer.unsafe().body(LedgerApi.transfer(LedgerApi.newCode("human"), "cash", "revenue", "12.50"))
                .post("/v1/ledgers/{ledger}/transactions", ledger)
                .then().statusCode(201);
        developer.request().get("/v1/organizations/current/members")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN")).body("required_scope", equalTo("iam:admin"));
        developer.unsafe().body(Map.of("code", "mine", "name", "Mine")).post("/v1/projects")
                .then().statusCode(403).body("required_scope", equalTo("iam:admin"));
        owner.request().get("/v1/projects").then().statusCode(200).body("data.code", not(hasItem("mine")));

        // logout makes the cookie useless at once
        developer.unsafe().delete("/v1/sessions/current").then().statusCode(204);
        developer.request().get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(401);
        developer.unsafe().body(LedgerApi.transfer(LedgerApi.newCode("after"), "cash", "revenue", "1.00"))
                .post("/v1/ledgers/{ledger}/transactions", ledger).then().statusCode(401);

        // the owner logs out everywhere: the cookie stops working too
        owner.request().get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(200);
        owner.unsafe().delete("/v1/sessions").then().statusCode(204);
        owner.request().get("/v1/projects").then().statusCode(401);
    }
}
