package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class SessionTest {

    @Inject
    Pool pool;
    @ConfigProperty(name = "laas.issuer")
    String issuer;
    @ConfigProperty(name = "laas.audience")
    String audience;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void loginOpensASessionStoredOnlyAsAHashOfItsToken() throws Exception {
        String email = People.uniqueEmail("login");
        UUID[] owner = People.newOwner(email);

        var response = People.login(email.toLowerCase(), People.PASSWORD, People.newSource());
        response.then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("user.id", equalTo(owner[0].toString()))
                .body("organization.id", equalTo(owner[1].toString()))
                .body("role", equalTo("owner"))
                .body("expires_at", notNullValue())
                .body("$", not(hasKey("access_token")));
        String token = response.path("session_token");

        String hash = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        Row session = row("SELECT user_id, organization_id, revoked_at FROM sessions WHERE id = $1", hash);
        assertEquals(owner[0], session.getUUID("user_id"));
        assertEquals(owner[1], session.getUUID("organization_id"));
        assertNull(session.getOffsetDateTime("revoked_at"));
        assertEquals(0L, row("SELECT count(*) AS n FROM sessions WHERE id = $1", token).getLong("n"));
    }

    @Test
    void aSessionIsExchangedForAnAccessTokenOfThePersonWithTheScopesOfTheirRole() throws Exception {
        String email = People.uniqueEmail("exchange");
        UUID[] owner = People.newOwner(email);
        String adminToken = People.accessToken(People.session(email, People.PASSWORD));
        String projectId = given().auth().oauth2(adminToken).contentType("application/json")
                .body("{\"code\":\"p1\",\"name\":\"P1\"}").post("/v1/projects")
                .then().statusCode(201).extract().path("id");
        String ledgerId = given().auth().oauth2(adminToken).contentType("application/json")
                .body("{\"code\":\"books\",\"name\":\"Books\",\"currency\":\"EUR\"}")
                .post("/v1/projects/" + projectId + "/ledgers")
                .then().statusCode(201).extract().path("id");

        var exchanged = People.exchange(People.session(email, People.PASSWORD));
        exchanged.then().statusCode(200).header("Cache-Control", "no-store").body("role", equalTo("owner"));
        JwtClaims claims = Tokens.verify(exchanged.path("access_token"), issuer, audience);

        assertEquals(owner[0].toString(), claims.getSubject());
        assertEquals(owner[1].toString(), claims.getStringClaimValue("org_id"));
        assertEquals(List.of("ledger:read", "ledger:write", "webhooks:read", "webhooks:write", "iam:admin"),
                List.of(claims.getStringClaimValue("scope").split(" ")));
        assertEquals(List.of(ledgerId), claims.getStringListClaimValue("ledgers"));
        assertTrue(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue() <= 600);
    }

    @Test
    void aWrongPasswordAnUnknownAddressAndAnEmptyBodyAreRefusedAlike() {
        String email = People.uniqueEmail("wrong");
        People.newOwner(email);
        String source = People.newSource();

        for (String[] attempt : new String[][] { { email, "not the password" }, { People.uniqueEmail("nobody"), People.PASSWORD } }) {
            People.login(attempt[0], attempt[1], source)
                    .then().statusCode(401)
                    .contentType("application/problem+json")
                    .body("code", equalTo("INVALID_CREDENTIALS"))
                    .body("detail", equalTo("The email or the password is wrong."));
        }
        People.from(source).body("{}").post("/v1/sessions").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        assertEquals(1, row("SELECT failed_logins FROM users WHERE lower(email) = lower($1)", email).getInteger("failed_logins"));
    }

    @Test
    void fiveFailuresLockTheAccountAndTheRightPasswordIsThenRefusedAlike() {
        String email = People.uniqueEmail("locked");
        People.newOwner(email);

        for (int i = 0; i < 5; i++) {
            People.login(email, "wrong password " + i, People.newSource()).then().statusCode(401);
        }
        Row user = row("SELECT failed_logins, locked_until FROM users WHERE lower(email) = lower($1)", email);
        assertNotNull(user.getOffsetDateTime("locked_until"));
        assertTrue(user.getOffsetDateTime("locked_until").isAfter(java.time.OffsetDateTime.now().plusMinutes(14)));

        People.login(email, People.PASSWORD, People.newSource())
                .then().statusCode(401)
                .body("code", equalTo("INVALID_CREDENTIALS"));
        assertEquals(0L, row("SELECT count(*) AS n FROM sessions s JOIN users u ON u.id = s.user_id "
                + "WHERE lower(u.email) = lower($1)", email).getLong("n"));

        // the lock ends: the right password works again and the count starts afresh
        exec("UPDATE users SET locked_until = NOW() - interval '1 second' WHERE lower(email) = lower($1)", email);
        People.login(email, People.PASSWORD, People.newSource()).then().statusCode(201);
        user = row("SELECT failed_logins, locked_until FROM users WHERE lower(email) = lower($1)", email);
        assertEquals(0, user.getInteger("failed_logins"));
        assertNull(user.getOffsetDateTime("locked_until"));
    }

    @Test
    void tooManyFailuresFromOneAddressAreThrottledWithRetryAfter() {
        String email = People.uniqueEmail("throttled");
        People.newOwner(email);
        String source = People.newSource();

        for (int i = 0; i < 20; i++) {
            People.login(People.uniqueEmail("guess"), "guess " + i + " password", source).then().statusCode(401);
        }
        var throttled = People.login(email, People.PASSWORD, source);
        throttled.then().statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("LOGIN_THROTTLED"));
        assertTrue(Long.parseLong(throttled.header("Retry-After")) > 0);
        assertEquals(0L, row("SELECT count(*) AS n FROM sessions s JOIN users u ON u.id = s.user_id "
                + "WHERE lower(u.email) = lower($1)", email).getLong("n"));

        People.login(email, People.PASSWORD, People.newSource()).then().statusCode(201);
    }

    @Test
    void aLegacyPbkdf2PasswordStillSignsInAndIsRehashedWithArgon2id() throws Exception {
        String email = People.uniqueEmail("legacy");
        UUID[] owner = People.newOwner(email);
        byte[] salt = "legacy-salt-0001".getBytes(StandardCharsets.UTF_8);
        byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec("an old password".toCharArray(), salt, 1000, 256)).getEncoded();
        exec("UPDATE users SET password_hash = $2 WHERE id = $1", owner[0], "pbkdf2-sha256$1000$"
                + Base64.getEncoder().encodeToString(salt) + "$" + Base64.getEncoder().encodeToString(derived));

        People.login(email, "an old password", People.newSource()).then().statusCode(201);

        String rehashed = row("SELECT password_hash FROM users WHERE id = $1", owner[0]).getString("password_hash");
        assertTrue(rehashed.startsWith("$argon2id$v=19$"), rehashed);
        People.login(email, "an old password", People.newSource()).then().statusCode(201);
    }

    @Test
    void logoutEndsTheSessionOnly() {
        String email = People.uniqueEmail("logout");
        People.newOwner(email);
        String first = People.session(email, People.PASSWORD);
        String second = People.session(email, People.PASSWORD);

        given().header("X-Session-Token", first).get("/v1/sessions/current").then().statusCode(200)
                .body("user.email", equalTo(email))
                .body("role", equalTo("owner"))
                .body("scopes", org.hamcrest.Matchers.hasItem("iam:admin"));
        given().header("X-Session-Token", first).delete("/v1/sessions/current").then().statusCode(204);
        given().header("X-Session-Token", first).get("/v1/sessions/current").then().statusCode(401)
                .body("code", equalTo("SESSION_INVALID"));

        People.exchange(first).then().statusCode(401).body("code", equalTo("SESSION_INVALID"));
        People.exchange(second).then().statusCode(200);
        given().delete("/v1/sessions/current").then().statusCode(401).body("code", equalTo("SESSION_INVALID"));
    }

    @Test
    void logoutEverywhereEndsEverySessionAndAnnouncesTheRevocationOfThePerson() {
        String email = People.uniqueEmail("everywhere");
        UUID[] owner = People.newOwner(email);
        String first = People.session(email, People.PASSWORD);
        String second = People.session(email, People.PASSWORD);

        given().header("X-Session-Token", second).delete("/v1/sessions").then().statusCode(204);

        People.exchange(first).then().statusCode(401);
        People.exchange(second).then().statusCode(401);
        assertEquals(0L, row("SELECT count(*) AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL", owner[0])
                .getLong("n"));
        List<ConsumerRecord<String, String>> records = RegistryTopic.recordsWithKey("outbox.event.credentials",
                owner[0].toString(), Duration.ofSeconds(30), Duration.ofSeconds(1));
        assertEquals(1, records.size());
        assertEquals("credential.revoked", RegistryTopic.header(records.get(0), "eventType"));
        JsonObject payload = new JsonObject(records.get(0).value());
        assertEquals(owner[0].toString(), payload.getString("subject"));
        assertEquals("logout_everywhere", payload.getString("reason"));
    }

    @Test
    void anExpiredOrIdleSessionIsRefused() {
        String email = People.uniqueEmail("idle");
        UUID[] owner = People.newOwner(email);
        String idle = People.session(email, People.PASSWORD);
        exec("UPDATE sessions SET idle_expires_at = NOW() - interval '1 second' WHERE user_id = $1", owner[0]);
        People.exchange(idle).then().statusCode(401).body("code", equalTo("SESSION_INVALID"));

        String old = People.session(email, People.PASSWORD);
        exec("UPDATE sessions SET expires_at = NOW() - interval '1 second', idle_expires_at = NOW() - interval '1 second' "
                + "WHERE user_id = $1 AND revoked_at IS NULL", owner[0]);
        People.exchange(old).then().statusCode(401);
        People.exchange("not-a-session").then().statusCode(401).body("code", equalTo("SESSION_INVALID"));
    }

    @Test
    void aPersonSignsInToTheOrganisationTheyNameAndOnlyIfTheyAreAMember() {
        String email = People.uniqueEmail("member");
        People.newOwner(email);
        People.from(People.newSource()).body("{\"email\":\"" + email + "\",\"password\":\"" + People.PASSWORD
                + "\",\"organization_id\":\"" + Demo.ORG + "\"}").post("/v1/sessions")
                .then().statusCode(403).body("code", equalTo("NOT_A_MEMBER"));
    }

    private void exec(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }

    private Row row(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().iterator().next();
    }
}
