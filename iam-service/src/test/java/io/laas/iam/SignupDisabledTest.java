package io.laas.iam;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** With sign-up switched off (the production default), nobody signs up and nothing is written. */
@QuarkusTest
@TestProfile(SignupDisabledTest.Closed.class)
class SignupDisabledTest {

    public static class Closed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("laas.iam.signup.enabled", "false");
        }
    }

    @Inject
    Pool pool;

    @Test
    void signUpIsRefusedWhenClosed() {
        String email = People.uniqueEmail("closed");
        People.signup(email, People.PASSWORD, "Closed Org")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("SIGNUP_DISABLED"));

        assertEquals(0L, pool.preparedQuery("SELECT count(*) AS n FROM users WHERE lower(email) = lower($1)")
                .execute(Tuple.of(email)).await().indefinitely().iterator().next().getLong("n"));
    }
}
