package io.laas.gateway.session;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.gateway.support.Fakes;
import io.laas.gateway.support.Recorded;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/** The console's session cookie at the gateway: attributes, CSRF, the short cache, logout; never a bearer for the browser. */
@QuarkusTest
@QuarkusTestResource(Fakes.class)
class SessionCookieTest {

    private static final String SESSION = "__Host-laas_session";
    private static final String CSRF = "__Host-laas_csrf";

    @ConfigProperty(name = "laas.gateway.iam-url")
    String iamUrl;
    @ConfigProperty(name = "laas.gateway.command-url")
    String commandUrl;
    @ConfigProperty(name = "laas.gateway.projector-url")
    String projectorUrl;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static Response login() {
        return given().contentType("application/json")
                .body("{\"email\":\"person@example.test\",\"password\":\"" + Fakes.SESSION_PASSWORD + "\"}")
                .post("/v1/sessions");
    }

    private static String cookieHeader(Response response, String name) {
        return response.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .orElseThrow();
    }

    private static String cookieValue(Response response, String name) {
        String header = cookieHeader(response, name);
        return header.substring(name.length() + 1, header.indexOf(';'));
    }

    private String transactions() {
        return "/v1/ledgers/" + Fakes.API_KEY_LEDGER + "/transactions";
    }

    @Test
    void loginSetsAHostOnlySecureHttpOnlyStrictCookieAndHandsTheBrowserNoToken() {
        Response response = login();
        response.then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("csrf_token", notNullValue())
                .body("$", not(hasKey("session_token")))
                .body("$", not(hasKey("access_token")))
                .body("role", equalTo("owner"));

        String session = cookieHeader(response, SESSION);
        assertThat(session, containsString("; Path=/"));
        assertThat(session, containsString("; Secure"));
        assertThat(session, containsString("; HttpOnly"));
        assertThat(session, containsString("; SameSite=Strict"));
        assertThat(session, not(containsString("Domain")));
        String csrf = cookieHeader(response, CSRF);
        assertThat(csrf, containsString("; Secure"));
        assertThat(csrf, containsString("; SameSite=Strict"));
        assertThat(csrf, not(containsString("HttpOnly")));
        assertEquals(response.path("csrf_token"), cookieValue(response, CSRF));
        assertThat("no JWT anywhere in the answer", response.asString(), not(containsString("eyJ")));
    }

