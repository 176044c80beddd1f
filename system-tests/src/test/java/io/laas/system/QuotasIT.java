package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Quotas and rate limits through the gateway: the operator overrides the Test Org's quotas, a creation over a
 * count is refused, the organisation's next tokens carry the lowered rate and the gateway enforces it with its
 * header fields; repeated failed client authentications are refused without asking IAM.
 */
class QuotasIT {

    private static final UUID PROJECT = UUID.fromString("00000000-0000-0000-0000-000000000004");

    @BeforeAll
    static void stack() {
        RunningStack.get();
    }

    private static String ops() {
        return RunningStack.token("ops-client", "ops-secret", null);
    }

    private static String admin() {
        return RunningStack.token("test-admin", "test-admin-secret", null);
    }

    private static JsonPath claims(String jwt) {
        return new JsonPath(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    @Test
    void theOperatorsOverridesBoundCreationsAndTheOrganisationsRate() {
        String org = claims(admin()).getString("org_id");
        String quotas = "/v1/ops/organizations/" + org + "/quotas";
        given().auth().oauth2(admin()).get(quotas).then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        int ledgers = given().auth().oauth2(ops()).get(quotas).then().statusCode(200)
                .body("limits.ledgers", equalTo(100))
                .extract().path("usage.ledgers");
        try {
            given().auth().oauth2(ops()).contentType(ContentType.JSON).body(Map.of("ledgers", ledgers))
                    .put(quotas).then().statusCode(200).body("limits.ledgers", equalTo(ledgers));

            given().auth().oauth2(admin()).contentType(ContentType.JSON)
                    .body(Map.of("code", LedgerApi.newCode("over"), "name", "Over", "currency", "EUR"))
                    .post("/v1/projects/{project}/ledgers", PROJECT)
                    .then().statusCode(409)
                    .body("code", equalTo("QUOTA_EXCEEDED"))
                    .body("quota", equalTo("ledgers"))
                    .body("limit", equalTo(ledgers))
                    .body("current", equalTo(ledgers));
            given().auth().oauth2(ops()).get(quotas).then().statusCode(200).body("usage.ledgers", equalTo(ledgers));

            given().auth().oauth2(ops()).contentType(ContentType.JSON)
                    .body(Map.of("ledgers", ledgers, "requests_per_second", 0.2, "burst", 3))
                    .put(quotas).then().statusCode(200).body("overrides.burst", equalTo(3));

            // the next token carries the organisation's rate; the organisation's bucket (3, then one per 5 s)
            // is shared by its credentials
            String limited = admin();
            assertEquals(3, claims(limited).getInt("limits.burst"));
            for (int i = 0; i < 3; i++) {
                given().auth().oauth2(limited).get("/v1/projects").then().statusCode(200)
                        .header("RateLimit-Policy", containsString("\"organization\";q=3;w=15"))
                        .header("RateLimit", containsString("\"organization\";r=" + (2 - i) + ";"));
            }
            given().auth().oauth2(admin()).get("/v1/projects").then().statusCode(429)
                    .contentType("application/problem+json")
                    .body("code", equalTo("RATE_LIMITED"))
                    .header("Retry-After", notNullValue())
                    .header("RateLimit", containsString("\"organization\";r=0;"));
        } finally {
            given().auth().oauth2(ops()).delete(quotas).then().statusCode(204);
        }
        String unlimited = admin();
        assertNull(claims(unlimited).get("limits"));
        given().auth().oauth2(unlimited).get("/v1/projects").then().statusCode(200)
                .header("RateLimit-Policy", containsString("\"organization\";q=6000;"));
    }

    @Test
    void aClientIdThatKeepsFailingIsRefusedAtTheGateway() {
        String clientId = "guess-" + UUID.randomUUID();
        for (int i = 0; i < 10; i++) {
            given().auth().preemptive().basic(clientId, "wrong-" + i).contentType("application/x-www-form-urlencoded")
                    .formParam("grant_type", "client_credentials").post("/oauth/token")
                    .then().statusCode(401).body("error", equalTo("invalid_client"));
        }
        given().auth().preemptive().basic(clientId, "wrong-again").contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials").post("/oauth/token")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("RATE_LIMITED"))
                .header("Retry-After", notNullValue());
    }
}
