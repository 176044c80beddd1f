package io.laas.iam;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class SignupTest {

    @Inject
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void signUpCreatesThePersonTheirOrganisationAndTheirOwnership() {
        String email = People.uniqueEmail("founder");
        var body = People.signup(email, People.PASSWORD, "  Acme Books  ")
                .then().statusCode(201)
                .body("user.email", equalTo(email))
                .body("organization.name", equalTo("Acme Books"))
                .body("role", equalTo("owner"))
                .extract();
        UUID userId = UUID.fromString(body.path("user.id"));
        UUID orgId = UUID.fromString(body.path("organization.id"));

        Row user = row("SELECT email, password_hash FROM users WHERE id = $1", userId);
        assertEquals(email, user.getString("email"));
        assertTrue(user.getString("password_hash").startsWith("$argon2id$v=19$"), user.getString("password_hash"));
        assertEquals("Acme Books", row("SELECT name FROM organizations WHERE id = $1", orgId).getString("name"));
        Row membership = row("SELECT role FROM org_users WHERE organization_id = $1 AND user_id = $2", orgId, userId);
        assertEquals("owner", membership.getString("role"));
    }

    @Test
    void anEmailIsTakenWhateverItsCaseAndNothingIsWritten() {
        String email = People.uniqueEmail("twice");
        People.newOwner(email);
        long organizations = count("SELECT count(*) AS n FROM organizations");

        People.signup(email.toUpperCase(), People.PASSWORD, "Second")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("EMAIL_TAKEN"));

        assertEquals(1L, count("SELECT count(*) AS n FROM users WHERE lower(email) = lower($1)", email));
        assertEquals(organizations, count("SELECT count(*) AS n FROM organizations"));
    }

    @Test
    void weakPasswordsAreRefusedWithTheReasonAndNothingIsWritten() {
        String email = People.uniqueEmail("weak");
        for (String[] weak : new String[][] { { "short pass", "at least 12" }, { email, "email" },
                { "password1234", "common" } }) {
            People.signup(email, weak[0], "Weak")
                    .then().statusCode(400)
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors.field", hasItem("password"))
                    .body("errors[0].message", org.hamcrest.Matchers.containsString(weak[1]));
        }
        assertEquals(0L, count("SELECT count(*) AS n FROM users WHERE lower(email) = lower($1)", email));
    }

    @Test
    void aMalformedEmailOrMissingOrganisationIsRefused() {
        People.signup("not-an-email", People.PASSWORD, "Org")
                .then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("email"));
        People.from(People.newSource()).body("{\"email\":\"" + People.uniqueEmail("x") + "\",\"password\":\""
                + People.PASSWORD + "\"}").post("/v1/signup")
                .then().statusCode(400)
                .body("errors.field", hasItem("organization_name"));
    }

    private long count(String sql, Object... params) {
        return row(sql, params).getLong("n");
    }

    private Row row(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().iterator().next();
    }
}