    @Test
    void aWrongPasswordSetsNoCookie() {
        given().contentType("application/json").body("{\"email\":\"person@example.test\",\"password\":\"wrong\"}")
                .post("/v1/sessions")
                .then().statusCode(401)
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue())
                .body("code", equalTo("INVALID_CREDENTIALS"));
    }

    @Test
    void theCookieAuthenticatesReadsWhichAreForwardedWithTheAccessTokenAndNeverTheCookie() {
        String session = cookieValue(login(), SESSION);
        String requestId = "req-" + UUID.randomUUID();

        Response read = given().cookie(SESSION, session).header("x-request-id", requestId)
                .get("/v1/ledgers/" + Fakes.API_KEY_LEDGER + "/accounts");
        read.then().statusCode(200);
        assertThat(read.asString(), not(containsString("eyJ")));
        assertNull(read.header("Authorization"));

        List<Recorded.Request> forwarded = Recorded.byRequestId(projectorUrl, requestId);
        assertThat(forwarded, hasSize(1));
        assertThat(forwarded.get(0).header("authorization"), startsWith("Bearer eyJ"));
        assertNull(forwarded.get(0).header("cookie"));
        assertNull(forwarded.get(0).header("x-session-token"));
    }

    @Test
    void anUnsafeRequestWithTheCookieNeedsTheSessionsCsrfTokenAndAnOriginOfItsOwn() {
        Response login = login();
        String session = cookieValue(login, SESSION);
        String csrf = login.path("csrf_token");
        String requestId = "req-" + UUID.randomUUID();

        given().cookie(SESSION, session).header("x-request-id", requestId).contentType("application/json").body("{}")
                .post(transactions())
                .then().statusCode(403).body("code", equalTo("CSRF_TOKEN_INVALID"));
        given().cookie(SESSION, session).cookie(CSRF, "forged").header("X-CSRF-Token", "forged")
                .header("x-request-id", requestId).contentType("application/json").body("{}")
                .post(transactions())
                .then().statusCode(403).body("code", equalTo("CSRF_TOKEN_INVALID"));
        String otherSessionsCsrf = login().path("csrf_token");
        given().cookie(SESSION, session).header("X-CSRF-Token", otherSessionsCsrf)
                .header("x-request-id", requestId).contentType("application/json").body("{}")
                .post(transactions())
                .then().statusCode(403).body("code", equalTo("CSRF_TOKEN_INVALID"));
        given().cookie(SESSION, session).header("X-CSRF-Token", csrf).header("Origin", "https://attacker.example")
                .header("x-request-id", requestId).contentType("application/json").body("{}")
                .post(transactions())
                .then().statusCode(403).body("code", equalTo("ORIGIN_NOT_ALLOWED"));
        assertThat("nothing refused reached the command service", Recorded.byRequestId(commandUrl, requestId), empty());

        String accepted = "req-" + UUID.randomUUID();
        given().cookie(SESSION, session).header("X-CSRF-Token", csrf).header("x-request-id", accepted)
                .contentType("application/json").body("{}")
                .post(transactions())
                .then().statusCode(201);
        assertThat(Recorded.byRequestId(commandUrl, accepted), hasSize(1));
    }

    @Test
    void aSessionIsResolvedAtIamOnceForSeveralRequestsAndAnEndedOneStopsWithinFiveSeconds() {
        String session = cookieValue(login(), SESSION);
        for (int i = 0; i < 3; i++) {
            given().cookie(SESSION, session).get("/v1/ledgers/" + Fakes.API_KEY_LEDGER + "/accounts").then().statusCode(200);
        }
        assertEquals(1, exchangesOf(session));

        // ended at IAM by another replica: this one notices once its cache entry (5 s at most) is gone
        given().header("X-Session-Token", session).delete(iamUrl + "/v1/sessions/current").then().statusCode(204);
        long ended = System.nanoTime();
        await().atMost(Duration.ofSeconds(7)).pollInterval(Duration.ofMillis(250)).until(() -> given()
                .cookie(SESSION, session).get("/v1/ledgers/" + Fakes.API_KEY_LEDGER + "/accounts").statusCode() == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - ended).toMillis() <= 5_500, equalTo(true));
    }

    @Test
    void logoutClearsTheCookiesAndTheSessionIsUselessAtOnce() {
        Response login = login();
        String session = cookieValue(login, SESSION);
        String csrf = login.path("csrf_token");
        given().cookie(SESSION, session).get("/v1/ledgers/" + Fakes.API_KEY_LEDGER + "/accounts").then().statusCode(200);

        given().cookie(SESSION, session).delete("/v1/sessions/current")
                .then().statusCode(403).body("code", equalTo("CSRF_TOKEN_INVALID"));
        Response logout = given().cookie(SESSION, session).header("X-CSRF-Token", csrf).delete("/v1/sessions/current");
        logout.then().statusCode(204);
        assertThat(logout.headers().getValues("Set-Cookie"), hasItem(startsWith(SESSION + "=; Path=/; Max-Age=0")));
        assertThat(logout.headers().getValues("Set-Cookie"), hasItem(startsWith(CSRF + "=; Path=/; Max-Age=0")));

        given().cookie(SESSION, session).get("/v1/ledgers/" + Fakes.API_KEY_LEDGER + "/accounts")
                .then().statusCode(401);
        given().cookie(SESSION, session).get("/v1/sessions/current").then().statusCode(401);
    }

    @Test
    void theConsoleReadsWhoItsSessionIs() {
        String session = cookieValue(login(), SESSION);
        Response current = given().cookie(SESSION, session).get("/v1/sessions/current");
        current.then().statusCode(200).body("user.id", equalTo(Fakes.PERSON));
        assertThat(current.asString(), not(containsString("eyJ")));
        given().get("/v1/sessions/current").then().statusCode(401);
    }

    @Test
    void bearerCallsNeedNoCsrfTokenAndSignUpIsRelayed() {
        given().contentType("application/json").body("{}").post("/v1/signup").then().statusCode(201);
        given().contentType("application/json").header("Origin", "https://attacker.example").body("{}")
                .post("/v1/signup").then().statusCode(403).body("code", equalTo("ORIGIN_NOT_ALLOWED"));
        given().contentType("application/json").body("{}").get("/internal/session-tokens").then().statusCode(404);
    }

    @Test
    void aSignedInPersonAcceptsAnInvitationWithTheSessionAndTheCsrfToken() {
        Response login = login();
        String session = cookieValue(login, SESSION);
        String accept = "/v1/invitations/" + "k".repeat(43) + "/accept";

        given().contentType("application/json").body("{\"password\":\"x\"}").post(accept)
                .then().statusCode(200).body("signed_in", equalTo(false));
        given().cookie(SESSION, session).contentType("application/json").body("{}").post(accept)
                .then().statusCode(403).body("code", equalTo("CSRF_TOKEN_INVALID"));
        given().cookie(SESSION, session).header("X-CSRF-Token", (String) login.path("csrf_token"))
                .contentType("application/json").body("{}").post(accept)
                .then().statusCode(200).body("signed_in", equalTo(true));
    }

    private int exchangesOf(String session) {
        return (int) Recorded.all(iamUrl).stream()
                .filter(r -> r.path().equals("/internal/session-tokens") && r.body().contains(session))
                .count();
    }

    @Test
    void aSwitchOfOrganisationNeedsTheCsrfTokenAndReplacesTheCookiesWithTheNewSessions() {
        Response login = login();
        String session = cookieValue(login, SESSION);
        String csrf = login.path("csrf_token");
        given().cookie(SESSION, session).get("/v1/ledgers/" + Fakes.API_KEY_LEDGER + "/accounts").then().statusCode(200);
        given().cookie(SESSION, session).get("/v1/sessions/current/organizations")
                .then().statusCode(200).body("data[0].id", equalTo(Fakes.SECOND_ORG));
        given().get("/v1/sessions/current/organizations").then().statusCode(401);
        String body = "{\"organization_id\":\"" + Fakes.SECOND_ORG + "\"}";

        given().cookie(SESSION, session).contentType("application/json").body(body)
                .post("/v1/sessions/current/organization")
                .then().statusCode(403).body("code", equalTo("CSRF_TOKEN_INVALID"));
        given().cookie(SESSION, session).header("X-CSRF-Token", csrf).header("Origin", "https://attacker.example")
                .contentType("application/json").body(body).post("/v1/sessions/current/organization")
                .then().statusCode(403).body("code", equalTo("ORIGIN_NOT_ALLOWED"));
        given().cookie(SESSION, session).header("X-CSRF-Token", csrf).contentType("application/json")
                .body("{\"organization_id\":\"" + UUID.randomUUID() + "\"}").post("/v1/sessions/current/organization")
                .then().statusCode(403).header("Set-Cookie", org.hamcrest.Matchers.nullValue())
                .body("code", equalTo("NOT_A_MEMBER"));
        given().cookie(SESSION, session).get("/v1/ledgers/" + Fakes.API_KEY_LEDGER + "/accounts").then().statusCode(200);

        Response switched = given().cookie(SESSION, session).header("X-CSRF-Token", csrf).contentType("application/json")
                .body(body).post("/v1/sessions/current/organization");
        switched.then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("$", not(hasKey("session_token")))
                .body("csrf_token", notNullValue());
        String fresh = cookieValue(switched, SESSION);
        assertThat(cookieHeader(switched, SESSION), containsString("; HttpOnly"));
        assertThat(fresh, not(equalTo(session)));
        assertEquals(switched.path("csrf_token"), cookieValue(switched, CSRF));
        assertThat(switched.asString(), not(containsString("eyJ")));

        // the old session is forgotten at once, not after the cache's 5 s
        given().cookie(SESSION, session).get("/v1/ledgers/" + Fakes.API_KEY_LEDGER + "/accounts").then().statusCode(401);
        given().cookie(SESSION, fresh).get("/v1/ledgers/" + Fakes.API_KEY_LEDGER + "/accounts").then().statusCode(200);
    }
}
