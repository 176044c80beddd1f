package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * An owner, signed in to the console, changes the organisation through the gateway (a project, a ledger, an API
 * key created then revoked, a webhook endpoint) and finds every change in the audit log, newest first, under
 * their own identity and address; another organisation sees none of it.
 */
class AuditLogIT {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String AGENT = "audit-it/1.0";
    private static LoopbackReceiver receiver;

    @BeforeAll
    static void start() {
        RunningStack.get();
        receiver = LoopbackReceiver.start("/audited", earlier -> 204);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /** The owner's console, each request named and sent with the test's user agent (both end up in the log). */
    private record Browser(ConsoleSession session) {
        RequestSpecification request(String requestId) {
            return session.request().header("User-Agent", AGENT).header("X-Request-Id", requestId);
        }

        RequestSpecification unsafe(String requestId) {
            return session.unsafe().header("User-Agent", AGENT).header("X-Request-Id", requestId);
        }
    }

    private static Browser signIn(String email) {
        return new Browser(ConsoleSession.signIn(email, PASSWORD));
    }

    private static String signUp(String email) {
        return given().baseUri(RunningStack.gateway()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "organization_name", "Audited Books"))
                .post("/v1/signup")
                .then().statusCode(201).extract().path("user.id");
    }

    @Test
    void anOwnersChangesAreInTheAuditLogInOrderWithTheirIdentityAndAddress() {
        String email = "auditor-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String userId = signUp(email);
        Browser owner = signIn(email);

        String project = owner.unsafe("audit-project").body(Map.of("code", "audited", "name", "Audited"))
                .post("/v1/projects").then().statusCode(201).extract().path("id");
        String ledger = owner.unsafe("audit-ledger").body(Map.of("code", "main", "name", "Main", "currency", "EUR"))
                .post("/v1/projects/{project}/ledgers", project).then().statusCode(201).extract().path("id");
        var key = owner.unsafe("audit-key").body(Map.of("scopes", List.of("ledger:read"), "ledgers", List.of(ledger)))
                .post("/v1/projects/{project}/api-keys", project).then().statusCode(201).extract();
        String keyId = key.path("id");
        String rawKey = key.path("key");
        owner.unsafe("audit-revoke").delete("/v1/projects/{project}/api-keys/{id}", project, keyId)
                .then().statusCode(204);
        // the webhook service learns the new ledger from the registry: wait for it to accept the endpoint
        String[] endpoint = new String[2];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Response created = owner.unsafe("audit-endpoint").body(Map.of("url", receiver.url()))
                    .post("/v1/ledgers/{ledger}/webhook-endpoints", ledger);
            if (created.statusCode() != 201) {
                return false;
            }
            endpoint[0] = created.path("id");
            endpoint[1] = created.path("secret");
            return true;
        });

        List<String> expected = List.of("webhook_endpoint.created", "api_key.revoked", "api_key.created",
                "ledger.created", "project.created", "session.created", "organization.created");
        // the webhook service's event reaches the log through its outbox and Kafka
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> owner
                .request("audit-read").get("/v1/organizations/current/audit-events")
                .then().statusCode(200).extract().<List<String>>path("data.action").equals(expected));

        Response events = owner.request("audit-read").get("/v1/organizations/current/audit-events");
        events.then().statusCode(200)
                .body("data.actor.type", everyItem(equalTo("person")))
                .body("data.actor.id", everyItem(equalTo(userId)))
                .body("data.source.ip", everyItem(notNullValue()))
                .body("data[0..4].source.ip", everyItem(equalTo(events.path("data[5].source.ip"))))
                .body("data[0..4].source.user_agent", everyItem(equalTo(AGENT)))
                .body("data[0..4].source.request_id",
                        contains("audit-endpoint", "audit-revoke", "audit-key", "audit-ledger", "audit-project"))
                .body("data[0].target.id", equalTo(endpoint[0]))
                .body("data[0].service", equalTo("webhook-service"))
                .body("data[0].after.url", equalTo(receiver.url()))
                .body("data[1].target.id", equalTo(keyId))
                .body("data[1].after.revoked_at", notNullValue())
                .body("data[3].target.id", equalTo(ledger))
                .body("data[4].target.id", equalTo(project));
        String body = events.asString();
        assertFalse(body.contains(rawKey.substring(12)), "no API key");
        assertFalse(body.contains(endpoint[1].substring("whsec_".length())), "no signing secret");

        // filtered by family, and never another organisation's
        owner.request("audit-filter").queryParam("action", "api_key.").get("/v1/organizations/current/audit-events")
                .then().statusCode(200).body("data.action", contains("api_key.revoked", "api_key.created"));
        given().auth().oauth2(RunningStack.otherToken()).get("/v1/organizations/current/audit-events")
                .then().statusCode(403);
        String otherEmail = "other-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        signUp(otherEmail);
        signIn(otherEmail).request("audit-other").queryParam("target_id", project)
                .get("/v1/organizations/current/audit-events")
                .then().statusCode(200).body("data", empty());
        owner.unsafe("audit-write").body(Map.of("action", "project.forged"))
                .post("/v1/organizations/current/audit-events").then().statusCode(404);
        owner.request("audit-read").get("/v1/organizations/current/audit-events")
                .then().statusCode(200).body("data.action", hasItem("project.created"))
                .body("data.action", org.hamcrest.Matchers.not(hasItem("project.forged")));
    }
}
